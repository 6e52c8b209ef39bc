//! The guardian's search decisions (issue 19): who reads the search log and content gaps.
//! A child of `guardian`, so it is the same guardian with the same private state.

#[allow(unused_imports)]
use super::Guardian;
