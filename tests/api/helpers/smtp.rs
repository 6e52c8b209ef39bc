//! A real SMTP server on 127.0.0.1:0 that keeps every message it is given.
//!
//! Just enough RFC 5321 for lettre: greeting, EHLO/HELO (advertising no extensions, so no
//! STARTTLS and no AUTH), MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT, and any
//! number of messages per connection (lettre pools connections).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// How long [`MailSink::wait_for`] waits before giving up: a generous deadline for a
/// slow machine, not a timing assertion.
const WAIT_DEADLINE: Duration = Duration::from_secs(10);
const WAIT_STEP: Duration = Duration::from_millis(20);
/// Refuse absurd lines and messages rather than grow without bound.
const MAX_LINE: usize = 64 * 1024;
const MAX_MESSAGE: usize = 32 * 1024 * 1024;

/// One message as the sink received it.
#[derive(Debug, Clone)]
pub struct ReceivedMail {
    /// The envelope sender (`MAIL FROM`), without angle brackets.
    pub from: String,
    /// The envelope recipients (`RCPT TO`), without angle brackets.
    pub to: Vec<String>,
    /// The message as transmitted after DATA, dot-unstuffed, CRLF line endings.
    pub raw: String,
}

impl ReceivedMail {
    fn parsed(&self) -> mailparse::ParsedMail<'_> {
        mailparse::parse_mail(self.raw.as_bytes())
            .unwrap_or_else(|e| panic!("received mail does not parse: {e}\n{}", self.raw))
    }

    /// The first value of a header, RFC 2047-decoded (names are case-insensitive).
    pub fn header(&self, name: &str) -> Option<String> {
        self.parsed()
            .headers
            .iter()
            .find(|h| h.get_key().eq_ignore_ascii_case(name))
            .map(|h| h.get_value())
    }

    /// The decoded `Subject` header; panics when there is none.
    pub fn subject(&self) -> String {
        self.header("Subject")
            .unwrap_or_else(|| panic!("mail has no Subject header:\n{}", self.raw))
    }

    /// The decoded body of the first inline `text/plain` part; panics when there is none.
    pub fn text_body(&self) -> String {
        self.body_of("text/plain")
            .unwrap_or_else(|| panic!("mail has no text/plain part:\n{}", self.raw))
    }

    /// The decoded body of the first inline `text/html` part; panics when there is none.
    pub fn html_body(&self) -> String {
        self.body_of("text/html")
            .unwrap_or_else(|| panic!("mail has no text/html part:\n{}", self.raw))
    }

    /// The decoded body of the first inline part of this MIME type, if any.
    pub fn body_of(&self, mimetype: &str) -> Option<String> {
        let parsed = self.parsed();
        let part = parsed.parts().find(|p| {
            p.ctype.mimetype.eq_ignore_ascii_case(mimetype)
                && p.get_content_disposition().disposition != mailparse::DispositionType::Attachment
        })?;
        Some(
            part.get_body()
                .unwrap_or_else(|e| panic!("cannot decode {mimetype} part: {e}\n{}", self.raw)),
        )
    }

    /// The MIME types of all parts, outermost first (`multipart/alternative`, `text/plain`, ...).
    pub fn content_types(&self) -> Vec<String> {
        self.parsed()
            .parts()
            .map(|p| p.ctype.mimetype.clone())
            .collect()
    }

    /// The first URL in the text body starting with `prefix`, e.g.
    /// `format!("{}/confirm/", app.address)`. Trailing sentence punctuation is not part of it.
    pub fn first_link_with(&self, prefix: &str) -> Option<String> {
        let body = self.text_body();
        let start = body.find(prefix)?;
        let rest = &body[start..];
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\''))
            .unwrap_or(rest.len());
        let link = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']']);
        Some(link.to_string())
    }
}

#[derive(Debug)]
struct Shared {
    messages: Mutex<Vec<ReceivedMail>>,
    accepting: AtomicBool,
}

/// The SMTP sink of one test. The server task stops when this is dropped.
#[derive(Debug)]
pub struct MailSink {
    port: u16,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl MailSink {
    /// Binds 127.0.0.1:0 and starts serving on the current tokio runtime.
    pub async fn start() -> MailSink {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("SMTP sink cannot bind 127.0.0.1:0");
        let port = listener
            .local_addr()
            .expect("SMTP sink has no local address")
            .port();
        let shared = Arc::new(Shared {
            messages: Mutex::new(Vec::new()),
            accepting: AtomicBool::new(true),
        });
        let task = tokio::spawn(accept_loop(listener, shared.clone()));
        MailSink { port, shared, task }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// `smtp://127.0.0.1:<port>`: plain SMTP, what `Settings::smtp_url` expects.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// When false, new connections get `421` and `MAIL FROM` gets `451`, so every
    /// delivery attempt fails as with a mail server that is down.
    pub fn set_accepting(&self, accepting: bool) {
        self.shared.accepting.store(accepting, Ordering::SeqCst);
    }

    /// Everything received so far, oldest first.
    pub fn messages(&self) -> Vec<ReceivedMail> {
        lock(&self.shared.messages).clone()
    }

    /// Messages whose envelope recipients include `address` (case-insensitive).
    pub fn messages_to(&self, address: &str) -> Vec<ReceivedMail> {
        self.messages()
            .into_iter()
            .filter(|m| m.to.iter().any(|t| t.eq_ignore_ascii_case(address)))
            .collect()
    }

    /// Waits until at least `n` messages have arrived and returns all of them. Panics
    /// after 10 s with what did arrive.
    pub async fn wait_for(&self, n: usize) -> Vec<ReceivedMail> {
        let deadline = tokio::time::Instant::now() + WAIT_DEADLINE;
        loop {
            let messages = self.messages();
            if messages.len() >= n {
                return messages;
            }
            if tokio::time::Instant::now() >= deadline {
                let subjects: Vec<String> = messages
                    .iter()
                    .map(|m| {
                        format!(
                            "{:?} to {:?}",
                            m.header("Subject").unwrap_or_default(),
                            m.to
                        )
                    })
                    .collect();
                panic!(
                    "SMTP sink: expected at least {n} mail(s) within {}s, got {}: {subjects:?}",
                    WAIT_DEADLINE.as_secs(),
                    messages.len()
                );
            }
            tokio::time::sleep(WAIT_STEP).await;
        }
    }
}

impl Drop for MailSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                let shared = shared.clone();
                tokio::spawn(async move {
                    if let Err(e) = serve(stream, &shared).await {
                        tracing::debug!(error = %e, "SMTP sink connection ended with an error");
                    }
                });
            }
            Err(e) => {
                tracing::warn!(error = %e, "SMTP sink accept failed");
                tokio::time::sleep(WAIT_STEP).await;
            }
        }
    }
}

/// The envelope of the transaction in progress.
#[derive(Default)]
struct Envelope {
    from: Option<String>,
    to: Vec<String>,
}

async fn serve(stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    if !shared.accepting.load(Ordering::SeqCst) {
        write.write_all(b"421 Service not available\r\n").await?;
        return write.shutdown().await;
    }
    write
        .write_all(b"220 parley-test-sink ESMTP ready\r\n")
        .await?;
    let mut envelope = Envelope::default();
    let mut line = Vec::new();
    loop {
        line.clear();
        if read_line(&mut reader, &mut line).await? == 0 {
            return Ok(()); // client went away
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        let verb = text
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" | "HELO" => {
                envelope = Envelope::default();
                b"250 parley-test-sink\r\n"
            }
            "MAIL" => {
                if !shared.accepting.load(Ordering::SeqCst) {
                    b"451 Requested action aborted: service not available\r\n"
                } else if let Some(addr) = path_argument(text, "FROM:") {
                    envelope = Envelope {
                        from: Some(addr),
                        to: Vec::new(),
                    };
                    b"250 OK\r\n"
                } else {
                    b"501 Syntax: MAIL FROM:<address>\r\n"
                }
            }
            "RCPT" => {
                if envelope.from.is_none() {
                    b"503 Bad sequence of commands: MAIL first\r\n"
                } else if let Some(addr) = path_argument(text, "TO:") {
                    envelope.to.push(addr);
                    b"250 OK\r\n"
                } else {
                    b"501 Syntax: RCPT TO:<address>\r\n"
                }
            }
            "DATA" => {
                if envelope.from.is_none() || envelope.to.is_empty() {
                    b"503 Bad sequence of commands: MAIL and RCPT first\r\n"
                } else {
                    write
                        .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                        .await?;
                    let raw = read_data(&mut reader).await?;
                    let envelope = std::mem::take(&mut envelope);
                    let mail = ReceivedMail {
                        from: envelope.from.unwrap_or_default(),
                        to: envelope.to,
                        raw,
                    };
                    tracing::debug!(to = ?mail.to, "SMTP sink received a message");
                    lock(&shared.messages).push(mail);
                    b"250 OK: queued\r\n"
                }
            }
            "RSET" => {
                envelope = Envelope::default();
                b"250 OK\r\n"
            }
            "NOOP" => b"250 OK\r\n",
            "VRFY" => b"252 Cannot VRFY user\r\n",
            "QUIT" => {
                write.write_all(b"221 Bye\r\n").await?;
                return write.shutdown().await;
            }
            _ => b"500 Command not recognized\r\n",
        };
        write.write_all(reply).await?;
    }
}

/// Reads one line including its `\n`; refuses lines longer than [`MAX_LINE`].
async fn read_line<R: tokio::io::AsyncBufRead + Unpin>(
    reader: &mut R,
    buf: &mut Vec<u8>,
) -> std::io::Result<usize> {
    let n = (&mut *reader)
        .take(MAX_LINE as u64)
        .read_until(b'\n', buf)
        .await?;
    if n == MAX_LINE && !buf.ends_with(b"\n") {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "SMTP line too long",
        ));
    }
    Ok(n)
}

/// Reads message content up to the lone `.` line, undoing dot-stuffing.
async fn read_data<R: tokio::io::AsyncBufRead + Unpin>(reader: &mut R) -> std::io::Result<String> {
    let mut data = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if read_line(reader, &mut line).await? == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "connection closed during DATA",
            ));
        }
        if line == b".\r\n" || line == b".\n" {
            return Ok(String::from_utf8_lossy(&data).into_owned());
        }
        let content = if line.starts_with(b".") {
            &line[1..]
        } else {
            &line[..]
        };
        data.extend_from_slice(content);
        if data.len() > MAX_MESSAGE {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "SMTP message too large",
            ));
        }
    }
}

/// The address in `MAIL FROM:<a@b> SIZE=1` or `RCPT TO:<a@b>`; `None` when malformed.
fn path_argument(line: &str, keyword: &str) -> Option<String> {
    let rest = line.split_once(char::is_whitespace)?.1.trim_start();
    if rest.len() < keyword.len() || !rest[..keyword.len()].eq_ignore_ascii_case(keyword) {
        return None;
    }
    let rest = rest[keyword.len()..].trim_start();
    let inner = rest.strip_prefix('<')?;
    let end = inner.find('>')?;
    Some(inner[..end].to_string())
}
