DROP TRIGGER IF EXISTS search_docs_post_deleted;
DROP TABLE IF EXISTS search_fts;
DROP TABLE IF EXISTS search_docs;
