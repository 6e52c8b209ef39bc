//! Small reusable pieces: form fields with labels and inline errors, avatars, badges.

use maud::{html, Markup, PreEscaped};

use crate::db::Visibility;
use crate::error::FieldErrors;
use crate::http::csrf::FORM_FIELD;
use crate::i18n::Lang;

/// The hidden CSRF field. Tokens are hex (the middleware accepts no other), which needs
/// no escaping: a topic page carries one per form, so skipping the escaper matters.
pub fn csrf_field(token: &str) -> Markup {
    if token.bytes().all(|b| b.is_ascii_hexdigit()) {
        PreEscaped(format!(
            r#"<input type="hidden" name="{FORM_FIELD}" value="{token}">"#
        ))
    } else {
        html! { input type="hidden" name=(FORM_FIELD) value=(token); }
    }
}

/// A labelled input with its error (if any) right below, wired with aria attributes.
pub struct Field<'a> {
    pub name: &'static str,
    pub label: &'a str,
    pub kind: &'a str,
    pub value: &'a str,
    pub hint: Option<&'a str>,
    pub required: bool,
    pub autocomplete: Option<&'a str>,
    /// For a page with two forms that share field names: the id becomes
    /// `f-{scope}-{name}` (see [`scoped_error_summary`]).
    pub scope: Option<&'a str>,
}

impl<'a> Field<'a> {
    pub fn new(name: &'static str, label: &'a str) -> Self {
        Self {
            name,
            label,
            kind: "text",
            value: "",
            hint: None,
            required: false,
            autocomplete: None,
            scope: None,
        }
    }
    pub fn scope(mut self, scope: &'a str) -> Self {
        self.scope = Some(scope);
        self
    }
    pub fn kind(mut self, kind: &'a str) -> Self {
        self.kind = kind;
        self
    }
    pub fn value(mut self, value: &'a str) -> Self {
        self.value = value;
        self
    }
    pub fn hint(mut self, hint: &'a str) -> Self {
        self.hint = Some(hint);
        self
    }
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }
    pub fn autocomplete(mut self, a: &'a str) -> Self {
        self.autocomplete = Some(a);
        self
    }

    /// The field, its hint and its error. The input points at both with
    /// `aria-describedby` (error first, so it is read first) and carries
    /// `aria-invalid="true"` when there is an error; the error is announced by the form's
    /// [`error_summary`] (and `assets/app.js` moves focus to it on load).
    pub fn render(&self, errors: &FieldErrors) -> Markup {
        let id = match self.scope {
            Some(scope) => format!("f-{scope}-{}", self.name),
            None => format!("f-{}", self.name),
        };
        let err = errors.get(self.name);
        let described = [
            err.map(|_| format!("{id}-error")),
            self.hint.map(|_| format!("{id}-hint")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        let described = (!described.is_empty()).then_some(described);
        html! {
            div.field.has-error[err.is_some()] {
                label for=(id) { (self.label) }
                @if self.kind == "textarea" {
                    textarea id=(id) name=(self.name) rows="6" required[self.required]
                        aria-invalid=[err.map(|_| "true")] aria-describedby=[described.as_deref()] { (self.value) }
                } @else {
                    input id=(id) name=(self.name) type=(self.kind) value=(self.value) required[self.required]
                        autocomplete=[self.autocomplete]
                        aria-invalid=[err.map(|_| "true")] aria-describedby=[described.as_deref()];
                }
                @if let Some(h) = self.hint { p.hint id={ (id) "-hint" } { (h) } }
                @if let Some(e) = err { p.error id={ (id) "-error" } { (e) } }
            }
        }
    }
}

/// A summary at the top of a form listing every problem, each a link to its field. It
/// is an alert (announced when it appears) and takes focus on load (`assets/app.js`), so
/// a screen-reader or keyboard user lands on it after a failed submit. The messages are
/// the fields' own (already in the page's language), so it needs no language itself.
pub fn error_summary(errors: &FieldErrors) -> Markup {
    summary_linking(errors, "f-")
}

/// [`error_summary`] for a form whose fields carry a [`Field::scope`].
pub fn scoped_error_summary(scope: &str, errors: &FieldErrors) -> Markup {
    summary_linking(errors, &format!("f-{scope}-"))
}

fn summary_linking(errors: &FieldErrors, id_prefix: &str) -> Markup {
    html! {
        @if !errors.is_empty() {
            div.error-summary role="alert" tabindex="-1" data-error-summary {
                ul { @for (name, msg) in errors { li { a href={ "#" (id_prefix) (name) } { (msg) } } } }
            }
        }
    }
}

pub fn avatar(username: &str, size: u32) -> Markup {
    html! {
        img.avatar src={ "/u/" (username) "/avatar.svg" } width=(size) height=(size) alt="" loading="lazy";
    }
}

/// The employee badge in the page's language.
pub fn employee_badge_in(lang: Lang) -> Markup {
    html! { span.badge.employee { (lang.t("ui-employee")) } }
}

/// A sub-community's visibility, when not public; `label` is its name in the page's
/// language.
pub fn visibility_badge(v: Visibility, label: &str) -> Markup {
    html! {
        @if v != Visibility::Public {
            span.badge.visibility { (label) }
        }
    }
}

/// Sanitised HTML produced by `domain::render_markdown`: the only place raw HTML is emitted.
pub fn sanitized_html(html: &str) -> Markup {
    PreEscaped(html.to_string())
}

pub fn empty_state(title: &str, body: Markup) -> Markup {
    html! { div.empty-state { h2 { (title) } (body) } }
}

#[cfg(test)]
mod csrf_field_tests {
    use super::*;

    #[test]
    fn hex_tokens_render_as_the_escaped_form_would_and_others_are_escaped() {
        let token = "0123456789abcdef".repeat(4);
        let escaped = html! { input type="hidden" name=(FORM_FIELD) value=(token); };
        assert_eq!(csrf_field(&token).into_string(), escaped.into_string());
        let hostile = r#""><script>alert(1)</script>"#;
        let out = csrf_field(hostile).into_string();
        assert!(!out.contains("<script>"), "{out}");
        assert!(out.contains("&quot;&gt;&lt;script&gt;"), "{out}");
    }
}
