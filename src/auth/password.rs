//! argon2id at OWASP's minimum (19 MiB, t=2, p=1: the crate's defaults), always run on
//! dedicated low-priority threads so hashing never stalls the request workers.

use std::sync::{Arc, Mutex, OnceLock};

use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use once_cell::sync::Lazy;

use crate::domain::Password;
use crate::error::{AppError, AppResult};

/// A real hash of a random password, verified against when the account does not
/// exist, so sign-in takes the same time for known and unknown accounts.
static DUMMY_HASH: Lazy<String> =
    Lazy::new(|| hash_blocking(&crate::auth::secret::random_token()).unwrap_or_default());

fn hash_blocking(password: &str) -> AppResult<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("argon2 hash failed: {e}")))
}

fn verify_blocking(password: &str, hash: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

/// The threads that hash: one per core, at a lower scheduling priority than the request
/// workers. A sign-in storm then uses whatever CPU pages leave over instead of taking
/// cores from them (on Linux the nice value is per thread). At most one hash per thread
/// runs at once, so memory stays bounded at 19 MiB per core.
type Job = Box<dyn FnOnce() + Send>;

static HASHERS: OnceLock<Mutex<std::sync::mpsc::Sender<Job>>> = OnceLock::new();

/// Nice value of the hashing threads (0 is the request workers').
const HASHER_NICE: i32 = 19;

/// Starts the hashing threads (once per process; later calls do nothing).
pub fn start_hashers() -> std::io::Result<()> {
    if HASHERS.get().is_some() {
        return Ok(());
    }
    let (tx, rx) = std::sync::mpsc::channel::<Job>();
    let rx = Arc::new(Mutex::new(rx));
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    for i in 0..threads {
        let rx = rx.clone();
        std::thread::Builder::new()
            .name(format!("argon2-{i}"))
            .spawn(move || {
                lower_priority();
                loop {
                    let job = match rx.lock() {
                        Ok(r) => r.recv(),
                        Err(poisoned) => poisoned.into_inner().recv(),
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                }
            })?;
    }
    let _ = HASHERS.set(Mutex::new(tx));
    Ok(())
}

#[cfg(target_os = "linux")]
fn lower_priority() {
    // SAFETY: setpriority with who = 0 changes only the calling thread's nice value.
    let rc = unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, HASHER_NICE) };
    if rc != 0 {
        tracing::warn!("could not lower the password-hashing threads' priority");
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {}

/// Runs `f` on a hashing thread (started on first use if `Application::build` did not).
async fn on_hasher<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
    start_hashers().map_err(|e| AppError::Unexpected(anyhow::anyhow!("hashing threads: {e}")))?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = tx.send(f());
    });
    let sent = HASHERS
        .get()
        .map(|h| match h.lock() {
            Ok(s) => s.send(job),
            Err(poisoned) => poisoned.into_inner().send(job),
        })
        .is_some_and(|r| r.is_ok());
    if !sent {
        return Err(AppError::Unexpected(anyhow::anyhow!(
            "hashing threads are gone"
        )));
    }
    rx.await
        .map_err(|_| AppError::Unexpected(anyhow::anyhow!("a hashing thread stopped")))
}

pub async fn hash(password: Password) -> AppResult<String> {
    on_hasher(move || hash_blocking(password.expose())).await?
}

/// Verifies `password` against `hash`, or against a dummy hash when there is no account.
pub async fn verify(password: String, hash: Option<String>) -> AppResult<bool> {
    on_hasher(move || match hash {
        Some(h) => verify_blocking(&password, &h),
        None => {
            let _ = verify_blocking(&password, &DUMMY_HASH);
            false
        }
    })
    .await
}

/// For the CLI and demo loader, which are not on the async executor.
pub fn hash_now(password: &Password) -> AppResult<String> {
    hash_blocking(password.expose())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_with_argon2id_owasp_parameters_and_verifies() {
        let h = hash_blocking("correct horse battery staple").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify_blocking("correct horse battery staple", &h));
        assert!(!verify_blocking("wrong horse battery staple", &h));
    }
}
