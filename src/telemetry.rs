//! Structured logs: one line per request (with its request id) and per notable event,
//! as text (default) or, with `PARLEY_LOG_FORMAT=json` / `log_format = "json"`, one JSON
//! object per line for log collectors (issue 22).

use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::EnvFilter;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

impl LogFormat {
    /// `json` (any case, surrounding spaces ignored) is JSON; anything else, including
    /// empty, is text. An unknown value is reported by [`LogFormat::parse_checked`].
    pub fn parse(value: &str) -> Self {
        Self::parse_checked(value).unwrap_or(LogFormat::Text)
    }

    pub fn parse_checked(value: &str) -> Result<Self, String> {
        match value.trim().to_ascii_lowercase().as_str() {
            "" | "text" | "plain" => Ok(LogFormat::Text),
            "json" => Ok(LogFormat::Json),
            other => Err(format!("unknown log format {other:?}: use text or json")),
        }
    }
}

pub fn init(default_filter: &str, format: &str) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    let format = match LogFormat::parse_checked(format) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("warning: {e}; logging as text");
            LogFormat::Text
        }
    };
    // tracing-actix-web records each request as a span; print it when it closes.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_span_events(FmtSpan::CLOSE)
        .with_target(false);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        // The request span's fields (method, route, status, request id) are flattened
        // into each line beside the event's own.
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_chosen_only_by_its_name() {
        assert_eq!(LogFormat::parse("json"), LogFormat::Json);
        assert_eq!(LogFormat::parse(" JSON "), LogFormat::Json);
        assert_eq!(LogFormat::parse(""), LogFormat::Text);
        assert_eq!(LogFormat::parse("text"), LogFormat::Text);
        assert_eq!(LogFormat::parse("yaml"), LogFormat::Text);
        assert!(LogFormat::parse_checked("yaml").is_err());
    }

    #[test]
    fn the_json_formatter_writes_one_object_per_line() -> Result<(), Box<dyn std::error::Error>> {
        use std::io::Write;
        use std::sync::{Arc, Mutex};

        #[derive(Clone, Default)]
        struct Buf(Arc<Mutex<Vec<u8>>>);
        impl Write for Buf {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                self.0
                    .lock()
                    .map_err(|_| std::io::Error::other("the log buffer's lock is poisoned"))?
                    .extend_from_slice(b);
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let buf = Buf::default();
        let writer = buf.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            let span = tracing::info_span!("request", route = "/t/{id}");
            let _in = span.enter();
            tracing::info!(status = 200, "served \"quoted\"\nand a new line");
            tracing::warn!("second");
        });
        let bytes = buf
            .0
            .lock()
            .map_err(|_| "the log buffer's lock is poisoned")?
            .clone();
        let text = String::from_utf8(bytes)?;
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        let first: serde_json::Value = serde_json::from_str(lines[0])?;
        assert_eq!(first["message"], "served \"quoted\"\nand a new line");
        assert_eq!(first["status"], 200);
        assert_eq!(first["level"], "INFO");
        assert_eq!(first["span"]["route"], "/t/{id}");
        let second: serde_json::Value = serde_json::from_str(lines[1])?;
        assert_eq!(second["level"], "WARN");
        Ok(())
    }
}
