//! Issue 20: the outcome event log (and, from the outcomes work, the daily facts).

use super::{communities, users};

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
