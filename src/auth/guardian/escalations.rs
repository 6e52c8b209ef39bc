//! The guardian's decisions for this feature (filled by its work). A child of
//! `guardian`, so it is the same guardian with the same private state.

#[allow(unused_imports)]
use super::Guardian;
