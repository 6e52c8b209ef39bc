use crate::auth::Guardian;
use crate::db::models::settings::{self, SiteSettings};
use crate::db::models::users::User;
use crate::db::models::{audit, sessions, users};
use crate::db::{Language, OutboxId, SiteRole, UserId};
use crate::domain::{AccentColor, BoundedText};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Lang;
use crate::state::AppState;

#[derive(Clone)]
pub struct BrandInput {
    pub site_name: String,
    pub tagline: String,
    pub logo_url: String,
    pub primary_color: String,
    pub employee_domains: String,
    /// Origins allowed to call the API from a browser, one per line.
    pub api_cors_origins: String,
    /// Issue 21: the deployment's default language (`en` or `fr`); `None` (a client
    /// that does not send the field) leaves it as it is.
    pub default_language: Option<String>,
}

/// The default language as sent: exactly one of the languages people can read.
fn parse_language(raw: &str) -> Option<Language> {
    Language::ALL
        .iter()
        .copied()
        .find(|l| l.as_str() == raw.trim())
}

/// Parses the CORS origins field: `https://host[:port]` (or `http://`), one per line or
/// comma-separated, without a path; lower-cased.
fn parse_origins(lang: Lang, text: &str) -> Result<Vec<String>, String> {
    let mut origins = Vec::new();
    for o in text
        .split([',', '\n', ' '])
        .map(|o| o.trim().trim_end_matches('/').to_lowercase())
        .filter(|o| !o.is_empty())
    {
        let host = o
            .strip_prefix("https://")
            .or_else(|| o.strip_prefix("http://"))
            .unwrap_or("");
        let valid = !host.is_empty()
            && o.len() <= 300
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
        if !valid {
            return Err(crate::t!(
                lang,
                "admin-error-origin",
                origin = format!("{o:?}")
            ));
        }
        if !origins.contains(&o) {
            origins.push(o);
        }
    }
    Ok(origins)
}

/// Saves the brand, sign-up and language settings; validation messages are written in
/// `lang` (the admin's).
pub async fn save_settings(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    input: BrandInput,
    lang: Lang,
) -> AppResult<()> {
    guardian.ensure(guardian.can_administer_site())?;
    let mut errors = FieldErrors::new();
    let name = BoundedText::parse(&input.site_name, "validation-field-site-name", 1, 60, true)
        .map_err(|e| errors.insert("site_name", e))
        .ok();
    let tagline = BoundedText::parse(&input.tagline, "validation-field-tagline", 0, 140, true)
        .map_err(|e| errors.insert("tagline", e))
        .ok();
    let color = AccentColor::parse(&input.primary_color)
        .map_err(|e| errors.insert("primary_color", e))
        .ok();
    let logo = crate::domain::LogoUrl::parse(&input.logo_url)
        .map_err(|e| errors.insert("logo_url", e))
        .map(|l| l.as_str().to_string())
        .unwrap_or_default();
    let mut domains = Vec::new();
    for d in input
        .employee_domains
        .split([',', '\n', ' '])
        .map(|d| d.trim().trim_start_matches('@').to_lowercase())
    {
        if d.is_empty() {
            continue;
        }
        let valid = d.contains('.')
            && d.len() <= 253
            && d.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
        if !valid {
            errors.insert(
                "employee_domains",
                crate::t!(lang, "admin-error-domain", domain = format!("{d:?}")),
            );
            break;
        }
        domains.push(d);
    }
    let origins = parse_origins(lang, &input.api_cors_origins)
        .map_err(|e| errors.insert("api_cors_origins", e))
        .unwrap_or_default();
    let language = match input.default_language.as_deref() {
        None => None,
        Some(raw) => match parse_language(raw) {
            Some(l) => Some(l),
            None => {
                errors.insert("default_language", lang.t("admin-error-language"));
                None
            }
        },
    };
    let (Some(name), Some(tagline), Some(color)) = (name, tagline, color) else {
        return Err(AppError::Validation(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let (now, actor_id) = (state.clock.now(), actor.id.clone());
    state
        .write(move |conn| {
            let before = settings::load(conn, now)?;
            let after = SiteSettings {
                id: 1,
                site_name: name.into_string(),
                tagline: tagline.into_string(),
                logo_url: logo,
                primary_color: color.as_str().into(),
                employee_domains: domains.join("\n"),
                updated_at: now,
                api_cors_origins: origins.join("\n"),
                default_language: language.unwrap_or(before.default_language),
            };
            settings::save(conn, &after)?;
            let details = format!(
                "name: {} -> {}; domains: [{}] -> [{}]; API origins: [{}] -> [{}]; default language: {} -> {}",
                before.site_name,
                after.site_name,
                before.employee_domains.replace('\n', ", "),
                after.employee_domains.replace('\n', ", "),
                before.api_cors_origins.replace('\n', ", "),
                after.api_cors_origins.replace('\n', ", "),
                before.default_language,
                after.default_language
            );
            audit::record(
                conn,
                Some(&actor_id),
                "site.settings",
                "site",
                "1",
                &details,
                now,
            )?;
            Ok(())
        })
        .await?;
    state.brand.refresh(state).await?;
    Ok(())
}

pub async fn set_employee(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    target: UserId,
    employee: bool,
) -> AppResult<()> {
    guardian.ensure(guardian.can_administer_site())?;
    let (now, actor_id) = (state.clock.now(), actor.id.clone());
    state
        .write(move |conn| {
            let before = users::find(conn, &target)?.ok_or(AppError::NotFound)?;
            users::set_employee(conn, &target, employee, now)?;
            audit::record_change(
                conn,
                &audit::Change {
                    actor: Some(&actor_id),
                    action: "user.employee",
                    target_type: "user",
                    target_id: target.as_str(),
                    community: None,
                    details: &employee.to_string(),
                    before: &before.is_employee.to_string(),
                    after: &employee.to_string(),
                },
                now,
            )?;
            Ok(())
        })
        .await
}

pub async fn set_role(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    target: UserId,
    role: SiteRole,
    lang: Lang,
) -> AppResult<()> {
    guardian.ensure(guardian.can_administer_site())?;
    if !guardian.can_change_site_role_of(&target) {
        return Err(AppError::BadRequest(lang.t("admin-error-own-role").into()));
    }
    let (now, actor_id) = (state.clock.now(), actor.id.clone());
    state
        .write(move |conn| {
            let before = users::find(conn, &target)?.ok_or(AppError::NotFound)?;
            users::set_role(conn, &target, role, now)?;
            // A demotion takes effect at once.
            if role < before.role {
                sessions::delete_all_for_user(conn, &target)?;
            }
            audit::record_change(
                conn,
                &audit::Change {
                    actor: Some(&actor_id),
                    action: "user.role",
                    target_type: "user",
                    target_id: target.as_str(),
                    community: None,
                    details: &format!("{} -> {role}", before.role),
                    before: before.role.as_str(),
                    after: role.as_str(),
                },
                now,
            )?;
            Ok(())
        })
        .await
}

pub async fn retry_mail(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    id: OutboxId,
) -> AppResult<()> {
    guardian.ensure(guardian.can_administer_site())?;
    let (now, actor_id) = (state.clock.now(), actor.id.clone());
    state
        .write(move |conn| {
            if crate::db::models::outbox::retry(conn, &id, now)? == 0 {
                return Err(AppError::NotFound);
            }
            audit::record(
                conn,
                Some(&actor_id),
                "outbox.retry",
                "outbox",
                id.as_str(),
                "",
                now,
            )?;
            Ok(())
        })
        .await?;
    state.outbox_wake.notify_one();
    Ok(())
}
