//! A generated avatar: the initial on a colour derived from the username. SVG, cacheable.

use sha2::{Digest, Sha256};

const PALETTE: &[&str] = &[
    "#2f6fde", "#0f8a6d", "#b5418b", "#c0562a", "#6b4fc8", "#2d7d9a", "#8a6d0f", "#c23a4b",
    "#3d8a2f", "#5a5f73",
];

pub fn svg(username: &str) -> String {
    let digest = Sha256::digest(username.as_bytes());
    let color = PALETTE[usize::from(digest[0]) % PALETTE.len()];
    let initial: String = username
        .chars()
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    let initial = initial
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64" role="img"><rect width="64" height="64" rx="32" fill="{color}"/><text x="32" y="42" font-family="Arial,Helvetica,sans-serif" font-size="30" fill="#ffffff" text-anchor="middle">{initial}</text></svg>"##
    )
}
