//! Pages of issue 19: a post's versions (with their diffs and the revert buttons), the
//! diff of one version, the edit-conflict page, and a sub-community's wiki requests.
//! Every piece of text is escaped by maud; diffs mark changed words with `<ins>`/`<del>`.

use maud::{html, Markup};

use crate::db::models::communities::Community;
use crate::db::models::posts::Post;
use crate::db::models::topics::Topic;
use crate::error::FieldErrors;
use crate::forums::editing::EditConflict;
use crate::forums::wiki::diff::{DiffLine, LineKind};
use crate::forums::wiki::history::Version;
use crate::forums::wiki::PendingRequest;
use crate::views::components::{csrf_field, empty_state, error_summary, Field};
use crate::views::{layout, Page};

fn by_name(v: &Version) -> &str {
    v.by.as_ref()
        .map(|u| u.username.as_str())
        .unwrap_or("a former member")
}

/// A diff as a list of lines: removed lines `-`, added `+`, changed words marked.
pub fn diff_block(lines: &[DiffLine]) -> Markup {
    html! {
        @if lines.iter().all(|l| l.kind == LineKind::Same) {
            p.muted { "No changes to the text." }
        } @else {
            pre.diff {
                @for l in lines {
                    @match l.kind {
                        LineKind::Same => { span.diff-same { "  " @for (_, s) in &l.pieces { (s) } } "\n" }
                        LineKind::Removed => { del.diff-removed { "- " @for (m, s) in &l.pieces { @if *m { mark { (s) } } @else { (s) } } } "\n" }
                        LineKind::Added => { ins.diff-added { "+ " @for (m, s) in &l.pieces { @if *m { mark { (s) } } @else { (s) } } } "\n" }
                    }
                }
            }
        }
    }
}

/// What the history page offers the viewer.
pub struct HistoryPerms {
    pub revert: bool,
}

/// Every version of a post, oldest first, each with who wrote it, a link to its changes
/// and, for the older ones, a revert button for those who may edit the post.
pub fn history(
    page: &Page,
    post: &Post,
    topic: &Topic,
    versions: &[Version],
    perms: &HistoryPerms,
) -> Markup {
    let current = post.revision_count;
    layout(
        page,
        "Edit history",
        html! {
            p { a href=(topic.path()) { "← " (topic.title) } }
            h1 { "Edit history" }
            @if topic.wiki && post.is_opening() { p { span.badge.wiki { "Wiki" } " Anyone who may edit this wiki may restore an older version; nothing is ever lost." } }
            @if versions.len() <= 1 { (empty_state("Never edited", html! {})) }
            ol.revisions start="0" {
                @for v in versions {
                    li.card id={ "v" (v.number) } {
                        p.muted {
                            @if v.number == current { strong { "Current version" } " · " } @else { "Version " (v.number) " · " }
                            @if v.number == 0 { "written by " } @else { "edited by " }
                            (by_name(v)) " on " time datetime=(v.at.rfc3339()) { (v.at.rfc3339()) }
                            @if v.number > 0 { " · " a href={ "/p/" (post.id) "/diff/" (v.number) } { "Show changes" } }
                        }
                        @if let Some(t) = &v.title { p { strong { (t) } } }
                        pre.revision { (v.body) }
                        @if perms.revert && v.number < current {
                            form method="post" action={ "/p/" (post.id) "/revert" } {
                                (csrf_field(&page.csrf))
                                input type="hidden" name="version" value=(v.number);
                                input type="hidden" name="base_revision" value=(current);
                                button.button.small type="submit" { "Restore this version" }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// The changes one version made to the one before it.
pub fn version_diff(
    page: &Page,
    post: &Post,
    topic: &Topic,
    (previous, this): (Option<&Version>, &Version),
    lines: &[DiffLine],
) -> Markup {
    layout(
        page,
        "Changes",
        html! {
            p { a href={ "/p/" (post.id) "/history" } { "← Edit history" } }
            h1 { "Changes in version " (this.number) }
            p.muted { "By " (by_name(this)) " on " time datetime=(this.at.rfc3339()) { (this.at.rfc3339()) } }
            @if let (Some(before), Some(after)) = (previous.and_then(|p| p.title.as_ref()), this.title.as_ref()) {
                @if before != after { p { "Title: " del { (before) } " → " ins { (after) } } }
            }
            (diff_block(lines))
            p { a href=(topic.path()) { "Back to the topic" } }
        },
    )
}

/// The edit page again after a refused save: what the other person changed, and the
/// editor's own text kept in the form, now based on the current version so that saving
/// again is a deliberate choice.
pub fn edit_conflict(
    page: &Page,
    post: &Post,
    topic: &Topic,
    conflict: &EditConflict,
    (title, body): (&str, &str),
    (theirs, mine): (&[DiffLine], &[DiffLine]),
) -> Markup {
    let errors = FieldErrors::new();
    layout(
        page,
        "Edit conflict",
        html! {
            p { a href=(topic.path()) { "← " (topic.title) } }
            h1 { "Someone else saved this post while you were editing" }
            div.notice role="alert" {
                p { "Your changes were not saved, and nothing was overwritten. Your text is still in the form below: compare it with the current version, merge what you want to keep, and save again." }
            }
            section.card {
                h2 { "Their changes" }
                @if conflict.base_body.is_some() { (diff_block(theirs)) } @else { p.muted { "The version you started from is not known." } }
                h2 { "The current version" }
                @if post.is_opening() { p { strong { (conflict.title) } } }
                pre.revision { (conflict.body) }
                h2 { "Your text compared with the current version" }
                (diff_block(mine))
            }
            section.card {
                h2 { "Your text" }
                (error_summary(&errors))
                form method="post" action={ "/p/" (post.id) "/edit" } {
                    (csrf_field(&page.csrf))
                    input type="hidden" name="base_revision" value=(conflict.revision);
                    @if post.is_opening() { (Field::new("title", "Title").value(title).required().render(&errors)) }
                    (Field::new("body", "Text").kind("textarea").value(body).required().render(&errors))
                    button.button.primary type="submit" { "Save my version" }
                }
            }
        },
    )
}

/// A sub-community's open wiki requests, for its moderators.
pub fn requests(page: &Page, c: &Community, pending: &[PendingRequest]) -> Markup {
    layout(
        page,
        "Wiki requests",
        html! {
            p { a href={ "/c/" (c.slug) } { "← " (c.name) } }
            h1 { "Wiki requests in " (c.name) }
            @if pending.is_empty() { (empty_state("No open requests", html! {})) }
            ul.requests {
                @for r in pending {
                    li.card {
                        p { a href=(r.topic.path()) { (r.topic.title) } }
                        p.muted { "Asked by " (r.requested_by.as_ref().map(|u| u.username.as_str()).unwrap_or("a former member"))
                            " on " time datetime=(r.created_at.rfc3339()) { (r.created_at.rfc3339()) } }
                        form.inline method="post" action={ "/t/" (r.topic.id) "/wiki" } {
                            (csrf_field(&page.csrf))
                            input type="hidden" name="on" value="true";
                            button.button.small.primary type="submit" { "Make it a wiki" }
                        }
                        " "
                        form.inline method="post" action={ "/t/" (r.topic.id) "/wiki/decline" } {
                            (csrf_field(&page.csrf))
                            button.button.small type="submit" { "Decline" }
                        }
                    }
                }
            }
        },
    )
}

/// The topic page's wiki controls: staff turn the wiki on or off; the author asks.
pub fn topic_controls(page: &Page, t: &Topic, make: bool, request: bool) -> Markup {
    html! {
        @if make || request {
            section.card.staff-tools {
                h2 { "Wiki" }
                @if make {
                    form.inline method="post" action={ "/t/" (t.id) "/wiki" } {
                        (csrf_field(&page.csrf))
                        input type="hidden" name="on" value=(if t.wiki { "false" } else { "true" });
                        button.button.small type="submit" { @if t.wiki { "Stop being a wiki" } @else { "Make this a wiki" } }
                    }
                } @else if request {
                    p.muted { "A wiki can be improved by experienced members and employees. A moderator decides." }
                    form.inline method="post" action={ "/t/" (t.id) "/wiki/request" } {
                        (csrf_field(&page.csrf))
                        button.button.small type="submit" { "Ask to make this a wiki" }
                    }
                }
            }
        }
    }
}
