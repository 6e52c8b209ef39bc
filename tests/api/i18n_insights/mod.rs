//! Issue 21, the second wave's pages: the outcome dashboard, a team's escalation queue,
//! the invitations page and the inbound-mail admin page in French for a member whose
//! own setting (`users.language`) is French, with the figures formatted for French; the
//! same pages still read in English for an English member.

use diesel::prelude::*;
use parley::db::models::inbound_mail::{self, NewInboundMail};
use parley::db::schema::users;
use parley::db::{CommunityRole, InboundMailId, InboundStatus, Language};
use reqwest::StatusCode;

use crate::helpers::fixtures::admin_client;
use crate::helpers::forum_fixtures::{ask, employee, forum_app, member, reply};
use crate::helpers::{grant_role, CommunityBuilder, TestApp, TestClient, UserBuilder};

/// The narrow no-break space French puts between thousands and before `%`.
const NNBSP: char = '\u{202f}';

/// A member whose own language setting is French, signed in (the setting is written
/// before the session exists, so no cached viewer predates it).
async fn french(app: &TestApp, builder: UserBuilder) -> TestClient {
    let user = builder.build(app).await;
    let id = user.id.clone();
    app.state
        .write(move |conn| {
            diesel::update(users::table.find(&id))
                .set(users::language.eq(Some(Language::Fr)))
                .execute(conn)?;
            Ok(())
        })
        .await
        .expect("the member's language is set");
    app.signed_in_client(&user).await
}

async fn page(client: &TestClient, path: &str) -> String {
    let (status, html) = client.get_html(path).await;
    assert_eq!(status, StatusCode::OK, "{path}");
    html
}

fn assert_french(html: &str) {
    assert!(html.contains("<html lang=\"fr\""), "a French page");
}

#[tokio::test]
async fn the_outcome_dashboard_reads_in_french_with_french_figures() {
    let app = forum_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("widgets").build(&app, &admin).await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let q = ask(&ana, "widgets", "Does the W3000 work offline?").await;
    // First reply by someone else after 2 h 20 min.
    app.clock.advance_secs(2 * 3600 + 20 * 60);
    reply(&app, &bob, &q, "Yes, it syncs later.").await;
    crate::outcomes::run_job(&app).await;

    let marie = french(&app, UserBuilder::new("marie").admin()).await;
    let html = page(&marie, "/admin/outcomes").await;
    assert_french(&html);
    assert!(html.contains("Questions posées"), "metric label");
    assert!(html.contains("Délai de première réponse, médiane"));
    assert!(html.contains("2 h 20 min"), "a French duration");
    assert!(html.contains(&format!("100,0{NNBSP}%")) || html.contains(&format!("100{NNBSP}%")));
    assert!(html.contains("Exporter « Résumé » en CSV"));
    assert!(!html.contains("Questions asked"), "no English left");
    // The chart's text alternative too.
    assert!(html.contains("1 posée(s), dont 1 avec réponse en moins de 24 h"));

    // The CSV export is in the reader's language.
    let csv = marie
        .get("/admin/outcomes.csv?table=summary")
        .await
        .text()
        .await
        .expect("csv");
    let rows = crate::outcomes::csv_rows(&csv);
    assert_eq!(rows[0][0], "Indicateur");
    assert_eq!(crate::outcomes::metric(&rows, "Questions posées"), "1");
    assert_eq!(
        crate::outcomes::metric(&rows, "Délai de première réponse, médiane"),
        "2 h 20 min"
    );

    // The English admin reads the same figures as before.
    let html = page(&admin, "/admin/outcomes").await;
    assert!(html.contains("Questions asked"));
    assert!(html.contains("100.0 %"));
    assert!(!html.contains("Questions posées"));
}

#[tokio::test]
async fn a_team_queue_reads_in_french() {
    let app = forum_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("widgets").build(&app, &admin).await;
    crate::escalations::save_team(
        &admin,
        None,
        &[
            ("name", "Billing"),
            ("slug", "billing"),
            ("communities", "widgets"),
        ],
        StatusCode::SEE_OTHER,
    )
    .await;
    let (_, ana) = member(&app, "ana").await;
    let (_, erin) = employee(&app, "erin").await;
    let topic = ask(&ana, "widgets", "I was charged twice this month").await;
    crate::escalations::escalate_ok(&app, &erin, &topic).await;

    let marie = french(&app, UserBuilder::new("marie").admin()).await;
    let html = page(&marie, "/teams/billing").await;
    assert_french(&html);
    assert!(html.contains("Équipe Billing"), "the heading");
    assert!(html.contains("Sous-communauté"));
    assert!(html.contains(">Ouverte<"), "the status, in French");
    assert!(
        html.contains("I was charged twice this month"),
        "user content as is"
    );
    assert!(html.contains("BIL-7"));
    // The opening date in French ("4 déc. 2026"), not ISO.
    let opened = parley::i18n::format::date(parley::i18n::Lang::Fr, app.clock.now());
    assert!(html.contains(&opened), "{opened}");
    assert!(!html.contains(">Topic<") && !html.contains(">Open<"));

    // The topic's escalate page too.
    let html = page(&marie, &format!("/t/{}/escalate", topic.id)).await;
    assert!(html.contains("Historique"));
    assert!(html.contains("Transmettre à nouveau"));

    let html = page(&admin, "/teams/billing").await;
    assert!(html.contains("Billing team") && html.contains(">Open<"));
}

#[tokio::test]
async fn the_invitations_page_reads_in_french() {
    let app = forum_app().await;
    let (_, admin) = admin_client(&app).await;
    let widgets = CommunityBuilder::new("widgets").build(&app, &admin).await;
    let marie = french(&app, UserBuilder::new("marie")).await;
    grant_role(&admin, &widgets, "marie", CommunityRole::Manager).await;

    let html = page(&marie, "/c/widgets/invitations").await;
    assert_french(&html);
    assert!(html.contains("<h1>Invitations à "));
    assert!(html.contains("Créer un lien d’invitation"));
    assert!(html.contains("Libellé de provenance"));
    assert!(html.contains("Aucun lien pour l’instant."));

    // A refusal in the form, in French.
    let r = marie
        .post_form("/c/widgets/invitations/links", &[("source", "Twitter!")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.expect("body");
    assert!(
        html.contains("Utilisez uniquement des lettres minuscules"),
        "{html}"
    );
    let r = marie
        .post_form(
            "/c/widgets/invitations/links",
            &[("source", "twitter"), ("max_uses", "100001")],
        )
        .await;
    let html = r.text().await.expect("body");
    assert!(
        html.contains("Saisissez un nombre entier de 1 à "),
        "{html}"
    );

    // A link, its state and its use count in French.
    let r = marie
        .post_form(
            "/c/widgets/invitations/links",
            &[("source", "twitter"), ("max_uses", "5")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.expect("body");
    assert!(html.contains("Votre nouveau lien d’invitation"));
    assert!(html.contains("0 sur 5"), "uses");
    assert!(html.contains(">active<"));
    assert!(html.contains("Par provenance"), "the figures by source");
    assert!(!html.contains("Create an invitation link"));

    let english = page(&admin, "/c/widgets/invitations").await;
    assert!(english.contains("Create an invitation link"));
    assert!(english.contains("0 of 5"));
}

#[tokio::test]
async fn the_inbound_mail_page_reads_in_french() {
    let app = forum_app().await;
    let now = app.clock.now();
    app.state
        .write(move |conn| {
            let id = InboundMailId::new();
            inbound_mail::insert(
                conn,
                &NewInboundMail {
                    id: &id,
                    received_at: now,
                    source: "smtp",
                    envelope_from: "ana@example.com",
                    recipient: "reply+x@reply.example.com",
                    message_id: "<m1@example.com>",
                    from_header: "Ana <ana@example.com>",
                    subject: "Re: Fences",
                    size_bytes: 1536,
                    raw: b"Subject: Re: Fences\r\n\r\nThanks\r\n",
                    status: InboundStatus::Done,
                    disposition: "refused",
                    reason: "not_a_member",
                    next_attempt_at: now,
                },
            )?;
            Ok(())
        })
        .await
        .expect("a received message");
    let marie = french(&app, UserBuilder::new("marie").admin()).await;
    let html = page(&marie, "/admin/inbound").await;
    assert_french(&html);
    assert!(html.contains("<h1>Courrier entrant</h1>"));
    assert!(html.contains("Traités"), "the filter");
    assert!(html.contains("Adresses en échec"));
    assert!(html.contains(">traité<"), "the status");
    assert!(
        html.contains("refusé: <span data-content>not_a_member</span>"),
        "the outcome (the reason as recorded)"
    );
    assert!(html.contains("1,5 Kio"), "a French size");
    assert!(html.contains("Re: Fences"), "what was received, as is");
    let date = parley::i18n::format::date_time(parley::i18n::Lang::Fr, now);
    assert!(html.contains(&date), "{date}");

    let (_, admin) = admin_client(&app).await;
    let html = page(&admin, "/admin/inbound").await;
    assert!(html.contains("<h1>Inbound mail</h1>") && html.contains("1.5 KiB"));
}
