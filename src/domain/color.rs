/// A `#rrggbb` colour. Only this exact shape reaches CSS, so no style can be injected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccentColor(String);

impl AccentColor {
    pub fn parse(input: &str) -> Result<Self, crate::error::Msg> {
        let s = input.trim().to_ascii_lowercase();
        let valid =
            s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit());
        if valid {
            Ok(Self(s))
        } else {
            Err(crate::error::Msg::key("validation-color"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
