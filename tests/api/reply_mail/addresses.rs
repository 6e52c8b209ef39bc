//! Notification mail about a topic carries the member's reply address in `Reply-To` (as
//! received by a real SMTP server), and none when no reply domain is set.

use parley::db::Language;

use super::{reply_app, scene, scene_on, REPLY_DOMAIN};

#[tokio::test]
async fn notification_mail_carries_a_signed_reply_address_when_a_domain_is_set() {
    let s = scene().await;
    let address = s.address.clone();
    assert!(address.starts_with("reply+"), "{address}");
    assert!(address.ends_with(&format!("@{REPLY_DOMAIN}")), "{address}");
    let local = address.split('@').next().unwrap_or_default();
    assert!(local.len() <= 64, "fits a local part: {local}");
    assert_eq!(local, local.to_lowercase(), "survives MTAs that lowercase");
    assert!(parley::reply_mail::is_reply_address(&s.app.state, &address));
    let text = s.notification.text_body();
    assert!(
        text.starts_with(parley::reply_mail::strip::MARKER),
        "the text starts with the marker line: {text}"
    );
    assert!(text.contains("Reply to this email to post your answer (above this line)"));
}

#[tokio::test]
async fn notification_mail_has_no_reply_to_without_a_reply_domain() {
    let app = reply_app("").await;
    let s = scene_on(app, "widgets", Language::En).await;
    assert!(s.notification.header("Reply-To").is_none());
    assert!(!s
        .notification
        .text_body()
        .contains("Reply to this email to post your answer"));
}
