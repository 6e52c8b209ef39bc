ALTER TABLE topics DROP COLUMN merged_into;
