//! Issue 21, the forum's public pages: which language a page is shown in (a French
//! sub-community's default, `?lang=` remembered in a cookie, `Accept-Language`, the
//! member's own setting), the content language of a topic marked with `lang`, and a topic
//! page cache that never serves one language's rendering to the other.

use parley::db::Language;
use reqwest::StatusCode;

use crate::helpers::fixtures::{admin_client, db, find_community};
use crate::helpers::forum_fixtures::*;
use crate::helpers::{html_attr, html_select, CommunityBuilder, TestApp, TestClient};

mod composer;
mod controls;

/// An English sub-community `widgets` and a French one `widgets-fr` (default language
/// French), each with a question by ana answered by bob.
pub struct Scene {
    pub app: TestApp,
    pub ana: TestClient,
    pub bob: TestClient,
    pub english: TopicRef,
    pub french: TopicRef,
    pub french_answer: PostRef,
}

pub const ENGLISH_TITLE: &str = "Why does my widget hum at night";
pub const FRENCH_TITLE: &str = "Pourquoi mon widget bourdonne la nuit";

pub async fn scene() -> Scene {
    let app = forum_app().await;
    let (_, admin) = admin_client(&app).await;
    CommunityBuilder::new("widgets").build(&app, &admin).await;
    CommunityBuilder::new("widgets-fr")
        .name("Widgets France")
        .build(&app, &admin)
        .await;
    set_default_language(&app, "widgets-fr", Language::Fr).await;
    let (_, ana) = member(&app, "ana").await;
    let (_, bob) = member(&app, "bob").await;
    let english = ask(&ana, "widgets", ENGLISH_TITLE).await;
    reply(&app, &bob, &english, "Night mode raises the fan speed.").await;
    let french = ask(&ana, "widgets-fr", FRENCH_TITLE).await;
    let french_answer = reply(&app, &bob, &french, "Le mode nuit accélère le ventilateur.").await;
    Scene {
        app,
        ana,
        bob,
        english,
        french,
        french_answer,
    }
}

pub async fn set_default_language(app: &TestApp, slug: &str, language: Language) {
    let c = find_community(app, slug).await.expect("community");
    db(app, move |conn| {
        Ok(parley::db::models::communities::set_content_settings(
            conn,
            &c.id,
            language,
            c.wiki_min_reputation,
        )?)
    })
    .await;
}

/// The member's own language setting, written as `/settings/profile` would.
pub async fn set_member_language(app: &TestApp, username: &str, language: Language) {
    use diesel::prelude::*;
    use parley::db::schema::users;
    let username = username.to_string();
    let now = app.clock.now();
    db(app, move |conn| {
        Ok(
            diesel::update(users::table.filter(users::username.eq(username)))
                .set((
                    users::language.eq(Some(language)),
                    users::updated_at.eq(now),
                ))
                .execute(conn)?,
        )
    })
    .await;
}

/// GET with an `Accept-Language` header.
pub async fn page_accepting(client: &TestClient, path: &str, accept: &str) -> String {
    let response = client
        .http
        .get(client.url(path))
        .header("Accept-Language", accept)
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), StatusCode::OK, "GET {path}");
    response.text().await.expect("body")
}

pub fn page_lang(html: &str) -> String {
    html_attr(html, "html", "lang")
        .into_iter()
        .next()
        .unwrap_or_default()
}

#[tokio::test]
async fn a_french_sub_community_is_french_to_a_visitor_whose_browser_asks_nothing() {
    let s = scene().await;
    let visitor = s.app.new_client();

    let home = page(&visitor, "/c/widgets-fr").await;
    assert_eq!(page_lang(&home), "fr");
    assert_eq!(
        html_attr(&home, "nav.filters", "aria-label")
            .first()
            .map(String::as_str),
        Some("Trier et filtrer")
    );
    let row = row_text(&home, FRENCH_TITLE).expect("the French question is listed");
    assert!(row.contains("1 réponse"), "{row}");
    assert!(row.contains("par ana"), "{row}");

    let topic = page(&visitor, &s.french.path).await;
    assert_eq!(page_lang(&topic), "fr");
    assert_eq!(
        html_select(&topic, "h2").first().map(String::as_str),
        Some("1 réponse")
    );
    assert!(topic.contains("Connectez-vous"), "sign-in prompt in French");
    assert!(!topic.contains("to reply."), "no English left on the page");

    // The same visitor elsewhere: English, the deployment's default.
    let latest = page(&visitor, "/latest").await;
    assert_eq!(page_lang(&latest), "en");
    assert_eq!(
        html_select(&latest, "h1"),
        vec!["Latest across the community".to_string()]
    );
    let english = page(&visitor, &s.english.path).await;
    assert_eq!(
        html_select(&english, "h2").first().map(String::as_str),
        Some("1 answer")
    );

    // A member who chose nothing also writes in French there.
    let composer = page(&s.ana, "/c/widgets-fr/new").await;
    assert_eq!(
        html_select(&composer, "h1"),
        vec!["Nouveau sujet dans Widgets France".to_string()]
    );
}

#[tokio::test]
async fn lang_in_the_address_overrides_the_sub_community_and_the_cookie_remembers_it() {
    let s = scene().await;
    let visitor = s.app.new_client();
    let chosen = page(&visitor, "/c/widgets-fr?lang=en").await;
    assert_eq!(page_lang(&chosen), "en");
    assert!(chosen.contains("Sort and filter"));
    assert_eq!(visitor.cookie("parley_lang").as_deref(), Some("en"));

    // The next request carries no ?lang=: the cookie keeps the choice.
    let next = page(&visitor, &s.french.path).await;
    assert_eq!(page_lang(&next), "en");
    assert_eq!(
        html_select(&next, "h2").first().map(String::as_str),
        Some("1 answer")
    );

    // And the explicit choice also beats the browser's.
    let asked = page_accepting(&visitor, "/latest", "fr-FR, fr;q=0.9").await;
    assert_eq!(page_lang(&asked), "en");

    // Choosing French again is remembered the same way.
    let french = page(&visitor, "/latest?lang=fr").await;
    assert_eq!(page_lang(&french), "fr");
    assert_eq!(
        html_select(&page(&visitor, "/latest").await, "h1"),
        vec!["Les derniers sujets de la communauté".to_string()]
    );
}

#[tokio::test]
async fn accept_language_french_gives_french_on_latest() {
    let s = scene().await;
    let visitor = s.app.new_client();
    let html = page_accepting(&visitor, "/latest", "fr-CH, fr;q=0.9, en;q=0.8").await;
    assert_eq!(page_lang(&html), "fr");
    assert_eq!(
        html_select(&html, "h1"),
        vec!["Les derniers sujets de la communauté".to_string()]
    );
    let row = row_text(&html, ENGLISH_TITLE).expect("the English question is listed");
    assert!(
        row.contains("1 réponse") && row.contains("Question"),
        "{row}"
    );
    // A browser that prefers English gets English.
    let english = page_accepting(&visitor, "/latest", "en-GB, fr;q=0.5").await;
    assert_eq!(page_lang(&english), "en");
}

#[tokio::test]
async fn a_member_whose_setting_is_french_sees_french_even_in_an_english_sub_community() {
    let s = scene().await;
    set_member_language(&s.app, "bob", Language::Fr).await;
    let latest = page(&s.bob, "/latest").await;
    assert_eq!(page_lang(&latest), "fr");
    let home = page(&s.bob, "/c/widgets").await;
    assert_eq!(page_lang(&home), "fr");
    assert!(home.contains("Poser une question ou lancer un sujet"));
    let topic = page(&s.bob, &s.english.path).await;
    assert_eq!(
        html_select(&topic, "#reply h2"),
        vec!["Votre réponse".to_string()]
    );
    // ana chose nothing: the English sub-community stays English for her.
    let hers = page(&s.ana, &s.english.path).await;
    assert_eq!(
        html_select(&hers, "#reply h2"),
        vec!["Your answer".to_string()]
    );
}

#[tokio::test]
async fn an_english_topic_in_a_french_page_is_marked_english_and_a_french_one_french() {
    let s = scene().await;
    let visitor = s.app.new_client();
    // (The English sub-community's default outranks Accept-Language: an explicit choice.)
    let english = page(&visitor, &format!("{}?lang=fr", s.english.path)).await;
    assert_eq!(page_lang(&english), "fr");
    assert_eq!(
        html_attr(&english, "h1.topic-heading", "lang"),
        vec!["en".to_string()]
    );
    let bodies = html_attr(&english, "article.post .prose", "lang");
    assert_eq!(
        bodies,
        vec!["en".to_string(), "en".to_string()],
        "both posts"
    );
    let latest = page_accepting(&visitor, "/latest", "fr").await;
    assert_eq!(
        html_attr(&latest, "a.topic-title[lang=en]", "href"),
        vec![s.english.path.clone()]
    );

    // The other way round: the French topic in an English page.
    let french = page(&visitor, &format!("{}?lang=en", s.french.path)).await;
    assert_eq!(page_lang(&french), "en");
    assert_eq!(
        html_attr(&french, "h1.topic-heading", "lang"),
        vec!["fr".to_string()]
    );
    assert_eq!(html_attr(&french, "article.post .prose", "lang").len(), 2);

    // Content in the page's own language needs no mark.
    let same = page(&s.app.new_client(), &s.french.path).await;
    assert!(html_attr(&same, "h1.topic-heading", "lang").is_empty());
    assert!(html_attr(&same, "article.post .prose", "lang").is_empty());
}

#[tokio::test]
async fn the_topic_page_cache_never_serves_one_language_to_the_other() {
    let s = scene().await;
    let english_visitor = s.app.new_client();
    let french_visitor = s.app.new_client();
    let path = &s.english.path;
    // The French visitor chose French once (remembered in the cookie); after that both
    // ask for the same address.
    page(&french_visitor, &format!("{path}?lang=fr")).await;
    for _ in 0..2 {
        let en = page(&english_visitor, path).await;
        assert_eq!(page_lang(&en), "en");
        assert_eq!(
            html_select(&en, "h2").first().map(String::as_str),
            Some("1 answer")
        );
        let fr = page(&french_visitor, path).await;
        assert_eq!(page_lang(&fr), "fr");
        assert_eq!(
            html_select(&fr, "h2").first().map(String::as_str),
            Some("1 réponse")
        );
    }
    // The French sub-community's topic: French by default, English on request, and the
    // next visitor who asks nothing gets French again.
    let fr = page(&s.app.new_client(), &s.french.path).await;
    assert_eq!(page_lang(&fr), "fr");
    let en = page(&s.app.new_client(), &format!("{}?lang=en", s.french.path)).await;
    assert_eq!(page_lang(&en), "en");
    let again = page(&s.app.new_client(), &s.french.path).await;
    assert_eq!(page_lang(&again), "fr");
    assert_eq!(again, fr, "the French rendering, served again");

    // Signed-in members' templates are kept per language too.
    set_member_language(&s.app, "bob", Language::Fr).await;
    let bob = page(&s.bob, path).await;
    assert_eq!(
        html_select(&bob, "#reply h2"),
        vec!["Votre réponse".to_string()]
    );
    let ana = page(&s.ana, path).await;
    assert_eq!(
        html_select(&ana, "#reply h2"),
        vec!["Your answer".to_string()]
    );
    let _ = &s.french_answer;
}
