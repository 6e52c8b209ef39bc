//! Command line: `parley serve | migrate | user create | token create | demo`.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::accounts::service::{create_user_now, AccountRole};
use crate::accounts::tokens::{create_in, TokenInput, TokenRequest};
use crate::auth::{Guardian, Viewer};
use crate::clock::Clock;
use crate::config::Settings;
use crate::db::models::{communities, users};
use crate::db::write_batch;
use crate::db::{connect_single, run_migrations, ApiTokenKind, DbConn};
use crate::domain::Username;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::t;

#[derive(Parser, Debug)]
#[command(
    name = "parley",
    version,
    about = "Parley: your company's own community"
)]
pub struct Cli {
    /// Configuration file (default: ./parley.toml when present).
    #[arg(long, global = true, env = "PARLEY_CONFIG")]
    pub config: Option<PathBuf>,
    /// Data directory for the SQLite database and development mail.
    #[arg(long, global = true)]
    pub data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the web application (the default).
    Serve {
        /// Address and port, e.g. 127.0.0.1:8080 or 0.0.0.0:8080.
        #[arg(long)]
        bind: Option<String>,
        /// Load the demo community first if the database has none.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate {
        /// Change nothing: exit 0 when the schema is current, 1 listing what is pending.
        #[arg(long)]
        check: bool,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Load demo content: sub-communities, customers, employees and a moderator.
    Demo,
    /// Print the API's OpenAPI 3.1 document (what `docs/openapi.json` holds).
    Openapi,
    /// Generate a large deterministic community for load tests (see bench/).
    BenchData {
        #[arg(long, default_value_t = 2_000)]
        members: usize,
        #[arg(long, default_value_t = 10)]
        communities: usize,
        #[arg(long, default_value_t = 20_000)]
        topics: usize,
        #[arg(long, default_value_t = 500_000)]
        posts: usize,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Write session tokens (one per line) here, for the signed-in workloads.
        #[arg(long)]
        sessions_file: Option<PathBuf>,
    },
    // Issue 19 (search).
    /// Rebuild the search index (online: the server may keep running).
    Reindex,
    // Issue 22 (operations).
    /// Copy the SQLite database to FILE, consistently, while the server keeps running.
    Backup { file: PathBuf },
    /// Replace the SQLite database with the backup FILE (the server must be stopped;
    /// the current database is kept aside).
    Restore { file: PathBuf },
    /// Copy a whole community from SQLite to an empty PostgreSQL database (the upgrade
    /// path; see the README).
    Copy {
        /// The SQLite database, e.g. sqlite://data/parley.db.
        #[arg(long)]
        from: String,
        /// The empty PostgreSQL database, e.g. postgres://parley@localhost/parley.
        #[arg(long)]
        to: String,
    },
    // Issue 20 (outcomes).
    /// The outcome dashboard's daily facts.
    Outcomes {
        #[command(subcommand)]
        command: crate::outcomes::cli::OutcomesCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create a confirmed account; the password is read from standard input.
    Create {
        #[arg(long)]
        username: String,
        #[arg(long)]
        email: String,
        #[arg(long, value_enum, default_value = "member")]
        role: AccountRole,
    },
}

#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Create an API token for a member and print its secret (shown only once).
    Create {
        /// The member's username.
        #[arg(long)]
        user: String,
        #[arg(long)]
        name: String,
        /// Comma-separated, e.g. `users:read,topics:read`.
        #[arg(long)]
        scopes: String,
        /// Limit the token to these sub-communities (slugs, comma-separated; may repeat).
        #[arg(long)]
        community: Vec<String>,
        /// 1 to 365 (default 90).
        #[arg(long)]
        expires_days: Option<String>,
        /// A service token (`parley_svc_…`) for an integration; `--user` must be an admin,
        /// who owns it.
        #[arg(long)]
        service: bool,
    },
}

/// Issue 21: the language of what the command prints: `PARLEY_LANG`, else `LANG`
/// (`fr_FR.UTF-8` is French); English when neither names a language we have.
pub fn cli_lang() -> Lang {
    lang_from_env(
        std::env::var("PARLEY_LANG").ok().as_deref(),
        std::env::var("LANG").ok().as_deref(),
    )
}

fn lang_from_env(parley_lang: Option<&str>, lang: Option<&str>) -> Lang {
    [parley_lang, lang]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|v| !v.is_empty())
        .and_then(|v| Lang::from_code(v.split(['.', '@']).next().unwrap_or(""), false))
        .unwrap_or(Lang::En)
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut settings = match Settings::load(cli.config.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "{}",
                t!(cli_lang(), "cli-config-error", error = e.to_string())
            );
            return ExitCode::from(2);
        }
    };
    if let Some(dir) = cli.data_dir {
        settings.data_dir = dir;
    }
    crate::telemetry::init(&settings.log, &settings.log_format);
    let result = match cli.command.unwrap_or(Command::Serve {
        bind: None,
        demo: false,
    }) {
        Command::Serve { bind, demo } => {
            if let Some(b) = bind {
                settings.bind = b;
            }
            serve(settings, demo)
        }
        Command::Migrate { check: false } => migrate(&settings),
        // Issue 22: 0 current, 1 pending, 2 could not tell.
        Command::Migrate { check: true } => {
            return match migrate_check(&settings) {
                Ok(true) => ExitCode::SUCCESS,
                Ok(false) => ExitCode::from(1),
                Err(e) => {
                    eprintln!("{}", t!(cli_lang(), "cli-error", error = format!("{e:#}")));
                    ExitCode::from(2)
                }
            }
        }
        Command::Backup { file } => crate::ops::backup::backup(&settings, &file),
        Command::Restore { file } => crate::ops::backup::restore(&settings, &file),
        Command::Copy { from, to } => crate::ops::copy::cli(&from, &to),
        Command::User {
            command:
                UserCommand::Create {
                    username,
                    email,
                    role,
                },
        } => create_user(&settings, &username, &email, role),
        Command::Token {
            command:
                TokenCommand::Create {
                    user,
                    name,
                    scopes,
                    community,
                    expires_days,
                    service,
                },
        } => {
            let mut input = TokenInput {
                name,
                scopes,
                communities: vec![],
                expires_days: expires_days.unwrap_or_default(),
            };
            for list in &community {
                input.add_communities(list);
            }
            let kind = if service {
                ApiTokenKind::Service
            } else {
                ApiTokenKind::Personal
            };
            create_token(&settings, &user, &input, kind)
        }
        Command::Demo => crate::demo::load_into(&settings, true).map(|_| ()),
        Command::Openapi => {
            println!("{}", crate::api::openapi::json());
            Ok(())
        }
        Command::BenchData {
            members,
            communities,
            topics,
            posts,
            seed,
            sessions_file,
        } => {
            let size = crate::bench_data::Size {
                members,
                communities,
                topics,
                posts,
                seed,
            };
            bench_data(&settings, &size, sessions_file.as_deref())
        }
        // Issue 19 (search).
        Command::Reindex => reindex(&settings),
        // Issue 20 (outcomes).
        Command::Outcomes { command } => open_connection(&settings)
            .and_then(|mut conn| crate::outcomes::cli::run(&mut conn, command)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", t!(cli_lang(), "cli-error", error = format!("{e:#}")));
            ExitCode::FAILURE
        }
    }
}

fn serve(mut settings: Settings, demo: bool) -> anyhow::Result<()> {
    if demo {
        crate::demo::load_into(&settings, true)?;
        // Issue 23: `/admin/sso` works in the demo without configuration.
        crate::demo_sso::ensure_key(&mut settings)?;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        // The demo's example corporate page, on a second port of this runtime.
        let host = if demo {
            Some(start_demo_host(&settings)?)
        } else {
            None
        };
        let app = crate::Application::build(settings, Clock::System).await?;
        if let Some(host) = host {
            tokio::spawn(host);
        }
        app.run_until_stopped().await?;
        Ok(())
    })
}

/// Binds the demo host page (`demo.host_bind`) and says where it is.
fn start_demo_host(settings: &Settings) -> anyhow::Result<actix_web::dev::Server> {
    use crate::embed::demo_host;
    let bind = settings.demo_host_bind();
    let listener = std::net::TcpListener::bind(&bind)
        .map_err(|e| anyhow::anyhow!("demo host page: cannot listen on {bind}: {e}"))?;
    let port = listener.local_addr()?.port();
    let mut site = demo_host::HostSite::beside(&settings.public_base_url(), port);
    let mut conn = open_connection(settings)?;
    let (site_id, secret) =
        crate::demo_embed::demo_connect_site(&mut conn, &site, Clock::System.now())
            .map_err(|e| anyhow::anyhow!("demo host page's Connect site: {e}"))?;
    site.connect = Some(demo_host::DemoConnect { site_id, secret });
    let lang = cli_lang();
    println!(
        "{}\n{}",
        t!(
            lang,
            "cli-serve-addresses",
            url = settings.public_base_url()
        ),
        t!(lang, "cli-serve-demo-host", url = site.page_url())
    );
    Ok(demo_host::server(listener, site)?)
}

/// A single migrated connection for one-shot commands (see `db::connect_single`).
pub fn open_connection(settings: &Settings) -> anyhow::Result<DbConn> {
    let url = settings.database().map_err(anyhow::Error::msg)?;
    let mut conn = connect_single(&url)?;
    let applied = run_migrations(&mut conn)?;
    if applied > 0 {
        let database = url.display().to_string();
        println!(
            "{}",
            t!(
                cli_lang(),
                "cli-migrations-applied",
                count = applied,
                database = database
            )
        );
    }
    Ok(conn)
}

fn migrate(settings: &Settings) -> anyhow::Result<()> {
    open_connection(settings)?;
    println!("{}", cli_lang().t("cli-database-up-to-date"));
    Ok(())
}

/// Issue 22: `parley migrate --check` reads only (a missing SQLite file is not created).
fn migrate_check(settings: &Settings) -> anyhow::Result<bool> {
    let url = settings.database().map_err(anyhow::Error::msg)?;
    let mut conn = match url.sqlite_path() {
        Some(path) if !path.exists() => {
            // Nothing there yet: every migration is pending (listed from an empty
            // in-memory database, which has no migrations table either).
            DbConn::Sqlite(diesel::Connection::establish(":memory:")?)
        }
        Some(path) => DbConn::Sqlite(diesel::Connection::establish(
            path.to_str()
                .ok_or_else(|| anyhow::anyhow!("{} is not valid UTF-8", path.display()))?,
        )?),
        None => connect_single(&url)?,
    };
    let pending = crate::db::pending_migrations(&mut conn)?;
    if pending.is_empty() {
        let database = url.display().to_string();
        println!(
            "{}",
            t!(cli_lang(), "cli-schema-current", database = database)
        );
        return Ok(true);
    }
    let database = url.display().to_string();
    println!(
        "{}",
        t!(
            cli_lang(),
            "cli-migrations-pending",
            count = pending.len(),
            database = database
        )
    );
    for name in &pending {
        println!("  {name}");
    }
    Ok(false)
}

// Issue 19 (search): `parley reindex`.
fn reindex(settings: &Settings) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    let mut conn = open_connection(settings)?;
    let started = std::time::Instant::now();
    let done = crate::reindex::run(&mut conn, std::io::stderr().is_terminal())?;
    let lang = cli_lang();
    let seconds = crate::i18n::format::decimal(lang, started.elapsed().as_secs_f64(), 1);
    println!(
        "{}",
        t!(lang, "cli-reindexed", count = done, seconds = seconds)
    );
    Ok(())
}

fn create_user(
    settings: &Settings,
    username: &str,
    email: &str,
    role: AccountRole,
) -> anyhow::Result<()> {
    let mut password = String::new();
    std::io::stdin().take(4096).read_to_string(&mut password)?;
    let password = password.strip_suffix('\n').unwrap_or(&password);
    let password = password.strip_suffix('\r').unwrap_or(password);
    let mut conn = open_connection(settings)?;
    match create_user_now(
        &mut conn,
        username,
        email,
        password,
        role,
        Clock::System.now(),
    ) {
        Ok(id) => {
            let (role, id) = (format!("{role:?}"), id.to_string());
            println!(
                "{}",
                t!(
                    cli_lang(),
                    "cli-user-created",
                    role = role,
                    username = username,
                    id = id
                )
            );
            Ok(())
        }
        Err(AppError::Validation(fields)) => {
            let msgs: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{k}: {}", v.text(cli_lang())))
                .collect();
            anyhow::bail!("{}", msgs.join("; "))
        }
        Err(e) => Err(anyhow::anyhow!("{e}")),
    }
}

/// `token create`: the same parsing, guardian and insert as `/settings/tokens`, in a
/// write of the CLI's own connection.
fn create_token(
    settings: &Settings,
    username: &str,
    input: &TokenInput,
    kind: ApiTokenKind,
) -> anyhow::Result<()> {
    let request = TokenRequest::parse(input).map_err(|fields| {
        let msgs: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("{k}: {}", v.text(cli_lang())))
            .collect();
        anyhow::anyhow!("{}", msgs.join("; "))
    })?;
    let mut conn = open_connection(settings)?;
    let now = Clock::System.now();
    let lang = cli_lang();
    let key = Username::lookup_key(username);
    let user = users::find_by_username_key(&mut conn, &key)?.ok_or_else(|| {
        let quoted = format!("{username:?}");
        anyhow::anyhow!(
            "{}",
            t!(cli_lang(), "cli-token-no-member", username = quoted)
        )
    })?;
    let memberships = communities::memberships_of(&mut conn, &user.id)?;
    let viewer = Viewer::of_member(user, memberships, now);
    let created = write_batch(&mut conn, |conn| {
        create_in(conn, &Guardian::new(&viewer), request, kind, now)
    })
    .map_err(|e| match e {
        AppError::NotFound => {
            let communities = format!("{:?}", input.communities.join(","));
            anyhow::anyhow!(
                "{}",
                t!(
                    lang,
                    "cli-token-no-community",
                    communities = communities,
                    username = username
                )
            )
        }
        AppError::Forbidden | AppError::SignInRequired => anyhow::anyhow!(
            "{}",
            t!(
                lang,
                "cli-token-refused",
                username = username,
                kind = kind.as_str()
            )
        ),
        other => anyhow::anyhow!("{other}"),
    })?;
    let name = format!("{:?}", created.token.name);
    println!(
        "{}",
        t!(
            lang,
            "cli-token-created",
            name = name,
            username = username,
            scopes = created.token.scopes.as_str(),
            date = created.token.expires_at.date_string()
        )
    );
    println!("{}", lang.t("cli-token-shown-once"));
    println!("{}", created.secret);
    Ok(())
}

fn bench_data(
    settings: &Settings,
    size: &crate::bench_data::Size,
    sessions_file: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let mut conn = open_connection(settings)?;
    let started = std::time::Instant::now();
    let generated = crate::bench_data::generate(&mut conn, size, &Clock::System, true)?;
    if let Some(path) = sessions_file {
        crate::bench_data::write_tokens(path, &generated.session_tokens)?;
    }
    println!("generated in {:.1} s", started.elapsed().as_secs_f64());
    println!("topic_50={}", generated.topic_50);
    println!("topic_10000={}", generated.topic_10000);
    println!("w3_community={}", generated.w3_community);
    println!("embed_community={}", generated.embed_community);
    println!("embed_page={}", generated.embed_page);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cli_language_comes_from_parley_lang_then_lang() {
        assert_eq!(lang_from_env(None, Some("fr_FR.UTF-8")), Lang::Fr);
        assert_eq!(lang_from_env(Some("en"), Some("fr_FR.UTF-8")), Lang::En);
        assert_eq!(lang_from_env(Some(""), Some("fr_CA@euro")), Lang::Fr);
        assert_eq!(lang_from_env(None, Some("C.UTF-8")), Lang::En);
        assert_eq!(lang_from_env(None, Some("de_DE.UTF-8")), Lang::En);
        assert_eq!(lang_from_env(None, None), Lang::En);
    }
}
