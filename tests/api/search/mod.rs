//! Issue 19 tests.
mod ranking;
