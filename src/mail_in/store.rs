//! Keeping a received message before anyone is told it arrived. The database first
//! (`inbound_mail`, through the write path); if the database cannot be reached, a spool
//! file under `<data_dir>/inbound/` (written, fsynced, renamed, directory fsynced), which
//! the worker imports when the database is back. Only when one of the two succeeded does
//! the SMTP listener answer 250 (or the IMAP poller mark the message seen); when both
//! fail the listener answers 451 so the sending MTA retries.

use std::path::{Path, PathBuf};

use crate::db::models::inbound_mail::{self, NewInboundMail};
use crate::db::{InboundMailId, InboundStatus, Timestamp};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// One received message for one recipient.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Received {
    /// `smtp` or `imap`.
    pub source: String,
    pub envelope_from: String,
    pub recipient: String,
    #[serde(skip)]
    pub raw: Vec<u8>,
}

/// Where the message was kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    Database,
    Spool,
}

/// The spool directory for messages accepted while the database was down.
pub fn spool_dir(state: &AppState) -> PathBuf {
    state.settings.data_dir.join("inbound")
}

/// Stores `msg` durably (database, else spool). An `Err` means neither worked: the
/// message must not be acknowledged.
pub async fn keep(state: &AppState, msg: Received) -> AppResult<Kept> {
    let id = InboundMailId::new();
    let now = state.clock.now();
    match insert(state, &id, &msg, now).await {
        Ok(()) => {
            state.inbound.wake();
            Ok(Kept::Database)
        }
        Err(e) => {
            tracing::warn!(error = %e, inbound_id = %id, "database unavailable: inbound mail goes to the spool");
            let dir = spool_dir(state);
            let meta = SpoolMeta {
                id: id.to_string(),
                received_at: now.micros(),
                message: msg,
            };
            tokio::task::spawn_blocking(move || write_spool(&dir, &meta))
                .await
                .map_err(|e| AppError::Unexpected(anyhow::anyhow!(e)))?
                .map_err(|e| AppError::Unexpected(anyhow::anyhow!("inbound spool: {e}")))?;
            Ok(Kept::Spool)
        }
    }
}

async fn insert(
    state: &AppState,
    id: &InboundMailId,
    msg: &Received,
    now: Timestamp,
) -> AppResult<()> {
    let (id, msg) = (id.clone(), msg.clone());
    let headers = Headers::of(&msg.raw);
    state
        .write(move |conn| {
            inbound_mail::insert(
                conn,
                &NewInboundMail {
                    id: &id,
                    received_at: now,
                    source: &msg.source,
                    envelope_from: &msg.envelope_from,
                    recipient: &msg.recipient,
                    message_id: &headers.message_id,
                    from_header: &headers.from,
                    subject: &headers.subject,
                    size_bytes: i64::try_from(msg.raw.len()).unwrap_or(i64::MAX),
                    raw: &msg.raw,
                    status: InboundStatus::Queued,
                    disposition: "",
                    reason: "",
                    next_attempt_at: now,
                },
            )?;
            Ok(())
        })
        .await
}

/// The headers the admin list shows and de-duplication uses, bounded in length.
#[derive(Debug, Default)]
pub struct Headers {
    pub message_id: String,
    pub from: String,
    pub subject: String,
}

impl Headers {
    pub fn of(raw: &[u8]) -> Headers {
        let Ok((headers, _)) = mailparse::parse_headers(raw) else {
            return Headers::default();
        };
        use mailparse::MailHeaderMap;
        let get = |name: &str| {
            headers
                .get_first_value(name)
                .map(|v| clip(v.trim(), 300))
                .unwrap_or_default()
        };
        Headers {
            message_id: get("Message-ID")
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_string(),
            from: get("From"),
            subject: get("Subject"),
        }
    }
}

fn clip(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

#[derive(serde::Serialize, serde::Deserialize)]
struct SpoolMeta {
    id: String,
    received_at: i64,
    message: Received,
}

/// One spool file: a JSON line of metadata, then the raw message. Written to a temporary
/// name, fsynced, renamed and the directory fsynced, so a crash leaves either nothing or
/// a whole file.
fn write_spool(dir: &Path, meta: &SpoolMeta) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!("{}.tmp", meta.id));
    let done = dir.join(format!("{}.msg", meta.id));
    let mut file = std::fs::File::create(&tmp)?;
    let line = serde_json::to_vec(meta).map_err(std::io::Error::other)?;
    file.write_all(&line)?;
    file.write_all(b"\n")?;
    file.write_all(&meta.message.raw)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&tmp, &done)?;
    std::fs::File::open(dir)?.sync_all()?;
    Ok(())
}

fn read_spool(path: &Path) -> std::io::Result<SpoolMeta> {
    let bytes = std::fs::read(path)?;
    let split = bytes
        .iter()
        .position(|b| *b == b'\n')
        .ok_or_else(|| std::io::Error::other("spool file without metadata"))?;
    let mut meta: SpoolMeta =
        serde_json::from_slice(&bytes[..split]).map_err(std::io::Error::other)?;
    meta.message.raw = bytes[split + 1..].to_vec();
    Ok(meta)
}

/// Moves spooled messages into the database (each under the id it was given when
/// accepted, so importing a file twice adds one row), deleting each file once its row
/// is committed. Returns how many were imported; stops at the first database error.
pub async fn import_spool(state: &AppState) -> AppResult<usize> {
    let dir = spool_dir(state);
    let files = tokio::task::spawn_blocking(move || -> Vec<PathBuf> {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Vec::new();
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "msg"))
            .collect();
        files.sort();
        files
    })
    .await
    .map_err(|e| AppError::Unexpected(anyhow::anyhow!(e)))?;
    let mut imported = 0;
    for path in files {
        let meta = match read_spool(&path) {
            Ok(m) => m,
            Err(e) => {
                tracing::error!(error = %e, path = %path.display(), "unreadable inbound spool file left in place");
                continue;
            }
        };
        let Some(id) = InboundMailId::parse(&meta.id) else {
            tracing::error!(path = %path.display(), "inbound spool file with a bad id left in place");
            continue;
        };
        let mut msg = meta.message;
        msg.source = format!("{} (spool)", msg.source);
        insert(state, &id, &msg, Timestamp::from_micros(meta.received_at)).await?;
        tokio::fs::remove_file(&path)
            .await
            .map_err(|e| AppError::Unexpected(anyhow::anyhow!(e)))?;
        imported += 1;
    }
    if imported > 0 {
        tracing::info!(imported, "inbound mail imported from the spool");
    }
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_read_and_message_id_unbracketed() {
        let raw =
            b"From: Ana <ana@example.com>\r\nSubject: Re: Hello\r\nMessage-ID: <abc@x>\r\n\r\nbody";
        let h = Headers::of(raw);
        assert_eq!(h.message_id, "abc@x");
        assert_eq!(h.subject, "Re: Hello");
        assert_eq!(h.from, "Ana <ana@example.com>");
    }

    #[test]
    fn spool_file_round_trips() -> std::io::Result<()> {
        let dir = std::env::temp_dir().join(format!("parley-spool-{}", uuid::Uuid::new_v4()));
        let meta = SpoolMeta {
            id: InboundMailId::new().to_string(),
            received_at: 42,
            message: Received {
                source: "smtp".into(),
                envelope_from: "a@b".into(),
                recipient: "reply+x@r".into(),
                raw: b"Subject: x\r\n\r\nline\nline2".to_vec(),
            },
        };
        write_spool(&dir, &meta)?;
        let back = read_spool(&dir.join(format!("{}.msg", meta.id)))?;
        assert_eq!(back.message.raw, meta.message.raw);
        assert_eq!(back.message.recipient, "reply+x@r");
        assert_eq!(back.received_at, 42);
        std::fs::remove_dir_all(dir)
    }
}
