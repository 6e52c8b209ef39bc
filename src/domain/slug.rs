/// A URL segment for a sub-community: lowercase ASCII letters, digits and single hyphens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slug(String);

const RESERVED: &[&str] = &[
    "new", "edit", "admin", "settings", "api", "latest", "search",
];

impl Slug {
    pub fn parse(input: &str) -> Result<Self, crate::error::Msg> {
        let s = input.trim().to_ascii_lowercase();
        let ok_chars = s
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if s.len() < 2
            || s.len() > 40
            || !ok_chars
            || s.starts_with('-')
            || s.ends_with('-')
            || s.contains("--")
        {
            return Err(crate::error::Msg::key("validation-slug-shape"));
        }
        if RESERVED.contains(&s.as_str()) {
            return Err(crate::error::Msg::key("validation-slug-reserved"));
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
