use crate::error::Msg;
use unicode_normalization::UnicodeNormalization;
use unicode_security::{GeneralSecurityProfile, MixedScript};

/// Names nobody may register: they impersonate staff or collide with routes.
const RESERVED: &[&str] = &[
    "admin",
    "administrator",
    "root",
    "system",
    "sysadmin",
    "moderator",
    "mod",
    "staff",
    "support",
    "help",
    "parley",
    "official",
    "brand",
    "team",
    "security",
    "abuse",
    "postmaster",
    "hostmaster",
    "webmaster",
    "noreply",
    "no-reply",
    "null",
    "undefined",
    "anonymous",
    "everyone",
    "here",
    "all",
    "api",
    "assets",
    "login",
    "logout",
    "signup",
    "settings",
    "setup",
    "u",
    "c",
    "t",
];

/// A username as typed (NFKC-normalised) plus the keys that make it unique:
/// the case-folded form and the confusable skeleton of that form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username {
    display: String,
    key: String,
    skeleton: String,
}

impl Username {
    pub const MIN: usize = 3;
    pub const MAX: usize = 30;

    pub fn parse(input: &str) -> Result<Self, Msg> {
        if input.len() > 4 * Self::MAX {
            return Err(Msg::key("validation-username-too-long").with("max", Self::MAX));
        }
        let display: String = input.trim().nfkc().collect();
        let count = display.chars().count();
        if !(Self::MIN..=Self::MAX).contains(&count) {
            return Err(Msg::key("validation-username-length")
                .with("min", Self::MIN)
                .with("max", Self::MAX));
        }
        for c in display.chars() {
            let allowed_punct = matches!(c, '_' | '-' | '.');
            if !(c.is_alphanumeric() || allowed_punct) {
                return Err(Msg::key("validation-username-characters"));
            }
            // Rejects invisible, format and otherwise restricted characters (UTS #39).
            if !allowed_punct && !c.identifier_allowed() {
                return Err(Msg::key("validation-username-character-refused")
                    .with("character", format!("{c:?}")));
            }
        }
        if !display.chars().next().is_some_and(char::is_alphanumeric) {
            return Err(Msg::key("validation-username-start"));
        }
        if !display.is_single_script() {
            return Err(Msg::key("validation-username-scripts"));
        }
        let key: String = caseless::default_case_fold_str(&display).nfkc().collect();
        if RESERVED.contains(&key.as_str()) {
            return Err(Msg::key("validation-username-reserved"));
        }
        let skeleton: String = unicode_security::confusable_detection::skeleton(&key).collect();
        Ok(Self {
            display,
            key,
            skeleton,
        })
    }

    /// Normalises a lookup key the same way, without refusing anything (for `/u/{name}`).
    pub fn lookup_key(input: &str) -> String {
        let nfkc: String = input.trim().nfkc().collect();
        caseless::default_case_fold_str(&nfkc).nfkc().collect()
    }

    pub fn as_str(&self) -> &str {
        &self.display
    }
    pub fn key(&self) -> &str {
        &self.key
    }
    pub fn skeleton(&self) -> &str {
        &self.skeleton
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_and_width() -> Result<(), String> {
        let a = Username::parse("Ａna_Smith")?;
        assert_eq!(a.as_str(), "Ana_Smith");
        assert_eq!(a.key(), "ana_smith");
        Ok(())
    }

    #[test]
    fn refuses_reserved_mixed_script_invisible_and_symbols() {
        assert!(Username::parse("Admin").is_err());
        assert!(
            Username::parse("pаypal").is_err(),
            "Cyrillic a inside Latin"
        );
        assert!(
            Username::parse("ana\u{200B}bel").is_err(),
            "zero-width space"
        );
        assert!(Username::parse("ana bel").is_err());
        assert!(Username::parse("<script>").is_err());
        assert!(Username::parse("ab").is_err());
    }

    #[test]
    fn confusables_share_a_skeleton() -> Result<(), String> {
        // "раура" is all Cyrillic: a single script, so only the skeleton catches it.
        let cyrillic = Username::parse("раура")?;
        assert_ne!(cyrillic.key(), "paypa");
        assert_eq!(cyrillic.skeleton(), Username::parse("paypa")?.skeleton());
        assert_eq!(
            Username::parse("bi11")?.skeleton(),
            Username::parse("bill")?.skeleton()
        );
        Ok(())
    }

    #[test]
    fn accepts_non_latin_single_script_names() {
        assert!(Username::parse("José").is_ok());
        assert!(Username::parse("Мария").is_ok());
    }
}
