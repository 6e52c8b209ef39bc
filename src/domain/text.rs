/// Single-line or multi-line text with a length bound in characters, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundedText(String);

impl BoundedText {
    pub fn parse(
        input: &str,
        label: &str,
        min: usize,
        max: usize,
        single_line: bool,
    ) -> Result<Self, String> {
        if input.len() > max * 4 {
            return Err(format!("{label} is at most {max} characters."));
        }
        let s = input.trim();
        let n = s.chars().count();
        if n < min {
            return Err(if min == 1 {
                format!("{label} is required.")
            } else {
                format!("{label} is at least {min} characters.")
            });
        }
        if n > max {
            return Err(format!("{label} is at most {max} characters."));
        }
        if single_line && s.chars().any(|c| c.is_control()) {
            return Err(format!("{label} must be a single line."));
        }
        if s.chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
        {
            return Err(format!("{label} contains control characters."));
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
