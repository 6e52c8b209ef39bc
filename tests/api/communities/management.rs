//! Creating and editing sub-communities, roles and who may change them, and the
//! audit log of those changes.

use parley::db::models::users;
use parley::db::{CommunityRole, SiteRole, Visibility};
use reqwest::StatusCode;

use super::{assert_form_error, set_employee, set_site_role};
use crate::helpers::fixtures::{
    admin_client, assert_sign_in_required, community_count, db, find_community,
};
use crate::helpers::{
    assert_see_other, form_field, grant_role, html_attr, html_select, location, remove_member,
    spawn_app, CommunityBuilder, CommunityEdit, TestApp, UserBuilder,
};

/// The role `username` holds in the sub-community at `slug`, read from the database.
async fn role_in(app: &TestApp, slug: &str, username: &str) -> Option<String> {
    let (slug, username) = (slug.to_string(), username.to_string());
    db(app, move |conn| {
        let community = parley::db::models::communities::find_by_slug(conn, &slug)?
            .expect("sub-community exists");
        Ok(
            parley::db::models::communities::members_with_roles(conn, &community.id)?
                .into_iter()
                .find(|(_, u)| u.username == username)
                .map(|(m, _)| m.role.as_str().to_string()),
        )
    })
    .await
}

#[tokio::test]
async fn only_admins_create_sub_communities() {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    let member = UserBuilder::new("mira").build(&app).await;
    let member = app.signed_in_client(&member).await;
    let fields = [
        ("slug", "sneaky"),
        ("name", "Sneaky"),
        ("description", ""),
        ("accent_color", "#112233"),
        ("visibility", "public"),
        ("position", "0"),
    ];

    let (status, _) = member.get_html("/admin/communities/new").await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "member GET the creation form"
    );
    let response = member.post_form("/admin/communities/new", &fields).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "member POST");

    let anonymous = app.new_client();
    let response = anonymous.get("/admin/communities/new").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "anonymous GET");
    let to = location(&response).unwrap_or_default();
    assert!(
        to.starts_with("/login?next="),
        "anonymous GET should go to the sign-in page, went to {to}"
    );
    let response = anonymous.post_form("/admin/communities/new", &fields).await;
    assert_sign_in_required(&response, "anonymous POST");

    assert!(find_community(&app, "sneaky").await.is_none());
    assert_eq!(community_count(&app).await, 0);
    let (status, _) = admin.get_html("/c/sneaky").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The same form from an admin works.
    let response = admin.post_form("/admin/communities/new", &fields).await;
    assert_see_other(&response, "/c/sneaky?notice=saved");
    assert_eq!(community_count(&app).await, 1);
}

#[tokio::test]
async fn duplicate_or_invalid_sub_community_is_refused_with_422_and_nothing_is_created() {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    let first = CommunityBuilder::new("widgets")
        .build(&app, &admin)
        .await
        .name;

    let attempt = |slug: &'static str, color: &'static str, visibility: &'static str| {
        let admin = admin.clone();
        async move {
            let response = admin
                .post_form(
                    "/admin/communities/new",
                    &[
                        ("slug", slug),
                        ("name", "Another one"),
                        ("description", ""),
                        ("accent_color", color),
                        ("visibility", visibility),
                        ("position", "0"),
                    ],
                )
                .await;
            let status = response.status();
            (status, response.text().await.expect("body"))
        }
    };

    let mut answers = Vec::new();
    for slug in ["widgets", "Widgets"] {
        let (status, html) = attempt(slug, "#112233", "public").await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "duplicate slug {slug}"
        );
        answers.push((
            format!("duplicate slug {slug}"),
            html,
            "slug",
            "Another sub-community already uses that address.",
        ));
    }
    let stored = find_community(&app, "widgets").await.expect("first one");
    assert_eq!(
        stored.name, first,
        "the first sub-community was overwritten"
    );

    let invalid = [
        (
            "bad slug!",
            "#112233",
            "public",
            "slug",
            "Use 2 to 40 lowercase letters",
        ),
        (
            "-dash",
            "#112233",
            "public",
            "slug",
            "Use 2 to 40 lowercase letters",
        ),
        (
            "new",
            "#112233",
            "public",
            "slug",
            "That address is reserved.",
        ),
        (
            "fine-slug",
            "red",
            "public",
            "accent_color",
            "Use a colour like #3355cc.",
        ),
        (
            "fine-slug",
            "#12345g",
            "public",
            "accent_color",
            "Use a colour like #3355cc.",
        ),
        (
            "fine-slug",
            "#112233",
            "everyone",
            "visibility",
            "Choose who may see this sub-community.",
        ),
    ];
    for (slug, color, visibility, field, message) in invalid {
        let (status, html) = attempt(slug, color, visibility).await;
        let context = format!("{slug} / {color} / {visibility}");
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{context}");
        answers.push((context, html, field, message));
    }
    assert_eq!(community_count(&app).await, 1, "something was created");
    assert!(find_community(&app, "fine-slug").await.is_none());

    // The form comes back with the reason next to the field and the input kept.
    for (context, html, field, message) in answers {
        assert_form_error(&html, message, &context);
        if field != "visibility" {
            let invalid_fields = html_attr(&html, "[aria-invalid=true]", "name");
            assert_eq!(invalid_fields, vec![field.to_string()], "{context}");
        }
        assert_eq!(
            form_field(&html, "name").as_deref(),
            Some("Another one"),
            "{context}: the input was lost"
        );
    }
}

#[tokio::test]
async fn manager_edits_own_sub_community_but_not_its_visibility_nor_another() {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    let alpha = CommunityBuilder::new("alpha").build(&app, &admin).await;
    let beta = CommunityBuilder::new("beta").build(&app, &admin).await.name;
    CommunityBuilder::new("hidden")
        .visibility(Visibility::Employees)
        .build(&app, &admin)
        .await;
    let (_, mia) = UserBuilder::new("mia")
        .role_in(&alpha, CommunityRole::Manager)
        .signed_in(&app)
        .await;

    // Own sub-community: the settings form is there and a name/description change works.
    let (status, html) = mia.get_html("/c/alpha/edit").await;
    assert_eq!(status, StatusCode::OK, "manager GET own settings:\n{html}");
    let response = CommunityEdit::of("alpha")
        .name("Alpha Renamed")
        .description("New words")
        .send(&mia)
        .await;
    assert_see_other(&response, "/c/alpha?notice=saved");
    let (_, html) = app.new_client().get_html("/c/alpha").await;
    assert_eq!(
        html_select(&html, ".community-banner h1"),
        vec!["Alpha Renamed"]
    );
    assert_eq!(
        html_select(&html, ".community-banner p.lead"),
        vec!["New words"]
    );

    // ... but not who may see it.
    let response = CommunityEdit::of("alpha")
        .name("Alpha Renamed")
        .description("New words")
        .visibility(Visibility::Members)
        .send(&mia)
        .await;
    assert_eq!(
        response.status(),
        StatusCode::FORBIDDEN,
        "a manager changed the visibility"
    );
    let stored = find_community(&app, "alpha").await.expect("alpha");
    assert_eq!(stored.visibility, Visibility::Public);

    // Another sub-community: visible but not theirs → 403; invisible → 404.
    let (status, _) = mia.get_html("/c/beta/edit").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let response = CommunityEdit::of("beta")
        .name("Taken Over")
        .description("")
        .send(&mia)
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = CommunityEdit::of("hidden")
        .name("Taken Over")
        .description("")
        .visibility(Visibility::Employees)
        .send(&mia)
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(find_community(&app, "beta").await.expect("beta").name, beta);
    assert_eq!(
        find_community(&app, "hidden").await.expect("hidden").name,
        "Group hidden"
    );
}

#[tokio::test]
async fn moderator_of_one_sub_community_has_no_edit_power() {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    let alpha = CommunityBuilder::new("alpha").build(&app, &admin).await;
    let beta = CommunityBuilder::new("beta").build(&app, &admin).await.name;
    let otto = UserBuilder::new("otto")
        .role_in(&alpha, CommunityRole::Moderator)
        .build(&app)
        .await;
    let target = UserBuilder::new("tina").build(&app).await;
    let otto = app.signed_in_client(&otto).await;

    for slug in ["alpha", "beta"] {
        let (status, _) = otto.get_html(&format!("/c/{slug}/edit")).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "moderator GET /c/{slug}/edit"
        );
        let response = CommunityEdit::of(slug)
            .name("Moderated")
            .description("")
            .send(&otto)
            .await;
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "moderator POST /c/{slug}/edit"
        );
        let (status, _) = otto.get_html(&format!("/c/{slug}/members")).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "moderator GET /c/{slug}/members"
        );
    }
    let response = otto
        .post_form(
            "/c/beta/members",
            &[("username", target.username.as_str()), ("role", "member")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(role_in(&app, "beta", "tina").await, None);
    assert_eq!(
        find_community(&app, "alpha").await.unwrap().name,
        alpha.name
    );
    assert_eq!(find_community(&app, "beta").await.unwrap().name, beta);
}

#[tokio::test]
async fn nobody_raises_their_own_role() {
    let app = spawn_app().await;
    let (root, admin) = admin_client(&app).await;
    CommunityBuilder::new("alpha").build(&app, &admin).await;
    let mia = UserBuilder::new("mia").build(&app).await;
    let other = UserBuilder::new("olga").build(&app).await;
    grant_role(&admin, "alpha", "mia", CommunityRole::Manager).await;
    let mia_client = app.signed_in_client(&mia).await;

    for (username, role) in [
        ("olga", "manager"),
        ("olga", "moderator"),
        ("mia", "moderator"),
        ("mia", "manager"),
    ] {
        let response = mia_client
            .post_form(
                "/c/alpha/members",
                &[("username", username), ("role", role)],
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "a manager appointed {username} as {role}"
        );
    }
    assert_eq!(role_in(&app, "alpha", "olga").await, None);
    assert_eq!(
        role_in(&app, "alpha", "mia").await.as_deref(),
        Some("manager")
    );
    let response = mia_client
        .post_form("/c/alpha/members/remove", &[("username", "mia")])
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    // A member cannot make themselves an admin.
    let olga = app.signed_in_client(&other).await;
    let response = olga
        .post_form(
            &format!("/admin/users/{}/role", other.id.as_str()),
            &[("role", "admin")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let (status, _) = olga.get_html("/admin").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "olga became an admin");

    // An admin cannot change their own role (no accidental lock-out either).
    let response = admin
        .post_form(
            &format!("/admin/users/{}/role", root.id.as_str()),
            &[("role", "member")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body = response.text().await.unwrap();
    assert!(
        body.contains("You cannot change your own role."),
        "no explanation:\n{body}"
    );
    let role = db(&app, {
        let id = root.id.clone();
        move |conn| Ok(users::find(conn, &id)?.expect("root").role)
    })
    .await;
    assert_eq!(role, SiteRole::Admin);
    let (status, _) = admin.get_html("/admin").await;
    assert_eq!(status, StatusCode::OK);
}

/// Appointing and removing moderators and managers is for admins only; the invite form
/// a manager may use must not become a way to strip a colleague's role.
#[tokio::test]
async fn manager_cannot_demote_staff_through_the_invite_form() {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("alpha").build(&app, &admin).await;
    let mia = UserBuilder::new("mia").build(&app).await;
    UserBuilder::new("otto").build(&app).await;
    UserBuilder::new("max").build(&app).await;
    grant_role(&admin, "alpha", "mia", CommunityRole::Manager).await;
    grant_role(&admin, "alpha", "otto", CommunityRole::Moderator).await;
    grant_role(&admin, "alpha", "max", CommunityRole::Manager).await;
    let mia = app.signed_in_client(&mia).await;

    for victim in ["otto", "max"] {
        let before = role_in(&app, "alpha", victim).await;
        let response = mia
            .post_form(
                "/c/alpha/members",
                &[("username", victim), ("role", "member")],
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "demoting {victim}"
        );
        assert_eq!(
            role_in(&app, "alpha", victim).await,
            before,
            "a manager demoted {victim} (appointed by an admin) to member via POST /c/alpha/members \
             role=member, although removing staff (POST /c/alpha/members/remove) is admin-only"
        );
    }
}

#[tokio::test]
async fn audit_log_records_community_and_role_changes_for_admins_only() {
    let app = spawn_app().await;
    let (root, admin) = admin_client(&app).await;
    let bob = UserBuilder::new("bob").build(&app).await;
    CommunityBuilder::new("alpha").build(&app, &admin).await;
    let response = CommunityEdit::of("alpha")
        .name("Alpha Two")
        .description("")
        .visibility(Visibility::Members)
        .send(&admin)
        .await;
    assert_see_other(&response, "/c/alpha?notice=saved");
    grant_role(&admin, "alpha", "bob", CommunityRole::Manager).await;
    remove_member(&admin, "alpha", "bob").await;
    set_site_role(&admin, &bob, "moderator").await;
    set_employee(&admin, &bob, true).await;

    let (status, html) = admin.get_html("/admin/audit").await;
    assert_eq!(status, StatusCode::OK);
    let actions = html_select(&html, "table tbody td code");
    for action in [
        "community.create",
        "community.update",
        "community.role.set",
        "community.role.remove",
        "user.role",
        "user.employee",
    ] {
        assert_eq!(
            actions.iter().filter(|a| *a == action).count(),
            1,
            "{action} should be logged once, log: {actions:?}"
        );
    }
    let rows = html_select(&html, "table tbody tr");
    assert!(
        rows.iter()
            .any(|r| r.contains("community.update") && r.contains("Alpha Two")),
        "the update row lacks the new name: {rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r.contains("community.role.set") && r.contains("bob -> manager")),
        "the role row lacks who and what: {rows:?}"
    );
    assert!(
        rows.iter()
            .filter(|r| !r.contains("system"))
            .all(|r| r.contains(root.id.as_str())),
        "every row should name the acting admin: {rows:?}"
    );

    let member = app.signed_in_client(&bob).await;
    let (status, html) = member.get_html("/admin/audit").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!html.contains("community.create"));
    let response = app.new_client().get("/admin/audit").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(location(&response).unwrap().starts_with("/login"));
}

#[tokio::test]
async fn a_manager_gives_the_sub_community_a_logo_shown_on_its_page_and_card() {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    let alpha = CommunityBuilder::new("alpha").build(&app, &admin).await;
    let (_, mia) = UserBuilder::new("mia")
        .role_in(&alpha, CommunityRole::Manager)
        .signed_in(&app)
        .await;

    // Anything but an https:// address or a path on this site is refused, and changes
    // nothing.
    for bad in [
        "http://cdn.example.com/a.png",
        "//evil.example/a.png",
        "javascript:alert(1)",
        "/a logo.png",
    ] {
        let response = CommunityEdit::of("alpha").logo(bad).send(&mia).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        let html = response.text().await.expect("body");
        assert_form_error(&html, "Use an https:// address or a path", bad);
    }
    assert_eq!(
        find_community(&app, "alpha").await.expect("alpha").logo_url,
        ""
    );
    let (_, html) = app.new_client().get_html("/c/alpha").await;
    assert!(
        html_select(&html, "img.community-logo").is_empty(),
        "no logo yet"
    );

    CommunityEdit::of("alpha")
        .logo("https://cdn.example.com/alpha.svg")
        .save(&mia)
        .await;
    // Anonymous visitors share a list's rendering for up to a second.
    app.clock
        .advance_secs(parley::embed::cache::FRESH_FOR_MICROS / 1_000_000);
    let (_, html) = app.new_client().get_html("/c/alpha").await;
    assert_eq!(
        html_attr(&html, ".community-banner img.community-logo", "src"),
        vec!["https://cdn.example.com/alpha.svg"]
    );
    let (_, home) = app.new_client().get_html("/").await;
    assert_eq!(
        html_attr(&home, ".community-card img.community-logo", "src"),
        vec!["https://cdn.example.com/alpha.svg"]
    );
    let (_, form) = mia.get_html("/c/alpha/edit").await;
    assert_eq!(
        form_field(&form, "logo_url").as_deref(),
        Some("https://cdn.example.com/alpha.svg")
    );
}
