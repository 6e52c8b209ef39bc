//! Demo content so a newcomer sees a living community at once. Idempotent: does nothing
//! when the demo sub-communities already exist.

use indicatif::{ProgressBar, ProgressStyle};

use crate::accounts::service::{create_user_now, AccountRole};
use crate::clock::Clock;
use crate::config::Settings;
use crate::db::models::communities::{self, NewCommunity};
use crate::db::models::settings::{self, SiteSettings};
use crate::db::models::users::{self, ProfileChanges};
use crate::db::{write_tx, CommunityId, CommunityRole, DbConn, SiteRole, Visibility};
use crate::domain::render_markdown;
use crate::error::{AppError, AppResult};

/// Every demo account uses this password; the README says so.
pub const DEMO_PASSWORD: &str = "parley-demo";

struct DemoUser {
    username: &'static str,
    role: AccountRole,
    display: &'static str,
    title: &'static str,
    bio: &'static str,
}

const USERS: &[DemoUser] = &[
    DemoUser {
        username: "ada",
        role: AccountRole::Admin,
        display: "Ada Admin",
        title: "Community lead",
        bio: "I run this community. Ping me about **anything** that needs fixing.",
    },
    DemoUser {
        username: "mona",
        role: AccountRole::Employee,
        display: "Mo Moderator",
        title: "Moderation team",
        bio: "Keeping every sub-community friendly and useful.",
    },
    DemoUser {
        username: "erin",
        role: AccountRole::Employee,
        display: "Erin Engineer",
        title: "Widgets product engineer",
        bio: "I build Widgets. Ask me about the API and firmware.",
    },
    DemoUser {
        username: "eli",
        role: AccountRole::Employee,
        display: "Eli Support",
        title: "Gadgets support",
        bio: "Support engineer for Gadgets.",
    },
    DemoUser {
        username: "carla",
        role: AccountRole::Member,
        display: "Carla Customer",
        title: "Operations manager at Northwind",
        bio: "Widgets user since 2021.",
    },
    DemoUser {
        username: "chen",
        role: AccountRole::Member,
        display: "Chen",
        title: "",
        bio: "Tinkerer. Gadgets on every desk.",
    },
    DemoUser {
        username: "pat",
        role: AccountRole::Member,
        display: "Pat Partner",
        title: "Reseller at Contoso",
        bio: "Partner since 2019.",
    },
];

struct DemoCommunity {
    slug: &'static str,
    name: &'static str,
    description: &'static str,
    color: &'static str,
    visibility: Visibility,
}

const COMMUNITIES: &[DemoCommunity] = &[
    DemoCommunity {
        slug: "widgets",
        name: "Widgets",
        description: "Questions, ideas and discussion about Widgets and the Widgets API.",
        color: "#2f6fde",
        visibility: Visibility::Public,
    },
    DemoCommunity {
        slug: "gadgets",
        name: "Gadgets",
        description: "Setup, troubleshooting and tips for every Gadget.",
        color: "#0f8a6d",
        visibility: Visibility::Public,
    },
    DemoCommunity {
        slug: "partners",
        name: "Partner Program",
        description: "For resellers and integrators: programme news and questions.",
        color: "#b5418b",
        visibility: Visibility::Members,
    },
    DemoCommunity {
        slug: "support-team",
        name: "Internal: Support Team",
        description: "Employees only: escalations and how we answer.",
        color: "#5a5f73",
        visibility: Visibility::Employees,
    },
];

pub struct DemoSummary {
    pub created: bool,
}

/// Opens the configured database, migrates, and loads the demo content.
pub fn load_into(settings: &Settings, progress: bool) -> anyhow::Result<DemoSummary> {
    let pool = crate::cli::open_pool(settings)?;
    let mut conn = pool.get()?;
    let summary = load(&mut conn, &Clock::System, progress).map_err(|e| match e {
        AppError::Validation(fields) => anyhow::anyhow!("demo data rejected: {fields:?}"),
        other => anyhow::anyhow!("{other}"),
    })?;
    if summary.created {
        println!(
            "\nDemo community loaded. Sign in at {}/login with any of:",
            settings.public_base_url()
        );
        for u in USERS {
            println!(
                "  {:<6} ({:?})  password: {DEMO_PASSWORD}",
                u.username, u.role
            );
        }
        println!();
    } else {
        println!("Demo content already present; nothing to do.");
    }
    Ok(summary)
}

pub fn load(conn: &mut DbConn, clock: &Clock, progress: bool) -> AppResult<DemoSummary> {
    if communities::find_by_slug(conn, "widgets")?.is_some() {
        return Ok(DemoSummary { created: false });
    }
    let steps = (USERS.len() + COMMUNITIES.len() + 2) as u64;
    let bar = if progress {
        ProgressBar::new(steps)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{msg:>18} [{bar:30}] {pos}/{len}")
            .map(|s| s.progress_chars("=> "))
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let now = clock.now();

    bar.set_message("brand");
    let brand = SiteSettings {
        id: 1,
        site_name: "Acme Community".into(),
        tagline: "Ask questions, get answers from Acme's team and customers.".into(),
        logo_url: String::new(),
        primary_color: "#3355cc".into(),
        employee_domains: "acme.example".into(),
        updated_at: now,
    };
    settings::load(conn, now)?;
    settings::save(conn, &brand)?;
    bar.inc(1);

    let mut ids = Vec::new();
    for u in USERS {
        bar.set_message(u.username);
        let domain = if u.role == AccountRole::Member {
            "customer.example"
        } else {
            "acme.example"
        };
        let email = format!("{}@{domain}", u.username);
        let id = create_user_now(conn, u.username, &email, DEMO_PASSWORD, u.role, now)?;
        let bio = render_markdown(u.bio);
        users::update_profile(
            conn,
            &id,
            &ProfileChanges {
                display_name: u.display,
                title: u.title,
                bio_markdown: &bio.source,
                bio_html: &bio.html,
                updated_at: now,
            },
        )?;
        if u.username == "mona" {
            users::set_role(conn, &id, SiteRole::Moderator, now)?;
        }
        ids.push((u.username, id));
        bar.inc(1);
    }
    let id_of = |name: &str| {
        ids.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, id)| id.clone())
    };

    let mut community_ids = Vec::new();
    for (i, c) in COMMUNITIES.iter().enumerate() {
        bar.set_message(c.slug);
        let id = CommunityId::new();
        write_tx(conn, |conn| -> AppResult<()> {
            communities::insert(
                conn,
                &NewCommunity {
                    id: &id,
                    slug: c.slug,
                    name: c.name,
                    description: c.description,
                    accent_color: c.color,
                    visibility: c.visibility,
                    position: i32::try_from(i).unwrap_or(0) * 10,
                    created_at: now,
                    updated_at: now,
                },
            )?;
            Ok(())
        })?;
        community_ids.push((c.slug, id));
        bar.inc(1);
    }
    bar.set_message("roles");
    let cid = |slug: &str| {
        community_ids
            .iter()
            .find(|(s, _)| *s == slug)
            .map(|(_, id)| id.clone())
    };
    let roles = [
        ("widgets", "erin", CommunityRole::Manager),
        ("gadgets", "eli", CommunityRole::Manager),
        ("widgets", "carla", CommunityRole::Moderator),
        ("partners", "pat", CommunityRole::Member),
    ];
    for (slug, user, role) in roles {
        let (Some(c), Some(u)) = (cid(slug), id_of(user)) else {
            return Err(AppError::Unexpected(anyhow::anyhow!(
                "demo data is inconsistent"
            )));
        };
        communities::set_role(conn, &c, &u, role, now)?;
    }
    bar.inc(1);
    bar.finish_with_message("done");
    Ok(DemoSummary { created: true })
}
