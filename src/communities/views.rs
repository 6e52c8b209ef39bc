use maud::{html, Markup};

use crate::auth::guardian::RoleChanges;
use crate::communities::service::CommunityInput;
use crate::db::models::authors::AuthorView;
use crate::db::models::categories::Category;
use crate::db::models::communities::{Community, Membership};
use crate::db::{CommunityRole, Visibility};
use crate::error::FieldErrors;
use crate::views::components::{
    avatar, csrf_field, employee_badge, empty_state, error_summary, visibility_badge, Field,
};
use crate::views::{layout, Page};

pub fn home(page: &Page, communities: &[Community], can_create: bool) -> Markup {
    let site = &page.brand.settings;
    layout(
        page,
        "Home",
        html! {
            section.hero {
                h1 { (site.site_name) }
                @if !site.tagline.is_empty() { p.lead { (site.tagline) } }
            }
            div.section-head {
                h2 { "Communities" }
                @if can_create { a.button.small href="/admin/communities/new" { "New sub-community" } }
            }
            @if communities.is_empty() {
                (empty_state("No communities yet", html! {
                    @if can_create {
                        p { "Create the first sub-community for one of your product groups." }
                        a.button.primary href="/admin/communities/new" { "Create a sub-community" }
                    } @else if page.viewer.user().is_none() {
                        p { "Nothing is public here yet. " a href="/login" { "Sign in" } " to see the communities you belong to." }
                    } @else {
                        p { "There is no community you can see yet." }
                    }
                }))
            } @else {
                ul.community-grid {
                    @for c in communities {
                        li class={ "community-card " (crate::views::brand::accent_class(&c.id)) } {
                            a href={ "/c/" (c.slug) } {
                                h3 { (c.name) }
                                @if !c.description.is_empty() { p { (c.description) } }
                                (visibility_badge(c.visibility))
                            }
                        }
                    }
                }
            }
        },
    )
}

/// The people who run a sub-community, for its side column.
pub fn team(staff: &[(Membership, AuthorView)]) -> Markup {
    html! {
        h2 { "Team" }
        @let team: Vec<_> = staff.iter().filter(|(m, _)| m.role >= CommunityRole::Moderator).collect();
        @if team.is_empty() {
            p.muted { "No moderators appointed yet." }
        } @else {
            ul.people {
                @for (m, u) in team {
                    li {
                        a href={ "/u/" (u.username) } { (avatar(&u.username, 24)) " " (u.name_to_show()) }
                        @if u.is_employee { " " (employee_badge()) }
                        " " span.badge { (role_label(m.role)) }
                    }
                }
            }
        }
    }
}

pub fn role_label(r: CommunityRole) -> &'static str {
    match r {
        CommunityRole::Member => "Member",
        CommunityRole::Moderator => "Moderator",
        CommunityRole::Manager => "Manager",
    }
}

pub fn form(
    page: &Page,
    existing: Option<&Community>,
    input: &CommunityInput,
    errors: &FieldErrors,
    can_change_visibility: bool,
    categories: &[Category],
) -> Markup {
    let (title, action) = match existing {
        Some(c) => (
            format!("Settings: {}", c.name),
            format!("/c/{}/edit", c.slug),
        ),
        None => (
            "New sub-community".to_string(),
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
                        (Field::new("slug", "Address").value(&input.slug).required()
                            .hint("Lowercase letters, digits and hyphens; the page will be /c/<address>.").render(errors))
                    }
                    (Field::new("name", "Name").value(&input.name).required().render(errors))
                    (Field::new("description", "Description").kind("textarea").value(&input.description).render(errors))
                    (Field::new("accent_color", "Accent colour").kind("color").value(&input.accent_color).render(errors))
                    @if can_change_visibility {
                        fieldset.field {
                            legend { "Who can see it" }
                            @for v in Visibility::ALL {
                                label.radio {
                                    input type="radio" name="visibility" value=(v.as_str()) checked[input.visibility == v.as_str()];
                                    " " (v.label())
                                }
                            }
                            @if let Some(e) = errors.get("visibility") { p.error role="alert" { (e) } }
                        }
                    } @else {
                        input type="hidden" name="visibility" value=(input.visibility);
                    }
                    (Field::new("position", "Position").kind("number").value(&input.position).hint("Lower numbers are listed first.").render(errors))
                    div.field {
                        label for="default_watch_level" { "Watching level for new members" }
                        select #default_watch_level name="default_watch_level" {
                            @for l in crate::db::WatchLevel::ALL {
                                option value=(l.as_str()) selected[input.default_watch_level == l.as_str() || (input.default_watch_level.is_empty() && *l == crate::db::WatchLevel::Normal)] { (l.label()) }
                            }
                        }
                        p.hint { "Members who join from now on start at this level; they can change it. Existing members keep theirs." }
                        @if let Some(e) = errors.get("default_watch_level") { p.error role="alert" { (e) } }
                    }
                    // Issue 19: content language and wiki editing.
                    div.field {
                        label for="default_language" { "Default language" }
                        select #default_language name="default_language" {
                            @for l in crate::db::Language::ALL {
                                option value=(l.as_str()) lang=(l.as_str()) selected[input.default_language == l.as_str() || (input.default_language.is_empty() && *l == crate::db::Language::En)] { (l.label()) }
                            }
                        }
                        p.hint { "The language new topics are written in (it chooses how search understands them)." }
                        @if let Some(e) = errors.get("default_language") { p.error role="alert" { (e) } }
                    }
                    (Field::new("wiki_min_reputation", "Reputation needed to edit wikis").value(&input.wiki_min_reputation).hint("Members with at least this reputation may edit this sub-community's wikis; employees and moderators always may. Empty: 100.").render(errors))
                    button.button.primary type="submit" { "Save" }
                }
            }
            @if let Some(c) = existing {
                section.card {
                    h2 { "Categories" }
                    @if categories.is_empty() { p.muted { "No categories yet: topics are listed together." } }
                    ul { @for cat in categories { li { a href={ "/c/" (c.slug) "/cat/" (cat.slug) } { (cat.name) } " " span.muted { "/" (cat.slug) } } } }
                }
                (crate::forums::views::category_form(page, c, &FieldErrors::new()))
                section.card {
                    h2 { "Embedding" }
                    p { a href={ "/c/" (c.slug) "/embedding" } { "Put this sub-community on your website" } ": allowed origins, page comments and the snippets to paste." }
                }
                section.card {
                    h2 { "Results and growth" }
                    ul {
                        li { a href={ "/c/" (c.slug) "/outcomes" } { "Outcomes" } ": questions answered and solved, response times, escalations, lead users." }
                        li { a href={ "/c/" (c.slug) "/invitations" } { "Invitations" } ": links with a source label and personal invitations; which channels bring members who take part." }
                        li { a href={ "/c/" (c.slug) "/search-insights" } { "Search insights" } ": what people searched for and did not find." }
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
    layout(
        page,
        &format!("Members of {}", c.name),
        html! {
            p { a href={ "/c/" (c.slug) } { "← " (c.name) } }
            h1 { "Moderators, managers and members" }
            section.card {
                @if staff.is_empty() {
                    p.muted { "Nobody holds a role here yet." }
                } @else {
                    table.table {
                        thead { tr { th { "Member" } th { "Role" } th { span.visually-hidden { "Actions" } } } }
                        tbody {
                            @for (m, u) in staff {
                                tr {
                                    td { a href={ "/u/" (u.username) } { (u.username) } @if u.is_employee { " " (employee_badge()) } }
                                    td { (role_label(m.role)) }
                                    td {
                                        @if changes.may_remove(m.role) {
                                            form.inline method="post" action={ "/c/" (c.slug) "/members/remove" } {
                                                (csrf_field(&page.csrf))
                                                input type="hidden" name="username" value=(u.username);
                                                button.link-button type="submit" { "Remove" }
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
                h2 { "Add someone" }
                (error_summary(errors))
                form method="post" action={ "/c/" (c.slug) "/members" } {
                    (csrf_field(&page.csrf))
                    (Field::new("username", "Username").required().render(errors))
                    fieldset.field {
                        legend { "Role" }
                        label.radio { input type="radio" name="role" value="member" checked; " Member (can see an invite-only community)" }
                        @if changes.appoint {
                            label.radio { input type="radio" name="role" value="moderator"; " Moderator" }
                            label.radio { input type="radio" name="role" value="manager"; " Manager" }
                        }
                    }
                    button.button.primary type="submit" { "Add" }
                }
            }
        },
    )
}
