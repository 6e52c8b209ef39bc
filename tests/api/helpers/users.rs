//! Readable fixtures: `UserBuilder::new("ana").employee().build(&app).await`.

use parley::accounts::service::{admin_create_user, AccountRole};
use parley::db::UserId;

use super::TestApp;

pub const DEFAULT_PASSWORD: &str = "correct horse battery staple";

/// A confirmed account created directly through the service layer.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: UserId,
    pub username: String,
    pub email: String,
    pub password: String,
}

#[derive(Debug, Clone)]
pub struct UserBuilder {
    username: String,
    email: Option<String>,
    password: Option<String>,
    employee: bool,
    admin: bool,
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
        TestUser {
            id,
            username: self.username,
            email,
            password,
        }
    }
}
