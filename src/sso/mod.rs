//! Employees sign in with the company's identity provider (issue 23): OpenID Connect
//! providers configured at `/admin/sso`, role mapping from claims, back-channel logout.
