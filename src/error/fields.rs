//! Field errors that can be written in any language (issue 21).
//!
//! A service that refuses a form does not know who reads the answer, so a field error is
//! a [`Msg`]: a message key of `locales/*/validation.ftl` with its variables, rendered in
//! the page's language in forms ([`FieldErrors::in_lang`]) and in the request's language
//! in a problem's `fields`. Older call sites that still give plain text keep compiling
//! (`Msg::Text`); that text is shown as it is, in every language.

use std::collections::BTreeMap;

use crate::i18n::{Arg, Lang};

/// A variable of a message: a number (formatted for the language, choosing plurals) or
/// a text (shown as given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MsgArg {
    Int(i64),
    Str(String),
    /// Another message, written in the same language (a field's name in "{ $field } is
    /// required.").
    Key(&'static str),
    /// Other messages with their own variables, written in the same language and joined
    /// with ", " (what a leak detector found: "Phone numbers (“+33 6…”)").
    Msgs(Vec<Msg>),
}

macro_rules! int_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for MsgArg {
            fn from(n: $t) -> Self {
                MsgArg::Int(i64::from(n))
            }
        }
    )*};
}
int_arg!(i32, u32);

impl From<i64> for MsgArg {
    fn from(n: i64) -> Self {
        MsgArg::Int(n)
    }
}

impl From<usize> for MsgArg {
    fn from(n: usize) -> Self {
        MsgArg::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<u64> for MsgArg {
    fn from(n: u64) -> Self {
        MsgArg::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<&str> for MsgArg {
    fn from(s: &str) -> Self {
        MsgArg::Str(s.to_string())
    }
}

impl From<String> for MsgArg {
    fn from(s: String) -> Self {
        MsgArg::Str(s)
    }
}

/// A user-visible message: a key with variables, or (older call sites) fixed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    Text(String),
    Key {
        key: &'static str,
        args: Vec<(&'static str, MsgArg)>,
    },
}

impl Msg {
    /// The message `key` (of a `.ftl` file), without variables yet.
    pub fn key(key: &'static str) -> Self {
        Msg::Key { key, args: vec![] }
    }

    /// The same message with one more variable.
    pub fn with(self, name: &'static str, value: impl Into<MsgArg>) -> Self {
        match self {
            Msg::Key { key, mut args } => {
                args.push((name, value.into()));
                Msg::Key { key, args }
            }
            text => text,
        }
    }

    /// The message written in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Msg::Text(s) => s.clone(),
            Msg::Key { key, args } if args.is_empty() => lang.t(key),
            Msg::Key { key, args } => {
                let args: Vec<(&'static str, Arg<'_>)> = args
                    .iter()
                    .map(|(n, v)| {
                        let v = match v {
                            MsgArg::Int(i) => Arg::from(*i),
                            MsgArg::Str(s) => Arg::from(s.as_str()),
                            MsgArg::Key(k) => Arg::from(lang.t(k)),
                            MsgArg::Msgs(ms) => Arg::from(
                                ms.iter()
                                    .map(|m| m.text(lang))
                                    .collect::<Vec<_>>()
                                    .join(", "),
                            ),
                        };
                        (*n, v)
                    })
                    .collect();
                lang.tr(key, &args)
            }
        }
    }

    /// No message at all (an empty text).
    pub fn is_empty(&self) -> bool {
        matches!(self, Msg::Text(s) if s.is_empty())
    }

    /// The message key, when it is one (tests, logs).
    pub fn key_name(&self) -> Option<&'static str> {
        match self {
            Msg::Key { key, .. } => Some(key),
            Msg::Text(_) => None,
        }
    }
}

impl Default for Msg {
    fn default() -> Self {
        Msg::Text(String::new())
    }
}

/// English, for logs, the CLI's fallback and views not yet given a language.
impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl maud::Render for Msg {
    fn render_to(&self, buffer: &mut String) {
        self.text(Lang::En).render_to(buffer);
    }
}

impl From<String> for Msg {
    fn from(s: String) -> Self {
        Msg::Text(s)
    }
}

impl From<&str> for Msg {
    fn from(s: &str) -> Self {
        Msg::Text(s.to_string())
    }
}

impl From<&String> for Msg {
    fn from(s: &String) -> Self {
        Msg::Text(s.clone())
    }
}

impl From<Msg> for String {
    fn from(m: Msg) -> Self {
        m.to_string()
    }
}

impl serde::Serialize for Msg {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text(Lang::En))
    }
}

/// Field name -> message, for forms and JSON validation problems.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct FieldErrors(BTreeMap<&'static str, Msg>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn insert(&mut self, name: &'static str, msg: impl Into<Msg>) -> Option<Msg> {
        self.0.insert(name, msg.into())
    }

    pub fn get(&self, name: &str) -> Option<&Msg> {
        self.0.get(name)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> std::collections::btree_map::Iter<'_, &'static str, Msg> {
        self.0.iter()
    }

    pub fn keys(&self) -> impl Iterator<Item = &&'static str> {
        self.0.keys()
    }

    pub fn values(&self) -> impl Iterator<Item = &Msg> {
        self.0.values()
    }

    /// The same errors written in `lang` (a form re-rendered for its reader).
    pub fn in_lang(&self, lang: Lang) -> FieldErrors {
        FieldErrors(
            self.0
                .iter()
                .map(|(k, v)| (*k, Msg::Text(v.text(lang))))
                .collect(),
        )
    }

    /// Field name -> text in `lang` (a problem's `fields`).
    pub fn texts(&self, lang: Lang) -> BTreeMap<&'static str, String> {
        self.0.iter().map(|(k, v)| (*k, v.text(lang))).collect()
    }
}

impl<'a> IntoIterator for &'a FieldErrors {
    type Item = (&'a &'static str, &'a Msg);
    type IntoIter = std::collections::btree_map::Iter<'a, &'static str, Msg>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl FromIterator<(&'static str, Msg)> for FieldErrors {
    fn from_iter<I: IntoIterator<Item = (&'static str, Msg)>>(iter: I) -> Self {
        FieldErrors(iter.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_keyed_message_is_written_in_each_language() {
        let m = Msg::key("validation-email-invalid");
        assert_eq!(m.key_name(), Some("validation-email-invalid"));
        let (en, fr) = (m.text(Lang::En), m.text(Lang::Fr));
        assert!(en.contains("email address"), "{en}");
        assert!(fr.contains("adresse e-mail"), "{fr}");
        let n = Msg::key("validation-password-too-short").with("min", 10);
        assert!(n.text(Lang::Fr).contains("10"), "{}", n.text(Lang::Fr));
    }

    #[test]
    fn plain_text_stays_as_given_and_errors_localise_as_a_whole() {
        let mut e = FieldErrors::new();
        e.insert("title", "Fixed text.");
        e.insert("email", Msg::key("validation-email-invalid"));
        let fr = e.in_lang(Lang::Fr);
        assert_eq!(
            fr.get("title").map(|m| m.text(Lang::En)),
            Some("Fixed text.".into())
        );
        assert_eq!(
            fr.get("email").map(|m| m.text(Lang::En)),
            Some(Lang::Fr.t("validation-email-invalid"))
        );
    }

    #[test]
    fn a_bounded_text_names_its_field_in_the_readers_language() {
        use crate::domain::BoundedText;
        let empty = BoundedText::parse(" ", "validation-field-title", 1, 10, true).unwrap_err();
        assert_eq!(empty.text(Lang::En), "Title is required.");
        assert_eq!(empty.text(Lang::Fr), "Le titre est obligatoire.");
        let long = BoundedText::parse(&"x".repeat(1001), "validation-field-bio", 0, 1000, false)
            .unwrap_err();
        assert_eq!(long.text(Lang::En), "Bio is at most 1,000 characters.");
        assert_eq!(
            long.text(Lang::Fr),
            "La biographie doit comporter au plus 1\u{202f}000 caractères."
        );
        // The pseudo-locale brackets the field's name inside the whole message.
        let pseudo = empty.text(Lang::Pseudo);
        assert!(
            pseudo.starts_with("[[") && pseudo.ends_with(']'),
            "{pseudo}"
        );
    }

    #[test]
    fn a_refused_request_speaks_the_readers_language() {
        let e = crate::error::AppError::BadRequest(Msg::key("errors-vote-value"));
        assert_eq!(e.message_in(Lang::En), "A vote is up, down or none.");
        assert_eq!(
            e.message_in(Lang::Fr),
            "Un vote est positif, négatif ou nul."
        );
    }
}
