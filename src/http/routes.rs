//! The routing table: every route of the application, one scope per URL prefix; the
//! handlers live in their feature's `routes`.

use actix_web::http::header;
use actix_web::{web, HttpResponse};

use crate::error::AppError;
use crate::state::AppState;

/// Every route, grouped by URL prefix: each prefix is registered here once, as one scope,
/// so no feature's routes can shadow another's and the order inside a scope is the only
/// order that matters (a catch-all segment such as `/t/{id}/{slug}` comes last in its
/// scope). Handlers live in their feature's `routes`; a new front door (`/api/v1`,
/// `/embed/v1`) is one more scope here.
pub fn configure(cfg: &mut web::ServiceConfig) {
    use crate::accounts::routes as accounts;
    use crate::admin::routes as admin;
    use crate::communities::routes as communities;
    use crate::forums::routes::{lists, posts, topics};
    use crate::members::routes as members;
    use crate::moderation::routes as moderation;
    use crate::notifications::routes as notifications;
    use crate::privacy::routes as privacy;
    use crate::webhooks::routes as hooks;
    use web::{get, post, scope};

    cfg.route("/healthz", get().to(super::health::healthz))
        .route("/readyz", get().to(super::health::readyz))
        .route("/assets/{path:.*}", get().to(super::assets::serve))
        .route("/theme.css", get().to(theme_css))
        .route("/robots.txt", get().to(robots))
        .route("/", get().to(communities::home))
        .route("/latest", get().to(lists::latest))
        .route("/queue", get().to(lists::queue));

    // Issue 22 (operations): Prometheus metrics; 404 unless `[metrics] token` is set.
    cfg.route("/metrics", get().to(crate::ops::metrics::endpoint));

    // Atom feeds of public content. Before the `/t/{id}` and `/c/{slug}` scopes, which
    // would otherwise take `/t/5.atom` for a topic id and `/c/x.atom` for a slug.
    cfg.route("/latest.atom", get().to(crate::feeds::latest))
        .route("/c/{slug}.atom", get().to(crate::feeds::community))
        .route("/c/{slug}/tag/{tag}.atom", get().to(crate::feeds::tag))
        .route("/t/{id}.atom", get().to(crate::feeds::topic));

    // A topic, and what is done to it.
    cfg.service(
        scope("/t/{id}")
            .route("", get().to(topics::topic))
            .route("/reply", get().to(topics::reply_form))
            .route("/reply", post().to(topics::reply))
            .route("/accept", post().to(topics::accept))
            .route("/unaccept", post().to(topics::unaccept))
            .route("/status", post().to(topics::idea_status))
            .route("/claim", post().to(topics::claim))
            .route("/release", post().to(topics::release))
            .route(
                "/assign",
                get().to(crate::forums::routes::assign::assign_form),
            )
            .route("/assign", post().to(crate::forums::routes::assign::assign))
            .route("/pin", post().to(topics::pin))
            .route("/unpin", post().to(topics::unpin))
            .route("/lock", post().to(topics::lock))
            .route("/unlock", post().to(topics::unlock))
            .route("/move", post().to(topics::move_topic))
            .route("/duplicate", post().to(topics::duplicate))
            .route("/merge", post().to(topics::merge))
            .route("/watch", post().to(notifications::watch_topic))
            // Issue 19 (wiki): make/unmake, the author's request, declining it.
            .route("/wiki", post().to(crate::forums::routes::wiki::set_wiki))
            .route(
                "/wiki/request",
                post().to(crate::forums::routes::wiki::request),
            )
            .route(
                "/wiki/decline",
                post().to(crate::forums::routes::wiki::decline),
            )
            // Issue 20 (escalations): the escalate page, escalating, changing one.
            .route(
                "/escalate",
                get().to(crate::escalations::routes::escalate_form),
            )
            .route("/escalate", post().to(crate::escalations::routes::escalate))
            .route(
                "/escalations/{eid}",
                post().to(crate::escalations::routes::update),
            )
            // Last: any other segment is the topic's slug.
            .route("/{slug}", get().to(topics::topic_with_slug)),
    );

    // One post.
    cfg.service(
        scope("/p/{id}")
            .route("", get().to(posts::permalink))
            .route("/vote", post().to(posts::vote))
            .route("/edit", get().to(posts::edit_form))
            .route("/edit", post().to(posts::edit))
            .route("/history", get().to(posts::history))
            .route("/comment", get().to(posts::comment_form))
            .route("/delete", post().to(posts::delete))
            .route("/restore", post().to(posts::restore))
            .route("/flag", get().to(moderation::flag_form))
            .route("/flag", post().to(moderation::flag))
            .route("/publish", post().to(moderation::publish))
            .route("/hide", post().to(moderation::hide))
            // Issue 19 (wiki): a version's changes, restoring an older version.
            .route("/diff/{n}", get().to(posts::version_diff))
            .route("/revert", post().to(posts::revert)),
    );

    // A sub-community.
    cfg.service(
        scope("/c/{slug}")
            .route("", get().to(communities::show))
            .route("/edit", get().to(communities::edit_form))
            .route("/edit", post().to(communities::update))
            .route("/embedding", get().to(crate::embed::settings::form))
            .route("/embedding", post().to(crate::embed::settings::save))
            .route("/members", get().to(communities::members))
            .route("/members", post().to(communities::add_member))
            .route("/members/remove", post().to(communities::remove_member))
            .route("/new", get().to(topics::new_topic_form))
            .route("/new", post().to(topics::create_topic))
            .route("/categories", post().to(lists::create_category))
            .route(
                "/categories/{category}/edit",
                post().to(lists::update_category),
            )
            .route(
                "/categories/{category}/delete",
                post().to(lists::delete_category),
            )
            .route("/cat/{cat}", get().to(lists::category))
            .route("/cat/{cat}/watch", post().to(notifications::watch_category))
            .route("/official", get().to(lists::official))
            .route("/leaderboard", get().to(lists::leaderboard))
            .route("/watch", post().to(notifications::watch_community))
            .route("/moderation", get().to(moderation::community_policy))
            .route("/moderation", post().to(moderation::save_community_policy))
            .route(
                "/moderation/rules",
                post().to(moderation::add_community_rule),
            )
            .route(
                "/moderation/test",
                post().to(moderation::test_community_rule),
            )
            // Issue 19 (search-ui): a sub-community's content gaps.
            .route(
                "/search-insights",
                get().to(crate::search::routes::community_insights),
            )
            // Issue 20 (outcomes): a sub-community's outcome dashboard and its settings.
            .route("/outcomes", get().to(crate::outcomes::routes::community))
            .route(
                "/outcomes/settings",
                post().to(crate::outcomes::routes::save_settings),
            )
            // Issue 19 (wiki): the open wiki requests, for moderators.
            .route(
                "/wiki-requests",
                get().to(crate::forums::routes::wiki::requests),
            )
            // Issue 24 (invitations): links, personal invitations, figures by source.
            .route("/invitations", get().to(crate::invitations::routes::manage))
            .route(
                "/invitations.csv",
                get().to(crate::invitations::routes::community_csv),
            )
            .route(
                "/invitations/links",
                post().to(crate::invitations::routes::create_link),
            )
            .route(
                "/invitations/personal",
                post().to(crate::invitations::routes::send_personal),
            )
            .route(
                "/invitations/{id}/revoke",
                post().to(crate::invitations::routes::revoke),
            ),
    );

    // Issue 24 (invitations): an invitation's page and joining through it; the digest's
    // one-click actions (a confirmation page, then the POST).
    cfg.route(
        "/invite/{token}",
        get().to(crate::invitations::routes::invite),
    )
    .route(
        "/invite/{token}",
        post().to(crate::invitations::routes::join),
    )
    .route(
        "/mail/action/{token}",
        get().to(crate::invitations::routes::one_click_form),
    )
    .route(
        "/mail/action/{token}",
        post().to(crate::invitations::routes::one_click),
    );

    // Members, and a member's own settings.
    cfg.route("/u/{username}", get().to(members::profile))
        .route("/u/{username}/avatar.svg", get().to(members::avatar_svg));
    cfg.service(
        scope("/settings")
            .route("/account", get().to(accounts::account_settings))
            .route("/password", post().to(accounts::change_password))
            .route("/email", post().to(accounts::change_email))
            .route("/email/resend", post().to(accounts::resend_confirmation))
            .route(
                "/email/confirm/{token}",
                get().to(accounts::email_change_form),
            )
            .route(
                "/email/confirm/{token}",
                post().to(accounts::email_change_confirm),
            )
            .route("/profile", get().to(members::edit_form))
            .route("/profile", post().to(members::save))
            .route("/notifications", get().to(notifications::preferences))
            .route("/notifications", post().to(notifications::save_preferences))
            .route("/tokens", get().to(accounts::tokens))
            .route("/tokens", post().to(accounts::create_token))
            .route("/tokens/{id}/revoke", post().to(accounts::revoke_token))
            // Issue 22: privacy requests (data export, account deletion).
            .route("/account/export", post().to(privacy::request_export))
            .route("/account/delete", post().to(privacy::request_deletion)),
    );
    // Issue 22: the mailed download link, and the pages after a privacy request.
    cfg.route("/privacy/export/{token}", get().to(privacy::download))
        .route("/privacy/requested", get().to(privacy::export_requested))
        .route("/privacy/deleted", get().to(privacy::deletion_requested));

    // The JSON API: bearer tokens only (`auth::ApiCaller`), errors as problem+json.
    // Every row of `api::table` (the OpenAPI drift test reads the same table). Around
    // every route, outermost first: CORS, rate limits, Idempotency-Key (POST), ETag (GET).
    let mut api = scope("/api/v1");
    for row in crate::api::table() {
        api = api.route(row.path, row.route);
    }
    {
        use crate::api::{cors, etag, idempotency, ratelimit};
        use actix_web::middleware::from_fn;
        cfg.service(
            api.wrap(from_fn(etag::middleware))
                .wrap(from_fn(idempotency::middleware))
                .wrap(from_fn(ratelimit::middleware))
                .wrap(from_fn(cors::middleware)),
        );
    }
    cfg.route("/api/docs", get().to(crate::api::docs_page::docs));

    // The corporate website (issue 18): the loader, fragments for a CMS, the interactive
    // frames and their cookie-less calls (`csrf::COOKIELESS_EMBED_PATHS`), embed sessions.
    {
        use crate::embed::{comments, fragments, frames, loader, session};
        cfg.service(
            scope("/embed/v1")
                .route("/parley.js", get().to(loader::script))
                .route("/topics.html", get().to(fragments::topics))
                .route("/comments.html", get().to(comments::fragment))
                .route("/count.json", get().to(fragments::count))
                .route("/similar.json", get().to(frames::similar))
                .route("/frame/comments", get().to(frames::comments_frame))
                .route("/frame/ask", get().to(frames::ask_frame))
                .route("/comments", post().to(frames::post_comment))
                .route("/ask", post().to(frames::ask))
                .route("/events", post().to(frames::event))
                .route("/session", post().to(session::from_cookie))
                .route("/session/connect", post().to(session::connect))
                .route("/session/code", post().to(session::redeem_code))
                .route("/signin", get().to(session::signin_popup))
                .route("/signin", post().to(session::signin_confirm))
                .route("/signin/done", get().to(session::signin_done)),
        );
    }

    // Accounts.
    cfg.route("/signup", get().to(accounts::signup_form))
        .route("/signup", post().to(accounts::signup))
        .route("/confirm/{token}", get().to(accounts::confirm_form))
        .route("/confirm/{token}", post().to(accounts::confirm))
        .route("/login", get().to(accounts::login_form))
        .route("/login", post().to(accounts::login))
        .route("/logout", post().to(accounts::logout))
        .route("/logout/all", post().to(accounts::logout_all))
        .route("/password/reset", get().to(accounts::reset_request_form))
        .route("/password/reset", post().to(accounts::reset_request))
        .route("/password/reset/{token}", get().to(accounts::reset_form))
        .route("/password/reset/{token}", post().to(accounts::reset))
        .route("/setup/{token}", get().to(crate::setup::form))
        .route("/setup/{token}", post().to(crate::setup::create));

    // Notifications and mail links.
    cfg.route("/notifications", get().to(notifications::list))
        .route(
            "/notifications/read-all",
            post().to(notifications::read_all),
        )
        .route(
            "/notifications/{id}/read",
            post().to(notifications::read_one),
        )
        .route(
            "/unsubscribe/{token}",
            get().to(notifications::unsubscribe_form),
        )
        .route(
            "/unsubscribe/{token}",
            post().to(notifications::unsubscribe),
        );

    // Moderation.
    cfg.route("/review", get().to(moderation::queue))
        .route("/review/{id}", post().to(moderation::act))
        .route("/mod/users/{username}", get().to(moderation::member))
        .route(
            "/mod/users/{username}/sanction",
            post().to(moderation::sanction),
        )
        .route(
            "/moderation/rules/{id}/delete",
            post().to(moderation::delete_rule),
        );

    // Administration.
    cfg.service(
        scope("/admin")
            .route("", get().to(admin::index))
            .route("/settings", get().to(admin::settings_form))
            .route("/settings", post().to(admin::save_settings))
            .route("/users", get().to(admin::user_list))
            .route("/users/{id}/employee", post().to(admin::set_employee))
            .route("/users/{id}/role", post().to(admin::set_role))
            // Issue 22: privacy requests on a member's behalf.
            .route(
                "/users/{id}/privacy/export",
                post().to(privacy::admin_export),
            )
            .route(
                "/users/{id}/privacy/delete",
                post().to(privacy::admin_delete),
            )
            .route("/outbox", get().to(admin::outbox_list))
            .route("/outbox/{id}/retry", post().to(admin::retry))
            // Issue 24: /admin/inbound (received mail, retries, bouncing addresses).
            .configure(crate::mail_in::admin::configure)
            .route("/tokens", get().to(crate::admin::tokens::list))
            .route("/tokens", post().to(crate::admin::tokens::create))
            .route(
                "/tokens/{id}/revoke",
                post().to(crate::admin::tokens::revoke),
            )
            // Issue 23: single sign-on.
            .route("/sso", get().to(crate::sso::admin::page))
            .route("/sso", post().to(crate::sso::admin::save_provider))
            .route("/sso/mappings", post().to(crate::sso::admin::add_mapping))
            .route(
                "/sso/mappings/{id}/delete",
                post().to(crate::sso::admin::delete_mapping),
            )
            .route("/sso/settings", post().to(crate::sso::admin::save_settings))
            .route(
                "/sso/providers/{id}/delete",
                post().to(crate::sso::admin::delete_provider),
            )
            .route("/audit", get().to(admin::audit_list))
            .route("/audit.csv", get().to(admin::audit_csv))
            .route("/webhooks", get().to(hooks::list))
            .route("/webhooks", post().to(hooks::create))
            .route("/webhooks/new", get().to(hooks::new_form))
            .route("/webhooks/{id}", get().to(hooks::detail))
            .route("/webhooks/{id}/edit", get().to(hooks::edit_form))
            .route("/webhooks/{id}/edit", post().to(hooks::update))
            .route("/webhooks/{id}/enable", post().to(hooks::enable))
            .route("/webhooks/{id}/disable", post().to(hooks::disable))
            .route("/webhooks/{id}/rotate", post().to(hooks::rotate))
            .route("/webhooks/{id}/delete", post().to(hooks::delete))
            .route(
                "/webhooks/{id}/deliveries/{delivery}/redeliver",
                post().to(hooks::redeliver),
            )
            .route("/embedding", get().to(crate::embed::sites::list))
            .route("/embedding", post().to(crate::embed::sites::create))
            .route(
                "/embedding/{id}/edit",
                get().to(crate::embed::sites::edit_form),
            )
            .route(
                "/embedding/{id}/edit",
                post().to(crate::embed::sites::update),
            )
            .route(
                "/embedding/{id}/rotate",
                post().to(crate::embed::sites::rotate),
            )
            .route(
                "/embedding/{id}/delete",
                post().to(crate::embed::sites::delete),
            )
            .route("/communities/new", get().to(communities::new_form))
            .route("/communities/new", post().to(communities::create))
            .route("/moderation", get().to(moderation::site_policy))
            .route("/moderation", post().to(moderation::save_site_policy))
            .route("/moderation/rules", post().to(moderation::add_site_rule))
            .route("/moderation/test", post().to(moderation::test_site_rule))
            // Issue 19 (search-ui): the whole site's content gaps.
            .route("/search", get().to(crate::search::routes::admin_insights))
            // Issue 20 (escalations): product teams.
            .route("/teams", get().to(crate::escalations::routes::admin_teams))
            .route("/teams", post().to(crate::escalations::routes::create_team))
            .route(
                "/teams/{id}",
                get().to(crate::escalations::routes::edit_team_form),
            )
            .route(
                "/teams/{id}",
                post().to(crate::escalations::routes::update_team),
            )
            .route(
                "/teams/{id}/delete",
                post().to(crate::escalations::routes::delete_team),
            )
            // Issue 20 (outcomes): the deployment's outcome dashboard and its CSV.
            .route("/outcomes", get().to(crate::outcomes::routes::admin))
            .route(
                "/outcomes.csv",
                get().to(crate::outcomes::routes::admin_csv),
            )
            // Issue 24 (invitations): every sub-community's figures by source.
            .route("/invitations", get().to(crate::invitations::routes::admin))
            .route(
                "/invitations.csv",
                get().to(crate::invitations::routes::admin_csv),
            ),
    );
    // Issue 20 (escalations): a product team's queue.
    cfg.route(
        "/teams/{slug}",
        get().to(crate::escalations::routes::team_queue),
    );

    // Issue 19 (search-ui): the search page, result clicks, similar questions while
    // asking (and a click on one), "write the answer" for a site-wide query.
    {
        use crate::search::routes as search;
        cfg.service(
            scope("/search")
                .route("", get().to(search::page))
                .route("/click", get().to(search::click))
                .route("/similar.json", get().to(search::similar))
                .route("/similar/click", post().to(search::similar_click))
                .route("/write", get().to(search::write)),
        );
    }
    // Issue 23: single sign-on.
    configure_sso(cfg);
}

/// Issue 23: OpenID Connect sign-in, the proof before a link, back-channel logout.
pub fn configure_sso(cfg: &mut web::ServiceConfig) {
    use crate::sso::routes as sso;
    use web::{get, post, scope};
    cfg.service(
        scope("/auth/oidc")
            .route("/link/mail/{token}", get().to(sso::mail_link_form))
            .route("/link/mail/{token}", post().to(sso::mail_link))
            .route("/link/{token}", get().to(sso::prove_form))
            .route("/link/{token}", post().to(sso::prove_with_password))
            .route("/link/{token}/mail", post().to(sso::prove_by_mail))
            .route("/{provider}/start", get().to(sso::start))
            .route("/{provider}/callback", get().to(sso::callback))
            .route(
                "/{provider}/backchannel-logout",
                post().to(sso::backchannel_logout),
            ),
    );
}

pub async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}

/// Brand colour and sub-community accents as CSS (no inline styles under the CSP).
async fn theme_css(
    state: web::Data<AppState>,
    req: actix_web::HttpRequest,
) -> Result<HttpResponse, AppError> {
    let brand = state.brand.get(&state).await?;
    let versioned = req.query_string() == format!("v={}", brand.version);
    let cache = if versioned {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=60"
    };
    Ok(HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, cache))
        .body(brand.theme_css()))
}

async fn robots() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain")
        .body("User-agent: *\nDisallow: /admin\nDisallow: /settings\nDisallow: /search\n")
}
