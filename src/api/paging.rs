//! Cursor pagination for API lists. A cursor is opaque to clients: base64url of a small
//! JSON value the list's query understands (for keyset pagination, the sort key and id of
//! the last item returned). A list answers `{"items": [...], "next": "<url>" | null}`
//! and, when there is more, a `Link: <url>; rel="next"` header.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Items per page when the client does not say, and the most it may ask for.
pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 100;

/// `?cursor=…&limit=…`, common to every list.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// The `next` cursor of the previous page.
    pub cursor: Option<String>,
    /// Items per page, 1 to 100 (default 20).
    pub limit: Option<i64>,
}

impl PageQuery {
    /// The page size asked for, checked.
    pub fn limit(&self) -> Result<i64, AppError> {
        match self.limit {
            None => Ok(DEFAULT_LIMIT),
            Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            Some(_) => Err(AppError::BadRequest(
                crate::error::Msg::key("errors-api-limit-range").with("max", MAX_LIMIT),
            )),
        }
    }

    /// The cursor decoded as `K` (`None` on the first page); a cursor that does not decode
    /// is a 400.
    pub fn position<K: DeserializeOwned>(&self) -> Result<Option<K>, AppError> {
        self.cursor.as_deref().map(decode).transpose()
    }
}

pub fn encode<K: Serialize>(key: &K) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(key).unwrap_or_default())
}

pub fn decode<K: DeserializeOwned>(cursor: &str) -> Result<K, AppError> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or_else(|| AppError::BadRequest(crate::error::Msg::key("errors-api-cursor")))
}

/// One page of a list.
#[derive(Debug, Serialize)]
pub struct Paged<T> {
    pub items: Vec<T>,
    /// The URL of the next page, or null on the last.
    pub next: Option<String>,
}

/// The URL of the page after this one: the request's path and query with `cursor`
/// replaced.
pub fn next_url(req: &HttpRequest, cursor: &str) -> String {
    let mut pairs: Vec<(String, String)> =
        url::form_urlencoded::parse(req.query_string().as_bytes())
            .filter(|(k, _)| k != "cursor")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    pairs.push(("cursor".into(), cursor.into()));
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    format!("{}?{query}", req.path())
}

/// Takes `limit + 1` rows read by a keyset query and answers the page: the first `limit`
/// items, and a next link from the key of the last one kept when there were more.
pub fn respond<R, T: Serialize, K: Serialize>(
    req: &HttpRequest,
    mut rows: Vec<R>,
    limit: i64,
    key: impl Fn(&R) -> K,
    item: impl Fn(R) -> T,
) -> HttpResponse {
    let limit = usize::try_from(limit).unwrap_or(0);
    let more = rows.len() > limit;
    rows.truncate(limit);
    let next = if more {
        rows.last().map(|r| next_url(req, &encode(&key(r))))
    } else {
        None
    };
    let mut response = HttpResponse::Ok();
    if let Some(next) = &next {
        response.insert_header((header::LINK, format!("<{next}>; rel=\"next\"")));
    }
    response.json(Paged {
        items: rows.into_iter().map(item).collect::<Vec<_>>(),
        next,
    })
}
