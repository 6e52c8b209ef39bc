// Hand-written: `diesel print-schema` differs per backend, and both backends must share
// one schema. Keep in step with migrations/{sqlite,postgres}.

diesel::table! {
    users (id) {
        id -> Text,
        username -> Text,
        username_key -> Text,
        username_skeleton -> Text,
        email -> Text,
        email_key -> Text,
        email_confirmed_at -> Nullable<BigInt>,
        password_hash -> Text,
        display_name -> Text,
        title -> Text,
        bio_markdown -> Text,
        bio_html -> Text,
        role -> Text,
        is_employee -> Bool,
        suspended_until -> Nullable<BigInt>,
        suspension_reason -> Nullable<Text>,
        created_at -> BigInt,
        updated_at -> BigInt,
        reputation -> Integer,
        unread_notifications -> Integer,
        silenced_until -> Nullable<BigInt>,
        version -> BigInt,
        // Issue 24: set after repeated hard bounces (see mail_in::bounces).
        email_bouncing_at -> Nullable<BigInt>,
        // Issue 21: the member's own language (None: not chosen).
        language -> Nullable<Text>,
    }
}

diesel::table! {
    sessions (id_hash) {
        id_hash -> Text,
        user_id -> Text,
        created_at -> BigInt,
        last_seen_at -> BigInt,
        expires_at -> BigInt,
        user_agent -> Text,
        ip -> Text,
    }
}

diesel::table! {
    tokens (id_hash) {
        id_hash -> Text,
        user_id -> Nullable<Text>,
        purpose -> Text,
        payload -> Text,
        created_at -> BigInt,
        expires_at -> BigInt,
        used_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    communities (id) {
        id -> Text,
        slug -> Text,
        name -> Text,
        description -> Text,
        accent_color -> Text,
        visibility -> Text,
        position -> Integer,
        created_at -> BigInt,
        updated_at -> BigInt,
        default_watch_level -> Text,
        embed_origins -> Text,
        embed_url_prefixes -> Text,
        embed_anonymous_ask -> Bool,
        default_language -> Text,
        wiki_min_reputation -> Integer,
        logo_url -> Text,
    }
}

diesel::table! {
    community_members (community_id, user_id) {
        community_id -> Text,
        user_id -> Text,
        role -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    site_settings (id) {
        id -> Integer,
        site_name -> Text,
        tagline -> Text,
        logo_url -> Text,
        primary_color -> Text,
        employee_domains -> Text,
        updated_at -> BigInt,
        api_cors_origins -> Text,
        // Issue 21: the deployment's default language.
        default_language -> Text,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        kind -> Text,
        recipient -> Text,
        subject -> Text,
        body_text -> Text,
        body_html -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> BigInt,
        lease_owner -> Nullable<Text>,
        lease_until -> Nullable<BigInt>,
        last_error -> Nullable<Text>,
        created_at -> BigInt,
        sent_at -> Nullable<BigInt>,
        user_id -> Nullable<Text>,
        topic_id -> Nullable<Text>,
        thread_key -> Nullable<Text>,
        unsubscribe_url -> Nullable<Text>,
        /// Issue 24: the per-recipient reply address (`reply+token@reply_domain`).
        reply_to -> Nullable<Text>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Text,
        actor_id -> Nullable<Text>,
        action -> Text,
        target_type -> Text,
        target_id -> Text,
        details -> Text,
        created_at -> BigInt,
        community_id -> Nullable<Text>,
        before_value -> Text,
        after_value -> Text,
    }
}

diesel::table! {
    categories (id) {
        id -> Text,
        community_id -> Text,
        slug -> Text,
        name -> Text,
        description -> Text,
        position -> Integer,
        created_at -> BigInt,
    }
}

diesel::table! {
    topics (id) {
        id -> Text,
        community_id -> Text,
        category_id -> Nullable<Text>,
        kind -> Text,
        title -> Text,
        author_id -> Text,
        created_at -> BigInt,
        bumped_at -> BigInt,
        reply_count -> Integer,
        score -> Integer,
        accepted_post_id -> Nullable<Text>,
        official_reply -> Bool,
        pinned -> Bool,
        locked -> Bool,
        duplicate_of -> Nullable<Text>,
        idea_status -> Nullable<Text>,
        idea_status_note -> Text,
        claimed_by -> Nullable<Text>,
        claimed_at -> Nullable<BigInt>,
        tags -> Text,
        deleted_at -> Nullable<BigInt>,
        held -> Bool,
        version -> BigInt,
        page_key -> Nullable<Text>,
        page_url -> Nullable<Text>,
        language -> Text,
        wiki -> Bool,
        merged_into -> Nullable<Text>,
    }
}

diesel::table! {
    content_epoch (id) {
        id -> Integer,
        epoch -> BigInt,
    }
}

diesel::table! {
    posts (id) {
        id -> Text,
        topic_id -> Text,
        community_id -> Text,
        author_id -> Text,
        post_number -> Integer,
        parent_id -> Nullable<Text>,
        body_markdown -> Text,
        body_html -> Text,
        as_brand -> Bool,
        score -> Integer,
        revision_count -> Integer,
        created_at -> BigInt,
        edited_at -> Nullable<BigInt>,
        deleted_at -> Nullable<BigInt>,
        deleted_by -> Nullable<Text>,
        moderation_state -> Text,
    }
}

diesel::table! {
    post_revisions (id) {
        id -> Text,
        post_id -> Text,
        editor_id -> Nullable<Text>,
        title -> Nullable<Text>,
        body_markdown -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    votes (post_id, user_id) {
        post_id -> Text,
        user_id -> Text,
        value -> Integer,
        created_at -> BigInt,
        topic_id -> Text,
    }
}

diesel::table! {
    reputation_events (id) {
        id -> Text,
        user_id -> Text,
        community_id -> Text,
        post_id -> Text,
        source_user_id -> Nullable<Text>,
        kind -> Text,
        points -> Integer,
        created_at -> BigInt,
    }
}

diesel::table! {
    notifications (id) {
        id -> Text,
        user_id -> Text,
        kind -> Text,
        actor_id -> Nullable<Text>,
        community_id -> Nullable<Text>,
        topic_id -> Nullable<Text>,
        post_id -> Nullable<Text>,
        summary -> Text,
        created_at -> BigInt,
        read_at -> Nullable<BigInt>,
        email_status -> Text,
        email_due_at -> Nullable<BigInt>,
        email_batch -> Nullable<Text>,
        notice -> Nullable<Text>,
    }
}

diesel::table! {
    watches (user_id, target_kind, target_id) {
        user_id -> Text,
        target_kind -> Text,
        target_id -> Text,
        level -> Text,
        last_read -> Integer,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    notification_prefs (user_id) {
        user_id -> Text,
        mail_replies -> Bool,
        mail_mentions -> Bool,
        mail_watching -> Bool,
        mail_updates -> Bool,
        digest -> Text,
        last_digest_at -> Nullable<BigInt>,
        unsubscribe_key -> Text,
        updated_at -> BigInt,
    }
}

// ----- Moderation (migration 000004) -----

diesel::table! {
    flags (id) {
        id -> Text,
        post_id -> Text,
        user_id -> Text,
        reason -> Text,
        note -> Text,
        trusted -> Bool,
        created_at -> BigInt,
        resolved_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    review_items (id) {
        id -> Text,
        post_id -> Text,
        community_id -> Text,
        reason -> Text,
        matches -> Text,
        status -> Text,
        created_at -> BigInt,
        resolved_at -> Nullable<BigInt>,
        resolved_by -> Nullable<Text>,
    }
}

diesel::table! {
    policy_rules (id) {
        id -> Text,
        community_id -> Nullable<Text>,
        kind -> Text,
        pattern -> Text,
        action -> Text,
        skip_employee_only -> Bool,
        created_by -> Nullable<Text>,
        created_at -> BigInt,
    }
}

diesel::table! {
    policy_detectors (detector) {
        detector -> Text,
        enabled -> Bool,
        action -> Text,
        skip_employee_only -> Bool,
    }
}

diesel::table! {
    moderation_settings (id) {
        id -> Integer,
        flag_threshold -> Integer,
        new_account_hours -> Integer,
        new_account_posts_per_hour -> Integer,
        new_account_max_links -> Integer,
        code_names -> Text,
        markers -> Text,
        updated_at -> BigInt,
    }
}

diesel::table! {
    community_moderation (community_id) {
        community_id -> Text,
        hold_first_posts -> Integer,
        updated_at -> BigInt,
    }
}

diesel::table! {
    fanout_queue (post_id) {
        post_id -> Text,
        queued_at -> BigInt,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Text,
        user_id -> Text,
        kind -> Text,
        name -> Text,
        token_hash -> Text,
        last_four -> Text,
        scopes -> Text,
        created_at -> BigInt,
        expires_at -> BigInt,
        last_used_at -> Nullable<BigInt>,
        last_used_ip -> Nullable<Text>,
        revoked_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    api_token_communities (token_id, community_id) {
        token_id -> Text,
        community_id -> Text,
    }
}

diesel::table! {
    api_rate_windows (rate_key, window_start) {
        rate_key -> Text,
        window_start -> BigInt,
        used -> BigInt,
        last_grant -> BigInt,
    }
}

diesel::table! {
    api_idempotency (caller, idem_key) {
        caller -> Text,
        idem_key -> Text,
        request_hash -> Text,
        status -> Nullable<Integer>,
        content_type -> Nullable<Text>,
        location -> Nullable<Text>,
        body -> Nullable<Text>,
        created_at -> BigInt,
    }
}

diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(api_token_communities -> api_tokens (token_id));
diesel::joinable!(api_token_communities -> communities (community_id));
diesel::joinable!(community_members -> users (user_id));
diesel::joinable!(community_members -> communities (community_id));
diesel::joinable!(categories -> communities (community_id));
diesel::joinable!(post_revisions -> posts (post_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    sessions,
    tokens,
    communities,
    community_members,
    site_settings,
    outbox,
    audit_log,
    categories,
    topics,
    posts,
    post_revisions,
    votes,
    reputation_events,
    notifications,
    watches,
    notification_prefs,
    flags,
    review_items,
    policy_rules,
    policy_detectors,
    moderation_settings,
    community_moderation,
    fanout_queue,
    api_tokens,
    api_token_communities,
    api_rate_windows,
    api_idempotency,
);

diesel::table! {
    webhook_subscriptions (id) {
        id -> Text,
        owner_id -> Text,
        url -> Text,
        events -> Text,
        community_id -> Nullable<Text>,
        secret -> Text,
        previous_secret -> Nullable<Text>,
        previous_secret_until -> Nullable<BigInt>,
        enabled -> Bool,
        disabled_reason -> Nullable<Text>,
        failing_since -> Nullable<BigInt>,
        created_at -> BigInt,
        team_id -> Nullable<Text>,
    }
}

diesel::table! {
    webhook_events (id) {
        id -> Text,
        event_type -> Text,
        community_id -> Nullable<Text>,
        payload -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Text,
        event_id -> Text,
        subscription_id -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> BigInt,
        lease_owner -> Nullable<Text>,
        lease_until -> Nullable<BigInt>,
        last_status -> Nullable<Integer>,
        last_error -> Nullable<Text>,
        created_at -> BigInt,
        delivered_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    webhook_attempts (id) {
        id -> Text,
        delivery_id -> Text,
        attempt -> Integer,
        request_headers -> Text,
        request_body -> Text,
        response_status -> Nullable<Integer>,
        response_body -> Text,
        error -> Nullable<Text>,
        started_at -> BigInt,
        duration_ms -> BigInt,
    }
}

diesel::joinable!(webhook_deliveries -> webhook_events (event_id));
diesel::joinable!(webhook_deliveries -> webhook_subscriptions (subscription_id));
diesel::joinable!(webhook_attempts -> webhook_deliveries (delivery_id));
diesel::allow_tables_to_appear_in_same_query!(
    webhook_subscriptions,
    webhook_events,
    webhook_deliveries,
    webhook_attempts,
    communities,
);

// Issue 18: the embedded widgets' sites, sign-ins and events.
mod embed;
pub use embed::*;

// The second wave's tables, one file per feature (keeps this file readable).
mod search;
pub use search::*;

// Issue 19 (wiki): wiki requests.
mod wiki;
pub use wiki::*;
// Issue 23: single sign-on.
mod sso;
pub use sso::*;
// Issue 20: outcome events and daily facts; escalations and product teams.
mod outcomes;
pub use outcomes::*;
// The module is named apart from its `escalations` table, which the glob re-exports.
#[path = "schema/escalations.rs"]
mod escalation_tables;
pub use escalation_tables::*;
// Issue 24: inbound mail and bounces; reply-by-email; invitations and one-click actions.
mod mail_in;
#[allow(unused_imports)] // filled by its feature
pub use mail_in::*;
mod reply_mail;
#[allow(unused_imports)] // filled by its feature
pub use reply_mail::*;
// (named apart from its `invitations` table, which the glob re-exports)
#[path = "schema/invitations.rs"]
mod invitation_tables;
pub use invitation_tables::*;
// Issue 22 (privacy requests): data exports and account deletions.
mod privacy;
pub use privacy::*;
