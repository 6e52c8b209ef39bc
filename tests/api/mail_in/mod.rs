//! Issue 24, inbound mail: a real SMTP client (raw TCP, so every reply code is seen)
//! talks to Parley's own listener bound on port 0; a minimal IMAP server started by the
//! test serves a mailbox; delivery reports mark bouncing addresses.

mod bounces;
mod imap;
mod imap_server;
mod smtp;

use std::net::SocketAddr;

use diesel::prelude::*;
use parley::db::models::inbound_mail::InboundMail;
use parley::db::schema::inbound_mail as inbound_table;
use parley::db::InboundStatus;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use crate::helpers::fixtures::{db, wait_until};
use crate::helpers::{spawn_app_with, TestApp};

pub const REPLY_DOMAIN: &str = "reply.parley.test";

/// An app with the inbound listener on 127.0.0.1:0 and a reply domain.
pub async fn inbound_app_with(configure: impl FnOnce(&mut parley::config::Settings)) -> TestApp {
    spawn_app_with(|s| {
        s.rate_limits.signin_per_ip_per_minute = 10_000;
        s.rate_limits.signin_per_account_per_minute = 10_000;
        s.mail.reply_domain = REPLY_DOMAIN.into();
        s.inbound_smtp.bind = "127.0.0.1:0".into();
        configure(s);
    })
    .await
}

pub async fn inbound_app() -> TestApp {
    inbound_app_with(|_| {}).await
}

pub fn smtp_addr(app: &TestApp) -> SocketAddr {
    app.state
        .inbound
        .smtp_addr()
        .expect("the inbound SMTP listener is bound")
}

/// A raw SMTP client: each command's full reply (multi-line replies joined).
pub struct SmtpClient {
    io: BufReader<TcpStream>,
}

impl SmtpClient {
    pub async fn connect(addr: SocketAddr) -> SmtpClient {
        let stream = TcpStream::connect(addr)
            .await
            .expect("connect to the listener");
        let mut client = SmtpClient {
            io: BufReader::new(stream),
        };
        let greeting = client.reply().await;
        assert!(greeting.starts_with("220"), "greeting: {greeting}");
        client
    }

    async fn reply(&mut self) -> String {
        let mut all = String::new();
        loop {
            let mut line = String::new();
            let n = self.io.read_line(&mut line).await.expect("read reply");
            assert!(n > 0, "the listener closed the connection after: {all}");
            all.push_str(&line);
            if line.len() < 4 || line.as_bytes()[3] != b'-' {
                return all;
            }
        }
    }

    /// Sends a line, returns the reply.
    pub async fn cmd(&mut self, line: &str) -> String {
        self.io
            .get_mut()
            .write_all(format!("{line}\r\n").as_bytes())
            .await
            .expect("write command");
        self.reply().await
    }

    /// Sends the message after `DATA` (dot-stuffed here) and returns the final reply.
    pub async fn data(&mut self, message: &str) -> String {
        let r = self.cmd("DATA").await;
        assert!(r.starts_with("354"), "DATA: {r}");
        let mut body = String::new();
        for line in message.split("\r\n") {
            if line.starts_with('.') {
                body.push('.');
            }
            body.push_str(line);
            body.push_str("\r\n");
        }
        body.push_str(".\r\n");
        self.io
            .get_mut()
            .write_all(body.as_bytes())
            .await
            .expect("write data");
        self.reply().await
    }
}

/// Delivers one message to one recipient; returns the reply to the end of DATA (or the
/// first refusal).
pub async fn deliver(app: &TestApp, from: &str, rcpt: &str, message: &str) -> String {
    let mut c = SmtpClient::connect(smtp_addr(app)).await;
    let r = c.cmd("EHLO relay.example.com").await;
    assert!(r.starts_with("250"), "EHLO: {r}");
    let r = c.cmd(&format!("MAIL FROM:<{from}>")).await;
    assert!(r.starts_with("250"), "MAIL: {r}");
    let r = c.cmd(&format!("RCPT TO:<{rcpt}>")).await;
    if !r.starts_with("250") {
        return r;
    }
    let r = c.data(message).await;
    c.cmd("QUIT").await;
    r
}

/// A plain reply as a mail client writes it.
pub fn reply_message(message_id: &str, body: &str) -> String {
    format!(
        "From: Ana <ana@example.com>\r\n\
         To: reply+token@{REPLY_DOMAIN}\r\n\
         Subject: Re: Fences\r\n\
         Message-ID: <{message_id}>\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         \r\n\
         {body}"
    )
}

/// Every stored inbound message, oldest first.
pub async fn inbound_rows(app: &TestApp) -> Vec<InboundMail> {
    db(app, |conn| {
        Ok(inbound_table::table
            .select(InboundMail::as_select())
            .order((inbound_table::received_at.asc(), inbound_table::id.asc()))
            .load(conn)?)
    })
    .await
}

/// Waits until `n` messages are stored and none is waiting for the worker.
pub async fn settled_rows(app: &TestApp, n: usize) -> Vec<InboundMail> {
    wait_until("the inbound messages are processed", || async {
        let rows = inbound_rows(app).await;
        (rows.len() == n && rows.iter().all(|r| r.status != InboundStatus::Queued)).then_some(rows)
    })
    .await
}
