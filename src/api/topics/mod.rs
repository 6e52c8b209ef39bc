//! Topics through the API: the lists (`list`), one topic with its posts (`show`), and
//! starting, editing or merging a topic (`write`), and a moderator's
//! pin, lock, move and close-as-duplicate (`moderate`). Each handler requires its scope and then calls
//! the services the HTML pages call; the guardian decides everything else.

pub mod list;
pub mod moderate;
pub mod show;
pub mod write;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;

use crate::api::paging::{self, Paged};

/// A page of a list whose read model gave the next position itself (`next`, the HTML
/// list's own cursor): `{"items", "next"}` and a `Link` header, as `paging::respond`.
pub(crate) fn page_response<T: Serialize>(
    req: &HttpRequest,
    items: Vec<T>,
    next: Option<&str>,
) -> HttpResponse {
    let next = next.map(|position| paging::next_url(req, &paging::encode(&position)));
    let mut response = HttpResponse::Ok();
    if let Some(next) = &next {
        response.insert_header((header::LINK, format!("<{next}>; rel=\"next\"")));
    }
    response.json(Paged { items, next })
}
