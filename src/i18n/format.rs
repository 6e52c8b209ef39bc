//! Numbers, dates and durations for a language. Fluent formats none of these (its
//! numbers print as plain digits), so they are written here: English "1,234", "Dec 2,
//! 2026", "3 hours ago"; French "1 234" (narrow no-break space, as CLDR), "2 déc. 2026",
//! "il y a 3 heures". Times are UTC.

use fluent_templates::fluent_bundle::FluentValue;

use super::Lang;
use crate::db::Timestamp;

/// The group separator French uses (U+202F, narrow no-break space).
pub const FR_GROUP: char = '\u{202f}';

/// Fluent's formatter hook: numbers passed as variables format for the language.
pub fn fluent_value(lang: Lang, v: &FluentValue<'_>) -> Option<String> {
    match v {
        FluentValue::Number(n) => {
            let digits = n.options.maximum_fraction_digits.unwrap_or(2);
            let min = n.options.minimum_fraction_digits.unwrap_or(0);
            Some(decimal_with(
                lang,
                n.value,
                min,
                digits,
                n.options.use_grouping,
            ))
        }
        _ => None,
    }
}

/// An integer with the language's grouping: "1,234" / "1 234".
pub fn number(lang: Lang, n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let sep = match lang {
        Lang::Fr => FR_GROUP,
        Lang::En | Lang::Pseudo => ',',
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A decimal with at most `digits` fraction digits (trailing zeros dropped): "3.5" /
/// "3,5".
pub fn decimal(lang: Lang, value: f64, digits: usize) -> String {
    decimal_with(lang, value, 0, digits, true)
}

fn decimal_with(lang: Lang, value: f64, min: usize, max: usize, grouping: bool) -> String {
    if !value.is_finite() {
        return "–".into();
    }
    let fixed = format!("{:.*}", max.max(min), value.abs());
    let (int, frac) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let mut frac = frac.to_string();
    while frac.len() > min && frac.ends_with('0') {
        frac.pop();
    }
    let int: i64 = int.parse().unwrap_or(0);
    let mut out = if grouping {
        number(lang, int)
    } else {
        int.to_string()
    };
    if value < 0.0 && (int != 0 || !frac.is_empty()) {
        out.insert(0, '-');
    }
    if !frac.is_empty() {
        out.push(match lang {
            Lang::Fr => ',',
            Lang::En | Lang::Pseudo => '.',
        });
        out.push_str(&frac);
    }
    out
}

/// A share (0.0–1.0) as a percentage: "45%" / "45 %".
pub fn percent(lang: Lang, share: f64, digits: usize) -> String {
    let n = decimal(lang, share * 100.0, digits);
    match lang {
        Lang::Fr => format!("{n}{FR_GROUP}%"),
        Lang::En | Lang::Pseudo => format!("{n}%"),
    }
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTHS_FR: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];

/// The pseudo-locale marks what is written for a language, as it marks messages: a date
/// in it is the English one in brackets.
fn marked(lang: Lang, s: String) -> String {
    match lang {
        Lang::Pseudo => super::pseudo::wrap(s),
        Lang::En | Lang::Fr => s,
    }
}

/// A date: "Dec 2, 2026" / "2 déc. 2026".
pub fn date(lang: Lang, at: Timestamp) -> String {
    marked(lang, plain_date(lang, at))
}

fn plain_date(lang: Lang, at: Timestamp) -> String {
    let d = at.to_offset_datetime().date();
    let m = usize::from(u8::from(d.month())) - 1;
    match lang {
        Lang::Fr => format!("{} {} {}", d.day(), MONTHS_FR[m], d.year()),
        Lang::En | Lang::Pseudo => format!("{} {}, {}", MONTHS_EN[m], d.day(), d.year()),
    }
}

/// A month: "Dec 2026" / "déc. 2026".
pub fn month(lang: Lang, at: Timestamp) -> String {
    let d = at.to_offset_datetime().date();
    let m = usize::from(u8::from(d.month())) - 1;
    marked(
        lang,
        match lang {
            Lang::Fr => format!("{} {}", MONTHS_FR[m], d.year()),
            Lang::En | Lang::Pseudo => format!("{} {}", MONTHS_EN[m], d.year()),
        },
    )
}

/// A date and time (UTC): "Dec 2, 2026, 14:05 UTC" / "2 déc. 2026 à 14:05 UTC".
pub fn date_time(lang: Lang, at: Timestamp) -> String {
    let t = at.to_offset_datetime();
    let (h, m) = (t.hour(), t.minute());
    marked(
        lang,
        match lang {
            Lang::Fr => format!("{} à {h:02}:{m:02} UTC", plain_date(lang, at)),
            Lang::En | Lang::Pseudo => format!("{}, {h:02}:{m:02} UTC", plain_date(lang, at)),
        },
    )
}

/// How long ago: "just now", "5 minutes ago", "3 hours ago", "2 days ago", then the date
/// after 30 days (French: "à l'instant", "il y a 5 minutes", …).
pub fn relative(lang: Lang, at: Timestamp, now: Timestamp) -> String {
    let secs = (now.micros() - at.micros()).max(0) / 1_000_000;
    match secs {
        s if s < 60 => crate::t!(lang, "time-just-now"),
        s if s < 3600 => crate::t!(lang, "time-minutes-ago", n = s / 60),
        s if s < 86_400 => crate::t!(lang, "time-hours-ago", n = s / 3600),
        s if s < 30 * 86_400 => crate::t!(lang, "time-days-ago", n = s / 86_400),
        _ => date(lang, at),
    }
}

/// A duration: "45 min", "3 h 20 min", "2 d 4 h" / "2 j 4 h".
pub fn duration(lang: Lang, secs: i64) -> String {
    let secs = secs.max(0);
    let (d, h, m) = (secs / 86_400, secs % 86_400 / 3600, secs % 3600 / 60);
    if d > 0 {
        crate::t!(lang, "duration-days-hours", d = d, h = h)
    } else if h > 0 {
        crate::t!(lang, "duration-hours-minutes", h = h, m = m)
    } else {
        crate::t!(lang, "duration-minutes", m = m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(rfc: &str) -> Result<Timestamp, time::error::Parse> {
        let t = time::OffsetDateTime::parse(rfc, &time::format_description::well_known::Rfc3339)?;
        Ok(Timestamp::from_micros(
            (t.unix_timestamp_nanos() / 1000) as i64,
        ))
    }

    #[test]
    fn numbers_group_by_language() {
        assert_eq!(number(Lang::En, 1234567), "1,234,567");
        assert_eq!(number(Lang::Fr, 1234), "1\u{202f}234");
        assert_eq!(number(Lang::En, -999), "-999");
        assert_eq!(decimal(Lang::Fr, 3.50, 2), "3,5");
        assert_eq!(decimal(Lang::En, 1234.567, 1), "1,234.6");
        assert_eq!(percent(Lang::Fr, 0.45, 0), "45\u{202f}%");
        assert_eq!(percent(Lang::En, 0.455, 1), "45.5%");
    }

    #[test]
    fn dates_and_relative_times_by_language() -> Result<(), time::error::Parse> {
        let at = ts("2026-12-02T14:05:00Z")?;
        assert_eq!(date(Lang::En, at), "Dec 2, 2026");
        assert_eq!(date(Lang::Fr, at), "2 déc. 2026");
        assert_eq!(date_time(Lang::Fr, at), "2 déc. 2026 à 14:05 UTC");
        let now = ts("2026-12-02T17:05:30Z")?;
        assert_eq!(relative(Lang::Fr, at, now), "il y a 3 heures");
        assert_eq!(relative(Lang::En, at, now), "3 hours ago");
        assert_eq!(relative(Lang::En, now, now), "just now");
        assert_eq!(duration(Lang::Fr, 2 * 86_400 + 4 * 3600), "2 j 4 h");
        assert_eq!(duration(Lang::En, 3 * 3600 + 20 * 60), "3 h 20 min");
        Ok(())
    }
}
