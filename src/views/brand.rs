//! The deployment's brand (name, logo, colours) and sub-community accents, cached for a
//! few seconds so ordinary pages need no query for it. A save on this node invalidates
//! at once; other nodes pick the change up within `TTL`.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::db::models::settings::SiteSettings;
use crate::db::models::{communities, settings};
use crate::db::Timestamp;
use crate::error::AppResult;
use crate::state::AppState;

const TTL: Duration = Duration::from_secs(5);

#[derive(Debug, Clone)]
pub struct Brand {
    pub settings: SiteSettings,
    /// (slug, #rrggbb) for every sub-community; colours only, never names.
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

    pub fn theme_css(&self) -> String {
        let mut css = format!(":root {{ --brand: {}; }}\n", self.settings.primary_color);
        for (slug, color) in &self.accents {
            css.push_str(&format!(".c-{slug} {{ --accent: {color}; }}\n"));
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
                let accents = all.into_iter().map(|c| (c.slug, c.accent_color)).collect();
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

    pub fn invalidate(&self) {
        if let Ok(mut guard) = self.inner.write() {
            *guard = None;
        }
    }
}
