use maud::{html, Markup};

use crate::db::models::users::User;
use crate::error::FieldErrors;
use crate::forums::read::Activity;
use crate::forums::views::content_lang;
use crate::i18n::format;
use crate::views::components::{
    avatar, csrf_field, employee_badge_in, error_summary, sanitized_html, Field,
};
use crate::views::{layout, Page};

/// `can_moderate`: the viewer may sanction this member from their moderation page.
pub fn profile(
    page: &Page,
    user: &User,
    can_edit: bool,
    can_moderate: bool,
    activity: &Activity,
) -> Markup {
    let lang = page.lang;
    let stat = |n: i64, key: &str| {
        html! { span.stat-inline { strong { (format::number(lang, n)) } " " (crate::t!(lang, key, count = n)) } }
    };
    layout(
        page,
        user.name_to_show(),
        html! {
            section.profile.card {
                div.profile-head {
                    (avatar(&user.username, 96))
                    div {
                        h1 data-content { (user.name_to_show()) }
                        p.muted { span data-content { "@" (user.username) }
                            @if user.is_employee { " " (employee_badge_in(lang)) } }
                        @if !user.title.is_empty() { p.title data-content { (user.title) } }
                        p.muted { (page.t("member-joined")) " " time datetime=(user.created_at.rfc3339()) { (format::date(lang, user.created_at)) } }
                    p.stats-line {
                        (stat(i64::from(user.reputation), "member-stat-reputation"))
                        (stat(activity.answer_count, "member-stat-answers"))
                        (stat(activity.accepted_count, "member-stat-accepted"))
                        (stat(activity.topic_count, "member-stat-topics"))
                    }
                    }
                    @if can_edit {
                        a.button.small href="/settings/profile" { (page.t("member-edit-profile")) }
                    }
                    @if can_moderate {
                        a.button.small.moderate href={ "/mod/users/" (user.username) } { (page.t("member-moderate")) }
                    }
                }
                @if user.bio_html.is_empty() {
                    p.muted { (page.t("member-no-bio")) }
                } @else {
                    div.prose { (sanitized_html(&user.bio_html)) }
                }
            }
            div.columns.even {
                section.card {
                    h2 { (page.t("member-topics")) }
                    @if activity.topics.is_empty() { p.muted { (page.t("member-none-yet")) } }
                    ul.plain { @for t in &activity.topics {
                        li { a href=(t.path()) lang=[content_lang(lang, t.language)] { (t.title) } " " (crate::forums::views::state_badges(lang, t)) }
                    } }
                }
                section.card {
                    h2 { (page.t("member-answers")) }
                    @if activity.answers.is_empty() { p.muted { (page.t("member-none-yet")) } }
                    ul.plain { @for (p, t) in &activity.answers {
                        li {
                            a href={ (t.path()) "#p" (p.post_number) } lang=[content_lang(lang, t.language)] { (t.title) }
                            @if t.accepted_post_id.as_ref() == Some(&p.id) { " " span.badge.state-solved { "✓ " (page.t("member-accepted")) } }
                        }
                    } }
                }
            }
        },
    )
}

pub fn edit(
    page: &Page,
    user: &User,
    values: (&str, &str, &str),
    language: &str,
    errors: &FieldErrors,
) -> Markup {
    let errors = &errors.in_lang(page.lang);
    let (display, title, bio) = values;
    let lang_error = errors.get("language");
    layout(
        page,
        &page.t("account-profile-title"),
        html! {
            h1 { (page.t("account-profile-heading")) }
            (crate::accounts::views::settings_tabs(page, "/settings/profile"))
            section.card {
                (error_summary(errors))
                form method="post" action="/settings/profile" {
                    (csrf_field(&page.csrf))
                    (Field::new("display_name", &page.t("account-display-name")).value(display).hint(&page.t("account-display-name-hint")).render(errors))
                    (Field::new("title", &page.t("account-profile-title-field")).value(title).hint(&page.t("account-profile-title-hint")).render(errors))
                    (Field::new("bio", &page.t("account-bio")).kind("textarea").value(bio).hint(&page.t("account-bio-hint")).render(errors))
                    div.field.has-error[lang_error.is_some()] {
                        label for="f-language" { (page.t("account-language")) }
                        select #f-language name="language"
                            aria-invalid=[lang_error.map(|_| "true")]
                            aria-describedby=(if lang_error.is_some() { "f-language-error" } else { "f-language-hint" }) {
                            option value="" selected[language.is_empty()] { (page.t("account-language-automatic")) }
                            @for l in crate::i18n::Lang::CHOICES {
                                option value=(l.code()) lang=(l.code()) selected[language == l.code()] { (l.label()) }
                            }
                        }
                        p.hint #f-language-hint { (page.t("account-language-hint")) }
                        @if let Some(e) = lang_error { p.error #f-language-error role="alert" { (e) } }
                    }
                    button.button.primary type="submit" { (page.t("account-save-profile")) }
                    " "
                    a href={ "/u/" (user.username) } { (page.t("account-view-profile")) }
                }
            }
        },
    )
}
