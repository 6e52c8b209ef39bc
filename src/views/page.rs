//! `Page`: everything the layout needs about the current request.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use actix_web::{web, FromRequest, HttpMessage, HttpRequest};

use crate::auth::viewer::ViewerKey;
use crate::auth::Viewer;
use crate::db::Language;
use crate::error::AppError;
use crate::http::csrf::CsrfToken;
use crate::i18n::{Lang, LangInputs};
use crate::state::AppState;
use crate::views::brand::Brand;

/// One-line messages shown after a redirect, chosen by a fixed code in `?notice=`
/// so no attacker-chosen text can be displayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    CheckEmail,
    EmailConfirmed,
    SignedOut,
    SignedOutEverywhere,
    PasswordChanged,
    PasswordReset,
    ResetSent,
    EmailChangeSent,
    EmailChanged,
    ProfileSaved,
    Saved,
    LinkInvalid,
    Welcome,
    Flagged,
    Held,
    TokenRevoked,
}

impl Notice {
    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "check_email" => Notice::CheckEmail,
            "email_confirmed" => Notice::EmailConfirmed,
            "signed_out" => Notice::SignedOut,
            "signed_out_everywhere" => Notice::SignedOutEverywhere,
            "password_changed" => Notice::PasswordChanged,
            "password_reset" => Notice::PasswordReset,
            "reset_sent" => Notice::ResetSent,
            "email_change_sent" => Notice::EmailChangeSent,
            "email_changed" => Notice::EmailChanged,
            "profile_saved" => Notice::ProfileSaved,
            "saved" => Notice::Saved,
            "link_invalid" => Notice::LinkInvalid,
            "welcome" => Notice::Welcome,
            "flagged" => Notice::Flagged,
            "held" => Notice::Held,
            "token_revoked" => Notice::TokenRevoked,
            _ => return None,
        })
    }

    /// The notice's Fluent key (`locales/*/core.ftl`).
    pub fn key(self) -> &'static str {
        match self {
            Notice::CheckEmail => "notice-check-email",
            Notice::EmailConfirmed => "notice-email-confirmed",
            Notice::SignedOut => "notice-signed-out",
            Notice::SignedOutEverywhere => "notice-signed-out-everywhere",
            Notice::PasswordChanged => "notice-password-changed",
            Notice::PasswordReset => "notice-password-reset",
            Notice::ResetSent => "notice-reset-sent",
            Notice::EmailChangeSent => "notice-email-change-sent",
            Notice::EmailChanged => "notice-email-changed",
            Notice::ProfileSaved => "notice-profile-saved",
            Notice::Saved => "notice-saved",
            Notice::LinkInvalid => "notice-link-invalid",
            Notice::Welcome => "notice-welcome",
            Notice::Flagged => "notice-flagged",
            Notice::TokenRevoked => "notice-token-revoked",
            Notice::Held => "notice-held",
        }
    }

    pub fn message(self, lang: Lang) -> String {
        lang.t(self.key())
    }
}

#[derive(Clone)]
pub struct Page {
    pub viewer: Viewer,
    pub csrf: String,
    pub brand: Arc<Brand>,
    pub notice: Option<Notice>,
    pub path: String,
    /// Rendering a template shared by many viewers: the viewer's own parts become holes
    /// (see `views::holes`).
    pub holes: bool,
    /// The public base URL without a trailing slash (canonical links, `og:url`).
    pub base_url: Arc<str>,
    /// Issue 21: the language this page is written in, resolved from `langs`.
    pub lang: Lang,
    /// What decided `lang` (see `i18n::resolve`), kept to resolve again in a
    /// sub-community ([`Page::in_community`]).
    pub langs: LangInputs,
}

impl Page {
    /// The header's links, as the guardian decides them for this viewer.
    pub fn nav(&self) -> crate::auth::guardian::NavPerms {
        crate::auth::Guardian::new(&self.viewer).nav()
    }

    /// This page as a template for any viewer: rendered without the viewer, its own parts
    /// (header links, account notices, form tokens) left as holes to fill per request.
    pub fn template(&self) -> Page {
        Page {
            viewer: Viewer::default(),
            csrf: crate::views::holes::marker(&crate::views::holes::Hole::Csrf),
            brand: self.brand.clone(),
            notice: self.notice,
            path: self.path.clone(),
            holes: true,
            base_url: self.base_url.clone(),
            lang: self.lang,
            langs: LangInputs {
                member: None,
                ..self.langs
            },
        }
    }

    /// The same page after this request read `n` of the viewer's notifications, so the
    /// header's count is already right on the page that read them.
    pub fn after_reading_notifications(&self, n: usize) -> Page {
        let viewer = match self.viewer.auth() {
            Some(a) if n > 0 => {
                let mut user = a.user.clone();
                let n = i32::try_from(n).unwrap_or(i32::MAX);
                user.unread_notifications = (user.unread_notifications - n).max(0);
                crate::auth::Viewer(Some(Arc::new(crate::auth::viewer::AuthUser {
                    user,
                    session_hash: a.session_hash.clone(),
                    memberships: a.memberships.clone(),
                    silenced: a.silenced,
                    grant: a.grant.clone(),
                })))
            }
            _ => self.viewer.clone(),
        };
        Page {
            viewer,
            csrf: self.csrf.clone(),
            brand: self.brand.clone(),
            notice: self.notice,
            path: self.path.clone(),
            holes: self.holes,
            base_url: self.base_url.clone(),
            lang: self.lang,
            langs: self.langs,
        }
    }

    /// This page inside a sub-community whose default language is `community`: the
    /// language is resolved again with it (it counts after an explicit choice and the
    /// member's setting, before the browser's).
    pub fn in_community(mut self, community: Language) -> Page {
        self.langs = self.langs.in_community(community);
        self.lang = self.langs.resolve();
        self
    }

    /// A message in this page's language (see [`t!`](crate::t) for variables).
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }
}

impl FromRequest for Page {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let viewer_fut = Viewer::from_request(req, payload);
        let pending_fut = PendingPage::from_request(req, payload);
        Box::pin(async move {
            let viewer = viewer_fut.await?;
            Ok(pending_fut.await?.into_page(viewer))
        })
    }
}

/// A [`Page`] whose viewer is not looked up yet: the handler resolves
/// [`PendingPage::viewer_key`] together with its own first reads (one trip to the
/// database instead of two), then calls [`PendingPage::into_page`].
pub struct PendingPage {
    viewer_key: ViewerKey,
    csrf: String,
    brand: Arc<Brand>,
    notice: Option<Notice>,
    path: String,
    base_url: Arc<str>,
    langs: LangInputs,
}

impl PendingPage {
    pub fn viewer_key(&self) -> &ViewerKey {
        &self.viewer_key
    }

    pub fn into_page(self, viewer: Viewer) -> Page {
        let langs = LangInputs {
            member: viewer.user().and_then(|u| u.language),
            ..self.langs
        };
        Page {
            lang: langs.resolve(),
            langs,
            viewer,
            csrf: self.csrf,
            brand: self.brand,
            notice: self.notice,
            path: self.path,
            holes: false,
            base_url: self.base_url,
        }
    }
}

impl FromRequest for PendingPage {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = req
                .app_data::<web::Data<AppState>>()
                .cloned()
                .ok_or_else(|| {
                    AppError::Unexpected(anyhow::anyhow!("application state missing"))
                })?;
            let brand = state.brand.get(&state).await?;
            let csrf = req
                .extensions()
                .get::<CsrfToken>()
                .map(|t| t.0.clone())
                .unwrap_or_default();
            let notice = web::Query::<Vec<(String, String)>>::from_query(req.query_string())
                .ok()
                .and_then(|q| {
                    q.iter()
                        .find(|(k, _)| k == "notice")
                        .and_then(|(_, v)| Notice::from_code(v))
                });
            let langs = LangInputs::from_request(
                &req,
                brand.settings.default_language,
                state.settings.i18n.pseudo_locale,
            );
            Ok(PendingPage {
                viewer_key: ViewerKey::of(&req),
                csrf,
                brand,
                notice,
                path: req.path().to_string(),
                base_url: Arc::from(state.base_url()),
                langs,
            })
        })
    }
}
