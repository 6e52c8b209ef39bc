//! Issue 24: inbound mail as received, and delivery reports (bounces).

use super::users;

diesel::table! {
    inbound_mail (id) {
        id -> Text,
        received_at -> BigInt,
        source -> Text,
        envelope_from -> Text,
        recipient -> Text,
        message_id -> Text,
        from_header -> Text,
        subject -> Text,
        size_bytes -> BigInt,
        raw -> Binary,
        status -> Text,
        disposition -> Text,
        reason -> Text,
        attempts -> Integer,
        next_attempt_at -> BigInt,
        lease_owner -> Nullable<Text>,
        lease_until -> Nullable<BigInt>,
        last_error -> Nullable<Text>,
        processed_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    mail_bounces (id) {
        id -> Text,
        email_key -> Text,
        user_id -> Nullable<Text>,
        inbound_id -> Nullable<Text>,
        hard -> Bool,
        status_code -> Text,
        diagnostic -> Text,
        created_at -> BigInt,
    }
}

diesel::joinable!(mail_bounces -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(mail_bounces, users);
diesel::allow_tables_to_appear_in_same_query!(mail_bounces, inbound_mail);
