//! The employees' queue (`/queue`): open questions oldest first, filtered by covered
//! sub-community, by claim and by state, fifty to a page.

use maud::{html, Markup};

use crate::db::models::topics::Topic;
use crate::db::models::users::User;
use crate::db::{Timestamp, UserId};
use crate::error::FieldErrors;
use crate::forums::queue::{QueueFilter, QueuePage, Who};
use crate::forums::views::{ago, content_lang};
use crate::views::components::{csrf_field, employee_badge_in, empty_state, error_summary};
use crate::views::{layout, Page};

/// The queue's address with these filters (and a page's cursor).
fn href(found: &QueuePage, filter: &QueueFilter, after: Option<&str>) -> String {
    let mut parts: Vec<String> = Vec::new();
    // The covered sub-community (a slug, safe in a URL), never the raw parameter.
    if let Some(c) = &found.scope {
        parts.push(format!("c={}", c.slug));
    }
    if let Some(w) = filter.who {
        parts.push(format!("who={}", w.as_str()));
    }
    match filter.unanswered {
        Some(true) => parts.push("state=unanswered".into()),
        Some(false) => parts.push("state=answered".into()),
        None => {}
    }
    if let Some(a) = after {
        parts.push(format!("after={a}"));
    }
    if parts.is_empty() {
        "/queue".into()
    } else {
        format!("/queue?{}", parts.join("&"))
    }
}

fn filters(page: &Page, found: &QueuePage, filter: &QueueFilter) -> Markup {
    let scope = found.scope.as_ref().map(|c| c.slug.as_str());
    html! {
        form.filters.inline method="get" action="/queue" aria-label=(page.t("forum-queue-filters")) {
            label for="queue-c" { (page.t("forum-queue-community")) }
            select #queue-c name="c" {
                option value="" { (page.t("forum-queue-all-communities")) }
                @for c in &found.covered {
                    option value=(c.slug) selected[scope == Some(c.slug.as_str())] data-content { (c.name) }
                }
            }
            label for="queue-who" { (page.t("forum-queue-claimed-by")) }
            select #queue-who name="who" {
                option value="" { (page.t("forum-queue-who-any")) }
                option value="nobody" selected[filter.who == Some(Who::Nobody)] { (page.t("forum-queue-who-nobody")) }
                option value="mine" selected[filter.who == Some(Who::Mine)] { (page.t("forum-queue-who-mine")) }
            }
            label for="queue-state" { (page.t("forum-queue-state")) }
            select #queue-state name="state" {
                option value="" { (page.t("forum-queue-state-any")) }
                option value="unanswered" selected[filter.unanswered == Some(true)] { (page.t("forum-queue-state-unanswered")) }
                option value="answered" selected[filter.unanswered == Some(false)] { (page.t("forum-queue-state-answered")) }
            }
            button.button.small type="submit" { (page.t("forum-queue-filter")) }
        }
    }
}

pub fn queue(page: &Page, found: &QueuePage, filter: &QueueFilter, now: Timestamp) -> Markup {
    let filtered = found.scope.is_some() || filter.who.is_some() || filter.unanswered.is_some();
    layout(
        page,
        &page.t("forum-queue-title"),
        html! {
            h1 { (page.t("forum-queue-heading")) }
            p.lead { (page.t("forum-queue-lead")) }
            (filters(page, found, filter))
            @if found.items.is_empty() {
                @if filter.after.is_some() || filtered {
                    (empty_state(&page.t("forum-queue-none-here"), html! { p { a href="/queue" { (page.t("forum-queue-clear")) } } }))
                } @else {
                    (empty_state(&page.t("forum-queue-empty"), html! { p { (page.t("forum-queue-empty-body")) } }))
                }
            } @else {
                table.table {
                    thead { tr { th { (page.t("forum-queue-age")) } th { (page.t("forum-queue-question")) } th { (page.t("forum-queue-community")) } th { (page.t("forum-queue-state")) } th { (page.t("forum-queue-claimed-by")) } } }
                    tbody {
                        @for item in &found.items {
                            tr {
                                td { (ago(page.lang, now, item.topic.created_at)) }
                                td { a href=(item.topic.path()) lang=[content_lang(page.lang, item.topic.language)] { (item.topic.title) } br; span.muted { (crate::t!(page.lang, "forum-by", name = item.author.name_to_show())) } @if item.author.is_employee { " " (employee_badge_in(page.lang)) } }
                                td { a class=(crate::views::brand::accent_class(&item.community.id)) href={ "/c/" (item.community.slug) } { (item.community.name) } }
                                td { @if let Some(s) = item.topic.question_state() { span class={ "badge state-" (s.css()) } { (crate::forums::views::question_state_label(page.lang, s)) } } }
                                td { @if let Some(u) = &item.claimed_by { span data-content { (u.name_to_show()) } } @else { span.muted { (page.t("forum-queue-nobody")) } } }
                            }
                        }
                    }
                }
                @if let Some(n) = &found.next {
                    p.pager { a.button rel="next" href=(href(found, filter, Some(n))) { (page.t("forum-queue-next")) " →" } }
                }
            }
        },
    )
}

/// Choosing the colleague an open question goes to (`/t/{id}/assign`).
pub fn assign_page(
    page: &Page,
    topic: &Topic,
    colleagues: &[User],
    errors: &FieldErrors,
    current: Option<&UserId>,
) -> Markup {
    let errors = &errors.in_lang(page.lang);
    let title = page.t("forum-assign-title");
    layout(
        page,
        &title,
        html! {
            p { a href=(topic.path()) { "← " (topic.title) } }
            h1 { (title) }
            p.lead { (page.t("forum-assign-lead")) }
            (error_summary(errors))
            @if colleagues.is_empty() {
                (empty_state(&page.t("forum-assign-nobody"), html! {}))
            } @else {
                form.stack method="post" action={ "/t/" (topic.id) "/assign" } {
                    (csrf_field(&page.csrf))
                    div.field.has-error[errors.get("username").is_some()] {
                        label for="f-username" { (page.t("forum-assign-to")) }
                        select #f-username name="username" aria-invalid=[errors.get("username").map(|_| "true")]
                            aria-describedby=[errors.get("username").map(|_| "f-username-error")] {
                            @for u in colleagues {
                                option value=(u.username) selected[current == Some(&u.id)] data-content {
                                    (u.name_to_show()) " (@" (u.username) ")"
                                }
                            }
                        }
                        @if let Some(e) = errors.get("username") { p.error #f-username-error { (e) } }
                    }
                    button.button.primary type="submit" { (page.t("forum-assign")) }
                }
            }
        },
    )
}
