//! Issue 20: the outcome event log, the daily facts job and the dashboard. Every
//! scenario runs on the app's manual clock; the expected figures are worked out by hand
//! in the comments.

mod mail;

use diesel::prelude::*;
use parley::db::schema::{
    outcome_daily, outcome_events, outcome_helpers, outcome_questions, topics,
};
use parley::db::{CommunityRole, Visibility};
use parley::outcomes::facts::{day_of, QuestionFact};
use reqwest::StatusCode;

use crate::helpers::fixtures::{admin_client, db};
use crate::helpers::forum_fixtures::{accept, ask, employee, forum_app, member, reply};
use crate::helpers::{grant_role, CommunityBuilder, TestApp, TestClient, TestCommunity};

const HOUR: i64 = 3600;

/// Runs the facts job once, as the background worker does.
pub async fn run_job(app: &TestApp) {
    parley::outcomes::job::run_once(&app.state)
        .await
        .expect("the outcome job runs");
}

/// The cells of a CSV export, row by row (quotes removed; no cell here holds a comma).
pub fn csv_rows(body: &str) -> Vec<Vec<String>> {
    body.lines()
        .map(|l| {
            l.split("\",\"")
                .map(|c| c.trim_matches('"').to_string())
                .collect()
        })
        .collect()
}

/// The "this period" value of a summary metric.
pub fn metric(rows: &[Vec<String>], label: &str) -> String {
    rows.iter()
        .find(|r| r[0] == label)
        .unwrap_or_else(|| panic!("no metric {label} in {rows:?}"))[1]
        .clone()
}

pub async fn csv(client: &TestClient, path: &str) -> (StatusCode, String) {
    let response = client.get(path).await;
    let status = response.status();
    (status, response.text().await.expect("body"))
}

/// An app with `widgets` (public) and `secret` (invite-only), their admin, and `mia`,
/// manager of `widgets` only.
async fn setup() -> (
    TestApp,
    TestClient,
    TestCommunity,
    TestCommunity,
    TestClient,
) {
    let app = forum_app().await;
    let (_, admin) = admin_client(&app).await;
    let widgets = CommunityBuilder::new("widgets").build(&app, &admin).await;
    let secret = CommunityBuilder::new("secret")
        .visibility(Visibility::InviteOnly)
        .build(&app, &admin)
        .await;
    let (_, mia) = member(&app, "mia").await;
    grant_role(&admin, &widgets, "mia", CommunityRole::Manager).await;
    (app, admin, widgets, secret, mia)
}

async fn facts(
    app: &TestApp,
) -> (
    Vec<QuestionFact>,
    Vec<(String, i64, String, i64)>,
    Vec<(String, i64, String, i64, i64)>,
) {
    db(app, |conn| {
        let q = outcome_questions::table
            .order(outcome_questions::topic_id)
            .select(QuestionFact::as_select())
            .load(conn)?;
        let d = outcome_daily::table
            .order((
                outcome_daily::community_id,
                outcome_daily::day,
                outcome_daily::metric,
            ))
            .load(conn)?;
        let h = outcome_helpers::table
            .order((
                outcome_helpers::community_id,
                outcome_helpers::day,
                outcome_helpers::user_id,
            ))
            .load(conn)?;
        Ok((q, d, h))
    })
    .await
}

#[tokio::test]
async fn medians_and_p90_count_waiting_questions_and_self_answers_stay_unanswered() {
    let (app, _admin, _widgets, _secret, mia) = setup().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, eve) = employee(&app, "eve").await;
    // t = 0: four questions.
    let q1 = ask(&ana, "widgets", "How do I pair the W3000?").await;
    let q2 = ask(&ana, "widgets", "Why does sync stop at night?").await;
    let q3 = ask(&ana, "widgets", "Where is the audit export?").await;
    let q4 = ask(&ana, "widgets", "Can I rename a device?").await;
    // t = 1 h: bob answers q1; ana answers her own q2 (still unanswered).
    app.clock.advance_secs(HOUR);
    let a1 = reply(&app, &bob, &q1, "Hold the button for five seconds.").await;
    reply(
        &app,
        &ana,
        &q2,
        "Adding: it happens every night around 2am.",
    )
    .await;
    // t = 3 h: eve (an employee) answers q3.
    app.clock.advance_secs(2 * HOUR);
    reply(&app, &eve, &q3, "Settings, Audit, Export.").await;
    // t = 5 h: bob answers q4; ana accepts bob's answer on q1.
    app.clock.advance_secs(2 * HOUR);
    reply(&app, &bob, &q4, "Yes, from the device page.").await;
    let r = accept(&ana, &q1, &a1).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // t = 10 h: the job runs.
    app.clock.advance_secs(5 * HOUR);
    run_job(&app).await;

    let (status, body) = csv(&mia, "/c/widgets/outcomes?format=csv&table=summary").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let rows = csv_rows(&body);
    // First responses: q1 1 h, q3 3 h, q4 5 h, q2 still waiting (10 h so far).
    // Sorted 1, 3, 5, 10w: median = rank ceil(0.5 x 4) = 2 -> 3 h;
    // p90 = rank ceil(0.9 x 4) = 4 -> the waiting one, "more than 10.0 h".
    assert_eq!(metric(&rows, "Questions asked"), "4");
    assert_eq!(metric(&rows, "Time to first response, median"), "3.0 h");
    assert_eq!(
        metric(&rows, "Time to first response, 90th percentile"),
        "more than 10.0 h (still waiting)"
    );
    // 3 of 4 answered within 24 h (q2's own reply does not count): 75.0 %.
    assert_eq!(metric(&rows, "Answered within 24 h"), "75.0 %");
    // Solved: q1 only (accepted at 5 h): 25.0 %. Solution spans 5, 10w, 10w, 10w:
    // median = rank 2 = waiting.
    assert_eq!(metric(&rows, "Solved"), "25.0 %");
    assert_eq!(
        metric(&rows, "Time to solution, median"),
        "more than 10.0 h (still waiting)"
    );
    // First answered by an employee: q3 (3 h). By a member: q1 (1 h), q4 (5 h); median
    // rank ceil(0.5 x 2) = 1 -> 1 h.
    assert_eq!(metric(&rows, "First answered by an employee"), "1 (3.0 h)");
    assert_eq!(metric(&rows, "First answered by a member"), "2 (1.0 h)");

    let (_, waiting) = csv(&mia, "/c/widgets/outcomes?format=csv&table=waiting").await;
    let waiting = csv_rows(&waiting);
    assert_eq!(
        waiting[1],
        vec!["under 1 day".to_string(), "1".to_string()],
        "q2 waits"
    );
    let q2_row = facts(&app)
        .await
        .0
        .into_iter()
        .find(|q| q.topic_id == q2.id)
        .expect("q2 row");
    assert_eq!(
        q2_row.first_response_at, None,
        "answered only by its author"
    );

    // The page itself: a chart with a title and a text alternative, never NaN.
    let (status, html) = mia.get_html("/c/widgets/outcomes").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<title id=\"daily-title\">"), "chart title");
    assert!(
        html.contains("<desc id=\"daily-desc\">"),
        "text alternative"
    );
    assert!(!html.contains("NaN"));
    // Lead users: bob (1 accepted, 2 replies to others) first.
    let (_, leads) = csv(&mia, "/c/widgets/outcomes?format=csv&table=lead_users").await;
    assert_eq!(
        csv_rows(&leads)[1],
        vec!["bob".to_string(), "1".into(), "2".into()]
    );
}

#[tokio::test]
async fn a_question_records_its_first_replies_once_however_many_replies_follow() {
    let (app, _admin, _widgets, _secret, _mia) = setup().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let (_, eve) = employee(&app, "eve").await;
    let q = ask(&ana, "widgets", "How do I pair the W3000?").await;
    reply(&app, &ana, &q, "Adding: it is the 2024 model.").await;
    let first = reply(&app, &bob, &q, "Hold the button for five seconds.").await;
    reply(&app, &bob, &q, "Then release it when it blinks.").await;
    let first_by_staff = reply(&app, &eve, &q, "Settings, Pairing, Add.").await;
    reply(&app, &eve, &q, "Firmware 2.1 or later.").await;
    let topic = q.id.clone();
    let (events, reply_count) = db(&app, move |conn| {
        let events: Vec<(String, Option<String>)> = outcome_events::table
            .filter(outcome_events::topic_id.eq(&topic))
            .order((outcome_events::occurred_at, outcome_events::id))
            .select((outcome_events::kind, outcome_events::post_id))
            .load(conn)?;
        let count: i32 = topics::table
            .find(&topic)
            .select(topics::reply_count)
            .first(conn)?;
        Ok((events, count))
    })
    .await;
    let of = |kind: &str| -> Vec<Option<String>> {
        events
            .iter()
            .filter(|(k, _)| k == kind)
            .map(|(_, p)| p.clone())
            .collect()
    };
    assert_eq!(of("reply_posted").len(), 5, "{events:?}");
    // The asker's own reply is no first reply; bob's first is, and eve's first of hers.
    assert_eq!(
        of("first_reply"),
        vec![Some(first.id.clone())],
        "{events:?}"
    );
    assert_eq!(
        of("first_employee_reply"),
        vec![Some(first_by_staff.id.clone())],
        "{events:?}"
    );
    // Counted once each, by the statement that took the topic's lock.
    assert_eq!(reply_count, 5);
}

#[tokio::test]
async fn the_job_is_idempotent() {
    let (app, _admin, _widgets, _secret, _mia) = setup().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let q = ask(&ana, "widgets", "Does the W3000 work offline?").await;
    app.clock.advance_secs(HOUR);
    reply(&app, &bob, &q, "Yes, it syncs later.").await;
    run_job(&app).await;
    let first = facts(&app).await;
    assert_eq!(first.0.len(), 1);
    assert!(!first.1.is_empty() && !first.2.is_empty());
    run_job(&app).await;
    assert_eq!(facts(&app).await, first, "same facts after a second run");
}

#[tokio::test]
async fn a_deleted_post_changes_a_past_day_only_when_recomputed() {
    let (app, admin, _widgets, _secret, mia) = setup().await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let q = ask(&ana, "widgets", "Is there a dark mode?").await;
    let asked_day = day_of(app.clock.now());
    app.clock.advance_secs(HOUR);
    let answer = reply(&app, &bob, &q, "Yes, in Settings, Display.").await;
    run_job(&app).await;
    // Ten days later (past the 3 days the job recomputes) the answer is deleted.
    app.clock.advance_secs(10 * 24 * HOUR);
    let r = admin
        .post_form(&format!("/p/{}/delete", answer.id), &[])
        .await;
    assert!(r.status().is_redirection(), "deleted: {}", r.status());
    run_job(&app).await;
    let path = "/c/widgets/outcomes?format=csv&table=summary";
    let rows = csv_rows(&csv(&mia, path).await.1);
    assert_eq!(
        metric(&rows, "Answered within 24 h"),
        "100.0 %",
        "the past day stands"
    );

    // Recomputing that day on purpose (`parley outcomes recompute --from DATE` runs this).
    let now = app.clock.now();
    let done = db(&app, move |conn| {
        Ok(
            parley::outcomes::job::recompute_range(conn, asked_day, asked_day, now, |_| {})
                .map_err(|e| e.to_string()),
        )
    })
    .await;
    assert_eq!(done, Ok(()));
    let rows = csv_rows(&csv(&mia, path).await.1);
    assert_eq!(
        metric(&rows, "Answered within 24 h"),
        "0.0 %",
        "recomputed without it"
    );
}

#[tokio::test]
async fn a_manager_of_one_sub_community_cannot_read_another_s_dashboard() {
    let (app, admin, _widgets, _secret, mia) = setup().await;
    let gadgets = CommunityBuilder::new("gadgets").build(&app, &admin).await;
    for path in [
        "/c/gadgets/outcomes",
        "/c/gadgets/outcomes?format=csv&table=summary",
        "/c/secret/outcomes",
        "/c/secret/outcomes?format=csv&table=summary",
    ] {
        assert_eq!(
            mia.get(path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    assert_eq!(
        mia.get("/c/widgets/outcomes").await.status(),
        StatusCode::OK
    );
    // The deployment's dashboard is the site staff's.
    assert_eq!(
        mia.get("/admin/outcomes").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        mia.get("/admin/outcomes.csv?table=summary").await.status(),
        StatusCode::FORBIDDEN
    );
    let (_, plain) = member(&app, "paul").await;
    assert_eq!(
        plain.get("/c/widgets/outcomes").await.status(),
        StatusCode::NOT_FOUND
    );
    let (status, _) = csv(&admin, "/admin/outcomes.csv?table=summary").await;
    assert_eq!(status, StatusCode::OK);
    drop(gadgets);
}

#[tokio::test]
async fn csv_cells_that_look_like_formulas_are_neutralised() {
    let (app, _admin, _widgets, _secret, mia) = setup().await;
    // A target first-response time of 1 hour, set by the manager.
    let r = mia
        .post_form(
            "/c/widgets/outcomes/settings",
            &[("target_hours", "1"), ("monthly_mail", "on")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, ana) = member(&app, "ana").await;
    ask(
        &ana,
        "widgets",
        "=HYPERLINK(\"http://evil.example\") breaks my sheet",
    )
    .await;
    app.clock.advance_secs(2 * HOUR);
    run_job(&app).await;
    let (status, body) = csv(&mia, "/c/widgets/outcomes?format=csv&table=at_risk").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("\"'=HYPERLINK(\"\"http://evil.example\"\") breaks my sheet\""),
        "neutralised and quoted: {body}"
    );
    // The page lists it as at risk, with the link to the employee queue.
    let (_, html) = mia.get_html("/c/widgets/outcomes").await;
    assert!(html.contains("href=\"/queue\""));
}

#[tokio::test]
async fn an_empty_sub_community_shows_an_empty_state_not_nan() {
    let (app, admin, _widgets, _secret, _mia) = setup().await;
    CommunityBuilder::new("quiet").build(&app, &admin).await;
    run_job(&app).await;
    let (status, html) = admin.get_html("/c/quiet/outcomes").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("No activity in this period"), "empty state");
    assert!(!html.contains("NaN"));
    let rows = csv_rows(
        &csv(&admin, "/c/quiet/outcomes?format=csv&table=summary")
            .await
            .1,
    );
    assert_eq!(metric(&rows, "Questions asked"), "0");
    assert_eq!(metric(&rows, "Answered within 24 h"), "–");
}

/// An app with `widgets` and its admin (for the mail tests).
pub async fn setup_mail() -> (TestApp, TestClient, TestCommunity) {
    let app = forum_app().await;
    let (_, admin) = admin_client(&app).await;
    let widgets = CommunityBuilder::new("widgets").build(&app, &admin).await;
    (app, admin, widgets)
}
