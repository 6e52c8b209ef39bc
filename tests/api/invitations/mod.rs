//! Issue 24: invitation links with a source label, personal invitations, the figures by
//! source and their CSV, and the digest's one-click actions. Real HTTP, real SMTP sink,
//! real database (both backends); time moved with `app.clock`.

mod one_click;

use diesel::prelude::*;
use parley::db::models::invitations::{self as inv_models};
use parley::db::schema::{community_members, invitation_uses, outcome_events, users};
use parley::db::{CommunityRole, Visibility};
use reqwest::StatusCode;

use crate::helpers::fixtures::{admin_client, db, path_of, wait_mails_to};
use crate::helpers::forum_fixtures::{ask, reply};
use crate::helpers::{
    assert_see_other, html_attr, CommunityBuilder, TestApp, TestClient, UserBuilder,
};

/// Creates a link on `/c/{slug}/invitations` as `client`; returns its path `/invite/…`.
async fn create_link(
    app: &TestApp,
    client: &TestClient,
    slug: &str,
    fields: &[(&str, &str)],
) -> String {
    let response = client
        .post_form(&format!("/c/{slug}/invitations/links"), fields)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = response.text().await.expect("page");
    let url = html_attr(&page, "input[aria-label='Invitation link']", "value");
    assert_eq!(url.len(), 1, "the new link is shown once: {page}");
    path_of(app, &url[0])
}

/// Signs up through an invitation with the sign-up form's hidden field, as
/// `<username>@example.org`.
async fn sign_up_through(app: &TestApp, invite_path: &str, username: &str) -> reqwest::Response {
    let email = format!("{username}@example.org");
    sign_up_through_as(app, invite_path, username, &email).await
}

/// [`sign_up_through`] with the address `email`.
async fn sign_up_through_as(
    app: &TestApp,
    invite_path: &str,
    username: &str,
    email: &str,
) -> reqwest::Response {
    let token = invite_path.trim_start_matches("/invite/");
    let browser = app.new_client();
    let form = browser
        .get(&format!("/signup?invitation={token}"))
        .await
        .text()
        .await
        .expect("form");
    assert_eq!(
        html_attr(&form, "input[name=invitation]", "value"),
        vec![token.to_string()]
    );
    browser
        .post_form(
            "/signup",
            &[
                ("username", username),
                ("email", email),
                ("password", "a perfectly fine passphrase"),
                ("invitation", token),
            ],
        )
        .await
}

async fn user_exists(app: &TestApp, username: &str) -> bool {
    let name = username.to_string();
    db(app, move |conn| {
        Ok(users::table
            .filter(users::username.eq(name))
            .count()
            .get_result::<i64>(conn)?
            > 0)
    })
    .await
}

async fn role_in(app: &TestApp, username: &str, slug: &str) -> Option<String> {
    let (name, slug) = (username.to_string(), slug.to_string());
    db(app, move |conn| {
        let c = parley::db::models::communities::find_by_slug(conn, &slug)?.expect("community");
        Ok(community_members::table
            .inner_join(users::table.on(users::id.eq(community_members::user_id)))
            .filter(users::username.eq(name))
            .filter(community_members::community_id.eq(c.id))
            .select(community_members::role)
            .first::<String>(conn)
            .optional()?)
    })
    .await
}

async fn source_of(app: &TestApp, username: &str) -> Vec<String> {
    let name = username.to_string();
    db(app, move |conn| {
        Ok(invitation_uses::table
            .inner_join(users::table.on(users::id.eq(invitation_uses::user_id)))
            .filter(users::username.eq(name))
            .filter(invitation_uses::signed_up.eq(true))
            .select(invitation_uses::source)
            .load::<String>(conn)?)
    })
    .await
}

#[tokio::test]
async fn an_invitation_link_records_its_source_and_joins_an_invite_only_sub_community() {
    let app = crate::helpers::spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("vault")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    let link = create_link(&app, &admin, "vault", &[("source", "twitter")]).await;

    let (status, page) = app.new_client().get_html(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Create an account"), "{page}");

    let response = sign_up_through(&app, &link, "tessa").await;
    assert_see_other(&response, "/login?notice=check_email");
    assert_eq!(source_of(&app, "tessa").await, vec!["twitter".to_string()]);
    assert_eq!(
        role_in(&app, "tessa", "vault").await.as_deref(),
        Some("member")
    );
    let events: Vec<(String, String)> = db(&app, |conn| {
        Ok(outcome_events::table
            .filter(outcome_events::kind.eq("invitation_accepted"))
            .select((outcome_events::kind, outcome_events::detail))
            .load(conn)?)
    })
    .await;
    assert_eq!(
        events,
        vec![("invitation_accepted".into(), "twitter".into())]
    );

    // An existing member signed in joins through the link too (no new account).
    let (_, olga) = UserBuilder::new("olga").signed_in(&app).await;
    let (_, page) = olga.get_html(&link).await;
    assert!(page.contains("Join"), "{page}");
    assert_eq!(
        role_in(&app, "olga", "vault").await,
        None,
        "opening the page changes nothing"
    );
    let response = olga.post_form(&link, &[]).await;
    assert_see_other(&response, "/c/vault");
    assert_eq!(
        role_in(&app, "olga", "vault").await.as_deref(),
        Some("member")
    );
}

#[tokio::test]
async fn an_expired_link_is_refused_and_changes_nothing() {
    let app = crate::helpers::spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("open").build(&app, &admin).await;
    let link = create_link(
        &app,
        &admin,
        "open",
        &[("source", "event-paris"), ("expires_in_days", "1")],
    )
    .await;
    app.clock.advance_secs(2 * 86_400);
    let (status, page) = app.new_client().get_html(&link).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(page.contains("expired"), "{page}");
    let response = sign_up_through(&app, &link, "late").await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert!(!user_exists(&app, "late").await, "no account was created");
}

#[tokio::test]
async fn a_use_limit_of_one_refuses_the_second_sign_up() {
    let app = crate::helpers::spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("open").build(&app, &admin).await;
    let link = create_link(
        &app,
        &admin,
        "open",
        &[("source", "linkedin"), ("max_uses", "1")],
    )
    .await;
    // Both at once: the conditional UPDATE lets exactly one through.
    let (a, b) = tokio::join!(
        sign_up_through(&app, &link, "first"),
        sign_up_through(&app, &link, "second")
    );
    let mut statuses = vec![a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, vec![StatusCode::SEE_OTHER, StatusCode::CONFLICT]);
    let created = user_exists(&app, "first").await as u8 + user_exists(&app, "second").await as u8;
    assert_eq!(created, 1, "the refused sign-up created no account");
    let third = sign_up_through(&app, &link, "third").await;
    assert_eq!(third.status(), StatusCode::CONFLICT);
    assert!(!user_exists(&app, "third").await);
    let uses: i64 = db(&app, |conn| {
        Ok(invitation_uses::table.count().get_result(conn)?)
    })
    .await;
    assert_eq!(uses, 1);
}

#[tokio::test]
async fn bad_link_input_is_a_422_with_the_field_and_nothing_is_created() {
    let app = crate::helpers::spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("open").build(&app, &admin).await;
    let response = admin
        .post_form("/c/open/invitations/links", &[("source", "Bad Label")])
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let n: i64 = db(&app, |conn| {
        Ok(parley::db::schema::invitations::table
            .count()
            .get_result(conn)?)
    })
    .await;
    assert_eq!(n, 0);
}

/// An app with the invite-only sub-community `club` and its manager mona, signed in.
async fn club_with_manager() -> (TestApp, TestClient) {
    let app = crate::helpers::spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    let c = CommunityBuilder::new("club")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    let (_, manager) = UserBuilder::new("mona")
        .role_in(&c, CommunityRole::Manager)
        .signed_in(&app)
        .await;
    (app, manager)
}

/// The `/invite/…` path a personal invitation mail carries.
fn invitation_path(app: &TestApp, mail: &crate::helpers::ReceivedMail) -> String {
    let link = mail
        .first_link_with(&format!("{}/invite/", app.address))
        .expect("an invitation link");
    path_of(app, &link)
}

#[tokio::test]
async fn personal_invitations_are_mailed_and_single_use() {
    let (app, manager) = club_with_manager().await;
    let response = manager
        .post_form(
            "/c/club/invitations/personal",
            &[
                ("addresses", "guest@example.net,\nmona@example.com"),
                ("note", "Come and talk widgets."),
                ("source", "newsletter-2026-12"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = response.text().await.expect("page");
    assert!(page.contains("2 invitation(s) queued"), "{page}");
    // An address with an account is mailed as well, and the page does not say so.
    wait_mails_to(&app, "mona@example.com", 1).await;
    let mail = wait_mails_to(&app, "guest@example.net", 1).await.remove(0);
    assert!(mail.text_body().contains("Come and talk widgets."));
    let link = invitation_path(&app, &mail);
    assert_see_other(
        &sign_up_through_as(&app, &link, "guest", "Guest@Example.net").await,
        "/login?notice=check_email",
    );
    assert_eq!(
        source_of(&app, "guest").await,
        vec!["newsletter-2026-12".to_string()]
    );
    assert_eq!(
        role_in(&app, "guest", "club").await.as_deref(),
        Some("member")
    );
    // Nobody else comes in with it afterwards (the address it was mailed to now has an
    // account, so it cannot sign up twice either).
    let again = sign_up_through(&app, &link, "guest2").await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!user_exists(&app, "guest2").await);
    let (_, list) = manager.get_html("/c/club/invitations").await;
    assert!(list.contains("accepted"), "{list}");
}

/// The uses taken of the personal invitation mailed to `address`.
async fn uses_of_invitation_to(app: &TestApp, address: &str) -> i32 {
    use parley::db::schema::invitations;
    let address = address.to_string();
    db(app, move |conn| {
        Ok(invitations::table
            .filter(invitations::email.eq(address))
            .select(invitations::use_count)
            .first::<i32>(conn)?)
    })
    .await
}

#[tokio::test]
async fn a_personal_invitation_lets_in_only_the_address_it_was_mailed_to() {
    let (app, manager) = club_with_manager().await;
    let (_, rita) = UserBuilder::new("rita").signed_in(&app).await;
    let response = manager
        .post_form(
            "/c/club/invitations/personal",
            &[
                ("addresses", "paul@example.net, guest@example.net"),
                ("note", ""),
                ("source", "partners"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let paul_mail = wait_mails_to(&app, "paul@example.net", 1).await.remove(0);
    let guest_mail = wait_mails_to(&app, "guest@example.net", 1).await.remove(0);
    let (paul_link, guest_link) = (
        invitation_path(&app, &paul_mail),
        invitation_path(&app, &guest_mail),
    );
    let refusal = "This invitation was mailed to another address.";

    // Signing up with another address: the form says so beside the address, and no
    // account, membership or use is created.
    let response = sign_up_through_as(&app, &guest_link, "forward", "forward@example.org").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let form = response.text().await.expect("form");
    assert!(form.contains(refusal), "{form}");
    assert!(!user_exists(&app, "forward").await);
    assert_eq!(uses_of_invitation_to(&app, "guest@example.net").await, 0);
    // The address it was mailed to still gets in with it.
    assert_see_other(
        &sign_up_through_as(&app, &guest_link, "guest", "guest@example.net").await,
        "/login?notice=check_email",
    );
    assert_eq!(
        role_in(&app, "guest", "club").await.as_deref(),
        Some("member")
    );
    assert_eq!(uses_of_invitation_to(&app, "guest@example.net").await, 1);

    // A signed-in member with another address is told on the page and refused on join.
    let page = rita.get(&paul_link).await;
    assert_eq!(page.status(), StatusCode::FORBIDDEN);
    assert!(page.text().await.expect("page").contains(refusal));
    let join = rita.post_form(&paul_link, &[]).await;
    assert_eq!(join.status(), StatusCode::CONFLICT);
    assert!(join.text().await.expect("page").contains(refusal));
    assert_eq!(role_in(&app, "rita", "club").await, None);
    assert_eq!(uses_of_invitation_to(&app, "paul@example.net").await, 0);

    // A link (not personal) stays for whoever holds it.
    let open = create_link(&app, &manager, "club", &[("source", "forum")]).await;
    assert_see_other(&rita.post_form(&open, &[]).await, "/c/club");
    assert_eq!(
        role_in(&app, "rita", "club").await.as_deref(),
        Some("member")
    );
}

#[tokio::test]
async fn a_manager_of_one_sub_community_cannot_manage_anothers_invitations() {
    let app = crate::helpers::spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    let a = CommunityBuilder::new("alpha").build(&app, &admin).await;
    CommunityBuilder::new("beta").build(&app, &admin).await;
    let (_, manager) = UserBuilder::new("mia")
        .role_in(&a, CommunityRole::Manager)
        .signed_in(&app)
        .await;
    assert_eq!(
        manager.get("/c/alpha/invitations").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        manager.get("/c/beta/invitations").await.status(),
        StatusCode::NOT_FOUND
    );
    let response = manager
        .post_form("/c/beta/invitations/links", &[("source", "twitter")])
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        manager.get("/c/beta/invitations.csv").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        manager.get("/admin/invitations").await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn figures_by_source_count_sign_ups_posters_and_answerers_and_the_csv_is_neutralised() {
    let app = crate::helpers::spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("open").build(&app, &admin).await;
    let twitter = create_link(&app, &admin, "open", &[("source", "twitter")]).await;
    create_link(&app, &admin, "open", &[("source", "-cmd")]).await;
    // Three members come through twitter: one answers a question, one only asks, one lurks.
    for name in ["ann", "ben", "cat"] {
        assert_see_other(
            &sign_up_through(&app, &twitter, name).await,
            "/login?notice=check_email",
        );
    }
    let (_, asker) = UserBuilder::new("zed").signed_in(&app).await;
    let question = ask(&asker, "open", "How do I reset the widget?").await;
    // Posting needs a confirmed address: confirm ann and ben as the confirmation link would.
    for name in ["ann", "ben"] {
        let n = name.to_string();
        db(&app, move |conn| {
            let u = parley::db::models::users::find_by_username_key(conn, &n)?.expect("user");
            parley::db::models::users::confirm_email(
                conn,
                &u.id,
                parley::db::Timestamp::from_micros(1),
            )?;
            Ok(())
        })
        .await;
    }
    let ann = app.new_client();
    assert_see_other(&ann.login("ann", "a perfectly fine passphrase").await, "/");
    let ben = app.new_client();
    assert_see_other(&ben.login("ben", "a perfectly fine passphrase").await, "/");
    reply(&app, &ann, &question, "Hold the button for ten seconds.").await;
    ask(&ben, "open", "Which widget colour lasts longest?").await;

    let rows: Vec<inv_models::SourceStats> = db(&app, |conn| {
        let c = parley::db::models::communities::find_by_slug(conn, "open")?.expect("c");
        Ok(inv_models::stats(conn, &[c.id])?)
    })
    .await;
    let tw = rows
        .iter()
        .find(|r| r.source == "twitter")
        .expect("twitter row");
    assert_eq!(
        (tw.sent, tw.signups, tw.posters, tw.answerers),
        (1, 3, 2, 1)
    );

    let (status, page) = admin.get_html("/admin/invitations").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<svg"), "a chart");
    assert!(
        page.contains("twitter: 3 sign-ups, 2 posted, 1 answered"),
        "{page}"
    );
    let csv = admin
        .get("/admin/invitations.csv")
        .await
        .text()
        .await
        .expect("csv");
    assert!(csv.contains("\"twitter\",1,3,2,1"), "{csv}");
    assert!(
        csv.contains("\"'-cmd\""),
        "a leading '-' is neutralised: {csv}"
    );
}

#[tokio::test]
async fn invitations_made_sent_and_revoked_are_in_the_audit_log_without_addresses() {
    use crate::helpers::moderation_fixtures::audit_rows;
    let (app, manager) = club_with_manager().await;
    let mona = crate::helpers::forum_fixtures::user_named(&app, "mona").await;
    create_link(&app, &manager, "club", &[("source", "partner-event")]).await;
    let made = audit_rows(&app, "invitation.link_create").await;
    assert_eq!(made.len(), 1);
    assert_eq!(made[0].actor_id.as_ref(), Some(&mona.id));
    assert!(
        made[0].details.contains("partner-event"),
        "{}",
        made[0].details
    );

    let response = manager
        .post_form(
            "/c/club/invitations/personal",
            &[("addresses", "guest@example.net"), ("source", "newsletter")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let sent = audit_rows(&app, "invitation.send").await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].actor_id.as_ref(), Some(&mona.id));
    assert!(sent[0].details.contains("1"), "{}", sent[0].details);
    assert!(
        !sent[0].details.contains("guest@example.net"),
        "the audit log keeps no invitee address: {}",
        sent[0].details
    );

    let link_id = made[0].target_id.clone();
    let response = manager
        .post_form(&format!("/c/club/invitations/{link_id}/revoke"), &[])
        .await;
    assert_see_other(&response, "/c/club/invitations?notice=saved");
    let revoked = audit_rows(&app, "invitation.revoke").await;
    assert_eq!(revoked.len(), 1);
    assert_eq!(revoked[0].target_id, link_id);
    // Revoking it again changes nothing and records nothing.
    let again = manager
        .post_form(&format!("/c/club/invitations/{link_id}/revoke"), &[])
        .await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    assert_eq!(audit_rows(&app, "invitation.revoke").await.len(), 1);
}
