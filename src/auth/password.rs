//! argon2id at OWASP's minimum (19 MiB, t=2, p=1: the crate's defaults), always run on
//! the blocking pool so hashing never stalls the request workers.

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

/// At most this many hashes run at once (one per core): each takes 19 MiB and a core for
/// ~25 ms, so a sign-in storm can neither exhaust memory nor starve page requests.
static HASH_PERMITS: Lazy<tokio::sync::Semaphore> = Lazy::new(|| {
    tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
});

async fn permit() -> AppResult<tokio::sync::SemaphorePermit<'static>> {
    HASH_PERMITS
        .acquire()
        .await
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("hash semaphore closed: {e}")))
}

pub async fn hash(password: Password) -> AppResult<String> {
    let _permit = permit().await?;
    actix_web::web::block(move || hash_blocking(password.expose())).await?
}

/// Verifies `password` against `hash`, or against a dummy hash when there is no account.
pub async fn verify(password: String, hash: Option<String>) -> AppResult<bool> {
    let _permit = permit().await?;
    Ok(actix_web::web::block(move || match hash {
        Some(h) => verify_blocking(&password, &h),
        None => {
            let _ = verify_blocking(&password, &DUMMY_HASH);
            false
        }
    })
    .await?)
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
