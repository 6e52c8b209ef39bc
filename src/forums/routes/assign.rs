//! Assigning an open question to a colleague (`/t/{id}/assign`): a page with the
//! employees who cover its sub-community, and the form's answer.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::communities::scope::{InTopic, MemberAt};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::forums::queue as employee_queue;
use crate::forums::views::queue::assign_page;
use crate::http::{html, html_status, see_other};
use crate::state::AppState;

pub(crate) async fn assign_form(
    state: web::Data<AppState>,
    at: MemberAt<InTopic>,
) -> AppResult<HttpResponse> {
    let (t, c) = (&at.topic, &at.community);
    let colleagues = employee_queue::colleagues(&state, &at.guardian(), t, c).await?;
    Ok(html(assign_page(
        &at.page,
        t,
        &colleagues,
        &FieldErrors::new(),
        t.claimed_by.as_ref(),
    )))
}

#[derive(Deserialize)]
pub struct AssignForm {
    #[serde(default)]
    username: String,
}

pub(crate) async fn assign(
    state: web::Data<AppState>,
    at: MemberAt<InTopic>,
    form: web::Form<AssignForm>,
) -> AppResult<HttpResponse> {
    let (t, c, guardian) = (&at.topic, &at.community, at.guardian());
    match employee_queue::assign(&state, &guardian, at.me(), t, c, &form.username).await {
        Ok(()) => Ok(see_other(&t.path())),
        Err(AppError::Validation(errors)) => {
            let colleagues = employee_queue::colleagues(&state, &guardian, t, c).await?;
            Ok(html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                assign_page(&at.page, t, &colleagues, &errors, t.claimed_by.as_ref()),
            ))
        }
        Err(e) => Err(e),
    }
}
