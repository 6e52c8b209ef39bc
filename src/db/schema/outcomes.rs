//! Issue 20: the outcome event log (and, from the outcomes work, the daily facts).

use super::{communities, topics, users};

diesel::table! {
    outcome_events (id) {
        id -> Text,
        kind -> Text,
        occurred_at -> BigInt,
        community_id -> Nullable<Text>,
        topic_id -> Nullable<Text>,
        post_id -> Nullable<Text>,
        actor_id -> Nullable<Text>,
        actor_is_employee -> Bool,
        subject_id -> Nullable<Text>,
        detail -> Text,
    }
}

diesel::joinable!(outcome_events -> communities (community_id));
diesel::allow_tables_to_appear_in_same_query!(outcome_events, communities);
diesel::allow_tables_to_appear_in_same_query!(outcome_events, users);

diesel::table! {
    outcome_questions (topic_id) {
        topic_id -> Text,
        community_id -> Text,
        day -> BigInt,
        asked_at -> BigInt,
        author_id -> Nullable<Text>,
        first_response_at -> Nullable<BigInt>,
        first_response_employee -> Bool,
        first_employee_at -> Nullable<BigInt>,
        solved_at -> Nullable<BigInt>,
        brand_answered -> Bool,
    }
}

diesel::table! {
    outcome_daily (community_id, day, metric) {
        community_id -> Text,
        day -> BigInt,
        metric -> Text,
        value -> BigInt,
    }
}

diesel::table! {
    outcome_helpers (community_id, day, user_id) {
        community_id -> Text,
        day -> BigInt,
        user_id -> Text,
        accepted -> BigInt,
        replies -> BigInt,
    }
}

diesel::table! {
    outcome_escalations (subject_id) {
        subject_id -> Text,
        community_id -> Text,
        day -> BigInt,
        team -> Text,
        opened_at -> BigInt,
        resolved_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    outcome_targets (community_id) {
        community_id -> Text,
        target_hours -> Integer,
    }
}

diesel::table! {
    outcome_mail_optouts (user_id, community_id) {
        user_id -> Text,
        community_id -> Text,
    }
}

diesel::table! {
    outcome_mail_months (month) {
        month -> Text,
        sent_at -> BigInt,
    }
}

diesel::allow_tables_to_appear_in_same_query!(outcome_questions, topics);
diesel::allow_tables_to_appear_in_same_query!(outcome_helpers, users);
