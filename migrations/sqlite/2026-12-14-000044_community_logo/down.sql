ALTER TABLE communities DROP COLUMN logo_url;
