//! Issue 18: the embedded widgets' sites, their sign-ins (nonces, identities, one-time
//! codes) and the events they count.

use super::{communities, topics, users};

diesel::table! {
    embed_sites (id) {
        id -> Text,
        name -> Text,
        origins -> Text,
        secret -> Text,
        created_at -> BigInt,
        revoked_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    embed_nonces (site_id, nonce) {
        site_id -> Text,
        nonce -> Text,
        expires_at -> BigInt,
    }
}

diesel::table! {
    embed_identities (site_id, subject) {
        site_id -> Text,
        subject -> Text,
        user_id -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    embed_codes (code_hash) {
        code_hash -> Text,
        user_id -> Text,
        expires_at -> BigInt,
        used_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    embed_events (id) {
        id -> Text,
        kind -> Text,
        community_id -> Nullable<Text>,
        topic_id -> Nullable<Text>,
        page_key -> Nullable<Text>,
        origin -> Nullable<Text>,
        created_at -> BigInt,
    }
}

diesel::joinable!(embed_identities -> users (user_id));
diesel::joinable!(embed_identities -> embed_sites (site_id));
diesel::joinable!(embed_nonces -> embed_sites (site_id));
diesel::joinable!(embed_codes -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    embed_sites,
    embed_nonces,
    embed_identities,
    embed_codes,
    embed_events,
);
diesel::allow_tables_to_appear_in_same_query!(embed_identities, users);
diesel::allow_tables_to_appear_in_same_query!(embed_codes, users);
diesel::allow_tables_to_appear_in_same_query!(embed_events, topics);
diesel::allow_tables_to_appear_in_same_query!(embed_events, communities);
