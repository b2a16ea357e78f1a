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
//! lookup; logout and expiry drop the entry at once.

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

/// How long a resolved credential is trusted without asking the database again. Revocations
/// and logouts on this node apply at once; on another node within this time.
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
/// takes effect at once.
pub struct Credentials {
    /// Resolved sessions.
    pub sessions: CredentialCache<Arc<CachedCredential>>,
    /// Resolved API tokens.
    pub tokens: CredentialCache<Arc<CachedCredential>>,
}

impl Credentials {
    /// Empty caches.
    pub fn new() -> Self {
        Self {
            sessions: CredentialCache::new(CACHE_TTL, CACHE_CAPACITY),
            tokens: CredentialCache::new(CACHE_TTL, CACHE_CAPACITY),
        }
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Credentials")
    }
}

impl plaza_graphql::CredentialEvents for Credentials {
    fn token_revoked(&self, hash: &str) {
        if let Some(digest) = digest_of_hex(hash) {
            self.tokens.remove(&digest);
        }
    }

    fn member_changed(&self, member: &str) {
        let matches = |cached: &Arc<CachedCredential>| cached.viewer.id.as_string() == member;
        self.tokens.remove_where(matches);
        self.sessions.remove_where(matches);
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

/// A login or credential failure answered to a browser or an API client.
fn auth_error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    Response::builder()
        .status(status)
        .content_type("application/json")
        .header(header::CACHE_CONTROL, "no-store")
        .body(body.to_string())
}

fn client_address(request: &Request) -> Option<IpAddr> {
    request.remote_addr().as_socket_addr().map(|addr| addr.ip())
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
    if let (false, Some(auth), Some(address)) = (exempt, auth, client_address(&request))
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

/// How a request authenticated.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The viewer.
    pub viewer: Viewer,
    /// Whether the credential came from the session cookie (CSRF checks apply).
    pub via_cookie: bool,
    /// The credential's digest, for the per-credential rate limit.
    pub digest: Option<Digest>,
    /// Whether the browser holds a session cookie that no longer works (to clear it).
    pub stale_cookie: bool,
}

/// Why a presented credential was refused.
#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    /// Malformed, unknown, revoked or expired token.
    #[error("the token is invalid, revoked or expired")]
    Invalid,
    /// The store failed.
    #[error("storage: {0}")]
    Storage(#[from] plaza_storage::StorageError),
}

fn viewer_of(member: &Member, groups: Vec<plaza_domain::ids::GroupId>, scope: Scope) -> MemberViewer {
    MemberViewer {
        id: member.id,
        agency: member.agency,
        roles: member.roles.clone(),
        groups,
        scope,
    }
}

/// How long a credential expiring at `at` may still be trusted from `now`.
fn remaining(at: DateTime<Utc>, now: DateTime<Utc>) -> Duration {
    (at - now).to_std().unwrap_or(Duration::ZERO)
}

/// Resolves the request's credential: a bearer token if given (a bad one is an error), else
/// the session cookie (a bad or expired one means anonymous), else anonymous. A cache hit
/// costs a hash and a map lookup; the database is asked only on a miss.
pub async fn resolve(store: &Store, auth: &Auth, headers: &HeaderMap) -> Result<Resolved, CredentialError> {
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let header = value.to_str().map_err(|_| CredentialError::Invalid)?;
        let token = plaza_auth::bearer_token(header).ok_or(CredentialError::Invalid)?;
        let digest = plaza_auth::presented_token_digest(token).map_err(|_| CredentialError::Invalid)?;
        let viewer = match auth.creds.tokens.get(&digest) {
            Some(found) => found.viewer.clone(),
            None => {
                let now = Utc::now();
                let owner = store
                    .token_by_hash(&hex_of(&digest), now)
                    .await?
                    .ok_or(CredentialError::Invalid)?;
                if !owner.token.is_active(now) {
                    return Err(CredentialError::Invalid);
                }
                let viewer = token_viewer(&owner)?;
                let valid_for = owner.token.expires_at.map_or(CACHE_TTL, |at| remaining(at, now));
                auth.creds
                    .tokens
                    .put(digest, Arc::new(CachedCredential { viewer: viewer.clone() }), valid_for);
                viewer
            }
        };
        // A read_public credential reads exactly what an anonymous visitor reads.
        let viewer = match viewer.scope {
            Scope::ReadPublic => Viewer::Anonymous,
            _ => Viewer::Member(viewer),
        };
        return Ok(Resolved {
            viewer,
            via_cookie: false,
            digest: Some(digest),
            stale_cookie: false,
        });
    }
    let Some(value) = cookie_value(headers, auth.session_cookie()) else {
        return Ok(anonymous(false));
    };
    let Ok(digest) = plaza_auth::presented_session_digest(value) else {
        return Ok(anonymous(true));
    };
    match session_viewer(store, auth, &digest).await? {
        Some(viewer) => Ok(Resolved {
            viewer: Viewer::Member(viewer),
            via_cookie: true,
            digest: Some(digest),
            stale_cookie: false,
        }),
        None => Ok(anonymous(true)),
    }
}

/// The policy viewer of a token. A service token acts as a member of its agency without a
/// person behind it: no groups, no authorship, no roles, and never more than read.
fn token_viewer(owner: &plaza_storage::TokenOwner) -> Result<MemberViewer, CredentialError> {
    match (owner.token.subject, &owner.member) {
        (plaza_storage::TokenSubject::Member(_), Some(member)) => {
            Ok(viewer_of(member, owner.groups.clone(), owner.token.scope))
        }
        (plaza_storage::TokenSubject::Agency(agency), _) => Ok(MemberViewer {
            // The token's own id stands in for the member: it never authored anything.
            id: MemberId::parse(&owner.token.id.as_string()).map_err(|_| CredentialError::Invalid)?,
            agency,
            roles: vec![Role::Member],
            groups: Vec::new(),
            scope: owner.token.scope.min(Scope::Read),
        }),
        _ => Err(CredentialError::Invalid),
    }
}

fn anonymous(stale_cookie: bool) -> Resolved {
    Resolved {
        viewer: Viewer::Anonymous,
        via_cookie: false,
        digest: None,
        stale_cookie,
    }
}

fn hex_of(digest: &Digest) -> String {
    hex::encode(digest)
}

/// The member behind a session, if it is alive; ends it when it has expired. A cached entry
/// never outlives the session's idle or absolute expiry (its deadline is the sooner of the two).
async fn session_viewer(store: &Store, auth: &Auth, digest: &Digest) -> Result<Option<MemberViewer>, CredentialError> {
    if let Some(found) = auth.creds.sessions.get(digest) {
        return Ok(Some(found.viewer.clone()));
    }
    let now = Utc::now();
    let hash = hex_of(digest);
    let Some((session, member, groups)) = store.session(&hash).await? else {
        return Ok(None);
    };
    let idle_until = session.last_seen_at + auth.idle;
    if now >= session.expires_at || now >= idle_until {
        store.delete_session(&hash).await?;
        return Ok(None);
    }
    // Activity is written at most once a minute; the idle expiry counts from the last write.
    let idle_until = if now - session.last_seen_at >= TOUCH_GRANULARITY {
        store.touch_session(&hash, now).await?;
        now + auth.idle
    } else {
        idle_until
    };
    let viewer = viewer_of(&member, groups, Scope::Write);
    let valid_for = remaining(session.expires_at.min(idle_until), now);
    auth.creds.sessions.put(
        *digest,
        Arc::new(CachedCredential { viewer: viewer.clone() }),
        valid_for,
    );
    Ok(Some(viewer))
}

async fn end_session(store: &Store, auth: &Auth, digest: &Digest) -> Result<Option<StoredSession>, CredentialError> {
    auth.creds.sessions.remove(digest);
    Ok(store.delete_session(&hex_of(digest)).await?)
}

/// Whether a cookie-authenticated state-changing request comes from Plaza's own pages: the
/// `Origin` must be Plaza's; without one, `Sec-Fetch-Site` must not say cross-site. (Requests
/// with neither come from non-browser clients, which cannot be driven by another site.)
pub fn same_origin(auth: &Auth, headers: &HeaderMap) -> bool {
    if let Some(origin) = headers.get(header::ORIGIN) {
        return origin.to_str().is_ok_and(|origin| origin == auth.public_url);
    }
    match headers.get("sec-fetch-site").and_then(|value| value.to_str().ok()) {
        Some(site) => matches!(site, "same-origin" | "none"),
        None => true,
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

/// Parameters of `/auth/login`.
#[derive(Debug, Default, serde::Deserialize)]
pub struct LoginParams {
    agency: Option<String>,
    email: Option<String>,
    provider: Option<String>,
    return_to: Option<String>,
}

/// The provider a login should use.
async fn choose_provider(store: &Store, params: &LoginParams) -> Result<StoredProvider, Response> {
    let storage = |error: plaza_storage::StorageError| {
        tracing::error!(%error, "login: storage failed");
        auth_error(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", "internal error")
    };
    if let Some(raw) = params.provider.as_deref() {
        let id = IdentityProviderId::parse(raw.trim())
            .map_err(|_| auth_error(StatusCode::BAD_REQUEST, "BAD_REQUEST", "provider is not a provider id"))?;
        return store
            .identity_provider(id)
            .await
            .map_err(storage)?
            .filter(|stored| stored.provider.enabled)
            .ok_or_else(|| {
                auth_error(
                    StatusCode::NOT_FOUND,
                    "NO_IDENTITY_PROVIDER",
                    "no such identity provider",
                )
            });
    }
    let agency = if let Some(slug) = params.agency.as_deref() {
        store
            .agency_by_slug(slug.trim())
            .await
            .map_err(storage)?
            .ok_or_else(|| auth_error(StatusCode::NOT_FOUND, "UNKNOWN_AGENCY", "no agency with that slug"))?
            .id
    } else if let Some(raw) = params.email.as_deref() {
        let email = Email::parse(raw).map_err(|_| {
            auth_error(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                "email is not a valid e-mail address",
            )
        })?;
        let agencies = store.agencies_by_email_domain(email.domain()).await.map_err(storage)?;
        match agencies.as_slice() {
            [only] => *only,
            [] => {
                return Err(auth_error(
                    StatusCode::NOT_FOUND,
                    "UNKNOWN_EMAIL_DOMAIN",
                    "no agency has verified this e-mail domain; pick your agency instead",
                ));
            }
            _ => {
                return Err(auth_error(
                    StatusCode::CONFLICT,
                    "CHOOSE_AGENCY",
                    "several agencies use this e-mail domain; pick your agency instead",
                ));
            }
        }
    } else {
        return Err(auth_error(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            "give agency=<slug>, email=<work e-mail> or provider=<id>",
        ));
    };
    let mut providers: Vec<StoredProvider> = store
        .identity_providers(Some(agency))
        .await
        .map_err(storage)?
        .into_iter()
        .filter(|stored| stored.provider.enabled)
        .collect();
    match providers.len() {
        1 => Ok(providers.remove(0)),
        0 => Err(auth_error(
            StatusCode::NOT_FOUND,
            "NO_IDENTITY_PROVIDER",
            "this agency has no identity provider for Plaza yet",
        )),
        _ => Err(auth_error(
            StatusCode::CONFLICT,
            "CHOOSE_PROVIDER",
            "this agency has several identity providers; pick one (provider=<id>)",
        )),
    }
}

fn settings_of(auth: &Auth, stored: &StoredProvider) -> Result<ProviderSettings, Refusal> {
    let secret = auth
        .seal
        .open(
            &stored.client_secret_sealed,
            &plaza_graphql::secret_context(stored.provider.id),
        )
        .map_err(|_| {
            Refusal::internal(format!(
                "the client secret of provider {} does not open: was the secret key changed?",
                stored.provider.id
            ))
        })?;
    Ok(ProviderSettings {
        issuer: stored.provider.issuer.clone(),
        client_id: stored.provider.client_id.clone(),
        client_secret: secret,
        scopes: stored.provider.scopes.clone(),
        ca_pem: stored.provider.ca_pem.clone(),
    })
}

/// The 429 for a client address over its login rate, if it is.
fn login_over_limit(auth: &Auth, request: &Request) -> Option<Response> {
    let address = client_address(request)?;
    auth.logins.check(&address, Instant::now()).err().map(too_many)
}

/// `GET /auth/login`.
#[handler]
pub async fn login(request: &Request, state: Data<&AppState>, auth: Data<&Arc<Auth>>) -> Response {
    if let Some(refused) = login_over_limit(&auth, request) {
        return refused;
    }
    let params = Query::<LoginParams>::from_request_without_body(request)
        .await
        .map(|query| query.0)
        .unwrap_or_default();
    let return_to = match validate_return_to(params.return_to.as_deref()) {
        Ok(path) => path,
        Err(message) => return auth_error(StatusCode::BAD_REQUEST, "INVALID_RETURN_URL", message),
    };
    let stored = match choose_provider(&state.store, &params).await {
        Ok(stored) => stored,
        Err(response) => return response,
    };
    let settings = match settings_of(&auth, &stored) {
        Ok(settings) => settings,
        Err(refusal) => return refusal.into_response(),
    };
    let key = stored.provider.id.as_string();
    let start = match auth.rp.start(&key, &settings, &auth.redirect_uri()).await {
        Ok(start) => start,
        Err(error) => {
            tracing::warn!(provider = %key, %error, "login: cannot start");
            return auth_error(
                StatusCode::BAD_GATEWAY,
                "IDENTITY_PROVIDER_UNAVAILABLE",
                &error.to_string(),
            );
        }
    };
    let state_hash = plaza_auth::hash_token(start.state.expose_secret());
    let secrets = json!({
        "nonce": start.nonce.expose_secret(),
        "verifier": start.pkce_verifier.expose_secret(),
    });
    let now = Utc::now();
    let pending = PendingLogin {
        provider: stored.provider.id,
        agency: stored.provider.agency,
        secrets_sealed: auth.seal.seal(&secrets.to_string(), &flow_context(&state_hash)),
        return_to,
        expires_at: now + LOGIN_TIMEOUT,
    };
    if let Err(error) = state.store.insert_pending_login(&state_hash, &pending, now).await {
        tracing::error!(%error, "login: cannot store the pending login");
        return auth_error(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", "internal error");
    }
    Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, start.authorize_url)
        .header(header::CACHE_CONTROL, "no-store")
        .header(
            header::SET_COOKIE,
            auth.cookie(
                auth.login_cookie(),
                start.state.expose_secret(),
                LOGIN_TIMEOUT.num_seconds(),
            ),
        )
        .finish()
}

fn flow_context(state_hash: &str) -> String {
    format!("login_flow:{state_hash}/secrets")
}

fn session_context(hash: &str) -> String {
    format!("session:{hash}/id_token")
}

/// Parameters of `/auth/callback`.
#[derive(Debug, Default, serde::Deserialize)]
pub struct CallbackParams {
    state: Option<String>,
    code: Option<String>,
    iss: Option<String>,
    error: Option<String>,
}

/// A refused login, with its code.
#[derive(Debug)]
struct Refusal {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl Refusal {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }

    fn internal(error: impl std::fmt::Display) -> Self {
        tracing::error!(%error, "login failed inside Plaza");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", "internal error")
    }

    fn into_response(self) -> Response {
        auth_error(self.status, self.code, &self.message)
    }
}

fn invalid_state(message: &str) -> Refusal {
    Refusal::new(StatusCode::BAD_REQUEST, "INVALID_STATE", message)
}

/// `GET /auth/callback`.
#[handler]
pub async fn callback(request: &Request, state: Data<&AppState>, auth: Data<&Arc<Auth>>) -> Response {
    if let Some(refused) = login_over_limit(&auth, request) {
        return refused;
    }
    let params = Query::<CallbackParams>::from_request_without_body(request)
        .await
        .map(|query| query.0)
        .unwrap_or_default();
    match complete_login(&state.store, &auth, request.headers(), params).await {
        Ok((cookie, return_to)) => Response::builder()
            .status(StatusCode::SEE_OTHER)
            .header(header::LOCATION, return_to)
            .header(header::CACHE_CONTROL, "no-store")
            .header(header::SET_COOKIE, cookie)
            .header(header::SET_COOKIE, auth.cookie(auth.login_cookie(), "", 0))
            .finish(),
        Err(refusal) => refusal
            .into_response()
            .with_header(header::SET_COOKIE, auth.cookie(auth.login_cookie(), "", 0))
            .into_response(),
    }
}

async fn complete_login(
    store: &Store,
    auth: &Auth,
    headers: &HeaderMap,
    params: CallbackParams,
) -> Result<(String, String), Refusal> {
    let presented = params
        .state
        .filter(|state| !state.is_empty() && state.len() <= 512)
        .ok_or_else(|| invalid_state("the state parameter is missing"))?;
    let state_hash = plaza_auth::hash_token(&presented);
    let now = Utc::now();
    // Single use: the pending login is gone whatever happens next.
    let pending = store
        .take_pending_login(&state_hash, now)
        .await
        .map_err(Refusal::internal)?
        .ok_or_else(|| invalid_state("unknown, used or expired login; start again"))?;
    if cookie_value(headers, auth.login_cookie()) != Some(presented.as_str()) {
        return Err(invalid_state("this login was started in another browser; start again"));
    }
    if let Some(error) = params.error {
        let shown: String = error.chars().filter(|c| c.is_ascii_graphic()).take(64).collect();
        return Err(Refusal::new(
            StatusCode::UNAUTHORIZED,
            "LOGIN_REFUSED",
            format!("the identity provider refused the login ({shown})"),
        ));
    }
    // The provider comes from the pending login, never from callback input.
    let stored = store
        .identity_provider(pending.provider)
        .await
        .map_err(Refusal::internal)?
        .filter(|stored| stored.provider.agency == pending.agency && stored.provider.enabled)
        .ok_or_else(|| invalid_state("the identity provider of this login is no longer available"))?;
    let settings = settings_of(auth, &stored)?;
    let key = stored.provider.id.as_string();
    match params.iss.as_deref() {
        Some(iss) if iss != stored.provider.issuer => {
            return Err(Refusal::new(
                StatusCode::BAD_REQUEST,
                "ISSUER_MISMATCH",
                "the response names another issuer than the one this login was sent to",
            ));
        }
        Some(_) => {}
        None => {
            let required = auth.rp.requires_iss_parameter(&key, &settings).await.map_err(|error| {
                Refusal::new(
                    StatusCode::BAD_GATEWAY,
                    "IDENTITY_PROVIDER_UNAVAILABLE",
                    error.to_string(),
                )
            })?;
            if required {
                return Err(Refusal::new(
                    StatusCode::BAD_REQUEST,
                    "ISSUER_MISMATCH",
                    "the response lacks the iss parameter its provider announces",
                ));
            }
        }
    }
    let code = params
        .code
        .filter(|code| !code.is_empty() && code.len() <= 2048)
        .ok_or_else(|| Refusal::new(StatusCode::BAD_REQUEST, "BAD_REQUEST", "the code parameter is missing"))?;
    let secrets = auth
        .seal
        .open(&pending.secrets_sealed, &flow_context(&state_hash))
        .map_err(|_| Refusal::internal("pending login secrets do not open"))?;
    let secrets: serde_json::Value =
        serde_json::from_str(secrets.expose_secret()).map_err(|_| Refusal::internal("pending login secrets"))?;
    let text = |name: &str| {
        SecretString::from(
            secrets
                .get(name)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned(),
        )
    };
    let signed_in = auth
        .rp
        .finish(
            &key,
            &settings,
            &auth.redirect_uri(),
            &code,
            &text("verifier"),
            &text("nonce"),
        )
        .await
        .map_err(|error| {
            tracing::warn!(provider = %key, %error, "login refused");
            Refusal::new(StatusCode::UNAUTHORIZED, "LOGIN_FAILED", error.to_string())
        })?;
    let agency = store
        .agency(stored.provider.agency)
        .await
        .map_err(Refusal::internal)?
        .ok_or_else(|| Refusal::internal("the provider's agency is gone"))?;
    let member = identify(store, &stored.provider, &agency, &signed_in, now).await?;
    // A new session at every login; the one this browser had (if any) ends.
    if let Some(old) = cookie_value(headers, auth.session_cookie())
        && let Ok(digest) = plaza_auth::presented_session_digest(old)
    {
        end_session(store, auth, &digest).await.map_err(Refusal::internal)?;
    }
    let issued = plaza_auth::issue_session_id();
    let session = StoredSession {
        hash: issued.hash.clone(),
        member: member.id,
        provider: Some(stored.provider.id),
        id_token_sealed: Some(
            auth.seal
                .seal(signed_in.id_token.expose_secret(), &session_context(&issued.hash)),
        ),
        created_at: now,
        last_seen_at: now,
        expires_at: now + auth.absolute,
    };
    store.insert_session(&session).await.map_err(Refusal::internal)?;
    tracing::info!(member = %member.id, agency = %agency.slug, provider = %key, "signed in");
    let cookie = auth.cookie(
        auth.session_cookie(),
        plaza_auth::reveal(&issued),
        auth.absolute.num_seconds(),
    );
    Ok((cookie, pending.return_to))
}

/// The values of a claim that is a string or an array of strings.
fn claim_strings(value: Option<&serde_json::Value>) -> Vec<String> {
    match value {
        Some(serde_json::Value::String(one)) => vec![one.clone()],
        Some(serde_json::Value::Array(many)) => many.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
        _ => Vec::new(),
    }
}

/// Finds the member behind a verified sign-in, or provisions them on first login.
async fn identify(
    store: &Store,
    provider: &IdentityProvider,
    agency: &Agency,
    signed_in: &SignedIn,
    now: DateTime<Utc>,
) -> Result<Member, Refusal> {
    let claim = |name: &str, standard: &Option<String>, standard_name: &str| -> Option<String> {
        if name == standard_name {
            standard.clone()
        } else {
            signed_in.claims.get(name).and_then(|v| v.as_str()).map(str::to_owned)
        }
    };
    let email_raw = claim(&provider.claims.email, &signed_in.email, "email");
    let name_raw = claim(&provider.claims.name, &signed_in.name, "name");
    let mapped_roles = provider
        .claims
        .roles
        .as_ref()
        .and_then(|claim| provider.claims.roles_for(&claim_strings(signed_in.claims.get(claim))));
    let refresh = |mut member: Member| {
        if let Some(mut roles) = mapped_roles.clone() {
            // Roles granted in Plaza itself (network admin) are kept; the provider manages the rest.
            if member.roles.contains(&Role::NetworkAdmin) {
                roles.push(Role::NetworkAdmin);
            }
            member.roles = roles;
        }
        if let Some(name) = name_raw.as_deref().and_then(|raw| Name::parse(raw).ok()) {
            member.name = name;
        }
        member
    };
    if let Some(id) = store
        .identity_member(&signed_in.issuer, &signed_in.subject)
        .await
        .map_err(Refusal::internal)?
    {
        let (member, _) = store
            .member(id)
            .await
            .map_err(Refusal::internal)?
            .ok_or_else(|| Refusal::internal("a linked member is gone"))?;
        if member.agency != agency.id {
            return Err(Refusal::new(
                StatusCode::FORBIDDEN,
                "WRONG_AGENCY",
                "this account belongs to another agency",
            ));
        }
        let member = refresh(member);
        store
            .update_member_from_login(&member)
            .await
            .map_err(Refusal::internal)?;
        store
            .touch_identity(&signed_in.issuer, &signed_in.subject, now)
            .await
            .map_err(Refusal::internal)?;
        return Ok(member);
    }
    // First login with this identity.
    let email = email_raw
        .as_deref()
        .and_then(|raw| Email::parse(raw).ok())
        .ok_or_else(|| {
            Refusal::new(
                StatusCode::FORBIDDEN,
                "EMAIL_MISSING",
                "the identity provider sent no valid e-mail",
            )
        })?;
    if signed_in.email_verified == Some(false) {
        return Err(Refusal::new(
            StatusCode::FORBIDDEN,
            "EMAIL_NOT_VERIFIED",
            "the identity provider has not verified this e-mail address",
        ));
    }
    if !agency
        .email_domains
        .iter()
        .any(|domain| domain.as_str() == email.domain())
    {
        return Err(Refusal::new(
            StatusCode::FORBIDDEN,
            "EMAIL_DOMAIN_NOT_VERIFIED",
            format!(
                "{} is not an e-mail domain verified for {}; ask a network admin to verify it",
                email.domain(),
                agency.name.as_str()
            ),
        ));
    }
    let member = match store.member_by_email(&email).await.map_err(Refusal::internal)? {
        // A member created in Plaza before their first login (CLI, import) is claimed by the
        // first identity of their own agency; never across agencies, never a second time.
        Some((existing, _)) if existing.agency == agency.id => {
            if store
                .member_has_identity(existing.id)
                .await
                .map_err(Refusal::internal)?
            {
                return Err(account_conflict());
            }
            let member = refresh(existing);
            store
                .update_member_from_login(&member)
                .await
                .map_err(Refusal::internal)?;
            member
        }
        Some(_) => return Err(account_conflict()),
        None => {
            let name = name_raw
                .as_deref()
                .and_then(|raw| Name::parse(raw).ok())
                .or_else(|| Name::parse(email.as_str().split('@').next().unwrap_or("member")).ok())
                .ok_or_else(|| Refusal::internal("no usable name"))?;
            let member = Member {
                id: MemberId::generate(),
                email,
                name,
                agency: agency.id,
                roles: vec![Role::Member],
            };
            let member = refresh(member);
            store.create_member(&member, None).await.map_err(|error| match error {
                plaza_storage::StorageError::Conflict(_) => account_conflict(),
                other => Refusal::internal(other),
            })?;
            member
        }
    };
    store
        .link_identity(&signed_in.issuer, &signed_in.subject, member.id, provider.id, now)
        .await
        .map_err(|error| match error {
            plaza_storage::StorageError::Conflict(_) => account_conflict(),
            other => Refusal::internal(other),
        })?;
    tracing::info!(member = %member.id, agency = %agency.slug, "member provisioned at first login");
    Ok(member)
}

fn account_conflict() -> Refusal {
    Refusal::new(
        StatusCode::CONFLICT,
        "ACCOUNT_CONFLICT",
        "a Plaza account with this e-mail already exists and is linked elsewhere; accounts are never merged by e-mail",
    )
}

/// `POST /auth/logout`: ends the session (and at the provider when it offers it).
#[handler]
pub async fn logout(request: &Request, state: Data<&AppState>, auth: Data<&Arc<Auth>>) -> Response {
    if !same_origin(&auth, request.headers()) {
        return csrf_refused();
    }
    let clear = auth.cookie(auth.session_cookie(), "", 0);
    let ended = match cookie_value(request.headers(), auth.session_cookie())
        .and_then(|value| plaza_auth::presented_session_digest(value).ok())
    {
        Some(digest) => match end_session(&state.store, &auth, &digest).await {
            Ok(ended) => ended,
            Err(error) => {
                tracing::error!(%error, "logout: storage failed");
                return auth_error(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", "internal error");
            }
        },
        None => None,
    };
    let provider_logout = match &ended {
        Some(session) => provider_logout_url(&state.store, &auth, session).await,
        None => None,
    };
    let wants_json = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains("application/json"));
    if wants_json {
        let body = json!({ "loggedOut": ended.is_some(), "providerLogoutUrl": provider_logout });
        return Response::builder()
            .status(StatusCode::OK)
            .content_type("application/json")
            .header(header::CACHE_CONTROL, "no-store")
            .header(header::SET_COOKIE, clear)
            .body(body.to_string());
    }
    Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, provider_logout.unwrap_or_else(|| "/".to_owned()))
        .header(header::CACHE_CONTROL, "no-store")
        .header(header::SET_COOKIE, clear)
        .finish()
}

/// `GET /auth/logout`: logging out changes state, so it takes a POST.
#[handler]
pub fn logout_get() -> Response {
    auth_error(
        StatusCode::METHOD_NOT_ALLOWED,
        "METHOD_NOT_ALLOWED",
        "log out with POST /auth/logout",
    )
    .with_header(header::ALLOW, "POST")
    .into_response()
}

async fn provider_logout_url(store: &Store, auth: &Auth, session: &StoredSession) -> Option<String> {
    let provider = session.provider?;
    let stored = store.identity_provider(provider).await.ok()??;
    let settings = settings_of(auth, &stored).ok()?;
    let hint = session
        .id_token_sealed
        .as_deref()
        .and_then(|sealed| auth.seal.open(sealed, &session_context(&session.hash)).ok());
    let post_logout = format!("{}/", auth.public_url);
    match auth
        .rp
        .logout_url(&provider.as_string(), &settings, hint.as_ref(), &post_logout)
        .await
    {
        Ok(url) => url,
        Err(error) => {
            tracing::warn!(%error, "logout at the identity provider unavailable");
            None
        }
    }
}

/// Ends expired pending logins and sessions every few minutes, and refreshes identity
/// providers' keys on a timer (the relying party refreshes on unknown key ids too).
pub fn spawn_housekeeping(store: Store, auth: Arc<Auth>) {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(Duration::from_secs(300));
        loop {
            ticker.tick().await;
            if let Err(error) = store.purge_expired_logins(Utc::now()).await {
                tracing::warn!(%error, "cannot purge expired logins");
            }
            let stale = auth.rp.stale_keys();
            if stale.is_empty() {
                continue;
            }
            let Ok(providers) = store.identity_providers(None).await else {
                continue;
            };
            for stored in providers
                .iter()
                .filter(|stored| stale.contains(&stored.provider.id.as_string()))
            {
                if let Ok(settings) = settings_of(&auth, stored)
                    && let Err(error) = auth.rp.refresh(&stored.provider.id.as_string(), &settings).await
                {
                    tracing::warn!(provider = %stored.provider.id, %error, "cannot refresh identity provider keys");
                }
            }
        }
    });
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

    /// A store with one agency and one member, and the login state over it.
    async fn world() -> (Store, Auth, MemberId) {
        let store = Store::connect(&plaza_storage::StoreConfig::in_memory()).await.unwrap();
        let agency = plaza_domain::agency::AgencyInput {
            slug: "vallverde".into(),
            name: "Vallverde".into(),
            level: "local".into(),
            country: "ES".into(),
            region: None,
            email_domains: vec!["vallverde.example".into()],
        }
        .validate()
        .unwrap();
        store.create_agency(&agency, None).await.unwrap();
        let member = Member {
            id: MemberId::generate(),
            email: Email::parse("ana@vallverde.example").unwrap(),
            name: Name::parse("Ana").unwrap(),
            agency: agency.id,
            roles: vec![Role::Member],
        };
        store.create_member(&member, None).await.unwrap();
        let seal = Arc::new(SealKey::from_base64(&"A".repeat(43)).unwrap());
        let auth = Auth::new(
            &Config::default(),
            seal,
            Arc::new(Credentials::new()),
            "http://127.0.0.1:8080".into(),
        );
        (store, auth, member.id)
    }

    #[tokio::test]
    async fn sessions_end_at_their_idle_or_absolute_expiry_and_activity_is_recorded() {
        let (store, auth, member) = world().await;
        let now = Utc::now();
        let hour = chrono::Duration::hours(1);
        // (last seen, absolute expiry, alive): the default idle expiry is 8 hours.
        let cases = [
            (now - chrono::Duration::minutes(5), now + hour, true),
            (now - hour * 9, now + hour, false),
            (
                now - chrono::Duration::minutes(5),
                now - chrono::Duration::seconds(1),
                false,
            ),
        ];
        for (index, (last_seen, expires_at, alive)) in cases.into_iter().enumerate() {
            let issued = plaza_auth::issue_session_id();
            let session = StoredSession {
                hash: issued.hash.clone(),
                member,
                provider: None,
                id_token_sealed: None,
                created_at: last_seen - hour,
                last_seen_at: last_seen,
                expires_at,
            };
            store.insert_session(&session).await.unwrap();
            let digest = plaza_auth::presented_session_digest(plaza_auth::reveal(&issued)).unwrap();
            let found = session_viewer(&store, &auth, &digest).await.unwrap();
            assert_eq!(found.map(|viewer| viewer.id), alive.then_some(member), "case {index}");
            let stored = store.session(&issued.hash).await.unwrap();
            if alive {
                // Five minutes without a write: this use is recorded.
                let (stored, _, _) = stored.unwrap();
                assert!(stored.last_seen_at > last_seen, "case {index}");
                // The next check is answered from the cache.
                assert!(auth.creds.sessions.get(&digest).is_some());
            } else {
                assert!(stored.is_none(), "an expired session is deleted (case {index})");
                assert!(auth.creds.sessions.get(&digest).is_none());
            }
        }
    }

    #[tokio::test]
    async fn a_cached_session_is_not_trusted_past_its_absolute_expiry() {
        let (store, auth, member) = world().await;
        let now = Utc::now();
        let issued = plaza_auth::issue_session_id();
        store
            .insert_session(&StoredSession {
                hash: issued.hash.clone(),
                member,
                provider: None,
                id_token_sealed: None,
                created_at: now,
                last_seen_at: now,
                expires_at: now + chrono::Duration::milliseconds(300),
            })
            .await
            .unwrap();
        let digest = plaza_auth::presented_session_digest(plaza_auth::reveal(&issued)).unwrap();
        assert!(session_viewer(&store, &auth, &digest).await.unwrap().is_some());
        assert!(auth.creds.sessions.get(&digest).is_some());
        tokio::time::sleep(Duration::from_millis(300) + 3 * plaza_auth::cache::COARSE_RESOLUTION).await;
        assert!(auth.creds.sessions.get(&digest).is_none());
        assert!(session_viewer(&store, &auth, &digest).await.unwrap().is_none());
    }

    #[test]
    fn bursts_are_bounded() {
        assert_eq!(burst(100.0, 4.0), 400);
        assert_eq!(burst(0.001, 4.0), 1);
        assert_eq!(burst(1e9, 4.0), 1000);
    }
}
