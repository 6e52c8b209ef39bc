//! Command line: `parley serve | migrate | user create | demo`.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::accounts::service::{create_user_now, AccountRole};
use crate::clock::Clock;
use crate::config::Settings;
use crate::db::DbPool;
use crate::error::AppError;

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
    Migrate,
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Load demo content: sub-communities, customers, employees and a moderator.
    Demo,
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

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut settings = match Settings::load(cli.config.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: configuration: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(dir) = cli.data_dir {
        settings.data_dir = dir;
    }
    crate::telemetry::init(&settings.log);
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
        Command::Migrate => migrate(&settings),
        Command::User {
            command:
                UserCommand::Create {
                    username,
                    email,
                    role,
                },
        } => create_user(&settings, &username, &email, role),
        Command::Demo => crate::demo::load_into(&settings, true).map(|_| ()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn serve(settings: Settings, demo: bool) -> anyhow::Result<()> {
    if demo {
        crate::demo::load_into(&settings, true)?;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let app = crate::Application::build(settings, Clock::System).await?;
        app.run_until_stopped().await?;
        Ok(())
    })
}

pub fn open_pool(settings: &Settings) -> anyhow::Result<DbPool> {
    let url = settings.database().map_err(anyhow::Error::msg)?;
    let pool = DbPool::connect(&url, 2)?;
    let applied = pool.migrate()?;
    if applied > 0 {
        println!("Applied {applied} migration(s) to {}", url.display());
    }
    Ok(pool)
}

fn migrate(settings: &Settings) -> anyhow::Result<()> {
    let pool = open_pool(settings)?;
    drop(pool);
    println!("Database is up to date.");
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
    let pool = open_pool(settings)?;
    let mut conn = pool.get()?;
    match create_user_now(
        &mut conn,
        username,
        email,
        password,
        role,
        Clock::System.now(),
    ) {
        Ok(id) => {
            println!("Created {role:?} account {username} ({id}).");
            Ok(())
        }
        Err(AppError::Validation(fields)) => {
            let msgs: Vec<String> = fields.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            anyhow::bail!("{}", msgs.join("; "))
        }
        Err(e) => Err(anyhow::anyhow!("{e}")),
    }
}
