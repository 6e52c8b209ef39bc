//! `HEAD` for every `GET` route (issue 22; load balancers and uptime checkers use it).
//! Routes are registered for `GET` only; this middleware hands a `HEAD` request to the
//! router as a `GET`, so it gets exactly the `GET`'s status and headers. The body is not
//! sent: actix-http's HTTP/1 encoder remembers that the request was `HEAD` (it decided
//! that when it parsed the request) and writes the head alone, with the `GET`'s
//! `Content-Length`.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;

pub async fn middleware(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}
