//! Who may not escalate or change an escalation, what outsiders of a private
//! sub-community never see, and bad input that changes nothing.

use reqwest::StatusCode;

use super::{
    audit_actions, escalate, escalate_ok, escalation_count, question, save_team, scene, update,
    vault,
};
use crate::helpers::forum_fixtures::{ask, page};
use crate::helpers::html_select;

#[tokio::test]
async fn members_and_moderators_of_another_sub_community_may_not_escalate_or_update() {
    let s = scene().await;
    let app = &s.app;
    let topic = question(&s, "widgets", "Export fails with error 500").await;
    for (who, client) in [
        ("member", &s.member.1),
        ("gadgets moderator", &s.gadgets_mod.1),
    ] {
        let (status, _) = client.get_html(&format!("/t/{}/escalate", topic.id)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who} opens the form");
        let r = escalate(client, &topic, &[("team", "billing")]).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{who} escalates");
    }
    // The asker sees no escalate link; the employee does.
    let asker_view = page(&s.asker.1, &topic.path).await;
    assert!(!asker_view.contains(&format!("/t/{}/escalate", topic.id)));
    let staff_view = page(&s.employee.1, &topic.path).await;
    assert!(staff_view.contains(&format!("/t/{}/escalate", topic.id)));
    assert_eq!(escalation_count(app).await, 0);

    let eid = escalate_ok(app, &s.employee.1, &topic).await;
    for (who, client) in [
        ("member", &s.member.1),
        ("gadgets moderator", &s.gadgets_mod.1),
        ("asker", &s.asker.1),
    ] {
        let r = update(client, &topic, &eid, &[("status", "resolved")]).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{who} updates");
    }
    assert_eq!(
        audit_actions(app, "escalation.").await,
        vec!["escalation.open"]
    );

    // The gadgets moderator escalates in gadgets (where no team covers: a ticket only).
    let gadget_q = ask(&s.asker.1, &s.gadgets.slug, "Battery drains overnight").await;
    let r = escalate(&s.gadgets_mod.1, &gadget_q, &[("external_id", "HW-9")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let shown = page(&app.new_client(), &gadget_q.path).await;
    let banner = html_select(&shown, ".escalation").join(" ");
    assert!(banner.contains("Escalated to the product team"), "{banner}");
    assert!(banner.contains("HW-9"), "{banner}");
}

#[tokio::test]
async fn a_private_sub_communitys_escalation_is_invisible_to_outsiders() {
    let s = scene().await;
    let app = &s.app;
    let (_, (_, keeper)) = vault(&s).await;
    let secret = ask(&keeper, "vault", "Prototype overheats").await;
    let r = escalate(
        &keeper,
        &secret,
        &[("team", "vault-team"), ("internal_note", "Codename Ember")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let shown = page(&keeper, &secret.path).await;
    assert!(html_select(&shown, ".escalation")
        .join(" ")
        .contains("Vault team"));

    // The employee outside the vault, and a member: the topic, its escalate page and the
    // team's queue do not exist for them.
    for client in [&s.employee.1, &s.member.1] {
        for path in [
            secret.path.clone(),
            format!("/t/{}/escalate", secret.id),
            "/teams/vault-team".to_string(),
        ] {
            let (status, body) = client.get_html(&path).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
            assert!(!body.contains("Codename Ember"));
        }
    }
    let (status, _) = app.new_client().get_html(&secret.path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bad_input_is_a_clear_error_and_changes_nothing() {
    let s = scene().await;
    let app = &s.app;
    let topic = question(&s, "widgets", "Where is my invoice?").await;
    // A team that covers gadgets only.
    save_team(
        &s.admin,
        None,
        &[
            ("name", "Hardware"),
            ("slug", "hardware"),
            ("communities", "gadgets"),
        ],
        StatusCode::SEE_OTHER,
    )
    .await;
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str);
    let cases: [Case<'_>; 4] = [
        (&[("team", "nobody")], "team", "No such team."),
        (&[("team", "hardware")], "team", "does not cover"),
        (
            &[("team", "billing"), ("external_url", "javascript:alert(1)")],
            "external_url",
            "http",
        ),
        (&[("internal_note", "just a note")], "team", "Choose a team"),
    ];
    for (fields, field, message) in cases {
        let r = escalate(&s.employee.1, &topic, fields).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        let body = r.text().await.unwrap_or_default();
        assert!(body.contains(message), "{field}: {message} in\n{body}");
    }
    assert_eq!(escalation_count(app).await, 0);
    assert!(audit_actions(app, "escalation.").await.is_empty());

    // An update with an unknown status, owner or a bad URL changes nothing either.
    let eid = escalate_ok(app, &s.employee.1, &topic).await;
    for fields in [
        &[("status", "maybe")][..],
        &[("owner", "nobody-here")][..],
        &[("external_url", "not a url")][..],
    ] {
        let r = update(&s.tara.1, &topic, &eid, fields).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
    }
    assert_eq!(
        audit_actions(app, "escalation.").await,
        vec!["escalation.open"]
    );

    // Team form: a taken address, an unknown member, a bad address are refused.
    for (fields, message) in [
        (
            &[("name", "Other"), ("slug", "billing")][..],
            "Another team has this address.",
        ),
        (
            &[("name", "Other"), ("slug", "other"), ("members", "ghost")][..],
            "ghost",
        ),
        (
            &[
                ("name", "Other"),
                ("slug", "other"),
                ("notify_email", "nope"),
            ][..],
            "notify_email",
        ),
    ] {
        let body = save_team(&s.admin, None, fields, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(body.contains(message), "{message} in\n{body}");
    }
    assert_eq!(
        audit_actions(app, "team.").await,
        vec!["team.create", "team.create"]
    );
    // Teams are for admins only.
    let r = s.employee.1.get("/admin/teams").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}
