//! Advisory file locks (`flock`) for what several processes on one SQLite file must
//! coordinate: migrations (exclusive, waits) and "a server is running here" (shared,
//! held while serving; `parley restore` asks for it exclusively without waiting).
//! The kernel releases a `flock` when its process dies, so a crash leaves no stale lock.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use crate::db::DbError;

/// Holds a lock until dropped (closing the file releases it).
#[derive(Debug)]
pub struct LockGuard {
    _file: File,
    path: PathBuf,
}

impl LockGuard {
    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn open(path: &Path) -> Result<File, DbError> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|e| DbError::Config(format!("cannot open the lock file {}: {e}", path.display())))
}

/// Takes `path`'s exclusive lock, waiting for whoever holds it.
pub fn exclusive(path: &Path) -> Result<LockGuard, DbError> {
    let file = open(path)?;
    if !try_flock(&file, Mode::Exclusive)? {
        tracing::info!(lock = %path.display(), "another process holds the lock; waiting");
        flock_wait(&file, Mode::Exclusive)
            .map_err(|e| DbError::Config(format!("cannot lock {}: {e}", path.display())))?;
    }
    Ok(LockGuard {
        _file: file,
        path: path.to_path_buf(),
    })
}

/// Takes `path`'s lock in `mode` if nobody holds a conflicting one; `None` otherwise.
pub fn try_lock(path: &Path, mode: Mode) -> Result<Option<LockGuard>, DbError> {
    let file = open(path)?;
    Ok(try_flock(&file, mode)?.then(|| LockGuard {
        _file: file,
        path: path.to_path_buf(),
    }))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Shared,
    Exclusive,
}

#[cfg(unix)]
fn op(mode: Mode) -> libc::c_int {
    match mode {
        Mode::Shared => libc::LOCK_SH,
        Mode::Exclusive => libc::LOCK_EX,
    }
}

#[cfg(unix)]
fn try_flock(file: &File, mode: Mode) -> Result<bool, DbError> {
    use std::os::unix::io::AsRawFd;
    loop {
        // SAFETY: flock on a descriptor this function's caller owns for the call.
        let rc = unsafe { libc::flock(file.as_raw_fd(), op(mode) | libc::LOCK_NB) };
        if rc == 0 {
            return Ok(true);
        }
        let err = std::io::Error::last_os_error();
        match err.raw_os_error() {
            Some(libc::EINTR) => continue,
            Some(libc::EWOULDBLOCK) => return Ok(false),
            _ => return Err(DbError::Config(format!("flock failed: {err}"))),
        }
    }
}

#[cfg(unix)]
fn flock_wait(file: &File, mode: Mode) -> std::io::Result<()> {
    use std::os::unix::io::AsRawFd;
    loop {
        // SAFETY: as above.
        let rc = unsafe { libc::flock(file.as_raw_fd(), op(mode)) };
        if rc == 0 {
            return Ok(());
        }
        let err = std::io::Error::last_os_error();
        if err.raw_os_error() != Some(libc::EINTR) {
            return Err(err);
        }
    }
}

// Elsewhere there is no lock: one process at a time is the operator's to ensure.
#[cfg(not(unix))]
fn try_flock(_file: &File, _mode: Mode) -> Result<bool, DbError> {
    Ok(true)
}

#[cfg(not(unix))]
fn flock_wait(_file: &File, _mode: Mode) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exclusive_lock_excludes_and_is_released_on_drop() -> Result<(), Box<dyn std::error::Error>>
    {
        let dir = std::env::temp_dir().join(format!("parley-lock-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir)?;
        let path = dir.join("db.migrate-lock");
        let held = exclusive(&path)?;
        assert!(try_lock(&path, Mode::Shared)?.is_none());
        drop(held);
        let shared = try_lock(&path, Mode::Shared)?
            .ok_or("a shared lock once the exclusive one is dropped")?;
        assert!(try_lock(&path, Mode::Shared)?.is_some());
        assert!(try_lock(&path, Mode::Exclusive)?.is_none());
        drop(shared);
        assert!(try_lock(&path, Mode::Exclusive)?.is_some());
        std::fs::remove_dir_all(&dir)?;
        Ok(())
    }
}
