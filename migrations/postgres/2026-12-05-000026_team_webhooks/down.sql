DROP INDEX webhook_subscriptions_team_idx;
ALTER TABLE webhook_subscriptions DROP COLUMN team_id;
