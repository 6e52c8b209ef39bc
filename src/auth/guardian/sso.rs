//! The guardian's single sign-on decisions (issue 23): who configures identity providers.
//! A child of `guardian`, so it is the same guardian with the same private state.

#[allow(unused_imports)]
use super::Guardian;
