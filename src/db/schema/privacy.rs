//! Issue 22 (privacy requests): data exports and account deletions.

diesel::table! {
    privacy_requests (id) {
        id -> Text,
        user_id -> Text,
        kind -> Text,
        requested_by -> Text,
        status -> Text,
        remove_posts -> Bool,
        token_hash -> Nullable<Text>,
        archive -> Nullable<Text>,
        created_at -> BigInt,
        due_at -> BigInt,
        completed_at -> Nullable<BigInt>,
    }
}
