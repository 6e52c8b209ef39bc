use maud::{html, Markup};

use crate::db::models::users::User;
use crate::error::FieldErrors;
use crate::forums::read::Activity;
use crate::views::components::{
    avatar, csrf_field, employee_badge, error_summary, sanitized_html, Field,
};
use crate::views::{layout, Page};

pub fn profile(page: &Page, user: &User, can_edit: bool, activity: &Activity) -> Markup {
    layout(
        page,
        user.name_to_show(),
        html! {
            section.profile.card {
                div.profile-head {
                    (avatar(&user.username, 96))
                    div {
                        h1 { (user.name_to_show()) }
                        p.muted { "@" (user.username)
                            @if user.is_employee { " " (employee_badge()) } }
                        @if !user.title.is_empty() { p.title { (user.title) } }
                        p.muted { "Joined " time datetime=(user.created_at.rfc3339()) { (user.created_at.date_string()) } }
                    p.stats-line {
                        span.stat-inline { strong { (user.reputation) } " reputation" }
                        span.stat-inline { strong { (activity.answers.len()) } " answers" }
                        span.stat-inline { strong { (activity.accepted_count) } " accepted" }
                        span.stat-inline { strong { (activity.topics.len()) } " topics" }
                    }
                    }
                    @if can_edit {
                        a.button.small href="/settings/profile" { "Edit profile" }
                    }
                }
                @if user.bio_html.is_empty() {
                    p.muted { "No bio yet." }
                } @else {
                    div.prose { (sanitized_html(&user.bio_html)) }
                }
            }
            div.columns.even {
                section.card {
                    h2 { "Questions and topics" }
                    @if activity.topics.is_empty() { p.muted { "None yet." } }
                    ul.plain { @for t in &activity.topics {
                        li { a href=(t.path()) { (t.title) } " " (crate::forums::views::state_badges(t)) }
                    } }
                }
                section.card {
                    h2 { "Answers" }
                    @if activity.answers.is_empty() { p.muted { "None yet." } }
                    ul.plain { @for (p, t) in &activity.answers {
                        li {
                            a href={ (t.path()) "#p" (p.post_number) } { (t.title) }
                            @if t.accepted_post_id.as_ref() == Some(&p.id) { " " span.badge.state-solved { "✓ accepted" } }
                        }
                    } }
                }
            }
        },
    )
}

pub fn edit(page: &Page, user: &User, values: (&str, &str, &str), errors: &FieldErrors) -> Markup {
    let (display, title, bio) = values;
    layout(
        page,
        "Edit profile",
        html! {
            h1 { "Profile settings" }
            nav.tabs aria-label="Settings" {
                a.active href="/settings/profile" aria-current="page" { "Profile" }
                a href="/settings/account" { "Account" }
                a href="/settings/tokens" { "API tokens" }
            }
            section.card {
                (error_summary(errors))
                form method="post" action="/settings/profile" {
                    (csrf_field(&page.csrf))
                    (Field::new("display_name", "Display name").value(display).hint("Up to 60 characters. Leave empty to show your username.").render(errors))
                    (Field::new("title", "Title").value(title).hint("For example your job or role, up to 80 characters.").render(errors))
                    (Field::new("bio", "Bio").kind("textarea").value(bio).hint("Markdown is supported. Up to 4000 characters.").render(errors))
                    button.button.primary type="submit" { "Save profile" }
                    " "
                    a href={ "/u/" (user.username) } { "View profile" }
                }
            }
        },
    )
}
