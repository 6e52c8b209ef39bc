DROP TABLE escalation_history;
DROP TABLE escalations;
DROP TABLE team_communities;
DROP TABLE team_members;
DROP TABLE product_teams;
