ALTER TABLE site_settings DROP COLUMN default_language;
ALTER TABLE users DROP COLUMN language;
