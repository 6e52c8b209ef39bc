//! The topic's escalation banner and the escalate page (`/t/{id}/escalate`): pure maud
//! functions of their data and the guardian's answers.

use maud::{html, Markup};

use crate::db::models::communities::Community;
use crate::db::models::escalations::{Banner, Change};
use crate::db::models::teams::Team;
use crate::db::models::topics::Topic;
use crate::db::EscalationStatus;
use crate::error::FieldErrors;
use crate::i18n::{format, Lang};
use crate::t;
use crate::views::components::{csrf_field, error_summary, Field};
use crate::views::{layout, Page};

/// A status in the reader's language.
pub fn status_label(lang: Lang, s: EscalationStatus) -> String {
    lang.t(&format!("escalations-status-{}", s.as_str()))
}

/// "Escalated to the Billing team · In progress", the external reference, the public
/// resolution note once closed; the internal note only with `notes`. Shown to everyone
/// who sees the topic; part of the cached page (the topic's version moves on a change,
/// and the cache is keyed by language).
pub fn banner_in(
    lang: Lang,
    topic: &Topic,
    banners: &[Banner],
    escalate: bool,
    notes: bool,
) -> Markup {
    html! {
        @for b in banners {
            @let e = &b.escalation;
            div.notice.escalation class=[(!e.is_open).then_some("closed")] role="status" {
                strong {
                    @match &b.team { Some((name, _)) => { (t!(lang, "escalations-banner-team", team = name.as_str())) }, None => { (lang.t("escalations-banner-product")) } }
                }
                " · " span.badge { (status_label(lang, e.status)) }
                @if !e.external_id.is_empty() || !e.external_url.is_empty() {
                    " · " (lang.t("escalations-banner-ticket")) " "
                    @if e.external_url.is_empty() { code { (e.external_id) } }
                    @else { a href=(e.external_url) rel="noopener noreferrer" { (if e.external_id.is_empty() { e.external_url.as_str() } else { e.external_id.as_str() }) } }
                }
                @if let Some(o) = &b.owner { " · " (t!(lang, "escalations-banner-owner", owner = o.name_to_show())) }
                @if !e.is_open && !e.resolution_note.is_empty() {
                    p { strong { (lang.t("escalations-resolution")) " " } (e.resolution_note) }
                }
                @if notes && !e.internal_note.is_empty() {
                    p.muted { strong { (lang.t("escalations-internal-note")) " " } (e.internal_note) }
                }
                @if notes { " " a href={ "/t/" (topic.id) "/escalate" } { (lang.t("escalations-update")) } }
            }
        }
        @if escalate && banners.is_empty() {
            p { a.button.small href={ "/t/" (topic.id) "/escalate" } { (lang.t("escalations-escalate-button")) } }
        }
    }
}

/// What the escalate form holds (kept on errors).
#[derive(Debug, Default, Clone)]
pub struct EscalateValues {
    pub team: String,
    pub external_id: String,
    pub external_url: String,
    pub internal_note: String,
}

/// One escalation on the escalate page, with its history and whether the viewer may
/// change it.
pub struct Existing {
    pub banner: Banner,
    pub history: Vec<(Change, String)>,
    pub may_update: bool,
}

/// `/t/{id}/escalate`: the topic's escalations (history, update form) and the form to
/// escalate it again.
#[allow(clippy::too_many_arguments)]
pub fn escalate_page(
    page: &Page,
    topic: &Topic,
    community: &Community,
    teams: &[Team],
    existing: &[Existing],
    may_escalate: bool,
    values: &EscalateValues,
    errors: &FieldErrors,
) -> Markup {
    let errors = &errors.in_lang(page.lang);
    let lang = page.lang;
    layout(
        page,
        &page.t("escalations-page-title"),
        html! {
            p.crumbs { a href={ "/c/" (community.slug) } { (community.name) } " › " a href=(topic.path()) { (topic.title) } }
            h1 { (page.t("escalations-heading")) }
            (error_summary(errors))
            @for x in existing { (existing_block(page, topic, x, errors)) }
            @if may_escalate {
                section.card {
                    h2 { (page.t(if existing.is_empty() { "escalations-escalate-this" } else { "escalations-escalate-again" })) }
                    p.muted { (page.t("escalations-escalate-help")) }
                    form.stack method="post" action={ "/t/" (topic.id) "/escalate" } {
                        (csrf_field(&page.csrf))
                        label for="f-team" { (page.t("escalations-team")) }
                        select #f-team name="team" aria-describedby=[errors.get("team").map(|_| "team-error")] {
                            option value="" { (page.t("escalations-no-team-option")) }
                            @for t in teams { option value=(t.slug) selected[values.team == t.slug] { (t.name) } }
                        }
                        @if let Some(e) = errors.get("team") { p.field-error id="team-error" { (e) } }
                        @if teams.is_empty() { p.muted { (t!(lang, "escalations-no-team-covers", community = community.name.as_str())) } }
                        (Field::new("external_id", &page.t("escalations-ticket-id-tracker")).value(&values.external_id).render(errors))
                        (Field::new("external_url", &page.t("escalations-ticket-url")).kind("url").value(&values.external_url).hint("https://…").render(errors))
                        (Field::new("internal_note", &page.t("escalations-internal-note-field")).kind("textarea").value(&values.internal_note).render(errors))
                        div.form-actions { button.button.primary type="submit" { (page.t("escalations-escalate")) } }
                    }
                }
            }
        },
    )
}

fn existing_block(page: &Page, topic: &Topic, x: &Existing, errors: &FieldErrors) -> Markup {
    let errors = &errors.in_lang(page.lang);
    let e = &x.banner.escalation;
    let lang = page.lang;
    html! {
        section.card id={ "escalation-" (e.id) } {
            h2 {
                @match &x.banner.team { Some((name, slug)) => { a href={ "/teams/" (slug) } { (t!(lang, "escalations-team-suffix", team = name.as_str())) } }, None => { (lang.t("escalations-external-reference")) } }
                " · " (status_label(lang, e.status))
            }
            @if !e.external_id.is_empty() || !e.external_url.is_empty() {
                p { (lang.t("escalations-ticket-line")) " " (e.external_id) " " @if !e.external_url.is_empty() { a href=(e.external_url) rel="noopener noreferrer" { (e.external_url) } } }
            }
            @if !e.internal_note.is_empty() { p { strong { (lang.t("escalations-internal-note")) " " } (e.internal_note) } }
            @if !e.resolution_note.is_empty() { p { strong { (lang.t("escalations-resolution-note")) " " } (e.resolution_note) } }
            h3 { (lang.t("escalations-history")) }
            ol.history {
                @for (c, who) in &x.history {
                    li {
                        (format::date(lang, c.created_at)) " · " (who) " · "
                        @match c.from_status { Some(f) if f != c.to_status => { (status_label(lang, f)) " → " (status_label(lang, c.to_status)) }, Some(_) => { (lang.t("escalations-history-updated")) }, None => { (lang.t("escalations-history-opened")) } }
                        @if !c.note.is_empty() { " — " (c.note) }
                    }
                }
            }
            @if x.may_update {
                form.stack method="post" action={ "/t/" (topic.id) "/escalations/" (e.id) } {
                    (csrf_field(&page.csrf))
                    label for={ "f-status-" (e.id) } { (lang.t("escalations-status")) }
                    select id={ "f-status-" (e.id) } name="status" {
                        @for s in EscalationStatus::ALL { option value=(s.as_str()) selected[e.status == *s] { (status_label(lang, *s)) } }
                    }
                    @let owner = x.banner.owner.as_ref().map(|o| o.username.as_str()).unwrap_or("");
                    (Field::new("owner", &lang.t("escalations-owner-field")).value(owner).render(errors))
                    (Field::new("external_id", &lang.t("escalations-ticket-id")).value(&e.external_id).render(errors))
                    (Field::new("external_url", &page.t("escalations-ticket-url")).kind("url").value(&e.external_url).render(errors))
                    (Field::new("internal_note", &page.t("escalations-internal-note-field")).kind("textarea").value(&e.internal_note).render(errors))
                    (Field::new("resolution_note", &lang.t("escalations-resolution-note-field")).kind("textarea").value(&e.resolution_note).render(errors))
                    (Field::new("note", &lang.t("escalations-what-changed")).render(errors))
                    div.form-actions { button.button.primary type="submit" { (lang.t("escalations-save")) } }
                }
            }
        }
    }
}
