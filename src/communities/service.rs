use crate::auth::Guardian;
use crate::db::models::audit;
use crate::db::models::authors::AuthorView;
use crate::db::models::communities::{self, Community, CommunityChanges, Membership, NewCommunity};
use crate::db::models::users::{self, User};
use crate::db::{
    is_unique_violation, CommunityId, CommunityRole, Language, Visibility, WatchLevel,
};
use crate::domain::{AccentColor, BoundedText, LogoUrl, Slug, Username};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::state::AppState;

/// The sub-communities this viewer may see, in display order.
pub async fn visible(state: &AppState, guardian: &Guardian<'_>) -> AppResult<Vec<Community>> {
    let all = state.db(|conn| Ok(communities::all(conn)?)).await?;
    Ok(guardian.visible_communities(all))
}

/// Loads a sub-community by slug; 404 when it does not exist or the viewer may not see it.
pub async fn get_visible(
    state: &AppState,
    guardian: &Guardian<'_>,
    slug: &str,
) -> AppResult<Community> {
    // Issue 22: anonymous visitors share the row for a moment (`forums::open_cache`: at
    // most a quarter second, and never across a commit of this process); the guardian
    // still decides on it for this request.
    let shared = !guardian.is_signed_in();
    let (generation, now) = (state.db.write_generation(), state.clock.now());
    if shared {
        if let Some(c) = state.community_opens.get(slug, now, generation) {
            guardian.ensure_can_see_community(&c)?;
            return Ok(c);
        }
    }
    let key = slug.to_string();
    let c = state
        .db(move |conn| communities::find_by_slug(conn, &key)?.ok_or(AppError::NotFound))
        .await?;
    if shared {
        state
            .community_opens
            .put(slug.to_string(), c.clone(), now, generation);
    }
    guardian.ensure_can_see_community(&c)?;
    Ok(c)
}

#[derive(Debug, Clone, Default)]
pub struct CommunityInput {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub accent_color: String,
    pub visibility: String,
    pub position: String,
    /// Watching level for members who join; empty means normal.
    pub default_watch_level: String,
    /// Issue 19: `en` or `fr`; empty keeps the current one (English for a new one).
    pub default_language: String,
    /// Issue 19: reputation needed to edit wikis; empty keeps the current value (100 for
    /// a new one).
    pub wiki_min_reputation: String,
    /// Its logo: an `https://` URL or a path here; empty for none.
    pub logo_url: String,
}

struct Parsed {
    name: BoundedText,
    description: BoundedText,
    color: AccentColor,
    visibility: Visibility,
    position: i32,
    default_watch_level: WatchLevel,
    default_language: Option<Language>,
    wiki_min_reputation: Option<i32>,
    logo: LogoUrl,
}

/// The largest reputation threshold a sub-community may ask for wiki editing.
const MAX_WIKI_REPUTATION: i32 = 1_000_000;

/// A place in a list (sub-communities, categories): a whole number from 0 to 10000,
/// `default` when left empty; else an error beside the `position` field.
pub fn parse_position(raw: &str, default: i32, errors: &mut FieldErrors) -> Option<i32> {
    match raw.trim() {
        "" => Some(default),
        raw => raw
            .parse::<i32>()
            .ok()
            .filter(|p| (0..=10_000).contains(p))
            .or_else(|| {
                errors.insert(
                    "position",
                    crate::error::Msg::key("validation-position-range"),
                );
                None
            }),
    }
}

fn parse(input: &CommunityInput, errors: &mut FieldErrors) -> Option<Parsed> {
    let name = BoundedText::parse(&input.name, "validation-field-name", 2, 60, true)
        .map_err(|e| errors.insert("name", e))
        .ok();
    let description = BoundedText::parse(
        &input.description,
        "validation-field-description",
        0,
        500,
        false,
    )
    .map_err(|e| errors.insert("description", e))
    .ok();
    let color = AccentColor::parse(&input.accent_color)
        .map_err(|e| errors.insert("accent_color", e))
        .ok();
    let logo = LogoUrl::parse(&input.logo_url)
        .map_err(|e| errors.insert("logo_url", e))
        .ok();
    let visibility = input
        .visibility
        .parse::<Visibility>()
        .map_err(|_| {
            errors.insert(
                "visibility",
                crate::error::Msg::key("validation-choose-visibility"),
            )
        })
        .ok();
    let position = parse_position(&input.position, 0, errors);
    let default_watch_level = match input.default_watch_level.trim() {
        "" => Some(WatchLevel::Normal),
        raw => raw
            .parse::<WatchLevel>()
            .map_err(|_| {
                errors.insert(
                    "default_watch_level",
                    crate::error::Msg::key("validation-choose-default-watch-level"),
                )
            })
            .ok(),
    };
    let default_language = match input.default_language.trim() {
        "" => Some(None),
        raw => raw
            .parse::<Language>()
            .map(Some)
            .map_err(|_| {
                errors.insert(
                    "default_language",
                    crate::error::Msg::key("validation-choose-language"),
                )
            })
            .ok(),
    };
    let wiki_min_reputation = match input.wiki_min_reputation.trim() {
        "" => Some(None),
        raw => raw
            .parse::<i32>()
            .ok()
            .filter(|r| (0..=MAX_WIKI_REPUTATION).contains(r))
            .map(Some)
            .or_else(|| {
                errors.insert(
                    "wiki_min_reputation",
                    crate::error::Msg::key("validation-wiki-reputation-range")
                        .with("max", i64::from(MAX_WIKI_REPUTATION)),
                );
                None
            }),
    };
    Some(Parsed {
        default_language: default_language?,
        wiki_min_reputation: wiki_min_reputation?,
        name: name?,
        description: description?,
        color: color?,
        visibility: visibility?,
        position: position?,
        default_watch_level: default_watch_level?,
        logo: logo?,
    })
}

pub async fn create(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    input: CommunityInput,
) -> AppResult<Community> {
    guardian.ensure(guardian.can_create_community())?;
    let mut errors = FieldErrors::new();
    let slug = Slug::parse(&input.slug)
        .map_err(|e| errors.insert("slug", e))
        .ok();
    let parsed = parse(&input, &mut errors);
    let (Some(slug), Some(p)) = (slug, parsed) else {
        return Err(AppError::Validation(errors));
    };
    let (now, actor_id) = (state.clock.now(), actor.id.clone());
    let created = state
        .write(move |conn| {
            let id = CommunityId::new();
            let result = communities::insert(
                conn,
                &NewCommunity {
                    id: &id,
                    slug: slug.as_str(),
                    name: p.name.as_str(),
                    description: p.description.as_str(),
                    accent_color: p.color.as_str(),
                    visibility: p.visibility,
                    position: p.position,
                    created_at: now,
                    updated_at: now,
                    default_watch_level: p.default_watch_level,
                    default_language: p.default_language.unwrap_or(Language::En),
                    logo_url: p.logo.as_str(),
                },
            );
            match result {
                Err(e) if is_unique_violation(&e) => {
                    return Err(AppError::field_t(
                        "slug",
                        "validation-community-slug-taken",
                        &[],
                    ))
                }
                other => other?,
            }
            audit::record(
                conn,
                Some(&actor_id),
                "community.create",
                "community",
                id.as_str(),
                slug.as_str(),
                now,
            )?;
            if let Some(min) = p.wiki_min_reputation {
                communities::set_wiki_min_reputation(conn, &id, min)?;
            }
            communities::find_by_slug(conn, slug.as_str())?.ok_or(AppError::NotFound)
        })
        .await?;
    state.brand.refresh(state).await?;
    Ok(created)
}

pub async fn update(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    community: &Community,
    input: CommunityInput,
) -> AppResult<()> {
    guardian.ensure(guardian.can_edit_community(community))?;
    let mut errors = FieldErrors::new();
    let Some(p) = parse(&input, &mut errors) else {
        return Err(AppError::Validation(errors));
    };
    if p.visibility != community.visibility && !guardian.can_change_visibility(community) {
        return Err(AppError::Forbidden);
    }
    let (id, now, actor_id) = (community.id.clone(), state.clock.now(), actor.id.clone());
    let before = format!(
        "{}|{}|{}|{}",
        community.name, community.visibility, community.accent_color, community.logo_url
    );
    let language = p.default_language.unwrap_or(community.default_language);
    let wiki_min = p
        .wiki_min_reputation
        .unwrap_or(community.wiki_min_reputation);
    let content_before = format!(
        "language {}, wiki reputation {}",
        community.default_language, community.wiki_min_reputation
    );
    state
        .write(move |conn| {
            communities::update(
                conn,
                &id,
                &CommunityChanges {
                    name: p.name.as_str(),
                    description: p.description.as_str(),
                    accent_color: p.color.as_str(),
                    visibility: p.visibility,
                    position: p.position,
                    updated_at: now,
                    default_watch_level: p.default_watch_level,
                    logo_url: p.logo.as_str(),
                },
            )?;
            // Issue 19: the content language and the wiki threshold, audited on their own.
            let content_after = format!("language {language}, wiki reputation {wiki_min}");
            if content_after != content_before {
                communities::set_content_settings(conn, &id, language, wiki_min)?;
                audit::record_change(
                    conn,
                    &audit::Change {
                        actor: Some(&actor_id),
                        action: "community.content_settings",
                        target_type: "community",
                        target_id: id.as_str(),
                        community: Some(&id),
                        details: "",
                        before: &content_before,
                        after: &content_after,
                    },
                    now,
                )?;
            }
            let details = format!(
                "before: {before}; after: {}|{}|{}|{}",
                p.name.as_str(),
                p.visibility,
                p.color.as_str(),
                p.logo.as_str()
            );
            audit::record(
                conn,
                Some(&actor_id),
                "community.update",
                "community",
                id.as_str(),
                &details,
                now,
            )?;
            Ok(())
        })
        .await?;
    state.brand.refresh(state).await?;
    Ok(())
}

pub async fn staff(
    state: &AppState,
    community: &Community,
) -> AppResult<Vec<(Membership, AuthorView)>> {
    let id = community.id.clone();
    state
        .db(move |conn| Ok(communities::members_with_roles(conn, &id)?))
        .await
}

/// Gives a member a role in a community (or removes it with `None`).
pub async fn set_member_role(
    state: &AppState,
    guardian: &Guardian<'_>,
    actor: &User,
    community: &Community,
    username: &str,
    role: Option<CommunityRole>,
) -> AppResult<()> {
    let changes = guardian.role_changes(community);
    guardian.ensure(changes.allows(None, role))?;
    let key = Username::lookup_key(username);
    let (cid, now, actor_id) = (community.id.clone(), state.clock.now(), actor.id.clone());
    state
        .write(move |conn| {
            let user = users::find_by_username_key(conn, &key)?
                .ok_or_else(|| AppError::field_t("username", "validation-member-unknown", &[]))?;
            let current = communities::role_of(conn, &cid, &user.id)?;
            if !changes.allows(current, role) {
                return Err(AppError::Forbidden);
            }
            match role {
                Some(r) => {
                    communities::set_role(conn, &cid, &user.id, r, now)?;
                    if current.is_none() {
                        crate::notifications::default_watches::apply_default_watch(
                            conn, &cid, &user.id, now,
                        )?;
                    }
                }
                None => {
                    communities::remove(conn, &cid, &user.id)?;
                }
            }
            let action = if role.is_some() {
                "community.role.set"
            } else {
                "community.role.remove"
            };
            let details = format!(
                "{} -> {}",
                user.username,
                role.map(|r| r.as_str()).unwrap_or("none")
            );
            audit::record(
                conn,
                Some(&actor_id),
                action,
                "community",
                cid.as_str(),
                &details,
                now,
            )?;
            Ok(())
        })
        .await
}
