/// A logo's address: empty (none), an `https://` URL, or a path on this site (`/…`, not
/// `//host/…`, which would be another site). At most 500 characters, no whitespace or
/// quotes, so it reaches an `img src` as the manager typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogoUrl(String);

impl LogoUrl {
    pub fn parse(input: &str) -> Result<Self, crate::error::Msg> {
        let s = input.trim();
        let shaped = s.is_empty()
            || (s.starts_with("https://") && s.len() > "https://".len())
            || (s.starts_with('/') && !s.starts_with("//"));
        let clean = !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"');
        if shaped && clean && s.len() <= 500 {
            Ok(Self(s.to_string()))
        } else {
            Err(crate::error::Msg::key("validation-url-or-path"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::LogoUrl;

    #[test]
    fn logos_are_empty_https_or_a_path_here() {
        for ok in [
            "",
            "  ",
            "https://cdn.example.com/w.svg",
            "/assets/favicon.svg",
        ] {
            assert!(LogoUrl::parse(ok).is_ok(), "{ok:?}");
        }
        for bad in [
            "http://example.com/w.png",
            "//evil.example/w.png",
            "javascript:alert(1)",
            "https://",
            "/a b.png",
            "/a\".png",
            &format!("/{}", "a".repeat(500)),
        ] {
            assert!(LogoUrl::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            LogoUrl::parse(" /x.svg ").map(|l| l.as_str().to_string()),
            Ok("/x.svg".into())
        );
    }
}
