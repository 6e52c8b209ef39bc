//! Topic titles, post bodies and tags: checked for length before anything is rendered.

use crate::domain::BoundedText;
use crate::error::Msg;

pub struct TopicTitle(BoundedText);

impl TopicTitle {
    pub fn parse(input: &str) -> Result<Self, Msg> {
        BoundedText::parse(input, "validation-field-title", 5, 150, true).map(Self)
    }
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

pub struct PostBody(BoundedText);

impl PostBody {
    pub const MAX: usize = 50_000;
    pub const COMMENT_MAX: usize = 600;

    pub fn parse(input: &str) -> Result<Self, Msg> {
        BoundedText::parse(input, "validation-field-post", 2, Self::MAX, false).map(Self)
    }
    pub fn parse_comment(input: &str) -> Result<Self, Msg> {
        BoundedText::parse(
            input,
            "validation-field-comment",
            2,
            Self::COMMENT_MAX,
            false,
        )
        .map(Self)
    }
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// Up to five tags: lowercase letters, digits and hyphens, 1 to 30 characters each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tags(Vec<String>);

impl Tags {
    pub const MAX: usize = 5;

    pub fn parse(input: &str) -> Result<Self, Msg> {
        let mut tags: Vec<String> = Vec::new();
        for raw in input
            .split([',', ' ', '\n'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            let t = raw.trim_start_matches('#').to_lowercase();
            let valid = !t.is_empty()
                && t.chars().count() <= 30
                && t.chars().all(|c| c.is_alphanumeric() || c == '-')
                && !t.starts_with('-');
            if !valid {
                return Err(Msg::key("validation-tag-invalid").with("tag", raw));
            }
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        if tags.len() > Self::MAX {
            return Err(Msg::key("validation-tags-too-many").with("max", Self::MAX));
        }
        Ok(Self(tags))
    }

    /// The stored form: " a b c " (so one LIKE '% tag %' finds a tag).
    pub fn stored(&self) -> String {
        if self.0.is_empty() {
            String::new()
        } else {
            format!(" {} ", self.0.join(" "))
        }
    }

    pub fn as_slice(&self) -> &[String] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_normalised_deduplicated_and_bounded() -> Result<(), String> {
        assert_eq!(
            Tags::parse("API, #api firmware")?.stored(),
            " api firmware "
        );
        assert!(Tags::parse("a b c d e f").is_err());
        assert!(Tags::parse("<script>").is_err());
        assert_eq!(Tags::parse("")?.stored(), "");
        Ok(())
    }

    #[test]
    fn lengths_are_checked_before_rendering() {
        assert!(PostBody::parse(&"x".repeat(PostBody::MAX + 1)).is_err());
        assert!(TopicTitle::parse("hi").is_err());
    }
}
