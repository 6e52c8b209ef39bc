//! Which language a person sees, in this order (issue 21):
//! 1. an explicit choice: `?lang=fr` or the language menu, remembered in the
//!    `parley_lang` cookie;
//! 2. the member's own setting (`/settings/profile`);
//! 3. the sub-community's default language, on pages that belong to one;
//! 4. the browser's `Accept-Language`;
//! 5. the deployment's default (`/admin/settings`).
//!
//! Mail and digests follow the **recipient**: [`for_recipient`] (their setting, then the
//! sub-community's default, then the deployment's), whoever triggered them.

use actix_web::HttpRequest;

use super::Lang;
use crate::db::Language;

/// The cookie that remembers an explicit choice (a year).
pub const LANG_COOKIE: &str = "parley_lang";

/// Everything that can decide a request's language; [`LangInputs::resolve`] applies the
/// order. Kept on the `Page`, so a handler that learns the sub-community late can
/// resolve again with it ([`LangInputs::in_community`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LangInputs {
    pub explicit: Option<Lang>,
    pub member: Option<Language>,
    pub community: Option<Language>,
    pub accept: Option<Lang>,
    pub default: Language,
}

impl Default for LangInputs {
    fn default() -> Self {
        Self {
            explicit: None,
            member: None,
            community: None,
            accept: None,
            default: Language::En,
        }
    }
}

impl LangInputs {
    pub fn resolve(&self) -> Lang {
        self.explicit
            .or(self.member.map(Lang::from))
            .or(self.community.map(Lang::from))
            .or(self.accept)
            .unwrap_or(Lang::from(self.default))
    }

    /// The same inputs on a page of a sub-community whose default is `community`.
    pub fn in_community(self, community: Language) -> Self {
        Self {
            community: Some(community),
            ..self
        }
    }

    /// The request's own inputs: `?lang=` (then the cookie) and `Accept-Language`.
    /// `pseudo` allows the pseudo-locale (`[i18n] pseudo_locale`).
    pub fn from_request(req: &HttpRequest, default: Language, pseudo: bool) -> Self {
        Self {
            explicit: query_choice(req, pseudo).or_else(|| {
                req.cookie(LANG_COOKIE)
                    .and_then(|c| Lang::from_code(c.value(), pseudo))
            }),
            member: None,
            community: None,
            accept: req
                .headers()
                .get(actix_web::http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| accept_language(v, pseudo)),
            default,
        }
    }
}

/// `?lang=xx` on this request, if it names a language we have.
pub fn query_choice(req: &HttpRequest, pseudo: bool) -> Option<Lang> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(req.query_string())
        .ok()?
        .into_iter()
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| Lang::from_code(&v, pseudo))
}

/// The best of our languages in an `Accept-Language` header (`fr-CH, fr;q=0.9,
/// en;q=0.8`): the highest `q` among those we have, the earlier on a tie; `q=0` refuses.
pub fn accept_language(header: &str, pseudo: bool) -> Option<Lang> {
    let mut best: Option<(Lang, f32)> = None;
    for part in header.split(',') {
        let mut bits = part.split(';');
        let Some(tag) = bits.next().map(str::trim).filter(|t| !t.is_empty()) else {
            continue;
        };
        let q = bits
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let Some(lang) = Lang::from_code(tag, pseudo) else {
            continue;
        };
        if q > 0.0 && best.is_none_or(|(_, b)| q > b) {
            best = Some((lang, q));
        }
    }
    best.map(|(l, _)| l)
}

/// The language of mail to a member: their setting, then the sub-community's default
/// (mail about a topic), then the deployment's.
pub fn for_recipient(
    member: Option<Language>,
    community: Option<Language>,
    default: Language,
) -> Lang {
    LangInputs {
        member,
        community,
        default,
        ..LangInputs::default()
    }
    .resolve()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_step_decides_only_when_the_earlier_ones_are_silent() {
        let all = LangInputs {
            explicit: Some(Lang::Fr),
            member: Some(Language::En),
            community: Some(Language::En),
            accept: Some(Lang::En),
            default: Language::En,
        };
        assert_eq!(all.resolve(), Lang::Fr);
        let member = LangInputs {
            explicit: None,
            member: Some(Language::Fr),
            ..all
        };
        assert_eq!(member.resolve(), Lang::Fr);
        let community = LangInputs {
            member: None,
            community: Some(Language::Fr),
            ..member
        };
        assert_eq!(community.resolve(), Lang::Fr);
        let accept = LangInputs {
            community: None,
            accept: Some(Lang::Fr),
            ..community
        };
        assert_eq!(accept.resolve(), Lang::Fr);
        let default = LangInputs {
            accept: None,
            default: Language::Fr,
            ..accept
        };
        assert_eq!(default.resolve(), Lang::Fr);
        assert_eq!(LangInputs::default().resolve(), Lang::En);
        assert_eq!(
            LangInputs::default().in_community(Language::Fr).resolve(),
            Lang::Fr
        );
    }

    #[test]
    fn accept_language_takes_the_best_language_we_have() {
        assert_eq!(
            accept_language("de-DE, fr;q=0.8, en;q=0.7", false),
            Some(Lang::Fr)
        );
        assert_eq!(
            accept_language("en-GB,en;q=0.9,fr;q=0.8", false),
            Some(Lang::En)
        );
        assert_eq!(accept_language("fr;q=0, en;q=0.1", false), Some(Lang::En));
        assert_eq!(accept_language("de, es", false), None);
        assert_eq!(accept_language("", false), None);
        assert_eq!(accept_language("*", false), None);
    }

    #[test]
    fn mail_follows_the_recipient() {
        assert_eq!(
            for_recipient(Some(Language::Fr), Some(Language::En), Language::En),
            Lang::Fr
        );
        assert_eq!(
            for_recipient(None, Some(Language::Fr), Language::En),
            Lang::Fr
        );
        assert_eq!(for_recipient(None, None, Language::Fr), Lang::Fr);
    }
}
