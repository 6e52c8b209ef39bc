DROP TABLE outcome_events;
