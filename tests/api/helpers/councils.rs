//! People and councils: users made in the database, sign-in, the platform administrator, councils and their
//! members made through the API.
use reqwest::{Response, StatusCode};
use secrecy::SecretString;
use serde_json::{Value, json};
use townhall::auth;
use uuid::Uuid;

use super::TestApp;

/// The password of every user the tests make.
pub const PASSWORD: &str = "correct horse battery staple";

/// Access and refresh tokens from a sign-in.
#[derive(Debug, Clone)]
pub struct Tokens {
    pub access: String,
    pub refresh: String,
}

impl TestApp {
    /// Creates a user directly in the database (as `townhall create-user` does).
    pub async fn create_user(&self, email: &str, platform_admin: bool) -> Uuid {
        let cost = auth::password::HashCost::of(&self.settings);
        let hash = auth::password::hash_password(cost, SecretString::from(PASSWORD))
            .await
            .expect("hash");
        auth::store::create_user(
            &self.db,
            email,
            "Test User",
            hash,
            platform_admin,
            self.settings.clock.now(),
        )
        .await
        .expect("create user")
        .id
    }

    /// Signs in with an email and a password; the whole response.
    pub async fn login_response(&self, email: &str, password: &str) -> Response {
        self.client
            .post(self.url("/api/v1/auth/login"))
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .expect("request")
    }

    /// Signs in with the suite's password, which must work.
    pub async fn login(&self, email: &str) -> Tokens {
        let response = self.login_response(email, PASSWORD).await;
        assert_eq!(response.status(), StatusCode::OK, "login of {email}");
        let body: Value = response.json().await.expect("json");
        Tokens {
            access: body["access_token"].as_str().expect("access").to_owned(),
            refresh: body["refresh_token"].as_str().expect("refresh").to_owned(),
        }
    }

    /// A signed-in platform administrator's access token (the administrator is made on first use).
    pub async fn platform_admin(&self) -> String {
        let email = "platform@townhall.test";
        let known = auth::store::find_user_by_email(&self.db, email)
            .await
            .expect("look for the platform administrator");
        if known.is_none() {
            self.create_user(email, true).await;
        }
        self.login(email).await.access
    }

    /// Starts a council made by the platform administrator: `app.council("york").with("editor").build().await`.
    pub fn council(&self, slug: &str) -> CouncilBuilder<'_> {
        CouncilBuilder {
            app: self,
            slug: slug.to_owned(),
            nation: "england".to_owned(),
            roles: Vec::new(),
        }
    }

    /// Creates a council through the API.
    pub async fn create_council(&self, admin_token: &str, slug: &str, nation: &str) -> Value {
        let response = self
            .post(
                admin_token,
                "/api/v1/councils",
                &json!({"slug": slug, "name": format!("{slug} council"), "nation": nation}),
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::CREATED,
            "create council {slug}"
        );
        response.json().await.expect("json")
    }

    /// Creates a user with a role in a council (through the API, as its admin would) and signs them in.
    pub async fn member(
        &self,
        admin_token: &str,
        council: &str,
        email: &str,
        role: &str,
    ) -> Tokens {
        let response = self
            .post(
                admin_token,
                &format!("/api/v1/councils/{council}/members"),
                &json!({"email": email, "role": role, "display_name": "Member", "password": PASSWORD}),
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::CREATED,
            "add {email} to {council}"
        );
        self.login(email).await
    }
}

/// A council to be made through the API with members of the roles asked for; see [`TestApp::council`].
pub struct CouncilBuilder<'a> {
    app: &'a TestApp,
    slug: String,
    nation: String,
    roles: Vec<String>,
}

impl CouncilBuilder<'_> {
    /// The council's nation (`england` unless set).
    pub fn nation(mut self, nation: &str) -> Self {
        self.nation = nation.to_owned();
        self
    }

    /// A member with `role` (email `{role}@{slug}.test`), made and signed in by [`CouncilBuilder::build`].
    pub fn with(mut self, role: &str) -> Self {
        self.roles.push(role.to_owned());
        self
    }

    /// Makes the council and its members through the API.
    pub async fn build(self) -> Council {
        let platform = self.app.platform_admin().await;
        self.app
            .create_council(&platform, &self.slug, &self.nation)
            .await;
        let mut members = Vec::new();
        for role in self.roles {
            let email = format!("{}@{}.test", role.replace('_', "-"), self.slug);
            let tokens = self.app.member(&platform, &self.slug, &email, &role).await;
            members.push((role, tokens.access));
        }
        Council { platform, members }
    }
}

/// A council made by [`CouncilBuilder`]: the platform administrator's access token and each member's.
pub struct Council {
    /// The platform administrator's access token.
    pub platform: String,
    members: Vec<(String, String)>,
}

impl Council {
    /// The access token of the member made `with` this role.
    pub fn token(&self, role: &str) -> String {
        self.members
            .iter()
            .find(|(r, _)| r == role)
            .map(|(_, token)| token.clone())
            .unwrap_or_else(|| panic!("the council has no member made with the role {role}"))
    }
}

/// Signs in from client address `ip` (the server must trust `X-Forwarded-For`).
pub async fn login_from(app: &TestApp, ip: &str, email: &str, password: &str) -> Response {
    app.client
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-for", ip)
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .expect("login")
}
