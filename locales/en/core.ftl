# The page shell (views::layout), notices after a redirect (views::page::Notice),
# dates and durations (i18n::format). English.

-brand = Parley

## Header and footer
skip-to-content = Skip to content
nav-latest = Latest
nav-queue = Queue
nav-review = Review
nav-admin = Admin
nav-notifications = Notifications
nav-notifications-label = Notifications, { $n ->
    [one] { $n } unread
   *[other] { $n } unread
}
nav-settings = Settings
nav-sign-out = Sign out
nav-sign-in = Sign in
nav-sign-up = Sign up
nav-account = Account
nav-search-label = Search
nav-search-placeholder = Search…
nav-search-site = Site search
footer-api = API
footer-powered = Powered by { -brand }
language-menu = Language
language-menu-current = { $language } (current)

## Notices about the viewer's own account
notice-read-only = A moderator made your account read-only until { $date }. You can read but not post, reply or flag.
notice-confirm-email = Please confirm your email address: we sent a link to { $email }.
notice-confirm-email-link = Resend or change it
notice-bouncing = Mail to { $email } keeps bouncing, so we have stopped sending you email.
notice-bouncing-link = Change your address

## One-line notices after a redirect (?notice=)
notice-check-email = Thanks! If that address can be used, we have sent it a link. Check your inbox to confirm your account.
notice-email-confirmed = Your email address is confirmed. Welcome!
notice-signed-out = You have signed out.
notice-signed-out-everywhere = You have been signed out of every session.
notice-password-changed = Your password was changed. Other sessions were signed out.
notice-password-reset = Your password was reset. Please sign in with the new one.
notice-reset-sent = If an account uses that address, we have sent it a link to reset the password.
notice-email-change-sent = We sent a confirmation link to the new address. The change takes effect when you follow it.
notice-email-changed = Your email address was changed. Please sign in again.
notice-profile-saved = Profile saved.
notice-saved = Saved.
notice-link-invalid = That link is invalid, was already used, or has expired. Request a new one.
notice-welcome = Your administrator account is ready.
notice-flagged = Thanks. The moderators will review this post.
notice-held = Your post is awaiting approval by a moderator. Until then only you and the moderators can see it.
notice-token-revoked = The token was revoked. Requests using it are refused from now on.

## Times and counts (i18n::format)
time-just-now = just now
time-minutes-ago = { $n ->
    [one] { $n } minute ago
   *[other] { $n } minutes ago
}
time-hours-ago = { $n ->
    [one] { $n } hour ago
   *[other] { $n } hours ago
}
time-days-ago = { $n ->
    [one] { $n } day ago
   *[other] { $n } days ago
}
duration-minutes = { $m } min
duration-hours-minutes = { $h } h { $m } min
duration-days-hours = { $d } d { $h } h
count-members = { $n ->
    [one] { $n } member
   *[other] { $n } members
}
