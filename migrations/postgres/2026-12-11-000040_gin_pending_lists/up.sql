-- Issue 19: a GIN index keeps new entries in a pending list, merged into the index only
-- when the list outgrows `gin_pending_list_limit` (4 MB by default) or at a vacuum, and
-- every search through the index reads the whole list. On the bench data, right after
-- loading, both lists held about 300 pages: a title word absent from every title took
-- 2-4 ms per index scan, and similar questions 8-23 ms, against 0.4-1.9 ms with the lists
-- merged. In a running community the lists hover anywhere between empty and 4 MB.
--
-- Titles change when a topic is created or renamed, not on a reply: their index takes
-- each entry into the tree at once. Posts' vectors change on every reply: their list is
-- kept to 64 kB (the least allowed), merged by the insert that outgrows it.
ALTER INDEX topics_title_vector_idx SET (fastupdate = off);
ALTER INDEX post_search_vector_idx SET (gin_pending_list_limit = 64);
SELECT gin_clean_pending_list('topics_title_vector_idx');
SELECT gin_clean_pending_list('post_search_vector_idx');
-- Similar questions read titles (`topics.title_vector`, 000037) since then; these two,
-- on the opening posts' vectors, were written on every new topic and read by nothing.
DROP INDEX post_search_opening_idx;
DROP INDEX post_search_opening_created_idx;
