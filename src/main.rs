//! Thin entry point: tune the allocator, parse the command line and hand over to
//! `parley::cli`.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

fn main() -> std::process::ExitCode {
    fixed_mmap_threshold();
    parley::cli::main()
}

/// glibc raises its mmap threshold to the size of the largest block freed so far, so after
/// the first argon2id hash (19 MiB then, allocated and freed per sign-in) those blocks came
/// from the per-thread arenas and were kept: a sign-in storm grew the server to 1.5-4 GB of
/// RSS. A fixed threshold keeps every block of 4 MiB or more in its own mapping, returned to the
/// system when freed. Fixing it also stops glibc from raising the trim threshold with it,
/// so that is set too: at the default 128 KiB, free() gave the top of the heap back after
/// almost every page and signed-in pages (W4) ran at half speed (bench/README.md has the
/// before and after).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn fixed_mmap_threshold() {
    // SAFETY: mallopt only changes allocator tuning; called once at start-up, before any
    // other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 4 * 1024 * 1024);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 32 * 1024 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn fixed_mmap_threshold() {}
