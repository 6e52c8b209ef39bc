//! argon2id with one of OWASP's equivalent minimum settings (7 MiB, t=5, p=1), always
//! run on dedicated idle-priority threads so hashing never stalls the request workers.
//!
//! OWASP lists 19 MiB/t=2 (the crate's defaults), 12 MiB/t=3, 9 MiB/t=4 and 7 MiB/t=5 as
//! giving the same defence. The smallest leaves most of the 32 MiB L3 cache that both
//! cores share to the pages being served: in a sign-in storm under page load it gave about
//! a third more sign-ins per second than 19 MiB for the same page latency (two runs each,
//! bench/README.md, "Sign-ins and memory (W6)").
//! Hashes made with other parameters still verify: they come from the PHC string.
//!
//! Each hashing thread keeps its argon2 memory between hashes and lets it go
//! after a second without work. Allocating it per hash meant an `mmap`, 4,864 page faults
//! and an `munmap` each time; in a sign-in storm those took the process's memory-map lock
//! and sent TLB shoot-downs to the cores serving pages.

use std::cell::RefCell;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use argon2::password_hash::phc::{Output, ParamsString, Salt};
use argon2::{Algorithm, Argon2, Block, Params, PasswordHash, Version};
use once_cell::sync::Lazy;

use crate::domain::Password;
use crate::error::{AppError, AppResult};

/// A real hash of a random password, verified against when the account does not
/// exist, so sign-in takes the same time for known and unknown accounts.
static DUMMY_HASH: Lazy<String> =
    Lazy::new(|| hash_blocking(&crate::auth::secret::random_token()).unwrap_or_default());

thread_local! {
    /// This thread's argon2 memory, kept between hashes (see the module comment).
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// How long a hashing thread keeps its memory without work.
const KEEP_MEMORY: Duration = Duration::from_secs(1);

/// Runs `f` with at least `blocks` blocks of this thread's argon2 memory.
fn with_memory<T>(blocks: usize, f: impl FnOnce(&mut [Block]) -> T) -> T {
    MEMORY.with(|m| {
        let mut memory = m.borrow_mut();
        if memory.len() < blocks {
            memory.resize(blocks, Block::default());
        }
        f(&mut memory[..blocks])
    })
}

fn release_memory() {
    MEMORY.with(|m| *m.borrow_mut() = Vec::new());
}

/// argon2id parameters for new hashes (see the module comment).
fn hash_params() -> Result<Params, argon2::Error> {
    Params::new(7 * 1024, 5, 1, None)
}

fn hash_blocking(password: &str) -> AppResult<String> {
    let failed = |e: &dyn std::fmt::Display| {
        AppError::Unexpected(anyhow::anyhow!("argon2 hash failed: {e}"))
    };
    let params = hash_params().map_err(|e| failed(&e))?;
    let mut salt_bytes = [0u8; 16];
    getrandom::fill(&mut salt_bytes).map_err(|e| failed(&e))?;
    let salt = Salt::new(&salt_bytes).map_err(|e| failed(&e))?;
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    with_memory(params.block_count(), |memory| {
        argon.hash_password_into_with_memory(password.as_bytes(), &salt, &mut out, memory)
    })
    .map_err(|e| failed(&e))?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| failed(&e))?,
        salt: Some(salt),
        hash: Some(Output::new(&out).map_err(|e| failed(&e))?),
    };
    Ok(phc.to_string())
}

/// Checks `password` against a PHC string with the parameters stored in it (so hashes
/// made with other argon2 parameters still verify); the comparison is constant-time.
fn verify_blocking(password: &str, hash: &str) -> bool {
    let Ok(phc) = PasswordHash::new(hash) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (&phc.salt, &phc.hash) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(phc.algorithm.as_str()) else {
        return false;
    };
    let version = match phc.version.map(Version::try_from) {
        None => Version::default(),
        Some(Ok(v)) => v,
        Some(Err(_)) => return false,
    };
    let Ok(params) = Params::try_from(&phc) else {
        return false;
    };
    let mut out = vec![0u8; expected.len()];
    let argon = Argon2::new(algorithm, version, params.clone());
    let hashed = with_memory(params.block_count(), |memory| {
        argon.hash_password_into_with_memory(password.as_bytes(), salt, &mut out, memory)
    });
    hashed.is_ok() && Output::new(&out).is_ok_and(|computed| &computed == expected)
}

/// Whether a stored hash was made with other parameters than new hashes get (the crate's
/// 19 MiB defaults, say): such a hash is replaced at the member's next sign-in, so that
/// sign-in's time no longer tells old accounts from unknown ones (whose check runs
/// against a dummy hash made with today's parameters). Unreadable hashes never verify
/// and are left alone.
pub fn needs_rehash(hash: &str) -> bool {
    let (Ok(phc), Ok(current)) = (PasswordHash::new(hash), hash_params()) else {
        return false;
    };
    let same_params = Params::try_from(&phc).is_ok_and(|p| {
        p.m_cost() == current.m_cost()
            && p.t_cost() == current.t_cost()
            && p.p_cost() == current.p_cost()
    });
    !(same_params
        && phc.algorithm == Algorithm::Argon2id.ident()
        && phc.version == Some(Version::V0x13.into()))
}

/// The threads that hash: one per core but one (at least one), at the idle scheduling
/// policy (`SCHED_IDLE`; nice 19 where that is refused). A sign-in storm then uses
/// whatever CPU pages leave over instead of taking cores from them; a request worker that
/// wakes preempts a hashing thread at once (at nice 19 the scheduler could let it finish
/// its slice first); and one core is never busy hashing: on 2 cores, a second hashing
/// thread added no sign-ins during a storm under page load (20-25/s either way) but
/// doubled its effect on the pages' p99. At most one hash per thread runs at once, so memory stays bounded at
/// one hash's (7 MiB; 19 MiB for hashes made with the crate's defaults) per thread.
type Job = Box<dyn FnOnce() + Send>;

static HASHERS: OnceLock<Mutex<std::sync::mpsc::Sender<Job>>> = OnceLock::new();

/// Nice value of the hashing threads where the idle policy is refused (0 is the request
/// workers').
const HASHER_NICE: i32 = 19;

/// Starts the hashing threads (once per process; later calls do nothing).
pub fn start_hashers() -> std::io::Result<()> {
    if HASHERS.get().is_some() {
        return Ok(());
    }
    let (tx, rx) = std::sync::mpsc::channel::<Job>();
    let rx = Arc::new(Mutex::new(rx));
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().max(2) - 1);
    for i in 0..threads {
        let rx = rx.clone();
        std::thread::Builder::new()
            .name(format!("argon2-{i}"))
            .spawn(move || {
                lower_priority();
                let mut holding = false;
                loop {
                    let rx = rx.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                    let job = if holding {
                        rx.recv_timeout(KEEP_MEMORY)
                    } else {
                        rx.recv()
                            .map_err(|_| std::sync::mpsc::RecvTimeoutError::Disconnected)
                    };
                    drop(rx);
                    match job {
                        Ok(job) => {
                            job();
                            holding = true;
                        }
                        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                            release_memory();
                            holding = false;
                        }
                        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
                    }
                }
            })?;
    }
    let _ = HASHERS.set(Mutex::new(tx));
    Ok(())
}

#[cfg(target_os = "linux")]
fn lower_priority() {
    let param = libc::sched_param { sched_priority: 0 };
    // SAFETY: on Linux pid 0 names the calling thread only; SCHED_IDLE takes priority 0
    // and `param` outlives the call.
    if unsafe { libc::sched_setscheduler(0, libc::SCHED_IDLE, &param) } == 0 {
        return;
    }
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
    let hash = hash_blocking(password.expose());
    release_memory();
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_with_argon2id_owasp_parameters_and_verifies() -> Result<(), AppError> {
        let h = hash_blocking("correct horse battery staple")?;
        assert!(h.starts_with("$argon2id$v=19$m=7168,t=5,p=1$"), "{h}");
        assert!(verify_blocking("correct horse battery staple", &h));
        assert!(!verify_blocking("wrong horse battery staple", &h));
        Ok(())
    }

    #[test]
    fn only_hashes_made_with_other_parameters_need_rehashing() -> Result<(), String> {
        use argon2::PasswordHasher;
        let ours = hash_blocking("correct horse battery staple").map_err(|e| e.to_string())?;
        assert!(!needs_rehash(&ours), "{ours}");
        let defaults = Argon2::default()
            .hash_password(b"correct horse battery staple")
            .map_err(|e| e.to_string())?
            .to_string();
        assert!(needs_rehash(&defaults), "{defaults}");
        let argon2i = Argon2::new(
            Algorithm::Argon2i,
            Version::V0x13,
            hash_params().map_err(|e| e.to_string())?,
        )
        .hash_password(b"correct horse battery staple")
        .map_err(|e| e.to_string())?
        .to_string();
        assert!(needs_rehash(&argon2i), "{argon2i}");
        assert!(!needs_rehash("not a hash"));
        Ok(())
    }

    /// Hashes made here and by the argon2 crate's own API verify both ways, including a
    /// hash with other parameters (its parameters come from the PHC string).
    #[test]
    fn hashes_interoperate_with_the_argon2_crate() -> Result<(), String> {
        use argon2::{PasswordHasher, PasswordVerifier};
        let ours = hash_blocking("hunter42 but longer").map_err(|e| e.to_string())?;
        let parsed = PasswordHash::new(&ours).map_err(|e| e.to_string())?;
        assert!(Argon2::default()
            .verify_password(b"hunter42 but longer", &parsed)
            .is_ok());
        let params = Params::new(8 * 1024, 3, 1, None).map_err(|e| e.to_string())?;
        let small = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let theirs = small
            .hash_password(b"hunter42 but longer")
            .map_err(|e| e.to_string())?
            .to_string();
        assert!(theirs.contains("m=8192,t=3"), "{theirs}");
        assert!(verify_blocking("hunter42 but longer", &theirs));
        assert!(!verify_blocking("hunter42 but shorter", &theirs));
        assert!(!verify_blocking(
            "hunter42 but longer",
            "$argon2id$v=19$garbage"
        ));
        assert!(!verify_blocking("hunter42 but longer", ""));
        Ok(())
    }
}
