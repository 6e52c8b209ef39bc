//! A sub-community's Embedding settings at `/c/{slug}/embedding`.

pub async fn form() -> Result<actix_web::HttpResponse, crate::error::AppError> {
    Err(crate::error::AppError::NotFound)
}

pub async fn save() -> Result<actix_web::HttpResponse, crate::error::AppError> {
    Err(crate::error::AppError::NotFound)
}
