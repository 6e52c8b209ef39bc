//! Builders for what a test sets the scene with: sub-communities, topics, posts and
//! roles, made through the same forms a person uses (users are made by [`UserBuilder`]
//! through the service layer).
//!
//! ```text
//! let widgets = CommunityBuilder::new("widgets").visibility(Visibility::InviteOnly).build(&app, &admin).await;
//! let ana = UserBuilder::new("ana").employee().role_in(&widgets, CommunityRole::Moderator).build(&app).await;
//! let question = TopicBuilder::question("How do I…").in_(&widgets).by(&client).build(&app).await;
//! let answer = PostBuilder::reply("Like this.").to(&question).by(&bob).build(&app).await;
//! ```
//!
//! Each builder has `build`, which asserts the app took it and returns what was made,
//! and, where a test wants to see a refusal, `send`, which returns the app's answer.
//!
//! [`UserBuilder`]: super::UserBuilder

use parley::db::{CommunityId, CommunityRole, TopicKind, Visibility, WatchLevel};
use reqwest::Response;

use super::fixtures::find_community;
use super::forum_fixtures::{
    post_from_redirect, post_reply, post_topic, topic_from_redirect, topic_row, PostRef, TopicRef,
};
use super::{assert_see_other, TestApp, TestClient};

/// What names a sub-community in a request: its slug, or a [`TestCommunity`].
pub trait CommunitySlug {
    fn slug(&self) -> &str;
}

impl CommunitySlug for str {
    fn slug(&self) -> &str {
        self
    }
}

impl CommunitySlug for String {
    fn slug(&self) -> &str {
        self
    }
}

impl CommunitySlug for TestCommunity {
    fn slug(&self) -> &str {
        &self.slug
    }
}

// ----- Sub-communities -----

/// A sub-community as stored, and the admin browser that created it (roles given with
/// [`super::UserBuilder::role_in`] are given by that admin, through the members form).
#[derive(Clone)]
pub struct TestCommunity {
    pub id: CommunityId,
    pub slug: String,
    pub name: String,
    pub visibility: Visibility,
    pub admin: TestClient,
}

/// `POST /admin/communities/new`, as an admin does it. Public, named "Group {slug}".
#[derive(Debug, Clone)]
pub struct CommunityBuilder {
    slug: String,
    name: Option<String>,
    visibility: Visibility,
}

impl CommunityBuilder {
    pub fn new(slug: &str) -> CommunityBuilder {
        CommunityBuilder {
            slug: slug.to_string(),
            name: None,
            visibility: Visibility::Public,
        }
    }

    pub fn name(mut self, name: &str) -> Self {
        self.name = Some(name.to_string());
        self
    }

    pub fn visibility(mut self, visibility: Visibility) -> Self {
        self.visibility = visibility;
        self
    }

    /// Creates it as `admin`; panics unless the app answers 303 to the new page and stored
    /// it with this visibility.
    pub async fn build(self, app: &TestApp, admin: &TestClient) -> TestCommunity {
        let name = self.name.unwrap_or_else(|| community_name(&self.slug));
        let response = admin
            .post_form(
                "/admin/communities/new",
                &[
                    ("slug", self.slug.as_str()),
                    ("name", &name),
                    ("description", "A place for testing."),
                    ("accent_color", "#3355cc"),
                    ("visibility", self.visibility.as_str()),
                    ("position", "0"),
                ],
            )
            .await;
        assert_see_other(&response, &format!("/c/{}?notice=saved", self.slug));
        let stored = find_community(app, &self.slug)
            .await
            .unwrap_or_else(|| panic!("sub-community {} was not stored", self.slug));
        assert_eq!(stored.visibility, self.visibility);
        TestCommunity {
            id: stored.id,
            slug: self.slug,
            name,
            visibility: self.visibility,
            admin: admin.clone(),
        }
    }
}

/// `POST /c/{slug}/edit`, the settings form of a sub-community: what [`CommunityBuilder`]
/// stored (public) unless told otherwise; the default watching level is sent only when
/// given, as the form leaves it unchanged otherwise.
#[derive(Debug, Clone)]
pub struct CommunityEdit {
    slug: String,
    name: String,
    description: String,
    visibility: Visibility,
    default_watch_level: Option<WatchLevel>,
    logo_url: String,
}

impl CommunityEdit {
    pub fn of(community: &(impl CommunitySlug + ?Sized)) -> CommunityEdit {
        let slug = community.slug().to_string();
        CommunityEdit {
            name: community_name(&slug),
            slug,
            description: "A place for testing.".to_string(),
            visibility: Visibility::Public,
            default_watch_level: None,
            logo_url: String::new(),
        }
    }

    pub fn logo(mut self, url: &str) -> Self {
        self.logo_url = url.to_string();
        self
    }

    pub fn name(mut self, name: &str) -> Self {
        self.name = name.to_string();
        self
    }

    pub fn description(mut self, description: &str) -> Self {
        self.description = description.to_string();
        self
    }

    pub fn visibility(mut self, visibility: Visibility) -> Self {
        self.visibility = visibility;
        self
    }

    pub fn default_watch_level(mut self, level: WatchLevel) -> Self {
        self.default_watch_level = Some(level);
        self
    }

    /// Sends the form as `client` and returns the app's answer, whatever it is.
    pub async fn send(&self, client: &TestClient) -> Response {
        let mut fields = vec![
            ("name", self.name.as_str()),
            ("description", self.description.as_str()),
            ("accent_color", "#3355cc"),
            ("visibility", self.visibility.as_str()),
            ("position", "0"),
            ("logo_url", self.logo_url.as_str()),
        ];
        if let Some(level) = self.default_watch_level {
            fields.push(("default_watch_level", level.as_str()));
        }
        client
            .post_form(&format!("/c/{}/edit", self.slug), &fields)
            .await
    }

    /// Sends it and panics unless the app answers 303 back to the sub-community.
    pub async fn save(&self, client: &TestClient) {
        let response = self.send(client).await;
        assert_see_other(&response, &format!("/c/{}?notice=saved", self.slug));
    }
}

/// The name [`CommunityBuilder`] gives the sub-community at `slug` unless told otherwise.
pub fn community_name(slug: &str) -> String {
    format!("Group {slug}")
}

// ----- Roles in a sub-community -----

/// Gives `username` a role in the sub-community through `POST /c/{slug}/members`, as
/// `actor` (an admin, or a manager of it); panics unless the app takes it.
pub async fn grant_role(
    actor: &TestClient,
    community: &(impl CommunitySlug + ?Sized),
    username: &str,
    role: CommunityRole,
) {
    let slug = community.slug();
    let response = actor
        .post_form(
            &format!("/c/{slug}/members"),
            &[("username", username), ("role", role.as_str())],
        )
        .await;
    assert_see_other(&response, &format!("/c/{slug}/members?notice=saved"));
}

/// Removes `username` from the sub-community through `POST /c/{slug}/members/remove`, as
/// `actor`; panics unless the app takes it.
pub async fn remove_member(
    actor: &TestClient,
    community: &(impl CommunitySlug + ?Sized),
    username: &str,
) {
    let slug = community.slug();
    let response = actor
        .post_form(
            &format!("/c/{slug}/members/remove"),
            &[("username", username)],
        )
        .await;
    assert_see_other(&response, &format!("/c/{slug}/members?notice=saved"));
}

// ----- Topics -----

/// `POST /c/{slug}/new`: a topic of one kind, with a plain body and no tags unless told.
#[derive(Clone)]
pub struct TopicBuilder {
    kind: TopicKind,
    title: String,
    body: Option<String>,
    tags: String,
    category: Option<String>,
    community: Option<String>,
    author: Option<TestClient>,
}

impl TopicBuilder {
    pub fn new(kind: TopicKind, title: &str) -> TopicBuilder {
        TopicBuilder {
            kind,
            title: title.to_string(),
            body: None,
            tags: String::new(),
            category: None,
            community: None,
            author: None,
        }
    }

    pub fn question(title: &str) -> TopicBuilder {
        TopicBuilder::new(TopicKind::Question, title)
    }

    pub fn discussion(title: &str) -> TopicBuilder {
        TopicBuilder::new(TopicKind::Discussion, title)
    }

    pub fn idea(title: &str) -> TopicBuilder {
        TopicBuilder::new(TopicKind::Idea, title)
    }

    pub fn announcement(title: &str) -> TopicBuilder {
        TopicBuilder::new(TopicKind::Announcement, title)
    }

    /// The sub-community to post in (required).
    pub fn in_(mut self, community: &(impl CommunitySlug + ?Sized)) -> Self {
        self.community = Some(community.slug().to_string());
        self
    }

    /// The browser that posts it (required).
    pub fn by(mut self, author: &TestClient) -> Self {
        self.author = Some(author.clone());
        self
    }

    pub fn body(mut self, body: &str) -> Self {
        self.body = Some(body.to_string());
        self
    }

    /// The tags field as typed ("API, #keys security").
    pub fn tags(mut self, tags: &str) -> Self {
        self.tags = tags.to_string();
        self
    }

    /// A category id (from `create_category`).
    pub fn category(mut self, category: &str) -> Self {
        self.category = Some(category.to_string());
        self
    }

    /// Posts the form and returns the app's answer, whatever it is.
    pub async fn send(&self) -> Response {
        let (community, author) = self.required();
        let body = self
            .body
            .clone()
            .unwrap_or_else(|| default_body(self.kind).to_string());
        let mut fields = vec![
            ("kind", self.kind.as_str()),
            ("title", self.title.as_str()),
            ("body", body.as_str()),
            ("tags", self.tags.as_str()),
        ];
        if let Some(category) = &self.category {
            fields.push(("category", category));
        }
        post_topic(author, community, &fields).await
    }

    /// Posts it and returns the new topic; panics unless the app answers 303 to it and
    /// stored a topic of this kind.
    pub async fn build(self, app: &TestApp) -> TopicRef {
        let response = self.send().await;
        let topic = topic_from_redirect(&response);
        assert_eq!(topic_row(app, &topic.id).await.kind, self.kind, "{topic:?}");
        topic
    }

    fn required(&self) -> (&str, &TestClient) {
        let community = self
            .community
            .as_deref()
            .unwrap_or_else(|| panic!("topic {:?}: say .in_(community)", self.title));
        let author = self
            .author
            .as_ref()
            .unwrap_or_else(|| panic!("topic {:?}: say .by(client)", self.title));
        (community, author)
    }
}

fn default_body(kind: TopicKind) -> &'static str {
    match kind {
        TopicKind::Question => "Some details about the question.",
        TopicKind::Discussion => "Let us talk about it.",
        TopicKind::Idea => "It would help if this were possible.",
        TopicKind::Announcement => "Something everyone should know.",
        TopicKind::Comment => "Comments on this page.",
    }
}

// ----- Posts -----

/// `POST /t/{id}/reply`: a reply (an answer, on a question) or, `.under(parent)`, a
/// comment under a question or an answer.
#[derive(Clone)]
pub struct PostBuilder {
    body: String,
    topic: Option<TopicRef>,
    parent: Option<PostRef>,
    author: Option<TestClient>,
}

impl PostBuilder {
    pub fn reply(body: &str) -> PostBuilder {
        PostBuilder {
            body: body.to_string(),
            topic: None,
            parent: None,
            author: None,
        }
    }

    /// The topic it is posted in (required).
    pub fn to(mut self, topic: &TopicRef) -> Self {
        self.topic = Some(topic.clone());
        self
    }

    /// Makes it a comment under the question or answer `parent`.
    pub fn under(mut self, parent: &PostRef) -> Self {
        self.parent = Some(parent.clone());
        self
    }

    /// The browser that posts it (required).
    pub fn by(mut self, author: &TestClient) -> Self {
        self.author = Some(author.clone());
        self
    }

    /// Posts the form and returns the app's answer, whatever it is.
    pub async fn send(&self) -> Response {
        let (topic, author) = self.required();
        let mut fields = vec![("body", self.body.as_str())];
        if let Some(parent) = &self.parent {
            fields.push(("parent_id", parent.id.as_str()));
        }
        post_reply(author, topic, &fields).await
    }

    /// Posts it and returns the new post; panics unless the app answers 303 to it.
    pub async fn build(self, app: &TestApp) -> PostRef {
        let response = self.send().await;
        let (topic, _) = self.required();
        post_from_redirect(app, topic, &response).await
    }

    fn required(&self) -> (&TopicRef, &TestClient) {
        let topic = self
            .topic
            .as_ref()
            .unwrap_or_else(|| panic!("post {:?}: say .to(topic)", self.body));
        let author = self
            .author
            .as_ref()
            .unwrap_or_else(|| panic!("post {:?}: say .by(client)", self.body));
        (topic, author)
    }
}
