//! Issue 21: English and French everywhere.
//!
//! - [`Lang`]: the language a person reads: English, French, or the pseudo-locale
//!   (`?lang=en-XA`, only with `[i18n] pseudo_locale`) whose accented, bracketed English
//!   lets the browser suite find any text that does not come from a `.ftl` file.
//! - [`t!`](crate::t): a message from `locales/<lang>/*.ftl` (one file per area, embedded
//!   in the binary by `fluent-templates`), with Fluent selectors for plurals.
//! - [`format`]: numbers, dates and relative times for a language (Fluent has none).
//! - [`resolve`]: which language a request, or a mail's recipient, gets.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::{LanguageIdentifier, Loader};

use crate::db::Language;

pub mod format;
#[cfg(test)]
mod parity;
pub(crate) mod pseudo;
pub mod remember;
pub mod resolve;

pub use fluent_templates::fluent_bundle::FluentValue as Arg;
pub use resolve::{LangInputs, LANG_COOKIE};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| {
            // No Unicode isolation marks around placeables: they would land in HTML
            // attributes, mail subjects and JSON.
            bundle.set_use_isolating(false);
            if bundle.locales.first().is_some_and(|l| l.language.as_str() == "fr") {
                bundle.set_formatter(Some(|v, _| format::fluent_value(Lang::Fr, v)));
            } else {
                bundle.set_formatter(Some(|v, _| format::fluent_value(Lang::En, v)));
            }
        },
    };
}

fluent_templates::static_loader! {
    static PSEUDO = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| {
            bundle.set_use_isolating(false);
            bundle.set_transform(Some(pseudo::transform));
            bundle.set_formatter(Some(|v, _| format::fluent_value(Lang::En, v)));
        },
    };
}

/// The language a person reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub enum Lang {
    #[default]
    En,
    Fr,
    /// English, accented and bracketed (`[Ŝîĝñ îñ]`): text not in brackets is hard-coded.
    Pseudo,
}

static EN: LanguageIdentifier = fluent_templates::langid!("en");
static FR: LanguageIdentifier = fluent_templates::langid!("fr");

impl Lang {
    /// The languages people can choose (the menu, `/settings/profile`).
    pub const CHOICES: [Lang; 2] = [Lang::En, Lang::Fr];

    /// BCP 47 code: the `lang` attribute, `?lang=`, the cookie, `Content-Language`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Pseudo => "en-XA",
        }
    }

    /// The language's own name, for menus ("English", "Français").
    pub fn label(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
            Lang::Pseudo => "[Þšéûðö]",
        }
    }

    /// Reads a code leniently (`fr`, `fr-FR`, `FR`, `en_GB`); the pseudo-locale only when
    /// `pseudo` is allowed (`[i18n] pseudo_locale`).
    pub fn from_code(code: &str, pseudo: bool) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase().replace('_', "-");
        if code == "en-xa" || code == "pseudo" {
            return pseudo.then_some(Lang::Pseudo);
        }
        match code.split('-').next() {
            Some("en") => Some(Lang::En),
            Some("fr") => Some(Lang::Fr),
            _ => None,
        }
    }

    /// The content language this reader's language corresponds to (stemming, a new
    /// topic's language).
    pub fn content(self) -> Language {
        match self {
            Lang::Fr => Language::Fr,
            Lang::En | Lang::Pseudo => Language::En,
        }
    }

    /// A message without variables.
    pub fn t(self, key: &str) -> String {
        self.lookup(key, None)
    }

    /// A message with variables (see [`t!`](crate::t)).
    pub fn tr(self, key: &str, args: &[(&'static str, Arg<'_>)]) -> String {
        let map: HashMap<Cow<'static, str>, Arg<'_>> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), v.clone()))
            .collect();
        self.lookup(key, Some(&map))
    }

    fn lookup(self, key: &str, args: Option<&HashMap<Cow<'static, str>, Arg<'_>>>) -> String {
        let found = match self {
            Lang::En => LOCALES.try_lookup_complete(&EN, key, args),
            Lang::Fr => LOCALES
                .try_lookup_complete(&FR, key, args)
                .or_else(|| LOCALES.try_lookup_complete(&EN, key, args)),
            Lang::Pseudo => PSEUDO.try_lookup_complete(&EN, key, args).map(pseudo::wrap),
        };
        found.unwrap_or_else(|| {
            // The parity test and the pseudo-locale run catch this; in production the
            // key itself is better than an empty string.
            tracing::warn!(key, lang = self.code(), "missing translation");
            key.to_string()
        })
    }
}

impl From<Language> for Lang {
    fn from(l: Language) -> Self {
        match l {
            Language::En => Lang::En,
            Language::Fr => Lang::Fr,
        }
    }
}

/// A translated message: `t!(lang, "key")` or `t!(lang, "key", count = n, name = s)`.
/// Variables are anything Fluent takes (`&str`, `String`, integers, floats); numbers are
/// formatted for the language and select plural forms.
#[macro_export]
macro_rules! t {
    ($lang:expr, $key:expr) => {
        $crate::i18n::Lang::t($lang, $key)
    };
    ($lang:expr, $key:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::Lang::tr(
            $lang,
            $key,
            &[$((stringify!($name), $crate::i18n::Arg::from($value))),+],
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_up_both_languages_and_falls_back_to_the_key() {
        assert_eq!(Lang::En.t("nav-sign-in"), "Sign in");
        assert_eq!(Lang::Fr.t("nav-sign-in"), "Se connecter");
        assert_eq!(Lang::En.t("no-such-key-anywhere"), "no-such-key-anywhere");
    }

    #[test]
    fn plurals_and_numbers_follow_the_language() {
        assert_eq!(
            crate::t!(Lang::En, "time-minutes-ago", n = 1),
            "1 minute ago"
        );
        assert_eq!(
            crate::t!(Lang::En, "time-minutes-ago", n = 5),
            "5 minutes ago"
        );
        assert_eq!(
            crate::t!(Lang::Fr, "time-minutes-ago", n = 1),
            "il y a 1 minute"
        );
        assert_eq!(
            crate::t!(Lang::Fr, "time-minutes-ago", n = 5),
            "il y a 5 minutes"
        );
        assert_eq!(
            crate::t!(Lang::En, "count-members", n = 1234),
            "1,234 members"
        );
        assert_eq!(
            crate::t!(Lang::Fr, "count-members", n = 1234),
            "1\u{202f}234 membres"
        );
    }

    #[test]
    fn pseudo_locale_marks_every_translated_text() {
        let s = Lang::Pseudo.t("nav-sign-in");
        assert!(s.starts_with('[') && s.contains(']'), "{s}");
        assert!(!s.contains("Sign in"), "{s}");
        let with_arg = crate::t!(Lang::Pseudo, "count-members", n = 3);
        assert!(with_arg.contains('3'), "{with_arg}");
    }

    #[test]
    fn codes_are_read_leniently_and_pseudo_only_when_allowed() {
        assert_eq!(Lang::from_code("fr-CA", false), Some(Lang::Fr));
        assert_eq!(Lang::from_code("EN_gb", false), Some(Lang::En));
        assert_eq!(Lang::from_code("de", false), None);
        assert_eq!(Lang::from_code("en-XA", false), None);
        assert_eq!(Lang::from_code("en-XA", true), Some(Lang::Pseudo));
    }
}
