//! Search across every sub-community the reader may see (issue 19): the search page,
//! similar questions while asking, the search log and content gaps. The engines live in
//! `db::search`; every permission is the guardian's.
