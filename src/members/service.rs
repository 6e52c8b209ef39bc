use crate::auth::Guardian;
use crate::db::models::users::{self, ProfileChanges, User};
use crate::db::Language;
use crate::domain::{render_markdown, BoundedText, Username};
use crate::error::{AppError, AppResult, FieldErrors, Msg};
use crate::moderation::gate::screen_profile_fields;
use crate::state::AppState;

pub async fn find_by_username(state: &AppState, name: &str) -> AppResult<User> {
    let key = Username::lookup_key(name);
    state
        .db(move |conn| users::find_by_username_key(conn, &key)?.ok_or(AppError::NotFound))
        .await
}

pub struct ProfileInput {
    pub display_name: String,
    pub title: String,
    pub bio: String,
    /// Issue 21: `en`, `fr`, or empty for automatic; `None` leaves it as it is.
    pub language: Option<String>,
}

/// Saves a profile; the bio's Markdown is rendered and sanitised once, here.
pub async fn update_profile(
    state: &AppState,
    guardian: &Guardian<'_>,
    owner: &User,
    input: ProfileInput,
) -> AppResult<()> {
    guardian.ensure(guardian.can_edit_profile(owner))?;
    let mut errors = FieldErrors::new();
    let display = BoundedText::parse(
        &input.display_name,
        "validation-field-display-name",
        0,
        60,
        true,
    )
    .map_err(|e| errors.insert("display_name", e))
    .ok();
    let title = BoundedText::parse(&input.title, "validation-field-title", 0, 80, true)
        .map_err(|e| errors.insert("title", e))
        .ok();
    let bio = BoundedText::parse(&input.bio, "validation-field-bio", 0, 4000, false)
        .map_err(|e| errors.insert("bio", e))
        .ok();
    let language = parse_language(input.language.as_deref())
        .map_err(|e| errors.insert("language", e))
        .ok();
    let (Some(display), Some(title), Some(bio), Some(language)) = (display, title, bio, language)
    else {
        return Err(AppError::Validation(errors));
    };
    let (id, now) = (owner.id.clone(), state.clock.now());
    state
        .write(move |conn| {
            // Profile fields pass the content policy too; what would hold a post is refused.
            let (screened, _) = screen_profile_fields(
                conn,
                vec![
                    ("display_name", display.as_str().to_string()),
                    ("title", title.as_str().to_string()),
                    ("bio", bio.as_str().to_string()),
                ],
            )?;
            let field = |name: &str| {
                screened
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            };
            let rendered = render_markdown(&field("bio"));
            users::update_profile(
                conn,
                &id,
                &ProfileChanges {
                    display_name: &field("display_name"),
                    title: &field("title"),
                    bio_markdown: &rendered.source,
                    bio_html: &rendered.html,
                    updated_at: now,
                },
            )?;
            if let Some(language) = language {
                users::set_language(conn, &id, language, now)?;
            }
            Ok(())
        })
        .await
}

/// The profile's language field: `None` (not sent) leaves the setting alone, empty is
/// automatic (`Some(None)`), `en` or `fr` a choice; anything else is refused.
#[allow(clippy::type_complexity)]
pub fn parse_language(raw: Option<&str>) -> Result<Option<Option<Language>>, Msg> {
    match raw.map(str::trim) {
        None => Ok(None),
        Some("") => Ok(Some(None)),
        Some(code) => code
            .parse::<Language>()
            .map(|l| Some(Some(l)))
            .map_err(|_| Msg::key("validation-language")),
    }
}
