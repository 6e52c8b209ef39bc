//! Single sign-on in the demo (issue 23): `serve --demo` without `[sso] encryption_key`
//! gets a key of its own, made once and kept in the data directory (never printed), so
//! `/admin/sso` can save a provider and read it back after a restart.

use std::io::Write;

use crate::config::Settings;

const KEY_FILE: &str = "demo-sso-encryption.key";

pub fn ensure_key(settings: &mut Settings) -> anyhow::Result<()> {
    if !settings.sso.encryption_key.trim().is_empty() {
        return Ok(());
    }
    std::fs::create_dir_all(&settings.data_dir)?;
    let path = settings.data_dir.join(KEY_FILE);
    let key = match std::fs::read_to_string(&path) {
        Ok(k) if !k.trim().is_empty() => k.trim().to_string(),
        _ => {
            let k = crate::sso::crypto::generate_key();
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            options.open(&path)?.write_all(k.as_bytes())?;
            k
        }
    };
    settings.sso.encryption_key = key;
    tracing::info!("demo: single sign-on uses a key kept in the data directory");
    Ok(())
}
