use diesel::prelude::*;

use crate::db::schema::site_settings;
use crate::db::{DbConn, Language, Timestamp};

/// The deployment's brand and sign-up policy. A single row (id = 1).
#[derive(Debug, Clone, Queryable, Selectable, AsChangeset, Insertable)]
#[diesel(table_name = site_settings)]
pub struct SiteSettings {
    pub id: i32,
    pub site_name: String,
    pub tagline: String,
    pub logo_url: String,
    pub primary_color: String,
    /// Lower-case domains, one per line; confirmed sign-ups on these become employees.
    pub employee_domains: String,
    pub updated_at: Timestamp,
    /// Origins allowed to call `/api/v1` from a browser (CORS), one per line, as
    /// `scheme://host[:port]`; none by default.
    pub api_cors_origins: String,
    /// Issue 21: the language shown when nothing more specific decides.
    pub default_language: Language,
}

impl SiteSettings {
    pub fn defaults(now: Timestamp) -> Self {
        Self {
            id: 1,
            site_name: "Parley".into(),
            tagline: "Ask, answer, and shape what we build.".into(),
            logo_url: String::new(),
            primary_color: "#3355cc".into(),
            employee_domains: String::new(),
            updated_at: now,
            api_cors_origins: String::new(),
            default_language: Language::En,
        }
    }

    pub fn employee_domain_list(&self) -> impl Iterator<Item = &str> {
        self.employee_domains
            .lines()
            .map(str::trim)
            .filter(|d| !d.is_empty())
    }

    /// Whether a browser at `origin` may call `/api/v1` (exact match, as sent).
    pub fn allows_api_origin(&self, origin: &str) -> bool {
        self.api_cors_origins
            .lines()
            .map(str::trim)
            .any(|o| !o.is_empty() && o.eq_ignore_ascii_case(origin))
    }

    pub fn is_employee_email(&self, email_key: &str) -> bool {
        let Some((_, domain)) = email_key.rsplit_once('@') else {
            return false;
        };
        self.employee_domain_list().any(|d| d == domain)
    }
}

/// Reads the settings row, creating it with defaults the first time (start-up does that
/// through the write path, `setup::announce_if_needed`, so later reads only read).
pub fn load(conn: &mut DbConn, now: Timestamp) -> QueryResult<SiteSettings> {
    if let Some(s) = site_settings::table
        .find(1)
        .select(SiteSettings::as_select())
        .first(conn)
        .optional()?
    {
        return Ok(s);
    }
    let defaults = SiteSettings::defaults(now);
    // In a savepoint (issue 22): on PostgreSQL a failed statement aborts the enclosing
    // transaction, so the read below would fail when several nodes start at once.
    match conn.transaction(|conn| {
        diesel::insert_into(site_settings::table)
            .values(&defaults)
            .execute(conn)
    }) {
        Ok(_) => Ok(defaults),
        // Another request created it first.
        Err(e) if crate::db::is_unique_violation(&e) => site_settings::table
            .find(1)
            .select(SiteSettings::as_select())
            .first(conn),
        Err(e) => Err(e),
    }
}

pub fn save(conn: &mut DbConn, s: &SiteSettings) -> QueryResult<usize> {
    diesel::update(site_settings::table.find(1))
        .set(s)
        .execute(conn)
}
