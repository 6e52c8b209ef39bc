//! The topic page: the opening post, the accepted answer and a page of replies with
//! their comments, the reply box and the staff tools, and its template for signed-in
//! members (see `views::holes`).

use std::collections::HashMap;

use maud::{html, Markup, Render};

use crate::auth::TopicPerms;
use crate::db::models::posts::Post;
use crate::db::{IdeaStatus, PostId, Timestamp, TopicKind};
use crate::error::FieldErrors;
use crate::forums::topic_page::{PostView, TopicPage};
use crate::forums::views::{
    ago, byline, content_lang, idea_status_label, preview_block, replies_count, state_badges,
};
use crate::i18n::{format, Lang};
use crate::moderation::queue::HeldReason;
use crate::views::components::{csrf_field, error_summary, sanitized_html, Field};
use crate::views::holes::{mark, Hole, Template};
use crate::views::layout::layout_with_head;
use crate::views::Page;

/// The one form that every per-post button on a topic page submits (vote, accept, delete,
/// hide, approve, restore), through its `form` and `formaction` attributes: the page carries
/// one CSRF token instead of several per post.
pub const POST_ACTIONS_FORM: &str = "post-actions";

fn post_actions_form(page: &Page) -> Markup {
    html! {
        form id=(POST_ACTIONS_FORM) method="post" action="/" hidden { (csrf_field(&page.csrf)) }
    }
}

/// A button that submits [`POST_ACTIONS_FORM`] to `action`.
fn post_action(
    action: &str,
    label: &str,
    field: Option<(&str, &str)>,
    confirm: Option<&str>,
) -> Markup {
    html! {
        button.link-button type="submit" form=(POST_ACTIONS_FORM) formaction=(action)
            name=[field.map(|f| f.0)] value=[field.map(|f| f.1)] data-confirm=[confirm] { (label) }
    }
}

/// The vote buttons: real buttons of a real form (they work without JavaScript), each
/// labelled with what it does and the post's score, `aria-pressed` saying whether the
/// viewer's vote is already that one (pressing it again takes the vote back).
fn vote_form(lang: Lang, post: &Post, my_vote: i32, allowed: bool) -> Markup {
    let action = format!("/p/{}/vote", post.id);
    let score = post.score;
    // The label stays the same whether pressed or not (ARIA toggle buttons): the state is
    // `aria-pressed`.
    let up = crate::t!(lang, "forum-vote-up", count = score);
    let down = crate::t!(lang, "forum-vote-down", count = score);
    html! {
        div.vote role="group" aria-label=(lang.t("forum-vote-group")) {
            @if allowed {
                button.vote-up.active[my_vote == 1] type="submit" form=(POST_ACTIONS_FORM) formaction=(action)
                    name="value" value=(if my_vote == 1 { 0 } else { 1 }) aria-label=(up) title=(up) aria-pressed=(my_vote == 1) { span aria-hidden="true" { "▲" } }
            }
            span.score aria-label=(crate::t!(lang, "forum-score", count = score)) { (format::number(lang, i64::from(score))) }
            @if allowed {
                button.vote-down.active[my_vote == -1] type="submit" form=(POST_ACTIONS_FORM) formaction=(action)
                    name="value" value=(if my_vote == -1 { 0 } else { -1 }) aria-label=(down) title=(down) aria-pressed=(my_vote == -1) { span aria-hidden="true" { "▼" } }
            }
        }
    }
}

/// Seen only by the author and moderators: why others do not see this post.
fn unpublished_badge(lang: Lang, p: &Post) -> Markup {
    html! {
        @if p.moderation_state == crate::db::ModerationState::Hidden {
            span.badge.warn { (lang.t("forum-post-hidden")) }
        } @else {
            span.badge.warn { (lang.t("forum-post-awaiting")) }
        }
    }
}

fn post_block(
    page: &Page,
    tp: &TopicPage,
    pv: &PostView,
    perms: &TopicPerms,
    now: Timestamp,
) -> Markup {
    let p = &pv.post;
    let c = &tp.community;
    let may = perms.post(&p.id);
    let accepted = tp.topic.accepted_post_id.as_ref() == Some(&p.id);
    let brand = p.as_brand.then_some(page.brand.settings.site_name.as_str());
    let lang = page.lang;
    // The posts are in the topic's language, whatever the page's (user content is never
    // translated): a French topic in an English page is marked French.
    let written_in = content_lang(lang, tp.topic.language);
    html! {
        article.post.accepted[accepted].official[p.as_brand].deleted[p.deleted_at.is_some()] id={ "p" (p.post_number) } {
            @if page.holes { (mark(&Hole::Vote(p.id.clone()))) } @else { (vote_form(lang, p, pv.my_vote, may.vote)) }
            div.post-body {
                div.post-head {
                    (byline(lang, &pv.author, brand, now))
                    span.muted { " · " time datetime=(p.created_at.rfc3339()) title=(format::date_time(lang, p.created_at)) { (ago(lang, now, p.created_at)) } }
                    @if p.edited_at.is_some() { " · " a.muted href={ "/p/" (p.id) "/history" } { (lang.t("forum-post-edited")) } }
                    @if accepted { " " span.badge.state-solved { "✓ " (lang.t("forum-accepted-answer")) } }
                    @if p.deleted_at.is_some() { " " span.badge.warn { (lang.t("forum-post-deleted")) } }
                    @if !p.is_published() { " " (unpublished_badge(lang, p)) }
                }
                @if let Some(why) = tp.pending.get(&p.id) {
                    p.notice.pending role="status" { (crate::t!(lang, "forum-post-pending", reason = held_reason(lang, why).as_str())) }
                }
                div.prose lang=[written_in] { (sanitized_html(&p.body_html)) }
                div.post-actions {
                    @if perms.reply {
                        a href={ "/t/" (tp.topic.id) "/reply?quote=" (p.id) "#reply" } { (lang.t("forum-post-quote")) }
                    }
                    @if !p.is_opening() && tp.topic.kind == TopicKind::Question && !accepted && p.deleted_at.is_none() && perms.accept {
                        (post_action(&format!("/t/{}/accept", tp.topic.id), &lang.t("forum-accept"), Some(("post_id", p.id.as_str())), None))
                    }
                    @if accepted && perms.accept {
                        (post_action(&format!("/t/{}/unaccept", tp.topic.id), &lang.t("forum-unaccept"), Some(("post_id", p.id.as_str())), None))
                    }
                    @if may.edit { a href={ "/p/" (p.id) "/edit" } { (lang.t("forum-post-edit")) } }
                    @if p.deleted_at.is_none() && may.delete {
                        (post_action(&format!("/p/{}/delete", p.id), &lang.t("forum-post-delete"), None, Some(&lang.t("forum-post-delete-confirm"))))
                    }
                    @if p.is_published() && may.flag {
                        a href={ "/p/" (p.id) "/flag" } { (lang.t("forum-post-flag")) }
                    }
                    @if perms.review && p.deleted_at.is_none() {
                        @if p.is_published() {
                            (post_action(&format!("/p/{}/hide", p.id), &lang.t("forum-post-hide"), None, None))
                        } @else {
                            (post_action(&format!("/p/{}/publish", p.id), &lang.t("forum-post-approve"), None, None))
                            a href={ "/review?c=" (c.slug) } { (lang.t("forum-review-queue")) }
                        }
                    }
                    @if p.deleted_at.is_some() && perms.restore {
                        (post_action(&format!("/p/{}/restore", p.id), &lang.t("forum-post-restore"), None, None))
                    }
                }
                @if !pv.comments.is_empty() {
                    ul.comments {
                        @for (cm, author) in &pv.comments {
                            li.comment id={ "p" (cm.post_number) } {
                                @if !cm.is_published() { (unpublished_badge(lang, cm)) " " }
                                div.prose lang=[written_in] { (sanitized_html(&cm.body_html)) }
                                " — " (byline(lang, author, cm.as_brand.then_some(page.brand.settings.site_name.as_str()), now))
                            }
                        }
                    }
                }
                @if tp.topic.kind == TopicKind::Question && perms.reply && p.deleted_at.is_none() {
                    p.add-comment { a href={ "/p/" (p.id) "/comment" } { (lang.t("forum-add-comment")) } }
                }
            }
        }
    }
}

/// A topic page. Everything it shows about what the viewer may do comes from `perms`;
/// with `page.holes` the viewer's own parts are left as holes for [`TopicTemplate::fill`].
pub fn topic(
    page: &Page,
    tp: &TopicPage,
    perms: &TopicPerms,
    now: Timestamp,
    reply_body: &str,
    errors: &FieldErrors,
    preview: Option<&str>,
) -> Markup {
    let errors = &errors.in_lang(page.lang);
    let t = &tp.topic;
    let c = &tp.community;
    let is_q = t.kind == TopicKind::Question;
    let shown = tp.post_views().flat_map(|pv| {
        std::iter::once((&*pv.post, &*pv.author))
            .chain(pv.comments.iter().map(|(c, a)| (&**c, &**a)))
    });
    let head = crate::seo::head::topic(page, c, t, shown, tp.first_page);
    let lang = page.lang;
    let written_in = content_lang(lang, t.language);
    layout_with_head(
        page,
        &t.title,
        head.render(),
        html! {
            p.crumbs {
                a class=(crate::views::brand::accent_class(&c.id)) href={ "/c/" (c.slug) } { (c.name) }
                @if let Some(cat) = &tp.category { " › " a href={ "/c/" (c.slug) "/cat/" (cat.slug) } { (cat.name) } }
            }
            h1.topic-heading lang=[written_in] { (t.title) }
            div.topic-meta {
                (state_badges(lang, t))
                @for tag in t.tag_list() { a.tag href={ "/c/" (c.slug) "?tag=" (tag) } { "#" (tag) } " " }
            }
            (crate::escalations::views::banner_in(lang, t, &tp.escalations, perms.escalate, perms.update_escalation))
            @if let Some(orig) = &tp.duplicate_of {
                p.notice.warn { (page.t("forum-duplicate-of")) " " a href=(orig.path()) lang=[content_lang(lang, orig.language)] { (orig.title) } }
            }
            @if t.idea_status.is_some() && !t.idea_status_note.is_empty() {
                p.notice { strong { (page.t("forum-status-note")) " " } span lang=[written_in] { (t.idea_status_note) } }
            }
            @if let Some(claimer) = &tp.claimed_by { p.muted { (crate::t!(lang, "forum-claimed-by", name = claimer.name_to_show())) } }
            @if t.locked { p.notice.warn { (page.t("forum-locked-notice")) } }
            @if perms.signed_in { (post_actions_form(page)) }
            (post_block(page, tp, &tp.opening, perms, now))
            @if page.holes { (mark(&Hole::Watch)) } @else { (watch_control(page, tp)) }
            @if tp.first_page {
                h2 { (replies_count(lang, t.kind, t.reply_count)) }
            } @else {
                p { a href=(t.path()) { "← " (page.t("forum-first-page")) } }
            }
            @if let Some(a) = &tp.accepted { (post_block(page, tp, a, perms, now)) }
            @for r in &tp.replies { (post_block(page, tp, r, perms, now)) }
            @if let Some(n) = &tp.next { p.pager { a.button href={ (t.path()) "?after=" (n) } { (page.t(if is_q { "forum-more-answers" } else { "forum-more-replies" })) " →" } } }
            @if perms.reply {
                section.card id="reply" {
                    h2 { (page.t(if is_q { "forum-your-answer" } else { "forum-reply" })) }
                    (error_summary(errors))
                    form method="post" action={ "/t/" (t.id) "/reply" } {
                        (csrf_field(&page.csrf))
                        (Field::new("body", &page.t(if is_q { "forum-answer-field" } else { "forum-reply" })).kind("textarea").value(reply_body).required().render(errors))
                        @if perms.post_as_brand {
                            label.checkbox { input type="checkbox" name="as_brand" value="true"; " " (crate::t!(lang, "forum-answer-as-brand", brand = page.brand.settings.site_name.as_str())) }
                        }
                        @if let Some(p) = preview { (preview_block(lang, p)) }
                        div.form-actions {
                            button.button type="submit" name="action" value="preview" { (page.t("forum-preview")) }
                            button.button.primary type="submit" name="action" value="post" { (page.t(if is_q { "forum-post-answer" } else { "forum-reply" })) }
                        }
                    }
                }
            } @else if !perms.signed_in {
                p { a href={ "/login?next=" (t.path()) } { (page.t("forum-sign-in")) } " " (page.t("forum-sign-in-to-reply")) }
            }
            @if perms.covers && is_q && t.accepted_post_id.is_none() {
                section.card.staff-tools {
                    h2 { (page.t("forum-employee-tools")) }
                    @let mine = perms.claimed_by_me;
                    form.inline method="post" action={ "/t/" (t.id) (if mine { "/release" } else { "/claim" }) } {
                        (csrf_field(&page.csrf))
                        button.button.small type="submit" { (page.t(if mine { "forum-release" } else { "forum-claim" })) }
                    }
                    " " a.button.small href={ "/t/" (t.id) "/assign" } { (page.t("forum-assign-link")) }
                }
            }
            @if t.kind == TopicKind::Idea && perms.set_idea_status {
                section.card.staff-tools {
                    h2 { (page.t("forum-idea-status")) }
                    form method="post" action={ "/t/" (t.id) "/status" } {
                        (csrf_field(&page.csrf))
                        label for="f-status" { (page.t("forum-status")) }
                        select #f-status name="status" {
                            option value="none" { (page.t("forum-none")) }
                            @for s in IdeaStatus::ALL { option value=(s.as_str()) selected[t.idea_status == Some(*s)] { (idea_status_label(lang, *s)) } }
                        }
                        (Field::new("note", &page.t("forum-status-note-field")).value(&t.idea_status_note).render(&FieldErrors::new()))
                        button.button.small type="submit" { (page.t("forum-set-status")) }
                    }
                }
            }
            (crate::forums::views::wiki::topic_controls(page, t, perms.make_wiki, perms.request_wiki))
            @if perms.moderate {
                section.card.staff-tools {
                    h2 { (page.t("forum-moderation")) }
                    @for (action, label) in [
                        (if t.pinned { "unpin" } else { "pin" }, if t.pinned { "forum-unpin" } else { "forum-pin" }),
                        (if t.locked { "unlock" } else { "lock" }, if t.locked { "forum-unlock" } else { "forum-lock" }),
                    ] {
                        form.inline method="post" action={ "/t/" (t.id) "/" (action) } {
                            (csrf_field(&page.csrf))
                            button.button.small type="submit" { (page.t(label)) }
                        }
                        " "
                    }
                    form method="post" action={ "/t/" (t.id) "/move" } {
                        (csrf_field(&page.csrf))
                        label for="f-move-community" { (page.t("forum-move-community")) }
                        input #f-move-community type="text" name="community" value=(c.slug);
                        label for="f-move-category" { (page.t("forum-category")) }
                        select #f-move-category name="category" {
                            option value="" { (page.t("forum-none")) }
                            @for cat in &tp.categories { option value=(cat.id) selected[t.category_id.as_ref() == Some(&cat.id)] { (cat.name) } }
                        }
                        button.button.small type="submit" { (page.t("forum-move")) }
                    }
                    @if is_q {
                        form method="post" action={ "/t/" (t.id) "/duplicate" } {
                            (csrf_field(&page.csrf))
                            label for="f-dup" { (page.t("forum-duplicate-field")) }
                            input #f-dup type="text" name="original";
                            button.button.small type="submit" { (page.t("forum-close-duplicate")) }
                        }
                    }
                    @if t.page_key.is_none() {
                        form method="post" action={ "/t/" (t.id) "/merge" } {
                            (csrf_field(&page.csrf))
                            label for="f-merge" { (page.t("forum-merge-field")) }
                            input #f-merge type="text" name="into" aria-describedby="f-merge-hint";
                            p.hint #f-merge-hint { (page.t("forum-merge-hint")) }
                            button.button.small type="submit" { (page.t("forum-merge")) }
                        }
                    }
                }
            }
        },
    )
}

fn watch_control(page: &Page, tp: &TopicPage) -> Markup {
    html! {
        @if let Some(w) = &tp.watch {
            (crate::notifications::views::watch_control(page, &format!("/t/{}/watch", tp.topic.id), crate::db::WatchTarget::Topic, w.level, Some(w)))
        }
    }
}

/// A topic page rendered once for every viewer with the same `perms` (see
/// `views::holes`), with each post's vote buttons ready in their three states.
pub struct TopicTemplate {
    template: Template,
    /// The vote buttons of each vote hole, in the template's order: no vote, an up-vote
    /// and a down-vote (a fill takes them in turn instead of looking each post up).
    votes: Vec<[String; 3]>,
}

impl TopicTemplate {
    /// Renders `tp` as [`topic`] does with `page.template()`.
    pub fn render(page: &Page, tp: &TopicPage, perms: &TopicPerms, now: Timestamp) -> Self {
        let rendered = topic(
            &page.template(),
            tp,
            perms,
            now,
            "",
            &FieldErrors::new(),
            None,
        );
        let states: HashMap<&PostId, [String; 3]> = tp
            .post_views()
            .map(|pv| {
                let may = perms.post(&pv.post.id).vote;
                let state = |v: i32| vote_form(page.lang, &pv.post, v, may).into_string();
                (&pv.post.id, [state(0), state(1), state(-1)])
            })
            .collect();
        let template = Template::parse(&rendered.into_string());
        let votes = template
            .holes()
            .filter_map(|hole| match hole {
                Hole::Vote(id) => Some(states.get(id).cloned().unwrap_or_default()),
                _ => None,
            })
            .collect();
        TopicTemplate { template, votes }
    }

    /// Roughly the memory this takes, for the page cache's bound.
    pub fn weight(&self) -> usize {
        self.template.weight()
            + self
                .votes
                .iter()
                .map(|v| v.iter().map(|s| s.len() + 24).sum::<usize>() + 64)
                .sum::<usize>()
    }

    /// The page with this viewer's own parts filled in (`tp` and `perms` as rendered, but
    /// read for this viewer).
    pub fn fill(&self, page: &Page, tp: &TopicPage) -> String {
        // A member has voted on few of a page's posts: a short list beats hashing each.
        let my_votes: Vec<(&PostId, i32)> = tp
            .post_views()
            .filter(|pv| pv.my_vote != 0)
            .map(|pv| (&pv.post.id, pv.my_vote))
            .collect();
        let mut votes = self.votes.iter();
        self.template.fill(|hole, out| match hole {
            Hole::Csrf => page.csrf.as_str().render_to(out),
            Hole::AccountNav => crate::views::layout::account_nav(page).render_to(out),
            Hole::AccountNotices => crate::views::layout::account_notices(page).render_to(out),
            Hole::Vote(id) => {
                let state = match my_votes.iter().find(|(p, _)| *p == id) {
                    Some((_, 1)) => 1,
                    Some((_, -1)) => 2,
                    _ => 0,
                };
                if let Some(states) = votes.next() {
                    out.push_str(&states[state]);
                }
            }
            Hole::Watch => watch_control(page, tp).render_to(out),
        })
    }
}

/// Why a post waits for a moderator, in `lang` (what was found named as the review queue
/// names it).
fn held_reason(lang: Lang, why: &HeldReason) -> String {
    match why {
        HeldReason::NewMember => lang.t("forum-held-new-member"),
        HeldReason::Flagged => lang.t("forum-held-flagged"),
        HeldReason::Found(labels) => {
            let named: Vec<String> = labels
                .iter()
                .map(|l| crate::moderation::views::match_label(lang, l))
                .collect();
            crate::t!(lang, "forum-held-found", labels = named.join(", ").as_str())
        }
    }
}
