//! Readable fixtures: `UserBuilder::new("ana").employee().build(&app).await`.

use parley::accounts::service::{admin_create_user, AccountRole};
use parley::db::models::users;
use parley::db::{CommunityRole, SiteRole, UserId};

use super::builders::{grant_role, TestCommunity};
use super::fixtures::db;
use super::{TestApp, TestClient};

pub const DEFAULT_PASSWORD: &str = "correct horse battery staple";

/// A confirmed account created directly through the service layer.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: UserId,
    pub username: String,
    pub email: String,
    pub password: String,
}

#[derive(Clone)]
pub struct UserBuilder {
    username: String,
    email: Option<String>,
    password: Option<String>,
    employee: bool,
    admin: bool,
    site_role: Option<SiteRole>,
    roles: Vec<(TestCommunity, CommunityRole)>,
}

impl UserBuilder {
    /// A member named `username`, email `<username>@example.com`, password
    /// [`DEFAULT_PASSWORD`].
    pub fn new(username: &str) -> UserBuilder {
        UserBuilder {
            username: username.to_string(),
            email: None,
            password: None,
            employee: false,
            admin: false,
            site_role: None,
            roles: Vec::new(),
        }
    }

    pub fn email(mut self, email: &str) -> Self {
        self.email = Some(email.to_string());
        self
    }

    pub fn password(mut self, password: &str) -> Self {
        self.password = Some(password.to_string());
        self
    }

    pub fn employee(mut self) -> Self {
        self.employee = true;
        self
    }

    /// Takes precedence over `.employee()`.
    pub fn admin(mut self) -> Self {
        self.admin = true;
        self
    }

    /// A site-wide role other than an admin's (`.admin()` makes admins), written to the
    /// account's row as the admin's role form does, without its audit entry.
    pub fn site_role(mut self, role: SiteRole) -> Self {
        self.site_role = Some(role);
        self
    }

    /// A role in the sub-community, given through its members form by the admin that
    /// built it. May be repeated for several sub-communities.
    pub fn role_in(mut self, community: &TestCommunity, role: CommunityRole) -> Self {
        self.roles.push((community.clone(), role));
        self
    }

    /// Builds the account and signs a new browser in as it.
    pub async fn signed_in(self, app: &TestApp) -> (TestUser, TestClient) {
        let user = self.build(app).await;
        let client = app.signed_in_client(&user).await;
        (user, client)
    }

    pub async fn build(self, app: &TestApp) -> TestUser {
        let email = self
            .email
            .unwrap_or_else(|| format!("{}@example.com", self.username));
        let password = self
            .password
            .unwrap_or_else(|| DEFAULT_PASSWORD.to_string());
        let role = if self.admin {
            AccountRole::Admin
        } else if self.employee {
            AccountRole::Employee
        } else {
            AccountRole::Member
        };
        let id = admin_create_user(&app.state, &self.username, &email, &password, role)
            .await
            .unwrap_or_else(|e| panic!("creating test user {:?} failed: {e:?}", self.username));
        if let Some(role) = self.site_role {
            let (id, now) = (id.clone(), app.clock.now());
            db(app, move |conn| Ok(users::set_role(conn, &id, role, now)?)).await;
        }
        for (community, role) in &self.roles {
            grant_role(&community.admin, community, &self.username, *role).await;
        }
        TestUser {
            id,
            username: self.username,
            email,
            password,
        }
    }
}
