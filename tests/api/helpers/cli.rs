//! Running the built `parley` binary as an operator would (`user create`, `token create`).

/// Runs the built `parley` binary with `--data-dir dir`, `DATABASE_URL` when given, and
/// `stdin` on standard input.
pub async fn run_parley(
    dir: &std::path::Path,
    database_url: Option<&str>,
    args: &[&str],
    stdin: &str,
) -> std::process::Output {
    run_parley_env(dir, database_url, args, stdin, &[]).await
}

/// [`run_parley`] with environment variables set (`LANG`, `PARLEY_LANG`: issue 21).
/// Without them the command runs with neither, so it speaks English whatever the
/// terminal running the tests is set to.
pub async fn run_parley_env(
    dir: &std::path::Path,
    database_url: Option<&str>,
    args: &[&str],
    stdin: &str,
    env: &[(&str, &str)],
) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};

    let mut command = Command::new(env!("CARGO_BIN_EXE_parley"));
    command
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .current_dir(dir) // no stray ./parley.toml
        .env_remove("DATABASE_URL")
        .env_remove("PARLEY_CONFIG")
        .env_remove("PARLEY_DATABASE_URL")
        .env_remove("PARLEY_DATA_DIR")
        .env_remove("PARLEY_LANG")
        .env_remove("LANG")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(url) = database_url {
        command.env("DATABASE_URL", url);
    }
    let stdin = stdin.to_string();
    let description = format!("parley {}", args.join(" "));
    tokio::task::spawn_blocking(move || {
        let mut child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {description}: {e}"));
        child
            .stdin
            .take()
            .expect("piped stdin")
            .write_all(stdin.as_bytes())
            .expect("write stdin");
        child
            .wait_with_output()
            .unwrap_or_else(|e| panic!("{description} failed to run: {e}"))
    })
    .await
    .expect("join the CLI task")
}

pub fn output_text(output: &std::process::Output) -> String {
    format!(
        "status {}\n--- stdout\n{}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}
