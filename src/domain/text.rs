use crate::error::{Msg, MsgArg};

/// Single-line or multi-line text with a length bound in characters, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundedText(String);

impl BoundedText {
    /// `field` is the message key of the field's name (`validation-field-title`), so
    /// the refusal reads "Title is required." / "Le titre est obligatoire.".
    pub fn parse(
        input: &str,
        field: &'static str,
        min: usize,
        max: usize,
        single_line: bool,
    ) -> Result<Self, Msg> {
        let refuse = |key: &'static str| Msg::key(key).with("field", MsgArg::Key(field));
        if input.len() > max * 4 {
            return Err(refuse("validation-text-too-long").with("max", max));
        }
        let s = input.trim();
        let n = s.chars().count();
        if n < min {
            return Err(if min == 1 {
                refuse("validation-text-required")
            } else {
                refuse("validation-text-too-short").with("min", min)
            });
        }
        if n > max {
            return Err(refuse("validation-text-too-long").with("max", max));
        }
        if single_line && s.chars().any(|c| c.is_control()) {
            return Err(refuse("validation-text-single-line"));
        }
        if s.chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
        {
            return Err(refuse("validation-text-control"));
        }
        Ok(Self(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_string(self) -> String {
        self.0
    }
}
