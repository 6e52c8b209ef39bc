//! The built-in detectors of personal and confidential data: each is a bounded pattern
//! for candidates, and for most a check that confirms one (Luhn, the IBAN checksum,
//! digit counts, entropy) so that order numbers and commit hashes pass.

use regex::Regex;

use super::{bounded_regex, word_list, Check};
use crate::db::models::moderation::ModerationSettings;
use crate::db::Detector;

const SECRET_PREFIXES: &str = concat!(
    r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b",
    r"|\bgh[pousr]_[A-Za-z0-9]{36,}\b",
    r"|\bgithub_pat_[A-Za-z0-9_]{22,}\b",
    r"|\b(?:sk|rk)_live_[A-Za-z0-9]{16,}\b",
    r"|\bxox[abposr]-[A-Za-z0-9-]{10,}\b",
    r"|\bAIza[0-9A-Za-z_-]{35}\b",
    r"|-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----",
);

pub(super) fn detector_regex(d: Detector, settings: &ModerationSettings) -> Option<Regex> {
    let pattern = match d {
        Detector::Email => r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b",
        Detector::Phone => {
            r"\+\d[\d \t().-]{6,18}\d|\(\d{2,4}\)[ \t]?\d{3,4}[ \t.-]\d{3,4}\b|\b\d{3}[ \t.-]\d{3}[ \t.-]\d{4}\b"
        }
        Detector::Card => r"\b(?:\d[ -]?){12,18}\d\b",
        Detector::Iban => r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b",
        Detector::Secret => {
            // Prefixes of well-known keys, and long tokens checked for entropy.
            return bounded_regex(
                &format!(r"{SECRET_PREFIXES}|[A-Za-z0-9+/=_-]{{32,}}"),
                false,
            )
            .ok();
        }
        Detector::CodeName => return word_list(&settings.code_names),
        Detector::Marker => return word_list(&settings.markers),
    };
    bounded_regex(pattern, false).ok()
}

pub(super) fn detector_check(d: Detector) -> Option<Check> {
    match d {
        Detector::Phone => Some(check_phone),
        Detector::Card => Some(check_card),
        Detector::Iban => Some(check_iban),
        Detector::Secret => Some(check_secret),
        _ => None,
    }
}

fn whole(s: &str) -> Option<(usize, usize)> {
    Some((0, s.len()))
}

fn check_phone(s: &str) -> Option<(usize, usize)> {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    (8..=15).contains(&digits).then(|| whole(s)).flatten()
}

fn check_card(s: &str) -> Option<(usize, usize)> {
    let digits: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
    ((13..=19).contains(&digits.len()) && luhn_valid(&digits))
        .then(|| whole(s))
        .flatten()
}

/// The candidate may have swallowed a following upper-case word: try shorter prefixes
/// at word boundaries until the checksum holds.
fn check_iban(s: &str) -> Option<(usize, usize)> {
    let mut end = s.len();
    loop {
        let candidate = &s[..end];
        if iban_valid(candidate) {
            return Some((0, end));
        }
        end = candidate.trim_end().rfind(' ')?;
    }
}

/// A constant pattern: compiled once; `None` only if it could not compile (it can).
static KNOWN_SECRET: once_cell::sync::Lazy<Option<Regex>> =
    once_cell::sync::Lazy::new(|| bounded_regex(&format!("^(?:{SECRET_PREFIXES})$"), false).ok());

fn check_secret(s: &str) -> Option<(usize, usize)> {
    let known = KNOWN_SECRET.as_ref().is_some_and(|r| r.is_match(s));
    if known || looks_random(s) {
        whole(s)
    } else {
        None
    }
}

/// Luhn checksum over decimal digits (payment card numbers).
pub fn luhn_valid(digits: &[u32]) -> bool {
    if digits.is_empty() {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// ISO 13616 IBAN check: move the first four characters to the end, letters to numbers
/// (A=10 ... Z=35), and the whole number mod 97 must be 1.
pub fn iban_valid(s: &str) -> bool {
    let compact: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    if !(15..=34).contains(&compact.len())
        || !compact[..2].iter().all(char::is_ascii_uppercase)
        || !compact[2..4].iter().all(char::is_ascii_digit)
        || !compact.iter().all(char::is_ascii_alphanumeric)
    {
        return false;
    }
    let rotated = compact[4..].iter().chain(compact[..4].iter());
    let mut rem: u32 = 0;
    for c in rotated {
        let v = match c.to_digit(36) {
            Some(v) => v,
            None => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

/// A long token of mixed case and digits with high Shannon entropy: an API key or a
/// password, not a word, a hex hash of a commit or a UUID.
pub fn looks_random(s: &str) -> bool {
    if s.len() < 32 {
        return false;
    }
    let lower = s.chars().any(|c| c.is_ascii_lowercase());
    let upper = s.chars().any(|c| c.is_ascii_uppercase());
    let digit = s.chars().any(|c| c.is_ascii_digit());
    if !(lower && upper && digit) {
        return false;
    }
    let mut counts = [0u32; 128];
    let mut n = 0u32;
    for b in s.bytes().filter(|b| b.is_ascii()) {
        counts[usize::from(b)] += 1;
        n += 1;
    }
    let n = f64::from(n);
    let entropy: f64 = counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum();
    entropy >= 4.0
}
