//! Issue 24: reply by email (reply addresses, what became of received replies, refusals
//! answered).

use super::{topics, users};

diesel::table! {
    reply_tokens (id) {
        id -> Text,
        user_id -> Text,
        topic_id -> Text,
        expires_at -> BigInt,
        created_at -> BigInt,
    }
}

diesel::table! {
    reply_mail_results (message_key) {
        message_key -> Text,
        inbound_id -> Text,
        outcome -> Text,
        reason -> Text,
        post_id -> Nullable<Text>,
        held -> Bool,
        created_at -> BigInt,
    }
}

diesel::table! {
    reply_mail_answers (id) {
        id -> Text,
        sender -> Text,
        reason -> Text,
        answered_at -> BigInt,
    }
}

diesel::joinable!(reply_tokens -> users (user_id));
diesel::joinable!(reply_tokens -> topics (topic_id));
diesel::allow_tables_to_appear_in_same_query!(reply_tokens, users);
diesel::allow_tables_to_appear_in_same_query!(reply_tokens, topics);
