//! Percentiles in Rust (so SQLite and PostgreSQL agree), counting items still waiting.

/// One duration: how long it took, or how long it has been waiting so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    pub secs: i64,
    pub waiting: bool,
}

/// A percentile of durations where waiting items count with their age so far: the
/// answer is at least that long, and `waiting` says the item at that rank is still
/// waiting (shown as "more than ...").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Percentile {
    pub secs: i64,
    pub waiting: bool,
}

/// The `p`-th percentile (0 < p <= 100) by the nearest-rank method: the value at rank
/// ceil(p/100 x n) of the sorted values. `None` for no values (never NaN).
pub fn percentile(values: &[Span], p: u32) -> Option<Percentile> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    // A waiting item sorts after a finished one of the same age (it will take longer).
    v.sort();
    let n = v.len();
    let rank = (u64::from(p.clamp(1, 100)) * n as u64).div_ceil(100).max(1) as usize;
    let s = v[rank.min(n) - 1];
    Some(Percentile {
        secs: s.secs,
        waiting: s.waiting,
    })
}

/// `part / whole` as a percentage, `None` when `whole` is 0.
pub fn share(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

/// A duration for people: "45 min", "5.5 h", "3.2 days".
pub fn human(secs: i64) -> String {
    if secs < 3600 {
        format!("{} min", (secs + 59) / 60)
    } else if secs < 48 * 3600 {
        format!("{:.1} h", secs as f64 / 3600.0)
    } else {
        format!("{:.1} days", secs as f64 / 86_400.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn done(secs: i64) -> Span {
        Span {
            secs,
            waiting: false,
        }
    }

    #[test]
    fn nearest_rank_median_and_p90() {
        // 1..=10 hours: median = rank ceil(5) = 5 h; p90 = rank 9 = 9 h.
        let v: Vec<Span> = (1..=10).map(|h| done(h * 3600)).collect();
        assert_eq!(percentile(&v, 50).map(|p| p.secs), Some(5 * 3600));
        assert_eq!(percentile(&v, 90).map(|p| p.secs), Some(9 * 3600));
    }

    #[test]
    fn waiting_items_count_with_their_age() -> Result<(), &'static str> {
        // 1 h, 2 h done; 100 h waiting: median = rank 2 = 2 h; p90 = rank 3 = waiting.
        let v = [
            done(3600),
            done(7200),
            Span {
                secs: 360_000,
                waiting: true,
            },
        ];
        let p90 = percentile(&v, 90).ok_or("a 90th percentile of three values")?;
        assert!(p90.waiting);
        assert_eq!(p90.secs, 360_000);
        assert_eq!(percentile(&v, 50).map(|p| p.waiting), Some(false));
        Ok(())
    }

    #[test]
    fn nothing_is_none_not_nan() {
        assert_eq!(percentile(&[], 50), None);
        assert_eq!(share(1, 0), None);
    }
}
