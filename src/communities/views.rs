use maud::{html, Markup};

use crate::auth::guardian::RoleChanges;
use crate::communities::service::CommunityInput;
use crate::db::models::authors::AuthorView;
use crate::db::models::communities::{Community, Membership};
use crate::db::{CommunityRole, Visibility};
use crate::error::FieldErrors;
use crate::forums::views::categories::CategoryPanel;
use crate::i18n::Lang;
use crate::views::components::{
    avatar, csrf_field, employee_badge_in, empty_state, error_summary, visibility_badge, Field,
};
use crate::views::{layout, Page};

pub fn home(page: &Page, communities: &[Community], can_create: bool) -> Markup {
    let site = &page.brand.settings;
    layout(
        page,
        &page.t("community-home-title"),
        html! {
            section.hero {
                h1 { (site.site_name) }
                @if !site.tagline.is_empty() { p.lead { (site.tagline) } }
            }
            div.section-head {
                h2 { (page.t("community-list-heading")) }
                @if can_create { a.button.small href="/admin/communities/new" { (page.t("community-new")) } }
            }
            @if communities.is_empty() {
                (empty_state(&page.t("community-list-empty"), html! {
                    @if can_create {
                        p { (page.t("community-list-empty-admin")) }
                        a.button.primary href="/admin/communities/new" { (page.t("community-create")) }
                    } @else if page.viewer.user().is_none() {
                        p { (page.t("community-list-empty-public")) " " a href="/login" { (page.t("community-sign-in")) } " " (page.t("community-sign-in-to-see")) }
                    } @else {
                        p { (page.t("community-list-empty-member")) }
                    }
                }))
            } @else {
                ul.community-grid {
                    @for c in communities {
                        li class={ "community-card " (crate::views::brand::accent_class(&c.id)) } {
                            a href={ "/c/" (c.slug) } lang=[crate::forums::views::content_lang(page.lang, c.default_language)] {
                                h3 {
                                    @if !c.logo_url.is_empty() { img.community-logo src=(c.logo_url) alt=""; }
                                    (c.name)
                                }
                                @if !c.description.is_empty() { p { (c.description) } }
                                (visibility_badge(c.visibility, &visibility_label(page.lang, c.visibility)))
                            }
                        }
                    }
                }
            }
        },
    )
}

/// The people who run a sub-community, for its side column.
pub fn team(lang: Lang, staff: &[(Membership, AuthorView)]) -> Markup {
    html! {
        h2 { (lang.t("community-team")) }
        @let team: Vec<_> = staff.iter().filter(|(m, _)| m.role >= CommunityRole::Moderator).collect();
        @if team.is_empty() {
            p.muted { (lang.t("community-team-empty")) }
        } @else {
            ul.people {
                @for (m, u) in team {
                    li {
                        a href={ "/u/" (u.username) } { (avatar(&u.username, 24)) " " (u.name_to_show()) }
                        @if u.is_employee { " " (employee_badge_in(lang)) }
                        " " span.badge { (role_label(lang, m.role)) }
                    }
                }
            }
        }
    }
}

pub fn role_label(lang: Lang, r: CommunityRole) -> String {
    lang.t(match r {
        CommunityRole::Member => "community-role-member",
        CommunityRole::Moderator => "community-role-moderator",
        CommunityRole::Manager => "community-role-manager",
    })
}

fn visibility_label(lang: Lang, v: Visibility) -> String {
    lang.t(&format!("community-visibility-{}", v.as_str()))
}

pub fn form(
    page: &Page,
    existing: Option<&Community>,
    input: &CommunityInput,
    errors: &FieldErrors,
    can_change_visibility: bool,
    categories: &CategoryPanel,
) -> Markup {
    let errors = &errors.in_lang(page.lang);
    let (title, action) = match existing {
        Some(c) => (
            crate::t!(
                page.lang,
                "community-settings-title",
                name = c.name.as_str()
            ),
            format!("/c/{}/edit", c.slug),
        ),
        None => (
            page.t("community-new"),
            "/admin/communities/new".to_string(),
        ),
    };
    layout(
        page,
        &title,
        html! {
            h1 { (title) }
            section.card {
                (error_summary(errors))
                form method="post" action=(action) {
                    (csrf_field(&page.csrf))
                    @if existing.is_none() {
                        (Field::new("slug", &page.t("community-field-slug")).value(&input.slug).required()
                            .hint(&page.t("community-field-slug-hint")).render(errors))
                    }
                    (Field::new("name", &page.t("community-field-name")).value(&input.name).required().render(errors))
                    (Field::new("description", &page.t("community-field-description")).kind("textarea").value(&input.description).render(errors))
                    (Field::new("accent_color", &page.t("community-field-accent")).kind("color").value(&input.accent_color).render(errors))
                    (Field::new("logo_url", &page.t("community-field-logo")).value(&input.logo_url).hint(&page.t("community-field-logo-hint")).render(errors))
                    @if can_change_visibility {
                        fieldset.field {
                            legend { (page.t("community-field-visibility")) }
                            @for v in Visibility::ALL {
                                label.radio {
                                    input type="radio" name="visibility" value=(v.as_str()) checked[input.visibility == v.as_str()];
                                    " " (visibility_label(page.lang, *v))
                                }
                            }
                            @if let Some(e) = errors.get("visibility") { p.error role="alert" { (e) } }
                        }
                    } @else {
                        input type="hidden" name="visibility" value=(input.visibility);
                    }
                    (Field::new("position", &page.t("community-field-position")).kind("number").value(&input.position).hint(&page.t("community-field-position-hint")).render(errors))
                    div.field {
                        label for="default_watch_level" { (page.t("community-field-watch")) }
                        select #default_watch_level name="default_watch_level" {
                            @for l in crate::db::WatchLevel::ALL {
                                option value=(l.as_str()) selected[input.default_watch_level == l.as_str() || (input.default_watch_level.is_empty() && *l == crate::db::WatchLevel::Normal)] { (crate::notifications::views::level_text(page, *l).0) }
                            }
                        }
                        p.hint { (page.t("community-field-watch-hint")) }
                        @if let Some(e) = errors.get("default_watch_level") { p.error role="alert" { (e) } }
                    }
                    // Issue 19: content language and wiki editing.
                    div.field {
                        label for="default_language" { (page.t("community-field-language")) }
                        select #default_language name="default_language" {
                            @for l in crate::db::Language::ALL {
                                option value=(l.as_str()) lang=(l.as_str()) selected[input.default_language == l.as_str() || (input.default_language.is_empty() && *l == crate::db::Language::En)] { (l.label()) }
                            }
                        }
                        p.hint { (page.t("community-field-language-hint")) }
                        @if let Some(e) = errors.get("default_language") { p.error role="alert" { (e) } }
                    }
                    (Field::new("wiki_min_reputation", &page.t("community-field-wiki-rep")).value(&input.wiki_min_reputation).hint(&page.t("community-field-wiki-rep-hint")).render(errors))
                    button.button.primary type="submit" { (page.t("community-save")) }
                }
            }
            @if let Some(c) = existing {
                (crate::forums::views::categories::panel(page, c, categories))
                section.card {
                    h2 { (page.t("community-embedding")) }
                    p { a href={ "/c/" (c.slug) "/embedding" } { (page.t("community-embedding-link")) } (page.t("community-embedding-rest")) }
                }
                section.card {
                    h2 { (page.t("community-results")) }
                    ul {
                        li { a href={ "/c/" (c.slug) "/outcomes" } { (page.t("community-outcomes")) } (page.t("community-outcomes-rest")) }
                        li { a href={ "/c/" (c.slug) "/invitations" } { (page.t("community-invitations")) } (page.t("community-invitations-rest")) }
                        li { a href={ "/c/" (c.slug) "/search-insights" } { (page.t("community-search-insights")) } (page.t("community-search-insights-rest")) }
                    }
                }
            }
        },
    )
}

pub fn members(
    page: &Page,
    c: &Community,
    staff: &[(Membership, AuthorView)],
    changes: RoleChanges,
    errors: &FieldErrors,
) -> Markup {
    let errors = &errors.in_lang(page.lang);
    layout(
        page,
        &crate::t!(page.lang, "community-members-title", name = c.name.as_str()),
        html! {
            p { a href={ "/c/" (c.slug) } { "← " (c.name) } }
            h1 { (page.t("community-members-heading")) }
            section.card {
                @if staff.is_empty() {
                    p.muted { (page.t("community-members-empty")) }
                } @else {
                    table.table {
                        thead { tr { th { (page.t("community-members-member")) } th { (page.t("community-members-role")) } th { span.visually-hidden { (page.t("community-members-actions")) } } } }
                        tbody {
                            @for (m, u) in staff {
                                tr {
                                    td { a href={ "/u/" (u.username) } { (u.username) } @if u.is_employee { " " (employee_badge_in(page.lang)) } }
                                    td { (role_label(page.lang, m.role)) }
                                    td {
                                        @if changes.may_remove(m.role) {
                                            form.inline method="post" action={ "/c/" (c.slug) "/members/remove" } {
                                                (csrf_field(&page.csrf))
                                                input type="hidden" name="username" value=(u.username);
                                                button.link-button type="submit" aria-label=(crate::t!(page.lang, "community-members-remove-label", name = u.username.as_str())) { (page.t("community-members-remove")) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            section.card {
                h2 { (page.t("community-members-add-heading")) }
                (error_summary(errors))
                form method="post" action={ "/c/" (c.slug) "/members" } {
                    (csrf_field(&page.csrf))
                    (Field::new("username", &page.t("community-members-username")).required().render(errors))
                    fieldset.field {
                        legend { (page.t("community-members-role")) }
                        label.radio { input type="radio" name="role" value="member" checked; " " (page.t("community-members-as-member")) }
                        @if changes.appoint {
                            label.radio { input type="radio" name="role" value="moderator"; " " (role_label(page.lang, CommunityRole::Moderator)) }
                            label.radio { input type="radio" name="role" value="manager"; " " (role_label(page.lang, CommunityRole::Manager)) }
                        }
                    }
                    button.button.primary type="submit" { (page.t("community-members-add")) }
                }
            }
        },
    )
}
