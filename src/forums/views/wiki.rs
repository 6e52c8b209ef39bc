//! Pages of issue 19: a post's versions (with their diffs and the revert buttons), the
//! diff of one version, the edit-conflict page, and a sub-community's wiki requests.
//! Every piece of text is escaped by maud; diffs mark changed words with `<ins>`/`<del>`.

use maud::{html, Markup};

use crate::db::models::communities::Community;
use crate::db::models::posts::Post;
use crate::db::models::topics::Topic;
use crate::error::FieldErrors;
use crate::forums::editing::EditConflict;
use crate::forums::views::content_lang;
use crate::forums::wiki::diff::{DiffLine, LineKind};
use crate::forums::wiki::history::Version;
use crate::forums::wiki::PendingRequest;
use crate::i18n::{format, Lang};
use crate::views::components::{csrf_field, empty_state, error_summary, Field};
use crate::views::{layout, Page};

fn by_name(lang: Lang, v: &Version) -> String {
    v.by.as_ref()
        .map(|u| u.username.clone())
        .unwrap_or_else(|| lang.t("forum-former-member"))
}

/// A diff as a list of lines: removed lines `-`, added `+`, changed words marked.
pub fn diff_block(lang: Lang, lines: &[DiffLine]) -> Markup {
    html! {
        @if lines.iter().all(|l| l.kind == LineKind::Same) {
            p.muted { (lang.t("forum-diff-none")) }
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
    let lang = page.lang;
    let written_in = content_lang(lang, topic.language);
    layout(
        page,
        &page.t("forum-history-title"),
        html! {
            p { a href=(topic.path()) lang=[written_in] { "← " (topic.title) } }
            h1 { (page.t("forum-history-title")) }
            @if topic.wiki && post.is_opening() { p { span.badge.wiki { (page.t("forum-badge-wiki")) } " " (page.t("forum-history-wiki-note")) } }
            @if versions.len() <= 1 { (empty_state(&page.t("forum-history-never-edited"), html! {})) }
            ol.revisions start="0" {
                @for v in versions {
                    li.card id={ "v" (v.number) } {
                        p.muted {
                            @if v.number == current { strong { (page.t("forum-history-current")) } " · " } @else { (crate::t!(lang, "forum-history-version", number = v.number)) " · " }
                            (crate::t!(lang, if v.number == 0 { "forum-history-written-by" } else { "forum-history-edited-by" }, name = by_name(lang, v)))
                            " · " time datetime=(v.at.rfc3339()) { (format::date_time(lang, v.at)) }
                            @if v.number > 0 { " · " a href={ "/p/" (post.id) "/diff/" (v.number) } { (page.t("forum-history-show-changes")) } }
                        }
                        @if let Some(t) = &v.title { p lang=[written_in] { strong { (t) } } }
                        pre.revision lang=[written_in] { (v.body) }
                        @if perms.revert && v.number < current {
                            form method="post" action={ "/p/" (post.id) "/revert" } {
                                (csrf_field(&page.csrf))
                                input type="hidden" name="version" value=(v.number);
                                input type="hidden" name="base_revision" value=(current);
                                button.button.small type="submit" { (page.t("forum-history-restore")) }
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
    let lang = page.lang;
    let written_in = content_lang(lang, topic.language);
    layout(
        page,
        &page.t("forum-diff-title"),
        html! {
            p { a href={ "/p/" (post.id) "/history" } { "← " (page.t("forum-history-title")) } }
            h1 { (crate::t!(lang, "forum-diff-heading", number = this.number)) }
            p.muted { (crate::t!(lang, "forum-diff-by", name = by_name(lang, this))) " · " time datetime=(this.at.rfc3339()) { (format::date_time(lang, this.at)) } }
            @if let (Some(before), Some(after)) = (previous.and_then(|p| p.title.as_ref()), this.title.as_ref()) {
                @if before != after { p { (page.t("forum-diff-title-label")) " " del lang=[written_in] { (before) } " → " ins lang=[written_in] { (after) } } }
            }
            div lang=[written_in] { (diff_block(lang, lines)) }
            p { a href=(topic.path()) { (page.t("forum-back-to-topic")) } }
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
    let lang = page.lang;
    let written_in = content_lang(lang, topic.language);
    layout(
        page,
        &page.t("forum-conflict-title"),
        html! {
            p { a href=(topic.path()) lang=[written_in] { "← " (topic.title) } }
            h1 { (page.t("forum-conflict-heading")) }
            div.notice role="alert" {
                p { (page.t("forum-conflict-notice")) }
            }
            section.card {
                h2 { (page.t("forum-conflict-theirs")) }
                @if conflict.base_body.is_some() { div lang=[written_in] { (diff_block(lang, theirs)) } } @else { p.muted { (page.t("forum-conflict-base-unknown")) } }
                h2 { (page.t("forum-conflict-current")) }
                @if post.is_opening() { p lang=[written_in] { strong { (conflict.title) } } }
                pre.revision lang=[written_in] { (conflict.body) }
                h2 { (page.t("forum-conflict-mine-compared")) }
                div lang=[written_in] { (diff_block(lang, mine)) }
            }
            section.card {
                h2 { (page.t("forum-conflict-mine")) }
                (error_summary(&errors))
                form method="post" action={ "/p/" (post.id) "/edit" } {
                    (csrf_field(&page.csrf))
                    input type="hidden" name="base_revision" value=(conflict.revision);
                    @if post.is_opening() { (Field::new("title", &page.t("forum-composer-title")).value(title).required().render(&errors)) }
                    (Field::new("body", &page.t("forum-edit-body")).kind("textarea").value(body).required().render(&errors))
                    button.button.primary type="submit" { (page.t("forum-conflict-save")) }
                }
            }
        },
    )
}

/// A sub-community's open wiki requests, for its moderators.
pub fn requests(page: &Page, c: &Community, pending: &[PendingRequest]) -> Markup {
    let lang = page.lang;
    layout(
        page,
        &page.t("forum-wiki-requests"),
        html! {
            p { a href={ "/c/" (c.slug) } { "← " (c.name) } }
            h1 { (crate::t!(lang, "forum-wiki-requests-heading", community = c.name.as_str())) }
            @if pending.is_empty() { (empty_state(&page.t("forum-wiki-requests-empty"), html! {})) }
            ul.requests {
                @for r in pending {
                    li.card {
                        p { a href=(r.topic.path()) lang=[content_lang(lang, r.topic.language)] { (r.topic.title) } }
                        p.muted { (crate::t!(lang, "forum-wiki-requested-by", name = r.requested_by.as_ref().map(|u| u.username.clone()).unwrap_or_else(|| lang.t("forum-former-member"))))
                            " · " time datetime=(r.created_at.rfc3339()) { (format::date_time(lang, r.created_at)) } }
                        form.inline method="post" action={ "/t/" (r.topic.id) "/wiki" } {
                            (csrf_field(&page.csrf))
                            input type="hidden" name="on" value="true";
                            button.button.small.primary type="submit" { (page.t("forum-wiki-make-it")) }
                        }
                        " "
                        form.inline method="post" action={ "/t/" (r.topic.id) "/wiki/decline" } {
                            (csrf_field(&page.csrf))
                            button.button.small type="submit" { (page.t("forum-wiki-decline")) }
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
                h2 { (page.t("forum-badge-wiki")) }
                @if make {
                    form.inline method="post" action={ "/t/" (t.id) "/wiki" } {
                        (csrf_field(&page.csrf))
                        input type="hidden" name="on" value=(if t.wiki { "false" } else { "true" });
                        button.button.small type="submit" { (page.t(if t.wiki { "forum-wiki-stop" } else { "forum-wiki-make" })) }
                    }
                } @else if request {
                    p.muted { (page.t("forum-wiki-request-hint")) }
                    form.inline method="post" action={ "/t/" (t.id) "/wiki/request" } {
                        (csrf_field(&page.csrf))
                        button.button.small type="submit" { (page.t("forum-wiki-request")) }
                    }
                }
            }
        }
    }
}
