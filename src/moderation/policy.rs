//! The policy engine: word, phrase and pattern rules plus built-in detectors of personal
//! and confidential data, run on every title, post and profile field before it is
//! published. Pure functions of the text and the compiled policy, so they are tested
//! without a database.
//!
//! Bounded work whatever the input: inputs are capped before anything runs
//! ([`MAX_INPUT_BYTES`]), patterns are capped in length and compiled size, and the
//! `regex` crate matches in time linear in the input (no backtracking, so `(a+)+$`
//! cannot explode).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use regex::{Regex, RegexBuilder};

use crate::db::models::moderation::{DetectorSetting, ModerationSettings, PolicyRule};
use crate::db::{Detector, PolicyAction, RuleKind};
use crate::error::{Msg, MsgArg};

mod detectors;

use detectors::{detector_check, detector_regex};
pub use detectors::{iban_valid, looks_random, luhn_valid};

/// Longest text the engine inspects; longer input is refused before any matching.
pub const MAX_INPUT_BYTES: usize = 256 * 1024;
/// Longest rule pattern accepted.
pub const MAX_PATTERN_CHARS: usize = 500;
/// Cap on a compiled pattern (and its lazy DFA cache).
const REGEX_SIZE_LIMIT: usize = 512 * 1024;
/// Matches reported per matcher: enough to show a moderator, bounded for huge posts.
const MAX_MATCHES_PER_MATCHER: usize = 20;
const CENSORED: &str = "[removed]";

fn bounded_regex(pattern: &str, case_insensitive: bool) -> Result<Regex, Msg> {
    RegexBuilder::new(pattern)
        .case_insensitive(case_insensitive)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .nest_limit(50)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(_) => Msg::key("validation-pattern-too-complex"),
            // The regex crate's own explanation, which it writes in English.
            other => Msg::key("validation-pattern-invalid").with("reason", other.to_string()),
        })
}

/// Compiles a rule's pattern, refusing empty, over-long and over-complex ones: the
/// check run when a rule is saved or tested.
pub fn compile_rule(kind: RuleKind, pattern: &str) -> Result<Regex, Msg> {
    let pattern = pattern.trim();
    if pattern.is_empty() {
        return Err(Msg::key("validation-pattern-required"));
    }
    if pattern.chars().count() > MAX_PATTERN_CHARS {
        return Err(Msg::key("validation-pattern-too-long").with("max", MAX_PATTERN_CHARS));
    }
    match kind {
        RuleKind::Word => {
            if pattern.split_whitespace().count() != 1 {
                return Err(Msg::key("validation-pattern-one-word"));
            }
            bounded_regex(&format!(r"\b{}\b", regex::escape(pattern)), true)
        }
        RuleKind::Phrase => {
            let words: Vec<String> = pattern.split_whitespace().map(regex::escape).collect();
            bounded_regex(&format!(r"\b{}\b", words.join(r"\s+")), true)
        }
        RuleKind::Regex => bounded_regex(pattern, false),
    }
}

/// A list of words or phrases (one per line) as one case-insensitive alternation.
fn word_list(lines: &str) -> Option<Regex> {
    let words: Vec<String> = lines
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(500)
        .map(|l| {
            l.split_whitespace()
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect();
    if words.is_empty() {
        return None;
    }
    bounded_regex(&format!(r"\b(?:{})\b", words.join("|")), true).ok()
}

/// Confirms a candidate match (Luhn, IBAN checksum, entropy) and answers the span of it
/// that counts, relative to the candidate.
type Check = fn(&str) -> Option<(usize, usize)>;

struct Matcher {
    label: String,
    action: PolicyAction,
    skip_employee_only: bool,
    regex: Regex,
    /// Extra check of a candidate (Luhn, IBAN checksum, entropy...).
    check: Option<Check>,
}

/// A policy compiled for one sub-community: the deployment's rules and its own, and the
/// enabled detectors.
pub struct Policy {
    matchers: Vec<Matcher>,
}

/// One thing the engine found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// "Payment card numbers (Luhn-checked)", "rule: foo"...
    pub label: String,
    pub action: PolicyAction,
    /// The matched text, as written.
    pub text: String,
}

/// The outcome of screening one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screening {
    /// The text with censored matches replaced.
    pub text: String,
    pub matches: Vec<Match>,
}

impl Screening {
    /// The strongest action among the matches (block > hold > flag > censor).
    pub fn verdict(&self) -> Option<PolicyAction> {
        self.matches.iter().map(|m| m.action).max()
    }
}

/// Compiled policies by digest of what they were compiled from (one per sub-community
/// with its own rules, plus the deployment's): a cache, not configuration.
static POLICY_CACHE: once_cell::sync::Lazy<Mutex<HashMap<[u8; 32], Arc<Policy>>>> =
    once_cell::sync::Lazy::new(|| Mutex::new(HashMap::new()));
const POLICY_CACHE_ENTRIES: usize = 256;

/// The message key of a built-in detector's name.
pub fn detector_key(d: Detector) -> &'static str {
    match d {
        Detector::Email => "moderation-detector-email",
        Detector::Phone => "moderation-detector-phone",
        Detector::Card => "moderation-detector-card",
        Detector::Iban => "moderation-detector-iban",
        Detector::Secret => "moderation-detector-secret",
        Detector::CodeName => "moderation-detector-code-name",
        Detector::Marker => "moderation-detector-marker",
    }
}

/// The pattern of a rule's fixed label, "the rule “pattern”".
pub fn rule_pattern(label: &str) -> Option<&str> {
    label
        .strip_prefix("the rule \u{201c}")
        .and_then(|rest| rest.strip_suffix('\u{201d}'))
}

/// What was found, as the author is told it in their language: the detector's name or
/// the rule, then the matched text (secrets masked).
pub fn describe_msg(m: &Match) -> Msg {
    let shown = mask(&m.text);
    if let Some(d) = Detector::ALL.iter().find(|d| d.label() == m.label) {
        return Msg::key("moderation-found")
            .with("what", MsgArg::Key(detector_key(*d)))
            .with("text", shown);
    }
    if let Some(pattern) = rule_pattern(&m.label) {
        return Msg::key("moderation-found-rule")
            .with("pattern", pattern)
            .with("text", shown);
    }
    Msg::key("moderation-found")
        .with("what", m.label.as_str())
        .with("text", shown)
}

fn mask(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= 12 {
        return text.to_string();
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

impl Policy {
    /// Compiles the rules that apply and the enabled detectors. A stored rule that no
    /// longer compiles (rules are validated on save) is skipped, not fatal.
    pub fn compile(
        rules: &[PolicyRule],
        detectors: &[DetectorSetting],
        settings: &ModerationSettings,
    ) -> Policy {
        let mut matchers = Vec::new();
        for d in detectors.iter().filter(|d| d.enabled) {
            if let Some(regex) = detector_regex(d.detector, settings) {
                matchers.push(Matcher {
                    label: d.detector.label().to_string(),
                    action: d.action,
                    skip_employee_only: d.skip_employee_only,
                    regex,
                    check: detector_check(d.detector),
                });
            }
        }
        for r in rules {
            match compile_rule(r.kind, &r.pattern) {
                Ok(regex) => matchers.push(Matcher {
                    label: format!("the rule \u{201c}{}\u{201d}", r.pattern),
                    action: r.action,
                    skip_employee_only: r.skip_employee_only,
                    regex,
                    check: None,
                }),
                Err(e) => tracing::warn!(rule = %r.id, error = %e, "skipping a policy rule"),
            }
        }
        Policy { matchers }
    }

    /// As [`Policy::compile`], reusing a policy already compiled from exactly the same
    /// rules, detectors and lists (keyed by a digest of them, so a change anywhere, on
    /// any node, simply misses the cache). Posting then costs no regex compilation.
    pub fn cached(
        rules: &[PolicyRule],
        detectors: &[DetectorSetting],
        settings: &ModerationSettings,
    ) -> Arc<Policy> {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        for d in detectors {
            h.update(format!(
                "d{}|{}|{}|{};",
                d.detector, d.enabled, d.action, d.skip_employee_only
            ));
        }
        for r in rules {
            h.update(format!(
                "r{}|{}|{}|{}|",
                r.kind,
                r.action,
                r.skip_employee_only,
                r.pattern.len()
            ));
            h.update(r.pattern.as_bytes());
        }
        h.update(format!("c{}|", settings.code_names.len()));
        h.update(settings.code_names.as_bytes());
        h.update(format!("m{}|", settings.markers.len()));
        h.update(settings.markers.as_bytes());
        let key: [u8; 32] = h.finalize().into();
        if let Ok(cache) = POLICY_CACHE.lock() {
            if let Some(p) = cache.get(&key) {
                return Arc::clone(p);
            }
        }
        let policy = Arc::new(Policy::compile(rules, detectors, settings));
        if let Ok(mut cache) = POLICY_CACHE.lock() {
            if cache.len() >= POLICY_CACHE_ENTRIES {
                cache.clear();
            }
            cache.insert(key, Arc::clone(&policy));
        }
        policy
    }

    /// A policy of a single rule, for trying a rule on sample text before saving it.
    pub fn single_rule(kind: RuleKind, pattern: &str, action: PolicyAction) -> Result<Policy, Msg> {
        let regex = compile_rule(kind, pattern)?;
        Ok(Policy {
            matchers: vec![Matcher {
                label: format!("the rule \u{201c}{}\u{201d}", pattern.trim()),
                action,
                skip_employee_only: false,
                regex,
                check: None,
            }],
        })
    }

    /// Screens one text. `employee_only` is true in employee-only sub-communities, where
    /// matchers marked to skip them do not run. Input over [`MAX_INPUT_BYTES`] is an
    /// error before any matching.
    pub fn screen(&self, text: &str, employee_only: bool) -> Result<Screening, String> {
        if text.len() > MAX_INPUT_BYTES {
            return Err(format!(
                "This text is too long to publish (at most {} KiB).",
                MAX_INPUT_BYTES / 1024
            ));
        }
        let mut matches = Vec::new();
        let mut censor: Vec<(usize, usize)> = Vec::new();
        for m in &self.matchers {
            if employee_only && m.skip_employee_only {
                continue;
            }
            for found in m.regex.find_iter(text).take(MAX_MATCHES_PER_MATCHER * 4) {
                let span = match m.check {
                    Some(check) => match check(found.as_str()) {
                        Some((a, b)) => (found.start() + a, found.start() + b),
                        None => continue,
                    },
                    None => (found.start(), found.end()),
                };
                if m.action == PolicyAction::Censor {
                    censor.push(span);
                }
                matches.push(Match {
                    label: m.label.clone(),
                    action: m.action,
                    text: text[span.0..span.1].to_string(),
                });
                if matches.iter().filter(|x| x.label == m.label).count() >= MAX_MATCHES_PER_MATCHER
                {
                    break;
                }
            }
        }
        Ok(Screening {
            text: apply_censor(text, censor),
            matches,
        })
    }
}

fn apply_censor(text: &str, mut spans: Vec<(usize, usize)>) -> String {
    if spans.is_empty() {
        return text.to_string();
    }
    spans.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (a, b) in spans {
        if a < at {
            // Overlaps a span already replaced.
            at = at.max(b);
            continue;
        }
        out.push_str(&text[at..a]);
        out.push_str(CENSORED);
        at = b;
    }
    out.push_str(&text[at..]);
    out
}

/// Stored form of matches on a review item: "label<TAB>action<TAB>text" per line.
pub fn encode_matches(matches: &[Match]) -> String {
    matches
        .iter()
        .map(|m| {
            format!(
                "{}\t{}\t{}",
                m.label.replace(['\t', '\n'], " "),
                m.action,
                m.text.replace(['\t', '\n', '\r'], " ")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn decode_matches(stored: &str) -> Vec<Match> {
    stored
        .lines()
        .filter_map(|l| {
            let mut parts = l.splitn(3, '\t');
            let label = parts.next()?.to_string();
            let action = parts.next()?.parse().ok()?;
            let text = parts.next()?.to_string();
            Some(Match {
                label,
                action,
                text,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{Detector, Timestamp};

    fn settings() -> ModerationSettings {
        ModerationSettings {
            id: 1,
            flag_threshold: 3,
            new_account_hours: 24,
            new_account_posts_per_hour: 30,
            new_account_max_links: 5,
            code_names: "Bluebird\nProject Falcon".into(),
            markers: "confidential\ninternal only".into(),
            updated_at: Timestamp::from_micros(0),
        }
    }

    fn all_detectors(action: PolicyAction) -> Vec<DetectorSetting> {
        Detector::ALL
            .iter()
            .map(|d| DetectorSetting {
                detector: *d,
                enabled: true,
                action,
                skip_employee_only: false,
            })
            .collect()
    }

    fn labels(p: &Policy, text: &str) -> Result<Vec<String>, String> {
        Ok(p.screen(text, false)?
            .matches
            .into_iter()
            .map(|m| m.label)
            .collect())
    }

    #[test]
    fn luhn_accepts_valid_and_refuses_invalid_numbers() {
        let digits = |s: &str| s.chars().filter_map(|c| c.to_digit(10)).collect::<Vec<_>>();
        assert!(luhn_valid(&digits("4111 1111 1111 1111")));
        assert!(luhn_valid(&digits("5500-0000-0000-0004")));
        assert!(!luhn_valid(&digits("4111 1111 1111 1112")));
        assert!(!luhn_valid(&[]));
    }

    #[test]
    fn iban_checksum() {
        assert!(iban_valid("DE89 3704 0044 0532 0130 00"));
        assert!(iban_valid("GB82WEST12345698765432"));
        assert!(!iban_valid("DE89 3704 0044 0532 0130 01"));
        assert!(!iban_valid("DE89"));
    }

    #[test]
    fn detectors_find_personal_and_secret_data() -> Result<(), String> {
        let p = Policy::compile(&[], &all_detectors(PolicyAction::Hold), &settings());
        assert!(labels(&p, "card 4111 1111 1111 1111 ok")?
            .contains(&Detector::Card.label().to_string()));
        assert!(!labels(&p, "card 4111 1111 1111 1112 ok")?
            .contains(&Detector::Card.label().to_string()));
        assert!(labels(&p, "pay to DE89 3704 0044 0532 0130 00 PLEASE")?
            .contains(&Detector::Iban.label().to_string()));
        assert!(!labels(&p, "pay to DE89 3704 0044 0532 0130 01")?
            .contains(&Detector::Iban.label().to_string()));
        assert!(labels(&p, "key AKIAIOSFODNN7EXAMPLE here")?
            .contains(&Detector::Secret.label().to_string()));
        assert!(labels(&p, "ghp_0123456789abcdefghijABCDEFGHIJ012345")?
            .contains(&Detector::Secret.label().to_string()));
        assert!(labels(&p, "-----BEGIN RSA PRIVATE KEY-----")?
            .contains(&Detector::Secret.label().to_string()));
        assert!(labels(&p, "token xoxb-1234567890-abcdefghij")?
            .contains(&Detector::Secret.label().to_string()));
        assert!(
            labels(&p, "mail ana@example.com now")?.contains(&Detector::Email.label().to_string())
        );
        assert!(labels(&p, "call +44 20 7946 0958")?.contains(&Detector::Phone.label().to_string()));
        assert!(
            labels(&p, "about bluebird launch")?.contains(&Detector::CodeName.label().to_string())
        );
        assert!(
            labels(&p, "this is Internal  Only")?.contains(&Detector::Marker.label().to_string())
        );
        // Ordinary text, UUIDs, commit hashes and dates are left alone.
        let clean = "See /t/019a2b3c-4d5e-7f60-8a9b-0c1d2e3f4a5b on 2026-11-23, commit 9fceb02d0ae598e95dc970b74767f19372d61af8.";
        assert_eq!(labels(&p, clean)?, Vec::<String>::new());
        Ok(())
    }

    #[test]
    fn employee_only_skips_marked_matchers() -> Result<(), String> {
        let mut ds = all_detectors(PolicyAction::Hold);
        for d in &mut ds {
            d.skip_employee_only = d.detector == Detector::CodeName;
        }
        let p = Policy::compile(&[], &ds, &settings());
        assert!(p.screen("Bluebird", true)?.matches.is_empty());
        assert_eq!(p.screen("Bluebird", false)?.matches.len(), 1);
        Ok(())
    }

    #[test]
    fn censor_replaces_matches_and_verdict_is_the_strongest() -> Result<(), String> {
        let p = Policy::single_rule(RuleKind::Word, "darn", PolicyAction::Censor)?;
        let s = p.screen("oh darn it, DARN", false)?;
        assert_eq!(s.text, "oh [removed] it, [removed]");
        assert_eq!(s.verdict(), Some(PolicyAction::Censor));
        assert!(PolicyAction::Block > PolicyAction::Hold);
        assert!(PolicyAction::Hold > PolicyAction::Flag);
        assert!(PolicyAction::Flag > PolicyAction::Censor);
        Ok(())
    }

    #[test]
    fn rules_are_validated() -> Result<(), String> {
        assert!(compile_rule(RuleKind::Regex, "(unclosed").is_err());
        assert!(compile_rule(RuleKind::Regex, "").is_err());
        assert!(compile_rule(RuleKind::Word, "two words").is_err());
        assert!(compile_rule(RuleKind::Regex, &"a".repeat(MAX_PATTERN_CHARS + 1)).is_err());
        // Compiles to far more than the size limit.
        assert!(compile_rule(RuleKind::Regex, r"\w{1000}\w{1000}\w{1000}").is_err());
        let phrase = compile_rule(RuleKind::Phrase, "launch date")?;
        assert!(phrase.is_match("the Launch   Date is"));
        Ok(())
    }

    #[test]
    fn pathological_pattern_on_large_input_completes() -> Result<(), String> {
        let p = Policy::single_rule(RuleKind::Regex, "(a+)+$", PolicyAction::Hold)?;
        let mut text = "a".repeat(100_000);
        text.push('!');
        assert!(p.screen(&text, false)?.matches.is_empty());
        assert!(p.screen(&"x".repeat(MAX_INPUT_BYTES + 1), false).is_err());
        Ok(())
    }

    #[test]
    fn compiled_policies_are_reused_until_something_changes() -> Result<(), String> {
        let ds = all_detectors(PolicyAction::Hold);
        let a = Policy::cached(&[], &ds, &settings());
        let b = Policy::cached(&[], &ds, &settings());
        assert!(Arc::ptr_eq(&a, &b));
        let mut changed = settings();
        changed.code_names = "Bluebird".into();
        let c = Policy::cached(&[], &ds, &changed);
        assert!(!Arc::ptr_eq(&a, &c));
        assert!(c.screen("project falcon", false)?.matches.is_empty());
        Ok(())
    }

    #[test]
    fn matches_round_trip_through_storage() {
        let m = vec![Match {
            label: "x".into(),
            action: PolicyAction::Hold,
            text: "a\tb".into(),
        }];
        let back = decode_matches(&encode_matches(&m));
        assert_eq!(back[0].text, "a b");
        assert_eq!(back[0].action, PolicyAction::Hold);
    }
}
