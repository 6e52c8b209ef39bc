//! `ApiJson<T>`: a request body for the API, parsed strictly. Anything wrong is a 400
//! problem naming what (malformed JSON, a wrong type, an unknown field: input types use
//! `#[serde(deny_unknown_fields)]`), a body over the limit is a 413, and a body that is
//! not `application/json` is a 415-style 400; in every case the handler never runs, so
//! nothing changes.

use std::future::Future;
use std::pin::Pin;

use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// The largest API request body accepted (a post body is at most a few tens of KiB).
pub const MAX_API_BODY: usize = 256 * 1024;

/// A JSON body of type `T`. Derefs to `T`; `into_inner` takes it.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T> ApiJson<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for ApiJson<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

fn is_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| {
            let m = m.trim();
            m.eq_ignore_ascii_case("application/json")
                || (m.starts_with("application/") && m.ends_with("+json"))
        })
}

/// Parses `bytes` as `T`, with the error a client can act on.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = T::deserialize(&mut de).map_err(|e| {
        let what = match e.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                "The body is not valid JSON"
            }
            _ => "The body does not match what this endpoint takes",
        };
        AppError::BadRequest(format!("{what}: {e}.").into())
    })?;
    de.end()
        .map_err(|e| AppError::BadRequest(format!("The body is not valid JSON: {e}.").into()))?;
    Ok(value)
}

impl<T: DeserializeOwned + 'static> FromRequest for ApiJson<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let json = is_json(req);
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let mut payload = payload.take();
        Box::pin(async move {
            if declared.is_some_and(|n| n > MAX_API_BODY) {
                return Err(AppError::PayloadTooLarge);
            }
            if !json {
                return Err(AppError::BadRequest(crate::error::Msg::key(
                    "errors-api-json-content-type",
                )));
            }
            let mut body = web::BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|_| {
                    AppError::BadRequest(crate::error::Msg::key("errors-body-unreadable"))
                })?;
                if body.len() + chunk.len() > MAX_API_BODY {
                    return Err(AppError::PayloadTooLarge);
                }
                body.extend_from_slice(&chunk);
            }
            Ok(ApiJson(parse(&body)?))
        })
    }
}
