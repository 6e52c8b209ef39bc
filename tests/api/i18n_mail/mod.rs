//! Issue 21: mail is written in the RECIPIENT's language, whoever triggered it: their
//! own setting (`users.language`), then the default of the sub-community the mail is
//! about, then the deployment's default. Checked on what reaches the real SMTP sink.

use diesel::prelude::*;
use parley::db::schema::{site_settings, users};
use parley::db::{Language, UserId};

use crate::helpers::fixtures::{admin_client, find_community, wait_mails_to, wait_until};
use crate::helpers::forum_fixtures::{ask, member, reply};
use crate::helpers::{
    assert_see_other, spawn_app_with, CommunityBuilder, ReceivedMail, TestApp, TestClient,
};

/// A test app whose sign-in limits allow a whole cast from one address.
async fn mail_app() -> TestApp {
    spawn_app_with(|s| {
        s.rate_limits.signin_per_ip_per_minute = 10_000;
        s.rate_limits.signin_per_account_per_minute = 10_000;
    })
    .await
}

/// Sets (or clears) a member's own language, as `/settings/profile` stores it.
async fn set_member_language(app: &TestApp, user: &UserId, lang: Option<&'static str>) {
    let id = user.to_string();
    app.state
        .write(move |conn| {
            Ok(diesel::update(users::table.filter(users::id.eq(&id)))
                .set(users::language.eq(lang))
                .execute(conn)?)
        })
        .await
        .expect("set the member's language");
}

async fn set_deployment_language(app: &TestApp, lang: &'static str) {
    app.state
        .write(move |conn| {
            Ok(diesel::update(site_settings::table)
                .set(site_settings::default_language.eq(lang))
                .execute(conn)?)
        })
        .await
        .expect("set the deployment's language");
}

async fn french_community(app: &TestApp, admin: &TestClient, slug: &str) {
    CommunityBuilder::new(slug).build(app, admin).await;
    let c = find_community(app, slug).await.expect("community");
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
        .expect("make the sub-community French");
}

/// The first mail to `address` whose text contains `needle`, once it arrives.
async fn mail_containing(app: &TestApp, address: &str, needle: &str) -> ReceivedMail {
    wait_until(&format!("a mail to {address} with {needle}"), || async {
        app.mail
            .messages_to(address)
            .into_iter()
            .find(|m| m.text_body().contains(needle))
    })
    .await
}

fn pass_batch_window(app: &TestApp) {
    app.clock
        .advance_secs(app.settings().notifications.batch_secs + 1);
}

fn assert_french_notification(mail: &ReceivedMail, actor: &str, title: &str) {
    let (subject, text, html) = (mail.subject(), mail.text_body(), mail.html_body());
    assert!(subject.contains(title), "subject {subject:?}");
    assert!(
        text.contains(&format!("{actor} a répondu à votre question")),
        "{text}"
    );
    assert!(text.contains("1 nouvelle réponse dans ce sujet"), "{text}");
    assert!(text.contains("Lire le message : "), "{text}");
    assert!(text.contains("Se désabonner : "), "{text}");
    assert!(!text.contains("Read it:"), "English left in:\n{text}");
    assert!(html.contains("lang=\"fr\"") && html.contains("Voir le message"));
}

fn assert_english_notification(mail: &ReceivedMail, actor: &str, title: &str) {
    let (subject, text) = (mail.subject(), mail.text_body());
    assert!(subject.contains(title), "subject {subject:?}");
    assert!(
        text.contains(&format!("{actor} answered your question")),
        "{text}"
    );
    assert!(text.contains("1 new reply in this topic"), "{text}");
    assert!(text.contains("Read it: "), "{text}");
    assert!(!text.contains("Lire le message"), "French in:\n{text}");
    assert!(mail.html_body().contains("lang=\"en\""));
}

#[tokio::test]
async fn french_member_gets_french_mail_and_digest_about_an_english_topic_by_an_english_member() {
    let app = mail_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("town").build(&app, &admin).await;
    let (ana, ana_browser) = member(&app, "ana").await;
    let (bob, bob_browser) = member(&app, "bob").await;
    set_member_language(&app, &ana.id, Some("fr")).await;
    set_member_language(&app, &bob.id, Some("en")).await;

    let question = ask(&ana_browser, "town", "How do kites fly?").await;
    reply(&app, &bob_browser, &question, "With wind and string.").await;
    pass_batch_window(&app);
    let mails = wait_mails_to(&app, &ana.email, 1).await;
    assert_french_notification(&mails[0], "bob", "How do kites fly?");
    assert!(mails[0].text_body().contains("With wind and string."));

    // The daily digest, switched on now, covers what happens next.
    let response = ana_browser
        .post_form(
            "/settings/notifications",
            &[
                ("mail_replies", "on"),
                ("mail_mentions", "on"),
                ("mail_watching", "on"),
                ("mail_updates", "on"),
                ("digest", "daily"),
            ],
        )
        .await;
    assert!(response.status().is_redirection(), "{}", response.status());
    app.clock.advance_secs(1);
    let other = ask(&bob_browser, "town", "Which string is strongest?").await;
    reply(&app, &ana_browser, &other, "Braided nylon, I think.").await;
    app.clock.advance_secs(86_400);
    let digest = wait_until("ana's daily digest", || async {
        app.mail
            .messages_to(&ana.email)
            .into_iter()
            .find(|m| m.subject().contains("résumé"))
    })
    .await;
    assert_eq!(digest.subject(), "Votre résumé quotidien de Parley");
    let text = digest.text_body();
    assert!(text.contains("Which string is strongest?"), "{text}");
    assert!(text.contains("(1 réponse)"), "{text}");
    assert!(
        text.contains("Vous recevez ce résumé parce que vous l'avez demandé."),
        "{text}"
    );
    assert!(!text.contains("Most active"), "{text}");
}

#[tokio::test]
async fn in_a_french_sub_community_the_members_own_setting_wins_and_no_setting_gets_french() {
    let app = mail_app().await;
    let (_, admin) = admin_client(&app).await;
    french_community(&app, &admin, "ville").await;
    let (eve, eve_browser) = member(&app, "eve").await;
    let (carl, carl_browser) = member(&app, "carl").await;
    let (_, bob_browser) = member(&app, "bob").await;
    set_member_language(&app, &eve.id, Some("en")).await;

    let eve_q = ask(&eve_browser, "ville", "Où acheter du pain ?").await;
    let carl_q = ask(&carl_browser, "ville", "Quel marché le dimanche ?").await;
    reply(&app, &bob_browser, &eve_q, "À la boulangerie du coin.").await;
    reply(&app, &bob_browser, &carl_q, "Celui de la place.").await;
    pass_batch_window(&app);

    let to_eve = wait_mails_to(&app, &eve.email, 1).await;
    assert_english_notification(&to_eve[0], "bob", "Où acheter du pain ?");
    let to_carl = wait_mails_to(&app, &carl.email, 1).await;
    assert_french_notification(&to_carl[0], "bob", "Quel marché le dimanche ?");
}

#[tokio::test]
async fn without_a_setting_or_a_sub_community_the_deployment_default_decides() {
    let app = mail_app().await;
    let (_, _admin) = admin_client(&app).await;
    let (dan, _) = member(&app, "dan").await;
    let (ivy, _) = member(&app, "ivy").await;
    set_member_language(&app, &ivy.id, Some("en")).await;
    set_deployment_language(&app, "fr").await;

    for who in [&dan, &ivy] {
        let response = app
            .new_client()
            .post_form("/password/reset", &[("email", who.email.as_str())])
            .await;
        assert_see_other(&response, "/login?notice=reset_sent");
    }
    let to_dan = mail_containing(&app, &dan.email, "/password/reset/").await;
    assert_eq!(to_dan.subject(), "Réinitialisez votre mot de passe Parley");
    assert!(
        to_dan.text_body().starts_with("Bonjour dan,"),
        "{}",
        to_dan.text_body()
    );
    let to_ivy = mail_containing(&app, &ivy.email, "/password/reset/").await;
    assert_eq!(to_ivy.subject(), "Reset your Parley password");
}

#[tokio::test]
async fn a_reply_by_email_refusal_is_written_in_the_senders_language() {
    // An English sub-community: only ana's own setting makes the answer French.
    let s = crate::reply_mail::scene().await;
    set_member_language(&s.app, &s.ana.id, Some("fr")).await;
    let made_up = format!(
        "reply+{}@{}",
        "a".repeat(40),
        crate::reply_mail::REPLY_DOMAIN
    );
    let raw = crate::reply_mail::message(
        include_str!("../reply_mail/fixtures/gmail.eml"),
        &s.ana.email,
        &made_up,
    );
    crate::reply_mail::deliver(&s.app, &s.ana.email, &made_up, &raw).await;
    let answer =
        crate::reply_mail::answer_to(&s.app, &s.ana.email, "Votre réponse n'a pas été publiée")
            .await;
    let text = answer.text_body();
    assert!(
        text.contains("Cette adresse de réponse n'est pas valide"),
        "{text}"
    );
    assert!(!text.contains("This reply address"), "{text}");
}
