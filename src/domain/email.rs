use crate::error::Msg;

/// An email address, checked for shape (not deliverability: the confirmation mail does that).
/// `key` is the lower-cased form used for uniqueness and lookups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    address: String,
    key: String,
}

impl Email {
    pub const MAX: usize = 254;

    pub fn parse(input: &str) -> Result<Self, Msg> {
        let address = input.trim();
        if address.len() > Self::MAX {
            return Err(Msg::key("validation-email-too-long"));
        }
        if address.chars().any(|c| {
            c.is_control()
                || c.is_whitespace()
                || matches!(
                    c,
                    '<' | '>' | ',' | ';' | '"' | '(' | ')' | '[' | ']' | '\\'
                )
        }) {
            return Err(Msg::key("validation-email-invalid"));
        }
        let Some((local, domain)) = address.rsplit_once('@') else {
            return Err(Msg::key("validation-email-invalid"));
        };
        if local.is_empty()
            || local.len() > 64
            || local.contains('@')
            || domain.len() < 3
            || !domain.contains('.')
            || domain.starts_with('.')
            || domain.ends_with('.')
            || domain.contains("..")
        {
            return Err(Msg::key("validation-email-invalid"));
        }
        // Lettre must accept it as a mailbox, or mail to it could never be sent.
        if address.parse::<lettre::Address>().is_err() {
            return Err(Msg::key("validation-email-invalid"));
        }
        Ok(Self {
            address: address.to_string(),
            key: address.to_lowercase(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.address
    }
    pub fn key(&self) -> &str {
        &self.key
    }
    pub fn domain(&self) -> &str {
        self.key.rsplit_once('@').map(|(_, d)| d).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_lowercases_key() -> Result<(), String> {
        let e = Email::parse(" Ana@Example.COM ")?;
        assert_eq!(e.as_str(), "Ana@Example.COM");
        assert_eq!(e.key(), "ana@example.com");
        assert_eq!(e.domain(), "example.com");
        Ok(())
    }

    #[test]
    fn refuses_header_injection_and_garbage() {
        assert!(Email::parse("a@b.com\r\nBcc: x@y.com").is_err());
        assert!(Email::parse("no-at-sign").is_err());
        assert!(Email::parse("a@localhost").is_err());
        assert!(Email::parse("<a@b.com>").is_err());
    }
}
