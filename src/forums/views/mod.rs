//! The forums' pages, as maud functions of the data they are given: topic lists
//! (`lists`), the topic page (`topic`), pages for writing (`writing`), and the pieces
//! they share. Everything they show about what the viewer may do comes from the
//! guardian's permission snapshots (`TopicPerms`, `CommunityPerms`, `ComposerPerms`).

use maud::{html, Markup};

use crate::db::models::authors::AuthorView;
use crate::db::models::posts::Post;
use crate::db::models::topics::Topic;
use crate::db::{Timestamp, TopicKind};
use crate::error::FieldErrors;
use crate::i18n::{format, Lang};
use crate::views::components::{avatar, employee_badge_in, error_summary, sanitized_html};
use crate::views::{layout, Page};

pub mod categories;
pub mod lists;
pub mod queue;
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

/// How long ago, in the reader's language ("5 minutes ago", "il y a 5 minutes").
pub fn ago(lang: Lang, now: Timestamp, then: Timestamp) -> String {
    format::relative(lang, then, now)
}

/// A topic's replies counted the way its kind names them: "3 answers", "1 réponse".
pub fn replies_count(lang: Lang, kind: TopicKind, n: i32) -> String {
    if kind == TopicKind::Question {
        crate::t!(lang, "forum-answers-count", count = n)
    } else {
        crate::t!(lang, "forum-replies-count", count = n)
    }
}

/// A topic kind's name ("Question", "Idée").
pub fn kind_label(lang: Lang, kind: TopicKind) -> String {
    lang.t(&format!("forum-kind-{}", kind.as_str()))
}

/// A question state's name ("Solved", "Résolue").
pub fn question_state_label(lang: Lang, s: crate::db::QuestionState) -> String {
    lang.t(&format!("forum-state-{}", s.as_str()))
}

/// An idea status's name ("Planned", "Prévue").
pub fn idea_status_label(lang: Lang, s: crate::db::IdeaStatus) -> String {
    lang.t(&format!("forum-idea-{}", s.as_str()))
}

/// The `lang` attribute for content written in `content` when the page is in `page`:
/// only when they differ (a French topic in an English page, an English one in French).
pub fn content_lang(page: Lang, content: crate::db::Language) -> Option<&'static str> {
    (page.content() != content || page == Lang::Pseudo).then(|| Lang::from(content).code())
}

/// Author line: avatar, name, employee badge and title, a suspended member's mark,
/// reputation.
pub fn byline(lang: Lang, author: &AuthorView, brand_name: Option<&str>, now: Timestamp) -> Markup {
    html! {
        span.byline {
            @if let Some(brand) = brand_name {
                span.brand-voice { span.badge.official { (lang.t("forum-official")) } " " strong { (brand) } " · " }
            }
            a href={ "/u/" (author.username) } { (avatar(&author.username, 20)) " " (author.name_to_show()) }
            @if author.is_employee {
                " " (employee_badge_in(lang))
                @if !author.title.is_empty() { " " span.muted { (author.title) } }
            }
            @if author.is_suspended_at(now) {
                " " span.badge.warn title=(lang.t("forum-suspended-title")) { (lang.t("forum-suspended")) }
            }
            " " span.rep title=(lang.t("forum-reputation")) { (format::number(lang, i64::from(author.reputation))) }
        }
    }
}

pub fn state_badges(lang: Lang, t: &Topic) -> Markup {
    html! {
        @if t.kind != TopicKind::Discussion { span class={ "badge kind-" (t.kind.as_str()) } { (kind_label(lang, t.kind)) } " " }
        @if let Some(s) = t.question_state() { span class={ "badge state-" (s.css()) } { (question_state_label(lang, s)) } " " }
        @if let Some(s) = t.idea_status { span class={ "badge idea-" (s.as_str()) } { (idea_status_label(lang, s)) } " " }
        @if t.official_reply { span.badge.official { (lang.t("forum-badge-official-answer")) } " " }
        @if t.pinned { span.badge { (lang.t("forum-badge-pinned")) } " " }
        @if t.locked { span.badge { (lang.t("forum-badge-locked")) } " " }
        @if t.duplicate_of.is_some() { span.badge { (lang.t("forum-badge-duplicate")) } " " }
        @if t.wiki { span.badge.wiki title=(lang.t("forum-badge-wiki-title")) { (lang.t("forum-badge-wiki")) } " " }
    }
}

pub(super) fn preview_block(lang: Lang, html_fragment: &str) -> Markup {
    html! { section.preview aria-label=(lang.t("forum-preview")) { h2 { (lang.t("forum-preview")) } div.prose { (sanitized_html(html_fragment)) } } }
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
    let errors = &errors.in_lang(page.lang);
    layout(
        page,
        title,
        html! {
            p { a href={ (topic.path()) "#p" (post.post_number) } lang=[content_lang(page.lang, topic.language)] { "← " (topic.title) } }
            h1 { (title) }
            section.card {
                blockquote.prose lang=[content_lang(page.lang, topic.language)] { (sanitized_html(&post.body_html)) }
                (error_summary(errors))
                (form)
            }
        },
    )
}
