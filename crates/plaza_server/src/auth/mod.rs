//! Federated login over HTTP and the per-request credential check.
//!
//! - `GET /auth/login?agency=<slug>` (or `?email=<work e-mail>`, or `?provider=<id>`), with an
//!   optional local `return_to` path: starts the authorization-code flow with PKCE at the
//!   agency's provider. State, nonce and verifier stay server-side (the state's hash is the key;
//!   nonce and verifier are sealed), bound to the browser by a short-lived cookie.
//! - `GET /auth/callback`: takes the pending login once, checks the browser binding and the
//!   RFC 9207 `iss`, exchanges the code, verifies the ID token, identifies the person by
//!   (issuer, subject), provisions them on first login only when their e-mail domain is verified
//!   for that agency, and opens a new session (rotated: any previous one ends).
//! - `POST /auth/logout`: ends the session, and at the provider when it offers RP-initiated
//!   logout.
//!
//! Sessions: an opaque id in an HttpOnly, SameSite=Lax cookie (`Secure` and `__Host-` prefixed
//! when Plaza is served over https), only its hash stored, idle and absolute expiry. Resolved
//! credentials are cached in memory for [`CACHE_TTL`], so a request costs one hash and one map
//! lookup; logout, revocation and expiry drop the entry at once, on every replica (the cluster
//! relays them through the database).

use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use plaza_auth::cache::{CredentialCache, Digest};
use plaza_auth::oidc::{ProviderSettings, RelyingParty, SignedIn};
use plaza_auth::ratelimit::RateLimiter;
use plaza_auth::seal::SealKey;
use plaza_domain::agency::Agency;
use plaza_domain::identity::IdentityProvider;
use plaza_domain::ids::{IdentityProviderId, MemberId};
use plaza_domain::member::{Member, Role};
use plaza_domain::policy::{MemberViewer, Scope, Viewer};
use plaza_domain::text::{Email, Name};
use plaza_storage::{PendingLogin, Store, StoredProvider, StoredSession};
use poem::http::{HeaderMap, StatusCode, header};
use poem::web::{Data, Query};
use poem::{FromRequest as _, IntoResponse, Request, Response, handler};
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;

use crate::AppState;
use crate::config::Config;

mod credentials;
mod pages;
mod refusal;
mod sign_in;
mod sign_out;

use credentials::end_session;
pub use credentials::{CredentialError, resolve, still_signed_in};
pub use pages::html_errors;
pub use sign_in::{callback, login};
use sign_in::{session_context, settings_of};
pub use sign_out::{logout, logout_get, spawn_housekeeping};

/// How long a resolved credential is trusted without asking the database again. Revocations
/// and logouts apply at once on this replica and, relayed through the database, on the others
/// (within this time at worst, should a replica miss the relay).
pub const CACHE_TTL: Duration = Duration::from_secs(30);
/// Most credentials held in each cache.
const CACHE_CAPACITY: usize = 100_000;
/// How long a started login may take.
const LOGIN_TIMEOUT: chrono::Duration = chrono::Duration::minutes(10);
/// A session's last activity is written at most this often.
const TOUCH_GRANULARITY: chrono::Duration = chrono::Duration::seconds(60);
/// Longest accepted return path.
const RETURN_TO_MAX: usize = 2048;

/// A signed-in credential, as cached (its deadline lives in the cache entry).
#[derive(Debug, Clone)]
pub struct CachedCredential {
    /// Who it acts for.
    pub viewer: MemberViewer,
}

/// Credentials resolved recently, shared with the GraphQL layer so that a revocation there
/// takes effect at once, here and (through the outbox) on every other replica.
pub struct Credentials {
    /// Resolved sessions.
    pub sessions: CredentialCache<Arc<CachedCredential>>,
    /// Resolved API tokens.
    pub tokens: CredentialCache<Arc<CachedCredential>>,
    /// Where revocations go for the other replicas.
    outbox: plaza_app::Outbox,
}

impl Credentials {
    /// Empty caches, whose revocations also go to `outbox`.
    pub fn new(outbox: plaza_app::Outbox) -> Self {
        Self {
            sessions: CredentialCache::new(CACHE_TTL, CACHE_CAPACITY),
            tokens: CredentialCache::new(CACHE_TTL, CACHE_CAPACITY),
            outbox,
        }
    }

    /// A session ended here: forgotten here and on every other replica.
    pub fn session_ended(&self, digest: &Digest) {
        self.sessions.remove(digest);
        self.outbox
            .send(plaza_app::ClusterEvent::SessionEnded(hex::encode(digest)));
    }

    /// Forgets a token another replica revoked (hex SHA-256).
    pub fn forget_token(&self, hash: &str) {
        if let Some(digest) = digest_of_hex(hash) {
            self.tokens.remove(&digest);
        }
    }

    /// Forgets a session another replica ended (hex SHA-256).
    pub fn forget_session(&self, hash: &str) {
        if let Some(digest) = digest_of_hex(hash) {
            self.sessions.remove(&digest);
        }
    }

    /// Forgets every cached credential of a member another replica changed.
    pub fn forget_member(&self, member: plaza_domain::ids::MemberId) {
        let matches = |cached: &Arc<CachedCredential>| cached.viewer.id == member;
        self.tokens.remove_where(matches);
        self.sessions.remove_where(matches);
    }

    /// Forgets everything (after this replica may have missed revocations).
    pub fn forget_all(&self) {
        self.tokens.remove_where(|_| true);
        self.sessions.remove_where(|_| true);
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Credentials")
    }
}

impl plaza_graphql::CredentialEvents for Credentials {
    fn token_revoked(&self, hash: &str) {
        self.forget_token(hash);
        self.outbox
            .send(plaza_app::ClusterEvent::TokenRevoked(hash.to_ascii_lowercase()));
    }

    fn member_changed(&self, member: plaza_domain::ids::MemberId) {
        self.forget_member(member);
        self.outbox.send(plaza_app::ClusterEvent::MemberChanged(member));
    }
}

fn digest_of_hex(hash: &str) -> Option<Digest> {
    let bytes = hex::decode(hash).ok()?;
    bytes.try_into().ok()
}

/// Everything login and credential checks need, shared by all requests.
pub struct Auth {
    /// The OpenID Connect relying party (discovery cache).
    pub rp: RelyingParty,
    /// Seals secrets at rest.
    pub seal: Arc<SealKey>,
    /// Origin browsers use (`https://plaza.example`), without a trailing slash.
    pub public_url: String,
    /// Whether cookies are `Secure` (Plaza served over https).
    pub secure: bool,
    /// Idle expiry of sessions.
    pub idle: chrono::Duration,
    /// Absolute expiry of sessions.
    pub absolute: chrono::Duration,
    /// Resolved credentials.
    pub creds: Arc<Credentials>,
    /// Requests per client address.
    pub per_address: RateLimiter<IpAddr>,
    /// Requests per credential.
    pub per_credential: RateLimiter<Digest>,
    /// Login starts and callbacks per client address.
    pub logins: RateLimiter<IpAddr>,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpAddr>,
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Auth").field("public_url", &self.public_url).finish()
    }
}

impl Auth {
    /// Builds the login state for a server reachable at `public_url`.
    pub fn new(config: &Config, seal: Arc<SealKey>, creds: Arc<Credentials>, public_url: String) -> Self {
        let public_url = public_url.trim_end_matches('/').to_owned();
        let per_address = config.rate_limit_per_address;
        let per_credential = config.rate_limit_per_credential;
        let logins = config.login_rate_per_minute / 60.0;
        Self {
            rp: RelyingParty::new(),
            seal,
            secure: public_url.starts_with("https://"),
            public_url,
            // Both are validated (at most 7 days and 90 days), so they always fit.
            idle: chrono::Duration::minutes(i64::try_from(config.session_idle_minutes).unwrap_or(480)),
            absolute: chrono::Duration::hours(i64::try_from(config.session_absolute_hours).unwrap_or(72)),
            creds,
            per_address: RateLimiter::new(per_address, burst(per_address, 4.0), CACHE_CAPACITY),
            per_credential: RateLimiter::new(per_credential, burst(per_credential, 4.0), CACHE_CAPACITY),
            logins: RateLimiter::new(logins, burst(config.login_rate_per_minute, 0.5), CACHE_CAPACITY),
            trusted_proxies: config.trusted_proxies.clone(),
        }
    }

    /// The session cookie's name (`__Host-` prefixed over https).
    pub fn session_cookie(&self) -> &'static str {
        if self.secure {
            "__Host-plaza_session"
        } else {
            "plaza_session"
        }
    }

    fn login_cookie(&self) -> &'static str {
        if self.secure {
            "__Host-plaza_login"
        } else {
            "plaza_login"
        }
    }

    /// A `Set-Cookie` value with Plaza's attributes (`Max-Age=0` deletes the cookie).
    pub fn cookie(&self, name: &str, value: &str, max_age: i64) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
    }

    fn redirect_uri(&self) -> String {
        format!("{}/auth/callback", self.public_url)
    }
}

/// A burst of `seconds` worth of requests, at least 1 and at most 1,000.
fn burst(rate: f64, seconds: f64) -> u32 {
    let requests = (rate * seconds).ceil();
    if requests.is_finite() {
        requests.clamp(1.0, 1000.0) as u32
    } else {
        1
    }
}

/// The value of cookie `name` in a request's headers.
pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|line| line.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim())
}

/// A login or credential failure (or any refusal outside GraphQL) answered to a browser or an
/// API client, in the shape GraphQL errors have, with a code.
pub(crate) fn auth_error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    Response::builder()
        .status(status)
        .content_type("application/json")
        .header(header::CACHE_CONTROL, "no-store")
        .body(body.to_string())
}

/// The signed-in member behind a request to one of the HTTP endpoints outside GraphQL, by
/// session cookie or token: refused (as the JSON error to send) when the credential is
/// invalid, over its rate, a cookie sent cross-site to a write (`needs_write`), a read-only
/// credential for a write, or nobody signed in (`why` then says what signing in is for).
pub(crate) async fn signed_in_member(
    state: &AppState,
    auth: &Auth,
    request: &Request,
    needs_write: bool,
    why: &str,
) -> Result<MemberViewer, Response> {
    let resolved = match resolve(&state.store, auth, request.headers()).await {
        Ok(resolved) => resolved,
        Err(CredentialError::Invalid) => {
            return Err(auth_error(
                StatusCode::UNAUTHORIZED,
                "UNAUTHENTICATED",
                "the token is invalid, revoked or expired",
            ));
        }
        Err(CredentialError::Storage(error)) => {
            tracing::error!(%error, "cannot check a credential");
            return Err(auth_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL",
                "internal error",
            ));
        }
    };
    if needs_write && resolved.via_cookie && !same_origin(auth, request.headers()) {
        return Err(csrf_refused());
    }
    if let Some(digest) = &resolved.digest
        && let Some(refused) = credential_over_limit(auth, digest)
    {
        return Err(refused);
    }
    match resolved.viewer {
        Viewer::Member(member) if !needs_write || member.scope >= Scope::Write => Ok(member),
        Viewer::Member(_) => Err(auth_error(
            StatusCode::FORBIDDEN,
            "FORBIDDEN",
            "this credential may only read; this needs one that may write",
        )),
        Viewer::Anonymous => Err(auth_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED", why)),
    }
}

/// The client's address: the peer's, or behind trusted proxies the last address in
/// `X-Forwarded-For` that none of them is (each proxy appends the address it saw).
fn client_address(auth: &Auth, request: &Request) -> Option<IpAddr> {
    let peer = request.remote_addr().as_socket_addr().map(|addr| addr.ip())?;
    Some(forwarded_client(&auth.trusted_proxies, peer, request.headers()))
}

fn forwarded_client(trusted: &[IpAddr], peer: IpAddr, headers: &HeaderMap) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    for hop in forwarded.iter().rev().take(16) {
        match hop.parse::<IpAddr>() {
            Ok(address) if trusted.contains(&address) => continue,
            Ok(address) => return address,
            Err(_) => return peer,
        }
    }
    peer
}

fn too_many(wait: Duration) -> Response {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    auth_error(
        StatusCode::TOO_MANY_REQUESTS,
        "RATE_LIMITED",
        "too many requests; retry later",
    )
    .with_header(header::RETRY_AFTER, seconds.max(1).to_string())
    .into_response()
}

/// Rate-limits every request by client address (health checks excepted).
pub async fn limit_by_address<E: poem::Endpoint>(next: E, request: Request) -> poem::Result<Response> {
    let exempt = matches!(request.uri().path(), "/healthz" | "/readyz");
    let auth = request.data::<Arc<Auth>>().cloned();
    if let (false, Some(auth)) = (exempt, auth)
        && let Some(address) = client_address(&auth, &request)
        && let Err(wait) = auth.per_address.check(&address, Instant::now())
    {
        return Ok(too_many(wait));
    }
    Ok(next.get_response(request).await)
}

/// The 429 for a credential over its rate, if it is.
pub fn credential_over_limit(auth: &Auth, digest: &Digest) -> Option<Response> {
    auth.per_credential.check(digest, Instant::now()).err().map(too_many)
}

/// Whether a cookie-authenticated state-changing request comes from Plaza's own pages: the
/// `Origin` must be Plaza's; without one, `Sec-Fetch-Site` must not say cross-site. (Requests
/// with neither come from non-browser clients, which cannot be driven by another site.)
pub fn same_origin(auth: &Auth, headers: &HeaderMap) -> bool {
    let fetch_site = headers.get("sec-fetch-site").and_then(|value| value.to_str().ok());
    match headers.get(header::ORIGIN).map(|origin| origin.to_str()) {
        // Browsers send `Origin: null` for Plaza's own form posts under `Referrer-Policy:
        // no-referrer` (and for sandboxed or opaque origins): then only the browser's own
        // `Sec-Fetch-Site: same-origin` vouches for the request.
        Some(Ok("null")) => fetch_site == Some("same-origin"),
        Some(origin) => origin.is_ok_and(|origin| origin == auth.public_url),
        None => match fetch_site {
            Some(site) => matches!(site, "same-origin" | "none"),
            None => true,
        },
    }
}

/// The CSRF refusal.
pub fn csrf_refused() -> Response {
    auth_error(
        StatusCode::FORBIDDEN,
        "CSRF_REJECTED",
        "cross-site request refused: a session cookie is only accepted from Plaza's own pages",
    )
}

/// Checks a return path: local, absolute-path only (`/…`), never `//host` or `/\host`, no
/// scheme, no control characters.
pub fn validate_return_to(raw: Option<&str>) -> Result<String, &'static str> {
    let Some(path) = raw.filter(|path| !path.is_empty()) else {
        return Ok("/".to_owned());
    };
    let local = path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && !path.contains("://")
        && !path.chars().any(|c| c.is_control() || c == '\\')
        && path.len() <= RETURN_TO_MAX;
    if local {
        Ok(path.to_owned())
    } else {
        Err("return_to must be a path on this site, such as /search")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_paths_stay_on_this_site() {
        assert_eq!(validate_return_to(None).as_deref(), Ok("/"));
        assert_eq!(
            validate_return_to(Some("/search?q=tiktok")).as_deref(),
            Ok("/search?q=tiktok")
        );
        for bad in [
            "https://evil.example/",
            "//evil.example",
            "/\\evil.example",
            "evil.example",
            "javascript:alert(1)",
            "/ok\r\nSet-Cookie: x=y",
            "/x?next=https://evil.example",
        ] {
            assert!(validate_return_to(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn cookies_are_read_from_every_cookie_header() {
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, "a=1; plaza_session=abc".parse().unwrap());
        headers.append(header::COOKIE, "b=2".parse().unwrap());
        assert_eq!(cookie_value(&headers, "plaza_session"), Some("abc"));
        assert_eq!(cookie_value(&headers, "b"), Some("2"));
        assert_eq!(cookie_value(&headers, "c"), None);
    }

    #[test]
    fn behind_trusted_proxies_the_client_is_the_last_address_they_did_not_add() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let client: IpAddr = "203.0.113.7".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            "198.51.100.1, 203.0.113.7, 10.0.0.2".parse().unwrap(),
        );
        // A peer that is not a trusted proxy is the client, whatever it claims.
        assert_eq!(forwarded_client(&[], proxy, &headers), proxy);
        // Behind the proxy, the spoofable left part is ignored.
        assert_eq!(forwarded_client(&[proxy], proxy, &headers), client);
        // Garbage in the header: the proxy's own address, never a made-up one.
        headers.insert("x-forwarded-for", "not-an-address".parse().unwrap());
        assert_eq!(forwarded_client(&[proxy], proxy, &headers), proxy);
        headers.remove("x-forwarded-for");
        assert_eq!(forwarded_client(&[proxy], proxy, &headers), proxy);
    }

    #[test]
    fn bursts_are_bounded() {
        assert_eq!(burst(100.0, 4.0), 400);
        assert_eq!(burst(0.001, 4.0), 1);
        assert_eq!(burst(1e9, 4.0), 1000);
    }
}
