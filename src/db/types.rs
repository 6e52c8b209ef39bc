//! Typed ids, timestamps and text-backed enums shared by every table model.

use diesel_derive_newtype::DieselNewType;
use serde::{Deserialize, Serialize};

macro_rules! typed_id {
    ($($name:ident),* $(,)?) => {$(
        /// A UUID (v7, time-ordered) stored as text on both backends.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, DieselNewType, Serialize, Deserialize)]
        pub struct $name(String);

        impl $name {
            pub fn new() -> Self {
                Self(uuid::Uuid::now_v7().to_string())
            }
            /// Parses untrusted input; anything but a UUID is refused.
            pub fn parse(s: &str) -> Option<Self> {
                uuid::Uuid::parse_str(s).ok().map(|u| Self(u.to_string()))
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    )*};
}

typed_id!(UserId, CommunityId, OutboxId, AuditId);

/// UTC microseconds since the Unix epoch. Stored as BIGINT on both backends so ordering,
/// arithmetic and round trips behave the same everywhere.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, DieselNewType, Serialize, Deserialize,
)]
pub struct Timestamp(i64);

impl Timestamp {
    pub const fn from_micros(us: i64) -> Self {
        Self(us)
    }
    pub const fn micros(self) -> i64 {
        self.0
    }
    pub fn plus_secs(self, secs: i64) -> Self {
        Self(self.0.saturating_add(secs.saturating_mul(1_000_000)))
    }
    pub fn to_offset_datetime(self) -> time::OffsetDateTime {
        time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(self.0) * 1000)
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
    }
    /// "2026-11-23" — for join dates and the like.
    pub fn date_string(self) -> String {
        let d = self.to_offset_datetime().date();
        format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
    }
    /// RFC 3339 in UTC, for `<time datetime>` and JSON.
    pub fn rfc3339(self) -> String {
        self.to_offset_datetime()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    }
}

/// Declares a text-backed enum with a stable lowercase spelling in the database and URLs.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
                 diesel::AsExpression, diesel::FromSqlRow, serde::Serialize, serde::Deserialize)]
        #[diesel(sql_type = diesel::sql_types::Text)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s { $($text => Ok($name::$variant),)* other => Err(format!("unknown {} {other:?}", stringify!($name))) }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl<DB> diesel::serialize::ToSql<diesel::sql_types::Text, DB> for $name
        where
            DB: diesel::backend::Backend,
            str: diesel::serialize::ToSql<diesel::sql_types::Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut diesel::serialize::Output<'b, '_, DB>) -> diesel::serialize::Result {
                self.as_str().to_sql(out)
            }
        }

        impl<DB> diesel::deserialize::FromSql<diesel::sql_types::Text, DB> for $name
        where
            DB: diesel::backend::Backend,
            String: diesel::deserialize::FromSql<diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                let s = String::from_sql(bytes)?;
                s.parse().map_err(Into::into)
            }
        }
    };
}

text_enum!(
    /// Site-wide role, ordered by privilege. Employee status is separate (`users.is_employee`):
    /// an employee may be a plain member of the site, a moderator or an admin.
    SiteRole { Member => "member", Moderator => "moderator", Admin => "admin" }
);

text_enum!(
    /// Role inside one sub-community, ordered by privilege.
    CommunityRole { Member => "member", Moderator => "moderator", Manager => "manager" }
);

text_enum!(
    /// Who may see a sub-community.
    Visibility { Public => "public", Members => "members", Employees => "employees", InviteOnly => "invite_only" }
);

impl Visibility {
    pub fn label(self) -> &'static str {
        match self {
            Visibility::Public => "Public",
            Visibility::Members => "Signed-in members",
            Visibility::Employees => "Employees only",
            Visibility::InviteOnly => "Invite only",
        }
    }
}

text_enum!(
    /// What a single-use token is for.
    TokenPurpose { ConfirmEmail => "confirm_email", ResetPassword => "reset_password", ChangeEmail => "change_email", SetupAdmin => "setup_admin" }
);

text_enum!(
    OutboxStatus { Queued => "queued", Sent => "sent", Failed => "failed", Dropped => "dropped" }
);

typed_id!(
    CategoryId,
    TopicId,
    PostId,
    RevisionId,
    ReputationEventId,
    NotificationId
);

text_enum!(
    /// What a notification is about.
    NotificationKind {
        Reply => "reply",
        Answered => "answered",
        Mention => "mention",
        Posted => "posted",
        NewTopic => "new_topic",
        Accepted => "accepted",
        IdeaStatus => "idea_status",
        Moderation => "moderation",
        Escalation => "escalation",
        Assigned => "assigned",
    }
);

text_enum!(
    /// How closely a member follows a topic, category or sub-community.
    /// `NewTopics` (categories and sub-communities only): told of each new topic, not each post.
    WatchLevel { Watching => "watching", NewTopics => "new_topics", Tracking => "tracking", Normal => "normal", Muted => "muted" }
);

impl WatchLevel {
    pub fn label(self) -> &'static str {
        match self {
            WatchLevel::Watching => "Watching",
            WatchLevel::NewTopics => "Watching new topics",
            WatchLevel::Tracking => "Tracking",
            WatchLevel::Normal => "Normal",
            WatchLevel::Muted => "Muted",
        }
    }
    pub fn help(self) -> &'static str {
        match self {
            WatchLevel::Watching => "You are told of every new post.",
            WatchLevel::NewTopics => "You are told of every new topic, not of each reply.",
            WatchLevel::Tracking => "You see how many posts are new; you are told when someone replies to you or mentions you.",
            WatchLevel::Normal => "You are told when someone replies to you or mentions you.",
            WatchLevel::Muted => "You are never told of anything here.",
        }
    }
    pub const FOR_TOPICS: [WatchLevel; 4] = [
        WatchLevel::Watching,
        WatchLevel::Tracking,
        WatchLevel::Normal,
        WatchLevel::Muted,
    ];
}

text_enum!(
    /// What a watch row is attached to.
    WatchTarget { Topic => "topic", Category => "category", Community => "community" }
);

text_enum!(
    /// Where a notification's email stands.
    EmailState {
        None => "none",
        Pending => "pending",
        Sent => "sent",
        SkippedRead => "skipped_read",
        Dropped => "dropped",
        Capped => "capped",
        Unsubscribed => "unsubscribed",
    }
);

text_enum!(
    /// The kinds of mail a member can switch off separately (each has its own
    /// `List-Unsubscribe` link).
    MailCategory { Replies => "replies", Mentions => "mentions", Watching => "watching", Updates => "updates", Digest => "digest" }
);

text_enum!(
    DigestFrequency { Off => "off", Daily => "daily", Weekly => "weekly" }
);

text_enum!(
    /// What a topic is for; announcements are for staff only.
    TopicKind { Discussion => "discussion", Question => "question", Idea => "idea", Announcement => "announcement", Comment => "comment" }
);

impl TopicKind {
    pub fn label(self) -> &'static str {
        match self {
            TopicKind::Discussion => "Discussion",
            TopicKind::Question => "Question",
            TopicKind::Idea => "Idea",
            TopicKind::Announcement => "Announcement",
            TopicKind::Comment => "Page comments",
        }
    }
}

text_enum!(
    /// Where an idea stands, set by employees.
    IdeaStatus { UnderReview => "under_review", Planned => "planned", Shipped => "shipped", Declined => "declined" }
);

impl IdeaStatus {
    pub fn label(self) -> &'static str {
        match self {
            IdeaStatus::UnderReview => "Under review",
            IdeaStatus::Planned => "Planned",
            IdeaStatus::Shipped => "Shipped",
            IdeaStatus::Declined => "Declined",
        }
    }
}

/// A question's state, derived from its counters (never stored, so it cannot drift).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionState {
    Unanswered,
    Answered,
    Solved,
}

impl QuestionState {
    /// A topic's state from its kind, whether an answer is accepted, and its replies
    /// (`None` for a discussion).
    pub fn of(kind: TopicKind, solved: bool, reply_count: i32) -> Option<QuestionState> {
        (kind == TopicKind::Question).then_some(if solved {
            QuestionState::Solved
        } else if reply_count > 0 {
            QuestionState::Answered
        } else {
            QuestionState::Unanswered
        })
    }

    /// The stable spelling (API, filters).
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionState::Unanswered => "unanswered",
            QuestionState::Answered => "answered",
            QuestionState::Solved => "solved",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            QuestionState::Unanswered => "Unanswered",
            QuestionState::Answered => "Answered",
            QuestionState::Solved => "Solved",
        }
    }
    pub fn css(self) -> &'static str {
        match self {
            QuestionState::Unanswered => "unanswered",
            QuestionState::Answered => "answered",
            QuestionState::Solved => "solved",
        }
    }
}

// ----- Moderation -----

typed_id!(FlagId, ReviewItemId, PolicyRuleId, ApiTokenId);

text_enum!(
    /// Whether a post is out: only `Published` posts are seen by everyone who may see the
    /// sub-community; the others by their author and its moderators.
    ModerationState { Published => "published", Held => "held", Hidden => "hidden" }
);

text_enum!(
    /// Why a member flagged a post.
    FlagReason { Spam => "spam", Inappropriate => "inappropriate", OffTopic => "off_topic", Confidential => "confidential", Other => "other" }
);

impl FlagReason {
    pub fn label(self) -> &'static str {
        match self {
            FlagReason::Spam => "Spam",
            FlagReason::Inappropriate => "Inappropriate",
            FlagReason::OffTopic => "Off-topic",
            FlagReason::Confidential => "Confidential or personal data",
            FlagReason::Other => "Other",
        }
    }
}

text_enum!(
    /// Why a post is in the review queue.
    ReviewReason { Flagged => "flagged", Policy => "policy", NewMember => "new_member" }
);

impl ReviewReason {
    pub fn label(self) -> &'static str {
        match self {
            ReviewReason::Flagged => "Flagged by members",
            ReviewReason::Policy => "Matched the content policy",
            ReviewReason::NewMember => "First posts of a new member",
        }
    }
}

text_enum!(
    /// Where a review item stands; `Open` items are the queue.
    ReviewStatus { Open => "open", Approved => "approved", Hidden => "hidden", Deleted => "deleted", Ignored => "ignored", Edited => "edited" }
);

text_enum!(
    /// How a policy rule's pattern is read.
    RuleKind { Word => "word", Phrase => "phrase", Regex => "regex" }
);

text_enum!(
    /// What happens to a post that matches, from the mildest: replace the match, flag for
    /// review (stays published), hold for review, refuse with a message to the author.
    PolicyAction { Censor => "censor", Flag => "flag", Hold => "hold", Block => "block" }
);

impl PolicyAction {
    pub fn label(self) -> &'static str {
        match self {
            PolicyAction::Censor => "Censor (replace the match)",
            PolicyAction::Flag => "Flag for review",
            PolicyAction::Hold => "Hold for review",
            PolicyAction::Block => "Block (author must change it)",
        }
    }
}

text_enum!(
    /// Built-in detectors of personal and confidential data.
    Detector { Email => "email", Phone => "phone", Card => "card", Iban => "iban", Secret => "secret", CodeName => "code_name", Marker => "marker" }
);

impl Detector {
    pub fn label(self) -> &'static str {
        match self {
            Detector::Email => "Email addresses",
            Detector::Phone => "Phone numbers",
            Detector::Card => "Payment card numbers (Luhn-checked)",
            Detector::Iban => "IBANs (checksum-checked)",
            Detector::Secret => "API keys and secrets",
            Detector::CodeName => "Internal code names",
            Detector::Marker => "\"Confidential / internal only\" markers",
        }
    }
}

text_enum!(
    /// Sanctions a moderator can apply to a member.
    SanctionKind { Silence => "silence", Suspend => "suspend", Ban => "ban", Lift => "lift" }
);

text_enum!(
    /// Whose token it is: a member's own (`parley_pat_`), or a service's (`parley_svc_`).
    ApiTokenKind { Personal => "personal", Service => "service", Embed => "embed" }
);

text_enum!(
    /// What an API token may be used for. Every `/api/v1` route names the one it needs;
    /// a token without it is refused (403) before anything else happens.
    Scope {
        TopicsRead => "topics:read",
        TopicsWrite => "topics:write",
        PostsWrite => "posts:write",
        AnswersAccept => "answers:accept",
        ModerationRead => "moderation:read",
        ModerationWrite => "moderation:write",
        UsersRead => "users:read",
        NotificationsRead => "notifications:read",
        NotificationsWrite => "notifications:write",
        WebhooksManage => "webhooks:manage",
    }
);

impl Scope {
    /// Parses scopes separated by spaces or commas, strictly: an unknown one is an error
    /// naming it. Duplicates collapse; the result is sorted.
    pub fn parse_list(text: &str) -> Result<Vec<Scope>, String> {
        let mut scopes = Vec::new();
        for word in text
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|w| !w.is_empty())
        {
            let scope = word
                .parse::<Scope>()
                .map_err(|_| format!("Unknown scope {word:?}."))?;
            if !scopes.contains(&scope) {
                scopes.push(scope);
            }
        }
        scopes.sort();
        Ok(scopes)
    }

    /// The stored form: space-separated.
    pub fn join(scopes: &[Scope]) -> String {
        scopes
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

// ----- Webhooks -----

typed_id!(
    WebhookId,
    WebhookEventId,
    WebhookDeliveryId,
    WebhookAttemptId
);

text_enum!(
    /// What a webhook subscription can hear of. Stored space-separated on the subscription.
    WebhookEvent {
        TopicCreated => "topic.created",
        PostCreated => "post.created",
        AnswerAccepted => "answer.accepted",
        IdeaStatusChanged => "idea.status_changed",
        FlagCreated => "flag.created",
        PostHeld => "post.held",
        MemberSanctioned => "member.sanctioned",
        TopicEscalated => "topic.escalated",
        EscalationUpdated => "escalation.updated",
        TopicMoved => "topic.moved",
        TopicMerged => "topic.merged",
    }
);

text_enum!(
    /// Where a delivery stands: `Pending` ones are the queue (retries included).
    DeliveryStatus { Pending => "pending", Delivered => "delivered", Failed => "failed", Skipped => "skipped" }
);

typed_id!(SearchLogId);

text_enum!(
    /// A content language: a sub-community's default, a topic's own. Chooses the stemmer
    /// (search) and the `lang` attribute of its posts.
    Language { En => "en", Fr => "fr" }
);

impl Language {
    /// The language's own name, for menus.
    pub fn label(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::Fr => "Français",
        }
    }
}

// The second wave's types, one file per feature (declared after the macros they use).
mod outcomes;
pub use outcomes::*;
// Issue 24: inbound mail.
mod mail_in;
pub use mail_in::*;
// Issue 20: product teams and escalations.
mod escalations;
pub use escalations::*;
// Issue 24: invitations and one-click actions.
mod invitations;
pub use invitations::*;
