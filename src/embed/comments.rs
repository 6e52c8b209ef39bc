//! A page thread's comments as a fragment (`/embed/v1/comments.html`) and as the markup the comments frame shows (owner: frames).

pub async fn fragment() -> Result<actix_web::HttpResponse, crate::error::AppError> {
    Err(crate::error::AppError::NotFound)
}
