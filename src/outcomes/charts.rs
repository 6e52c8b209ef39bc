//! SVG charts drawn on the server with maud: each has a `<title>`, a `<desc>` holding
//! the same numbers as text, and its data table beside it on the page.

use maud::{html, Markup};

use crate::i18n::{format, Lang};
use crate::outcomes::facts::day_start;
use crate::t;

/// Questions asked per day (bars) with those answered within 24 h (darker part).
pub fn daily(lang: Lang, per_day: &[(i64, i64, i64)]) -> Markup {
    let max = per_day.iter().map(|d| d.1).max().unwrap_or(0).max(1);
    let (h, bar) = (120_i64, 8_i64);
    let width = (per_day.len() as i64 * (bar + 2)).max(40) + 40;
    let desc = per_day
        .iter()
        .map(|(d, n, a)| {
            t!(
                lang,
                "outcomes-chart-daily-desc",
                day = format::date(lang, day_start(*d)),
                asked = *n,
                answered = *a
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    html! {
        figure.outcome-chart {
            svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="daily-title daily-desc"
                viewBox={ "0 0 " (width) " " (h + 20) } width=(width) height=(h + 20) {
                title #daily-title { (lang.t("outcomes-chart-daily-title")) }
                desc #daily-desc { (desc) }
                @for (i, (_, n, a)) in per_day.iter().enumerate() {
                    @let x = 30 + i as i64 * (bar + 2);
                    @let hn = n * h / max;
                    @let ha = a * h / max;
                    rect x=(x) y=(h - hn) width=(bar) height=(hn) fill="#b8c4f5" {}
                    rect x=(x) y=(h - ha) width=(bar) height=(ha) fill="#4f6bed" {}
                }
                text x="0" y="12" font-size="11" fill="currentColor" { (format::number(lang, max)) }
                text x="0" y=(h) font-size="11" fill="currentColor" { "0" }
            }
            figcaption.muted { (lang.t("outcomes-chart-daily-caption")) }
        }
    }
}

/// Questions waiting now by age bucket (horizontal bars).
pub fn histogram(lang: Lang, buckets: &[(&'static str, i64)]) -> Markup {
    let max = buckets.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let (bar_h, gap, label_w, bar_w) = (20_i64, 6_i64, 110_i64, 200_i64);
    let height = (bar_h + gap) * buckets.len() as i64 + gap;
    let width = label_w + bar_w + 50;
    let desc = buckets
        .iter()
        .map(|(k, n)| {
            format!(
                "{}{} {}",
                crate::outcomes::views::age_label(lang, k),
                colon(lang),
                format::number(lang, *n)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    html! {
        figure.outcome-chart {
            svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="age-title age-desc"
                viewBox={ "0 0 " (width) " " (height) } width=(width) height=(height) {
                title #age-title { (lang.t("outcomes-chart-age-title")) }
                desc #age-desc { (desc) }
                @for (i, (k, n)) in buckets.iter().enumerate() {
                    @let y = gap + (bar_h + gap) * i as i64;
                    @let w = n * bar_w / max;
                    text x=(label_w - 6) y=(y + bar_h - 5) text-anchor="end" font-size="12" fill="currentColor" { (crate::outcomes::views::age_label(lang, k)) }
                    rect x=(label_w) y=(y) width=(w) height=(bar_h) rx="3" fill="#e07b39" {}
                    text x=(label_w + w + 6) y=(y + bar_h - 5) font-size="12" fill="currentColor" { (format::number(lang, *n)) }
                }
            }
            figcaption.muted { (lang.t("outcomes-chart-caption")) }
        }
    }
}

/// "key: value" in English, "clé : valeur" in French.
fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => " :",
        Lang::En | Lang::Pseudo => ":",
    }
}
