DROP TRIGGER post_search_topic_update ON topics;
DROP FUNCTION post_search_topic_update();
DROP TRIGGER post_search_update ON posts;
DROP FUNCTION post_search_update();
DROP TRIGGER post_search_insert ON posts;
DROP FUNCTION post_search_insert();
DROP TABLE post_search;
DROP FUNCTION post_search_vector(TEXT, TEXT, TEXT, TEXT);
DROP FUNCTION post_search_config(TEXT);
