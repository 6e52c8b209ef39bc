//! Polling an IMAP mailbox (`[inbound_imap] url`, `imaps://user:password@host[:port]/INBOX`)
//! every `poll_interval_secs`: unseen messages are fetched with `BODY.PEEK[]` (which
//! leaves them unseen), kept by [`store::keep`], and only then flagged `\Seen`. A crash
//! between the two fetches the message again on the next poll; the Message-ID
//! de-duplication keeps it from being processed twice.
//!
//! A small client of our own (LOGIN, SELECT, UID SEARCH UNSEEN, UID FETCH, UID STORE,
//! LOGOUT) instead of `async-imap`, which needs `async-std`-style streams and its own TLS
//! glue. `imaps://` is TLS from the first byte (port 993), checked against the public
//! web's roots (`webpki-roots`) and `[inbound_imap] ca_file`; plain `imap://` (port 143)
//! is for a mailbox on the same host or network.

use std::sync::Arc;
use std::time::Duration;

use mailparse::MailHeaderMap;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName};

use crate::mail_in::store::{self, Received};
use crate::state::AppState;

const TIMEOUT: Duration = Duration::from_secs(60);
/// At most this many messages per poll, so one poll stays bounded.
const BATCH: usize = 50;
const MAX_LINE: u64 = 64 * 1024;

/// A parsed `[inbound_imap] url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImapUrl {
    pub host: String,
    pub port: u16,
    pub user: String,
    pub password: String,
    pub mailbox: String,
    /// `imaps://`: TLS from the first byte.
    pub tls: bool,
}

impl ImapUrl {
    pub fn parse(raw: &str) -> Result<ImapUrl, String> {
        let url = url::Url::parse(raw.trim()).map_err(|e| format!("not a URL: {e}"))?;
        let tls = match url.scheme() {
            "imap" => false,
            "imaps" => true,
            other => {
                return Err(format!(
                    "unknown scheme {other:?}, expected imaps:// or imap://"
                ))
            }
        };
        let host = url.host_str().ok_or("no host")?.to_string();
        let decode = |s: &str| {
            url::form_urlencoded::parse(format!("x={s}").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default()
        };
        let mailbox = decode(url.path().trim_start_matches('/'));
        Ok(ImapUrl {
            host,
            port: url.port().unwrap_or(if tls { 993 } else { 143 }),
            user: decode(url.username()),
            password: decode(url.password().unwrap_or("")),
            mailbox: if mailbox.is_empty() {
                "INBOX".into()
            } else {
                mailbox
            },
            tls,
        })
    }
}

/// Starts polling when `[inbound_imap] url` is set and valid.
pub fn spawn(state: AppState) -> Option<tokio::task::JoinHandle<()>> {
    let raw = state.settings.inbound_imap.url.trim().to_string();
    if raw.is_empty() {
        return None;
    }
    let url = match ImapUrl::parse(&raw) {
        Ok(u) => u,
        Err(e) => {
            tracing::error!(error = %e, "[inbound_imap] url is not usable; IMAP polling is off");
            return None;
        }
    };
    let every = Duration::from_secs(state.settings.inbound_imap.poll_interval_secs.max(1));
    Some(tokio::spawn(async move {
        // Issue 22: a poll in progress finishes at shutdown; no new one starts.
        while !state.stop.is_stopping() {
            match tokio::time::timeout(10 * TIMEOUT, poll_once(&state, &url)).await {
                Ok(Ok(n)) if n > 0 => tracing::info!(n, "inbound mail fetched over IMAP"),
                Ok(Ok(_)) => {}
                Ok(Err(e)) => tracing::warn!(error = %e, host = %url.host, "IMAP poll failed"),
                Err(_) => tracing::warn!(host = %url.host, "IMAP poll timed out"),
            }
            tokio::select! {
                _ = tokio::time::sleep(every) => {}
                _ = state.stop.stopped() => {}
            }
        }
    }))
}

/// One poll: returns how many messages were kept (and flagged seen).
pub async fn poll_once(state: &AppState, url: &ImapUrl) -> anyhow::Result<usize> {
    let stream = connect(url, &state.settings.inbound_imap.ca_file).await?;
    let mut session = Session {
        io: BufReader::new(stream),
        tag: 0,
    };
    let greeting = session.line().await?;
    if !greeting.starts_with(b"* OK") && !greeting.starts_with(b"* PREAUTH") {
        anyhow::bail!("unexpected IMAP greeting");
    }
    session
        .command(&format!(
            "LOGIN {} {}",
            quoted(&url.user),
            quoted(&url.password)
        ))
        .await?;
    session
        .command(&format!("SELECT {}", quoted(&url.mailbox)))
        .await?;
    let (lines, _) = session.command("UID SEARCH UNSEEN").await?;
    let uids: Vec<u64> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("* SEARCH"))
        .flat_map(|rest| rest.split_whitespace().filter_map(|n| n.parse().ok()))
        .take(BATCH)
        .collect();
    let mut kept = 0;
    for uid in uids {
        let (_, literals) = session
            .command(&format!("UID FETCH {uid} (BODY.PEEK[])"))
            .await?;
        let Some(raw) = literals.into_iter().next() else {
            continue;
        };
        let (recipient, sender) = addresses(state, &raw);
        let received = Received {
            source: "imap".into(),
            envelope_from: sender,
            recipient,
            raw,
        };
        // Kept (database or spool) before it is marked seen; if not, it stays unseen
        // and the next poll fetches it again.
        store::keep(state, received).await?;
        session
            .command(&format!("UID STORE {uid} +FLAGS.SILENT (\\Seen)"))
            .await?;
        kept += 1;
    }
    // A failed LOGOUT changes nothing: everything is already kept and flagged.
    let _ = session.command("LOGOUT").await;
    Ok(kept)
}

/// The recipient to route by (the first reply or bounce address among `Delivered-To`,
/// `X-Original-To`, `To`, `Cc`; else the first `To`), and the sender (`Return-Path`).
fn addresses(state: &AppState, raw: &[u8]) -> (String, String) {
    let Ok((headers, _)) = mailparse::parse_headers(raw) else {
        return (String::new(), String::new());
    };
    let mut candidates = Vec::new();
    for name in ["Delivered-To", "X-Original-To", "To", "Cc"] {
        for value in headers.get_all_values(name) {
            if let Ok(list) = mailparse::addrparse(&value) {
                for addr in list.iter() {
                    match addr {
                        mailparse::MailAddr::Single(s) => candidates.push(s.addr.clone()),
                        mailparse::MailAddr::Group(g) => {
                            candidates.extend(g.addrs.iter().map(|s| s.addr.clone()))
                        }
                    }
                }
            }
        }
    }
    let ours = candidates.iter().find(|a| {
        crate::reply_mail::is_reply_address(state, a)
            || crate::mail_in::parse_bounce_address(&state.settings.mail.reply_domain, a).is_some()
    });
    let recipient = ours.or(candidates.first()).cloned().unwrap_or_default();
    let sender = headers
        .get_first_value("Return-Path")
        .map(|v| {
            v.trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_string()
        })
        .unwrap_or_default();
    (recipient, sender)
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A plain or TLS connection to the IMAP server.
trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

/// Connects, and for `imaps://` completes the TLS handshake (the server's name checked
/// against the public roots and `ca_file`'s authorities).
async fn connect(url: &ImapUrl, ca_file: &str) -> anyhow::Result<Box<dyn Io>> {
    let tcp =
        tokio::time::timeout(TIMEOUT, TcpStream::connect((url.host.as_str(), url.port))).await??;
    if !url.tls {
        return Ok(Box::new(tcp));
    }
    let mut roots =
        rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if !ca_file.trim().is_empty() {
        for cert in CertificateDer::pem_file_iter(ca_file.trim())
            .map_err(|e| anyhow::anyhow!("[inbound_imap] ca_file: {e}"))?
        {
            let cert = cert.map_err(|e| anyhow::anyhow!("[inbound_imap] ca_file: {e}"))?;
            roots.add(cert)?;
        }
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()?
    .with_root_certificates(roots)
    .with_no_client_auth();
    let name = ServerName::try_from(url.host.clone())?;
    let tls = tokio::time::timeout(
        TIMEOUT,
        tokio_rustls::TlsConnector::from(Arc::new(config)).connect(name, tcp),
    )
    .await??;
    Ok(Box::new(tls))
}

struct Session {
    io: BufReader<Box<dyn Io>>,
    tag: u32,
}

impl Session {
    async fn line(&mut self) -> anyhow::Result<Vec<u8>> {
        let mut line = Vec::new();
        let n = tokio::time::timeout(
            TIMEOUT,
            (&mut self.io).take(MAX_LINE).read_until(b'\n', &mut line),
        )
        .await??;
        if n == 0 {
            anyhow::bail!("the IMAP server closed the connection");
        }
        Ok(line)
    }

    /// Sends one command; returns the untagged lines and the literals they carried, or
    /// an error unless the server answered `OK`.
    async fn command(&mut self, cmd: &str) -> anyhow::Result<(Vec<String>, Vec<Vec<u8>>)> {
        self.tag += 1;
        let tag = format!("a{}", self.tag);
        self.io
            .get_mut()
            .write_all(format!("{tag} {cmd}\r\n").as_bytes())
            .await?;
        // TLS buffers what is written: send the command now.
        self.io.get_mut().flush().await?;
        let mut lines = Vec::new();
        let mut literals = Vec::new();
        loop {
            let line = self.line().await?;
            let text = String::from_utf8_lossy(&line).trim_end().to_string();
            if let Some(len) = literal_len(&text) {
                let mut buf = vec![0; len];
                tokio::time::timeout(TIMEOUT, self.io.read_exact(&mut buf)).await??;
                literals.push(buf);
            }
            if let Some(rest) = text.strip_prefix(&format!("{tag} ")) {
                if rest.starts_with("OK") {
                    return Ok((lines, literals));
                }
                let shown = if cmd.starts_with("LOGIN") {
                    "LOGIN"
                } else {
                    cmd
                };
                anyhow::bail!("IMAP {shown} answered {rest}");
            }
            lines.push(text);
        }
    }
}

/// `* 1 FETCH (UID 7 BODY[] {342}` → 342 (bounded, so a server cannot make us
/// allocate without limit).
fn literal_len(line: &str) -> Option<usize> {
    let inner = line.strip_suffix('}')?;
    let start = inner.rfind('{')?;
    let n: usize = inner[start + 1..].trim_end_matches('+').parse().ok()?;
    (n <= 64 * 1024 * 1024).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_parse() -> Result<(), Box<dyn std::error::Error>> {
        let u = ImapUrl::parse("imap://parley%40corp:p%40ss@127.0.0.1:1143/Replies")?;
        assert_eq!(u.user, "parley@corp");
        assert_eq!(u.password, "p@ss");
        assert_eq!(u.port, 1143);
        assert_eq!(u.mailbox, "Replies");
        assert_eq!(ImapUrl::parse("imap://u:p@h")?.mailbox, "INBOX");
        let tls = ImapUrl::parse("imaps://u:p@h/INBOX")?;
        assert!(tls.tls);
        assert_eq!(tls.port, 993);
        assert!(ImapUrl::parse("pop3://u:p@h/INBOX").is_err());
        assert!(ImapUrl::parse("http://h").is_err());
        Ok(())
    }

    #[test]
    fn literals_are_found() {
        assert_eq!(literal_len("* 1 FETCH (UID 7 BODY[] {342}"), Some(342));
        assert_eq!(literal_len("* 1 FETCH (UID 7 FLAGS (\\Seen))"), None);
    }
}
