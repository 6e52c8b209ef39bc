DROP TRIGGER search_docs_post_deleted;
CREATE TRIGGER search_docs_post_deleted BEFORE DELETE ON posts BEGIN
    DELETE FROM search_fts WHERE rowid IN (SELECT doc_id FROM search_docs WHERE post_id = old.id);
    DELETE FROM search_docs WHERE post_id = old.id;
END;
DROP TABLE search_titles;
