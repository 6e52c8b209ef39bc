-- A topic merged into another: its posts now live in `merged_into`; the topic itself is
-- marked deleted (so no list, count or search shows it) and its address leads there.
ALTER TABLE topics ADD COLUMN merged_into TEXT;
