//! The guardian's wiki decisions (issue 19): who turns a post into a wiki, who edits it.
//! A child of `guardian`, so it is the same guardian with the same private state.

#[allow(unused_imports)]
use super::Guardian;
