//! A minimal IMAP4rev1 server for the tests: one mailbox, LOGIN, SELECT, UID SEARCH
//! UNSEEN, UID FETCH BODY.PEEK[], UID STORE +FLAGS(.SILENT) \Seen, LOGOUT, on port 0.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

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
                let mailbox = shared.clone();
                let login = login.clone();
                tokio::spawn(async move {
                    let _ = serve(stream, mailbox, &login).await;
                });
            }
        });
        ImapServer {
            addr,
            mailbox,
            task,
        }
    }

    pub fn url(&self, user: &str, password: &str) -> String {
        format!("imap://{user}:{password}@{}/INBOX", self.addr)
    }

    pub fn seen(&self) -> Vec<u64> {
        let m = self.mailbox.lock().unwrap();
        m.messages
            .iter()
            .filter(|m| m.seen)
            .map(|m| m.uid)
            .collect()
    }

    pub fn commands(&self) -> Vec<String> {
        self.mailbox.lock().unwrap().commands.clone()
    }
}

async fn serve(
    stream: tokio::net::TcpStream,
    mailbox: Arc<Mutex<Mailbox>>,
    login: &str,
) -> std::io::Result<()> {
    let mut io = BufReader::new(stream);
    io.get_mut().write_all(b"* OK test IMAP ready\r\n").await?;
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
    }
}
