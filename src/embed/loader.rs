//! The loader `/embed/v1/parley.js`: one small script that defines the web components (owner: loader).

pub async fn script() -> Result<actix_web::HttpResponse, crate::error::AppError> {
    Err(crate::error::AppError::NotFound)
}
