//! Escalations to product teams (issue 20): teams, their members and covered
//! sub-communities, escalations of topics, and each escalation's history.

use super::{communities, topics, users};

diesel::table! {
    product_teams (id) {
        id -> Text,
        name -> Text,
        slug -> Text,
        notify_email -> Text,
        webhook_url -> Text,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    team_members (team_id, user_id) {
        team_id -> Text,
        user_id -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    team_communities (team_id, community_id) {
        team_id -> Text,
        community_id -> Text,
    }
}

diesel::table! {
    escalations (id) {
        id -> Text,
        topic_id -> Text,
        community_id -> Text,
        team_id -> Nullable<Text>,
        external_id -> Text,
        external_url -> Text,
        status -> Text,
        is_open -> Bool,
        owner_id -> Nullable<Text>,
        internal_note -> Text,
        resolution_note -> Text,
        opened_by -> Nullable<Text>,
        created_at -> BigInt,
        updated_at -> BigInt,
        resolved_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    escalation_history (id) {
        id -> Text,
        escalation_id -> Text,
        actor_id -> Nullable<Text>,
        from_status -> Nullable<Text>,
        to_status -> Text,
        note -> Text,
        created_at -> BigInt,
    }
}

diesel::joinable!(team_members -> product_teams (team_id));
diesel::joinable!(team_members -> users (user_id));
diesel::joinable!(team_communities -> product_teams (team_id));
diesel::joinable!(team_communities -> communities (community_id));
diesel::joinable!(escalations -> topics (topic_id));
diesel::joinable!(escalations -> communities (community_id));
diesel::joinable!(escalations -> product_teams (team_id));
diesel::joinable!(escalation_history -> escalations (escalation_id));
diesel::allow_tables_to_appear_in_same_query!(
    product_teams,
    team_members,
    team_communities,
    escalations,
    escalation_history
);
diesel::allow_tables_to_appear_in_same_query!(product_teams, users);
diesel::allow_tables_to_appear_in_same_query!(product_teams, communities);
diesel::allow_tables_to_appear_in_same_query!(product_teams, topics);
diesel::allow_tables_to_appear_in_same_query!(team_members, users);
diesel::allow_tables_to_appear_in_same_query!(team_members, communities);
diesel::allow_tables_to_appear_in_same_query!(team_members, topics);
diesel::allow_tables_to_appear_in_same_query!(team_communities, users);
diesel::allow_tables_to_appear_in_same_query!(team_communities, communities);
diesel::allow_tables_to_appear_in_same_query!(team_communities, topics);
diesel::allow_tables_to_appear_in_same_query!(escalations, users);
diesel::allow_tables_to_appear_in_same_query!(escalations, communities);
diesel::allow_tables_to_appear_in_same_query!(escalations, topics);
diesel::allow_tables_to_appear_in_same_query!(escalation_history, users);
diesel::allow_tables_to_appear_in_same_query!(escalation_history, communities);
diesel::allow_tables_to_appear_in_same_query!(escalation_history, topics);
