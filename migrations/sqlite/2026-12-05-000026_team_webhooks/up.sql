-- Issue 20: a product team's webhook URL is a managed subscription (created, changed and
-- removed from /admin/teams). `team_id` set: the subscription hears only that team's
-- escalation events. No REFERENCES here: SQLite cannot drop a column that is a foreign
-- key, and the team form removes the subscription itself.
ALTER TABLE webhook_subscriptions ADD COLUMN team_id TEXT;
CREATE INDEX webhook_subscriptions_team_idx ON webhook_subscriptions(team_id);
