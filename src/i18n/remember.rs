//! `?lang=fr` on any page is an explicit choice: the response remembers it in the
//! `parley_lang` cookie for a year (the language menu is a set of such links), so every
//! later page, on any node, is in that language until the visitor chooses again.

use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;

use super::resolve::{query_choice, LANG_COOKIE};
use crate::state::AppState;

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let settings = req
        .app_data::<web::Data<AppState>>()
        .map(|s| (s.settings.i18n.pseudo_locale, s.settings.secure_cookies()));
    let chosen = settings.and_then(|(pseudo, _)| query_choice(req.request(), pseudo));
    let mut res = next.call(req).await?;
    if let (Some(lang), Some((_, secure))) = (chosen, settings) {
        let cookie = Cookie::build(LANG_COOKIE, lang.code())
            .path("/")
            .max_age(actix_web::cookie::time::Duration::days(365))
            .http_only(true)
            .secure(secure)
            .same_site(SameSite::Lax)
            .finish();
        res.response_mut().add_cookie(&cookie)?;
    }
    Ok(res)
}
