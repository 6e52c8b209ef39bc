use crate::error::Msg;

/// A password exactly as typed: Unicode and spaces allowed, nothing trimmed.
/// Length is checked in characters before any hashing, so huge inputs fail fast.
pub struct Password(String);

impl Password {
    pub const MIN: usize = 8;
    pub const MAX: usize = 256;

    pub fn parse(input: &str) -> Result<Self, Msg> {
        // Byte check first: never count characters of a megabyte-long string.
        if input.len() > Self::MAX * 4 {
            return Err(Msg::key("validation-password-too-long").with("max", Self::MAX));
        }
        let n = input.chars().count();
        if n < Self::MIN {
            return Err(Msg::key("validation-password-too-short").with("min", Self::MIN));
        }
        if n > Self::MAX {
            return Err(Msg::key("validation-password-too-long").with("max", Self::MAX));
        }
        Ok(Self(input.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_unicode_and_spaces_as_typed() -> Result<(), String> {
        let p = Password::parse("  correct horse é 🐎  ")?;
        assert_eq!(p.expose(), "  correct horse é 🐎  ");
        assert!(Password::parse(&"x".repeat(64)).is_ok());
        assert!(Password::parse(&"é".repeat(256)).is_ok());
        Ok(())
    }

    #[test]
    fn refuses_short_and_huge() {
        assert!(Password::parse("short").is_err());
        assert!(Password::parse(&"x".repeat(257)).is_err());
        assert!(Password::parse(&"x".repeat(10_000_000)).is_err());
    }
}
