//! Default levels: creators watch, repliers track, the manager's level for new
//! members, and the levels a new account (an employee's too) starts at.

use parley::db::models::watches::{self, Watch};
use parley::db::{CommunityRole, NotificationKind, UserId, Visibility, WatchLevel, WatchTarget};
use reqwest::StatusCode;

use super::{watch_community_ok, watch_rows_of, watch_topic_ok};
use crate::helpers::fixtures::{db, find_community, sign_up_and_confirm, SiteSettings};
use crate::helpers::forum_fixtures::*;
use crate::helpers::notification_fixtures::notification_kinds;
use crate::helpers::{
    assert_see_other, community_name, grant_role, html_attr, CommunityBuilder, CommunityEdit,
    PostBuilder, TestApp, TopicBuilder, UserBuilder,
};

/// A member's own row on a topic, category or sub-community.
async fn watch_row(app: &TestApp, user: &UserId, kind: WatchTarget, target: &str) -> Option<Watch> {
    let (user, target) = (user.clone(), target.to_string());
    db(app, move |conn| {
        Ok(watches::get(conn, &user, kind, &target)?)
    })
    .await
}

// ---------------------------------------------------------------------------------------
// 4. Defaults: creators watch, repliers track, a choice stays
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn creators_watch_repliers_track_and_a_chosen_level_is_kept() {
    let (app, _admin) = widgets().await;
    let (ana_user, ana) = member(&app, "ana").await;
    let (bob_user, bob) = member(&app, "bob").await;
    let (cara_user, cara) = member(&app, "cara").await;
    let (dan_user, dan) = member(&app, "dan").await;
    let q = ask(&ana, "widgets", "Screen flickers after update").await;
    let level = |w: Option<Watch>| w.map(|w| w.level);
    assert_eq!(
        level(watch_row(&app, &ana_user.id, WatchTarget::Topic, &q.id).await),
        Some(WatchLevel::Watching),
        "the creator watches"
    );

    let answer = reply(&app, &bob, &q, "Roll back the driver.").await;
    assert_eq!(
        level(watch_row(&app, &bob_user.id, WatchTarget::Topic, &q.id).await),
        Some(WatchLevel::Tracking),
        "a replier tracks"
    );
    // Dan chooses to watch before replying; replying does not lower it.
    watch_topic_ok(&dan, &q, "watching").await;
    reply(&app, &dan, &q, "Same here.").await;
    assert_eq!(
        level(watch_row(&app, &dan_user.id, WatchTarget::Topic, &q.id).await),
        Some(WatchLevel::Watching),
        "an explicit choice stays"
    );

    // Cara comments under bob's answer: ana hears of it only through her watch.
    PostBuilder::reply("Which driver version?")
        .under(&answer)
        .to(&q)
        .by(&cara)
        .build(&app)
        .await;
    let anas = notification_kinds(&app, &ana_user.id).await;
    assert_eq!(
        anas,
        vec![
            NotificationKind::Answered,
            NotificationKind::Answered,
            NotificationKind::Posted
        ],
        "two answers, then a comment seen through the creator's watch"
    );
    assert_eq!(
        notification_kinds(&app, &bob_user.id).await,
        vec![NotificationKind::Reply],
        "tracking: only the comment under his answer, not dan's answer"
    );
    assert_eq!(
        notification_kinds(&app, &dan_user.id).await,
        vec![NotificationKind::Posted],
        "still watching: cara's comment"
    );
    assert!(notification_kinds(&app, &cara_user.id).await.is_empty());

    // The topic page's control shows each member's level.
    let selected = |html: &str| {
        html_attr(
            html,
            "form.watch-control select[name=level] option[selected]",
            "value",
        )
    };
    assert_eq!(selected(&page(&ana, &q.path).await), vec!["watching"]);
    assert_eq!(selected(&page(&bob, &q.path).await), vec!["tracking"]);
    assert_eq!(selected(&page(&cara, &q.path).await), vec!["tracking"]);
}

// ---------------------------------------------------------------------------------------
// 5. The manager's level for new members
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn new_members_start_at_the_managers_level_and_existing_ones_keep_theirs() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, mgr) = member(&app, "mgr").await;
    let (_, moddy) = member(&app, "moddy").await;
    let old = UserBuilder::new("old").build(&app).await;
    let newbie = UserBuilder::new("newbie").build(&app).await;
    grant_role(&admin, "widgets", "mgr", CommunityRole::Manager).await;
    grant_role(&admin, "widgets", "moddy", CommunityRole::Moderator).await;
    grant_role(&admin, "widgets", "old", CommunityRole::Member).await;

    // A moderator may not change it.
    let response = CommunityEdit::of("widgets")
        .default_watch_level(WatchLevel::Watching)
        .send(&moddy)
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let c = find_community(&app, "widgets").await.expect("widgets");
    assert_eq!(c.default_watch_level, WatchLevel::Normal);
    // The manager may; the edit page shows it.
    let response = CommunityEdit::of("widgets")
        .default_watch_level(WatchLevel::Watching)
        .send(&mgr)
        .await;
    assert_see_other(&response, "/c/widgets?notice=saved");
    let c = find_community(&app, "widgets").await.expect("widgets");
    assert_eq!(c.default_watch_level, WatchLevel::Watching);
    let html = page(&mgr, "/c/widgets/edit").await;
    assert_eq!(
        html_attr(
            &html,
            "select[name=default_watch_level] option[selected]",
            "value"
        ),
        vec!["watching"]
    );
    // An unknown level is refused and changes nothing.
    let response = mgr
        .post_form(
            "/c/widgets/edit",
            &[
                ("name", &community_name("widgets")),
                ("description", "A place for testing."),
                ("accent_color", "#3355cc"),
                ("visibility", "public"),
                ("position", "0"),
                ("default_watch_level", "loudest"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let c = find_community(&app, "widgets").await.expect("widgets");
    assert_eq!(c.default_watch_level, WatchLevel::Watching);

    // The manager adds a member: they start at watching.
    grant_role(&mgr, "widgets", "newbie", CommunityRole::Member).await;
    assert_eq!(
        watch_row(&app, &newbie.id, WatchTarget::Community, c.id.as_str())
            .await
            .map(|w| w.level),
        Some(WatchLevel::Watching)
    );
    assert!(
        watch_rows_of(&app, &old.id).await.is_empty(),
        "existing members unaffected"
    );

    let t = TopicBuilder::discussion("Welcome thread")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    reply(&app, &bob, &t, "Hello all.").await;
    assert_eq!(
        notification_kinds(&app, &newbie.id).await,
        vec![NotificationKind::NewTopic, NotificationKind::Posted]
    );
    assert!(notification_kinds(&app, &old.id).await.is_empty());
}

#[tokio::test]
async fn a_default_level_never_overrides_a_members_own_choice() {
    let (app, admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (quiet, quiet_c) = member(&app, "quiet").await;
    let response = CommunityEdit::of("widgets")
        .default_watch_level(WatchLevel::Watching)
        .send(&admin)
        .await;
    assert_see_other(&response, "/c/widgets?notice=saved");
    watch_community_ok(&quiet_c, "widgets", "muted").await;
    grant_role(&admin, "widgets", "quiet", CommunityRole::Member).await;
    let c = find_community(&app, "widgets").await.expect("widgets");
    assert_eq!(
        watch_row(&app, &quiet.id, WatchTarget::Community, c.id.as_str())
            .await
            .map(|w| w.level),
        Some(WatchLevel::Muted)
    );
    TopicBuilder::discussion("Something new")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    assert!(notification_kinds(&app, &quiet.id).await.is_empty());
}

// ---------------------------------------------------------------------------------------
// More: new accounts
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_new_account_starts_at_the_default_levels_of_what_it_may_see_once_confirmed() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("club")
        .visibility(Visibility::Members)
        .build(&app, &admin)
        .await;
    CommunityBuilder::new("staff")
        .visibility(Visibility::Employees)
        .build(&app, &admin)
        .await;
    CommunityBuilder::new("inner")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    CommunityEdit::of("widgets")
        .default_watch_level(WatchLevel::Watching)
        .save(&admin)
        .await;
    CommunityEdit::of("club")
        .visibility(Visibility::Members)
        .default_watch_level(WatchLevel::NewTopics)
        .save(&admin)
        .await;
    CommunityEdit::of("staff")
        .visibility(Visibility::Employees)
        .default_watch_level(WatchLevel::Watching)
        .save(&admin)
        .await;
    CommunityEdit::of("inner")
        .visibility(Visibility::InviteOnly)
        .default_watch_level(WatchLevel::Watching)
        .save(&admin)
        .await;

    let browser = app.new_client();
    let response = browser
        .post_form(
            "/signup",
            &[
                ("username", "newcomer"),
                ("email", "newcomer@customer.example"),
                ("password", "a perfectly fine passphrase"),
            ],
        )
        .await;
    assert_see_other(&response, "/login?notice=check_email");
    let newcomer = user_named(&app, "newcomer").await;
    assert!(
        watch_rows_of(&app, &newcomer.id).await.is_empty(),
        "nothing before the address is confirmed"
    );
    let mail = crate::helpers::fixtures::wait_until("the confirmation mail arrives", || async {
        app.mail
            .messages_to("newcomer@customer.example")
            .into_iter()
            .next()
    })
    .await;
    let link = mail
        .first_link_with(&format!("{}/confirm/", app.address))
        .expect("a confirmation link");
    let response = browser.post_form(&link, &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "confirmed");
    assert!(user_named(&app, "newcomer")
        .await
        .email_confirmed_at
        .is_some());

    let mut levels: Vec<(String, WatchLevel)> = Vec::new();
    for w in watch_rows_of(&app, &newcomer.id).await {
        assert_eq!(w.target_kind, WatchTarget::Community);
        let slug = db(&app, move |conn| {
            Ok(parley::db::models::communities::all(conn)?
                .into_iter()
                .find(|c| c.id.as_str() == w.target_id)
                .map(|c| c.slug))
        })
        .await
        .expect("a sub-community");
        levels.push((slug, w.level));
    }
    levels.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        levels,
        vec![
            ("club".to_string(), WatchLevel::NewTopics),
            ("widgets".to_string(), WatchLevel::Watching),
        ],
        "only the sub-communities a customer may see"
    );

    let (_, erin) = employee(&app, "erin").await;
    let (_, ana) = member(&app, "ana").await;
    let t = TopicBuilder::discussion("Hello newcomers")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    TopicBuilder::discussion("Internal only")
        .in_("staff")
        .by(&erin)
        .build(&app)
        .await;
    TopicBuilder::discussion("Invited only")
        .in_("inner")
        .by(&admin)
        .build(&app)
        .await;
    TopicBuilder::discussion("Members lounge")
        .in_("club")
        .by(&ana)
        .build(&app)
        .await;
    assert_eq!(
        notification_kinds(&app, &newcomer.id).await,
        vec![NotificationKind::NewTopic, NotificationKind::NewTopic]
    );
    reply(&app, &erin, &t, "Welcome!").await;
    assert_eq!(
        notification_kinds(&app, &newcomer.id).await.len(),
        3,
        "watching widgets: posted"
    );
}

/// An address at an employee domain makes the new account an employee when it is
/// confirmed; the defaults it starts with are those of what an employee may see.
#[tokio::test]
async fn an_employee_sign_up_starts_at_the_defaults_of_employees_only_sub_communities() {
    let (app, admin) = widgets().await;
    SiteSettings {
        site_name: "Acme Community",
        employee_domains: "acme.example",
        ..SiteSettings::default()
    }
    .save(&admin)
    .await;
    CommunityBuilder::new("staff")
        .visibility(Visibility::Employees)
        .build(&app, &admin)
        .await;
    CommunityEdit::of("staff")
        .visibility(Visibility::Employees)
        .default_watch_level(WatchLevel::Watching)
        .save(&admin)
        .await;

    let wile = sign_up_and_confirm(&app, "wile", "wile@acme.example", false).await;
    assert!(wile.is_employee, "an employee once confirmed");
    let staff = find_community(&app, "staff").await.expect("staff");
    assert_eq!(
        watch_row(&app, &wile.id, WatchTarget::Community, staff.id.as_str())
            .await
            .map(|w| w.level),
        Some(WatchLevel::Watching),
        "the new employee starts at the staff sub-community's default"
    );
    let (_, erin) = employee(&app, "erin").await;
    TopicBuilder::discussion("Team standup notes")
        .in_("staff")
        .by(&erin)
        .build(&app)
        .await;
    assert_eq!(
        notification_kinds(&app, &wile.id).await,
        vec![NotificationKind::NewTopic]
    );
}
