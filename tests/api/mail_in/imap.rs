//! IMAP polling: unseen messages are stored, then (and only then) flagged \Seen, and not
//! fetched again.

use parley::db::InboundStatus;

use super::imap_server::ImapServer;
use super::{inbound_app_with, inbound_rows, reply_message, settled_rows, REPLY_DOMAIN};
use crate::helpers::fixtures::wait_until;

#[tokio::test]
async fn imap_polling_stores_unseen_messages_then_marks_them_seen() {
    let first = reply_message("i1@mail.example.com", "First reply.\r\n").replace(
        &format!("reply+token@{REPLY_DOMAIN}"),
        &format!("reply+one@{REPLY_DOMAIN}"),
    );
    let second =
        format!("Delivered-To: reply+two@{REPLY_DOMAIN}\r\nReturn-Path: <bea@example.com>\r\n")
            + &reply_message("i2@mail.example.com", "Second reply.\r\n");
    let server = ImapServer::start(
        "parley@corp",
        "s3cret",
        vec![first.into_bytes(), second.into_bytes()],
    )
    .await;
    let url = server.url("parley%40corp", "s3cret");
    let app = inbound_app_with(move |s| {
        s.inbound_smtp.bind = String::new();
        s.inbound_imap.url = url;
        s.inbound_imap.poll_interval_secs = 1;
    })
    .await;

    let rows = settled_rows(&app, 2).await;
    let mut recipients: Vec<_> = rows.iter().map(|r| r.recipient.clone()).collect();
    recipients.sort();
    assert_eq!(
        recipients,
        vec![
            format!("reply+one@{REPLY_DOMAIN}"),
            format!("reply+two@{REPLY_DOMAIN}")
        ]
    );
    assert!(rows.iter().all(|r| r.source == "imap"));
    assert!(rows
        .iter()
        .all(|r| r.status == InboundStatus::Done && r.attempts == 1));
    let bea = rows
        .iter()
        .find(|r| r.message_id == "i2@mail.example.com")
        .unwrap();
    assert_eq!(bea.envelope_from, "bea@example.com");

    wait_until("both messages are flagged seen", || async {
        (server.seen().len() == 2).then_some(())
    })
    .await;
    // A later poll finds nothing unseen and stores nothing more.
    let polls = |cmds: &[String]| cmds.iter().filter(|c| c.starts_with("UID SEARCH")).count();
    let before = polls(&server.commands());
    wait_until("another poll ran", || async {
        (polls(&server.commands()) > before + 1).then_some(())
    })
    .await;
    assert_eq!(inbound_rows(&app).await.len(), 2);
    let fetches = server
        .commands()
        .iter()
        .filter(|c| c.starts_with("UID FETCH"))
        .count();
    assert_eq!(fetches, 2, "each message fetched once");
    // Every STORE came after its FETCH (stored first, then marked).
    let cmds = server.commands();
    for uid in [100, 101] {
        let fetch = cmds
            .iter()
            .position(|c| c.starts_with(&format!("UID FETCH {uid} ")))
            .unwrap();
        let store = cmds
            .iter()
            .position(|c| c.starts_with(&format!("UID STORE {uid} ")))
            .unwrap();
        assert!(fetch < store);
    }
}

#[tokio::test]
async fn imaps_polling_checks_the_servers_certificate() {
    let message = reply_message("t1@mail.example.com", "Over TLS.\r\n");
    // Trusted through `[inbound_imap] ca_file` (the test CA): fetched and flagged seen.
    let server =
        ImapServer::start_tls("parley", "s3cret", vec![message.clone().into_bytes()]).await;
    let url = server.url("parley", "s3cret");
    assert!(url.starts_with("imaps://"));
    let app = inbound_app_with(move |s| {
        s.inbound_smtp.bind = String::new();
        s.inbound_imap.url = url;
        s.inbound_imap.ca_file = super::imap_server::test_ca_file();
        s.inbound_imap.poll_interval_secs = 1;
    })
    .await;
    let rows = settled_rows(&app, 1).await;
    assert_eq!(rows[0].message_id, "t1@mail.example.com");
    assert_eq!(rows[0].source, "imap");
    wait_until("the message is flagged seen", || async {
        (server.seen().len() == 1).then_some(())
    })
    .await;

    // Without the CA the certificate is not trusted: the handshake fails before LOGIN,
    // nothing is fetched, and nothing is stored.
    let untrusted = ImapServer::start_tls("parley", "s3cret", vec![message.into_bytes()]).await;
    let url = untrusted.url("parley", "s3cret");
    let app = inbound_app_with(move |s| {
        s.inbound_smtp.bind = String::new();
        s.inbound_imap.url = url;
        s.inbound_imap.poll_interval_secs = 1;
    })
    .await;
    // Two polls have connected (each one fails at the handshake).
    wait_until("two polls tried", || async {
        (untrusted.connections() >= 2).then_some(())
    })
    .await;
    assert!(
        untrusted.commands().is_empty(),
        "no command over an untrusted connection"
    );
    assert!(inbound_rows(&app).await.is_empty());
}
