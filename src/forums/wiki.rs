//! Wiki posts (issue 19): a topic's opening post turned into community-maintained
//! knowledge, its revisions, diffs and reverts.
