//! The search page: a GET form (works without JavaScript, every control labelled), the
//! results with their snippets and badges, the sub-community facet, the pager, and an
//! empty state with tips. (The header's search box is `views::layout`'s.)

use maud::{html, Markup, PreEscaped};

use crate::db::search::SearchSort;
use crate::db::{QuestionState, SearchLogId, Timestamp, TopicKind};
use crate::error::FieldErrors;
use crate::forums::views::{ago, content_lang, kind_label, question_state_label};
use crate::i18n::{format, Lang};
use crate::search::query::{Filters, PAGE_SIZE};
use crate::search::service::{Found, Hit};
use crate::views::components::{avatar, error_summary};
use crate::views::{layout, Page};

/// `/search` and its results.
pub fn page(
    page: &Page,
    f: &Filters,
    found: &Found,
    errors: &FieldErrors,
    now: Timestamp,
) -> Markup {
    let errors = &errors.in_lang(page.lang);
    let lang = page.lang;
    let title = if f.text.is_empty() {
        page.t("search-title")
    } else {
        crate::t!(lang, "search-title-for", text = f.text.as_str())
    };
    layout(
        page,
        &title,
        html! {
            h1 { (page.t("search-title")) }
            (form(lang, f, found, errors))
            @if !f.text.is_empty() {
                (results(lang, f, found, now))
            } @else {
                p.muted { (page.t("search-intro")) }
                (tips(lang))
            }
        },
    )
}

fn form(lang: Lang, f: &Filters, found: &Found, errors: &FieldErrors) -> Markup {
    let texts = errors.texts(lang);
    let err = |name: &'static str| texts.get(name);
    html! {
        (error_summary(errors))
        form.search-page role="search" method="get" action="/search" {
            div.search {
                label for="f-q" { (lang.t("search-for")) }
                input #f-q type="search" name="q" value=(f.text) autocomplete="off";
                button.button.primary type="submit" { (lang.t("search-button")) }
            }
            details.search-filters open[f.has_filters()] {
                summary { (lang.t("search-filters")) }
                div.filter-grid {
                    div.field {
                        label for="f-c" { (lang.t("search-community")) }
                        select #f-c name="c" {
                            option value="" { (lang.t("search-all-communities")) }
                            @for c in &found.visible {
                                option value=(c.slug) selected[found.scope.as_ref().is_some_and(|s| s.id == c.id)] { (c.name) }
                            }
                        }
                    }
                    div.field {
                        label for="f-kind" { (lang.t("search-kind")) }
                        select #f-kind name="kind" {
                            option value="" { (lang.t("search-any")) }
                            @for k in TopicKind::ALL {
                                @if *k != TopicKind::Comment {
                                    option value=(k.as_str()) selected[f.kind == Some(*k)] { (kind_label(lang, *k)) }
                                }
                            }
                        }
                    }
                    div.field {
                        label for="f-state" { (lang.t("search-questions")) }
                        select #f-state name="state" {
                            option value="" { (lang.t("search-any")) }
                            @for s in [QuestionState::Unanswered, QuestionState::Answered, QuestionState::Solved] {
                                option value=(s.as_str()) selected[f.state == Some(s)] { (question_state_label(lang, s)) }
                            }
                        }
                    }
                    div.field {
                        label for="f-tag" { (lang.t("search-tag")) }
                        input #f-tag type="text" name="tag" value=(f.tag.as_deref().unwrap_or(""));
                    }
                    div.field {
                        label for="f-author" { (lang.t("search-author")) }
                        input #f-author type="text" name="author" value=(f.author.as_deref().unwrap_or("")) autocomplete="off";
                    }
                    (date_field("from", &lang.t("search-from"), f.from.as_deref(), err("from")))
                    (date_field("to", &lang.t("search-to"), f.to.as_deref(), err("to")))
                    div.field {
                        label for="f-sort" { (lang.t("search-order")) }
                        select #f-sort name="sort" {
                            option value="relevance" selected[f.sort == SearchSort::Relevance] { (lang.t("search-order-relevance")) }
                            option value="newest" selected[f.sort == SearchSort::Newest] { (lang.t("search-order-newest")) }
                        }
                    }
                }
                button.button type="submit" { (lang.t("search-apply-filters")) }
                " "
                @if f.has_filters() {
                    a href={ "/search?" (query_string(f, None, None)) } { (lang.t("search-clear-filters")) }
                }
            }
        }
    }
}

fn date_field(
    name: &'static str,
    label: &str,
    value: Option<&str>,
    error: Option<&String>,
) -> Markup {
    let id = format!("f-{name}");
    html! {
        div.field.has-error[error.is_some()] {
            label for=(id) { (label) }
            input id=(id) type="date" name=(name) value=(value.unwrap_or(""))
                aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| format!("{id}-error"))];
            @if let Some(e) = error { p.error id={ (id) "-error" } role="alert" { (e) } }
        }
    }
}

/// The page's query string with `c` and `page` replaced (`None`: the filter's own value
/// for `c` is dropped only when `keep_filters` is false).
fn query_string(f: &Filters, community: Option<Option<&str>>, page: Option<u32>) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    s.append_pair("q", &f.text);
    let keep_filters = community.is_some() || page.is_some();
    if keep_filters {
        let c = match community {
            Some(c) => c,
            None => f.community.as_deref(),
        };
        if let Some(c) = c {
            s.append_pair("c", c);
        }
        if let Some(k) = f.kind {
            s.append_pair("kind", k.as_str());
        }
        if let Some(st) = f.state {
            s.append_pair("state", st.as_str());
        }
        if let Some(t) = &f.tag {
            s.append_pair("tag", t);
        }
        if let Some(a) = &f.author {
            s.append_pair("author", a);
        }
        if let Some(d) = &f.from {
            s.append_pair("from", d);
        }
        if let Some(d) = &f.to {
            s.append_pair("to", d);
        }
        if f.sort != SearchSort::Relevance {
            s.append_pair("sort", f.sort_key());
        }
        if let Some(p) = page.filter(|p| *p > 1) {
            s.append_pair("page", &p.to_string());
        }
    }
    s.finish()
}

fn results(lang: Lang, f: &Filters, found: &Found, now: Timestamp) -> Markup {
    html! {
        @if !found.facets.is_empty() || found.scope.is_some() {
            nav.filters.search-facets aria-label=(lang.t("search-facets")) {
                a href={ "/search?" (query_string(f, Some(None), Some(1))) } aria-current=[found.scope.is_none().then_some("true")] { (lang.t("search-facet-all")) }
                @for (c, n) in &found.facets {
                    " "
                    a href={ "/search?" (query_string(f, Some(Some(&c.slug)), Some(1))) }
                        aria-current=[found.scope.as_ref().is_some_and(|s| s.id == c.id).then_some("true")] {
                        span data-content { (c.name) } " " span.count-badge { (format::number(lang, *n)) }
                    }
                }
            }
        }
        @if found.hits.is_empty() {
            (empty(lang, f, found))
        } @else {
            p.muted role="status" {
                (crate::t!(lang, "search-results-for", count = found.total, text = f.text.as_str()))
            }
            ol.search-results.topic-list {
                @for h in &found.hits { (hit(lang, h, found.log.as_ref(), now)) }
            }
            (pager(lang, f, found))
        }
    }
}

fn empty(lang: Lang, f: &Filters, found: &Found) -> Markup {
    html! {
        div.empty-state role="status" {
            h2 { (crate::t!(lang, "search-no-results", text = f.text.as_str())) }
            @if found.unknown_author {
                p { (crate::t!(lang, "search-unknown-author", name = f.author.as_deref().unwrap_or(""))) }
            }
            @if f.has_filters() {
                p { (lang.t("search-filters-narrow")) " " a href={ "/search?" (query_string(f, None, None)) } { (lang.t("search-without-filters")) } }
            }
            (tips(lang))
        }
    }
}

fn tips(lang: Lang) -> Markup {
    html! {
        ul.search-tips {
            li { (lang.t("search-tip-fewer")) }
            li { (lang.t("search-tip-phrase")) }
            li { (lang.t("search-tip-minus")) " " code { "printer -wifi" } }
            li { (lang.t("search-tip-ask")) }
        }
    }
}

fn hit(lang: Lang, h: &Hit, log: Option<&SearchLogId>, now: Timestamp) -> Markup {
    let hit = &h.hit;
    let href = {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        if let Some(l) = log {
            s.append_pair("log", l.as_str());
        }
        s.append_pair("t", hit.topic_id.as_str());
        if hit.post_number > 1 {
            s.append_pair("p", hit.post_id.as_str());
        }
        format!("/search/click?{}", s.finish())
    };
    html! {
        li.topic-row.search-result {
            div {
                h2.topic-title { a href=(href) lang=[content_lang(lang, h.community.default_language)] { (hit.title) } }
                div.topic-meta {
                    a class={ "badge community " (crate::views::brand::accent_class(&h.community.id)) } href={ "/c/" (h.community.slug) } { (h.community.name) }
                    " "
                    @if hit.kind != TopicKind::Discussion { span class={ "badge kind-" (hit.kind.as_str()) } { (kind_label(lang, hit.kind)) } " " }
                    @if let Some(s) = hit.state { span class={ "badge state-" (s.css()) } { (question_state_label(lang, s)) } " " }
                    @if hit.accepted { span.badge.state-solved { (lang.t("forum-accepted-answer")) } " " }
                    @if hit.official { span.badge.official { (lang.t("forum-badge-official-answer")) } " " }
                    @if hit.wiki { span.badge.wiki { (lang.t("forum-badge-wiki")) } " " }
                    @for t in hit.tags.split_whitespace() { span.tag { "#" (t) } " " }
                }
                @if !hit.snippet.is_empty() {
                    // The engine escaped the post's text and added only `<mark>` around
                    // the matched terms (`db::search::SearchHit::snippet`).
                    p.snippet { (PreEscaped(&hit.snippet)) }
                }
                div.topic-meta {
                    @if let Some(a) = &h.author {
                        a href={ "/u/" (a.username) } { (avatar(&a.username, 20)) " " (a.name_to_show()) }
                        @if a.is_employee { " " (crate::views::components::employee_badge_in(lang)) }
                        " · "
                    }
                    time datetime=(hit.created_at.rfc3339()) title=(format::date(lang, hit.created_at)) { (ago(lang, now, hit.created_at)) }
                    @if hit.post_number > 1 { " · " span.muted { (lang.t("search-in-reply")) } }
                }
            }
        }
    }
}

fn pager(lang: Lang, f: &Filters, found: &Found) -> Markup {
    let shown_to = i64::from(f.offset()) + found.hits.len() as i64;
    let more = shown_to < found.total
        && found.hits.len() as u32 >= PAGE_SIZE
        && f.page < Filters::last_page();
    html! {
        @if f.page > 1 || more {
            nav.pager aria-label=(lang.t("search-pages")) {
                @if f.page > 1 {
                    a rel="prev" href={ "/search?" (query_string(f, None, Some(f.page - 1))) } { "← " (lang.t("search-previous")) }
                    " "
                }
                span.muted { (crate::t!(lang, "search-page-number", number = f.page)) }
                @if more {
                    " "
                    a rel="next" href={ "/search?" (query_string(f, None, Some(f.page + 1))) } { (lang.t("search-next")) " →" }
                }
            }
        }
    }
}
