DROP TABLE wiki_requests;
