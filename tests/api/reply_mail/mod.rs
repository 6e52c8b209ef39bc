//! Reply by email (issue 24): a member answers a real notification mail (received by the
//! SMTP sink, its `Reply-To` read from the wire) from a mail client; the reply, built from
//! a fixture of that client's format, is handed to `parley::reply_mail::handle` as the
//! inbound worker does, and appears in the topic as the member with the quote removed,
//! or is refused with an answer that reaches the sink.
//!
//! Fixtures are in `fixtures/` with `{{FROM}}`, `{{TO}}` and `{{MESSAGE_ID}}` filled in
//! by [`message`].

mod addresses;
mod formats;
mod refusals;

use diesel::prelude::*;
use parley::db::models::posts::Post;
use parley::db::models::reply_mail::ReplyResult;
use parley::db::schema::{outbox, posts as posts_table, reply_mail_results};
use parley::db::{Language, TopicId};
use parley::reply_mail::{Disposition, Inbound};

use crate::helpers::fixtures::{admin_client, db, find_community, wait_until};
use crate::helpers::forum_fixtures::{ask, member, reply, TopicRef};
use crate::helpers::{
    spawn_app_with, CommunityBuilder, ReceivedMail, TestApp, TestClient, TestUser,
};

pub const REPLY_DOMAIN: &str = "reply.example.com";
pub const QUESTION: &str = "How do I reset the sync agent?";
pub const BOB_ANSWER: &str = "Try restarting the sync agent from the tray icon.";

/// A member (ana) asked a question, bob answered, and ana received the notification
/// mail with its reply address.
pub struct Scene {
    pub app: TestApp,
    pub admin: TestClient,
    pub ana: TestUser,
    pub bob: TestClient,
    pub topic: TopicRef,
    /// The notification mail as the sink received it.
    pub notification: ReceivedMail,
    /// Its `Reply-To` address.
    pub address: String,
}

pub async fn reply_app(domain: &str) -> TestApp {
    let domain = domain.to_string();
    spawn_app_with(move |s| {
        s.rate_limits.signin_per_ip_per_minute = 10_000;
        s.rate_limits.signin_per_account_per_minute = 10_000;
        s.mail.reply_domain = domain;
        // The inbound listener (issue 24's other half), for the end-to-end delivery.
        s.inbound_smtp.bind = "127.0.0.1:0".into();
    })
    .await
}

/// The scene in a new sub-community `slug` (French when `language` is `Fr`).
pub async fn scene_in(slug: &str, language: Language) -> Scene {
    let app = reply_app(REPLY_DOMAIN).await;
    scene_on(app, slug, language).await
}

pub async fn scene() -> Scene {
    scene_in("widgets", Language::En).await
}

pub async fn scene_on(app: TestApp, slug: &str, language: Language) -> Scene {
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new(slug).build(&app, &admin).await;
    if language == Language::Fr {
        let c = find_community(&app, slug).await.expect("community");
        app.state
            .write(move |conn| {
                Ok(parley::db::models::communities::set_content_settings(
                    conn,
                    &c.id,
                    Language::Fr,
                    c.wiki_min_reputation,
                )?)
            })
            .await
            .expect("French sub-community");
    }
    let (ana, ana_browser) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let topic = ask(&ana_browser, slug, QUESTION).await;
    reply(&app, &bob, &topic, BOB_ANSWER).await;
    app.clock
        .advance_secs(app.settings().notifications.batch_secs + 1);
    let notification = wait_until("the reply notification reaches ana", || async {
        app.mail
            .messages_to(&ana.email)
            .into_iter()
            .find(|m| m.subject().contains(QUESTION))
    })
    .await;
    let address = notification
        .header("Reply-To")
        .map(|v| bare_address(&v))
        .unwrap_or_default();
    Scene {
        app,
        admin,
        ana,
        bob,
        topic,
        notification,
        address,
    }
}

/// `Name <a@b>` or `a@b` → `a@b`.
pub fn bare_address(value: &str) -> String {
    match (value.find('<'), value.rfind('>')) {
        (Some(a), Some(b)) if a < b => value[a + 1..b].trim().to_string(),
        _ => value.trim().to_string(),
    }
}

/// A raw message from a fixture, with a fresh Message-ID; CRLF line endings as on the
/// wire.
pub fn message(fixture: &str, from: &str, to: &str) -> Vec<u8> {
    let id = format!("{}@mail.example.com", uuid::Uuid::now_v7().simple());
    fixture
        .replace("{{FROM}}", from)
        .replace("{{TO}}", to)
        .replace("{{MESSAGE_ID}}", &id)
        .replace("\r\n", "\n")
        .replace('\n', "\r\n")
        .into_bytes()
}

/// Hands a received message to Parley as the inbound worker does.
pub async fn deliver(app: &TestApp, sender: &str, recipient: &str, raw: &[u8]) -> Disposition {
    let id = uuid::Uuid::now_v7().to_string();
    let inbound = Inbound {
        id: &id,
        recipient,
        sender,
        raw,
    };
    parley::reply_mail::handle(&app.state, &inbound)
        .await
        .unwrap_or_else(|e| panic!("handle failed: {e:?}"))
}

/// Delivers `raw` the way a relay would: over SMTP to Parley's inbound listener, which
/// stores it and lets its worker call `handle`.
pub async fn deliver_through_listener(app: &TestApp, sender: &str, recipient: &str, raw: &[u8]) {
    use lettre::address::Envelope;
    use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
    // The listener's bound address (it was asked for port 0).
    let addr = app
        .state
        .inbound
        .smtp_addr()
        .expect("the inbound SMTP listener is bound");
    let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(addr.ip().to_string())
        .port(addr.port())
        .build();
    let from = (!sender.is_empty()).then(|| sender.parse().expect("sender"));
    let envelope =
        Envelope::new(from, vec![recipient.parse().expect("recipient")]).expect("envelope");
    transport
        .send_raw(&envelope, raw)
        .await
        .expect("the listener accepts the message");
}

/// The posts of the topic, in order.
pub async fn posts_of(app: &TestApp, topic: &TopicRef) -> Vec<Post> {
    let id = TopicId::parse(&topic.id).expect("topic id");
    db(app, move |conn| {
        Ok(posts_table::table
            .filter(posts_table::topic_id.eq(&id))
            .order(posts_table::post_number.asc())
            .select(Post::as_select())
            .load(conn)?)
    })
    .await
}

/// Outbox rows of refusal answers (any status) to `address`.
pub async fn answers_queued_to(app: &TestApp, address: &str) -> i64 {
    let address = address.to_string();
    db(app, move |conn| {
        Ok(outbox::table
            .filter(outbox::kind.eq("reply_mail_answer"))
            .filter(outbox::recipient.eq(address))
            .count()
            .get_result(conn)?)
    })
    .await
}

/// The answer mail that reached `address` with a subject starting with `subject`.
pub async fn answer_to(app: &TestApp, address: &str, subject: &str) -> ReceivedMail {
    wait_until(
        &format!("an answer {subject:?} reaches {address}"),
        || async {
            app.mail
                .messages_to(address)
                .into_iter()
                .find(|m| m.subject().starts_with(subject))
        },
    )
    .await
}

/// What was recorded for every message handled.
pub async fn results(app: &TestApp) -> Vec<ReplyResult> {
    db(app, |conn| {
        Ok(reply_mail_results::table
            .select(ReplyResult::as_select())
            .load(conn)?)
    })
    .await
}
