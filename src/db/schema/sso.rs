//! Single sign-on (issue 23): OpenID Connect providers, the group mapping, linked
//! identities, sign-ins in progress, accounts proving themselves, and SSO's grants.

use super::{communities, users};

diesel::table! {
    sso_providers (id) {
        id -> Text,
        issuer -> Text,
        client_id -> Text,
        client_secret_enc -> Text,
        scopes -> Text,
        button_label -> Text,
        allow_signup -> Bool,
        groups_claim -> Text,
        enabled -> Bool,
        authorization_endpoint -> Text,
        token_endpoint -> Text,
        jwks_uri -> Text,
        jwks_json -> Text,
        backchannel_logout -> Bool,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    sso_mappings (id) {
        id -> Text,
        provider_id -> Text,
        group_name -> Text,
        role -> Text,
        community_id -> Nullable<Text>,
        created_at -> BigInt,
    }
}

diesel::table! {
    sso_site (id) {
        id -> Integer,
        require_for_employee_domains -> Bool,
        updated_at -> BigInt,
    }
}

diesel::table! {
    sso_identities (issuer, subject) {
        issuer -> Text,
        subject -> Text,
        provider_id -> Text,
        user_id -> Text,
        refresh_token_enc -> Nullable<Text>,
        session_sid -> Nullable<Text>,
        checked_at -> BigInt,
        created_at -> BigInt,
    }
}

diesel::table! {
    sso_flows (state_hash) {
        state_hash -> Text,
        provider_id -> Text,
        nonce -> Text,
        pkce_verifier -> Text,
        next_url -> Text,
        created_at -> BigInt,
        expires_at -> BigInt,
    }
}

diesel::table! {
    sso_pending_links (token_hash) {
        token_hash -> Text,
        mail_token_hash -> Nullable<Text>,
        user_id -> Text,
        provider_id -> Text,
        issuer -> Text,
        subject -> Text,
        groups_json -> Text,
        refresh_token_enc -> Nullable<Text>,
        session_sid -> Nullable<Text>,
        next_url -> Text,
        created_at -> BigInt,
        expires_at -> BigInt,
    }
}

diesel::table! {
    sso_role_grants (user_id, role, community_id) {
        user_id -> Text,
        role -> Text,
        community_id -> Text,
        provider_id -> Text,
        previous_role -> Text,
        created_at -> BigInt,
    }
}

diesel::joinable!(sso_mappings -> sso_providers (provider_id));
diesel::joinable!(sso_mappings -> communities (community_id));
diesel::joinable!(sso_identities -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(sso_mappings, sso_providers, communities);
diesel::allow_tables_to_appear_in_same_query!(sso_identities, users);
