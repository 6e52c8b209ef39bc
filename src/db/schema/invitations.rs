//! Issue 24: invitations (links and personal mails), their uses, and used one-click tokens.

use super::{communities, posts, topics, users};

diesel::table! {
    invitations (id) {
        id -> Text,
        community_id -> Text,
        kind -> Text,
        token_hash -> Text,
        source -> Text,
        email -> Nullable<Text>,
        note -> Text,
        max_uses -> Nullable<Integer>,
        use_count -> Integer,
        expires_at -> Nullable<BigInt>,
        revoked_at -> Nullable<BigInt>,
        created_by -> Nullable<Text>,
        created_at -> BigInt,
    }
}

diesel::table! {
    invitation_uses (invitation_id, user_id) {
        invitation_id -> Text,
        user_id -> Text,
        community_id -> Text,
        source -> Text,
        signed_up -> Bool,
        used_at -> BigInt,
    }
}

diesel::table! {
    one_click_used (token_hash) {
        token_hash -> Text,
        user_id -> Text,
        used_at -> BigInt,
        expires_at -> BigInt,
    }
}

diesel::joinable!(invitation_uses -> invitations (invitation_id));
diesel::allow_tables_to_appear_in_same_query!(invitations, invitation_uses);
diesel::allow_tables_to_appear_in_same_query!(invitations, communities);
diesel::allow_tables_to_appear_in_same_query!(invitations, users);
diesel::allow_tables_to_appear_in_same_query!(invitation_uses, users);
diesel::allow_tables_to_appear_in_same_query!(invitation_uses, posts);
diesel::allow_tables_to_appear_in_same_query!(invitation_uses, topics);
