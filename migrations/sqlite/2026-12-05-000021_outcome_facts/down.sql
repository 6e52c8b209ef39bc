DROP TABLE outcome_mail_months;
DROP TABLE outcome_mail_optouts;
DROP TABLE outcome_targets;
DROP TABLE outcome_escalations;
DROP TABLE outcome_helpers;
DROP TABLE outcome_daily;
DROP TABLE outcome_questions;
