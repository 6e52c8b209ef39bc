//! The vote and accept controls: real buttons of a real form (they work without
//! JavaScript), labelled in the page's language with what they do and the post's score,
//! their state in `aria-pressed`.

use super::{scene, set_member_language};
use crate::helpers::forum_fixtures::*;
use crate::helpers::html_attr;
use parley::db::Language;

#[tokio::test]
async fn vote_and_accept_buttons_are_labelled_in_the_page_language_with_their_state() {
    let s = scene().await;
    let answer = s.french_answer.anchor();
    // ana (no setting) reads her French question in French.
    let html = page(&s.ana, &s.french.path).await;
    let up = format!("#{answer} button.vote-up");
    assert_eq!(
        html_attr(&html, &up, "aria-label"),
        vec!["Voter pour (0 vote)".to_string()]
    );
    assert_eq!(
        html_attr(&html, &up, "aria-pressed"),
        vec!["false".to_string()]
    );
    assert_eq!(html_attr(&html, &up, "type"), vec!["submit".to_string()]);
    // The buttons submit a real form with a CSRF token.
    let form = html_attr(&html, &up, "form");
    assert_eq!(form.len(), 1);
    assert_eq!(
        html_attr(
            &html,
            &format!("form#{} input[name=csrf_token]", form[0]),
            "type"
        ),
        vec!["hidden".to_string()]
    );
    assert_eq!(
        html_attr(&html, "button[name=post_id]", "aria-label").len()
            + html_attr(&html, "button[name=post_id]", "formaction").len(),
        1,
        "one accept button, no label beyond its text"
    );
    assert!(
        html.contains(">Accepter cette réponse</button>"),
        "accept button in French"
    );

    // ana votes the answer up: the button is pressed, and the label counts the vote.
    vote_ok(&s.ana, &s.french, &s.french_answer, 1).await;
    let html = page(&s.ana, &s.french.path).await;
    assert_eq!(
        html_attr(&html, &up, "aria-pressed"),
        vec!["true".to_string()]
    );
    assert_eq!(
        html_attr(&html, &up, "aria-label"),
        vec!["Voter pour (1 vote)".to_string()]
    );
    assert_eq!(
        html_attr(
            &html,
            &format!("#{answer} button.vote-down"),
            "aria-pressed"
        ),
        vec!["false".to_string()]
    );

    // The same controls in English, for a member who chose English.
    set_member_language(&s.app, "ana", Language::En).await;
    let html = page(&s.ana, &s.french.path).await;
    assert_eq!(
        html_attr(&html, &up, "aria-label"),
        vec!["Vote up (1 vote)".to_string()]
    );
    assert!(html.contains(">Accept this answer</button>"));
    assert_see_other(
        &accept(&s.ana, &s.french, &s.french_answer).await,
        &s.french.path,
    );
}

use crate::helpers::assert_see_other;
