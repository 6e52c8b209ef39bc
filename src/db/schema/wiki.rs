//! Wiki posts (issue 19): open requests from topic authors for a wiki.

use super::{topics, users};

diesel::table! {
    wiki_requests (topic_id) {
        topic_id -> Text,
        requested_by -> Nullable<Text>,
        created_at -> BigInt,
    }
}

diesel::joinable!(wiki_requests -> topics (topic_id));
diesel::allow_tables_to_appear_in_same_query!(wiki_requests, topics);
diesel::allow_tables_to_appear_in_same_query!(wiki_requests, users);
