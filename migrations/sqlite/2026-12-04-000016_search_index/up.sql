-- Issue 19, the SQLite search engine: an FTS5 index of every post, written by
-- `db::search::index_post` in the transaction that writes the post (no trigger: the
-- stems are computed in Rust, in the topic's language).
--
-- FTS5 rows need an integer rowid and posts have text ids: `search_docs` maps one to
-- the other. Each post's row holds its topic's title and tags, its own plain text, and
-- the English or French stems of the same words (title + tags, body), so a query word
-- matches its surface form or its stem. Visibility is not indexed: it is applied at
-- query time by joining `posts` and `topics`.

CREATE TABLE search_docs (
    doc_id INTEGER PRIMARY KEY,
    post_id TEXT NOT NULL UNIQUE
);

CREATE VIRTUAL TABLE search_fts USING fts5(
    title,
    tags,
    body,
    title_stems,
    body_stems,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

-- A post removed for good (account erasure, tests) takes its index row with it.
CREATE TRIGGER search_docs_post_deleted BEFORE DELETE ON posts BEGIN
    DELETE FROM search_fts WHERE rowid IN (SELECT doc_id FROM search_docs WHERE post_id = old.id);
    DELETE FROM search_docs WHERE post_id = old.id;
END;
