//! Mail: templates render an [`Email`]; [`outbox::enqueue`] stores it in the same
//! transaction as the action that caused it; [`worker`] delivers it over SMTP (or to
//! files in development) with retries and backoff.
pub mod outbox;
pub mod templates;
pub mod transport;
pub mod worker;

/// A rendered message waiting to be queued.
#[derive(Debug, Clone)]
pub struct Email {
    pub kind: &'static str,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub meta: MailMeta,
}

/// What a notification mail carries besides its content: who it is for and what it is
/// about (both re-checked when it is sent), its thread and its unsubscribe link.
#[derive(Debug, Clone, Default)]
pub struct MailMeta {
    pub user_id: Option<crate::db::UserId>,
    pub topic_id: Option<crate::db::TopicId>,
    pub thread_key: Option<String>,
    pub unsubscribe_url: Option<String>,
    /// Issue 24: `reply+<token>@<reply domain>`, sent as `Reply-To`.
    pub reply_to: Option<String>,
}

/// Issue 21: the language of mail to a member, whoever caused it: their own setting,
/// then `community` (the default of the sub-community the mail is about, if any), then
/// the deployment's default.
pub fn recipient_lang(
    user: &crate::db::models::users::User,
    community: Option<crate::db::Language>,
    brand: &crate::db::models::settings::SiteSettings,
) -> crate::i18n::Lang {
    crate::i18n::resolve::for_recipient(user.language, community, brand.default_language)
}
