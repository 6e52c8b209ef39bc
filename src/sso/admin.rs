//! `/admin/sso` (site admins, `Guardian::can_manage_sso`): providers (read through
//! discovery when saved, the client secret sealed with `[sso] encryption_key`), the
//! group → role mapping, and "require SSO for employee email domains". Every change is
//! audited; no secret is ever shown again.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

use crate::auth::Guardian;
use crate::db::models::sso::{self, SsoMapping, SsoProvider};
use crate::db::models::{audit, communities, settings};
use crate::db::{CommunityId, UserId};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::http::{html, html_status, see_other};
use crate::sso::crypto::{self, SecretBox};
use crate::sso::oidc;
use crate::sso::views::{self, AdminData, MappingInput, ProviderInput};
use crate::state::AppState;
use crate::views::Page;

async fn load(state: &AppState) -> AppResult<AdminData> {
    let key_problem = SecretBox::from_settings(&state.settings.sso)
        .err()
        .map(|e| e.to_string());
    let now = state.clock.now();
    let base_url = state.base_url();
    state
        .db(move |conn| {
            Ok(AdminData {
                key_problem,
                providers: sso::list_providers(conn)?,
                mappings: sso::mapping_rows(conn)?,
                communities: communities::all(conn)?
                    .into_iter()
                    .map(|c| (c.id.as_str().to_string(), c.name))
                    .collect(),
                require_for_employee_domains: sso::require_for_employee_domains(conn)?,
                employee_domains: settings::load(conn, now)?.employee_domains,
                base_url,
            })
        })
        .await
}

fn ensure(page: &Page) -> AppResult<Option<UserId>> {
    let guardian = Guardian::new(&page.viewer);
    guardian.ensure(guardian.can_manage_sso())?;
    Ok(guardian.user_id().cloned())
}

fn default_provider_input() -> ProviderInput {
    ProviderInput {
        scopes: "openid email profile".into(),
        groups_claim: "groups".into(),
        enabled: Some("on".into()),
        ..ProviderInput::default()
    }
}

pub async fn page(state: web::Data<AppState>, page: Page) -> AppResult<HttpResponse> {
    ensure(&page)?;
    let d = load(&state).await?;
    Ok(html(views::admin_page(
        &page,
        &d,
        &default_provider_input(),
        &MappingInput::default(),
        &FieldErrors::new(),
    )))
}

async fn refuse(
    state: &AppState,
    page: &Page,
    provider: &ProviderInput,
    mapping: &MappingInput,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let d = load(state).await?;
    Ok(html_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        views::admin_page(page, &d, provider, mapping, &errors),
    ))
}

/// The provider form's fields, checked (not the issuer's discovery document).
pub fn parse_provider(input: &ProviderInput) -> Result<ProviderInput, FieldErrors> {
    let mut errors = FieldErrors::new();
    let id = input.id.trim().to_lowercase();
    if id.is_empty()
        || id.len() > 40
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        errors.insert("id", crate::error::Msg::key("validation-sso-name"));
    }
    let issuer = input.issuer.trim().trim_end_matches('/').to_string();
    if issuer.is_empty() {
        errors.insert(
            "issuer",
            crate::error::Msg::key("validation-sso-issuer-required"),
        );
    }
    let client_id = input.client_id.trim().to_string();
    if client_id.is_empty() || client_id.len() > 300 {
        errors.insert(
            "client_id",
            crate::error::Msg::key("validation-sso-client-id-required"),
        );
    }
    if input.client_secret.len() > 2000 {
        errors.insert(
            "client_secret",
            crate::error::Msg::key("validation-sso-secret-too-long"),
        );
    }
    let mut scopes: Vec<String> = input
        .scopes
        .split_whitespace()
        .map(str::to_string)
        .collect();
    if !scopes.iter().any(|s| s == "openid") {
        scopes.insert(0, "openid".into());
    }
    if scopes.len() > 20 || scopes.iter().any(|s| s.len() > 100) {
        errors.insert(
            "scopes",
            crate::error::Msg::key("validation-sso-scopes-too-many"),
        );
    }
    let label = input.button_label.trim().to_string();
    if label.is_empty() || label.chars().count() > 60 {
        errors.insert(
            "button_label",
            crate::error::Msg::key("validation-sso-button-label"),
        );
    }
    let groups_claim = match input.groups_claim.trim() {
        "" => "groups".to_string(),
        g if g.len() <= 100 => g.to_string(),
        _ => {
            errors.insert(
                "groups_claim",
                crate::error::Msg::key("validation-sso-claim-too-long"),
            );
            String::new()
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ProviderInput {
        id,
        issuer,
        client_id,
        client_secret: input.client_secret.trim().to_string(),
        scopes: scopes.join(" "),
        button_label: label,
        groups_claim,
        allow_signup: input.allow_signup.clone(),
        enabled: input.enabled.clone(),
    })
}

/// Saves a provider: discovery and keys are read now, so a wrong issuer is a field error.
pub async fn save_provider(
    state: web::Data<AppState>,
    page: Page,
    form: web::Form<ProviderInput>,
) -> AppResult<HttpResponse> {
    let actor = ensure(&page)?;
    let input = form.into_inner();
    let sbox = match SecretBox::from_settings(&state.settings.sso) {
        Ok(b) => b,
        Err(e) => {
            let mut errors = FieldErrors::new();
            errors.insert(
                "client_secret",
                crate::error::Msg::key("validation-sso-cannot-seal").with("reason", e.to_string()),
            );
            return refuse(&state, &page, &input, &MappingInput::default(), errors).await;
        }
    };
    let parsed = match parse_provider(&input) {
        Ok(p) => p,
        Err(errors) => {
            return refuse(&state, &page, &input, &MappingInput::default(), errors).await
        }
    };
    let id = parsed.id.clone();
    let existing = state
        .db(move |conn| Ok(sso::find_provider(conn, &id)?))
        .await?;
    if existing.is_none() && parsed.client_secret.is_empty() {
        let mut errors = FieldErrors::new();
        errors.insert(
            "client_secret",
            crate::error::Msg::key("validation-sso-client-secret-required"),
        );
        return refuse(&state, &page, &input, &MappingInput::default(), errors).await;
    }
    let allow_insecure = state.settings.sso.allow_insecure_issuers;
    let discovered = match oidc::discover(&parsed.issuer, allow_insecure).await {
        Ok(d) => match oidc::fetch_jwks(&d.jwks_uri).await {
            Ok(jwks) => Ok((d, jwks)),
            Err(e) => Err(e),
        },
        Err(e) => Err(e),
    };
    let (doc, jwks) = match discovered {
        Ok(v) => v,
        Err(e) => {
            let mut errors = FieldErrors::new();
            errors.insert("issuer", e);
            return refuse(&state, &page, &input, &MappingInput::default(), errors).await;
        }
    };
    let secret_enc = if parsed.client_secret.is_empty() {
        existing
            .as_ref()
            .map(|p| p.client_secret_enc.clone())
            .unwrap_or_default()
    } else {
        sbox.seal(
            &crypto::client_secret_context(&parsed.id),
            &parsed.client_secret,
        )
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!(e)))?
    };
    let now = state.clock.now();
    let provider = SsoProvider {
        id: parsed.id.clone(),
        issuer: doc.issuer.trim_end_matches('/').to_string(),
        client_id: parsed.client_id.clone(),
        client_secret_enc: secret_enc,
        scopes: parsed.scopes.clone(),
        button_label: parsed.button_label.clone(),
        allow_signup: parsed.allow_signup.is_some(),
        groups_claim: parsed.groups_claim.clone(),
        enabled: parsed.enabled.is_some(),
        authorization_endpoint: doc.authorization_endpoint,
        token_endpoint: doc.token_endpoint,
        jwks_uri: doc.jwks_uri,
        jwks_json: jwks,
        backchannel_logout: doc.backchannel_logout_supported,
        created_at: existing.as_ref().map(|p| p.created_at).unwrap_or(now),
        updated_at: now,
    };
    let is_new = existing.is_none();
    state
        .write(move |conn| {
            if is_new {
                sso::insert_provider(conn, &provider)?;
            } else {
                sso::update_provider(conn, &provider)?;
            }
            audit::record(
                conn,
                actor.as_ref(),
                if is_new {
                    "sso_provider.create"
                } else {
                    "sso_provider.update"
                },
                "sso_provider",
                &provider.id,
                &format!(
                    "{} ({}){}",
                    provider.issuer,
                    provider.client_id,
                    if provider.enabled { "" } else { ", disabled" }
                ),
                now,
            )?;
            Ok(())
        })
        .await?;
    Ok(see_other("/admin/sso"))
}

pub async fn add_mapping(
    state: web::Data<AppState>,
    page: Page,
    form: web::Form<MappingInput>,
) -> AppResult<HttpResponse> {
    let actor = ensure(&page)?;
    let input = form.into_inner();
    let mut errors = FieldErrors::new();
    let group = input.group_name.trim().to_string();
    if group.is_empty() || group.len() > 200 {
        errors.insert(
            "group_name",
            crate::error::Msg::key("validation-sso-group-required"),
        );
    }
    let role = input.role.as_str();
    let community = match role {
        sso::ROLE_EMPLOYEE => None,
        sso::ROLE_MODERATOR | sso::ROLE_MANAGER => match CommunityId::parse(&input.community_id) {
            Some(c) => Some(c),
            None => {
                errors.insert(
                    "community_id",
                    crate::error::Msg::key("validation-sso-choose-community"),
                );
                None
            }
        },
        _ => {
            errors.insert(
                "role",
                crate::error::Msg::key("validation-sso-choose-grant"),
            );
            None
        }
    };
    if !errors.is_empty() {
        return refuse(&state, &page, &default_provider_input(), &input, errors).await;
    }
    let now = state.clock.now();
    let mapping = SsoMapping {
        id: uuid::Uuid::now_v7().to_string(),
        provider_id: input.provider_id.clone(),
        group_name: group,
        role: role.to_string(),
        community_id: community,
        created_at: now,
    };
    let ok = state
        .write(move |conn| {
            if sso::find_provider(conn, &mapping.provider_id)?.is_none() {
                return Ok(false);
            }
            if let Some(c) = &mapping.community_id {
                if communities::find(conn, c)?.is_none() {
                    return Ok(false);
                }
            }
            sso::insert_mapping(conn, &mapping)?;
            audit::record(
                conn,
                actor.as_ref(),
                "sso_mapping.create",
                "sso_provider",
                &mapping.provider_id,
                &format!(
                    "{} → {} {}",
                    mapping.group_name,
                    mapping.role,
                    mapping
                        .community_id
                        .as_ref()
                        .map(|c| c.as_str())
                        .unwrap_or("")
                ),
                now,
            )?;
            Ok(true)
        })
        .await?;
    if !ok {
        let mut errors = FieldErrors::new();
        errors.insert(
            "community_id",
            crate::error::Msg::key("validation-sso-unknown"),
        );
        return refuse(&state, &page, &default_provider_input(), &input, errors).await;
    }
    Ok(see_other("/admin/sso"))
}

pub async fn delete_mapping(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let actor = ensure(&page)?;
    let id = id.into_inner();
    let now = state.clock.now();
    state
        .write(move |conn| {
            let m = sso::find_mapping(conn, &id)?.ok_or(AppError::NotFound)?;
            sso::delete_mapping(conn, &id)?;
            audit::record(
                conn,
                actor.as_ref(),
                "sso_mapping.delete",
                "sso_provider",
                &m.provider_id,
                &format!("{} → {}", m.group_name, m.role),
                now,
            )?;
            Ok(())
        })
        .await?;
    Ok(see_other("/admin/sso"))
}

/// Deletes a provider: the roles it granted are taken back first (as when a member's
/// groups are gone), then its mapping, linked accounts and sign-ins in progress go with
/// it. Members keep their accounts; with no provider left, employees sign in with a
/// password again (`Guardian::password_sign_in_allowed`).
pub async fn delete_provider(
    state: web::Data<AppState>,
    page: Page,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let actor = ensure(&page)?;
    let id = id.into_inner();
    let now = state.clock.now();
    state
        .write(move |conn| {
            use crate::db::models::{sso_identities, users};
            let p = sso::find_provider(conn, &id)?.ok_or(AppError::NotFound)?;
            for user in sso_identities::users_granted_by(conn, &p.id)? {
                if let Some(u) = users::find(conn, &user)? {
                    crate::sso::roles::sync(conn, &u, &p.id, &[], now)?;
                }
            }
            let linked = sso_identities::delete_provider(conn, &p.id)?;
            audit::record(
                conn,
                actor.as_ref(),
                "sso_provider.delete",
                "sso_provider",
                &p.id,
                &format!("{} ({linked} linked accounts)", p.issuer),
                now,
            )?;
            Ok(())
        })
        .await?;
    Ok(see_other("/admin/sso"))
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct RequireInput {
    #[serde(default)]
    pub require: Option<String>,
}

pub async fn save_settings(
    state: web::Data<AppState>,
    page: Page,
    form: web::Form<RequireInput>,
) -> AppResult<HttpResponse> {
    let actor = ensure(&page)?;
    let on = form.into_inner().require.is_some();
    let now = state.clock.now();
    state
        .write(move |conn| {
            sso::set_require_for_employee_domains(conn, on, now)?;
            audit::record(
                conn,
                actor.as_ref(),
                "sso.require_for_employee_domains",
                "site",
                "sso",
                if on { "on" } else { "off" },
                now,
            )?;
            Ok(())
        })
        .await?;
    Ok(see_other("/admin/sso"))
}
