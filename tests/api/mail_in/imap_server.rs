//! A minimal IMAP4rev1 server for the tests: one mailbox, LOGIN, SELECT, UID SEARCH
//! UNSEEN, UID FETCH BODY.PEEK[], UID STORE +FLAGS(.SILENT) \Seen, LOGOUT, on port 0;
//! plain (`imap://`) or TLS from the first byte (`imaps://`, with the certificate in
//! `tls/`, issued for localhost and 127.0.0.1 by the test CA `tls/ca.pem`).

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// The test CA that issued the TLS server's certificate (for `[inbound_imap] ca_file`).
pub fn test_ca_file() -> String {
    format!(
        "{}/tests/api/mail_in/tls/ca.pem",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn tls_acceptor() -> tokio_rustls::TlsAcceptor {
    let dir = format!("{}/tests/api/mail_in/tls", env!("CARGO_MANIFEST_DIR"));
    let certs: Vec<CertificateDer<'static>> =
        CertificateDer::pem_file_iter(format!("{dir}/server.pem"))
            .unwrap()
            .map(|c| c.unwrap())
            .collect();
    let key = PrivateKeyDer::from_pem_file(format!("{dir}/server.key")).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .unwrap();
    tokio_rustls::TlsAcceptor::from(Arc::new(config))
}

#[derive(Clone)]
pub struct Message {
    pub uid: u64,
    pub raw: Vec<u8>,
    pub seen: bool,
}

#[derive(Default)]
pub struct Mailbox {
    pub messages: Vec<Message>,
    /// Every command received, without its tag (LOGIN's password included: test data).
    pub commands: Vec<String>,
}

pub struct ImapServer {
    pub addr: SocketAddr,
    tls: bool,
    /// TCP connections accepted (TLS handshakes attempted, for `imaps://`).
    connections: Arc<AtomicUsize>,
    pub mailbox: Arc<Mutex<Mailbox>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for ImapServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl ImapServer {
    pub async fn start(user: &str, password: &str, messages: Vec<Vec<u8>>) -> ImapServer {
        Self::start_with(user, password, messages, false).await
    }

    /// The same server speaking TLS from the first byte (`imaps://`).
    pub async fn start_tls(user: &str, password: &str, messages: Vec<Vec<u8>>) -> ImapServer {
        Self::start_with(user, password, messages, true).await
    }

    async fn start_with(
        user: &str,
        password: &str,
        messages: Vec<Vec<u8>>,
        tls: bool,
    ) -> ImapServer {
        let acceptor = tls.then(tls_acceptor);
        let connections = Arc::new(AtomicUsize::new(0));
        let accepted = connections.clone();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mailbox = Arc::new(Mutex::new(Mailbox {
            messages: messages
                .into_iter()
                .enumerate()
                .map(|(i, raw)| Message {
                    uid: 100 + i as u64,
                    raw,
                    seen: false,
                })
                .collect(),
            commands: Vec::new(),
        }));
        let shared = mailbox.clone();
        let login = format!("LOGIN \"{user}\" \"{password}\"");
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                accepted.fetch_add(1, Ordering::SeqCst);
                let mailbox = shared.clone();
                let login = login.clone();
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    match acceptor {
                        Some(acceptor) => {
                            if let Ok(stream) = acceptor.accept(stream).await {
                                let _ = serve(stream, mailbox, &login).await;
                            }
                        }
                        None => {
                            let _ = serve(stream, mailbox, &login).await;
                        }
                    }
                });
            }
        });
        ImapServer {
            addr,
            tls,
            connections,
            mailbox,
            task,
        }
    }

    /// `imap://…@127.0.0.1:port/INBOX`, or `imaps://…@localhost:port/INBOX` for the TLS
    /// server (its certificate names localhost).
    pub fn url(&self, user: &str, password: &str) -> String {
        if self.tls {
            format!(
                "imaps://{user}:{password}@localhost:{}/INBOX",
                self.addr.port()
            )
        } else {
            format!("imap://{user}:{password}@{}/INBOX", self.addr)
        }
    }

    pub fn seen(&self) -> Vec<u64> {
        let m = self.mailbox.lock().unwrap();
        m.messages
            .iter()
            .filter(|m| m.seen)
            .map(|m| m.uid)
            .collect()
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    pub fn commands(&self) -> Vec<String> {
        self.mailbox.lock().unwrap().commands.clone()
    }
}

async fn serve<S: AsyncRead + AsyncWrite + Unpin>(
    stream: S,
    mailbox: Arc<Mutex<Mailbox>>,
    login: &str,
) -> std::io::Result<()> {
    let mut io = BufReader::new(stream);
    io.get_mut().write_all(b"* OK test IMAP ready\r\n").await?;
    io.get_mut().flush().await?;
    let mut authenticated = false;
    loop {
        let mut line = String::new();
        if io.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let line = line.trim_end();
        let (tag, cmd) = line.split_once(' ').unwrap_or((line, ""));
        mailbox.lock().unwrap().commands.push(cmd.to_string());
        let upper = cmd.to_ascii_uppercase();
        let mut out: Vec<u8> = Vec::new();
        if upper.starts_with("LOGIN") {
            if cmd == login {
                authenticated = true;
                out.extend(format!("{tag} OK LOGIN completed\r\n").bytes());
            } else {
                out.extend(format!("{tag} NO LOGIN failed\r\n").bytes());
            }
        } else if upper.starts_with("LOGOUT") {
            out.extend(format!("* BYE\r\n{tag} OK LOGOUT completed\r\n").bytes());
            io.get_mut().write_all(&out).await?;
            io.get_mut().flush().await?;
            return Ok(());
        } else if !authenticated {
            out.extend(format!("{tag} NO not authenticated\r\n").bytes());
        } else if upper.starts_with("SELECT") {
            let n = mailbox.lock().unwrap().messages.len();
            out.extend(
                format!("* {n} EXISTS\r\n{tag} OK [READ-WRITE] SELECT completed\r\n").bytes(),
            );
        } else if upper.starts_with("UID SEARCH UNSEEN") {
            let uids: Vec<String> = mailbox
                .lock()
                .unwrap()
                .messages
                .iter()
                .filter(|m| !m.seen)
                .map(|m| m.uid.to_string())
                .collect();
            out.extend(
                format!(
                    "* SEARCH {}\r\n{tag} OK SEARCH completed\r\n",
                    uids.join(" ")
                )
                .bytes(),
            );
        } else if upper.starts_with("UID FETCH") {
            let uid: u64 = cmd
                .split_whitespace()
                .nth(2)
                .and_then(|u| u.parse().ok())
                .unwrap_or(0);
            let found = {
                let m = mailbox.lock().unwrap();
                m.messages
                    .iter()
                    .position(|x| x.uid == uid)
                    .map(|i| (i, m.messages[i].raw.clone()))
            };
            if let Some((i, raw)) = found {
                // BODY.PEEK does not set \Seen.
                out.extend(
                    format!("* {} FETCH (UID {uid} BODY[] {{{}}}\r\n", i + 1, raw.len()).bytes(),
                );
                out.extend(raw);
                out.extend(b")\r\n");
            }
            out.extend(format!("{tag} OK FETCH completed\r\n").bytes());
        } else if upper.starts_with("UID STORE") && upper.contains("\\SEEN") {
            let uid: u64 = cmd
                .split_whitespace()
                .nth(2)
                .and_then(|u| u.parse().ok())
                .unwrap_or(0);
            for m in mailbox.lock().unwrap().messages.iter_mut() {
                if m.uid == uid {
                    m.seen = true;
                }
            }
            out.extend(format!("{tag} OK STORE completed\r\n").bytes());
        } else {
            out.extend(format!("{tag} BAD unknown command\r\n").bytes());
        }
        io.get_mut().write_all(&out).await?;
        io.get_mut().flush().await?;
    }
}
