DROP TABLE rate_limit_state;
