DROP TABLE search_log;
ALTER TABLE topics DROP COLUMN wiki;
ALTER TABLE topics DROP COLUMN language;
ALTER TABLE communities DROP COLUMN wiki_min_reputation;
ALTER TABLE communities DROP COLUMN default_language;
