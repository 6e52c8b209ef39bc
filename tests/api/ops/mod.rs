//! Operations (issue 22): concurrent starts on one empty database, `migrate --check`,
//! `HEAD` for `GET` routes, `/metrics`, graceful shutdown, backup and restore.

mod backup;
mod cluster; // several nodes on one database
mod copy; // ops-data: `parley copy`
mod head;
mod metrics;
mod pool; // the PostgreSQL pool's liveness check
mod shutdown;
mod starts;
