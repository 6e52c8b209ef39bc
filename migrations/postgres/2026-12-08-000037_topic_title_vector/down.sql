DROP INDEX IF EXISTS topics_title_vector_idx;
ALTER TABLE topics DROP COLUMN IF EXISTS title_vector;
