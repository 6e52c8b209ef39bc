//! The forums' pages, as maud functions of the data they are given: topic lists
//! (`lists`), the topic page (`topic`), pages for writing (`writing`), and the pieces
//! they share. Everything they show about what the viewer may do comes from the
//! guardian's permission snapshots (`TopicPerms`, `CommunityPerms`, `ComposerPerms`).

use maud::{html, Markup};

use crate::db::models::authors::AuthorView;
use crate::db::models::communities::Community;
use crate::db::models::posts::Post;
use crate::db::models::topics::Topic;
use crate::db::{Timestamp, TopicKind};
use crate::error::FieldErrors;
use crate::views::components::{
    avatar, csrf_field, employee_badge, error_summary, sanitized_html, Field,
};
use crate::views::{layout, Page};

pub mod lists;
pub mod topic;
pub mod writing;
// Issue 19: wiki history, diffs, edit conflicts, wiki requests.
pub mod wiki;

pub fn age(now: Timestamp, then: Timestamp) -> String {
    let secs = (now.micros() - then.micros()).max(0) / 1_000_000;
    match secs {
        s if s < 60 => "just now".into(),
        s if s < 3600 => format!("{} min ago", s / 60),
        s if s < 86_400 => format!("{} h ago", s / 3600),
        s => format!("{} d ago", s / 86_400),
    }
}

/// "1 answer", "3 replies".
pub fn count_noun(n: i32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Author line: avatar, name, employee badge and title, a suspended member's mark,
/// reputation.
pub fn byline(author: &AuthorView, brand_name: Option<&str>, now: Timestamp) -> Markup {
    html! {
        span.byline {
            @if let Some(brand) = brand_name {
                span.brand-voice { span.badge.official { "Official" } " " strong { (brand) } " · " }
            }
            a href={ "/u/" (author.username) } { (avatar(&author.username, 20)) " " (author.name_to_show()) }
            @if author.is_employee {
                " " (employee_badge())
                @if !author.title.is_empty() { " " span.muted { (author.title) } }
            }
            @if author.is_suspended_at(now) {
                " " span.badge.warn title="This account is suspended and cannot reply" { "Suspended" }
            }
            " " span.rep title="Reputation" { (author.reputation) }
        }
    }
}

pub fn state_badges(t: &Topic) -> Markup {
    html! {
        @if t.kind != TopicKind::Discussion { span class={ "badge kind-" (t.kind.as_str()) } { (t.kind.label()) } " " }
        @if let Some(s) = t.question_state() { span class={ "badge state-" (s.css()) } { (s.label()) } " " }
        @if let Some(s) = t.idea_status { span class={ "badge idea-" (s.as_str()) } { (s.label()) } " " }
        @if t.official_reply { span.badge.official { "Official answer" } " " }
        @if t.pinned { span.badge { "Pinned" } " " }
        @if t.locked { span.badge { "Locked" } " " }
        @if t.duplicate_of.is_some() { span.badge { "Duplicate" } " " }
        @if t.wiki { span.badge.wiki title="Community-maintained: experienced members may edit it" { "Wiki" } " " }
    }
}

pub(super) fn preview_block(html_fragment: &str) -> Markup {
    html! { section.preview aria-label="Preview" { h2 { "Preview" } div.prose { (sanitized_html(html_fragment)) } } }
}

/// A page with one form about one post (a comment, a flag): a link back to the post, the
/// post quoted, the form's errors and the form.
pub fn post_form_page(
    page: &Page,
    title: &str,
    post: &Post,
    topic: &Topic,
    errors: &FieldErrors,
    form: Markup,
) -> Markup {
    layout(
        page,
        title,
        html! {
            p { a href={ (topic.path()) "#p" (post.post_number) } { "← " (topic.title) } }
            h1 { (title) }
            section.card {
                blockquote.prose { (sanitized_html(&post.body_html)) }
                (error_summary(errors))
                (form)
            }
        },
    )
}

pub fn category_form(page: &Page, c: &Community, errors: &FieldErrors) -> Markup {
    html! {
        section.card {
            h2 { "Add a category" }
            (error_summary(errors))
            form method="post" action={ "/c/" (c.slug) "/categories" } {
                (csrf_field(&page.csrf))
                (Field::new("slug", "Address").required().render(errors))
                (Field::new("name", "Name").required().render(errors))
                (Field::new("description", "Description").render(errors))
                button.button type="submit" { "Add category" }
            }
        }
    }
}
