use maud::{html, Markup};

use crate::admin::routes::AuditQuery;
use crate::admin::service::BrandInput;
use crate::db::models::audit::AuditEntry;
use crate::db::models::authors::AuthorView;
use crate::db::models::outbox::OutboxMessage;
use crate::db::models::users::User;
use crate::db::{OutboxStatus, SiteRole};
use crate::error::FieldErrors;
use crate::views::components::{csrf_field, employee_badge, empty_state, error_summary, Field};
use crate::views::{layout, Page};

pub(crate) fn admin_nav(current: &str) -> Markup {
    let items = [
        ("/admin", "Overview"),
        ("/admin/settings", "Brand & sign-up"),
        ("/admin/users", "Members"),
        ("/admin/outbox", "Mail outbox"),
        ("/admin/inbound", "Inbound mail"), // issue 24
        ("/admin/webhooks", "Webhooks"),
        ("/admin/moderation", "Moderation policy"),
        ("/admin/tokens", "API tokens"),
        ("/admin/embedding", "Embedding"),
        ("/admin/sso", "Single sign-on"),
        ("/admin/audit", "Audit log"),
        ("/admin/search", "Search insights"), // issue 19 (search-ui)
        ("/admin/outcomes", "Outcomes"),
        ("/admin/teams", "Teams"), // issue 20 (escalations)      // issue 20 (outcomes)
        ("/admin/invitations", "Invitations"), // issue 24
    ];
    html! {
        nav.tabs aria-label="Administration" {
            @for (href, label) in items {
                @if href == current { a.active href=(href) aria-current="page" { (label) } } @else { a href=(href) { (label) } }
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

pub fn index(page: &Page, o: &Overview) -> Markup {
    layout(
        page,
        "Administration",
        html! {
            h1 { "Administration" }
            (admin_nav("/admin"))
            div.stats {
                div.stat { span.stat-value { (o.members) } span.stat-label { "members" } }
                div.stat { span.stat-value { (o.communities) } span.stat-label { "sub-communities" } }
                div.stat { span.stat-value { (o.queued) } span.stat-label { "mails queued" } }
                div.stat.warn[o.failed > 0] { span.stat-value { (o.failed) } span.stat-label { "mails failed" } }
            }
            p { a.button href="/admin/communities/new" { "New sub-community" } }
        },
    )
}

pub fn settings(page: &Page, input: &BrandInput, errors: &FieldErrors) -> Markup {
    layout(
        page,
        "Brand & sign-up",
        html! {
            h1 { "Brand & sign-up" }
            (admin_nav("/admin/settings"))
            section.card {
                (error_summary(errors))
                form method="post" action="/admin/settings" {
                    (csrf_field(&page.csrf))
                    (Field::new("site_name", "Site name").value(&input.site_name).required().render(errors))
                    (Field::new("tagline", "Tagline").value(&input.tagline).render(errors))
                    (Field::new("logo_url", "Logo URL").value(&input.logo_url).hint("https:// address of an image, shown in the header.").render(errors))
                    (Field::new("primary_color", "Brand colour").kind("color").value(&input.primary_color).render(errors))
                    (Field::new("employee_domains", "Employee email domains").kind("textarea").value(&input.employee_domains)
                        .hint("One per line, e.g. example.com. Members who confirm an address on these domains become employees.").render(errors))
                    (Field::new("api_cors_origins", "API origins (CORS)").kind("textarea").value(&input.api_cors_origins)
                        .hint("One per line, e.g. https://www.example.com. Scripts on these sites may call /api/v1 with a token; none by default.").render(errors))
                    button.button.primary type="submit" { "Save" }
                }
            }
        },
    )
}

pub fn users(page: &Page, list: &[User], q: &str) -> Markup {
    layout(
        page,
        "Members",
        html! {
            h1 { "Members" }
            (admin_nav("/admin/users"))
            form.search method="get" action="/admin/users" role="search" {
                label for="q" { "Find by username or email prefix" }
                input #q type="search" name="q" value=(q);
                button.button type="submit" { "Search" }
            }
            @if list.is_empty() {
                (empty_state("No members found", html! { p { "Try another search." } }))
            } @else {
                table.table {
                    thead { tr { th { "Member" } th { "Email" } th { "Role" } th { "Employee" } } }
                    tbody {
                        @for u in list {
                            tr {
                                td {
                                    a href={ "/u/" (u.username) } { (u.username) } @if u.is_employee { " " (employee_badge()) }
                                    " " a.muted href={ "/mod/users/" (u.username) } { "sanctions" }
                                }
                                td { (u.email) @if u.email_confirmed_at.is_none() { " " span.badge.warn { "unconfirmed" } } @if u.email_bouncing_at.is_some() { " " span.badge.warn.bouncing title="Repeated hard bounces: no mail is sent to this address" { "bouncing" } } }
                                td {
                                    form.inline method="post" action={ "/admin/users/" (u.id) "/role" } {
                                        (csrf_field(&page.csrf))
                                        label.visually-hidden for={ "role-" (u.id) } { "Role of " (u.username) }
                                        select id={ "role-" (u.id) } name="role" {
                                            @for r in SiteRole::ALL {
                                                option value=(r.as_str()) selected[*r == u.role] { (r.as_str()) }
                                            }
                                        }
                                        button.link-button type="submit" { "Set" }
                                    }
                                }
                                td {
                                    form.inline method="post" action={ "/admin/users/" (u.id) "/employee" } {
                                        (csrf_field(&page.csrf))
                                        input type="hidden" name="employee" value=(if u.is_employee { "false" } else { "true" });
                                        button.link-button type="submit" { (if u.is_employee { "Unmark employee" } else { "Mark as employee" }) }
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

pub fn outbox(
    page: &Page,
    list: &[OutboxMessage],
    filter: Option<OutboxStatus>,
    notification_mail: &[(crate::db::EmailState, i64)],
) -> Markup {
    layout(
        page,
        "Mail outbox",
        html! {
            h1 { "Mail outbox" }
            (admin_nav("/admin/outbox"))
            @if !notification_mail.is_empty() {
                section.card {
                    h2 { "Notification mail" }
                    p.muted { "What became of each notification's email before it reached the outbox." }
                    ul.stat-list {
                        @for (state, n) in notification_mail {
                            li { strong { (n) } " " (match state {
                                crate::db::EmailState::None => "not mailed (switched off or unconfirmed)",
                                crate::db::EmailState::Pending => "waiting for the batching window",
                                crate::db::EmailState::Sent => "mailed",
                                crate::db::EmailState::SkippedRead => "skipped: already read on the site",
                                crate::db::EmailState::Dropped => "dropped: no longer visible to the member",
                                crate::db::EmailState::Capped => "held back by the daily cap",
                                crate::db::EmailState::Unsubscribed => "skipped: unsubscribed",
                            }) }
                        }
                    }
                }
            }
            nav.filters aria-label="Filter by status" {
                a href="/admin/outbox" aria-current=[filter.is_none().then_some("page")] { "All" }
                @for s in OutboxStatus::ALL {
                    a href={ "/admin/outbox?status=" (s.as_str()) } aria-current=[(filter == Some(*s)).then_some("page")] { (s.as_str()) }
                }
            }
            @if list.is_empty() {
                (empty_state("Nothing here", html! { p { "Mail waiting for delivery, sent, or failed will be listed here." } }))
            } @else {
                table.table {
                    thead { tr { th { "Created" } th { "To" } th { "Subject" } th { "Status" } th { "Attempts" } th { "Last error" } th {} } }
                    tbody {
                        @for m in list {
                            tr {
                                td { time datetime=(m.created_at.rfc3339()) { (m.created_at.rfc3339()) } }
                                td { (m.recipient) }
                                td { (m.subject) }
                                td { span class={ "badge status-" (m.status.as_str()) } { (m.status.as_str()) } }
                                td { (m.attempts) }
                                td.error-text { (m.last_error.as_deref().unwrap_or("")) }
                                td {
                                    @if m.status == OutboxStatus::Failed {
                                        form.inline method="post" action={ "/admin/outbox/" (m.id) "/retry" } {
                                            (csrf_field(&page.csrf))
                                            button.link-button type="submit" { "Retry" }
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
    layout(
        page,
        "Audit log",
        html! {
            h1 { "Audit log" }
            (admin_nav("/admin/audit"))
            form.filters method="get" action="/admin/audit" role="search" {
                label for="a-actor" { "Who (username)" }
                input #a-actor type="text" name="actor" value=(q.actor);
                label for="a-action" { "Action (e.g. review. or user.suspend)" }
                input #a-action type="text" name="action" value=(q.action);
                label for="a-target" { "Target id" }
                input #a-target type="text" name="target" value=(q.target);
                label for="a-community" { "Sub-community (address)" }
                input #a-community type="text" name="community" value=(q.community);
                label for="a-from" { "From" }
                input #a-from type="date" name="from" value=(q.from);
                label for="a-to" { "To" }
                input #a-to type="date" name="to" value=(q.to);
                button.button type="submit" { "Filter" }
                " " a.button href={ "/admin/audit.csv?" (q.encoded()) } { "Export CSV" }
            }
            @if list.is_empty() {
                (empty_state("No actions recorded", html! { p { "Every moderator and admin action will be listed here." } }))
            } @else {
                table.table {
                    thead { tr { th { "When" } th { "Who" } th { "Action" } th { "Target" } th { "Details" } th { "Before" } th { "After" } } }
                    tbody {
                        @for (e, who) in list {
                            tr {
                                td { time datetime=(e.created_at.rfc3339()) { (e.created_at.rfc3339()) } }
                                td {
                                    (actor_name(e, who.as_ref()))
                                    @if let (Some(id), Some(_)) = (&e.actor_id, who) { br; small.muted { (id) } }
                                }
                                td { code { (e.action) } }
                                td { (e.target_type) " " (e.target_id) }
                                td { (e.details) }
                                td.audit-value { (e.before_value) }
                                td.audit-value { (e.after_value) }
                            }
                        }
                    }
                }
            }
        },
    )
}

fn actor_name(e: &AuditEntry, who: Option<&AuthorView>) -> String {
    match (who, &e.actor_id) {
        (Some(u), _) => u.username.clone(),
        (None, Some(id)) => id.to_string(),
        (None, None) => "system".into(),
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
            actor_name(e, who.as_ref()),
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
