# Error pages and the API's problem titles (error.rs, http::errors, views::error_page).
# The key stem is the problem's code (not_found -> errors-not-found-…). English.

errors-not-found-title = Page not found
errors-not-found-message = There is nothing here, or you may not see it.
errors-forbidden-title = Not allowed
errors-forbidden-message = You do not have permission to do that.
errors-sign-in-required-title = Please sign in
errors-sign-in-required-message = You need to sign in to do that.
errors-validation-failed-title = Please check the form
errors-validation-failed-message = Some fields need attention.
errors-bad-request-title = Bad request
errors-bad-request-message = The request could not be understood.
errors-conflict-title = Already exists
errors-conflict-message = That already exists.
errors-csrf-failed-title = Form expired
errors-csrf-failed-message = This form has expired or was sent from another site. Go back, reload the page and try again.
errors-rate-limited-title = Too many requests
errors-rate-limited-message = { $seconds ->
    [one] Please wait { $seconds } second before trying again.
   *[other] Please wait { $seconds } seconds before trying again.
}
errors-unavailable-title = Temporarily unavailable
errors-unavailable-message = The service is temporarily unavailable. Please try again shortly.
errors-payload-too-large-title = Too large
errors-payload-too-large-message = What you sent is larger than allowed.
errors-idempotency-in-progress-title = Request in progress
errors-idempotency-in-progress-message = A request with this Idempotency-Key is still running. Retry when it has finished.
errors-idempotency-key-reused-title = Idempotency key reused
errors-idempotency-key-reused-message = This Idempotency-Key was used for a different request. Use a new key for a new request.
errors-internal-error-title = Something went wrong
errors-internal-error-message = An unexpected error occurred. It has been logged.

## The error page
errors-page-request-id = Request id:
errors-page-request-id-hint = (quote it if you contact support)
errors-page-home = Go to the home page

## What a refused request says (AppError::BadRequest and ::Conflict).
errors-body-unreadable = The request body could not be read.
errors-vote-value = A vote is up, down or none.
errors-accept-not-answer = Only an answer to this question can be accepted.
errors-unaccept-not-answer = Only an answer to this question can be un-accepted.
errors-status-ideas-only = Only ideas have a status.
errors-wiki-current-version = That is the current version; choose an older one.
errors-comment-placement = Comments go under a question or an answer.
errors-history-edited = Someone edited this post while you were reading its history. Look at the history again before restoring a version.
errors-review-resolved = Another moderator already resolved this item.
errors-unsubscribe-invalid = This unsubscribe link is not valid.
errors-link-invalid = That link is invalid, was already used, or has expired. Request a new one.
errors-webhook-delivery-queued = This delivery is already queued; it will be attempted again.
errors-embed-event-kind = kind must be similar_clicked
errors-embed-url = url must be an absolute http(s) URL
errors-api-edit-conflict = The post was edited since the version this edit started from; nothing was saved.
errors-api-json-content-type = Send the body as JSON, with Content-Type: application/json.
errors-api-cursor = The cursor is not one this API gave out.
errors-api-notifications-body = Send either {"{"}"ids": [...]{"}"} or {"{"}"all": true{"}"}.
errors-api-limit = limit must be a number from 1 to { $max }.
errors-api-limit-range = limit is a number from 1 to { $max }.
errors-api-idempotency-key = Idempotency-Key must be 1 to { $max } visible ASCII characters.
errors-sso-logout-token = The logout token is not valid.
errors-sso-suspended = This account is suspended.
errors-sso-identity-linked = This identity is already linked to an account.
errors-sso-signup-closed = Single sign-on did not sign you in: this provider does not create accounts here. Ask an administrator.
errors-sso-no-email = Single sign-on did not sign you in: the identity provider sent no email address.
errors-sso-provider-answered = Single sign-on did not sign you in: the identity provider answered { $error }.
errors-sso-other-browser = Single sign-on did not sign you in: this sign-in was not started in this browser. Start again.
errors-sso-expired = Single sign-on did not sign you in: this sign-in has expired or was already used. Start again.
errors-sso-no-code = Single sign-on did not sign you in: the identity provider sent no code.
errors-sso-not-confirmed = Single sign-on did not sign you in: the identity provider did not confirm the sign-in.
errors-sso-no-id-token = Single sign-on did not sign you in: the identity provider sent no ID token.
errors-sso-invalid-token = Single sign-on did not sign you in: the identity token was not valid.

## A query parameter the API or a fragment does not understand.
errors-param = { $name } must be { $expected }.
errors-expect-kind = question, discussion, idea or announcement
errors-expect-state = unanswered, answered or solved
errors-expect-sort-search = relevance or newest
errors-expect-sort-list = latest, new or top
errors-expect-sort-embed = latest or top
errors-expect-tag = one tag
errors-expect-date = a date as YYYY-MM-DD
errors-expect-cursor = a cursor this API gave out
errors-expect-category = a category id
errors-expect-limit-embed = a whole number from 1 to 20
errors-expect-lang = en or fr
errors-expect-who = mine or nobody
errors-expect-queue-state = unanswered or answered
errors-expect-covered = the slug of a sub-community you cover
errors-embed-page-key = page must be 1 to 300 characters with no control characters
errors-embed-page-or-url = give the page's stable key (page) or its canonical URL (url)
errors-embed-url-too-long = url is longer than 300 characters
