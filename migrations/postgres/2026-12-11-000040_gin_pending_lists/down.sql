CREATE INDEX post_search_opening_created_idx ON post_search(created_at) WHERE opening;
CREATE INDEX post_search_opening_idx ON post_search USING GIN (vector) WHERE opening;
ALTER INDEX post_search_vector_idx RESET (gin_pending_list_limit);
ALTER INDEX topics_title_vector_idx RESET (fastupdate);
