-- A question has at most one first reply by someone else and one first employee reply.
-- The constraint says so, so a reply records them with `ON CONFLICT DO NOTHING` in the
-- same statement as its own event, instead of reading the topic's events first under
-- the topic's row lock. Duplicates cannot exist (they were recorded under that lock);
-- any that do are removed, the earliest kept.
DELETE FROM outcome_events
WHERE kind IN ('first_reply', 'first_employee_reply')
  AND EXISTS (
    SELECT 1 FROM outcome_events e
    WHERE e.topic_id = outcome_events.topic_id AND e.kind = outcome_events.kind
      AND (e.occurred_at < outcome_events.occurred_at
        OR (e.occurred_at = outcome_events.occurred_at AND e.id < outcome_events.id))
  );
CREATE UNIQUE INDEX outcome_events_topic_first_idx ON outcome_events(topic_id, kind)
  WHERE kind IN ('first_reply', 'first_employee_reply');
