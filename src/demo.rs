//! Demo content so a newcomer sees a living community at once. Idempotent: does nothing
//! when the demo sub-communities already exist.

use indicatif::{ProgressBar, ProgressStyle};

use crate::accounts::service::{create_user_now, AccountRole};
use crate::clock::Clock;
use crate::config::Settings;
use crate::db::models::communities::{self, NewCommunity};
use crate::db::models::settings::{self, SiteSettings};
use crate::db::models::users::{self, ProfileChanges};
use crate::db::{write_batch, CommunityId, CommunityRole, DbConn, SiteRole, Visibility};
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
        display: "Mona Moderator",
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
        title: "Customer",
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
    /// A path under `/assets/demo/`, or "" for none.
    logo: &'static str,
}

const COMMUNITIES: &[DemoCommunity] = &[
    DemoCommunity {
        slug: "widgets",
        name: "Widgets",
        description: "Questions, ideas and discussion about Widgets and the Widgets API.",
        color: "#2f6fde",
        visibility: Visibility::Public,
        logo: "/assets/demo/widgets.svg",
    },
    DemoCommunity {
        slug: "gadgets",
        name: "Gadgets",
        description: "Setup, troubleshooting and tips for every Gadget.",
        color: "#0f8a6d",
        visibility: Visibility::Public,
        logo: "/assets/demo/gadgets.svg",
    },
    DemoCommunity {
        slug: "widgets-fr",
        name: "Widgets France",
        description: "Questions et entraide en français sur Widgets.",
        color: "#1d4ed8",
        visibility: Visibility::Public,
        logo: "/assets/demo/widgets-fr.svg",
    },
    DemoCommunity {
        slug: "partners",
        name: "Partner Program",
        description: "For resellers and integrators: programme news and questions.",
        color: "#b5418b",
        visibility: Visibility::Members,
        logo: "",
    },
    DemoCommunity {
        slug: "support-team",
        name: "Internal: Support Team",
        description: "Employees only: escalations and how we answer.",
        color: "#5a5f73",
        visibility: Visibility::Employees,
        logo: "",
    },
];

pub struct DemoSummary {
    pub created: bool,
}

/// Opens the configured database, migrates, and loads the demo content.
pub fn load_into(settings: &Settings, progress: bool) -> anyhow::Result<DemoSummary> {
    // Issue 22: migrations and the whole load under the migration lock, so a server
    // starting meanwhile (or a second loader) waits, then finds the demo loaded.
    let url = settings.database().map_err(anyhow::Error::msg)?;
    let mut conn = crate::db::connect_single(&url)?;
    let summary = crate::db::with_migration_lock(&mut conn, |conn| {
        crate::db::run_migrations_locked(conn)?;
        load(conn, &Clock::System, progress).map_err(|e| match e {
            AppError::Validation(fields) => anyhow::anyhow!("demo data rejected: {fields:?}"),
            other => anyhow::anyhow!("{other}"),
        })
    })?;
    // The demo host page (`serve --demo`) must be allowed to embed, wherever it listens.
    let port = crate::embed::demo_host::port_of(&settings.demo_host_bind()).unwrap_or(8081);
    let host = crate::embed::demo_host::HostSite::beside(&settings.public_base_url(), port);
    crate::demo_embed::allow_demo_host(&mut conn, &host, Clock::System.now())
        .map_err(|e| anyhow::anyhow!("demo embedding settings: {e}"))?;
    if summary.created {
        println!(
            "\nDemo community loaded. Sign in at {}/login with any of:",
            settings.public_base_url()
        );
        for u in USERS {
            println!(
                "  {:<6} {:<34} password: {DEMO_PASSWORD}",
                u.username, u.title
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
    let steps = (USERS.len() + COMMUNITIES.len() + 3) as u64;
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

    bar.set_message(crate::cli::cli_lang().t("cli-demo-brand"));
    let brand = SiteSettings {
        id: 1,
        site_name: "Acme Community".into(),
        tagline: "Ask questions, get answers from Acme's team and customers.".into(),
        logo_url: String::new(),
        primary_color: "#3355cc".into(),
        employee_domains: "acme.example".into(),
        updated_at: now,
        api_cors_origins: String::new(),
        default_language: crate::db::Language::En,
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
        write_batch(conn, |conn| -> AppResult<()> {
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
                    default_watch_level: crate::db::WatchLevel::Normal,
                    default_language: if c.slug.ends_with("-fr") {
                        crate::db::Language::Fr
                    } else {
                        crate::db::Language::En
                    },
                    logo_url: c.logo,
                },
            )?;
            Ok(())
        })?;
        community_ids.push((c.slug, id));
        bar.inc(1);
    }
    bar.set_message(crate::cli::cli_lang().t("cli-demo-roles"));
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
        ("widgets-fr", "erin", CommunityRole::Manager),
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
    crate::demo_more::demo_token(conn, id_of("ada"), now)?;
    bar.set_message(crate::cli::cli_lang().t("cli-demo-topics"));
    load_conversations(conn, &community_ids, &ids, now)?;
    crate::demo_merge::seed(conn, now)?; // a merged question
    crate::demo_search::seed(conn, now)?; // issue 19 (search-ui): the search log
    if let (Some(ada), Some(widgets)) = (id_of("ada"), cid("widgets")) {
        crate::webhooks::demo::seed(conn, &ada, &widgets, now)?;
    }
    if let (Some(w), Some(a), Some(b), Some(c)) =
        (cid("widgets"), id_of("chen"), id_of("pat"), id_of("carla"))
    {
        crate::demo_wiki::seed(conn, &w, (&a, &b, &c), now)?; // issue 19
    }
    crate::demo_more::seed(
        conn,
        &crate::demo_more::DemoIds {
            users: &ids,
            communities: &community_ids,
        },
        now,
    )?; // issues 20 and 24
    bar.inc(1);
    bar.finish_with_message(crate::cli::cli_lang().t("cli-demo-done"));
    Ok(DemoSummary { created: true })
}

type Named<'a, T> = &'a [(&'static str, T)];

/// A believable set of questions, answers, discussions and ideas in each public space.
fn load_conversations(
    conn: &mut DbConn,
    communities: Named<'_, CommunityId>,
    users: Named<'_, crate::db::UserId>,
    now: crate::db::Timestamp,
) -> AppResult<()> {
    use crate::db::models::categories::{self as cats, NewCategory};
    use crate::db::{CategoryId, IdeaStatus, TopicKind};
    use crate::forums::write_core::{
        apply_accept, apply_vote, insert_reply, insert_topic, TopicDraft,
    };

    let user = |name: &str| {
        users
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, id)| id.clone())
    };
    let community = |slug: &str| {
        communities
            .iter()
            .find(|(s, _)| *s == slug)
            .map(|(_, id)| id.clone())
    };
    let missing = || AppError::Unexpected(anyhow::anyhow!("demo data is inconsistent"));
    let hours_ago = |h: i64| now.plus_secs(-h * 3600);

    write_batch(conn, |conn| -> AppResult<()> {
        let mut categories: Vec<(&str, CategoryId)> = Vec::new();
        for (slug, cat_slug, name, position) in [
            ("widgets", "getting-started", "Getting started", 0),
            ("widgets", "api-integrations", "API & integrations", 10),
            ("gadgets", "setup", "Setup", 0),
            ("gadgets", "troubleshooting", "Troubleshooting", 10),
        ] {
            let id = CategoryId::new();
            let cid = community(slug).ok_or_else(missing)?;
            cats::insert(
                conn,
                &NewCategory {
                    id: &id,
                    community_id: &cid,
                    slug: cat_slug,
                    name,
                    description: "",
                    position,
                    created_at: now,
                },
            )?;
            categories.push((cat_slug, id));
        }
        let category = |slug: &str| {
            categories
                .iter()
                .find(|(s, _)| *s == slug)
                .map(|(_, id)| id.clone())
        };

        struct Q {
            community: &'static str,
            category: &'static str,
            kind: TopicKind,
            author: &'static str,
            title: &'static str,
            body: &'static str,
            tags: &'static str,
            age_h: i64,
            /// (author, body, as_brand)
            replies: &'static [(&'static str, &'static str, bool)],
            /// index into replies of the accepted answer
            accept: Option<usize>,
            voters: &'static [&'static str],
            status: Option<IdeaStatus>,
        }
        let conversations = [
            Q { community: "widgets", category: "api-integrations", kind: TopicKind::Question, author: "carla",
                title: "How do I rotate a Widgets API key without downtime?",
                body: "We call the Widgets API from three services. Is there a way to rotate the key **without** a maintenance window?",
                tags: " api security ", age_h: 50,
                replies: &[("erin", "Yes: create a second key in *Settings → API keys*, deploy it everywhere, then revoke the old one. Both keys work in the meantime.\n\n```sh\nwidgets keys create --name rotation-2026\n```", true),
                           ("chen", "We script it with the CLI and it takes a minute.", false)],
                accept: Some(0), voters: &["chen", "pat", "mona"], status: None },
            // Merged into the key rotation question by `demo_merge`: its address leads there.
            Q { community: "widgets", category: "api-integrations", kind: TopicKind::Question, author: "mona",
                title: "Will rotating our API key break the running services?",
                body: "Our integration runs around the clock. If I rotate the key, do the running services stop?",
                tags: " api security ", age_h: 46,
                replies: &[("chen", "Not if you keep the old key until every service has the new one. We overlap them for a day.", false)],
                accept: None, voters: &["pat"], status: None },
            Q { community: "widgets", category: "getting-started", kind: TopicKind::Question, author: "chen",
                title: "Which Widgets plan includes single sign-on?",
                body: "Our security team wants SSO before we roll out to 200 people. Which plan do we need?",
                tags: " plans sso ", age_h: 30, replies: &[], accept: None, voters: &["carla"], status: None },
            Q { community: "widgets", category: "api-integrations", kind: TopicKind::Question, author: "pat",
                title: "Webhook retries: how many and how often?",
                body: "If our endpoint is down, how many times does Widgets retry a webhook, and at what interval?",
                tags: " api webhooks ", age_h: 8,
                replies: &[("carla", "I saw retries for about a day in our logs, but I am not sure of the schedule.", false)],
                accept: None, voters: &[], status: None },
            Q { community: "widgets", category: "getting-started", kind: TopicKind::Discussion, author: "carla",
                title: "Share your Widgets dashboard layouts",
                body: "Post a screenshot or describe how you arranged your dashboard. Ours has alerts on the left and weekly trends on the right.",
                tags: " dashboards ", age_h: 72,
                replies: &[("chen", "Alerts at the top, always. Everything else is secondary.", false),
                           ("erin", "Great thread: we are collecting these for the next design review.", true)],
                accept: None, voters: &["chen", "pat"], status: None },
            Q { community: "widgets", category: "", kind: TopicKind::Idea, author: "chen",
                title: "Dark mode for the Widgets dashboard",
                body: "Many of us work night shifts. A dark theme would help a lot.",
                tags: " ui ", age_h: 120, replies: &[("carla", "+1, and a high-contrast option please.", false)],
                accept: None, voters: &["carla", "pat", "mona"], status: Some(IdeaStatus::Planned) },
            Q { community: "widgets", category: "", kind: TopicKind::Announcement, author: "erin",
                title: "Widgets 4.2 is out: faster sync and audit exports",
                body: "Widgets 4.2 brings **2× faster sync** and CSV audit exports. Read the release notes in the product.",
                tags: " release ", age_h: 24, replies: &[], accept: None, voters: &["carla"], status: None },
            Q { community: "gadgets", category: "setup", kind: TopicKind::Question, author: "carla",
                title: "Gadget won't pair over Bluetooth after the firmware update",
                body: "Since firmware 2.8 my Gadget does not show up when pairing. Resetting did not help.",
                tags: " bluetooth firmware ", age_h: 20,
                replies: &[("eli", "Hold the button for 10 seconds until the light blinks twice: 2.8 changed the pairing gesture. We are updating the guide.", true)],
                accept: Some(0), voters: &["chen"], status: None },
            Q { community: "gadgets", category: "troubleshooting", kind: TopicKind::Question, author: "chen",
                title: "Battery drains overnight in standby",
                body: "My Gadget loses 40% overnight while idle. Is that expected?",
                tags: " battery ", age_h: 3, replies: &[], accept: None, voters: &[], status: None },
            Q { community: "gadgets", category: "", kind: TopicKind::Idea, author: "pat",
                title: "USB-C charging for the next Gadget",
                body: "One cable for everything would make our field teams happy.",
                tags: " hardware ", age_h: 200, replies: &[], accept: None, voters: &["chen", "carla"], status: Some(IdeaStatus::Shipped) },
            Q { community: "widgets-fr", category: "", kind: TopicKind::Question, author: "carla",
                title: "Comment exporter le journal d'audit en CSV ?",
                body: "Notre service conformité demande un export mensuel du journal d'audit. Où se trouve l'option ?",
                tags: " export audit ", age_h: 40,
                replies: &[("erin", "Depuis la version 4.2 : *Paramètres → Audit → Exporter en CSV*. L'export couvre les 90 derniers jours.", true)],
                accept: Some(0), voters: &["chen"], status: None },
            Q { community: "widgets-fr", category: "", kind: TopicKind::Question, author: "chen",
                title: "La synchronisation est lente depuis ce matin",
                body: "Nos tableaux de bord mettent plusieurs minutes à se mettre à jour. Est-ce un incident connu ?",
                tags: " sync ", age_h: 4, replies: &[], accept: None, voters: &[], status: None },
            Q { community: "widgets-fr", category: "", kind: TopicKind::Discussion, author: "pat",
                title: "Vos astuces pour organiser le tableau de bord ?",
                body: "Partagez votre disposition préférée : nous cherchons des idées pour nos équipes terrain.",
                tags: " dashboards ", age_h: 60,
                replies: &[("carla", "Les alertes en haut, toujours. Le reste vient après.", false)],
                accept: None, voters: &["carla"], status: None },
            Q { community: "widgets-fr", category: "", kind: TopicKind::Question, author: "mona",
                title: "Comment inviter un collègue sans lui donner les droits d'administration ?",
                body: "Je voudrais que notre comptable consulte les factures, mais sans pouvoir modifier les paramètres du compte. Quel rôle choisir ?",
                tags: " droits facturation ", age_h: 30,
                replies: &[("erin", "Choisissez le rôle **Lecteur** puis cochez *Facturation* dans les autorisations détaillées : il verra les factures et rien d'autre.", true),
                           ("carla", "C'est ce que nous faisons pour notre cabinet comptable, ça fonctionne très bien.", false)],
                accept: Some(0), voters: &["chen", "pat"], status: None },
            Q { community: "widgets-fr", category: "", kind: TopicKind::Question, author: "pat",
                title: "Peut-on restreindre l'accès à l'API à certaines adresses IP ?",
                body: "Notre RSSI souhaite que les clés d'API ne fonctionnent que depuis nos serveurs. Est-ce possible ?",
                tags: " api sécurité ", age_h: 12,
                replies: &[("chen", "Je crois qu'il existe une liste d'adresses autorisées par clé dans les paramètres avancés, mais je ne l'ai jamais testée.", false)],
                accept: None, voters: &["mona"], status: None },
            Q { community: "widgets-fr", category: "", kind: TopicKind::Question, author: "carla",
                title: "Le connecteur Salesforce gère-t-il les champs personnalisés ?",
                body: "Nous avons une vingtaine de champs personnalisés sur les comptes. Seront-ils synchronisés avec Widgets ?",
                tags: " salesforce intégrations ", age_h: 2, replies: &[], accept: None, voters: &[], status: None },
            Q { community: "widgets-fr", category: "", kind: TopicKind::Idea, author: "chen",
                title: "Des exports planifiés vers SharePoint",
                body: "Recevoir chaque lundi l'export du tableau de bord directement dans SharePoint nous ferait gagner du temps.",
                tags: " export ", age_h: 90, replies: &[("mona", "Oui, et pourquoi pas aussi vers Google Drive.", false)],
                accept: None, voters: &["carla", "pat"], status: Some(IdeaStatus::UnderReview) },
            Q { community: "partners", category: "", kind: TopicKind::Question, author: "pat",
                title: "Where do I find the partner price list for 2027?",
                body: "Our renewal quotes are due next month.",
                tags: " pricing ", age_h: 10, replies: &[], accept: None, voters: &[], status: None },
            Q { community: "support-team", category: "", kind: TopicKind::Discussion, author: "eli",
                title: "Pairing questions after 2.8: use the canned answer",
                body: "Internal: when customers ask about pairing after 2.8, link the updated guide and mark the answer official.",
                tags: "", age_h: 19, replies: &[("erin", "Done for Widgets-side reports too.", false)],
                accept: None, voters: &[], status: None },
        ];
        for q in conversations {
            let cid = community(q.community).ok_or_else(missing)?;
            let author = user(q.author).ok_or_else(missing)?;
            let cat = if q.category.is_empty() {
                None
            } else {
                category(q.category)
            };
            let at = hours_ago(q.age_h);
            let draft = TopicDraft {
                community: &cid,
                category: cat.as_ref(),
                kind: q.kind,
                title: q.title,
                body: q.body,
                tags: q.tags,
                as_brand: false,
                page: None,
                language: None,
            };
            let tid = insert_topic(conn, &draft, &author, at)?;
            // Publishing notifies people as the app would (bell and list filled), at the
            // time each post was written.
            let notify = crate::config::NotificationSettings::default();
            crate::notifications::fanout::drain(conn, &notify, at)?;
            let mut reply_ids = Vec::new();
            for (i, (who, body, as_brand)) in q.replies.iter().enumerate() {
                let by = user(who).ok_or_else(missing)?;
                let when = hours_ago(q.age_h - 1 - i as i64);
                reply_ids.push(insert_reply(
                    conn, &tid, &cid, &by, body, *as_brand, None, when,
                )?);
                crate::notifications::fanout::drain(conn, &notify, when)?;
            }
            let opening = crate::db::models::posts::opening(conn, &tid)?
                .ok_or_else(missing)?
                .0;
            for v in q.voters {
                apply_vote(conn, &opening.id, &user(v).ok_or_else(missing)?, 1, now)?;
            }
            if let (Some(first), Some((first_author, _, _))) =
                (reply_ids.first(), q.replies.first())
            {
                for v in ["carla", "chen", "pat"] {
                    let voter = user(v).ok_or_else(missing)?;
                    // Nobody votes on their own post.
                    if v != *first_author {
                        apply_vote(conn, first, &voter, 1, now)?;
                    }
                }
            }
            if let Some(i) = q.accept {
                apply_accept(
                    conn,
                    &tid,
                    reply_ids.get(i).ok_or_else(missing)?,
                    &author,
                    now,
                )?;
            }
            if let Some(status) = q.status {
                use crate::db::schema::topics;
                use diesel::prelude::*;
                diesel::update(topics::table.find(&tid))
                    .set((
                        topics::idea_status.eq(Some(status)),
                        topics::idea_status_note.eq(if q.community.ends_with("-fr") {
                            "Merci pour vos votes : nous étudions la question."
                        } else {
                            "Thanks for the votes: this is on our roadmap."
                        }),
                    ))
                    .execute(conn)?;
            }
        }
        // History is not mailed: only what happens after the demo starts is.
        {
            use crate::db::schema::notifications;
            use diesel::prelude::*;
            diesel::update(notifications::table)
                .set(notifications::email_status.eq(crate::db::EmailState::None))
                .execute(conn)?;
        }
        Ok(())
    })
}
