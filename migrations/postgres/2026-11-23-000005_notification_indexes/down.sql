DROP INDEX notifications_post_idx;
DROP INDEX notifications_topic_idx;
