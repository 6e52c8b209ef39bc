//! Static assets compiled into the binary, addressed with a content hash so they can be
//! cached for a year.

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use once_cell::sync::Lazy;
use rust_embed::RustEmbed;
use sha2::{Digest, Sha256};

#[derive(RustEmbed)]
#[folder = "assets/"]
struct Assets;

static HASHES: Lazy<HashMap<String, String>> = Lazy::new(|| {
    Assets::iter()
        .filter_map(|name| {
            let file = Assets::get(&name)?;
            let digest = hex::encode(Sha256::digest(&file.data));
            Some((name.to_string(), digest[..12].to_string()))
        })
        .collect()
});

/// `/assets/app.css?v=<hash>` for use in views.
pub fn url(name: &str) -> String {
    match HASHES.get(name) {
        Some(h) => format!("/assets/{name}?v={h}"),
        None => format!("/assets/{name}"),
    }
}

pub async fn serve(req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    let name = path.into_inner();
    let Some(file) = Assets::get(&name) else {
        return HttpResponse::NotFound().finish();
    };
    let versioned = req
        .query_string()
        .strip_prefix("v=")
        .is_some_and(|v| HASHES.get(&name).is_some_and(|h| h == v));
    let cache = if versioned {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=300"
    };
    let mime = mime_guess::from_path(&name).first_or_octet_stream();
    HttpResponse::Ok()
        .content_type(mime.as_ref())
        .insert_header((header::CACHE_CONTROL, cache))
        .body(file.data.into_owned())
}
