//! Token kinds and limits on `/api/v1`: service tokens made by admins (`/admin/tokens`,
//! `parley token create --service`), tokens limited to several sub-communities,
//! anonymous API reads, and the guardian's answers for a token's grant. Both databases.

use parley::auth::{Guardian, TokenGrant, Viewer};
use parley::db::models::communities::{self, Community};
use parley::db::models::users;
use parley::db::{ApiTokenId, ApiTokenKind, Scope, UserId};
use parley::error::AppError;
use reqwest::header::AUTHORIZATION;
use reqwest::StatusCode;

use crate::helpers::cli::{output_text, run_parley};
use crate::helpers::fixtures::{admin_client, db, find_community};
use crate::helpers::{html_attr, html_select, spawn_app, CommunityBuilder, TestApp, UserBuilder};
use crate::tokens::{assert_problem, create_token, me, tokens_of};

/// Creates a service token on `/admin/tokens`; returns the secret shown once.
async fn create_service_token(
    admin: &crate::helpers::TestClient,
    fields: &[(&str, &str)],
) -> String {
    let response = admin.post_form("/admin/tokens", fields).await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "creating a service token"
    );
    let html = response.text().await.expect("body");
    let secret = html_attr(&html, "input#token-secret", "value")
        .pop()
        .unwrap_or_else(|| panic!("no secret on the result page:\n{html}"));
    assert!(secret.starts_with("parley_svc_"), "{secret}");
    assert_eq!(secret.len(), "parley_svc_".len() + 64, "{secret}");
    secret
}

/// `member` as read from the database now, without a token.
async fn member_viewer(app: &TestApp, member: &UserId) -> Viewer {
    let (id, now) = (member.clone(), app.clock.now());
    let (user, memberships) = db(app, move |conn| {
        let user = users::find(conn, &id)?.expect("member");
        Ok((user, communities::memberships_of(conn, &id)?))
    })
    .await;
    Viewer::of_member(user, memberships, now)
}

/// `member` acting through a token of `kind` with `scopes`, limited to `limited`.
async fn viewer_with_grant(
    app: &TestApp,
    member: &UserId,
    kind: ApiTokenKind,
    scopes: Vec<Scope>,
    limited: &[&Community],
) -> Viewer {
    member_viewer(app, member).await.with_grant(TokenGrant {
        token_id: ApiTokenId::new(),
        kind,
        scopes,
        communities: limited.iter().map(|c| c.id.clone()).collect(),
    })
}

#[tokio::test]
async fn service_token_made_by_an_admin_acts_as_that_admin_and_is_listed_with_every_token() {
    let app = spawn_app().await;
    let (chief, admin) = admin_client(&app).await;
    CommunityBuilder::new("widgets").build(&app, &admin).await;
    CommunityBuilder::new("gadgets").build(&app, &admin).await;
    let (ana, ana_browser) = UserBuilder::new("ana").signed_in(&app).await;
    let personal = create_token(
        &ana_browser,
        &[("name", "ana's script"), ("scopes", "users:read")],
    )
    .await;

    // Members may not see the page or make service tokens.
    assert_eq!(
        ana_browser.get("/admin/tokens").await.status(),
        StatusCode::FORBIDDEN
    );
    let response = ana_browser
        .post_form("/admin/tokens", &[("name", "x"), ("scopes", "users:read")])
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(tokens_of(&app, &ana.id).await.len() == 1);

    let secret = create_service_token(
        &admin,
        &[
            ("name", "CRM"),
            ("scopes", "users:read"),
            ("scopes", "topics:read"),
            ("community", "widgets"),
            ("community", "gadgets"),
            ("expires_days", "30"),
        ],
    )
    .await;
    let response = me(&app, Some(&secret)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(body["username"], "chief");
    assert_eq!(body["token_kind"], "service");
    let mut limited: Vec<String> = body["communities"]
        .as_array()
        .expect("communities")
        .iter()
        .map(|c| c.as_str().unwrap_or_default().to_string())
        .collect();
    limited.sort();
    assert_eq!(limited, ["gadgets", "widgets"]);
    assert_eq!(
        body["community"],
        serde_json::Value::Null,
        "two limits, no single one"
    );

    // The admins' list shows every member's token with its owner, kind and limits.
    let (status, html) = admin.get_html("/admin/tokens").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains(&secret) && !html.contains(&personal));
    let kinds = html_select(&html, "tr.token-row td.kind");
    assert_eq!(kinds.len(), 2, "{html}");
    assert!(kinds.contains(&"service".to_string()) && kinds.contains(&"personal".to_string()));
    assert!(html.contains("Group gadgets, Group widgets"), "{html}");
    assert!(
        html.contains("/u/ana") && html.contains("/u/chief"),
        "{html}"
    );
    assert!(html.contains("127.0.0.1"), "last address shown: {html}");
    let (_, audit) = admin.get_html("/admin/audit").await;
    assert!(audit.contains("api_token.create"), "{audit}");

    // An admin revokes a member's personal token, and the service token.
    let personal_id = tokens_of(&app, &ana.id).await[0].id.clone();
    let response = admin
        .post_form(&format!("/admin/tokens/{personal_id}/revoke"), &[])
        .await;
    crate::helpers::assert_see_other(&response, "/admin/tokens?notice=token_revoked");
    assert_problem(
        me(&app, Some(&personal)).await,
        StatusCode::UNAUTHORIZED,
        "sign_in_required",
    )
    .await;
    let service_id = tokens_of(&app, &chief.id).await[0].id.clone();
    // A member cannot revoke it through their own settings page.
    let path = format!("/settings/tokens/{service_id}/revoke");
    assert_eq!(
        ana_browser.post_form(&path, &[]).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(me(&app, Some(&secret)).await.status(), StatusCode::OK);
    admin
        .post_form(&format!("/admin/tokens/{service_id}/revoke"), &[])
        .await;
    let (_, audit) = admin.get_html("/admin/audit").await;
    assert!(audit.contains("api_token.revoke"), "{audit}");
    assert_problem(
        me(&app, Some(&secret)).await,
        StatusCode::UNAUTHORIZED,
        "sign_in_required",
    )
    .await;
}

#[tokio::test]
async fn suspending_the_admin_who_owns_a_service_token_makes_it_401_at_once() {
    let app = spawn_app().await;
    let (chief, admin) = admin_client(&app).await;
    let secret = create_service_token(&admin, &[("name", "bot"), ("scopes", "users:read")]).await;
    assert_eq!(me(&app, Some(&secret)).await.status(), StatusCode::OK);
    let (id, now) = (chief.id.clone(), app.clock.now());
    db(&app, move |conn| {
        Ok(users::set_suspension(
            conn,
            &id,
            Some(now.plus_secs(60)),
            Some("test"),
            now,
        )?)
    })
    .await;
    assert_problem(
        me(&app, Some(&secret)).await,
        StatusCode::UNAUTHORIZED,
        "sign_in_required",
    )
    .await;
}

#[tokio::test]
async fn cli_makes_service_tokens_for_admins_only_and_takes_several_sub_communities() {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("widgets").build(&app, &admin).await;
    CommunityBuilder::new("gadgets").build(&app, &admin).await;
    CommunityBuilder::new("tools").build(&app, &admin).await;
    UserBuilder::new("ana").build(&app).await;
    let url = app.settings().database_url.clone();
    let args = |user: &'static str| {
        vec![
            "token",
            "create",
            "--user",
            user,
            "--name",
            "Desk",
            "--scopes",
            "users:read",
            "--community",
            "widgets,gadgets",
            "--community",
            "tools",
            "--service",
        ]
    };

    let output = run_parley(app.data_dir(), Some(&url), &args("ana"), "").await;
    assert!(!output.status.success(), "{}", output_text(&output));

    let output = run_parley(app.data_dir(), Some(&url), &args("chief"), "").await;
    assert!(output.status.success(), "{}", output_text(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let secret = stdout
        .split_whitespace()
        .find(|w| w.starts_with("parley_svc_"))
        .unwrap_or_else(|| panic!("{}", output_text(&output)))
        .to_string();
    let body: serde_json::Value = me(&app, Some(&secret)).await.json().await.expect("JSON");
    assert_eq!(body["token_kind"], "service");
    let mut limited: Vec<&str> = body["communities"]
        .as_array()
        .expect("communities")
        .iter()
        .filter_map(|c| c.as_str())
        .collect();
    limited.sort();
    assert_eq!(limited, ["gadgets", "tools", "widgets"]);
}

#[tokio::test]
async fn token_limited_to_a_sub_community_does_not_reach_the_others_and_acts_as_brand_only_there() {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("alpha").build(&app, &admin).await;
    CommunityBuilder::new("beta").build(&app, &admin).await;
    let a = find_community(&app, "alpha").await.expect("alpha");
    let b = find_community(&app, "beta").await.expect("beta");
    let eve = UserBuilder::new("eve").employee().build(&app).await;
    let all = vec![Scope::TopicsRead, Scope::PostsWrite];

    // A session (the HTML pages): everything the employee covers.
    let session = member_viewer(&app, &eve.id).await;
    let g = Guardian::new(&session);
    assert!(g.can_see_community(&b) && g.can_post_as_brand(&a) && g.can_post_as_brand(&b));

    // A personal token limited to alpha: beta does not exist for it.
    let v = viewer_with_grant(&app, &eve.id, ApiTokenKind::Personal, all.clone(), &[&a]).await;
    let g = Guardian::for_api(&v);
    assert!(g.can_see_community(&a));
    assert!(!g.can_see_community(&b));
    assert!(matches!(
        g.ensure_can_see_community(&b),
        Err(AppError::NotFound)
    ));
    let visible: Vec<String> = g
        .visible_communities(vec![a.clone(), b.clone()])
        .into_iter()
        .map(|c| c.slug)
        .collect();
    assert_eq!(visible, ["alpha"]);
    assert!(g.can_post_as_brand(&a) && !g.can_post_as_brand(&b));

    // A service token answers as the brand only where it is limited to.
    let v = viewer_with_grant(&app, &eve.id, ApiTokenKind::Service, all.clone(), &[&a]).await;
    let g = Guardian::for_api(&v);
    assert!(g.can_post_as_brand(&a) && !g.can_post_as_brand(&b));
    let v = viewer_with_grant(&app, &eve.id, ApiTokenKind::Service, all.clone(), &[]).await;
    let g = Guardian::for_api(&v);
    assert!(
        g.can_see_community(&a),
        "an unlimited service token reads everywhere"
    );
    assert!(!g.can_post_as_brand(&a) && !g.can_post_as_brand(&b));

    // Scopes: what the token lacks is 403, whatever the owner may do.
    assert!(g.ensure_scope(Scope::TopicsRead).is_ok());
    assert!(matches!(
        g.ensure_scope(Scope::ModerationWrite),
        Err(AppError::Forbidden)
    ));
}

#[tokio::test]
async fn anonymous_api_callers_may_use_only_the_public_read_scopes() {
    let app = spawn_app().await;
    let anonymous = Viewer::default();
    let g = Guardian::for_api(&anonymous);
    for scope in [Scope::TopicsRead, Scope::UsersRead] {
        assert!(g.ensure_scope(scope).is_ok(), "{scope:?}");
    }
    for scope in Scope::ALL
        .iter()
        .filter(|s| !matches!(s, Scope::TopicsRead | Scope::UsersRead))
    {
        assert!(
            matches!(g.ensure_scope(*scope), Err(AppError::SignInRequired)),
            "{scope:?}"
        );
    }
    // A signed-out visitor of the HTML pages is not limited by scopes at all.
    assert!(Guardian::new(&anonymous).has_scope(Scope::TopicsWrite));

    // No header: anonymous (the public document answers); a bad header: 401, never anonymous.
    assert_eq!(
        app.get("/api/v1/openapi.json").await.status(),
        StatusCode::OK
    );
    for header in [
        "Basic YWxhZGRpbjpvcGVuc2VzYW1l",
        "Bearer nonsense",
        "Bearer",
    ] {
        let response = app
            .http
            .get(app.url("/api/v1/me"))
            .header(AUTHORIZATION, header)
            .send()
            .await
            .expect("GET /api/v1/me");
        assert_problem(response, StatusCode::UNAUTHORIZED, "sign_in_required").await;
    }
    let fake = format!("parley_svc_{}", "a".repeat(64));
    assert_problem(
        me(&app, Some(&fake)).await,
        StatusCode::UNAUTHORIZED,
        "sign_in_required",
    )
    .await;
}

#[tokio::test]
async fn token_limited_to_a_sub_community_lists_only_its_notifications() {
    use parley::db::models::notifications::{insert_many, NewNotification};
    use parley::db::{EmailState, NotificationId, NotificationKind};
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("alpha").build(&app, &admin).await;
    CommunityBuilder::new("beta").build(&app, &admin).await;
    let a = find_community(&app, "alpha").await.expect("alpha");
    let b = find_community(&app, "beta").await.expect("beta");
    let ana = UserBuilder::new("ana").build(&app).await;
    let (uid, now) = (ana.id.clone(), app.clock.now());
    let (a_id, b_id) = (a.id.clone(), b.id.clone());
    db(&app, move |conn| {
        let ids = [
            NotificationId::new(),
            NotificationId::new(),
            NotificationId::new(),
        ];
        let about = [Some(&a_id), Some(&b_id), None];
        let rows: Vec<NewNotification<'_>> = ids
            .iter()
            .zip(about)
            .enumerate()
            .map(|(i, (id, community))| NewNotification {
                id,
                user_id: &uid,
                kind: NotificationKind::Mention,
                actor_id: None,
                community_id: community,
                topic_id: None,
                post_id: None,
                summary: "about something",
                created_at: now.plus_secs(i as i64),
                email_status: EmailState::None,
                email_due_at: None,
                notice: None,
            })
            .collect();
        Ok(insert_many(conn, &rows)?)
    })
    .await;

    let community_of = |page: parley::notifications::service::NotificationsPage| {
        page.items
            .into_iter()
            .map(|(n, _)| n.community_id)
            .collect::<Vec<_>>()
    };
    let session = member_viewer(&app, &ana.id).await;
    let all =
        parley::notifications::service::page_for(&app.state, &Guardian::new(&session), None, 20)
            .await
            .expect("page");
    assert_eq!(
        community_of(all),
        [None, Some(b.id.clone()), Some(a.id.clone())]
    );
    let limited = viewer_with_grant(&app, &ana.id, ApiTokenKind::Personal, vec![], &[&a]).await;
    let page = parley::notifications::service::page_for(
        &app.state,
        &Guardian::for_api(&limited),
        None,
        20,
    )
    .await
    .expect("page");
    assert_eq!(community_of(page), [None, Some(a.id.clone())]);
}
