//! `parley outcomes recompute --from DATE [--to DATE]`: recomputes past days' facts on
//! purpose (after deleting spam, say), with a progress bar. The background job only
//! recomputes the last `recompute_days` days, so a deleted post changes an older day's
//! figures only through this command.

use clap::Subcommand;
use diesel::connection::SimpleConnection;
use indicatif::{ProgressBar, ProgressStyle};

use crate::clock::Clock;
use crate::db::DbConn;
use crate::outcomes::facts::day_of;
use crate::outcomes::job::{day_string, parse_day, recompute_range};

#[derive(Subcommand, Debug)]
pub enum OutcomesCommand {
    /// Recompute the daily facts from the event log for a range of days (UTC).
    Recompute {
        /// First day, `YYYY-MM-DD`.
        #[arg(long)]
        from: String,
        /// Last day, `YYYY-MM-DD` (default: today).
        #[arg(long)]
        to: Option<String>,
    },
}

pub fn run(conn: &mut DbConn, command: OutcomesCommand) -> anyhow::Result<()> {
    match command {
        OutcomesCommand::Recompute { from, to } => {
            let now = Clock::System.now();
            let first =
                parse_day(&from).ok_or_else(|| anyhow::anyhow!("--from: expected YYYY-MM-DD"))?;
            let last = match to {
                Some(t) => {
                    parse_day(&t).ok_or_else(|| anyhow::anyhow!("--to: expected YYYY-MM-DD"))?
                }
                None => day_of(now),
            };
            if last < first {
                anyhow::bail!("--to is before --from");
            }
            let started = std::time::Instant::now();
            let bar = ProgressBar::new((last - first + 1) as u64);
            bar.set_style(
                ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} days ({eta} left)")
                    .map(|s| s.progress_chars("=> "))
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            recompute_range(conn, first, last, now, |d| {
                bar.set_message(day_string(d));
                bar.inc(1);
            })?;
            bar.finish_and_clear();
            // A bulk rewrite of the fact tables: the dashboard's plans depend on their
            // statistics, so refresh them now rather than whenever autovacuum gets there
            // (PostgreSQL planned the helpers' ranking for 129 rows instead of 29,036 and
            // took three times as long; issue 20's benchmark).
            conn.batch_execute(
                "ANALYZE outcome_questions; ANALYZE outcome_daily; \
                 ANALYZE outcome_helpers; ANALYZE outcome_escalations;",
            )?;
            println!(
                "Outcome facts recomputed: {} days ({} to {}) in {:.1} s.",
                last - first + 1,
                day_string(first),
                day_string(last),
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
    }
}
