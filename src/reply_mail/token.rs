//! Reply addresses: `reply+<token>@<reply domain>`.
//!
//! A token is 10 random bytes naming a `reply_tokens` row (member, topic, expiry) and a
//! 15-byte HMAC-SHA256 over that row under the member's own key (the key that signs their
//! unsubscribe links), written in lowercase base32 without padding: 40 characters, so the
//! local part stays at 46 of the 64 allowed, and MTAs that lowercase local parts do no
//! harm. A guessed id finds nothing; a stolen row (a database leak) cannot be turned into
//! an address without the member's key; an edited address fails the MAC. A token lets
//! its holder post one kind of thing (a reply to that topic, as that member, checked by
//! the guardian as the member is now); it never signs anyone in.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::db::models::notification_prefs;
use crate::db::models::reply_mail::{self as rows, ReplyToken};
use crate::db::{DbConn, Timestamp, TopicId, UserId};

/// How long a reply address works.
pub const LIFETIME_SECS: i64 = 30 * 86_400;
const ID_BYTES: usize = 10;
const MAC_BYTES: usize = 15;
const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";

/// Lowercase RFC 4648 base32 without padding.
pub fn base32(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 8 / 5 + 1);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Decodes [`base32`], any case; `None` for anything else.
pub fn unbase32(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let c = c.to_ascii_lowercase();
        let v = ALPHABET.iter().position(|&a| a == c)? as u32;
        buffer = (buffer << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

fn mac(key: &str, row: &ReplyToken) -> Option<HmacSha256> {
    let mut m = HmacSha256::new_from_slice(key.as_bytes()).ok()?;
    m.update(b"reply\0");
    m.update(row.id.as_bytes());
    m.update(b"\0");
    m.update(row.user_id.as_str().as_bytes());
    m.update(b"\0");
    m.update(row.topic_id.as_str().as_bytes());
    m.update(b"\0");
    m.update(&row.expires_at.micros().to_be_bytes());
    Some(m)
}

type HmacSha256 = Hmac<Sha256>;

/// Makes a reply token for `user` about `topic` (call in the transaction that queues the
/// mail): stores its row, returns the token.
pub fn mint(
    conn: &mut DbConn,
    user: &UserId,
    key: &str,
    topic: &TopicId,
    now: Timestamp,
) -> diesel::QueryResult<String> {
    let mut id = [0u8; ID_BYTES];
    // The OS random source failing is unrecoverable; there is no safe fallback.
    getrandom::fill(&mut id).unwrap_or_else(|e| panic!("OS random source failed: {e}"));
    let row = ReplyToken {
        id: base32(&id),
        user_id: user.clone(),
        topic_id: topic.clone(),
        expires_at: now.plus_secs(LIFETIME_SECS),
        created_at: now,
    };
    rows::insert_token(conn, &row)?;
    // Rows of addresses a week past their expiry go (a late reply still hears "expired"
    // for that week); an indexed delete that usually finds nothing.
    rows::prune_tokens(conn, now.plus_secs(-7 * 86_400))?;
    let sig = mac(key, &row)
        .map(|m| m.finalize().into_bytes().to_vec())
        .unwrap_or_default();
    let mut bytes = id.to_vec();
    bytes.extend_from_slice(sig.get(..MAC_BYTES).unwrap_or_default());
    Ok(base32(&bytes))
}

/// `reply+<token>@<domain>`.
pub fn address(token: &str, domain: &str) -> String {
    format!("reply+{token}@{}", domain.trim())
}

/// The token in a reply address (`reply+TOKEN@domain`, any case), if it is one.
pub fn from_address(recipient: &str) -> Option<&str> {
    let addr = recipient
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>');
    let local = addr.rsplit_once('@')?.0;
    let (prefix, token) = local.split_once('+')?;
    prefix.eq_ignore_ascii_case("reply").then_some(token)
}

/// What a token turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked {
    Valid {
        user: UserId,
        topic: TopicId,
    },
    Expired {
        user: UserId,
    },
    /// Unknown, malformed or forged.
    Invalid,
}

pub fn check(conn: &mut DbConn, token: &str, now: Timestamp) -> diesel::QueryResult<Checked> {
    let Some(bytes) = unbase32(token).filter(|b| b.len() == ID_BYTES + MAC_BYTES) else {
        return Ok(Checked::Invalid);
    };
    let (id, sig) = bytes.split_at(ID_BYTES);
    let Some(row) = rows::find_token(conn, &base32(id))? else {
        return Ok(Checked::Invalid);
    };
    let Some(prefs) = notification_prefs::find(conn, &row.user_id)? else {
        return Ok(Checked::Invalid);
    };
    let valid =
        mac(&prefs.unsubscribe_key, &row).is_some_and(|m| m.verify_truncated_left(sig).is_ok());
    Ok(match valid {
        false => Checked::Invalid,
        true if row.expires_at <= now => Checked::Expired { user: row.user_id },
        true => Checked::Valid {
            user: row.user_id,
            topic: row.topic_id,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base32_round_trips_in_any_case() {
        for len in 0..30 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let text = base32(&bytes);
            assert!(text.bytes().all(|c| !c.is_ascii_uppercase()));
            assert_eq!(unbase32(&text).as_deref(), Some(&bytes[..]));
            assert_eq!(unbase32(&text.to_uppercase()).as_deref(), Some(&bytes[..]));
        }
        assert_eq!(base32(b"foobar"), "mzxw6ytboi");
        assert!(unbase32("not-base32!").is_none());
    }

    #[test]
    fn token_fits_a_local_part() -> Result<(), &'static str> {
        let token = base32(&[0xff; ID_BYTES + MAC_BYTES]);
        assert_eq!(token.len(), 40);
        assert!(
            address(&token, "reply.example.com")
                .split('@')
                .next()
                .ok_or("the address's local part")?
                .len()
                <= 64
        );
        Ok(())
    }

    #[test]
    fn address_yields_its_token() {
        assert_eq!(from_address("Reply+ABC@x.example"), Some("ABC"));
        assert_eq!(from_address("<reply+abc@x.example>"), Some("abc"));
        assert_eq!(from_address("someone@x.example"), None);
        assert_eq!(from_address("other+abc@x.example"), None);
    }
}
