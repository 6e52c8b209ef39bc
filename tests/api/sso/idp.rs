//! A small OpenID Connect provider run inside the test process (issue 23): discovery,
//! JWKS, an authorize endpoint that redirects straight back with a code, and a token
//! endpoint that checks PKCE and the client's credentials and signs ID tokens with a
//! fixed test RSA key (through `openidconnect`'s provider-side key type). Tests choose
//! who signs in next, spoil the next ID token on purpose, refuse refresh tokens, and
//! sign logout tokens.

use std::collections::HashMap;
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use openidconnect::core::{CoreJwsSigningAlgorithm, CoreRsaPrivateSigningKey};
use openidconnect::{JsonWebKeyId, PrivateSigningKey};
use parley::clock::Clock;
use sha2::{Digest, Sha256};

/// A 2048-bit RSA key made for these tests only (`openssl genrsa -traditional 2048`).
const TEST_KEY_PEM: &str = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAybukP1PsFiR7ZsAiAOaM2uufS/pfAJDdHme+rQlvI78twbhA\nNON3tSo3IWkEll0BNQ8v9E0Uq/CdEUrEKwbyER5NJ1cK7HOGTLdoaI5by7PbMk3/\nRcNaDXGIaEuIPTcuhxuCG4nciE8ItpUUKH7tz63TNpiUxvFIoeL3eIvZesLXsqDq\nysoSx5M4FVJfSceYLqc40CQ+xzQG+xu0h/RpDAcaEjEjB6R5IurorvwkzSRJe2J4\neYAKEefd4zlAD3ZMK7cPSLbckH9addQyqTsqvoMh1X6GxYM8ZtRzoPD/MGzlZ9s6\ns9p59hlmqB0h+6Bos/OZMHpVPZwcFMKiMgDrswIDAQABAoIBAAfqn6xGiFNpdMLt\nqPKdGYuhHHwNpBBwdDpJuvStE+9KBNXUe7HiTU55jMv4WZA8WnGbxMzTAOErIkF3\n9tEeHCi/e3/0N/8Fx5BCJaGYwzxwCfA5ma9sq5+EbuRyNl358476GDXUHVM8usGj\ngbTXH6ZQks3Sg2AilDBE07j8z/jeaP7DZCcM0nbum8oxlir8QeCHH0aeDHzxh1en\nisx8R40vOcBvMwnyCnYSut7euiuG6FhOBKYXskldOSZeN61Sr6RdzhmJ2QnRqsLb\nMMO+rCVJp65KLQLim8RzzTM8++WAH2IHNJQzu/Ghh2wui+SJL1D2/hNJSj09+wvZ\n3vOw18kCgYEA94yLwoH6mOgWs47YY4+o8/7vazwI9zrVErEEPJQcNLH8QEK7kZiw\nMZlLw4B9ZAxbFDEBePpWiYPyp7EpSMxuRBQWkvY6430fPX3md0uQIcJh8Jny++XO\nHXdOXhgUr/7HOtVsnG6/0gsaxslGMOy8tI5lp76pKm1r9XeYu6OPaVsCgYEA0J6v\nwE3jtuHZ+uoclDLJO7UeO4eZPJmGbTIQdKX637aWPwbKrWgC/MnSi+4VRRUnpq2z\nPTvOPHJVpdqHvbUI5dQpJANBeBJtC5zv+eIlNvFur++PhvxYsw/AUP04kcVlRo12\ngSFrzLHchtkvfdUhzFHrJEPgT7TGsVspDrswvokCgYEApgVjgirMF5qoBvqJU5R4\nmlNi3Mdht/WEC0oe7kXi+NBZvftDcq01lb4a2t4kumGy/8KyGyHBwe51YlPlvUYl\nuZDDZwKukf1LY2E5nM5Xttx39PY6yQfhiU+HhoGd9j7n/SQ/+FYqXcNGzQUWBx/u\nmyVZNfwf1i2WlwUDsOxL9TsCgYAIVw+3pGWCHi1Utp9F3XHmDSuUPauGnKyfGO1H\nfIs2/lmrU14u6IWWDYt5RJ9dD6dyJmeP/yATko6R/taGYwJkDcNHSUoIvtPVLwT4\n/G14cNZ3+h/GybfSEMMjebwVN8sAsw8VwnxIxqOGUJBxe1/Kh0vbO0twZE29MWPG\nzvz34QKBgQDhfWV0BjXK2D069zgezNQWpY0gIds9uH5P1H/2Bs5uCQKo00IHev9e\nTMvFYluH7HWO8vLuiIhP2cMYOAHlHXTL64ZF7zEg4ghZ0f4L1pp+bgivfMNJBhgo\n3oG3R8CHV4/3yH48uZC84fOgRGFvuvD9abCX+/W23iKdB2ghHXoWHA==\n-----END RSA PRIVATE KEY-----";

pub const CLIENT_ID: &str = "parley-test";
pub const CLIENT_SECRET: &str = "test-client-secret";

/// Who signs in at the provider next.
#[derive(Debug, Clone)]
pub struct Profile {
    pub sub: String,
    pub email: String,
    pub preferred_username: String,
    pub groups: Vec<String>,
    pub sid: String,
}

impl Profile {
    pub fn new(sub: &str, email: &str, groups: &[&str]) -> Profile {
        Profile {
            sub: sub.into(),
            email: email.into(),
            preferred_username: email.split('@').next().unwrap_or(sub).into(),
            groups: groups.iter().map(|g| g.to_string()).collect(),
            sid: format!("sid-{sub}"),
        }
    }
}

/// How the next ID token is spoiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tamper {
    None,
    WrongAudience,
    Expired,
    WrongNonce,
    BadSignature,
}

struct Grant {
    nonce: String,
    challenge: String,
    redirect_uri: String,
    profile: Profile,
}

struct Shared {
    issuer: Mutex<String>,
    clock: Clock,
    key: CoreRsaPrivateSigningKey,
    next: Mutex<Profile>,
    tamper: Mutex<Tamper>,
    codes: Mutex<HashMap<String, Grant>>,
    refuse_refresh: AtomicBool,
    refreshes: AtomicUsize,
}

/// Stops the server when dropped.
pub struct Idp {
    pub issuer: String,
    shared: Arc<Shared>,
    handle: actix_web::dev::ServerHandle,
}

impl Drop for Idp {
    fn drop(&mut self) {
        let handle = self.handle.clone();
        tokio::spawn(async move { handle.stop(false).await });
    }
}

fn now_secs(clock: &Clock) -> i64 {
    clock.now().micros().div_euclid(1_000_000)
}

fn sign(key: &CoreRsaPrivateSigningKey, claims: &serde_json::Value) -> String {
    let header = serde_json::json!({"alg": "RS256", "kid": "test-key-1", "typ": "JWT"});
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let signature = key
        .sign(
            &CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
            signing_input.as_bytes(),
        )
        .expect("signing works");
    format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

impl Idp {
    /// Starts the provider; its ID tokens' times follow `clock` (the app's manual clock).
    pub async fn start(clock: Clock) -> Idp {
        let key = CoreRsaPrivateSigningKey::from_pem(
            TEST_KEY_PEM,
            Some(JsonWebKeyId::new("test-key-1".into())),
        )
        .expect("the test key parses");
        let shared = Arc::new(Shared {
            issuer: Mutex::new(String::new()),
            clock,
            key,
            next: Mutex::new(Profile::new("nobody", "nobody@example.com", &[])),
            tamper: Mutex::new(Tamper::None),
            codes: Mutex::new(HashMap::new()),
            refuse_refresh: AtomicBool::new(false),
            refreshes: AtomicUsize::new(0),
        });
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let issuer = format!("http://127.0.0.1:{port}/realms/corp");
        *shared.issuer.lock().unwrap() = issuer.clone();
        let data = web::Data::new(shared.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .route(
                    "/realms/corp/.well-known/openid-configuration",
                    web::get().to(discovery),
                )
                .route("/realms/corp/jwks", web::get().to(jwks))
                .route("/realms/corp/authorize", web::get().to(authorize))
                .route("/realms/corp/token", web::post().to(token))
        })
        .workers(1)
        .listen(listener)
        .expect("listen")
        .run();
        let handle = server.handle();
        tokio::spawn(server);
        Idp {
            issuer,
            shared,
            handle,
        }
    }

    pub fn sign_in_next(&self, profile: Profile) {
        *self.shared.next.lock().unwrap() = profile;
    }

    pub fn spoil_next_token(&self, tamper: Tamper) {
        *self.shared.tamper.lock().unwrap() = tamper;
    }

    pub fn refuse_refresh(&self, refuse: bool) {
        self.shared.refuse_refresh.store(refuse, Ordering::SeqCst);
    }

    pub fn refreshes(&self) -> usize {
        self.shared.refreshes.load(Ordering::SeqCst)
    }

    /// A logout token for `sub` and/or `sid`, signed with the provider's key; `aud`
    /// defaults to the client id.
    pub fn logout_token(&self, sub: Option<&str>, sid: Option<&str>, aud: Option<&str>) -> String {
        let mut claims = serde_json::json!({
            "iss": self.issuer,
            "aud": aud.unwrap_or(CLIENT_ID),
            "iat": now_secs(&self.shared.clock),
            "jti": uuid::Uuid::new_v4().to_string(),
            "events": { "http://schemas.openid.net/event/backchannel-logout": {} },
        });
        if let Some(s) = sub {
            claims["sub"] = s.into();
        }
        if let Some(s) = sid {
            claims["sid"] = s.into();
        }
        sign(&self.shared.key, &claims)
    }
}

async fn discovery(shared: web::Data<Arc<Shared>>) -> HttpResponse {
    let issuer = shared.issuer.lock().unwrap().clone();
    HttpResponse::Ok().json(serde_json::json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/authorize"),
        "token_endpoint": format!("{issuer}/token"),
        "jwks_uri": format!("{issuer}/jwks"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "backchannel_logout_supported": true,
        "backchannel_logout_session_supported": true,
    }))
}

async fn jwks(shared: web::Data<Arc<Shared>>) -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({
        "keys": [shared.key.as_verification_key()],
    }))
}

async fn authorize(
    shared: web::Data<Arc<Shared>>,
    q: web::Query<HashMap<String, String>>,
) -> HttpResponse {
    let get = |k: &str| q.get(k).cloned().unwrap_or_default();
    if get("client_id") != CLIENT_ID
        || get("response_type") != "code"
        || get("code_challenge_method") != "S256"
    {
        return HttpResponse::BadRequest().body("bad authorization request");
    }
    let code = uuid::Uuid::new_v4().simple().to_string();
    let profile = shared.next.lock().unwrap().clone();
    shared.codes.lock().unwrap().insert(
        code.clone(),
        Grant {
            nonce: get("nonce"),
            challenge: get("code_challenge"),
            redirect_uri: get("redirect_uri"),
            profile,
        },
    );
    let mut back = url::Url::parse(&get("redirect_uri")).expect("redirect_uri");
    back.query_pairs_mut()
        .append_pair("code", &code)
        .append_pair("state", &get("state"));
    HttpResponse::Found()
        .insert_header(("Location", back.to_string()))
        .finish()
}

fn client_authenticated(req: &HttpRequest) -> bool {
    let expected = format!(
        "Basic {}",
        STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"))
    );
    req.headers()
        .get("Authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == expected)
}

fn invalid_grant() -> HttpResponse {
    HttpResponse::BadRequest().json(serde_json::json!({"error": "invalid_grant"}))
}

async fn token(
    req: HttpRequest,
    shared: web::Data<Arc<Shared>>,
    form: web::Form<HashMap<String, String>>,
) -> HttpResponse {
    if !client_authenticated(&req) {
        return HttpResponse::Unauthorized().json(serde_json::json!({"error": "invalid_client"}));
    }
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    if get("grant_type") == "refresh_token" {
        shared.refreshes.fetch_add(1, Ordering::SeqCst);
        if shared.refuse_refresh.load(Ordering::SeqCst) {
            return invalid_grant();
        }
        return HttpResponse::Ok().json(serde_json::json!({
            "access_token": "at", "token_type": "Bearer", "refresh_token": get("refresh_token"),
        }));
    }
    let Some(grant) = shared.codes.lock().unwrap().remove(&get("code")) else {
        return invalid_grant();
    };
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(get("code_verifier").as_bytes()));
    if challenge != grant.challenge || get("redirect_uri") != grant.redirect_uri {
        return invalid_grant();
    }
    let tamper = std::mem::replace(&mut *shared.tamper.lock().unwrap(), Tamper::None);
    let now = now_secs(&shared.clock);
    let p = &grant.profile;
    let mut claims = serde_json::json!({
        "iss": *shared.issuer.lock().unwrap(),
        "sub": p.sub,
        "aud": CLIENT_ID,
        "iat": now,
        "exp": now + 300,
        "nonce": grant.nonce,
        "email": p.email,
        "email_verified": true,
        "preferred_username": p.preferred_username,
        "groups": p.groups,
        "sid": p.sid,
    });
    match tamper {
        Tamper::None | Tamper::BadSignature => {}
        Tamper::WrongAudience => claims["aud"] = "another-client".into(),
        Tamper::Expired => {
            claims["iat"] = (now - 3600).into();
            claims["exp"] = (now - 1800).into();
        }
        Tamper::WrongNonce => claims["nonce"] = "not-the-nonce".into(),
    }
    let mut id_token = sign(&shared.key, &claims);
    if tamper == Tamper::BadSignature {
        // The same signature over other claims: an attacker's edit.
        claims["sub"] = "someone-else".into();
        let parts: Vec<&str> = id_token.split('.').collect();
        id_token = format!(
            "{}.{}.{}",
            parts[0],
            URL_SAFE_NO_PAD.encode(claims.to_string()),
            parts[2]
        );
    }
    HttpResponse::Ok().json(serde_json::json!({
        "access_token": "at",
        "token_type": "Bearer",
        "expires_in": 300,
        "id_token": id_token,
        "refresh_token": format!("rt-{}", p.sub),
    }))
}
