//! One received reply: parse, recognise loops, authenticate the token, check the member
//! and topic with the guardian, strip and convert the text, post it through the web's
//! posting service, and record what became of it (keyed by the Message-ID, so a retry or
//! a second delivery of the same message never posts twice).

use mailparse::{MailHeaderMap, ParsedMail};

use super::answer::{self, Answer, Detail};
use super::token::{self, Checked};
use super::{markdown, strip, Disposition, Inbound};
use crate::auth::{Guardian, Viewer};
use crate::db::models::communities::{self, Community};
use crate::db::models::moderation as review_rows;
use crate::db::models::outcome_events::{self, NewEvent};
use crate::db::models::posts::Post;
use crate::db::models::reply_mail::{self as rows, ReplyResult};
use crate::db::models::topics::{self, Topic};
use crate::db::models::users::{self, User};
use crate::db::{EventKind, Language, ReviewReason, Timestamp};
use crate::domain::PostBody;
use crate::error::{AppError, AppResult};
use crate::forums::posting;
use crate::state::AppState;

/// What one message is about, carried through the steps.
struct Ctx<'a> {
    state: &'a AppState,
    key: String,
    inbound_id: String,
    /// Who answers go to: the `From` address, or the envelope sender.
    reply_to: String,
    now: Timestamp,
}

pub async fn handle(state: &AppState, mail: &Inbound<'_>) -> AppResult<Disposition> {
    let now = state.clock.now();
    let Ok(parsed) = mailparse::parse_mail(mail.raw) else {
        let ctx = Ctx::new(
            state,
            format!("inbound:{}", mail.id),
            mail,
            String::new(),
            now,
        );
        return ctx.drop_it("unparseable").await;
    };
    let key = message_key(&parsed).unwrap_or_else(|| format!("inbound:{}", mail.id));
    let from = from_address(&parsed).unwrap_or_else(|| mail.sender.trim().to_string());
    let ctx = Ctx::new(state, key, mail, from, now);
    if let Some(done) = ctx.already_done().await? {
        return Ok(done);
    }
    // Never answer these: an answer to an auto-reply or a bounce starts a mail loop.
    if let Some(reason) = loop_reason(&parsed, mail.sender) {
        return ctx.drop_it(reason).await;
    }
    if ctx.reply_to.is_empty() {
        return ctx.drop_it("no_sender").await;
    }
    let Some(raw_token) = token::from_address(mail.recipient).map(str::to_string) else {
        return ctx.refuse("invalid_token", None, None).await;
    };
    let checked = state
        .db(move |conn| Ok(token::check(conn, &raw_token, now)?))
        .await?;
    let (user_id, topic_id) = match checked {
        Checked::Valid { user, topic } => (user, topic),
        Checked::Expired { .. } => return ctx.refuse("expired", None, None).await,
        Checked::Invalid => return ctx.refuse("invalid_token", None, None).await,
    };
    let loaded = state
        .db(move |conn| {
            let Some(user) = users::find(conn, &user_id)? else {
                return Ok(None);
            };
            let Some(topic) = topics::find(conn, &topic_id)? else {
                return Ok(None);
            };
            let Some(community) = communities::find(conn, &topic.community_id)? else {
                return Ok(None);
            };
            let memberships = communities::memberships_of(conn, &user.id)?;
            Ok(Some((user, topic, community, memberships)))
        })
        .await?;
    let Some((user, topic, community, memberships)) = loaded else {
        return ctx.refuse("not_visible", None, None).await;
    };
    // The answer's language is decided from the sender's own setting when it is
    // written (`answer::send_once_a_day`); the sub-community's default comes next.
    let community_lang = Some(community.default_language);
    let about = Some(&topic);
    if !ctx.reply_to.eq_ignore_ascii_case(user.email.trim()) {
        return ctx.refuse("sender_mismatch", community_lang, None).await;
    }
    let viewer = Viewer::of_member(user.clone(), memberships, now);
    let guardian = Guardian::new(&viewer);
    if let Some(refusal) = guardian.mail_reply_refusal(&user, &community, &topic, now) {
        let about =
            (refusal != crate::auth::guardian::MailReplyRefusal::NotVisible).then_some(&topic);
        return ctx.refuse(refusal.code(), community_lang, about).await;
    }
    let body = body_markdown(&parsed);
    if body.trim().chars().count() < 2 {
        return ctx.refuse("empty", community_lang, about).await;
    }
    if body.chars().count() > PostBody::MAX {
        return ctx.refuse("too_large", community_lang, about).await;
    }
    let after = ctx.after_posting(&user, &topic, &community, community_lang);
    let posted = posting::reply_then(
        state,
        &guardian,
        &user,
        (&topic, &community),
        &body,
        false,
        None,
        Some(after),
    )
    .await;
    match posted {
        Ok(post) => Ok(Disposition::Posted {
            held: !post.is_published(),
            post_id: post.id.to_string(),
        }),
        Err(e) => {
            // A second delivery processed at the same time may have posted it.
            if let Some(done) = ctx.already_done().await? {
                return Ok(done);
            }
            let reason = match &e {
                AppError::Validation(fields) => {
                    // The policy's refusal is recognised in English; the sender reads it
                    // in their own language.
                    let first = fields.values().next();
                    let english = first
                        .map(|m| m.text(crate::i18n::Lang::En))
                        .unwrap_or_default();
                    let lang = crate::i18n::resolve::for_recipient(
                        user.language,
                        community_lang,
                        crate::db::Language::En,
                    );
                    let message = first.map(|m| m.text(lang)).unwrap_or_default();
                    let reason = if english.contains("not published because it contains") {
                        "policy"
                    } else {
                        "invalid_body"
                    };
                    return ctx
                        .refuse_with(reason, community_lang, about, Some(message))
                        .await;
                }
                AppError::RateLimited { .. } => "rate_limited",
                AppError::NotFound => "not_visible",
                AppError::Forbidden | AppError::BadRequest(_) => "not_allowed",
                AppError::PayloadTooLarge => "too_large",
                _ => return Err(e),
            };
            ctx.refuse(reason, community_lang, about).await
        }
    }
}

impl<'a> Ctx<'a> {
    fn new(
        state: &'a AppState,
        key: String,
        mail: &Inbound<'_>,
        reply_to: String,
        now: Timestamp,
    ) -> Self {
        Self {
            state,
            key,
            inbound_id: mail.id.to_string(),
            reply_to,
            now,
        }
    }

    fn result(&self, outcome: &str, reason: &str) -> ReplyResult {
        ReplyResult {
            message_key: self.key.clone(),
            inbound_id: self.inbound_id.clone(),
            outcome: outcome.into(),
            reason: reason.into(),
            post_id: None,
            held: false,
            created_at: self.now,
        }
    }

    async fn already_done(&self) -> AppResult<Option<Disposition>> {
        let key = self.key.clone();
        let found = self
            .state
            .db(move |conn| Ok(rows::find_result(conn, &key)?))
            .await?;
        Ok(found.map(disposition_of))
    }

    async fn drop_it(&self, reason: &str) -> AppResult<Disposition> {
        let row = self.result("dropped", reason);
        tracing::info!(inbound = %self.inbound_id, reason, "reply by email dropped");
        self.state
            .write(move |conn| {
                if let Some(done) = rows::find_result(conn, &row.message_key)? {
                    return Ok(disposition_of(done));
                }
                rows::insert_result(conn, &row)?;
                Ok(disposition_of(row))
            })
            .await
    }

    async fn refuse(
        &self,
        reason: &str,
        community_lang: Option<Language>,
        topic: Option<&Topic>,
    ) -> AppResult<Disposition> {
        self.refuse_with(reason, community_lang, topic, None).await
    }

    /// Records the refusal and answers it (once a day per sender and reason).
    async fn refuse_with(
        &self,
        reason: &str,
        community_lang: Option<Language>,
        topic: Option<&Topic>,
        detail: Option<String>,
    ) -> AppResult<Disposition> {
        let row = self.result("refused", reason);
        let (to, now) = (self.reply_to.clone(), self.now);
        let title = topic.map(|t| t.title.clone());
        let link = topic.map(|t| format!("{}{}", self.state.base_url(), t.path()));
        let reason = reason.to_string();
        tracing::info!(inbound = %self.inbound_id, reason, "reply by email refused");
        self.state
            .write(move |conn| {
                if let Some(done) = rows::find_result(conn, &row.message_key)? {
                    return Ok(disposition_of(done));
                }
                rows::insert_result(conn, &row)?;
                let answer = Answer {
                    to: &to,
                    reason: &reason,
                    community: community_lang,
                    topic_title: title.as_deref(),
                    detail: detail.as_deref().map(Detail::Text),
                    link: link.as_deref(),
                };
                answer::send_once_a_day(conn, &answer, now)?;
                Ok(disposition_of(row))
            })
            .await
    }

    /// In the reply's transaction: what became of the message, the outcome event, and
    /// for a held reply the "waiting for review" answer.
    fn after_posting(
        &self,
        user: &User,
        topic: &Topic,
        community: &Community,
        community_lang: Option<Language>,
    ) -> posting::AfterReply {
        let mut row = self.result("posted", "");
        let (to, now) = (self.reply_to.clone(), self.now);
        let (user_id, employee) = (user.id.clone(), user.is_employee);
        let (topic_id, community_id, title) =
            (topic.id.clone(), community.id.clone(), topic.title.clone());
        let link = format!("{}{}", self.state.base_url(), topic.path());
        Box::new(move |conn, post: &Post| {
            row.post_id = Some(post.id.to_string());
            row.held = !post.is_published();
            if row.held {
                row.reason = "held".into();
            }
            rows::insert_result(conn, &row)?;
            outcome_events::record(
                conn,
                &NewEvent::new(EventKind::ReplyByEmail)
                    .community(&community_id)
                    .topic(&topic_id)
                    .post(&post.id)
                    .actor(&user_id, employee),
                now,
            )?;
            if row.held {
                let by_policy = review_rows::open_item_for_post(conn, &post.id)?
                    .is_some_and(|item| item.reason == ReviewReason::Policy);
                let answer = Answer {
                    to: &to,
                    reason: "held",
                    community: community_lang,
                    topic_title: Some(&title),
                    detail: by_policy.then_some(Detail::PolicyHold),
                    link: Some(&link),
                };
                answer::send_once_a_day(conn, &answer, now)?;
            }
            Ok(())
        })
    }
}

fn disposition_of(r: ReplyResult) -> Disposition {
    match r.outcome.as_str() {
        "posted" => Disposition::Posted {
            post_id: r.post_id.unwrap_or_default(),
            held: r.held,
        },
        "refused" => Disposition::Refused { reason: r.reason },
        _ => Disposition::Dropped { reason: r.reason },
    }
}

fn message_key(parsed: &ParsedMail<'_>) -> Option<String> {
    let id = parsed.headers.get_first_value("Message-ID")?;
    let id = id
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim();
    (!id.is_empty() && id.len() < 900).then(|| format!("mid:{id}"))
}

fn from_address(parsed: &ParsedMail<'_>) -> Option<String> {
    let from = parsed.headers.get_first_value("From")?;
    let list = mailparse::addrparse(&from).ok()?;
    let info = list.extract_single_info()?;
    let addr = info.addr.trim().to_string();
    addr.contains('@').then_some(addr)
}

/// Why a message must be dropped unanswered: an auto-reply or a bounce.
fn loop_reason(parsed: &ParsedMail<'_>, envelope_sender: &str) -> Option<&'static str> {
    let header = |name: &str| {
        parsed
            .headers
            .get_first_value(name)
            .map(|v| v.trim().to_ascii_lowercase())
    };
    let sender = envelope_sender.trim();
    if sender.is_empty()
        || sender == "<>"
        || parsed
            .ctype
            .mimetype
            .eq_ignore_ascii_case("multipart/report")
    {
        return Some("bounce");
    }
    let from = header("From").unwrap_or_default();
    if from.contains("mailer-daemon@") || from.contains("postmaster@") {
        return Some("bounce");
    }
    if header("Auto-Submitted").is_some_and(|v| v.split(';').next().unwrap_or("").trim() != "no")
        || header("X-Autoreply").is_some()
        || header("X-Autorespond").is_some()
        || header("Precedence")
            .is_some_and(|v| matches!(v.as_str(), "bulk" | "junk" | "list" | "auto_reply"))
    {
        return Some("auto_reply");
    }
    None
}

/// The member's own text, as Markdown: the plain-text part, or the HTML part converted.
fn body_markdown(parsed: &ParsedMail<'_>) -> String {
    if let Some(text) = find_part(parsed, "text/plain") {
        return strip::reply_text(&text);
    }
    match find_part(parsed, "text/html") {
        Some(html) => strip::reply_text(&markdown::from_html(&html)),
        None => String::new(),
    }
}

fn find_part(part: &ParsedMail<'_>, mimetype: &str) -> Option<String> {
    let attachment = part
        .headers
        .get_first_value("Content-Disposition")
        .is_some_and(|d| d.trim().to_ascii_lowercase().starts_with("attachment"));
    if part.subparts.is_empty() {
        return (!attachment && part.ctype.mimetype.eq_ignore_ascii_case(mimetype))
            .then(|| part.get_body().ok())
            .flatten();
    }
    part.subparts.iter().find_map(|p| find_part(p, mimetype))
}
