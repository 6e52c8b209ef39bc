//! Which sub-communities each visitor sees: the home page, 404 for private ones,
//! invite-only membership, the employee flag.

use parley::db::{CommunityRole, Visibility};
use reqwest::StatusCode;

use super::{assert_form_error, home_cards, set_employee, set_site_role};
use crate::helpers::fixtures::{admin_client, sorted};
use crate::helpers::{
    grant_role, html_select, remove_member, spawn_app, CommunityBuilder, TestClient, UserBuilder,
};

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
