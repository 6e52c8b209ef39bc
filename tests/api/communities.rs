//! Sub-communities and who sees them, roles, the employee flag, the brand, profiles, the
//! audit log, the first-start setup link and the demo loader.

use diesel::prelude::*;
use parley::auth::secret::{hash_token, random_token};
use parley::db::models::tokens::{self, NewToken};
use parley::db::models::users;
use parley::db::schema;
use parley::db::{CommunityRole, SiteRole, TokenPurpose, Visibility};
use reqwest::StatusCode;

use crate::helpers::fixtures::{
    admin_client, assert_no_active_content, assert_sent_to_sign_in, assert_sign_in_required,
    community_count, db, find_community, sorted, SiteSettings,
};
use crate::helpers::{
    assert_see_other, form_field, grant_role, html_attr, html_select, location, remove_member,
    spawn_app, CommunityBuilder, CommunityEdit, TestApp, TestClient, TestUser, UserBuilder,
};

/// A 422 answer must be the form again, showing `message` next to the field.
#[track_caller]
fn assert_form_error(html: &str, message: &str, context: &str) {
    assert!(
        html.contains(message),
        "{context}: the 422 answer does not show {message:?}. When it is the generic \
         'Bad request / The request could not be understood.' page, http::errors::middleware \
         has replaced the handler's own 422 form page (it re-renders every 4xx response):\n{html}"
    );
}

/// The names on the home page's community cards, sorted.
async fn home_cards(client: &TestClient) -> Vec<String> {
    let (status, html) = client.get_html("/").await;
    assert_eq!(status, StatusCode::OK, "GET / answered {status}:\n{html}");
    let mut cards = html_select(&html, ".community-card h3");
    cards.sort();
    cards
}

async fn set_site_role(admin: &TestClient, user: &TestUser, role: &str) {
    let response = admin
        .post_form(
            &format!("/admin/users/{}/role", user.id.as_str()),
            &[("role", role)],
        )
        .await;
    assert_see_other(&response, "/admin/users?notice=saved");
}

async fn set_employee(admin: &TestClient, user: &TestUser, employee: bool) {
    let value = if employee { "true" } else { "false" };
    let response = admin
        .post_form(
            &format!("/admin/users/{}/employee", user.id.as_str()),
            &[("employee", value)],
        )
        .await;
    assert_see_other(&response, "/admin/users?notice=saved");
}

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
async fn home_lists_exactly_the_sub_communities_each_visitor_may_see() {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    let public = CommunityBuilder::new("open").build(&app, &admin).await.name;
    let members = CommunityBuilder::new("club")
        .visibility(Visibility::Members)
        .build(&app, &admin)
        .await
        .name;
    let employees = CommunityBuilder::new("staff")
        .visibility(Visibility::Employees)
        .build(&app, &admin)
        .await
        .name;
    let invite = CommunityBuilder::new("circle")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await
        .name;

    let member = UserBuilder::new("mira").build(&app).await;
    let employee = UserBuilder::new("emil").employee().build(&app).await;
    let invited = UserBuilder::new("ines").build(&app).await;
    let moderator = UserBuilder::new("moritz").build(&app).await;
    grant_role(&admin, "circle", &invited.username, CommunityRole::Member).await;
    set_site_role(&admin, &moderator, "moderator").await;

    assert_eq!(
        home_cards(&app.new_client()).await,
        sorted(&[&public]),
        "anonymous visitor"
    );
    assert_eq!(
        home_cards(&app.signed_in_client(&member).await).await,
        sorted(&[&public, &members]),
        "signed-in member"
    );
    assert_eq!(
        home_cards(&app.signed_in_client(&employee).await).await,
        sorted(&[&public, &members, &employees]),
        "employee"
    );
    assert_eq!(
        home_cards(&app.signed_in_client(&invited).await).await,
        sorted(&[&public, &members, &invite]),
        "member added to the invite-only sub-community"
    );
    let all = sorted(&[&public, &members, &employees, &invite]);
    assert_eq!(home_cards(&admin).await, all, "admin");
    assert_eq!(
        home_cards(&app.signed_in_client(&moderator).await).await,
        all,
        "site moderator"
    );
}

#[tokio::test]
async fn private_sub_community_answers_404_to_those_who_may_not_see_it() {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    let club = CommunityBuilder::new("club")
        .visibility(Visibility::Members)
        .build(&app, &admin)
        .await
        .name;
    let staff = CommunityBuilder::new("staff")
        .visibility(Visibility::Employees)
        .build(&app, &admin)
        .await
        .name;
    let circle = CommunityBuilder::new("circle")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await
        .name;
    let member = UserBuilder::new("mira").build(&app).await;
    let employee = UserBuilder::new("emil").employee().build(&app).await;

    let anonymous = app.new_client();
    let member = app.signed_in_client(&member).await;
    let employee = app.signed_in_client(&employee).await;
    let cases: Vec<(&str, &TestClient, &str, &String)> = vec![
        ("anonymous", &anonymous, "club", &club),
        ("anonymous", &anonymous, "staff", &staff),
        ("anonymous", &anonymous, "circle", &circle),
        ("member", &member, "staff", &staff),
        ("member", &member, "circle", &circle),
        ("employee", &employee, "circle", &circle),
    ];
    for (who, client, slug, name) in cases {
        for path in [
            format!("/c/{slug}"),
            format!("/c/{slug}/edit"),
            format!("/c/{slug}/members"),
        ] {
            let (status, html) = client.get_html(&path).await;
            assert_eq!(
                status,
                StatusCode::NOT_FOUND,
                "{who} GET {path} should be 404 (not 403 or a redirect):\n{html}"
            );
            assert!(
                !html.contains(name.as_str()),
                "{who} GET {path}: the 404 page names the sub-community:\n{html}"
            );
        }
    }

    // Those who may see it get the page (so the 404s above are about visibility).
    let (status, html) = member.get_html("/c/club").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html_select(&html, ".community-banner h1"), vec![club]);
    let (status, _) = employee.get_html("/c/staff").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = admin.get_html("/c/circle").await;
    assert_eq!(status, StatusCode::OK);
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
async fn invite_only_membership_shows_and_hides_the_sub_community() {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    let circle = CommunityBuilder::new("circle")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await
        .name;
    let ivy = UserBuilder::new("ivy").build(&app).await;
    let ivy = app.signed_in_client(&ivy).await;

    let (status, _) = ivy.get_html("/c/circle").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "before the invitation");
    assert!(!home_cards(&ivy).await.contains(&circle));

    // Usernames are looked up case-insensitively.
    grant_role(&admin, "circle", "IVY", CommunityRole::Member).await;
    let (status, html) = ivy.get_html("/c/circle").await;
    assert_eq!(status, StatusCode::OK, "after the invitation:\n{html}");
    assert!(home_cards(&ivy).await.contains(&circle));

    remove_member(&admin, "circle", "ivy").await;
    let (status, html) = ivy.get_html("/c/circle").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "after removal");
    assert!(!html.contains(&circle));
    assert!(!home_cards(&ivy).await.contains(&circle));

    // A manager of the sub-community may invite members too.
    let mia = UserBuilder::new("mia").build(&app).await;
    grant_role(&admin, "circle", "mia", CommunityRole::Manager).await;
    let mia = app.signed_in_client(&mia).await;
    grant_role(&mia, "circle", "ivy", CommunityRole::Member).await;
    let (status, _) = ivy.get_html("/c/circle").await;
    assert_eq!(status, StatusCode::OK, "invited by the manager");

    // An unknown username is a form error, not a crash.
    let response = admin
        .post_form(
            "/c/circle/members",
            &[("username", "nobody-here"), ("role", "member")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert_form_error(&html, "No member has that username.", "unknown username");
}

#[tokio::test]
async fn employee_flag_shows_badge_and_opens_employee_sub_communities() {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    let staff = CommunityBuilder::new("staff")
        .visibility(Visibility::Employees)
        .build(&app, &admin)
        .await
        .name;
    let emma = UserBuilder::new("emma").build(&app).await;
    let browser = app.signed_in_client(&emma).await;

    let (_, html) = app.new_client().get_html("/u/emma").await;
    assert!(html_select(&html, ".profile .badge.employee").is_empty());
    let (status, _) = browser.get_html("/c/staff").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    set_employee(&admin, &emma, true).await;
    let (_, html) = app.new_client().get_html("/u/emma").await;
    assert_eq!(
        html_select(&html, ".profile .badge.employee"),
        vec!["Employee"]
    );
    let (status, _) = browser.get_html("/c/staff").await;
    assert_eq!(status, StatusCode::OK, "employee GET /c/staff");
    assert!(home_cards(&browser).await.contains(&staff));

    set_employee(&admin, &emma, false).await;
    let (_, html) = app.new_client().get_html("/u/emma").await;
    assert!(html_select(&html, ".profile .badge.employee").is_empty());
    let (status, _) = browser.get_html("/c/staff").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "after unmarking");
}

fn page_title(html: &str) -> String {
    html_select(html, "title")
        .into_iter()
        .next()
        .unwrap_or_default()
}

fn theme_version(html: &str) -> String {
    html_attr(html, "link[rel=stylesheet]", "href")
        .into_iter()
        .find(|h| h.starts_with("/theme.css"))
        .unwrap_or_else(|| panic!("no theme.css link in page:\n{html}"))
}

#[tokio::test]
async fn brand_change_shows_on_every_page_and_in_theme_css() {
    let app = spawn_app().await;
    let (root, admin) = admin_client(&app).await;
    CommunityBuilder::new("alpha").build(&app, &admin).await;
    let response = admin
        .post_form(
            "/c/alpha/edit",
            &[
                ("name", "Alpha"),
                ("description", ""),
                ("accent_color", "#13579b"),
                ("visibility", "public"),
                ("position", "0"),
            ],
        )
        .await;
    assert_see_other(&response, "/c/alpha?notice=saved");
    let anonymous = app.new_client();
    let (_, before) = anonymous.get_html("/").await;
    assert_eq!(
        html_select(&before, ".site-header .brand span"),
        vec!["Parley"]
    );
    let version_before = theme_version(&before);

    app.clock.advance_secs(5);
    SiteSettings {
        site_name: "Contoso Hub",
        tagline: "Where things get built",
        primary_color: "#AA3300",
        employee_domains: "example.com",
        ..SiteSettings::default()
    }
    .save(&admin)
    .await;

    let pages: Vec<(&TestClient, String)> = vec![
        (&anonymous, "/".into()),
        (&anonymous, "/login".into()),
        (&anonymous, "/signup".into()),
        (&anonymous, "/c/alpha".into()),
        (&anonymous, format!("/u/{}", root.username)),
        (&admin, "/admin/settings".into()),
        (&admin, "/settings/profile".into()),
    ];
    for (client, path) in pages {
        let (status, html) = client.get_html(&path).await;
        assert_eq!(status, StatusCode::OK, "GET {path}");
        assert!(
            page_title(&html).ends_with("· Contoso Hub"),
            "GET {path}: title {:?} does not show the new site name",
            page_title(&html)
        );
        assert_eq!(
            html_select(&html, ".site-header .brand span"),
            vec!["Contoso Hub"],
            "GET {path}: header"
        );
    }

    let (_, after) = anonymous.get_html("/").await;
    assert_eq!(html_select(&after, ".hero h1"), vec!["Contoso Hub"]);
    assert_eq!(
        html_select(&after, ".hero p.lead"),
        vec!["Where things get built"]
    );
    assert_ne!(
        theme_version(&after),
        version_before,
        "the theme URL must change with the brand, or browsers keep the old year-long cached theme"
    );

    let response = anonymous.get(&theme_version(&after)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(content_type.starts_with("text/css"), "{content_type}");
    let css = response.text().await.unwrap();
    assert!(
        css.contains("--brand: #aa3300;"),
        "theme.css lacks the new primary colour:\n{css}"
    );
    // The accent class is an opaque hash of the community id (the public stylesheet must
    // not list private sub-communities' addresses); take it from the page that uses it.
    let (_, community_page) = admin.get_html("/c/alpha").await;
    let classes = html_attr(&community_page, ".community-banner", "class");
    let accent = classes
        .first()
        .and_then(|c| c.split_whitespace().find(|k| k.starts_with("a-")))
        .unwrap_or_else(|| panic!("no accent class on the banner: {classes:?}"))
        .to_string();
    assert!(
        css.contains(&format!(".{accent} {{ --accent: #13579b; }}")),
        "theme.css lacks the community accent:\n{css}"
    );
    assert!(
        !css.contains("alpha"),
        "theme.css must not name sub-communities:\n{css}"
    );
    assert!(!css.contains("#3355cc"), "old primary colour left:\n{css}");
}

/// Error pages are rendered without a query, from the last brand seen; a brand change
/// must not make them fall back to the built-in name.
#[tokio::test]
async fn error_pages_show_the_site_name_right_after_a_brand_change() {
    let app = spawn_app().await;
    let (_, admin) = admin_client(&app).await;
    SiteSettings {
        site_name: "Contoso Hub",
        tagline: "Where things get built",
        primary_color: "#aa3300",
        employee_domains: "example.com",
        ..SiteSettings::default()
    }
    .save(&admin)
    .await;

    // The first request after the save is an error page.
    let (status, html) = app.new_client().get_html("/no-such-page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        html_select(&html, ".site-header .brand span"),
        vec!["Contoso Hub"],
        "the 404 page right after a brand change shows the default brand (BrandCache::invalidate \
         drops the last known brand, so last_known() falls back to 'Parley'):\n{html}"
    );
}

#[tokio::test]
async fn profile_shows_name_title_bio_join_date_avatar_and_badge() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").employee().build(&app).await;
    let joined = app.clock.now();
    let browser = app.signed_in_client(&ana).await;
    let response = browser
        .post_form(
            "/settings/profile",
            &[
                ("display_name", "Ana López"),
                ("title", "Widgets engineer"),
                (
                    "bio",
                    "I like **bold** ideas.\n\nSee https://example.com/ana.",
                ),
            ],
        )
        .await;
    assert_see_other(&response, "/u/ana?notice=profile_saved");

    let (status, html) = app.new_client().get_html("/u/ana").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html_select(&html, ".profile h1"), vec!["Ana López"]);
    assert_eq!(
        html_select(&html, ".profile p.title"),
        vec!["Widgets engineer"]
    );
    assert_eq!(
        html_select(&html, ".profile .prose strong"),
        vec!["bold"],
        "bio Markdown is rendered"
    );
    assert_eq!(
        html_attr(&html, ".profile .prose a", "href"),
        vec!["https://example.com/ana"]
    );
    assert_eq!(
        html_attr(&html, ".profile .prose a", "rel"),
        vec!["nofollow ugc noopener"]
    );
    assert_eq!(
        html_attr(&html, ".profile time", "datetime"),
        vec![joined.rfc3339()]
    );
    assert_eq!(
        html_select(&html, ".profile time"),
        vec![parley::i18n::format::date(parley::i18n::Lang::En, joined)]
    );
    assert_eq!(
        html_attr(&html, ".profile img.avatar", "src"),
        vec!["/u/ana/avatar.svg"]
    );
    assert_eq!(
        html_select(&html, ".profile .badge.employee"),
        vec!["Employee"]
    );

    let response = app.get("/u/ana/avatar.svg").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "image/svg+xml");
    let svg = response.text().await.unwrap();
    assert!(svg.starts_with("<svg"), "{svg}");
    assert!(svg.contains(">A</text>"), "initial missing:\n{svg}");
}

#[tokio::test]
async fn avatar_escapes_the_initial() {
    let app = spawn_app().await;
    for (path, escaped) in [
        ("/u/%3Cscript%3E/avatar.svg", "&lt;"),
        ("/u/%26amp/avatar.svg", "&amp;"),
        ("/u/%3Eb/avatar.svg", "&gt;"),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        assert_eq!(response.headers()["content-type"], "image/svg+xml");
        let svg = response.text().await.unwrap();
        assert!(
            svg.contains(&format!(">{escaped}</text>")),
            "GET {path}: initial not escaped as {escaped}:\n{svg}"
        );
        assert_eq!(
            svg.matches('<').count(),
            5,
            "GET {path}: extra markup:\n{svg}"
        );
        assert!(!svg.contains("<script"), "GET {path}:\n{svg}");
    }
}

#[tokio::test]
async fn profile_edits_change_only_ones_own_profile() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let bob = UserBuilder::new("bob").build(&app).await;
    let ana_browser = app.signed_in_client(&ana).await;
    let bo_browser = app.signed_in_client(&bob).await;
    let response = ana_browser
        .post_form(
            "/settings/profile",
            &[("display_name", "Ana"), ("title", "Original"), ("bio", "")],
        )
        .await;
    assert_see_other(&response, "/u/ana?notice=profile_saved");

    // Bo's save lands on Bo, even with a `username` field naming Ana.
    let response = bo_browser
        .post_form(
            "/settings/profile",
            &[
                ("username", "ana"),
                ("display_name", "Hijacked"),
                ("title", "Hijacked"),
                ("bio", "Hijacked"),
            ],
        )
        .await;
    assert_see_other(&response, "/u/bob?notice=profile_saved");
    let (_, html) = app.get_html("/u/ana").await;
    assert_eq!(html_select(&html, ".profile h1"), vec!["Ana"]);
    assert_eq!(html_select(&html, ".profile p.title"), vec!["Original"]);
    let (_, html) = app.get_html("/u/bob").await;
    assert_eq!(html_select(&html, ".profile h1"), vec!["Hijacked"]);

    // Only the owner sees the edit link.
    let (_, html) = bo_browser.get_html("/u/ana").await;
    assert!(html_attr(&html, ".profile a[href='/settings/profile']", "href").is_empty());
    let (_, html) = ana_browser.get_html("/u/ana").await;
    assert_eq!(
        html_attr(&html, ".profile a[href='/settings/profile']", "href").len(),
        1
    );

    // Anonymous visitors change nothing.
    let anonymous = app.new_client();
    let response = anonymous.get("/settings/profile").await;
    assert_sent_to_sign_in(&response, "anonymous GET /settings/profile");
    let response = anonymous
        .post_form(
            "/settings/profile",
            &[("display_name", "Anon"), ("title", "Anon"), ("bio", "")],
        )
        .await;
    assert_sign_in_required(&response, "anonymous profile POST");
    let (status, html) = app.get_html("/u/ana").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html_select(&html, ".profile h1"), vec!["Ana"]);
}

#[tokio::test]
async fn profile_fields_are_escaped_or_sanitised() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let browser = app.signed_in_client(&ana).await;
    let script = "<script>alert(1)</script>";
    let img = "<img src=x onerror=alert(1)>";
    let bio = format!(
        "hello {script} {img} [x](javascript:alert(1)) <a href=\"javascript:alert(1)\">y</a>"
    );
    let response = browser
        .post_form(
            "/settings/profile",
            &[("display_name", script), ("title", img), ("bio", &bio)],
        )
        .await;
    assert_see_other(&response, "/u/ana?notice=profile_saved");

    for (client, path) in [
        (&app.client, "/u/ana"),
        (&browser, "/u/ana"),
        (&browser, "/settings/profile"),
    ] {
        let (status, html) = client.get_html(path).await;
        assert_eq!(status, StatusCode::OK, "GET {path}");
        assert!(!html.contains("<script>alert"), "GET {path}:\n{html}");
        assert!(!html.contains("<img src=x"), "GET {path}:\n{html}");
        if path.starts_with("/u/") {
            assert!(!html.contains("javascript:"), "GET {path}: {html}");
        }
        assert_no_active_content(&html, path);
    }

    let (_, html) = app.get_html("/u/ana").await;
    // Plain fields are shown as text, not dropped.
    assert_eq!(html_select(&html, ".profile h1"), vec![script]);
    assert_eq!(html_select(&html, ".profile p.title"), vec![img]);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // The bio keeps its text, loses the active parts.
    let prose = html_select(&html, ".profile .prose");
    assert_eq!(prose.len(), 1, "{html}");
    assert!(prose[0].starts_with("hello"), "{prose:?}");
    let doc = scraper::Html::parse_document(&html);
    let sel = scraper::Selector::parse(".profile .prose").unwrap();
    let inner = doc.select(&sel).next().unwrap().inner_html();
    for bad in ["<script", "onerror", "javascript:", "alert(1)"] {
        assert!(!inner.contains(bad), "bio HTML keeps {bad}: {inner}");
    }

    // The edit form shows the source back, escaped.
    let (_, html) = browser.get_html("/settings/profile").await;
    assert_eq!(form_field(&html, "display_name").as_deref(), Some(script));
    assert_eq!(form_field(&html, "title").as_deref(), Some(img));
    assert_eq!(form_field(&html, "bio").as_deref(), Some(bio.as_str()));
}

#[tokio::test]
async fn too_long_profile_fields_are_refused_and_nothing_is_saved() {
    let app = spawn_app().await;
    let ana = UserBuilder::new("ana").build(&app).await;
    let browser = app.signed_in_client(&ana).await;
    let response = browser
        .post_form(
            "/settings/profile",
            &[
                ("display_name", "Ana"),
                ("title", "Engineer"),
                ("bio", "Hi"),
            ],
        )
        .await;
    assert_see_other(&response, "/u/ana?notice=profile_saved");

    let long_name = "n".repeat(61);
    let long_title = "t".repeat(81);
    let long_bio = "b".repeat(4001);
    let cases = [
        (
            "display_name",
            long_name.as_str(),
            "Changed",
            "Changed",
            "Display name is at most 60 characters.",
        ),
        (
            "title",
            "Changed",
            long_title.as_str(),
            "Changed",
            "Title is at most 80 characters.",
        ),
        (
            "bio",
            "Changed",
            "Changed",
            long_bio.as_str(),
            "Bio is at most 4,000 characters.",
        ),
    ];
    let mut answers = Vec::new();
    for (field, display_name, title, bio, message) in cases {
        let response = browser
            .post_form(
                "/settings/profile",
                &[
                    ("display_name", display_name),
                    ("title", title),
                    ("bio", bio),
                ],
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "too long {field}"
        );
        let html = response.text().await.unwrap();
        let (_, profile) = app.get_html("/u/ana").await;
        assert_eq!(html_select(&profile, ".profile h1"), vec!["Ana"], "{field}");
        assert_eq!(
            html_select(&profile, ".profile p.title"),
            vec!["Engineer"],
            "{field}"
        );
        assert_eq!(
            html_select(&profile, ".profile .prose"),
            vec!["Hi"],
            "{field}"
        );
        answers.push((field, html, message));
    }
    for (field, html, message) in answers {
        assert_form_error(&html, message, &format!("too long {field}"));
        assert_eq!(
            html_attr(&html, "[aria-invalid=true]", "name"),
            vec![field.to_string()]
        );
    }

    // Exactly at the limits is fine (characters, not bytes).
    let name = "é".repeat(60);
    let response = browser
        .post_form(
            "/settings/profile",
            &[
                ("display_name", &name),
                ("title", &"t".repeat(80)),
                ("bio", "Hi"),
            ],
        )
        .await;
    assert_see_other(&response, "/u/ana?notice=profile_saved");
}

#[tokio::test]
async fn username_lookup_is_case_insensitive() {
    let app = spawn_app().await;
    UserBuilder::new("ana").build(&app).await;
    for path in ["/u/ana", "/u/ANA", "/u/Ana"] {
        let (status, html) = app.get_html(path).await;
        assert_eq!(status, StatusCode::OK, "GET {path}");
        assert_eq!(html_select(&html, ".profile h1"), vec!["ana"], "GET {path}");
    }
    let (status, _) = app.get_html("/u/anab").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
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
async fn setup_link_creates_the_first_admin_once() {
    let app = spawn_app().await;
    let (status, html) = app.get_html("/").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "home of an empty deployment:\n{html}"
    );

    let live_setup_tokens = || {
        db(&app, |conn| {
            Ok(schema::tokens::table
                .filter(schema::tokens::purpose.eq(TokenPurpose::SetupAdmin))
                .filter(schema::tokens::used_at.is_null())
                .count()
                .get_result::<i64>(conn)?)
        })
    };
    assert_eq!(
        live_setup_tokens().await,
        1,
        "startup without users should issue one setup token"
    );

    // The printed link cannot be read back; issue a known one the same way.
    let raw = random_token();
    let now = app.clock.now();
    let hash = hash_token(&raw);
    db(&app, move |conn| {
        Ok(tokens::replace(
            conn,
            &NewToken {
                id_hash: &hash,
                user_id: None,
                purpose: TokenPurpose::SetupAdmin,
                payload: "",
                created_at: now,
                expires_at: now.plus_secs(3600),
            },
        )?)
    })
    .await;
    let link = format!("/setup/{raw}");

    let (status, _) = app.get_html(&format!("/setup/{}", random_token())).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a made-up setup link");
    let (status, html) = app.get_html(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form_field(&html, "username").is_some());

    let browser = app.new_client();
    let response = browser
        .post_form(
            &link,
            &[
                ("username", "boss"),
                ("email", "boss@example.com"),
                ("password", "a long enough password"),
            ],
        )
        .await;
    assert_see_other(&response, "/?notice=welcome");
    assert!(browser.session_cookie().is_some(), "not signed in");
    let (status, _) = browser.get_html("/admin").await;
    assert_eq!(status, StatusCode::OK, "the new account is not an admin");
    assert_eq!(live_setup_tokens().await, 0);

    // The link works once.
    let (status, _) = app.new_client().get_html(&link).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let response = app
        .new_client()
        .post_form(
            &link,
            &[
                ("username", "second"),
                ("email", "second@example.com"),
                ("password", "a long enough password"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let count = db(&app, |conn| Ok(users::count(conn)?)).await;
    assert_eq!(count, 1);
}

#[tokio::test]
async fn demo_loader_creates_content_once_and_demo_users_can_sign_in() {
    let app = spawn_app().await;
    let clock = app.clock.clone();
    let created = db(&app, move |conn| {
        parley::demo::load(conn, &clock, false).map(|s| s.created)
    })
    .await;
    assert!(created, "first run should create the demo");
    assert_eq!(community_count(&app).await, 5);
    assert_eq!(db(&app, |conn| Ok(users::count(conn)?)).await, 7);

    let clock = app.clock.clone();
    let again = db(&app, move |conn| {
        parley::demo::load(conn, &clock, false).map(|s| s.created)
    })
    .await;
    assert!(!again, "second run should do nothing");
    assert_eq!(community_count(&app).await, 5);
    assert_eq!(db(&app, |conn| Ok(users::count(conn)?)).await, 7);

    let cards = html_select(&app.get_html("/").await.1, ".community-card h3");
    assert_eq!(
        cards,
        vec!["Widgets", "Gadgets", "Widgets France"],
        "anonymous home"
    );

    for (username, expected) in [("ada", 5usize), ("carla", 4), ("erin", 5)] {
        let browser = app.new_client();
        let response = browser.login(username, parley::demo::DEMO_PASSWORD).await;
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "{username} cannot sign in with the demo password"
        );
        let cards = home_cards(&browser).await;
        assert_eq!(cards.len(), expected, "{username} sees {cards:?}");
        let sees_internal = cards.iter().any(|c| c == "Internal: Support Team");
        assert_eq!(sees_internal, username != "carla", "{username}: {cards:?}");
        if username == "ada" {
            // An example API token (its secret was printed nowhere).
            let (status, html) = browser.get_html("/settings/tokens").await;
            assert_eq!(status, StatusCode::OK);
            assert!(html.contains("Demo integration"), "{html}");
        }
    }
}
