//! Issue 24: invitation links with a source label, personal invitations by mail,
//! `/admin/invitations` (which channel brings valuable members), and the digest's
//! one-click actions (signed single-use tokens behind a confirmation page). Filled by the
//! invitations work.
