//! One-click unsubscribe links (RFC 8058). A link names the member and the kind of mail
//! and carries an HMAC-SHA256 of both under the member's own key, so it works without
//! signing in, cannot be forged for another member or another kind, and stays valid.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::db::{MailCategory, UserId};

type HmacSha256 = Hmac<Sha256>;

fn mac(key: &str, user: &UserId, category: MailCategory) -> Option<HmacSha256> {
    let mut m = HmacSha256::new_from_slice(key.as_bytes()).ok()?;
    m.update(b"unsubscribe\0");
    m.update(user.as_str().as_bytes());
    m.update(b"\0");
    m.update(category.as_str().as_bytes());
    Some(m)
}

/// `{user}.{category}.{signature}`.
pub fn token(key: &str, user: &UserId, category: MailCategory) -> String {
    let sig = mac(key, user, category)
        .map(|m| hex::encode(m.finalize().into_bytes()))
        .unwrap_or_default();
    format!("{user}.{category}.{sig}")
}

/// The member and kind a token names, before its signature is checked.
pub fn parse(token: &str) -> Option<(UserId, MailCategory, String)> {
    let mut parts = token.splitn(3, '.');
    let user = UserId::parse(parts.next()?)?;
    let category = parts.next()?.parse::<MailCategory>().ok()?;
    let sig = parts.next()?;
    if sig.len() != 64 || !sig.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    Some((user, category, sig.to_string()))
}

/// Checks the signature in constant time.
pub fn verify(key: &str, user: &UserId, category: MailCategory, sig: &str) -> bool {
    let Ok(bytes) = hex::decode(sig) else {
        return false;
    };
    mac(key, user, category).is_some_and(|m| m.verify_slice(&bytes).is_ok())
}

pub fn url(base: &str, key: &str, user: &UserId, category: MailCategory) -> String {
    format!("{base}/unsubscribe/{}", token(key, user, category))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_round_trips_and_rejects_tampering() -> Result<(), &'static str> {
        let user = UserId::new();
        let other = UserId::new();
        let t = token("k1", &user, MailCategory::Replies);
        let (u, c, sig) = parse(&t).ok_or("the token parses")?;
        assert_eq!(u, user);
        assert_eq!(c, MailCategory::Replies);
        assert!(verify("k1", &u, c, &sig));
        assert!(!verify("k2", &u, c, &sig), "another key");
        assert!(!verify("k1", &other, c, &sig), "another member");
        assert!(
            !verify("k1", &u, MailCategory::Digest, &sig),
            "another kind"
        );
        assert!(parse("not-a-token").is_none());
        Ok(())
    }
}
