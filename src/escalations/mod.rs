//! Issue 20: escalations of topics to product teams (`/admin/teams`, `/t/{id}/escalate`,
//! `/teams/{slug}`). Filled by the escalations work.
