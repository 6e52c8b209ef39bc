//! The frame documents: small complete HTML pages with the frame's own stylesheet and
//! script (no inline script or style). Everything the script needs is in `data-`
//! attributes of `<body>` (maud escapes them).

use maud::{html, Markup, DOCTYPE};

use crate::embed::comments::{comments_markup, CommentsContext};
use crate::embed::threads::PageThread;

/// What both frames carry for frame.js.
pub struct FrameInfo<'a> {
    pub community: &'a str,
    /// The validated host origin (`postMessage` target).
    pub host_origin: &'a str,
    pub csrf: &'a str,
    /// The thread (or the sub-community) in the community, the last resort.
    pub continue_url: &'a str,
    pub community_url: &'a str,
}

fn document(title: &str, info: &FrameInfo<'_>, frame: &str, extra: Markup, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="csrf-token" content=(info.csrf);
                title { (title) }
                link rel="stylesheet" href=(crate::http::assets::url("embed/frame.css"));
                script src=(crate::http::assets::url("embed/frame.js")) defer {}
            }
            body data-frame=(frame)
                data-community=(info.community)
                data-host-origin=(info.host_origin)
                data-continue-url=(info.continue_url)
                data-community-url=(info.community_url)
            {
                (extra)
                (body)
            }
        }
    }
}

fn signin_controls(info: &FrameInfo<'_>, label: &str) -> Markup {
    html! {
        div.signin data-signin {
            span.who data-who hidden {}
            button.signin-button type="button" data-signin-button { (label) }
            " "
            a.continue href=(info.continue_url) target="_blank" rel="noopener" {
                "Continue in the community"
            }
        }
    }
}

/// The comments frame: the comments, a composer, sign-in controls.
pub fn comments_frame(
    info: &FrameInfo<'_>,
    page: (&str, &str, &str),
    ctx: &CommentsContext<'_>,
    thread: &PageThread,
) -> Markup {
    let (page_key, url, title) = page;
    let extra = html! {
        div hidden data-page=(page_key) data-url=(url) data-title=(title) {}
    };
    document(
        "Comments",
        info,
        "comments",
        extra,
        html! {
            main.frame {
                div.message role="status" aria-live="polite" data-message hidden {}
                div data-comments { (comments_markup(ctx, thread)) }
                form.composer data-composer {
                    p.replying data-replying hidden {
                        "Replying to a comment. "
                        button type="button" data-cancel-reply { "Cancel" }
                    }
                    label for="comment-body" { "Your comment" }
                    textarea #comment-body name="body" rows="3" required {}
                    button type="submit" { "Post comment" }
                }
                (signin_controls(info, "Sign in"))
            }
        },
    )
}

/// The ask frame: title and details, similar questions, sign-in controls.
pub fn ask_frame(info: &FrameInfo<'_>, anonymous_ask: bool) -> Markup {
    document(
        "Ask the community",
        info,
        "ask",
        html! { div hidden data-anonymous-ask=(anonymous_ask) {} },
        html! {
            main.frame {
                div.message role="status" aria-live="polite" data-message hidden {}
                div.ask-signin data-ask-signin hidden[anonymous_ask] {
                    p { "Sign in to ask" }
                }
                form.ask data-ask hidden[!anonymous_ask] {
                    label for="ask-title" { "Your question" }
                    input #ask-title name="title" type="text" maxlength="150" required autocomplete="off";
                    section.similar data-similar hidden {
                        h2 { "Similar questions" }
                        ul data-similar-list {}
                    }
                    label for="ask-body" { "Details" }
                    textarea #ask-body name="body" rows="4" required {}
                    button type="submit" { "Ask" }
                }
                div.thanks data-thanks hidden {
                    p { "Thanks — you will be emailed when someone answers." }
                    a data-thanks-link href=(info.community_url) target="_blank" rel="noopener" {
                        "See your question"
                    }
                }
                (signin_controls(info, "Sign in"))
            }
        },
    )
}

/// The refusal of an `origin` the sub-community does not allow (served with the
/// default `frame-ancestors 'none'`).
pub fn refused() -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head { meta charset="utf-8"; title { "Not allowed" } }
            body { p { "This page may not show the community." } }
        }
    }
}
