//! Random tokens for sessions, CSRF and emailed links. Only a SHA-256 of a token is
//! stored, so a database leak does not hand out live sessions or reset links.

use sha2::{Digest, Sha256};

/// 256 random bits, hex-encoded (64 characters).
pub fn random_token() -> String {
    let mut buf = [0u8; 32];
    // The OS random source failing is unrecoverable; there is no safe fallback.
    getrandom::fill(&mut buf).unwrap_or_else(|e| panic!("OS random source failed: {e}"));
    hex::encode(buf)
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Constant-time comparison of two secrets.
pub fn same_secret(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// What a personal API token's secret starts with, so leaked ones can be found by
/// scanners.
pub const PERSONAL_PREFIX: &str = "parley_pat_";
/// What a service API token's secret starts with.
pub const SERVICE_PREFIX: &str = "parley_svc_";
/// An embed session: minted for a widget's frame (Parley Connect, the sign-in popup, or
/// a first-party session), limited to one sub-community, short-lived.
pub const EMBED_PREFIX: &str = "parley_emb_";
