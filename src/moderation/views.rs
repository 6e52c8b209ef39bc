//! Pages of the review queue, policy settings and sanctions. Pure functions of their data.

use maud::{html, Markup};

use crate::db::models::communities::Community;
use crate::db::models::posts::Post;
use crate::db::models::topics::Topic;
use crate::db::models::users::User;
use crate::db::{
    Detector, FlagReason, ModerationState, PolicyAction, ReviewReason, RuleKind, SanctionKind,
    Timestamp,
};
use crate::error::FieldErrors;
use crate::i18n::{format, Lang};
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

fn state_label(lang: Lang, s: ModerationState) -> String {
    lang.t(match s {
        ModerationState::Published => "moderation-state-published",
        ModerationState::Held => "moderation-state-held",
        ModerationState::Hidden => "moderation-state-hidden",
    })
}

/// Why a post is in the queue, in `lang`.
pub fn reason_label(lang: Lang, r: ReviewReason) -> String {
    lang.t(match r {
        ReviewReason::Flagged => "moderation-reason-flagged",
        ReviewReason::Policy => "moderation-reason-policy",
        ReviewReason::NewMember => "moderation-reason-new-member",
    })
}

/// A member's reason for flagging, in `lang`.
pub fn flag_reason_label(lang: Lang, r: FlagReason) -> String {
    lang.t(match r {
        FlagReason::Spam => "moderation-flag-spam",
        FlagReason::Inappropriate => "moderation-flag-inappropriate",
        FlagReason::OffTopic => "moderation-flag-off-topic",
        FlagReason::Confidential => "moderation-flag-confidential",
        FlagReason::Other => "moderation-flag-other",
    })
}

/// A built-in detector's name, in `lang`.
pub fn detector_label(lang: Lang, d: Detector) -> String {
    lang.t(crate::moderation::policy::detector_key(d))
}

/// What a policy action does, in `lang`.
pub fn action_label(lang: Lang, a: PolicyAction) -> String {
    lang.t(match a {
        PolicyAction::Censor => "moderation-policy-action-censor",
        PolicyAction::Flag => "moderation-policy-action-flag",
        PolicyAction::Hold => "moderation-policy-action-hold",
        PolicyAction::Block => "moderation-policy-action-block",
    })
}

fn rule_kind_label(lang: Lang, k: RuleKind) -> String {
    lang.t(match k {
        RuleKind::Word => "moderation-rule-kind-word",
        RuleKind::Phrase => "moderation-rule-kind-phrase",
        RuleKind::Regex => "moderation-rule-kind-regex",
    })
}

/// What matched, in `lang`. Findings are stored with the engine's fixed English label
/// (a detector's name, or the rule "pattern"); those fixed codes are translated, and
/// anything else (a label from an older version) is shown as stored.
pub fn match_label(lang: Lang, label: &str) -> String {
    if let Some(d) = Detector::ALL.iter().find(|d| d.label() == label) {
        return detector_label(lang, *d);
    }
    if let Some(pattern) = crate::moderation::policy::rule_pattern(label) {
        return crate::t!(lang, "moderation-match-rule", pattern = pattern);
    }
    label.to_string()
}

pub fn sanction_fields(lang: Lang, prefix: &str) -> Markup {
    html! {
        label for={ (prefix) "-kind" } { (lang.t("moderation-sanction")) }
        select id={ (prefix) "-kind" } name="kind" {
            option value=(SanctionKind::Silence.as_str()) { (lang.t("moderation-sanction-silence")) }
            option value=(SanctionKind::Suspend.as_str()) { (lang.t("moderation-sanction-suspend")) }
            option value=(SanctionKind::Ban.as_str()) { (lang.t("moderation-sanction-ban")) }
        }
        label for={ (prefix) "-days" } { (lang.t("moderation-sanction-days")) }
        input id={ (prefix) "-days" } type="number" name="days" min="1" max="3650" value="7";
        label for={ (prefix) "-reason" } { (lang.t("moderation-sanction-reason")) }
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
    let lang = page.lang;
    let title = page.t("moderation-queue-title");
    layout(
        page,
        &title,
        html! {
            h1 { (title) @if let Some(c) = current { " · " (c.name) } }
            nav.filters aria-label=(page.t("moderation-queue-communities")) {
                a href="/review" aria-current=[current.is_none().then_some("page")] { (page.t("moderation-queue-all")) }
                @for c in communities {
                    a href={ "/review?c=" (c.slug) } aria-current=[current.is_some_and(|x| x.id == c.id).then_some("page")] data-content { (c.name) }
                }
            }
            @if entries.is_empty() {
                (empty_state(&page.t("moderation-queue-empty"), html! { p { (page.t("moderation-queue-empty-hint")) } }))
            }
            @for e in entries {
                section.card.review-item id={ "item-" (e.item.id) } {
                    h2 {
                        a href={ (e.topic.path()) "#p" (e.post.post_number) } { (e.topic.title) }
                    }
                    p.muted {
                        span.badge.warn { (reason_label(lang, e.item.reason)) } " "
                        span.badge { (state_label(lang, e.post.moderation_state)) } " "
                        (crate::t!(lang, "moderation-queue-in", community = e.community.name.as_str())) " · " (page.t("moderation-queue-by")) " "
                        a href={ "/u/" (e.author.username) } { (e.author.username) }
                        @if sanction_site_wide { " (" a href={ "/mod/users/" (e.author.username) } { (page.t("moderation-queue-sanctions")) } ")" }
                        " · " time datetime=(e.item.created_at.rfc3339()) { (format::relative(lang, e.item.created_at, now)) }
                    }
                    (highlighted(&e.post.body_markdown, &e.matches))
                    @if !e.matches.is_empty() {
                        h3 { (page.t("moderation-queue-matched")) }
                        ul.matches {
                            @for m in &e.matches {
                                li { (match_label(lang, &m.label)) " → " strong { (action_label(lang, m.action)) } ": " mark { (m.text) } }
                            }
                        }
                    }
                    @if !e.flags.is_empty() {
                        h3 { (page.t("moderation-queue-flags")) }
                        ul.flags {
                            @for (f, who) in &e.flags {
                                li {
                                    a href={ "/u/" (who.username) } { (who.username) } ": " (flag_reason_label(lang, f.reason))
                                    @if !f.note.is_empty() { " — " (f.note) }
                                    @if f.trusted { " " span.badge { (page.t("moderation-queue-trusted")) } }
                                }
                            }
                        }
                    }
                    div.review-actions {
                        @for (action, key) in [("approve", "moderation-action-approve"), ("ignore", "moderation-action-ignore"), ("hide", "moderation-action-hide"), ("delete", "moderation-action-delete")] {
                            form.inline method="post" action={ "/review/" (e.item.id) } {
                                (csrf_field(&page.csrf))
                                input type="hidden" name="action" value=(action);
                                button.button.small type="submit" { (page.t(key)) }
                            }
                        }
                    }
                    details {
                        summary { (page.t("moderation-edit-summary")) }
                        form method="post" action={ "/review/" (e.item.id) } {
                            (csrf_field(&page.csrf))
                            input type="hidden" name="action" value="edit";
                            label for={ "body-" (e.item.id) } { (page.t("moderation-edit-text")) }
                            textarea id={ "body-" (e.item.id) } name="body" rows="6" { (e.post.body_markdown) }
                            label for={ "why-" (e.item.id) } { (page.t("moderation-edit-reason")) }
                            input id={ "why-" (e.item.id) } type="text" name="reason" required maxlength="500";
                            button.button.small type="submit" { (page.t("moderation-edit-save")) }
                        }
                    }
                    details {
                        summary { (page.t("moderation-sanction-summary")) }
                        form method="post" action={ "/review/" (e.item.id) } {
                            (csrf_field(&page.csrf))
                            input type="hidden" name="action" value="sanction";
                            (sanction_fields(lang, &format!("s-{}", e.item.id)))
                            button.button.small.danger type="submit" { (page.t("moderation-sanction-submit")) }
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
    let errors = &errors.in_lang(page.lang);
    html! {
        form method="post" action={ (base) "/rules" } {
            (csrf_field(&page.csrf))
            label for="f-kind" { (page.t("moderation-rule-kind")) }
            select #f-kind name="kind" {
                @for k in RuleKind::ALL {
                    option value=(k.as_str()) selected[k.as_str() == v.kind] { (rule_kind_label(page.lang, *k)) }
                }
            }
            (Field::new("pattern", &page.t("moderation-rule-pattern")).value(v.pattern)
                .hint(&page.t("moderation-rule-pattern-hint")).render(errors))
            label for="f-action" { (page.t("moderation-rule-action")) }
            select #f-action name="action" {
                @for a in PolicyAction::ALL {
                    option value=(a.as_str()) selected[a.as_str() == v.action] { (action_label(page.lang, *a)) }
                }
            }
            label.checkbox {
                input type="checkbox" name="skip_employee_only" value="true" checked[v.skip_employee_only];
                " " (page.t("moderation-rule-skip"))
            }
            (Field::new("sample", &page.t("moderation-rule-sample")).kind("textarea").value(v.sample)
                .hint(&page.t("moderation-rule-sample-hint")).render(errors))
            button.button type="submit" formaction={ (base) "/test" } { (page.t("moderation-rule-test")) } " "
            button.button.primary type="submit" { (page.t("moderation-rule-save")) }
        }
    }
}

fn test_result(lang: Lang, sample: &str, s: &Screening) -> Markup {
    html! {
        section.card.test-result aria-live="polite" {
            h2 { (lang.t("moderation-test-title")) }
            @match s.verdict() {
                None => p { (lang.t("moderation-test-nothing")) },
                Some(v) => p { (lang.t("moderation-test-outcome")) " " strong { (action_label(lang, v)) } },
            }
            @if !s.matches.is_empty() {
                (highlighted(sample, &s.matches))
                ul.matches { @for m in &s.matches { li { (match_label(lang, &m.label)) ": " mark { (m.text) } } } }
                @if s.text != sample { h3 { (lang.t("moderation-test-censored")) } pre.matched-text { (s.text) } }
            }
        }
    }
}

fn rules_table(page: &Page, overview: &PolicyOverview) -> Markup {
    html! {
        @if overview.rules.is_empty() {
            p.muted { (page.t("moderation-rules-none")) }
        } @else {
            table.table {
                thead { tr {
                    th { (page.t("moderation-col-kind")) } th { (page.t("moderation-col-pattern")) } th { (page.t("moderation-col-action")) }
                    th { (page.t("moderation-col-employee-only")) } th {}
                } }
                tbody {
                    @for r in &overview.rules {
                        tr {
                            td { (rule_kind_label(page.lang, r.kind)) }
                            td { code { (r.pattern) } }
                            td { (action_label(page.lang, r.action)) }
                            td { (page.t(if r.skip_employee_only { "moderation-rule-skipped" } else { "moderation-rule-applies" })) }
                            td {
                                form.inline method="post" action={ "/moderation/rules/" (r.id) "/delete" } {
                                    (csrf_field(&page.csrf))
                                    button.link-button type="submit" { (page.t("moderation-rule-delete")) }
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
            crate::t!(
                page.lang,
                "moderation-policy-community-title",
                community = c.name.as_str()
            ),
            format!("/c/{}/moderation", c.slug),
        ),
        None => (
            page.t("moderation-policy-title"),
            "/admin/moderation".to_string(),
        ),
    };
    let lang = page.lang;
    let s = &p.overview.settings;
    layout(
        page,
        &title,
        html! {
            h1 { (title) }
            (error_summary(&p.errors))
            @if let Some(t) = &p.test { (test_result(lang, p.rule.sample, t)) }
            @if let Some(c) = p.community {
                section.card {
                    h2 { (page.t("moderation-premod")) }
                    form method="post" action=(base) {
                        (csrf_field(&page.csrf))
                        (Field::new("hold_first_posts", &page.t("moderation-premod-field")).kind("number")
                            .value(&p.hold_first_posts.to_string())
                            .hint(&page.t("moderation-premod-hint")).render(&p.errors))
                        button.button.primary type="submit" { (page.t("moderation-save")) }
                    }
                    p { a href={ "/review?c=" (c.slug) } { (page.t("moderation-open-queue")) } }
                }
            } @else {
                section.card {
                    h2 { (page.t("moderation-detectors")) }
                    form method="post" action=(base) {
                        (csrf_field(&page.csrf))
                        table.table {
                            thead { tr {
                                th { (page.t("moderation-col-detector")) } th { (page.t("moderation-col-on")) }
                                th { (page.t("moderation-col-action")) } th { (page.t("moderation-col-skip")) }
                            } }
                            tbody {
                                @for d in &p.overview.detectors {
                                    @let name = detector_label(lang, d.detector);
                                    tr {
                                        td { (name) }
                                        td { input type="checkbox" name={ "det_" (d.detector) "_enabled" } value="true" checked[d.enabled] aria-label=(crate::t!(lang, "moderation-enable", detector = name.as_str())); }
                                        td {
                                            select name={ "det_" (d.detector) "_action" } aria-label=(crate::t!(lang, "moderation-action-for", detector = name.as_str())) {
                                                @for a in PolicyAction::ALL {
                                                    option value=(a.as_str()) selected[*a == d.action] { (action_label(lang, *a)) }
                                                }
                                            }
                                        }
                                        td { input type="checkbox" name={ "det_" (d.detector) "_skip" } value="true" checked[d.skip_employee_only] aria-label=(crate::t!(lang, "moderation-skip-for", detector = name.as_str())); }
                                    }
                                }
                            }
                        }
                        (Field::new("code_names", &page.t("moderation-code-names")).kind("textarea").value(&s.code_names).hint(&page.t("moderation-one-per-line")).render(&p.errors))
                        (Field::new("markers", &page.t("moderation-markers")).kind("textarea").value(&s.markers).hint(&page.t("moderation-markers-hint")).render(&p.errors))
                        (Field::new("flag_threshold", &page.t("moderation-flag-threshold")).kind("number").value(&s.flag_threshold.to_string()).render(&p.errors))
                        (Field::new("new_account_hours", &page.t("moderation-new-account-hours")).kind("number").value(&s.new_account_hours.to_string()).render(&p.errors))
                        (Field::new("new_account_posts_per_hour", &page.t("moderation-new-account-posts")).kind("number").value(&s.new_account_posts_per_hour.to_string()).render(&p.errors))
                        (Field::new("new_account_max_links", &page.t("moderation-new-account-links")).kind("number").value(&s.new_account_max_links.to_string()).render(&p.errors))
                        button.button.primary type="submit" { (page.t("moderation-save")) }
                    }
                }
            }
            section.card {
                h2 { (page.t(if p.community.is_some() { "moderation-rules-community" } else { "moderation-rules-all" })) }
                (rules_table(page, p.overview))
                h3 { (page.t("moderation-rules-add")) }
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
    let errors = &errors.in_lang(page.lang);
    let form = html! {
        form method="post" action={ "/p/" (post.id) "/flag" } {
            (csrf_field(&page.csrf))
            fieldset {
                legend { (page.t("moderation-flag-why")) }
                @for r in FlagReason::ALL {
                    label.radio { input type="radio" name="reason" value=(r.as_str()) required; " " (flag_reason_label(page.lang, *r)) }
                }
                @if let Some(e) = errors.get("reason") { p.error role="alert" { (e) } }
            }
            (Field::new("note", &page.t("moderation-flag-note")).value(note).render(errors))
            div.form-actions {
                button.button.primary type="submit" { (page.t("moderation-flag-submit")) }
            }
        }
    };
    crate::forums::views::post_form_page(
        page,
        &page.t("moderation-flag-title"),
        post,
        topic,
        errors,
        form,
    )
}

pub fn member_page(page: &Page, member: &User, now: Timestamp, errors: &FieldErrors) -> Markup {
    let errors = &errors.in_lang(page.lang);
    let lang = page.lang;
    let title = crate::t!(
        lang,
        "moderation-member-title",
        name = member.username.as_str()
    );
    layout(
        page,
        &title,
        html! {
            h1 { (title) }
            (error_summary(errors))
            section.card {
                @if member.is_suspended_at(now) {
                    p { span.badge.warn { (page.t("moderation-member-suspended")) } " " (until(lang, member.suspended_until))
                        @if let Some(r) = &member.suspension_reason { " — " (r) } }
                }
                @if member.is_silenced_at(now) {
                    p { span.badge.warn { (page.t("moderation-member-silenced")) } " " (until(lang, member.silenced_until)) }
                }
                @if !member.is_suspended_at(now) && !member.is_silenced_at(now) { p { (page.t("moderation-member-none")) } }
                form method="post" action={ "/mod/users/" (member.username) "/sanction" } {
                    (csrf_field(&page.csrf))
                    (sanction_fields(lang, "m"))
                    button.button.danger type="submit" { (page.t("moderation-member-apply")) }
                }
                form method="post" action={ "/mod/users/" (member.username) "/sanction" } {
                    (csrf_field(&page.csrf))
                    input type="hidden" name="kind" value=(SanctionKind::Lift.as_str());
                    button.button type="submit" { (page.t("moderation-member-lift")) }
                }
            }
        },
    )
}

fn until(lang: Lang, at: Option<Timestamp>) -> String {
    at.map(|t| {
        crate::t!(
            lang,
            "moderation-member-until",
            date = format::date(lang, t)
        )
    })
    .unwrap_or_default()
}

/// The detectors in form order (for parsing the settings form).
pub fn detector_names() -> &'static [Detector] {
    Detector::ALL
}
