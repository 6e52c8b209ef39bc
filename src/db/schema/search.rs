//! Search (issue 19): the search log. The full-text indexes themselves are
//! backend-specific (an FTS5 table on SQLite, a `tsvector` on PostgreSQL) and are reached
//! only through `db::search`.

use super::{communities, topics};

diesel::table! {
    search_log (id) {
        id -> Text,
        query -> Text,
        community_id -> Nullable<Text>,
        result_count -> Integer,
        clicked_topic_id -> Nullable<Text>,
        member -> Bool,
        source -> Text,
        created_at -> BigInt,
    }
}

diesel::allow_tables_to_appear_in_same_query!(search_log, communities);
diesel::allow_tables_to_appear_in_same_query!(search_log, topics);
