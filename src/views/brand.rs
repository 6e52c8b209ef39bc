//! The deployment's brand (name, logo, colours) and sub-community accents, cached for a
//! few seconds so ordinary pages need no query for it. A save on this node invalidates
//! at once; other nodes pick the change up within `TTL`.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::db::models::settings::SiteSettings;
use crate::db::models::{communities, settings};
use crate::db::{CommunityId, Timestamp};
use crate::error::AppResult;
use crate::state::AppState;

pub mod contrast;

const TTL: Duration = Duration::from_secs(5);

/// The CSS class that carries a sub-community's accent colour.
pub fn accent_class(id: &CommunityId) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(id.as_str().as_bytes());
    format!("a-{}", &hex::encode(digest)[..10])
}

#[derive(Debug, Clone)]
pub struct Brand {
    pub settings: SiteSettings,
    /// (accent class, #rrggbb) for every sub-community: the class is an opaque hash of
    /// the id, so this public stylesheet reveals neither names nor addresses.
    pub accents: Vec<(String, String)>,
    /// Changes whenever anything in the theme changes; cache-busts `/theme.css`.
    pub version: i64,
}

impl Brand {
    pub fn fallback() -> Self {
        Self {
            settings: SiteSettings::defaults(Timestamp::from_micros(0)),
            accents: vec![],
            version: 0,
        }
    }

    /// The admin's colours as chosen (`--brand`, `--accent`), then (issue 21) the
    /// variants the stylesheet uses for text and under white text, which keep the hue but
    /// reach WCAG AA contrast, in the light and the dark theme (`contrast::variants`).
    pub fn theme_css(&self) -> String {
        use std::fmt::Write;
        let brand = &self.settings.primary_color;
        let mut css = format!(":root {{ --brand: {brand}; }}\n");
        for (class, color) in &self.accents {
            let _ = writeln!(css, ".{class} {{ --accent: {color}; }}");
        }
        let variants = |c: &str| contrast::Rgb::parse(c).map(contrast::variants);
        let mut dark = String::new();
        if let Some(v) = variants(brand) {
            let _ = writeln!(
                css,
                ":root {{ --brand-text: {0}; --brand-strong: {0}; --accent-text: {0}; }}",
                v.on_light.hex()
            );
            let _ = writeln!(
                dark,
                "  :root {{ --brand-text: {0}; --accent-text: {0}; }}",
                v.on_dark.hex()
            );
        }
        for (class, color) in &self.accents {
            if let Some(v) = variants(color) {
                let _ = writeln!(css, ".{class} {{ --accent-text: {}; }}", v.on_light.hex());
                let _ = writeln!(dark, "  .{class} {{ --accent-text: {}; }}", v.on_dark.hex());
            }
        }
        if !dark.is_empty() {
            let _ = write!(css, "@media (prefers-color-scheme: dark) {{\n{dark}}}\n");
        }
        css
    }
}

/// The brand and when it was loaded.
type Cached = Option<(Instant, Arc<Brand>)>;

#[derive(Clone, Default)]
pub struct BrandCache {
    inner: Arc<RwLock<Cached>>,
}

impl BrandCache {
    pub async fn get(&self, state: &AppState) -> AppResult<Arc<Brand>> {
        if let Some(b) = self.fresh() {
            return Ok(b);
        }
        let now = state.clock.now();
        let brand = state
            .db(move |conn| {
                let s = settings::load(conn, now)?;
                let all = communities::all(conn)?;
                let version = all
                    .iter()
                    .map(|c| c.updated_at.micros())
                    .chain([s.updated_at.micros()])
                    .max()
                    .unwrap_or(0);
                let accents = all
                    .into_iter()
                    .map(|c| (accent_class(&c.id), c.accent_color))
                    .collect();
                Ok(Brand {
                    settings: s,
                    accents,
                    version,
                })
            })
            .await?;
        let brand = Arc::new(brand);
        if let Ok(mut guard) = self.inner.write() {
            *guard = Some((Instant::now(), brand.clone()));
        }
        Ok(brand)
    }

    fn fresh(&self) -> Option<Arc<Brand>> {
        let guard = self.inner.read().ok()?;
        let (at, brand) = guard.as_ref()?;
        (at.elapsed() < TTL).then(|| brand.clone())
    }

    /// The last brand seen, without touching the database (error pages).
    pub fn last_known(&self) -> Arc<Brand> {
        self.inner
            .read()
            .ok()
            .and_then(|g| g.as_ref().map(|(_, b)| b.clone()))
            .unwrap_or_else(|| Arc::new(Brand::fallback()))
    }

    /// Marks the cached brand stale; the next `get` reloads it. The stale copy stays
    /// available to `last_known` so error pages never fall back to the default brand.
    pub fn invalidate(&self) {
        if let Ok(mut guard) = self.inner.write() {
            if let Some((at, _)) = guard.as_mut() {
                *at = Instant::now()
                    .checked_sub(TTL * 2)
                    .unwrap_or_else(Instant::now);
            }
        }
    }

    /// Invalidates and reloads at once (after this node saved a change).
    pub async fn refresh(&self, state: &AppState) -> AppResult<()> {
        self.invalidate();
        self.get(state).await.map(|_| ())
    }
}
