//! Issue 23 tests.
