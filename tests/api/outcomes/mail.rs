//! The monthly outcome mail: once per month, to managers who did not opt out.

use parley::db::CommunityRole;

use super::{run_job, setup_mail};
use crate::helpers::forum_fixtures::member;
use crate::helpers::grant_role;

#[tokio::test]
async fn managers_get_last_month_s_figures_once_unless_they_opted_out() {
    let (app, admin, widgets) = setup_mail().await;
    let (mia_user, mia) = member(&app, "mia").await;
    let (oli_user, oli) = member(&app, "oli").await;
    grant_role(&admin, &widgets, "mia", CommunityRole::Manager).await;
    grant_role(&admin, &widgets, "oli", CommunityRole::Manager).await;
    // Oli stops the mail (the checkbox left unticked).
    let r = oli
        .post_form("/c/widgets/outcomes/settings", &[("target_hours", "24")])
        .await;
    assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER);
    drop(mia);
    // Two months on, the month before this one is complete and widgets existed in it.
    app.clock.advance_secs(62 * 86_400);
    run_job(&app).await;
    run_job(&app).await;
    let mut to_mia = vec![];
    for _ in 0..100 {
        to_mia = app.mail.messages_to(&mia_user.email);
        if !to_mia.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // Give a second, wrongly queued copy the time to arrive too.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let to_mia = app.mail.messages_to(&mia_user.email);
    assert_eq!(to_mia.len(), 1, "once, however many runs");
    assert!(to_mia[0].text_body().contains("/c/widgets/outcomes"));
    assert!(
        app.mail.messages_to(&oli_user.email).is_empty(),
        "opted out"
    );
}
