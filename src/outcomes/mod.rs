//! Issue 20: the outcome dashboard: daily facts computed from `outcome_events` by one
//! background job, `/admin/outcomes` and `/c/{slug}/outcomes`, CSV exports, the monthly
//! outcome mail. Filled by the outcomes work.
