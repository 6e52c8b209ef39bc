//! Demo content for this feature (filled by its work).

use crate::db::{DbConn, Timestamp};
use crate::demo_more::DemoIds;
use crate::error::AppResult;

pub fn seed(_conn: &mut DbConn, _ids: &DemoIds<'_>, _now: Timestamp) -> AppResult<()> {
    Ok(())
}
