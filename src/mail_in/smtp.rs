//! Parley's own SMTP listener for inbound mail (`[inbound_smtp] bind`), meant to sit
//! behind the company's relay or MX (which does TLS, spam filtering and the public
//! side). A small server of our own on tokio rather than `mailin-embedded` (its
//! handler is synchronous and it brings its own thread pool and TLS stack): EHLO/HELO,
//! MAIL, RCPT, DATA (dot-unstuffing), RSET, NOOP, QUIT; 8BITMIME and SIZE advertised.
//!
//! Not an open relay: only reply addresses (`reply+…@reply_domain`) and the bounce
//! address (`bounce[+…]@reply_domain`) are accepted, anything else gets 550. Bounded:
//! line length, commands per connection, recipients per message, message size (552), a
//! timeout per read and per connection. A message is answered 250 only after
//! [`store::keep`] kept it (database or spool); otherwise 451 and the sender retries.

use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

use crate::mail_in::store::{self, Received};
use crate::state::AppState;

const MAX_COMMAND_LINE: u64 = 1024;
/// RFC 5321 allows 1000 octets per text line; we take longer ones (some clients send
/// them) up to this, and refuse the message beyond.
const MAX_DATA_LINE: u64 = 64 * 1024;
const MAX_COMMANDS: usize = 200;
const MAX_RECIPIENTS: usize = 50;
const READ_TIMEOUT: Duration = Duration::from_secs(60);
const CONNECTION_TIMEOUT: Duration = Duration::from_secs(600);

/// Binds `[inbound_smtp] bind`, records the bound address on the state (port 0 in
/// tests) and serves connections until the task is aborted.
pub async fn start(state: AppState) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let listener = TcpListener::bind(state.settings.inbound_smtp.bind.trim()).await?;
    let addr = listener.local_addr()?;
    state.inbound.set_smtp_addr(addr);
    tracing::info!(%addr, "inbound SMTP listener started");
    Ok(tokio::spawn(async move {
        loop {
            // Issue 22: at shutdown the listener stops accepting (sessions under way
            // were spawned on their own and finish).
            let accepted = tokio::select! {
                a = listener.accept() => a,
                _ = state.stop.stopped() => break,
            };
            let (stream, peer) = match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    tracing::warn!(error = %e, "inbound SMTP accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            };
            let state = state.clone();
            tokio::spawn(async move {
                match tokio::time::timeout(CONNECTION_TIMEOUT, serve(&state, stream)).await {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => tracing::debug!(%peer, error = %e, "inbound SMTP session ended"),
                    Err(_) => tracing::info!(%peer, "inbound SMTP session timed out"),
                }
            });
        }
    }))
}

/// One SMTP transaction's envelope.
#[derive(Default)]
struct Envelope {
    from: Option<String>,
    recipients: Vec<String>,
}

async fn serve(state: &AppState, stream: TcpStream) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    let host = state.settings.mail.reply_domain.trim().to_string();
    let host = if host.is_empty() {
        "parley".into()
    } else {
        host
    };
    let max = state.settings.inbound_smtp.max_bytes;
    write
        .write_all(format!("220 {host} Parley ESMTP\r\n").as_bytes())
        .await?;
    let mut env = Envelope::default();
    for _ in 0..MAX_COMMANDS {
        let Some(line) = read_line(&mut reader, MAX_COMMAND_LINE).await? else {
            return Ok(());
        };
        let Ok(line) = String::from_utf8(line) else {
            write.write_all(b"500 5.5.2 Syntax error\r\n").await?;
            continue;
        };
        let line = line.trim_end_matches(['\r', '\n']);
        if line.len() as u64 >= MAX_COMMAND_LINE - 2 {
            write.write_all(b"500 5.5.2 Line too long\r\n").await?;
            return Ok(());
        }
        let (verb, arg) = match line.split_once(' ') {
            Some((v, a)) => (v.to_ascii_uppercase(), a.trim()),
            None => (line.to_ascii_uppercase(), ""),
        };
        let reply: String = match verb.as_str() {
            "EHLO" => {
                env = Envelope::default();
                format!(
                    "250-{host}\r\n250-8BITMIME\r\n250-SIZE {max}\r\n250 ENHANCEDSTATUSCODES\r\n"
                )
            }
            "HELO" => {
                env = Envelope::default();
                format!("250 {host}\r\n")
            }
            "MAIL" => match parse_path(arg, "FROM:") {
                Some((addr, params)) if env.from.is_none() => {
                    if declared_size(params).is_some_and(|n| n > max) {
                        "552 5.3.4 Message too big\r\n".into()
                    } else {
                        env.from = Some(addr);
                        "250 2.1.0 OK\r\n".into()
                    }
                }
                Some(_) => "503 5.5.1 Nested MAIL command\r\n".into(),
                None => "501 5.5.4 Syntax: MAIL FROM:<address>\r\n".into(),
            },
            "RCPT" => match parse_path(arg, "TO:") {
                _ if env.from.is_none() => "503 5.5.1 Need MAIL first\r\n".into(),
                Some(_) if env.recipients.len() >= MAX_RECIPIENTS => {
                    "452 4.5.3 Too many recipients\r\n".into()
                }
                Some((addr, _)) if accepts(state, &addr) => {
                    env.recipients.push(addr);
                    "250 2.1.5 OK\r\n".into()
                }
                Some(_) => "550 5.1.1 No such recipient here\r\n".into(),
                None => "501 5.5.4 Syntax: RCPT TO:<address>\r\n".into(),
            },
            "DATA" if env.recipients.is_empty() => "503 5.5.1 Need RCPT first\r\n".into(),
            "DATA" => {
                write
                    .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    .await?;
                let reply = match read_data(&mut reader, max).await? {
                    Data::TooBig => "552 5.3.4 Message too big\r\n".to_string(),
                    Data::Message(raw) => keep_all(state, &env, raw).await,
                };
                env = Envelope::default();
                reply
            }
            "RSET" => {
                env = Envelope::default();
                "250 2.0.0 OK\r\n".into()
            }
            "NOOP" => "250 2.0.0 OK\r\n".into(),
            "VRFY" => "252 2.5.0 Cannot verify\r\n".into(),
            "QUIT" => {
                write.write_all(b"221 2.0.0 Bye\r\n").await?;
                return Ok(());
            }
            _ => "502 5.5.1 Command not implemented\r\n".into(),
        };
        write.write_all(reply.as_bytes()).await?;
    }
    write
        .write_all(b"421 4.7.0 Too many commands, closing\r\n")
        .await?;
    Ok(())
}

/// Stores the message once per recipient; 250 only if every copy was kept.
async fn keep_all(state: &AppState, env: &Envelope, raw: Vec<u8>) -> String {
    let from = env.from.clone().unwrap_or_default();
    for rcpt in &env.recipients {
        let received = Received {
            source: "smtp".into(),
            envelope_from: from.clone(),
            recipient: rcpt.clone(),
            raw: raw.clone(),
        };
        if let Err(e) = store::keep(state, received).await {
            tracing::error!(error = %e, "inbound mail could not be kept; the sender will retry");
            return "451 4.3.0 Temporary failure, try again later\r\n".into();
        }
    }
    "250 2.0.0 Message accepted\r\n".into()
}

/// Reply addresses and the bounce address of this deployment; nothing else.
fn accepts(state: &AppState, rcpt: &str) -> bool {
    crate::reply_mail::is_reply_address(state, rcpt)
        || crate::mail_in::parse_bounce_address(&state.settings.mail.reply_domain, rcpt).is_some()
}

/// `FROM:<a@b> SIZE=10` → (`a@b`, `SIZE=10`). The null sender `<>` is allowed.
fn parse_path<'a>(arg: &'a str, keyword: &str) -> Option<(String, &'a str)> {
    let head = arg.get(..keyword.len())?;
    if !head.eq_ignore_ascii_case(keyword) {
        return None;
    }
    let rest = arg[keyword.len()..].trim_start();
    let rest = rest.strip_prefix('<')?;
    let end = rest.find('>')?;
    let addr = rest[..end].trim();
    if addr.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return None;
    }
    Some((addr.to_string(), rest[end + 1..].trim()))
}

fn declared_size(params: &str) -> Option<usize> {
    params.split_whitespace().find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.eq_ignore_ascii_case("SIZE").then(|| v.parse().ok())?
    })
}

/// Reads one line (with its line ending) of at most `limit` bytes; `None` at the end of
/// the stream. A longer line comes back cut at `limit`, without a line ending.
async fn read_line<R: AsyncRead + Unpin>(
    reader: &mut BufReader<R>,
    limit: u64,
) -> std::io::Result<Option<Vec<u8>>> {
    let mut line = Vec::new();
    let n = tokio::time::timeout(
        READ_TIMEOUT,
        (&mut *reader).take(limit).read_until(b'\n', &mut line),
    )
    .await
    .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "read timed out"))??;
    Ok((n > 0).then_some(line))
}

enum Data {
    Message(Vec<u8>),
    TooBig,
}

/// Reads the message up to the lone dot, undoing dot-stuffing. Beyond `max` bytes (or a
/// line over [`MAX_DATA_LINE`]) the rest is read and thrown away, and the message refused.
async fn read_data<R: AsyncRead + Unpin>(
    reader: &mut BufReader<R>,
    max: usize,
) -> std::io::Result<Data> {
    let mut raw = Vec::new();
    let mut too_big = false;
    loop {
        let Some(line) = read_line(reader, MAX_DATA_LINE).await? else {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "connection closed in DATA",
            ));
        };
        if line == b".\r\n" || line == b".\n" {
            break;
        }
        if !line.ends_with(b"\n") {
            too_big = true; // a line longer than any mail client writes
        }
        let line = line.strip_prefix(b".").unwrap_or(&line);
        if too_big || raw.len() + line.len() > max {
            too_big = true;
            raw.clear();
            continue;
        }
        raw.extend_from_slice(line);
    }
    Ok(if too_big {
        Data::TooBig
    } else {
        Data::Message(raw)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_sizes_parse() {
        assert_eq!(
            parse_path("FROM:<a@b.c> SIZE=10 BODY=8BITMIME", "FROM:"),
            Some(("a@b.c".to_string(), "SIZE=10 BODY=8BITMIME"))
        );
        assert_eq!(parse_path("from: <>", "FROM:"), Some((String::new(), "")));
        assert_eq!(parse_path("TO:a@b", "TO:"), None);
        assert_eq!(parse_path("TO:<a b@c>", "TO:"), None);
        assert_eq!(declared_size("BODY=8BITMIME SIZE=2048"), Some(2048));
        assert_eq!(declared_size("BODY=8BITMIME"), None);
    }

    #[tokio::test]
    async fn data_is_dot_unstuffed_and_bounded() -> Result<(), Box<dyn std::error::Error>> {
        let input: &[u8] = b"Subject: x\r\n\r\n..leading dot\r\nplain\r\n.\r\nQUIT\r\n";
        let mut reader = BufReader::new(input);
        let Data::Message(raw) = read_data(&mut reader, 1000).await? else {
            panic!("refused");
        };
        assert_eq!(raw, b"Subject: x\r\n\r\n.leading dot\r\nplain\r\n");
        let mut reader = BufReader::new(input);
        assert!(matches!(read_data(&mut reader, 10).await?, Data::TooBig));
        // The rest of the stream is where the client left it.
        let next = read_line(&mut reader, 100)
            .await?
            .ok_or("the line after the message")?;
        assert_eq!(next, b"QUIT\r\n");
        Ok(())
    }
}
