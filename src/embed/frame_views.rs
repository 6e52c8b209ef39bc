//! The frame documents: small complete HTML pages with the frame's own stylesheet and
//! script (no inline script or style). Everything the script needs is in `data-`
//! attributes of `<body>` (maud escapes them), its messages too (`data-texts`: each
//! in the frame's language, `{placeholders}` filled by the script).

use maud::{html, Markup, DOCTYPE};

use crate::embed::comments::{comments_markup, CommentsContext};
use crate::embed::threads::PageThread;
use crate::i18n::Lang;

/// What both frames carry for frame.js.
pub struct FrameInfo<'a> {
    pub lang: Lang,
    pub community: &'a str,
    /// The validated host origin (`postMessage` target).
    pub host_origin: &'a str,
    pub csrf: &'a str,
    /// The thread (or the sub-community) in the community, the last resort.
    pub continue_url: &'a str,
    pub community_url: &'a str,
}

/// frame.js's messages: its key → the `embed.ftl` message (variables given as
/// `{placeholders}` the script fills).
fn script_texts(lang: Lang) -> String {
    let texts = serde_json::json!({
        "error": crate::t!(lang, "embed-frame-error", status = "{status}"),
        "unreachable": lang.t("embed-frame-unreachable"),
        "signed-in-as": crate::t!(lang, "embed-frame-signed-in-as", name = "{name}"),
        "popup-blocked": lang.t("embed-frame-popup-blocked"),
        "session-ended": lang.t("embed-frame-session-ended"),
        "vote-up": lang.t("embed-frame-vote-up"),
        "reply": lang.t("embed-frame-reply"),
        "reload-failed": lang.t("embed-frame-reload-failed"),
        "sign-in-to-vote": lang.t("embed-frame-sign-in-to-vote"),
        "sign-in-to-comment": lang.t("embed-frame-sign-in-to-comment"),
        "sign-in-to-ask": lang.t("embed-frame-sign-in-to-ask"),
        "comment-held": lang.t("embed-frame-comment-held"),
        "question-held": lang.t("embed-frame-question-held"),
        "answers-one": crate::t!(lang, "embed-answers", count = 1).replacen('1', "{n}", 1),
        "answers-other": crate::t!(lang, "embed-answers", count = 2).replacen('2', "{n}", 1),
    });
    texts.to_string()
}

fn document(title: &str, info: &FrameInfo<'_>, frame: &str, extra: Markup, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(info.lang.code()) {
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
                data-texts=(script_texts(info.lang))
            {
                (extra)
                (body)
            }
        }
    }
}

fn signin_controls(info: &FrameInfo<'_>) -> Markup {
    html! {
        div.signin data-signin {
            span.who data-who hidden {}
            button.signin-button type="button" data-signin-button { (info.lang.t("embed-frame-sign-in")) }
            " "
            a.continue href=(info.continue_url) target="_blank" rel="noopener" {
                (info.lang.t("embed-frame-continue"))
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
    let lang = info.lang;
    let (page_key, url, title) = page;
    let extra = html! {
        div hidden data-page=(page_key) data-url=(url) data-title=(title) {}
    };
    document(
        &lang.t("embed-frame-comments-title"),
        info,
        "comments",
        extra,
        html! {
            main.frame {
                div.message role="status" aria-live="polite" data-message hidden {}
                div data-comments { (comments_markup(ctx, thread)) }
                form.composer data-composer {
                    p.replying data-replying hidden {
                        (lang.t("embed-frame-replying")) " "
                        button type="button" data-cancel-reply { (lang.t("embed-frame-cancel")) }
                    }
                    label for="comment-body" { (lang.t("embed-frame-your-comment")) }
                    textarea #comment-body name="body" rows="3" required {}
                    button type="submit" { (lang.t("embed-frame-post-comment")) }
                }
                (signin_controls(info))
            }
        },
    )
}

/// The ask frame: title and details, similar questions, sign-in controls.
pub fn ask_frame(info: &FrameInfo<'_>, anonymous_ask: bool) -> Markup {
    let lang = info.lang;
    document(
        &lang.t("embed-frame-ask-title"),
        info,
        "ask",
        html! { div hidden data-anonymous-ask=(anonymous_ask) {} },
        html! {
            main.frame {
                div.message role="status" aria-live="polite" data-message hidden {}
                div.ask-signin data-ask-signin hidden[anonymous_ask] {
                    p { (lang.t("embed-frame-sign-in-to-ask-short")) }
                }
                form.ask data-ask hidden[!anonymous_ask] {
                    label for="ask-title" { (lang.t("embed-frame-your-question")) }
                    input #ask-title name="title" type="text" maxlength="150" required autocomplete="off";
                    section.similar data-similar hidden {
                        h2 { (lang.t("embed-frame-similar")) }
                        ul data-similar-list {}
                    }
                    label for="ask-body" { (lang.t("embed-frame-details")) }
                    textarea #ask-body name="body" rows="4" required {}
                    button type="submit" { (lang.t("embed-frame-ask")) }
                }
                div.thanks data-thanks hidden {
                    p { (lang.t("embed-frame-thanks")) }
                    a data-thanks-link href=(info.community_url) target="_blank" rel="noopener" {
                        (lang.t("embed-frame-see-question"))
                    }
                }
                (signin_controls(info))
            }
        },
    )
}

/// The refusal of an `origin` the sub-community does not allow (served with the
/// default `frame-ancestors 'none'`), in the frame's language.
pub fn refused(lang: Lang) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head { meta charset="utf-8"; title { (lang.t("embed-frame-refused-title")) } }
            body { p { (lang.t("embed-frame-refused")) } }
        }
    }
}
