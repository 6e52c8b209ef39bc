DROP INDEX outcome_events_post_idx;
