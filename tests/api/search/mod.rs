//! Issue 19 tests.
