//! Watching levels (muted, tracking, normal) and how they are set and shown: the
//! watch endpoints, the preferences page, the level a topic inherits.

use diesel::prelude::*;
use parley::db::schema::watches as watches_table;
use parley::db::{NotificationKind, TopicKind, Visibility};
use reqwest::StatusCode;

use super::{badge_of, watch_category_ok, watch_community_ok, watch_rows_of, watch_topic_ok};
use crate::helpers::fixtures::{assert_sent_to_sign_in, assert_sign_in_required, db};
use crate::helpers::forum_fixtures::*;
use crate::helpers::notification_fixtures::notification_kinds;
use crate::helpers::{assert_see_other, html_attr, html_select, CommunityBuilder, TopicBuilder};

// ---------------------------------------------------------------------------------------
// 3. Levels: muted, tracking, normal
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_muted_topic_tells_its_author_nothing_even_for_replies_and_mentions() {
    let (app, _admin) = widgets().await;
    let (ana_user, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let t = TopicBuilder::discussion("Too noisy a thread")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    watch_topic_ok(&ana, &t, "muted").await;

    reply(&app, &bob, &t, "A direct reply.").await;
    reply(&app, &bob, &t, "And @ana, a mention.").await;
    let (_, cara) = member(&app, "cara").await;
    reply(&app, &cara, &t, "Me too.").await;
    assert!(
        notification_kinds(&app, &ana_user.id).await.is_empty(),
        "muted: {:?}",
        notification_kinds(&app, &ana_user.id).await
    );
    assert_eq!(badge_of(&ana).await, None);

    // Unmuted (normal), the next reply reaches her again.
    watch_topic_ok(&ana, &t, "normal").await;
    reply(&app, &bob, &t, "Back again.").await;
    assert_eq!(
        notification_kinds(&app, &ana_user.id).await,
        vec![NotificationKind::Reply]
    );
}

#[tokio::test]
async fn a_muted_sub_community_silences_replies_and_mentions_in_its_topics() {
    let (app, _admin) = widgets().await;
    let (ana_user, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (cara_user, _) = member(&app, "cara").await;
    // A topic of ana's without a topic-level row (imported before watching existed).
    let ids = insert_topics(
        &app,
        "widgets",
        &ana_user.id,
        TopicKind::Discussion,
        vec![("An old thread".into(), app.clock.now())],
    )
    .await;
    let old = TopicRef {
        id: ids[0].to_string(),
        path: topic_row(&app, ids[0].as_ref()).await.path(),
    };
    // Publishing gave ana the default topic-level row; take it away.
    let ana_id = ana_user.id.clone();
    db(&app, move |conn| {
        Ok(
            diesel::delete(watches_table::table.filter(watches_table::user_id.eq(&ana_id)))
                .execute(conn)?,
        )
    })
    .await;
    assert!(watch_rows_of(&app, &ana_user.id).await.is_empty());
    watch_community_ok(&ana, "widgets", "muted").await;

    reply(&app, &bob, &old, "A direct reply to ana.").await;
    let t = TopicBuilder::discussion("Ping for the team")
        .in_("widgets")
        .by(&bob)
        .build(&app)
        .await;
    reply(&app, &bob, &t, "@ana and @cara, look.").await;
    assert!(
        notification_kinds(&app, &ana_user.id).await.is_empty(),
        "muted sub-community"
    );
    assert_eq!(
        notification_kinds(&app, &cara_user.id).await,
        vec![NotificationKind::Mention],
        "the same mention reaches a member who did not mute"
    );
}

#[tokio::test]
async fn tracking_and_normal_hear_replies_and_mentions_but_not_every_post() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (tom, tom_c) = member(&app, "tom").await;
    let (nel, nel_c) = member(&app, "nel").await;
    let (wes, wes_c) = member(&app, "wes").await;
    let t = TopicBuilder::discussion("Firmware 3 feedback")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    watch_topic_ok(&tom_c, &t, "tracking").await;
    watch_topic_ok(&nel_c, &t, "normal").await;
    watch_topic_ok(&wes_c, &t, "watching").await;

    reply(&app, &bob, &t, "@tom @nel what do you think?").await;
    assert_eq!(
        notification_kinds(&app, &tom.id).await,
        vec![NotificationKind::Mention]
    );
    assert_eq!(
        notification_kinds(&app, &nel.id).await,
        vec![NotificationKind::Mention]
    );
    assert_eq!(
        notification_kinds(&app, &wes.id).await,
        vec![NotificationKind::Posted]
    );

    reply(&app, &bob, &t, "Anyone else?").await;
    assert_eq!(
        notification_kinds(&app, &tom.id).await.len(),
        1,
        "tracking: no `posted`"
    );
    assert_eq!(
        notification_kinds(&app, &nel.id).await.len(),
        1,
        "normal: no `posted`"
    );
    assert_eq!(
        notification_kinds(&app, &wes.id).await,
        vec![NotificationKind::Posted, NotificationKind::Posted]
    );
}

/// The topic's own row decides, even when it says "normal": an explicit normal on a
/// topic overrides watching (or muting) its sub-community.
#[tokio::test]
async fn an_explicit_normal_on_a_topic_overrides_the_sub_community_level() {
    let (app, _admin) = widgets().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (wes, wes_c) = member(&app, "wes").await;
    let (mia, mia_c) = member(&app, "mia").await;
    watch_community_ok(&wes_c, "widgets", "watching").await;
    watch_community_ok(&mia_c, "widgets", "muted").await;
    let t = TopicBuilder::discussion("Quiet please")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    assert_eq!(
        notification_kinds(&app, &wes.id).await,
        vec![NotificationKind::NewTopic]
    );
    watch_topic_ok(&wes_c, &t, "normal").await;
    watch_topic_ok(&mia_c, &t, "normal").await;
    // The topic page shows the choice as the level in force.
    let html = page(&wes_c, &t.path).await;
    assert_eq!(
        html_attr(
            &html,
            "form.watch-control select[name=level] option[selected]",
            "value"
        ),
        vec!["normal"]
    );

    reply(&app, &bob, &t, "Just a post, and a ping for @mia.").await;
    assert_eq!(
        notification_kinds(&app, &wes.id).await,
        vec![NotificationKind::NewTopic],
        "normal on the topic: no `posted`"
    );
    assert_eq!(
        notification_kinds(&app, &mia.id).await,
        vec![NotificationKind::Mention],
        "normal on the topic: mentions reach her despite the muted sub-community"
    );
}

// ---------------------------------------------------------------------------------------
// 8. Watch endpoints and controls
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn watch_endpoints_refuse_bad_levels_strangers_and_anonymous_visitors() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("inner")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    create_category(&app, &admin, "widgets", "setup", "Setup").await;
    create_category(&app, &admin, "inner", "plans", "Plans").await;
    let (_, ana) = member(&app, "ana").await;
    let (bob, bob_c) = member(&app, "bob").await;
    let t = TopicBuilder::discussion("Public thread")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    let secret = TopicBuilder::discussion("Secret plans")
        .in_("inner")
        .by(&admin)
        .build(&app)
        .await;

    // Bad levels: 4xx and nothing stored.
    for (path, level) in [
        (format!("/t/{}/watch", t.id), "loud"),
        (format!("/t/{}/watch", t.id), ""),
        (format!("/t/{}/watch", t.id), "new_topics"),
        ("/c/widgets/watch".to_string(), "everything"),
        ("/c/widgets/cat/setup/watch".to_string(), "WATCHING!"),
    ] {
        let response = bob_c.post_form(&path, &[("level", level)]).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "POST {path} level={level:?}"
        );
    }
    assert!(
        watch_rows_of(&app, &bob.id).await.is_empty(),
        "nothing stored"
    );

    // Things bob may not see: 404, nothing stored.
    for path in [
        "/c/inner/watch".to_string(),
        "/c/inner/cat/plans/watch".to_string(),
        format!("/t/{}/watch", secret.id),
        "/c/nowhere/watch".to_string(),
        "/c/widgets/cat/nothing/watch".to_string(),
    ] {
        let response = bob_c.post_form(&path, &[("level", "watching")]).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "POST {path}");
    }
    assert!(watch_rows_of(&app, &bob.id).await.is_empty());

    // Anonymous: sign in first.
    let anonymous = app.new_client();
    for path in [
        format!("/t/{}/watch", t.id),
        "/c/widgets/watch".to_string(),
        "/c/widgets/cat/setup/watch".to_string(),
    ] {
        let response = anonymous.post_form(&path, &[("level", "watching")]).await;
        assert_sign_in_required(&response, &format!("anonymous POST {path}"));
    }
    for path in ["/notifications", "/settings/notifications"] {
        let response = anonymous.get(path).await;
        assert_sent_to_sign_in(&response, &format!("anonymous GET {path}"));
    }
    let response = anonymous.post_form("/notifications/read-all", &[]).await;
    assert_sign_in_required(&response, "anonymous read-all");

    // The controls: signed-in members see them with their level; visitors do not.
    watch_community_ok(&bob_c, "widgets", "new_topics").await;
    watch_category_ok(&bob_c, "widgets", "setup", "muted").await;
    let selected = |html: &str| {
        html_attr(
            html,
            "form.watch-control select[name=level] option[selected]",
            "value",
        )
    };
    assert_eq!(
        selected(&page(&bob_c, "/c/widgets").await),
        vec!["new_topics"]
    );
    assert_eq!(
        selected(&page(&bob_c, "/c/widgets/cat/setup").await),
        vec!["muted"]
    );
    let topic_html = page(&bob_c, &t.path).await;
    assert_eq!(selected(&topic_html), vec!["normal"]);
    let topic_levels = html_attr(
        &topic_html,
        "form.watch-control select[name=level] option",
        "value",
    );
    assert!(
        !topic_levels.contains(&"new_topics".to_string()),
        "topics offer no 'new topics': {topic_levels:?}"
    );
    for path in ["/c/widgets", "/c/widgets/cat/setup", t.path.as_str()] {
        let html = page(&anonymous, path).await;
        assert!(
            html_select(&html, "form.watch-control").is_empty(),
            "{path}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// More: where levels are shown
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn preferences_page_lists_visible_sub_communities_with_their_levels() {
    let (app, admin) = widgets().await;
    CommunityBuilder::new("staff")
        .visibility(Visibility::Employees)
        .build(&app, &admin)
        .await;
    let (_, bob) = member(&app, "bob").await;
    let (_, ana) = member(&app, "ana").await;
    let t = TopicBuilder::discussion("A topic to follow")
        .in_("widgets")
        .by(&ana)
        .build(&app)
        .await;
    reply(&app, &bob, &t, "Following.").await;

    let response = bob
        .post_form("/c/widgets/watch?back=prefs", &[("level", "new_topics")])
        .await;
    assert_see_other(&response, "/settings/notifications?notice=saved");
    let html = page(&bob, "/settings/notifications").await;
    assert_eq!(
        html_attr(&html, "table.watch-table form.watch-control", "action"),
        vec!["/c/widgets/watch?back=prefs"],
        "only what bob may see"
    );
    assert_eq!(
        html_attr(&html, "table.watch-table option[selected]", "value"),
        vec!["new_topics"]
    );
    assert!(
        html_select(&html, "main")
            .concat()
            .contains("You follow 1 topic directly"),
        "the tracked topic is counted"
    );
}

#[tokio::test]
async fn a_topic_shows_the_level_it_inherits_and_where_from() {
    let (app, admin) = widgets().await;
    let cat_id = create_category(&app, &admin, "widgets", "setup", "Setup").await;
    let (_, ana) = member(&app, "ana").await;
    let (_, wes) = member(&app, "wes").await;
    let (_, nel) = member(&app, "nel").await;
    let (_, cat) = member(&app, "cat").await;
    watch_community_ok(&wes, "widgets", "watching").await;
    watch_community_ok(&nel, "widgets", "new_topics").await;
    watch_category_ok(&cat, "widgets", "setup", "muted").await;
    let response = post_topic(
        &ana,
        "widgets",
        &[
            ("kind", "discussion"),
            ("title", "Where does my level come from?"),
            ("body", "Curious."),
            ("tags", ""),
            ("category", &cat_id),
        ],
    )
    .await;
    let t = topic_from_redirect(&response);
    let control = |html: &str| {
        (
            html_attr(
                html,
                "form.watch-control select[name=level] option[selected]",
                "value",
            ),
            html_select(html, "form.watch-control p.hint").concat(),
        )
    };
    let (level, hint) = control(&page(&wes, &t.path).await);
    assert_eq!(level, vec!["watching"]);
    assert!(
        hint.contains("from your setting on the sub-community"),
        "{hint}"
    );
    let (level, _) = control(&page(&nel, &t.path).await);
    assert_eq!(
        level,
        vec!["normal"],
        "new topics does not apply to a topic"
    );
    let (level, hint) = control(&page(&cat, &t.path).await);
    assert_eq!(level, vec!["muted"]);
    assert!(hint.contains("from your setting on the category"), "{hint}");
    let (level, hint) = control(&page(&ana, &t.path).await);
    assert_eq!(level, vec!["watching"], "the creator's own row");
    assert!(!hint.contains("from your setting"), "{hint}");
}
