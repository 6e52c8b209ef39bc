//! `parley reindex` (issue 19): rebuilds the search index with a progress bar, online
//! (in batches, one write transaction each: the server keeps serving and writing). Also
//! run by `parley bench-data` after its bulk load.

use crate::db::DbConn;
use indicatif::{ProgressBar, ProgressStyle};

/// Rebuilds the index through `db::search::reindex`; returns the posts indexed.
pub fn run(conn: &mut DbConn, progress: bool) -> anyhow::Result<u64> {
    let bar = if progress {
        ProgressBar::new(0)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{msg:>10} [{bar:40}] {pos}/{len} posts ({per_sec}, {eta} left)",
        )
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message("search");
    let done = crate::db::search::reindex(conn, &mut |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })?;
    bar.finish();
    Ok(done)
}
