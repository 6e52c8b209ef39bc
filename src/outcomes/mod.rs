//! Issue 20: the outcome dashboard: the events recorded by the write cores (`events`),
//! the daily facts computed from `outcome_events` by one background job (`facts`, `job`),
//! the figures of a date range (`report`), `/admin/outcomes` and `/c/{slug}/outcomes`
//! (`routes`, `views`, `charts`), CSV exports (`csv`) and the monthly outcome mail
//! (`mail`).

pub mod bench;
pub mod charts;
pub mod cli;
pub mod csv;
pub mod events;
pub mod facts;
pub mod job;
pub mod mail;
pub mod report;
pub mod routes;
pub mod stats;
pub mod views;
