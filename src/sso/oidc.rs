//! The OpenID Connect protocol as Parley speaks it: discovery, the provider's keys, the
//! authorization URL with PKCE, the code and refresh-token exchanges, and the checks of
//! ID tokens (through `openidconnect`) and back-channel logout tokens. One HTTP client
//! that follows no redirects and gives up after ten seconds.

use std::str::FromStr;
use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use once_cell::sync::OnceCell;
use openidconnect::core::{
    CoreIdToken, CoreIdTokenVerifier, CoreJsonWebKeySet, CoreJwsSigningAlgorithm,
};
use openidconnect::{ClientId, ClientSecret, IssuerUrl, JsonWebKey, Nonce};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::db::models::sso::SsoProvider;
use crate::db::Timestamp;

/// The back-channel logout event a logout token must carry.
pub const BACKCHANNEL_EVENT: &str = "http://schemas.openid.net/event/backchannel-logout";
/// How far a logout token's `iat` may be from our clock.
const LOGOUT_TOKEN_SKEW_SECS: i64 = 300;

fn client() -> Result<&'static reqwest::Client, String> {
    static CLIENT: OnceCell<reqwest::Client> = OnceCell::new();
    CLIENT
        .get_or_try_init(|| {
            reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(10))
                .user_agent("Parley-SSO")
                .build()
        })
        .map_err(|e| format!("HTTP client: {e}"))
}

/// `https`, or `http` to a loopback address (a provider on this machine, the tests), or
/// any `http` when `allow_insecure` is set.
pub fn check_url(text: &str, allow_insecure: bool) -> Result<url::Url, String> {
    let url = url::Url::parse(text).map_err(|_| format!("{text:?} is not a URL."))?;
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    match url.scheme() {
        "https" => Ok(url),
        "http" if loopback || allow_insecure => Ok(url),
        _ => Err(format!(
            "{text:?} must use https (plain http only on this machine)."
        )),
    }
}

/// What Parley keeps of a provider's discovery document.
#[derive(Debug, Clone, Deserialize)]
pub struct Discovery {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
    #[serde(default)]
    pub backchannel_logout_supported: bool,
}

async fn get_text(url: &str) -> Result<String, String> {
    let res = client()?
        .get(url)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|e| format!("{url} could not be reached ({e})."))?;
    if !res.status().is_success() {
        return Err(format!("{url} answered {}.", res.status()));
    }
    res.text()
        .await
        .map_err(|e| format!("{url} sent an unreadable answer ({e})."))
}

/// Reads `{issuer}/.well-known/openid-configuration` and checks that it names the same
/// issuer and only acceptable endpoints.
pub async fn discover(issuer: &str, allow_insecure: bool) -> Result<Discovery, String> {
    let issuer = issuer.trim().trim_end_matches('/');
    check_url(issuer, allow_insecure)?;
    let url = format!("{issuer}/.well-known/openid-configuration");
    let doc: Discovery = serde_json::from_str(&get_text(&url).await?)
        .map_err(|e| format!("{url} is not an OpenID Connect discovery document ({e})."))?;
    if doc.issuer.trim_end_matches('/') != issuer {
        return Err(format!(
            "The discovery document names the issuer {:?}, not {issuer:?}.",
            doc.issuer
        ));
    }
    for endpoint in [
        &doc.authorization_endpoint,
        &doc.token_endpoint,
        &doc.jwks_uri,
    ] {
        check_url(endpoint, allow_insecure)?;
    }
    Ok(doc)
}

/// Fetches the provider's keys and returns them as stored (checked to parse).
pub async fn fetch_jwks(jwks_uri: &str) -> Result<String, String> {
    let text = get_text(jwks_uri).await?;
    serde_json::from_str::<CoreJsonWebKeySet>(&text)
        .map_err(|e| format!("{jwks_uri} is not a JSON Web Key Set ({e})."))?;
    Ok(text)
}

/// `S256` code challenge of a PKCE verifier.
pub fn pkce_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

pub fn authorization_url(
    p: &SsoProvider,
    redirect_uri: &str,
    state: &str,
    nonce: &str,
    verifier: &str,
) -> Result<String, String> {
    let mut url = url::Url::parse(&p.authorization_endpoint).map_err(|e| e.to_string())?;
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &p.client_id)
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("scope", &p.scopes)
        .append_pair("state", state)
        .append_pair("nonce", nonce)
        .append_pair("code_challenge", &pkce_challenge(verifier))
        .append_pair("code_challenge_method", "S256");
    Ok(url.into())
}

#[derive(Debug, Clone, Deserialize)]
pub struct TokenResponse {
    pub id_token: Option<String>,
    pub refresh_token: Option<String>,
}

#[derive(Debug, Deserialize)]
struct TokenError {
    error: String,
}

/// The answer to a token request.
pub enum TokenOutcome {
    Tokens(TokenResponse),
    /// The provider refused (`invalid_grant` and friends): the grant is dead.
    Refused(String),
    /// No usable answer (network, 5xx): try again later.
    Unreachable(String),
}

async fn token_request(p: &SsoProvider, secret: &str, form: &[(&str, &str)]) -> TokenOutcome {
    let http = match client() {
        Ok(c) => c,
        Err(e) => return TokenOutcome::Unreachable(e),
    };
    let res = http
        .post(&p.token_endpoint)
        .basic_auth(&p.client_id, Some(secret))
        .header("Accept", "application/json")
        .form(form)
        .send()
        .await;
    let res = match res {
        Ok(r) => r,
        Err(e) => return TokenOutcome::Unreachable(format!("token endpoint: {e}")),
    };
    let status = res.status();
    let body = res.text().await.unwrap_or_default();
    if status.is_success() {
        match serde_json::from_str::<TokenResponse>(&body) {
            Ok(t) => TokenOutcome::Tokens(t),
            Err(e) => TokenOutcome::Unreachable(format!("token response: {e}")),
        }
    } else if status.as_u16() == 400 || status.as_u16() == 401 {
        let why = serde_json::from_str::<TokenError>(&body)
            .map(|e| e.error)
            .unwrap_or_else(|_| status.to_string());
        TokenOutcome::Refused(why)
    } else {
        TokenOutcome::Unreachable(format!("token endpoint answered {status}"))
    }
}

pub async fn exchange_code(
    p: &SsoProvider,
    secret: &str,
    code: &str,
    verifier: &str,
    redirect_uri: &str,
) -> TokenOutcome {
    token_request(
        p,
        secret,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("code_verifier", verifier),
            ("client_id", &p.client_id),
        ],
    )
    .await
}

pub async fn refresh(p: &SsoProvider, secret: &str, refresh_token: &str) -> TokenOutcome {
    token_request(
        p,
        secret,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
            ("client_id", &p.client_id),
        ],
    )
    .await
}

/// Why a token was refused; `UnknownKey` makes the caller refetch the keys once.
#[derive(Debug, PartialEq, Eq)]
pub enum TokenCheck {
    UnknownKey,
    Invalid(String),
}

/// What Parley uses of a verified ID token.
#[derive(Debug, Clone, Default)]
pub struct VerifiedIdentity {
    pub issuer: String,
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: Option<bool>,
    pub preferred_username: Option<String>,
    pub groups: Vec<String>,
    pub sid: Option<String>,
}

fn chrono_at(now: Timestamp) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_micros(now.micros()).unwrap_or_default()
}

fn payload_json(jwt: &str) -> Result<serde_json::Value, TokenCheck> {
    let part = jwt
        .split('.')
        .nth(1)
        .ok_or_else(|| TokenCheck::Invalid("not a JWT".into()))?;
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| TokenCheck::Invalid("payload is not base64url".into()))?;
    serde_json::from_slice(&bytes).map_err(|_| TokenCheck::Invalid("payload is not JSON".into()))
}

/// Strings of a claim that is a string or an array of strings (`groups`, `aud`).
fn strings(v: Option<&serde_json::Value>) -> Vec<String> {
    match v {
        Some(serde_json::Value::String(s)) => vec![s.clone()],
        Some(serde_json::Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        _ => vec![],
    }
}

/// Checks an ID token: signature against `jwks` (RS256), issuer, audience (this client
/// only), expiry and issue time on our clock, and the nonce of this sign-in.
pub fn verify_id_token(
    p: &SsoProvider,
    client_secret: &str,
    jwks: &str,
    id_token: &str,
    nonce: &str,
    now: Timestamp,
) -> Result<VerifiedIdentity, TokenCheck> {
    let keys: CoreJsonWebKeySet = serde_json::from_str(jwks)
        .map_err(|_| TokenCheck::Invalid("the stored keys do not parse".into()))?;
    let issuer =
        IssuerUrl::new(p.issuer.clone()).map_err(|e| TokenCheck::Invalid(e.to_string()))?;
    let verifier = CoreIdTokenVerifier::new_confidential_client(
        ClientId::new(p.client_id.clone()),
        ClientSecret::new(client_secret.to_string()),
        issuer,
        keys,
    )
    .set_time_fn(move || chrono_at(now));
    let token = CoreIdToken::from_str(id_token)
        .map_err(|e| TokenCheck::Invalid(format!("not an ID token: {e}")))?;
    let claims = token
        .claims(&verifier, &Nonce::new(nonce.to_string()))
        .map_err(|e| match e {
            openidconnect::ClaimsVerificationError::SignatureVerification(
                openidconnect::SignatureVerificationError::NoMatchingKey,
            ) => TokenCheck::UnknownKey,
            other => TokenCheck::Invalid(other.to_string()),
        })?;
    // Verified above; read the claims `openidconnect`'s core type does not keep.
    let raw = payload_json(id_token)?;
    Ok(VerifiedIdentity {
        issuer: p.issuer.clone(),
        subject: claims.subject().as_str().to_string(),
        email: claims.email().map(|e| e.as_str().to_string()),
        email_verified: claims.email_verified(),
        preferred_username: claims.preferred_username().map(|u| u.as_str().to_string()),
        groups: strings(raw.get(p.groups_claim.as_str())),
        sid: raw.get("sid").and_then(|s| s.as_str()).map(str::to_string),
    })
}

/// Who a verified logout token signs out: a subject, a provider session, or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogoutSubject {
    pub sub: Option<String>,
    pub sid: Option<String>,
}

/// Checks a back-channel logout token (OpenID Connect Back-Channel Logout 1.0 §2.6):
/// signature against `jwks` (an asymmetric algorithm), issuer, audience, `iat` near our
/// clock, `exp` if present, the logout event, `sub` and/or `sid`, and no `nonce`.
pub fn verify_logout_token(
    p: &SsoProvider,
    jwks: &str,
    token: &str,
    now: Timestamp,
) -> Result<LogoutSubject, TokenCheck> {
    let invalid = |m: &str| TokenCheck::Invalid(m.to_string());
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 {
        return Err(invalid("not a signed JWT"));
    }
    let header: serde_json::Value = URL_SAFE_NO_PAD
        .decode(parts[0])
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| invalid("the header does not parse"))?;
    let alg: CoreJwsSigningAlgorithm = header
        .get("alg")
        .cloned()
        .and_then(|a| serde_json::from_value(a).ok())
        .ok_or_else(|| invalid("unknown algorithm"))?;
    if !matches!(
        alg,
        CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256
            | CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha384
            | CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha512
            | CoreJwsSigningAlgorithm::RsaSsaPssSha256
            | CoreJwsSigningAlgorithm::EcdsaP256Sha256
            | CoreJwsSigningAlgorithm::EcdsaP384Sha384
    ) {
        return Err(invalid("algorithm not allowed"));
    }
    let kid = header.get("kid").and_then(|k| k.as_str());
    let keys: CoreJsonWebKeySet =
        serde_json::from_str(jwks).map_err(|_| invalid("the stored keys do not parse"))?;
    let candidates: Vec<_> = keys
        .keys()
        .iter()
        .filter(|k| match (kid, k.key_id()) {
            (Some(want), Some(have)) => have.as_str() == want,
            (Some(_), None) => false,
            (None, _) => true,
        })
        .collect();
    if candidates.is_empty() {
        return Err(TokenCheck::UnknownKey);
    }
    let signature = URL_SAFE_NO_PAD
        .decode(parts[2])
        .map_err(|_| invalid("the signature is not base64url"))?;
    let signed = format!("{}.{}", parts[0], parts[1]);
    if !candidates.iter().any(|k| {
        k.verify_signature(&alg, signed.as_bytes(), &signature)
            .is_ok()
    }) {
        return Err(invalid("bad signature"));
    }
    let claims = payload_json(token)?;
    if claims.get("iss").and_then(|i| i.as_str()) != Some(p.issuer.as_str()) {
        return Err(invalid("wrong issuer"));
    }
    if !strings(claims.get("aud")).contains(&p.client_id) {
        return Err(invalid("wrong audience"));
    }
    let now_secs = now.micros().div_euclid(1_000_000);
    let iat = claims
        .get("iat")
        .and_then(|i| i.as_i64())
        .ok_or_else(|| invalid("no iat"))?;
    if (iat - now_secs).abs() > LOGOUT_TOKEN_SKEW_SECS {
        return Err(invalid("iat too far from now"));
    }
    if let Some(exp) = claims.get("exp") {
        if exp.as_i64().is_none_or(|e| e <= now_secs) {
            return Err(invalid("expired"));
        }
    }
    let has_event = claims
        .get("events")
        .and_then(|e| e.as_object())
        .is_some_and(|e| e.get(BACKCHANNEL_EVENT).is_some_and(|v| v.is_object()));
    if !has_event {
        return Err(invalid("not a back-channel logout event"));
    }
    if claims.get("nonce").is_some() {
        return Err(invalid("a logout token carries no nonce"));
    }
    let sub = claims
        .get("sub")
        .and_then(|s| s.as_str())
        .map(str::to_string);
    let sid = claims
        .get("sid")
        .and_then(|s| s.as_str())
        .map(str::to_string);
    if sub.is_none() && sid.is_none() {
        return Err(invalid("neither sub nor sid"));
    }
    Ok(LogoutSubject { sub, sid })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_only_on_loopback_unless_allowed() {
        assert!(check_url("https://id.example.com/realms/x", false).is_ok());
        assert!(check_url("http://127.0.0.1:8080/realms/x", false).is_ok());
        assert!(check_url("http://localhost:8080", false).is_ok());
        assert!(check_url("http://id.example.com", false).is_err());
        assert!(check_url("http://id.example.com", true).is_ok());
        assert!(check_url("ftp://id.example.com", true).is_err());
    }

    #[test]
    fn pkce_challenge_matches_rfc7636_example() {
        assert_eq!(
            pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn groups_claim_may_be_a_string_or_an_array() {
        let v = serde_json::json!({"a": "x", "b": ["y", "z", 3]});
        assert_eq!(strings(v.get("a")), vec!["x"]);
        assert_eq!(strings(v.get("b")), vec!["y", "z"]);
        assert!(strings(v.get("c")).is_empty());
    }
}
