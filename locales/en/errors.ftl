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
