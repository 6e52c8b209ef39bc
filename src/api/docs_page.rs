//! `/api/docs`: the API reference for people, rendered on the server from the same
//! OpenAPI document as `/api/v1/openapi.json`. No script and no asset from elsewhere, so
//! it works offline and under the strict CSP; it reads the document generically (JSON),
//! so every annotated route appears without touching this file.

use actix_web::HttpResponse;
use maud::{html, Markup};
use serde_json::Value;

use crate::error::AppResult;
use crate::i18n::Lang;
use crate::views::{layout, Page};

const METHODS: &[&str] = &["get", "post", "put", "patch", "delete"];

/// `GET /api/docs`.
pub(crate) async fn docs(page: Page) -> AppResult<HttpResponse> {
    let doc: Value = serde_json::from_str(&super::openapi::json()).unwrap_or(Value::Null);
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(layout(&page, &page.t("admin-api-title"), render(page.lang, &doc)).into_string()))
}

/// The last part of a `$ref` (`#/components/schemas/TopicJson` → `TopicJson`).
fn ref_name(v: &Value) -> Option<&str> {
    v.get("$ref")?.as_str()?.rsplit('/').next()
}

/// A schema in a few words: a link to a named one, or its type.
fn schema_label(schema: &Value) -> Markup {
    if let Some(name) = ref_name(schema) {
        return html! { a href={ "#schema-" (name) } { code { (name) } } };
    }
    if let Some(items) = schema.get("items") {
        return html! { "array of " (schema_label(items)) };
    }
    if let Some(variants) = schema.get("oneOf").and_then(Value::as_array) {
        return html! {
            @for (i, v) in variants.iter().enumerate() {
                @if i > 0 { " or " } (schema_label(v))
            }
        };
    }
    let ty = match schema.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" | "),
        _ => "object".into(),
    };
    html! { code { (ty) } }
}

fn operations(doc: &Value) -> Vec<(String, String, &Value)> {
    let mut ops = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            for m in METHODS {
                if let Some(op) = item.get(*m) {
                    ops.push((m.to_uppercase(), path.clone(), op));
                }
            }
        }
    }
    ops
}

fn tag_of(op: &Value) -> String {
    op.get("tags")
        .and_then(|t| t.get(0))
        .and_then(Value::as_str)
        .unwrap_or("other")
        .to_string()
}

fn anchor(method: &str, path: &str) -> String {
    let mut id = format!("op-{}", method.to_lowercase());
    for c in path.chars() {
        id.push(if c.is_ascii_alphanumeric() { c } else { '-' });
    }
    id
}

fn render(lang: Lang, doc: &Value) -> Markup {
    let ops = operations(doc);
    let mut tags: Vec<String> = ops.iter().map(|(_, _, op)| tag_of(op)).collect();
    tags.sort();
    tags.dedup();
    let info = doc.get("info").cloned().unwrap_or(Value::Null);
    let schemas = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    html! {
        div.wrap.api-docs {
            h1 { (info.get("title").and_then(Value::as_str).unwrap_or("API")) }
            p { (info.get("description").and_then(Value::as_str).unwrap_or("")) }
            p {
                (lang.t("admin-api-machine")) " " a href="/api/v1/openapi.json" { code { "/api/v1/openapi.json" } }
                " (OpenAPI " (doc.get("openapi").and_then(Value::as_str).unwrap_or("3.1")) "). "
                (lang.t("admin-api-token")) " " a href="/settings/tokens" { (lang.t("admin-api-token-link")) }
            }
            @if ops.is_empty() {
                p.empty { (lang.t("admin-api-empty")) }
            }
            nav aria-label=(lang.t("admin-api-endpoints")) {
                @for tag in &tags {
                    h2 { (tag) }
                    ul.api-index {
                        @for (method, path, _op) in ops.iter().filter(|(_, _, op)| &tag_of(op) == tag) {
                            li { a href={ "#" (anchor(method, path)) } { code { (method) " " (path) } } }
                        }
                    }
                }
            }
            @for (method, path, op) in &ops {
                (operation(lang, method, path, op))
            }
            @if !schemas.is_empty() {
                h2 { (lang.t("admin-api-schemas")) }
                @for (name, schema) in &schemas {
                    (schema_block(lang, name, schema))
                }
            }
        }
    }
}

fn operation(lang: Lang, method: &str, path: &str, op: &Value) -> Markup {
    let params = op
        .get("parameters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let body = op.pointer("/requestBody/content/application~1json/schema");
    let responses = op
        .get("responses")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let public = op
        .get("security")
        .and_then(Value::as_array)
        .is_some_and(|s| {
            s.iter()
                .any(|x| x.as_object().is_some_and(|o| o.is_empty()))
        });
    html! {
        section.api-op id=(anchor(method, path)) {
            h3 { code { (method) " " (path) } }
            @if let Some(s) = op.get("summary").and_then(Value::as_str) { p { (s) } }
            @if let Some(d) = op.get("description").and_then(Value::as_str) { p { (d) } }
            @if public { p.muted { (lang.t("admin-api-public")) } }
            @if !params.is_empty() {
                table {
                    thead { tr {
                        th { (lang.t("admin-api-col-parameter")) } th { (lang.t("admin-api-col-in")) } th { (lang.t("admin-api-col-type")) }
                        th { (lang.t("admin-api-col-required")) } th { (lang.t("admin-api-col-about")) }
                    } }
                    tbody {
                        @for p in &params {
                            tr {
                                td { code { (p.get("name").and_then(Value::as_str).unwrap_or("")) } }
                                td { (p.get("in").and_then(Value::as_str).unwrap_or("")) }
                                td { (p.get("schema").map(schema_label).unwrap_or_default()) }
                                td { (lang.t(if p.get("required").and_then(Value::as_bool).unwrap_or(false) { "admin-api-yes" } else { "admin-api-no" })) }
                                td { (p.get("description").and_then(Value::as_str).unwrap_or("")) }
                            }
                        }
                    }
                }
            }
            @if let Some(b) = body {
                p { (lang.t("admin-api-body")) " " (schema_label(b)) }
            }
            dl.api-responses {
                @for (code, r) in &responses {
                    dt { code { (code) } }
                    dd {
                        (r.get("description").and_then(Value::as_str).unwrap_or(""))
                        @if let Some(s) = r.pointer("/content/application~1json/schema") {
                            " — " (schema_label(s))
                        }
                    }
                }
            }
        }
    }
}

fn schema_block(lang: Lang, name: &str, schema: &Value) -> Markup {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let props = schema
        .get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    html! {
        section.api-schema id={ "schema-" (name) } {
            h3 { code { (name) } }
            @if let Some(d) = schema.get("description").and_then(Value::as_str) { p { (d) } }
            @if props.is_empty() {
                p { (schema_label(schema)) }
            } @else {
                table {
                    thead { tr {
                        th { (lang.t("admin-api-col-field")) } th { (lang.t("admin-api-col-type")) }
                        th { (lang.t("admin-api-col-required")) } th { (lang.t("admin-api-col-about")) }
                    } }
                    tbody {
                        @for (field, s) in &props {
                            tr {
                                td { code { (field) } }
                                td { (schema_label(s)) }
                                td { (lang.t(if required.contains(&field.as_str()) { "admin-api-yes" } else { "admin-api-no" })) }
                                td { (s.get("description").and_then(Value::as_str).unwrap_or("")) }
                            }
                        }
                    }
                }
            }
        }
    }
}
