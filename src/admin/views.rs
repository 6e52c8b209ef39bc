use maud::{html, Markup};

use crate::admin::routes::AuditQuery;
use crate::admin::service::BrandInput;
use crate::db::models::audit::AuditEntry;
use crate::db::models::authors::AuthorView;
use crate::db::models::outbox::OutboxMessage;
use crate::db::models::users::User;
use crate::db::{EmailState, Language, OutboxStatus, SiteRole};
use crate::error::FieldErrors;
use crate::i18n::{format, Lang};
use crate::views::components::{csrf_field, employee_badge_in, empty_state, error_summary, Field};
use crate::views::{layout, Page};

/// The admin tabs in `lang`, `current` marked as the page shown.
pub(crate) fn admin_tabs(lang: Lang, current: &str) -> Markup {
    let items = [
        ("/admin", "admin-nav-overview"),
        ("/admin/settings", "admin-nav-settings"),
        ("/admin/users", "admin-nav-users"),
        ("/admin/outbox", "admin-nav-outbox"),
        ("/admin/inbound", "admin-nav-inbound"), // issue 24
        ("/admin/webhooks", "admin-nav-webhooks"),
        ("/admin/moderation", "admin-nav-moderation"),
        ("/admin/tokens", "admin-nav-tokens"),
        ("/admin/embedding", "admin-nav-embedding"),
        ("/admin/sso", "admin-nav-sso"),
        ("/admin/audit", "admin-nav-audit"),
        ("/admin/search", "admin-nav-search"), // issue 19 (search-ui)
        ("/admin/outcomes", "admin-nav-outcomes"), // issue 20 (outcomes)
        ("/admin/teams", "admin-nav-teams"),   // issue 20 (escalations)
        ("/admin/invitations", "admin-nav-invitations"), // issue 24
    ];
    html! {
        nav.tabs aria-label=(lang.t("admin-nav-label")) {
            @for (href, key) in items {
                @if href == current { a.active href=(href) aria-current="page" { (lang.t(key)) } } @else { a href=(href) { (lang.t(key)) } }
            }
        }
    }
}

pub struct Overview {
    pub members: i64,
    pub communities: usize,
    pub queued: i64,
    pub failed: i64,
}

fn stat(lang: Lang, n: i64, key: &str) -> Markup {
    html! { span.stat-value { (format::number(lang, n)) } span.stat-label { (lang.tr(key, &[("n", n.into())])) } }
}

pub fn index(page: &Page, o: &Overview) -> Markup {
    let lang = page.lang;
    let title = page.t("admin-title");
    layout(
        page,
        &title,
        html! {
            h1 { (title) }
            (admin_tabs(lang, "/admin"))
            div.stats {
                div.stat { (stat(lang, o.members, "admin-stat-members")) }
                div.stat { (stat(lang, i64::try_from(o.communities).unwrap_or(i64::MAX), "admin-stat-communities")) }
                div.stat { (stat(lang, o.queued, "admin-stat-queued")) }
                div.stat.warn[o.failed > 0] { (stat(lang, o.failed, "admin-stat-failed")) }
            }
            p { a.button href="/admin/communities/new" { (page.t("admin-new-community")) } }
        },
    )
}

pub fn settings(page: &Page, input: &BrandInput, errors: &FieldErrors) -> Markup {
    let errors = &errors.in_lang(page.lang);
    let title = page.t("admin-settings-title");
    layout(
        page,
        &title,
        html! {
            h1 { (title) }
            (admin_tabs(page.lang, "/admin/settings"))
            section.card {
                (error_summary(errors))
                form method="post" action="/admin/settings" {
                    (csrf_field(&page.csrf))
                    (Field::new("site_name", &page.t("admin-settings-site-name")).value(&input.site_name).required().render(errors))
                    (Field::new("tagline", &page.t("admin-settings-tagline")).value(&input.tagline).render(errors))
                    (Field::new("logo_url", &page.t("admin-settings-logo")).value(&input.logo_url).hint(&page.t("admin-settings-logo-hint")).render(errors))
                    (Field::new("primary_color", &page.t("admin-settings-color")).kind("color").value(&input.primary_color).render(errors))
                    (Field::new("employee_domains", &page.t("admin-settings-domains")).kind("textarea").value(&input.employee_domains)
                        .hint(&page.t("admin-settings-domains-hint")).render(errors))
                    (Field::new("api_cors_origins", &page.t("admin-settings-origins")).kind("textarea").value(&input.api_cors_origins)
                        .hint(&page.t("admin-settings-origins-hint")).render(errors))
                    (language_field(page, input, errors))
                    button.button.primary type="submit" { (page.t("admin-settings-save")) }
                }
            }
        },
    )
}

/// The deployment's default language: a choice of the languages people can read.
fn language_field(page: &Page, input: &BrandInput, errors: &FieldErrors) -> Markup {
    let errors = &errors.in_lang(page.lang);
    let err = errors.get("default_language");
    let current = input.default_language.as_deref().unwrap_or("");
    html! {
        div.field.has-error[err.is_some()] {
            label for="f-default_language" { (page.t("admin-settings-language")) }
            select #f-default_language name="default_language"
                aria-invalid=[err.map(|_| "true")]
                aria-describedby=(if err.is_some() { "f-default_language-error" } else { "f-default_language-hint" }) {
                @for l in Language::ALL {
                    option value=(l.as_str()) lang=(l.as_str()) selected[l.as_str() == current] { (l.label()) }
                }
            }
            p.hint #f-default_language-hint { (page.t("admin-settings-language-hint")) }
            @if let Some(e) = err { p.error #f-default_language-error role="alert" { (e) } }
        }
    }
}

fn role_label(lang: Lang, r: SiteRole) -> String {
    lang.t(match r {
        SiteRole::Member => "admin-role-member",
        SiteRole::Moderator => "admin-role-moderator",
        SiteRole::Admin => "admin-role-admin",
    })
}

/// `deletable[i]`: the guardian lets the admin delete `list[i]`'s account (issue 22).
pub fn users(page: &Page, list: &[User], deletable: &[bool], q: &str) -> Markup {
    let lang = page.lang;
    let title = page.t("admin-users-title");
    layout(
        page,
        &title,
        html! {
            h1 { (title) }
            (admin_tabs(lang, "/admin/users"))
            form.search method="get" action="/admin/users" role="search" {
                label for="q" { (page.t("admin-users-search-label")) }
                input #q type="search" name="q" value=(q);
                button.button type="submit" { (page.t("admin-users-search")) }
            }
            @if list.is_empty() {
                (empty_state(&page.t("admin-users-none"), html! { p { (page.t("admin-users-none-hint")) } }))
            } @else {
                table.table {
                    thead { tr { th { (page.t("admin-users-col-member")) } th { (page.t("admin-users-col-email")) } th { (page.t("admin-users-col-role")) } th { (page.t("admin-users-col-employee")) } th { (page.t("privacy-admin-column")) } } }
                    tbody {
                        @for (i, u) in list.iter().enumerate() {
                            tr {
                                td {
                                    a href={ "/u/" (u.username) } { (u.username) } @if u.is_employee { " " (employee_badge_in(lang)) }
                                    " " a.muted href={ "/mod/users/" (u.username) } { (page.t("admin-users-sanctions")) }
                                }
                                td { span data-content { (u.email) } @if u.email_confirmed_at.is_none() { " " span.badge.warn { (page.t("admin-users-unconfirmed")) } } @if u.email_bouncing_at.is_some() { " " span.badge.warn.bouncing title=(page.t("admin-users-bouncing-title")) { (page.t("admin-users-bouncing")) } } }
                                td {
                                    form.inline method="post" action={ "/admin/users/" (u.id) "/role" } {
                                        (csrf_field(&page.csrf))
                                        label.visually-hidden for={ "role-" (u.id) } { (crate::t!(lang, "admin-users-role-of", name = u.username.as_str())) }
                                        select id={ "role-" (u.id) } name="role" {
                                            @for r in SiteRole::ALL {
                                                option value=(r.as_str()) selected[*r == u.role] { (role_label(lang, *r)) }
                                            }
                                        }
                                        button.link-button type="submit" { (page.t("admin-users-set-role")) }
                                    }
                                }
                                td {
                                    form.inline method="post" action={ "/admin/users/" (u.id) "/employee" } {
                                        (csrf_field(&page.csrf))
                                        input type="hidden" name="employee" value=(if u.is_employee { "false" } else { "true" });
                                        button.link-button type="submit" { (page.t(if u.is_employee { "admin-users-unmark-employee" } else { "admin-users-mark-employee" })) }
                                    }
                                }
                                // Issue 22: privacy requests made on the member's behalf.
                                td { (crate::privacy::views::admin_actions(page, u.id.as_str(), deletable.get(i).copied().unwrap_or(false))) }
                            }
                        }
                    }
                }
            }
        },
    )
}

fn mail_state_label(lang: Lang, state: EmailState) -> String {
    lang.t(match state {
        EmailState::None => "admin-mail-state-none",
        EmailState::Pending => "admin-mail-state-pending",
        EmailState::Sent => "admin-mail-state-sent",
        EmailState::SkippedRead => "admin-mail-state-skipped-read",
        EmailState::Dropped => "admin-mail-state-dropped",
        EmailState::Capped => "admin-mail-state-capped",
        EmailState::Unsubscribed => "admin-mail-state-unsubscribed",
    })
}

fn outbox_status_label(lang: Lang, s: OutboxStatus) -> String {
    lang.t(match s {
        OutboxStatus::Queued => "admin-outbox-status-queued",
        OutboxStatus::Sent => "admin-outbox-status-sent",
        OutboxStatus::Failed => "admin-outbox-status-failed",
        OutboxStatus::Dropped => "admin-outbox-status-dropped",
    })
}

pub fn outbox(
    page: &Page,
    list: &[OutboxMessage],
    filter: Option<OutboxStatus>,
    notification_mail: &[(EmailState, i64)],
) -> Markup {
    let lang = page.lang;
    let title = page.t("admin-outbox-title");
    layout(
        page,
        &title,
        html! {
            h1 { (title) }
            (admin_tabs(lang, "/admin/outbox"))
            @if !notification_mail.is_empty() {
                section.card {
                    h2 { (page.t("admin-outbox-notification-mail")) }
                    p.muted { (page.t("admin-outbox-notification-mail-hint")) }
                    ul.stat-list {
                        @for (state, n) in notification_mail {
                            li { strong { (format::number(lang, *n)) } " " (mail_state_label(lang, *state)) }
                        }
                    }
                }
            }
            nav.filters aria-label=(page.t("admin-outbox-filter")) {
                a href="/admin/outbox" aria-current=[filter.is_none().then_some("page")] { (page.t("admin-outbox-all")) }
                @for s in OutboxStatus::ALL {
                    a href={ "/admin/outbox?status=" (s.as_str()) } aria-current=[(filter == Some(*s)).then_some("page")] { (outbox_status_label(lang, *s)) }
                }
            }
            @if list.is_empty() {
                (empty_state(&page.t("admin-outbox-empty"), html! { p { (page.t("admin-outbox-empty-hint")) } }))
            } @else {
                table.table {
                    thead { tr {
                        th { (page.t("admin-outbox-col-created")) } th { (page.t("admin-outbox-col-to")) } th { (page.t("admin-outbox-col-subject")) }
                        th { (page.t("admin-outbox-col-status")) } th { (page.t("admin-outbox-col-attempts")) } th { (page.t("admin-outbox-col-error")) } th {}
                    } }
                    tbody {
                        @for m in list {
                            tr {
                                td { time datetime=(m.created_at.rfc3339()) { (format::date_time(lang, m.created_at)) } }
                                td { (m.recipient) }
                                td { (m.subject) }
                                td { span class={ "badge status-" (m.status.as_str()) } { (outbox_status_label(lang, m.status)) } }
                                td { (format::number(lang, i64::from(m.attempts))) }
                                td.error-text { (m.last_error.as_deref().unwrap_or("")) }
                                td {
                                    @if m.status == OutboxStatus::Failed {
                                        form.inline method="post" action={ "/admin/outbox/" (m.id) "/retry" } {
                                            (csrf_field(&page.csrf))
                                            button.link-button type="submit" { (page.t("admin-outbox-retry")) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

pub fn audit(page: &Page, list: &[(AuditEntry, Option<AuthorView>)], q: &AuditQuery) -> Markup {
    let lang = page.lang;
    let title = page.t("admin-audit-title");
    layout(
        page,
        &title,
        html! {
            h1 { (title) }
            (admin_tabs(lang, "/admin/audit"))
            form.filters method="get" action="/admin/audit" role="search" {
                label for="a-actor" { (page.t("admin-audit-actor")) }
                input #a-actor type="text" name="actor" value=(q.actor);
                label for="a-action" { (page.t("admin-audit-action")) }
                input #a-action type="text" name="action" value=(q.action);
                label for="a-target" { (page.t("admin-audit-target")) }
                input #a-target type="text" name="target" value=(q.target);
                label for="a-community" { (page.t("admin-audit-community")) }
                input #a-community type="text" name="community" value=(q.community);
                label for="a-from" { (page.t("admin-audit-from")) }
                input #a-from type="date" name="from" value=(q.from);
                label for="a-to" { (page.t("admin-audit-to")) }
                input #a-to type="date" name="to" value=(q.to);
                button.button type="submit" { (page.t("admin-audit-filter")) }
                " " a.button href={ "/admin/audit.csv?" (q.encoded()) } { (page.t("admin-audit-export")) }
            }
            @if list.is_empty() {
                (empty_state(&page.t("admin-audit-empty"), html! { p { (page.t("admin-audit-empty-hint")) } }))
            } @else {
                table.table {
                    thead { tr {
                        th { (page.t("admin-audit-col-when")) } th { (page.t("admin-audit-col-who")) } th { (page.t("admin-audit-col-action")) }
                        th { (page.t("admin-audit-col-target")) } th { (page.t("admin-audit-col-details")) } th { (page.t("admin-audit-col-before")) } th { (page.t("admin-audit-col-after")) }
                    } }
                    tbody {
                        @for (e, who) in list {
                            tr {
                                td { time datetime=(e.created_at.rfc3339()) { (format::date_time(lang, e.created_at)) } }
                                td {
                                    @match actor_name(e, who.as_ref()) {
                                        Some(name) => span data-content { (name) },
                                        None => (page.t("admin-audit-system")),
                                    }
                                    @if let (Some(id), Some(_)) = (&e.actor_id, who) { br; small.muted data-content { (id) } }
                                }
                                td { code { (e.action) } }
                                td { code { (e.target_type) " " (e.target_id) } }
                                // The record as written when it happened (never re-worded).
                                td data-content { (e.details) }
                                td.audit-value data-content { (e.before_value) }
                                td.audit-value data-content { (e.after_value) }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// Who acted: the username, else the account id; `None` for the system itself.
fn actor_name(e: &AuditEntry, who: Option<&AuthorView>) -> Option<String> {
    match (who, &e.actor_id) {
        (Some(u), _) => Some(u.username.clone()),
        (None, Some(id)) => Some(id.to_string()),
        (None, None) => None,
    }
}

/// One CSV field: quoted, quotes doubled, and a leading = + - @ neutralised so a
/// spreadsheet does not run it as a formula.
fn csv_field(s: &str) -> String {
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

pub fn audit_csv(list: &[(AuditEntry, Option<AuthorView>)]) -> String {
    let mut out =
        String::from("when,who,action,target_type,target_id,community_id,details,before,after\r\n");
    for (e, who) in list {
        let fields = [
            e.created_at.rfc3339(),
            actor_name(e, who.as_ref()).unwrap_or_else(|| "system".into()),
            e.action.clone(),
            e.target_type.clone(),
            e.target_id.clone(),
            e.community_id
                .as_ref()
                .map(|c| c.to_string())
                .unwrap_or_default(),
            e.details.clone(),
            e.before_value.clone(),
            e.after_value.clone(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}
