//! A product team's webhook URL (`/admin/teams`) is a managed, signed webhook
//! subscription that hears only that team's escalations; a bad URL changes nothing.

use diesel::prelude::*;
use parley::db::models::webhooks::Subscription;
use parley::db::schema::{product_teams, users, webhook_deliveries, webhook_subscriptions};
use reqwest::StatusCode;
use serde_json::Value;

use super::{audit_actions, escalate, question, save_team, scene, update, Scene};
use crate::helpers::fixtures::{db, wait_until};
use crate::helpers::webhook_receiver::Receiver;
use crate::helpers::{html_attr, html_select};

/// The Widgets Product team (covers widgets, like Billing) with `url` as its webhook.
fn widgets_team(url: &str) -> Vec<(&'static str, String)> {
    vec![
        ("name", "Widgets Product".into()),
        ("slug", "widgets-product".into()),
        ("members", "tara".into()),
        ("communities", "widgets".into()),
        ("webhook_url", url.into()),
    ]
}

async fn save(
    s: &Scene,
    id: Option<&str>,
    fields: &[(&str, String)],
    status: StatusCode,
) -> String {
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    save_team(&s.admin, id, &fields, status).await
}

async fn team_id(s: &Scene, slug: &str) -> Option<String> {
    let slug = slug.to_string();
    db(&s.app, move |conn| {
        Ok(product_teams::table
            .filter(product_teams::slug.eq(&slug))
            .select(product_teams::id)
            .first::<String>(conn)
            .optional()?)
    })
    .await
}

async fn subscriptions(s: &Scene) -> Vec<Subscription> {
    db(&s.app, |conn| {
        Ok(webhook_subscriptions::table
            .order(webhook_subscriptions::created_at.asc())
            .select(Subscription::as_select())
            .load(conn)?)
    })
    .await
}

async fn deliveries_to(s: &Scene, sub: &str) -> i64 {
    let sub = sub.to_string();
    db(&s.app, move |conn| {
        Ok(webhook_deliveries::table
            .filter(webhook_deliveries::subscription_id.eq(&sub))
            .count()
            .get_result(conn)?)
    })
    .await
}

async fn wait_for(receiver: &Receiver, kind: &str, n: usize) -> Vec<Value> {
    wait_until(&format!("{n} {kind} webhook(s)"), || async {
        let got = receiver.of_type(kind);
        (got.len() >= n).then(|| got.iter().map(|r| r.json()).collect())
    })
    .await
}

#[tokio::test]
async fn a_teams_webhook_receives_its_own_escalations_signed_and_no_other_teams() {
    let s = scene().await;
    let receiver = Receiver::start().await;

    // Saving the URL shows the signing secret once and makes a team subscription.
    let shown = save(&s, None, &widgets_team(&receiver.url()), StatusCode::OK).await;
    let secret = html_attr(&shown, "#webhook-secret", "value")
        .pop()
        .expect("the secret is shown");
    assert!(secret.starts_with("whsec_"), "{secret}");
    let team = team_id(&s, "widgets-product").await.expect("team saved");
    let subs = subscriptions(&s).await;
    assert_eq!(subs.len(), 1);
    let sub = &subs[0];
    assert_eq!(
        sub.team_id.as_ref().map(|t| t.to_string()),
        Some(team.clone())
    );
    assert_eq!(sub.url, receiver.url());
    assert_eq!(sub.events, "topic.escalated escalation.updated");
    let chief: String = db(&s.app, |conn| {
        Ok(users::table
            .filter(users::username.eq("chief"))
            .select(users::id)
            .first(conn)?)
    })
    .await;
    assert_eq!(
        sub.owner_id.to_string(),
        chief,
        "owned by the admin who saved it"
    );
    assert!(sub.enabled);

    // The team's subscription follows the team page: not edited or removed on its own.
    let (status, page) = s
        .admin
        .get_html(&format!("/admin/webhooks/{}", sub.id))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html_select(&page, "a[href$='/edit']").is_empty(),
        "an edit link"
    );
    assert!(
        html_select(&page, "form[action$='/delete']").is_empty(),
        "a delete button"
    );
    assert_eq!(html_attr(&page, "p.muted a", "href"), vec!["/admin/teams"]);
    let elsewhere = Receiver::start().await;
    let r = s
        .admin
        .post_form(
            &format!("/admin/webhooks/{}/edit", sub.id),
            &[("url", &elsewhere.url()), ("events", "topic.escalated")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let r = s
        .admin
        .post_form(&format!("/admin/webhooks/{}/delete", sub.id), &[])
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let unchanged = subscriptions(&s).await;
    assert_eq!(
        (
            unchanged.len(),
            unchanged[0].url.as_str(),
            unchanged[0].events.as_str()
        ),
        (1, sub.url.as_str(), sub.events.as_str())
    );

    let (status, edit) = s.admin.get_html(&format!("/admin/teams/{team}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!edit.contains(&secret), "the secret is shown only once");

    // Escalated to Billing (another team covering widgets): nothing for this team.
    let to_billing = question(&s, "widgets", "Invoice shows the wrong VAT").await;
    let r = escalate(&s.employee.1, &to_billing, &[("team", "billing")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(deliveries_to(&s, sub.id.as_str()).await, 0);

    // Escalated to this team: one signed topic.escalated, then escalation.updated.
    let ours = question(&s, "widgets", "Widget firmware update bricks the dial").await;
    let r = escalate(
        &s.employee.1,
        &ours,
        &[
            ("team", "widgets-product"),
            ("internal_note", "Firmware 2.1 only"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let eid = super::escalations_of(&s.app, &ours).await[0].id.to_string();
    let r = update(&s.tara.1, &ours, &eid, &[("status", "in_progress")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let escalated = wait_for(&receiver, "topic.escalated", 1).await;
    let updated = wait_for(&receiver, "escalation.updated", 1).await;
    assert_eq!(escalated.len(), 1, "{escalated:?}");
    assert_eq!(escalated[0]["data"]["id"], eid.as_str());
    assert_eq!(escalated[0]["data"]["topic_id"], ours.id.as_str());
    assert_eq!(escalated[0]["data"]["team"], "widgets-product");
    assert_eq!(updated[0]["data"]["status"], "in_progress");
    assert_eq!(deliveries_to(&s, sub.id.as_str()).await, 2);
    for r in receiver.requests() {
        assert!(r.verifies_with(&secret), "signed with the team's secret");
        assert!(!r.body.contains("Firmware 2.1 only"), "internal note sent");
    }

    // A new URL moves the same subscription (no new secret); clearing it removes it.
    let other = Receiver::start().await;
    let mut fields = widgets_team(&other.url());
    save(&s, Some(&team), &fields, StatusCode::SEE_OTHER).await;
    let subs = subscriptions(&s).await;
    assert_eq!(subs.len(), 1);
    assert_eq!(
        (subs[0].id.as_str(), subs[0].url.as_str()),
        (sub.id.as_str(), other.url().as_str())
    );
    fields[4].1 = String::new();
    save(&s, Some(&team), &fields, StatusCode::SEE_OTHER).await;
    assert!(subscriptions(&s).await.is_empty());
    assert_eq!(
        audit_actions(&s.app, "webhook.").await,
        vec!["webhook.create", "webhook.update", "webhook.delete"]
    );
}

#[tokio::test]
async fn a_bad_team_webhook_url_is_a_422_and_changes_nothing() {
    let s = scene().await;
    let billing = team_id(&s, "billing").await.expect("billing");
    for bad in [
        "ftp://hooks.example.com/parley",
        "not a url",
        "http://10.1.2.3/hooks",
        "http://169.254.169.254/latest",
        "https://user:pw@hooks.example.com/x",
    ] {
        let page = save(
            &s,
            None,
            &widgets_team(bad),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(
            html_select(&page, "#f-webhook_url-error").len(),
            1,
            "{bad}: the field's error"
        );
        assert_eq!(
            team_id(&s, "widgets-product").await,
            None,
            "{bad}: team created"
        );

        let mut fields = widgets_team(bad);
        fields[0].1 = "Billing renamed".into();
        fields[1].1 = "billing".into();
        save(
            &s,
            Some(&billing),
            &fields,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let name: String = {
        let id = billing.clone();
        db(&s.app, move |conn| {
            Ok(product_teams::table
                .find(&id)
                .select(product_teams::name)
                .first(conn)?)
        })
        .await
    };
    assert_eq!(name, "Billing");
    assert!(subscriptions(&s).await.is_empty());
    assert!(audit_actions(&s.app, "webhook.").await.is_empty());
    assert_eq!(audit_actions(&s.app, "team.").await, vec!["team.create"]);
}

#[tokio::test]
async fn deleting_a_team_keeps_its_escalations_and_removes_its_members_and_webhook() {
    let s = scene().await;
    let receiver = Receiver::start().await;
    save(&s, None, &widgets_team(&receiver.url()), StatusCode::OK).await;
    let team = team_id(&s, "widgets-product").await.expect("team saved");
    let ours = question(&s, "widgets", "The dial spins forever").await;
    let r = escalate(&s.employee.1, &ours, &[("team", "widgets-product")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, edit) = s.admin.get_html(&format!("/admin/teams/{team}")).await;
    assert_eq!(
        html_attr(&edit, "form[action$='/delete']", "action"),
        vec![format!("/admin/teams/{team}/delete")]
    );

    // Someone who may not manage teams: refused, nothing gone.
    let r = s
        .tara
        .1
        .post_form(&format!("/admin/teams/{team}/delete"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(team_id(&s, "widgets-product").await.is_some());

    let r = s
        .admin
        .post_form(&format!("/admin/teams/{team}/delete"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(team_id(&s, "widgets-product").await, None);
    assert!(
        subscriptions(&s).await.is_empty(),
        "its webhook went with it"
    );
    let kept = super::escalations_of(&s.app, &ours).await;
    assert_eq!(kept.len(), 1, "the escalation stays");
    assert_eq!(kept[0].team_id, None, "handed to no team");
    assert_eq!(
        audit_actions(&s.app, "team.").await,
        vec!["team.create", "team.create", "team.delete"]
    );
    let members: i64 = db(&s.app, move |conn| {
        use parley::db::schema::{team_communities, team_members};
        let m: i64 = team_members::table
            .filter(team_members::team_id.eq(&team))
            .count()
            .get_result(conn)?;
        let c: i64 = team_communities::table
            .filter(team_communities::team_id.eq(&team))
            .count()
            .get_result(conn)?;
        Ok(m + c)
    })
    .await;
    assert_eq!(members, 0);
    let r = s.admin.get("/teams/widgets-product").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let (status, _) = s.admin.get_html(&format!("/t/{}", ours.id)).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the topic with its escalation still shows"
    );
}
