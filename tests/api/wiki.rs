//! Wiki posts and edit conflicts (issue 19).
