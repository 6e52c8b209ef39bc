//! Pages of the review queue, policy settings and sanctions. Pure functions of their data.

use maud::{html, Markup};

use crate::db::models::communities::Community;
use crate::db::models::posts::Post;
use crate::db::models::topics::Topic;
use crate::db::models::users::User;
use crate::db::{
    Detector, FlagReason, ModerationState, PolicyAction, RuleKind, SanctionKind, Timestamp,
};
use crate::error::FieldErrors;
use crate::moderation::policy::{Match, Screening};
use crate::moderation::policy_settings::PolicyOverview;
use crate::moderation::queue::QueueEntry;
use crate::views::components::{csrf_field, empty_state, error_summary, Field};
use crate::views::{layout, Page};

/// `text` with every occurrence of the matched strings wrapped in `<mark>` (escaped by
/// maud; no raw HTML).
pub fn highlighted(text: &str, matches: &[Match]) -> Markup {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for m in matches.iter().filter(|m| !m.text.is_empty()) {
        let mut from = 0;
        while let Some(i) = text[from..].find(&m.text) {
            let start = from + i;
            spans.push((start, start + m.text.len()));
            from = start + m.text.len();
            if spans.len() > 200 {
                break;
            }
        }
    }
    spans.sort_unstable();
    let mut pieces: Vec<(bool, &str)> = Vec::new();
    let mut at = 0;
    for (a, b) in spans {
        if a < at {
            continue;
        }
        pieces.push((false, &text[at..a]));
        pieces.push((true, &text[a..b]));
        at = b;
    }
    pieces.push((false, &text[at..]));
    html! {
        pre.matched-text { @for (hit, piece) in pieces { @if hit { mark { (piece) } } @else { (piece) } } }
    }
}

fn state_label(s: ModerationState) -> &'static str {
    match s {
        ModerationState::Published => "Published",
        ModerationState::Held => "Awaiting approval",
        ModerationState::Hidden => "Hidden",
    }
}

pub fn sanction_fields(prefix: &str) -> Markup {
    html! {
        label for={ (prefix) "-kind" } { "Sanction" }
        select id={ (prefix) "-kind" } name="kind" {
            option value=(SanctionKind::Silence.as_str()) { "Silence (read-only)" }
            option value=(SanctionKind::Suspend.as_str()) { "Suspend" }
            option value=(SanctionKind::Ban.as_str()) { "Ban" }
        }
        label for={ (prefix) "-days" } { "Days (silence and suspension)" }
        input id={ (prefix) "-days" } type="number" name="days" min="1" max="3650" value="7";
        label for={ (prefix) "-reason" } { "Reason (sent to the member)" }
        input id={ (prefix) "-reason" } type="text" name="reason" required maxlength="500";
    }
}

/// `sanction_site_wide` (the guardian's answer) links each author to their sanctions page.
pub fn review_queue(
    page: &Page,
    entries: &[QueueEntry],
    communities: &[Community],
    current: Option<&Community>,
    sanction_site_wide: bool,
    now: Timestamp,
) -> Markup {
    layout(
        page,
        "Review queue",
        html! {
            h1 { "Review queue" @if let Some(c) = current { " · " (c.name) } }
            nav.filters aria-label="Sub-communities" {
                a href="/review" aria-current=[current.is_none().then_some("page")] { "All mine" }
                @for c in communities {
                    a href={ "/review?c=" (c.slug) } aria-current=[current.is_some_and(|x| x.id == c.id).then_some("page")] { (c.name) }
                }
            }
            @if entries.is_empty() {
                (empty_state("Nothing to review", html! { p { "Flagged posts, posts held by the content policy and first posts of new members appear here." } }))
            }
            @for e in entries {
                section.card.review-item id={ "item-" (e.item.id) } {
                    h2 {
                        a href={ (e.topic.path()) "#p" (e.post.post_number) } { (e.topic.title) }
                    }
                    p.muted {
                        span.badge.warn { (e.item.reason.label()) } " "
                        span.badge { (state_label(e.post.moderation_state)) } " "
                        "in " (e.community.name) " · by "
                        a href={ "/u/" (e.author.username) } { (e.author.username) }
                        @if sanction_site_wide { " (" a href={ "/mod/users/" (e.author.username) } { "sanctions" } ")" }
                        " · " (crate::forums::views::age(now, e.item.created_at))
                    }
                    (highlighted(&e.post.body_markdown, &e.matches))
                    @if !e.matches.is_empty() {
                        h3 { "What matched" }
                        ul.matches {
                            @for m in &e.matches {
                                li { (m.label) " → " strong { (m.action.as_str()) } ": " mark { (m.text) } }
                            }
                        }
                    }
                    @if !e.flags.is_empty() {
                        h3 { "Flags" }
                        ul.flags {
                            @for (f, who) in &e.flags {
                                li {
                                    a href={ "/u/" (who.username) } { (who.username) } ": " (f.reason.label())
                                    @if !f.note.is_empty() { " — " (f.note) }
                                    @if f.trusted { " " span.badge { "trusted" } }
                                }
                            }
                        }
                    }
                    div.review-actions {
                        @for (action, label) in [("approve", "Approve"), ("ignore", "Ignore flags"), ("hide", "Hide"), ("delete", "Delete")] {
                            form.inline method="post" action={ "/review/" (e.item.id) } {
                                (csrf_field(&page.csrf))
                                input type="hidden" name="action" value=(action);
                                button.button.small type="submit" { (label) }
                            }
                        }
                    }
                    details {
                        summary { "Edit and approve" }
                        form method="post" action={ "/review/" (e.item.id) } {
                            (csrf_field(&page.csrf))
                            input type="hidden" name="action" value="edit";
                            label for={ "body-" (e.item.id) } { "Text" }
                            textarea id={ "body-" (e.item.id) } name="body" rows="6" { (e.post.body_markdown) }
                            label for={ "why-" (e.item.id) } { "Reason for the edit" }
                            input id={ "why-" (e.item.id) } type="text" name="reason" required maxlength="500";
                            button.button.small type="submit" { "Save and approve" }
                        }
                    }
                    details {
                        summary { "Sanction the author" }
                        form method="post" action={ "/review/" (e.item.id) } {
                            (csrf_field(&page.csrf))
                            input type="hidden" name="action" value="sanction";
                            (sanction_fields(&format!("s-{}", e.item.id)))
                            button.button.small.danger type="submit" { "Hide the post and sanction" }
                        }
                    }
                }
            }
        },
    )
}

/// Values of the rule form (kept when the page is shown again after a test or an error).
pub struct RuleValues<'a> {
    pub kind: &'a str,
    pub pattern: &'a str,
    pub action: &'a str,
    pub skip_employee_only: bool,
    pub sample: &'a str,
}

impl Default for RuleValues<'_> {
    fn default() -> Self {
        Self {
            kind: "word",
            pattern: "",
            action: "hold",
            skip_employee_only: false,
            sample: "",
        }
    }
}

fn rule_form(page: &Page, base: &str, v: &RuleValues<'_>, errors: &FieldErrors) -> Markup {
    html! {
        form method="post" action={ (base) "/rules" } {
            (csrf_field(&page.csrf))
            label for="f-kind" { "Kind" }
            select #f-kind name="kind" {
                @for k in RuleKind::ALL {
                    option value=(k.as_str()) selected[k.as_str() == v.kind] { (k.as_str()) }
                }
            }
            (Field::new("pattern", "Word, phrase or regular expression").value(v.pattern)
                .hint("Words and phrases match whole words, ignoring case. Regular expressions use the linear-time regex syntax (no look-around or back-references).").render(errors))
            label for="f-action" { "Action" }
            select #f-action name="action" {
                @for a in PolicyAction::ALL {
                    option value=(a.as_str()) selected[a.as_str() == v.action] { (a.label()) }
                }
            }
            label.checkbox {
                input type="checkbox" name="skip_employee_only" value="true" checked[v.skip_employee_only];
                " Do not apply in employee-only sub-communities"
            }
            (Field::new("sample", "Sample text to test").kind("textarea").value(v.sample)
                .hint("Test runs this rule (or, with no pattern, the policy in force) on the sample without saving.").render(errors))
            button.button type="submit" formaction={ (base) "/test" } { "Test" } " "
            button.button.primary type="submit" { "Save rule" }
        }
    }
}

fn test_result(sample: &str, s: &Screening) -> Markup {
    html! {
        section.card.test-result aria-live="polite" {
            h2 { "Test result" }
            @match s.verdict() {
                None => p { "Nothing matched: this text would be published as it is." },
                Some(v) => p { "Outcome: " strong { (v.label()) } },
            }
            @if !s.matches.is_empty() {
                (highlighted(sample, &s.matches))
                ul.matches { @for m in &s.matches { li { (m.label) ": " mark { (m.text) } } } }
                @if s.text != sample { h3 { "After censoring" } pre.matched-text { (s.text) } }
            }
        }
    }
}

fn rules_table(page: &Page, overview: &PolicyOverview) -> Markup {
    html! {
        @if overview.rules.is_empty() {
            p.muted { "No rules yet." }
        } @else {
            table.table {
                thead { tr { th { "Kind" } th { "Pattern" } th { "Action" } th { "Employee-only" } th {} } }
                tbody {
                    @for r in &overview.rules {
                        tr {
                            td { (r.kind.as_str()) }
                            td { code { (r.pattern) } }
                            td { (r.action.label()) }
                            td { (if r.skip_employee_only { "skipped" } else { "applies" }) }
                            td {
                                form.inline method="post" action={ "/moderation/rules/" (r.id) "/delete" } {
                                    (csrf_field(&page.csrf))
                                    button.link-button type="submit" { "Delete" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub struct PolicyPage<'a> {
    pub overview: &'a PolicyOverview,
    /// The sub-community whose own settings these are (None: the deployment).
    pub community: Option<&'a Community>,
    pub hold_first_posts: i32,
    pub rule: RuleValues<'a>,
    pub errors: FieldErrors,
    pub test: Option<Screening>,
}

pub fn policy_page(page: &Page, p: &PolicyPage<'_>) -> Markup {
    let (title, base) = match p.community {
        Some(c) => (
            format!("Moderation · {}", c.name),
            format!("/c/{}/moderation", c.slug),
        ),
        None => (
            "Moderation policy".to_string(),
            "/admin/moderation".to_string(),
        ),
    };
    let s = &p.overview.settings;
    layout(
        page,
        &title,
        html! {
            h1 { (title) }
            (error_summary(&p.errors))
            @if let Some(t) = &p.test { (test_result(p.rule.sample, t)) }
            @if let Some(c) = p.community {
                section.card {
                    h2 { "Pre-moderation" }
                    form method="post" action=(base) {
                        (csrf_field(&page.csrf))
                        (Field::new("hold_first_posts", "Hold the first posts of each new member").kind("number")
                            .value(&p.hold_first_posts.to_string())
                            .hint("0 turns pre-moderation off. Held posts are seen only by their author and the moderators until approved.").render(&p.errors))
                        button.button.primary type="submit" { "Save" }
                    }
                    p { a href={ "/review?c=" (c.slug) } { "Open the review queue" } }
                }
            } @else {
                section.card {
                    h2 { "Detectors and limits" }
                    form method="post" action=(base) {
                        (csrf_field(&page.csrf))
                        table.table {
                            thead { tr { th { "Detector" } th { "On" } th { "Action" } th { "Skip employee-only" } } }
                            tbody {
                                @for d in &p.overview.detectors {
                                    tr {
                                        td { (d.detector.label()) }
                                        td { input type="checkbox" name={ "det_" (d.detector) "_enabled" } value="true" checked[d.enabled] aria-label={ "Enable " (d.detector.label()) }; }
                                        td {
                                            select name={ "det_" (d.detector) "_action" } aria-label={ "Action for " (d.detector.label()) } {
                                                @for a in PolicyAction::ALL {
                                                    option value=(a.as_str()) selected[*a == d.action] { (a.label()) }
                                                }
                                            }
                                        }
                                        td { input type="checkbox" name={ "det_" (d.detector) "_skip" } value="true" checked[d.skip_employee_only] aria-label={ "Skip employee-only for " (d.detector.label()) }; }
                                    }
                                }
                            }
                        }
                        (Field::new("code_names", "Internal code names").kind("textarea").value(&s.code_names).hint("One per line.").render(&p.errors))
                        (Field::new("markers", "Confidentiality markers").kind("textarea").value(&s.markers).hint("One phrase per line, e.g. internal only.").render(&p.errors))
                        (Field::new("flag_threshold", "Flags from trusted members that hide a post").kind("number").value(&s.flag_threshold.to_string()).render(&p.errors))
                        (Field::new("new_account_hours", "An account is new for (hours)").kind("number").value(&s.new_account_hours.to_string()).render(&p.errors))
                        (Field::new("new_account_posts_per_hour", "Posts per hour for new accounts").kind("number").value(&s.new_account_posts_per_hour.to_string()).render(&p.errors))
                        (Field::new("new_account_max_links", "Links per post for new accounts").kind("number").value(&s.new_account_max_links.to_string()).render(&p.errors))
                        button.button.primary type="submit" { "Save" }
                    }
                }
            }
            section.card {
                h2 { @if p.community.is_some() { "Rules of this sub-community" } @else { "Rules for every sub-community" } }
                (rules_table(page, p.overview))
                h3 { "Add or test a rule" }
                (rule_form(page, &base, &p.rule, &p.errors))
            }
        },
    )
}

/// `/p/{id}/flag`: why moderators should look at a post. A page of its own (linked from
/// each post) rather than a form repeated under every post of a topic page.
pub fn flag_page(
    page: &Page,
    post: &Post,
    topic: &Topic,
    note: &str,
    errors: &FieldErrors,
) -> Markup {
    let form = html! {
        form method="post" action={ "/p/" (post.id) "/flag" } {
            (csrf_field(&page.csrf))
            fieldset {
                legend { "Why should moderators look at this?" }
                @for r in FlagReason::ALL {
                    label.radio { input type="radio" name="reason" value=(r.as_str()) required; " " (r.label()) }
                }
                @if let Some(e) = errors.get("reason") { p.error role="alert" { (e) } }
            }
            (Field::new("note", "Explanation (required for other)").value(note).render(errors))
            div.form-actions {
                button.button.primary type="submit" { "Flag" }
            }
        }
    };
    crate::forums::views::post_form_page(page, "Flag a post", post, topic, errors, form)
}

pub fn member_page(page: &Page, member: &User, now: Timestamp, errors: &FieldErrors) -> Markup {
    let title = format!("Sanctions · {}", member.username);
    layout(
        page,
        &title,
        html! {
            h1 { (title) }
            (error_summary(errors))
            section.card {
                @if member.is_suspended_at(now) {
                    p { span.badge.warn { "Suspended" } " until " (member.suspended_until.map(|t| t.date_string()).unwrap_or_default())
                        @if let Some(r) = &member.suspension_reason { " — " (r) } }
                }
                @if member.is_silenced_at(now) {
                    p { span.badge.warn { "Silenced" } " until " (member.silenced_until.map(|t| t.date_string()).unwrap_or_default()) }
                }
                @if !member.is_suspended_at(now) && !member.is_silenced_at(now) { p { "No sanction in force." } }
                form method="post" action={ "/mod/users/" (member.username) "/sanction" } {
                    (csrf_field(&page.csrf))
                    (sanction_fields("m"))
                    button.button.danger type="submit" { "Apply" }
                }
                form method="post" action={ "/mod/users/" (member.username) "/sanction" } {
                    (csrf_field(&page.csrf))
                    input type="hidden" name="kind" value=(SanctionKind::Lift.as_str());
                    button.button type="submit" { "Lift every sanction" }
                }
            }
        },
    )
}

/// The detectors in form order (for parsing the settings form).
pub fn detector_names() -> &'static [Detector] {
    Detector::ALL
}
