//! Issue 21 (WCAG 2.2 AA, 1.4.3): the brand and sub-community colours are chosen by
//! admins, so the stylesheet derives from each one a variant that keeps its hue but has
//! at least 4.5:1 contrast where it is used: as text on the light theme's backgrounds, as
//! a background under white text, and as text on the dark theme's backgrounds.

/// The lightest background coloured text sits on in the light theme (badges, tinted rows):
/// text that passes here passes on white and on the page background too.
const LIGHT_SURFACE: Rgb = Rgb(0xe3, 0xe6, 0xec);
/// The lightest surface of the dark theme (raised badges); see `assets/app.css`.
const DARK_SURFACE: Rgb = Rgb(0x2a, 0x30, 0x3d);
const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);
const BLACK: Rgb = Rgb(0, 0, 0);
/// A little above 4.5 so rounding in browsers and checkers never tips it under.
const TARGET: f64 = 4.6;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb` (the only form the settings accept); anything else gives `None`.
    pub fn parse(hex: &str) -> Option<Self> {
        let h = hex.strip_prefix('#')?;
        if h.len() != 6 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let c = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
        Some(Rgb(c(0)?, c(2)?, c(4)?))
    }

    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    fn luminance(self) -> f64 {
        let ch = |v: u8| {
            let s = f64::from(v) / 255.0;
            if s <= 0.03928 {
                s / 12.92
            } else {
                ((s + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(self.0) + 0.7152 * ch(self.1) + 0.0722 * ch(self.2)
    }

    fn mix(self, other: Rgb, t: f64) -> Rgb {
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }
}

/// The WCAG contrast ratio of two colours (1 to 21).
pub fn ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// `c` mixed towards `towards` by the smallest step that reaches the target contrast
/// against `against` (`c` itself when it already does).
fn shift(c: Rgb, towards: Rgb, against: Rgb) -> Rgb {
    (0..=50)
        .map(|i| c.mix(towards, f64::from(i) / 50.0))
        .find(|m| ratio(*m, against) >= TARGET)
        .unwrap_or(towards)
}

/// The variants of one admin-chosen colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Variants {
    /// Text on the light theme's surfaces, and a background under white text.
    pub on_light: Rgb,
    /// Text on the dark theme's surfaces.
    pub on_dark: Rgb,
}

pub fn variants(c: Rgb) -> Variants {
    let on_light = shift(c, BLACK, LIGHT_SURFACE);
    debug_assert!(ratio(on_light, WHITE) >= TARGET);
    Variants {
        on_light,
        on_dark: shift(c, WHITE, DARK_SURFACE),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_reach_aa_contrast_and_keep_passing_colours(
    ) -> Result<(), Box<dyn std::error::Error>> {
        for hex in [
            "#0f8a6d", "#2f6fde", "#3355cc", "#ffee00", "#000000", "#ffffff", "#b5418b",
        ] {
            let c = Rgb::parse(hex).ok_or(format!("{hex} parses"))?;
            let v = variants(c);
            assert!(
                ratio(v.on_light, LIGHT_SURFACE) >= 4.5,
                "{hex} light {}",
                v.on_light.hex()
            );
            assert!(
                ratio(v.on_light, WHITE) >= 4.5,
                "{hex} under white {}",
                v.on_light.hex()
            );
            assert!(
                ratio(v.on_dark, DARK_SURFACE) >= 4.5,
                "{hex} dark {}",
                v.on_dark.hex()
            );
        }
        // A colour that already passes is left as the admin chose it.
        let navy = Rgb::parse("#1d2a6b").ok_or("#1d2a6b parses")?;
        assert_eq!(variants(navy).on_light, navy);
        assert_eq!(
            Rgb::parse("#0f8a6d").ok_or("#0f8a6d parses")?.hex(),
            "#0f8a6d"
        );
        assert_eq!(Rgb::parse("red"), None);
        assert!((ratio(BLACK, WHITE) - 21.0).abs() < 1e-9);
        Ok(())
    }
}
