//! `/metrics`: Prometheus text that parses, counts a request just made by its route
//! pattern, and is refused without its token (404 when not configured at all).

use std::collections::{HashMap, HashSet};

use parley::clock::Clock;
use parley::Application;
use reqwest::StatusCode;

use super::starts::EmptyDatabase;
use crate::helpers::spawn_app_with;

const TOKEN: &str = "scrape-me-7f3a";

/// One sample: its metric name, labels and value.
#[derive(Debug)]
struct Sample {
    name: String,
    labels: HashMap<String, String>,
    value: f64,
}

/// Parses Prometheus text format 0.0.4; panics on any line that does not parse, or on a
/// sample whose family has no `# TYPE` line before it.
fn parse(text: &str) -> Vec<Sample> {
    let mut types: HashMap<String, String> = HashMap::new();
    let mut samples = Vec::new();
    for line in text.lines() {
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, kind) = rest.split_once(' ').expect("TYPE name kind");
            assert!(
                ["counter", "gauge", "histogram", "summary", "untyped"].contains(&kind),
                "bad type in {line:?}"
            );
            assert!(
                types.insert(name.to_string(), kind.to_string()).is_none(),
                "TYPE twice: {line}"
            );
            continue;
        }
        if line.starts_with("# HELP ") {
            continue;
        }
        assert!(!line.starts_with('#'), "unknown comment {line:?}");
        let (series, value) = line
            .rsplit_once(' ')
            .unwrap_or_else(|| panic!("no value: {line:?}"));
        let value: f64 = match value {
            "+Inf" => f64::INFINITY,
            "-Inf" => f64::NEG_INFINITY,
            v => v
                .parse()
                .unwrap_or_else(|_| panic!("bad value in {line:?}")),
        };
        let (name, labels) = match series.split_once('{') {
            None => (series.to_string(), HashMap::new()),
            Some((name, rest)) => {
                let body = rest
                    .strip_suffix('}')
                    .unwrap_or_else(|| panic!("unclosed labels: {line:?}"));
                (name.to_string(), parse_labels(body, line))
            }
        };
        assert!(
            name.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':'),
            "bad metric name in {line:?}"
        );
        let family = ["_bucket", "_sum", "_count"]
            .iter()
            .find_map(|s| {
                name.strip_suffix(s)
                    .filter(|f| types.get(*f).is_some_and(|k| k == "histogram"))
            })
            .unwrap_or(&name)
            .to_string();
        assert!(types.contains_key(&family), "no TYPE line before {line:?}");
        samples.push(Sample {
            name,
            labels,
            value,
        });
    }
    samples
}

fn parse_labels(body: &str, line: &str) -> HashMap<String, String> {
    let mut labels = HashMap::new();
    let mut chars = body.chars().peekable();
    while chars.peek().is_some() {
        let key: String = chars.by_ref().take_while(|c| *c != '=').collect();
        assert_eq!(
            chars.next(),
            Some('"'),
            "label value not quoted in {line:?}"
        );
        let mut value = String::new();
        loop {
            match chars.next() {
                Some('\\') => match chars.next() {
                    Some('n') => value.push('\n'),
                    Some(c) => value.push(c),
                    None => panic!("dangling escape in {line:?}"),
                },
                Some('"') => break,
                Some(c) => value.push(c),
                None => panic!("unterminated label value in {line:?}"),
            }
        }
        labels.insert(key, value);
        match chars.next() {
            Some(',') | None => {}
            Some(c) => panic!("unexpected {c:?} after a label in {line:?}"),
        }
    }
    labels
}

fn find<'a>(samples: &'a [Sample], name: &str, labels: &[(&str, &str)]) -> Option<&'a Sample> {
    samples.iter().find(|s| {
        s.name == name
            && labels
                .iter()
                .all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
    })
}

#[tokio::test]
async fn metrics_do_not_exist_without_configuration() {
    let app = spawn_app_with(|_| {}).await;
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn metrics_parse_count_the_request_just_made_and_need_the_token() {
    let app = spawn_app_with(|s| s.metrics.token = TOKEN.into()).await;
    let page = app.get("/c/no-such-community").await;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    let home = app.get("/").await;
    assert_eq!(home.status(), StatusCode::OK);

    let client = reqwest::Client::new();
    let url = format!("{}/metrics", app.address);
    let bare = client.get(&url).send().await.unwrap();
    assert_eq!(bare.status(), StatusCode::UNAUTHORIZED);
    assert!(bare.headers().get("www-authenticate").is_some());
    let wrong = client
        .get(&url)
        .bearer_auth("scrape-me-0000")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);

    let scrape = client.get(&url).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(scrape.status(), StatusCode::OK);
    assert!(scrape.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    let text = scrape.text().await.unwrap();
    let samples = parse(&text);

    let home = find(
        &samples,
        "parley_http_requests_total",
        &[("method", "GET"), ("route", "/"), ("status", "200")],
    )
    .unwrap_or_else(|| panic!("no count of GET / 200 in\n{text}"));
    assert!(home.value >= 1.0);
    // By route pattern, never by raw path.
    let community = find(
        &samples,
        "parley_http_requests_total",
        &[("route", "/c/{slug}"), ("status", "404")],
    )
    .unwrap_or_else(|| panic!("no count of /c/{{slug}} 404 in\n{text}"));
    assert!(community.value >= 1.0);
    assert!(
        !text.contains("no-such-community"),
        "a raw path leaked into the labels"
    );
    let refused = find(
        &samples,
        "parley_http_requests_total",
        &[("route", "/metrics"), ("status", "401")],
    )
    .expect("the refused scrapes are counted");
    assert!(refused.value >= 2.0);
    let buckets: Vec<f64> = samples
        .iter()
        .filter(|s| {
            s.name == "parley_http_request_duration_seconds_bucket"
                && s.labels.get("route").map(String::as_str) == Some("/")
        })
        .map(|s| s.value)
        .collect();
    assert!(
        buckets.len() > 2 && buckets.windows(2).all(|w| w[0] <= w[1]),
        "cumulative buckets: {buckets:?}"
    );
    assert_eq!(
        *buckets.last().unwrap(),
        find(
            &samples,
            "parley_http_request_duration_seconds_count",
            &[("route", "/")]
        )
        .unwrap()
        .value
    );

    let families: HashSet<&str> = samples.iter().map(|s| s.name.as_str()).collect();
    for family in [
        "parley_db_pool_connections",
        "parley_db_pool_in_use_connections",
        "parley_outbox_messages",
        "parley_queue_depth",
        "parley_webhook_deliveries",
        "parley_page_cache_hit_ratio",
        "parley_active_sessions",
    ] {
        assert!(families.contains(family), "{family} missing from\n{text}");
    }
    for state in ["queued", "sent", "failed"] {
        assert!(
            find(&samples, "parley_outbox_messages", &[("state", state)]).is_some(),
            "outbox {state}"
        );
    }
}

#[tokio::test]
async fn metrics_on_a_separate_address_only() {
    let db = EmptyDatabase::new().await;
    let mut settings = db.settings();
    settings.metrics.bind = "127.0.0.1:0".into();
    let app = Application::build(settings, Clock::System).await.unwrap();
    let port = app.port();
    let metrics_port = app.metrics_port().expect("a metrics port");
    let server = tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::new();
    let main = client
        .get(format!("http://127.0.0.1:{port}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        main.status(),
        StatusCode::NOT_FOUND,
        "not on the main address"
    );
    let home = client
        .get(format!("http://127.0.0.1:{port}/"))
        .send()
        .await
        .unwrap();
    assert_eq!(home.status(), StatusCode::OK);
    let scrape = client
        .get(format!("http://127.0.0.1:{metrics_port}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(scrape.status(), StatusCode::OK);
    let samples = parse(&scrape.text().await.unwrap());
    assert!(find(
        &samples,
        "parley_http_requests_total",
        &[("route", "/"), ("status", "200")]
    )
    .is_some());
    let other = client
        .get(format!("http://127.0.0.1:{metrics_port}/"))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::NOT_FOUND, "only /metrics there");
    server.abort();
}
