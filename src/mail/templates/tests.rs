//! Every template renders in both languages from `mail.ftl`, with plurals and dates for
//! the language.

use super::*;
use crate::db::{DigestFrequency, Timestamp};

fn brand() -> SiteSettings {
    SiteSettings {
        site_name: "Contoso Hub".into(),
        ..SiteSettings::defaults(Timestamp::from_micros(0))
    }
}

fn links() -> MailFooterLinks<'static> {
    MailFooterLinks {
        reason: "why",
        preferences: "https://x/prefs",
        unsubscribe: "https://x/unsub",
        unsubscribe_label: "label",
    }
}

fn item(replies: i32) -> DigestItem {
    DigestItem {
        actions: Vec::new(),
        title: "Kites".into(),
        community: "Town".into(),
        link: "https://x/t/1".into(),
        replies,
    }
}

#[test]
fn account_mail_is_written_in_the_language_asked_for() {
    let en = confirm_email(&brand(), Lang::En, "a@x", "ana", "https://x/confirm/1");
    assert_eq!(en.subject, "Confirm your email for Contoso Hub");
    assert!(en.text.starts_with("Hello ana,\n\n"), "{}", en.text);
    assert!(en.html.contains("lang=\"en\""));
    let fr = confirm_email(&brand(), Lang::Fr, "a@x", "ana", "https://x/confirm/1");
    assert_eq!(
        fr.subject,
        "Confirmez votre adresse e-mail pour Contoso Hub"
    );
    assert!(fr.text.starts_with("Bonjour ana,\n\n"), "{}", fr.text);
    assert!(fr.text.contains("https://x/confirm/1"));
    assert!(fr.html.contains("lang=\"fr\"") && fr.html.contains("Confirmer mon adresse"));
    let reset = reset_password(&brand(), Lang::Fr, "a@x", "ana", "https://x/r");
    assert!(reset.subject.contains("mot de passe"), "{}", reset.subject);
}

#[test]
fn suspension_dates_follow_the_language() {
    let at = Timestamp::from_micros(1_796_220_300_000_000); // 2026-12-02 14:05 UTC
    let fr = account_suspended(&brand(), Lang::Fr, "a@x", "ana", Some(at), "spam");
    assert!(fr.text.contains("2 déc. 2026 à 14:05 UTC"), "{}", fr.text);
    assert!(fr.text.contains("Motif : spam"), "{}", fr.text);
    let en = account_suspended(&brand(), Lang::En, "a@x", "ana", Some(at), "spam");
    assert!(en.text.contains("Dec 2, 2026, 14:05 UTC"), "{}", en.text);
    let ban = account_suspended(&brand(), Lang::En, "a@x", "ana", None, "spam");
    assert_eq!(ban.subject, "Your Contoso Hub account is banned");
}

#[test]
fn digest_plurals_come_from_fluent_selectors() {
    let en = digest(
        &brand(),
        Lang::En,
        "a@x",
        DigestFrequency::Weekly,
        &[item(1), item(3)],
        &[],
        &links(),
    );
    assert_eq!(en.subject, "Your weekly digest from Contoso Hub");
    assert!(
        en.text.contains("(1 reply)") && en.text.contains("(3 replies)"),
        "{}",
        en.text
    );
    let fr = digest(
        &brand(),
        Lang::Fr,
        "a@x",
        DigestFrequency::Daily,
        &[item(0), item(1234)],
        &[],
        &links(),
    );
    assert_eq!(fr.subject, "Votre résumé quotidien de Contoso Hub");
    assert!(fr.text.contains("(0 réponse)"), "{}", fr.text);
    assert!(fr.text.contains("(1\u{202f}234 réponses)"), "{}", fr.text);
    assert!(fr.text.contains("Les plus actifs"), "{}", fr.text);
}

#[test]
fn notification_mail_frames_user_text_in_the_recipients_language() {
    let head = NotificationHead {
        community: "Town",
        topic_title: "Kites",
        summary: "2 nouvelles réponses dans ce sujet",
    };
    let lines = [NotificationLine {
        line: "bob a répondu".into(),
        excerpt: "Paper kites fly.".into(),
        link: "https://x/p/1".into(),
    }];
    let fr = notification(&brand(), Lang::Fr, "a@x", &head, &lines, &links());
    assert_eq!(fr.subject, "[Town] Kites");
    assert!(
        fr.text.contains("Lire le message : https://x/p/1"),
        "{}",
        fr.text
    );
    assert!(fr.text.contains("Se désabonner : label"), "{}", fr.text);
    assert!(fr.html.contains("Voir le message"), "{}", fr.html);
    assert!(fr.text.contains("> Paper kites fly."));
}
