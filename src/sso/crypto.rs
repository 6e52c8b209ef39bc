//! Client secrets and refresh tokens at rest: ChaCha20-Poly1305 with the key from
//! `[sso] encryption_key` (base64 of 32 bytes), a random 96-bit nonce per value, and
//! what the value is for as associated data (a secret cannot be moved to another row).

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};

use crate::config::SsoSettings;

const PREFIX: &str = "v1:";

/// The configured key, or why there is none.
#[derive(Clone)]
pub struct SecretBox(ChaCha20Poly1305);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeyError {
    #[error("no [sso] encryption_key is configured")]
    Missing,
    #[error("[sso] encryption_key is not the base64 of 32 bytes")]
    Malformed,
}

impl SecretBox {
    pub fn from_settings(settings: &SsoSettings) -> Result<SecretBox, KeyError> {
        let text = settings.encryption_key.trim();
        if text.is_empty() {
            return Err(KeyError::Missing);
        }
        let bytes = STANDARD.decode(text).map_err(|_| KeyError::Malformed)?;
        if bytes.len() != 32 {
            return Err(KeyError::Malformed);
        }
        Ok(SecretBox(ChaCha20Poly1305::new(Key::from_slice(&bytes))))
    }

    /// `context` names what the value is (e.g. `client_secret:okta`).
    pub fn seal(&self, context: &str, plain: &str) -> Result<String, String> {
        let mut nonce = [0u8; 12];
        getrandom::fill(&mut nonce).map_err(|e| e.to_string())?;
        let sealed = self
            .0
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plain.as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| "encryption failed".to_string())?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(format!("{PREFIX}{}", STANDARD.encode(out)))
    }

    pub fn open(&self, context: &str, sealed: &str) -> Result<String, String> {
        let bytes = sealed
            .strip_prefix(PREFIX)
            .and_then(|b| STANDARD.decode(b).ok())
            .filter(|b| b.len() > 12)
            .ok_or("not a sealed value")?;
        let (nonce, body) = bytes.split_at(12);
        let plain = self
            .0
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| "the value does not open with the configured key".to_string())?;
        String::from_utf8(plain).map_err(|_| "not text".to_string())
    }
}

/// A fresh key in the configuration's format (the demo's, and `README`'s advice).
pub fn generate_key() -> String {
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).unwrap_or_else(|e| panic!("OS random source failed: {e}"));
    STANDARD.encode(key)
}

pub fn client_secret_context(provider: &str) -> String {
    format!("client_secret:{provider}")
}

pub fn refresh_token_context(issuer: &str, subject: &str) -> String {
    format!("refresh_token:{issuer}:{subject}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sbox() -> Result<SecretBox, KeyError> {
        SecretBox::from_settings(&SsoSettings {
            encryption_key: generate_key(),
            ..SsoSettings::default()
        })
    }

    #[test]
    fn seals_and_opens_only_in_the_same_context() -> Result<(), Box<dyn std::error::Error>> {
        let b = sbox()?;
        let sealed = b.seal("client_secret:a", "s3cret")?;
        assert!(!sealed.contains("s3cret"));
        assert_eq!(b.open("client_secret:a", &sealed)?, "s3cret");
        assert!(b.open("client_secret:b", &sealed).is_err());
        assert!(sbox()?.open("client_secret:a", &sealed).is_err());
        Ok(())
    }

    #[test]
    fn refuses_missing_or_short_keys() {
        let missing = SecretBox::from_settings(&SsoSettings::default()).err();
        assert_eq!(missing, Some(KeyError::Missing));
        let short = SecretBox::from_settings(&SsoSettings {
            encryption_key: STANDARD.encode([1u8; 16]),
            ..SsoSettings::default()
        })
        .err();
        assert_eq!(short, Some(KeyError::Malformed));
    }
}
