//! The OpenID Connect relying party: discovery, the authorization request (code flow with PKCE
//! S256, state and nonce), the code exchange, ID-token verification and the userinfo fallback.
//!
//! What this module guarantees, whatever the provider sends:
//! - the issuer, endpoints and keys come from the provider's own discovery document, fetched
//!   over a client that never follows redirects (SSRF) and trusts the agency's extra CA only for
//!   that agency;
//! - an ID token is accepted only if signed with an asymmetric algorithm the provider announces
//!   (never `none`, never an HMAC, so a token "signed" with the public key fails), by a key in its
//!   JWKS, for this client (audience, and `azp` when present or when there are several
//!   audiences), by this issuer, unexpired (one minute of clock skew), not issued in the future,
//!   with the nonce of this login;
//! - the JWKS are refreshed on a timer and once when a token names an unknown key id, because
//!   the crate fetches them only at discovery.
//!
//! It stores nothing: the caller keeps state, nonce and verifier server-side.

use std::collections::HashMap;
use std::str::FromStr as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreGenderClaim, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
};
use openidconnect::{
    AccessToken, AdditionalClaims, AdditionalProviderMetadata, AuthorizationCode, ClientId, ClientSecret, CsrfToken,
    IdToken, IssuerUrl, LogoutProviderMetadata, LogoutRequest, Nonce, OAuth2TokenResponse as _, PkceCodeChallenge,
    PkceCodeVerifier, PostLogoutRedirectUrl, ProviderMetadata, RedirectUrl, RequestTokenError, SubjectIdentifier,
    TokenResponse as _, UserInfoClaims, reqwest,
};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Map, Value};

mod id_token;

pub use id_token::{VerifiedIdToken, VerifyParams, verify_id_token};

/// Clock skew tolerated on `exp` and `iat`.
pub const CLOCK_SKEW: Duration = Duration::from_secs(60);
/// How long discovered metadata and keys are trusted before they are fetched again.
pub const REDISCOVER_AFTER: Duration = Duration::from_secs(15 * 60);
/// A forced rediscovery (unknown key id) happens at most this often per provider, so forged
/// tokens naming random key ids cannot make Plaza hammer an IdP.
pub const FORCED_REDISCOVERY_GAP: Duration = Duration::from_secs(5);
/// Timeout of every call to an identity provider.
const HTTP_TIMEOUT: Duration = Duration::from_secs(10);

/// An identity provider as the relying party needs it.
#[derive(Debug, Clone)]
pub struct ProviderSettings {
    /// Issuer URL, exactly as the provider names itself.
    pub issuer: String,
    /// Our client id at the provider.
    pub client_id: String,
    /// Our client secret (opened from its sealed form just for the call).
    pub client_secret: SecretString,
    /// Scopes to ask for besides `openid`.
    pub scopes: Vec<String>,
    /// Extra CA certificate (PEM) to trust for this provider only.
    pub ca_pem: Option<String>,
}

/// Why a login step failed. Messages are safe to show; they never contain a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OidcError {
    /// The provider's configuration is unusable (bad issuer URL, bad CA certificate).
    #[error("identity provider configuration: {0}")]
    Config(String),
    /// Discovery failed: the provider is unreachable or its metadata is invalid.
    #[error("identity provider unavailable: {0}")]
    Discovery(String),
    /// The provider refused the code (replayed, expired, wrong PKCE verifier, wrong client).
    #[error("the identity provider refused the authorization code: {0}")]
    CodeRefused(String),
    /// The token response carried no ID token.
    #[error("the identity provider returned no ID token")]
    MissingIdToken,
    /// The ID token failed verification.
    #[error("the ID token was refused: {0}")]
    IdToken(IdTokenProblem),
    /// The userinfo call failed.
    #[error("userinfo failed: {0}")]
    UserInfo(String),
}

/// What was wrong with an ID token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdTokenProblem {
    /// Not a JWS compact token.
    #[error("malformed")]
    Malformed,
    /// Algorithm not allowed (`none`, HMAC, or one the provider does not announce).
    #[error("signature algorithm not allowed")]
    DisallowedAlgorithm,
    /// No key in the provider's JWKS matches the token's key id.
    #[error("signed by an unknown key")]
    UnknownKey,
    /// The signature does not verify.
    #[error("bad signature")]
    BadSignature,
    /// Another issuer.
    #[error("wrong issuer")]
    WrongIssuer,
    /// Not for this client.
    #[error("wrong audience")]
    WrongAudience,
    /// `azp` names another client.
    #[error("wrong authorized party")]
    WrongAuthorizedParty,
    /// Expired, or issued in the future.
    #[error("expired or not yet valid")]
    Expired,
    /// Not the nonce of this login.
    #[error("wrong nonce")]
    WrongNonce,
    /// Anything else the verifier refused.
    #[error("invalid")]
    Invalid,
}

/// Claims beyond the standard ones (roles, groups…), kept as JSON for the claim mapping.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
pub struct ExtraClaims {
    /// Every other claim.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl AdditionalClaims for ExtraClaims {}

/// Discovery fields the crate does not model: RFC 9207's `iss` response parameter.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
pub struct IssParameterMetadata {
    /// Whether the provider adds `iss` to authorization responses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_response_iss_parameter_supported: Option<bool>,
}

impl AdditionalProviderMetadata for IssParameterMetadata {}

type Metadata = ProviderMetadata<
    LogoutProviderMetadata<IssParameterMetadata>,
    openidconnect::core::CoreAuthDisplay,
    openidconnect::core::CoreClientAuthMethod,
    openidconnect::core::CoreClaimName,
    openidconnect::core::CoreClaimType,
    openidconnect::core::CoreGrantType,
    CoreJweContentEncryptionAlgorithm,
    openidconnect::core::CoreJweKeyManagementAlgorithm,
    CoreJsonWebKey,
    openidconnect::core::CoreResponseMode,
    openidconnect::core::CoreResponseType,
    openidconnect::core::CoreSubjectIdentifierType,
>;

type PlazaIdToken = IdToken<ExtraClaims, CoreGenderClaim, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm>;

/// The start of a login: where to send the browser and what to keep server-side.
#[derive(Debug)]
pub struct LoginStart {
    /// The provider's authorization URL with every parameter.
    pub authorize_url: String,
    /// The `state` parameter (keep its hash as the key of the pending login).
    pub state: SecretString,
    /// The nonce the ID token must carry.
    pub nonce: SecretString,
    /// The PKCE verifier for the code exchange.
    pub pkce_verifier: SecretString,
}

/// A verified sign-in.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// The issuer that vouched for the person.
    pub issuer: String,
    /// Their stable subject at that issuer.
    pub subject: String,
    /// E-mail, from the ID token or userinfo.
    pub email: Option<String>,
    /// Whether the provider says it verified the e-mail (absent: unknown).
    pub email_verified: Option<bool>,
    /// Display name.
    pub name: Option<String>,
    /// Other claims (for role mapping), ID token first, userinfo filling the gaps.
    pub claims: Map<String, Value>,
    /// The raw ID token, kept (sealed) as the logout hint.
    pub id_token: SecretString,
}

/// Discovery results for one provider.
struct Discovered {
    metadata: Metadata,
    http: reqwest::Client,
    settings_fingerprint: String,
    fetched_at: Instant,
}

/// The relying party: caches each provider's discovery document and keys.
#[derive(Default)]
pub struct RelyingParty {
    providers: Mutex<HashMap<String, Arc<Discovered>>>,
}

impl std::fmt::Debug for RelyingParty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RelyingParty")
    }
}

fn fingerprint(settings: &ProviderSettings) -> String {
    format!(
        "{}\n{}",
        settings.issuer,
        settings.ca_pem.as_deref().unwrap_or_default()
    )
}

/// An HTTP client for one provider: no redirects, a timeout, and the agency's CA if any.
fn http_client(settings: &ProviderSettings) -> Result<reqwest::Client, OidcError> {
    let mut builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(HTTP_TIMEOUT)
        .user_agent("Plaza OpenID Connect relying party");
    if let Some(pem) = settings.ca_pem.as_deref().filter(|pem| !pem.trim().is_empty()) {
        let certificate = reqwest::Certificate::from_pem(pem.as_bytes())
            .map_err(|_| OidcError::Config("the CA certificate is not valid PEM".into()))?;
        builder = builder.add_root_certificate(certificate);
    }
    builder
        .build()
        .map_err(|error| OidcError::Config(format!("cannot build an HTTP client: {error}")))
}

impl RelyingParty {
    /// A relying party with an empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    fn cached(&self, key: &str) -> Option<Arc<Discovered>> {
        self.providers.lock().ok().and_then(|map| map.get(key).cloned())
    }

    /// Forgets a provider (after its settings change or it is removed).
    pub fn forget(&self, key: &str) {
        if let Ok(mut map) = self.providers.lock() {
            map.remove(key);
        }
    }

    /// Discovery metadata for the provider registered under `key`, from the cache when fresh.
    async fn discovered(
        &self,
        key: &str,
        settings: &ProviderSettings,
        force: bool,
    ) -> Result<Arc<Discovered>, OidcError> {
        let wanted = fingerprint(settings);
        if let Some(found) = self.cached(key).filter(|found| found.settings_fingerprint == wanted) {
            let age = found.fetched_at.elapsed();
            let fresh = age < REDISCOVER_AFTER && !(force && age >= FORCED_REDISCOVERY_GAP);
            if fresh {
                return Ok(found);
            }
        }
        let http = http_client(settings)?;
        let issuer = IssuerUrl::new(settings.issuer.clone())
            .map_err(|_| OidcError::Config("the issuer is not a valid URL".into()))?;
        let metadata = Metadata::discover_async(issuer, &http)
            .await
            .map_err(|error| OidcError::Discovery(error.to_string()))?;
        let discovered = Arc::new(Discovered {
            metadata,
            http,
            settings_fingerprint: wanted,
            fetched_at: Instant::now(),
        });
        if let Ok(mut map) = self.providers.lock() {
            map.insert(key.to_owned(), discovered.clone());
        }
        Ok(discovered)
    }

    /// Refreshes every cached provider older than [`REDISCOVER_AFTER`] (called on a timer).
    pub fn stale_keys(&self) -> Vec<String> {
        self.providers
            .lock()
            .map(|map| {
                map.iter()
                    .filter(|(_, found)| found.fetched_at.elapsed() >= REDISCOVER_AFTER)
                    .map(|(key, _)| key.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether the provider announces RFC 9207's `iss` parameter, so a callback without it must
    /// be refused.
    pub async fn requires_iss_parameter(&self, key: &str, settings: &ProviderSettings) -> Result<bool, OidcError> {
        let found = self.discovered(key, settings, false).await?;
        Ok(found
            .metadata
            .additional_metadata()
            .additional_metadata
            .authorization_response_iss_parameter_supported
            .unwrap_or(false))
    }

    /// Refreshes one provider's metadata and keys now.
    pub async fn refresh(&self, key: &str, settings: &ProviderSettings) -> Result<(), OidcError> {
        self.forget(key);
        self.discovered(key, settings, true).await.map(|_| ())
    }

    /// Builds the authorization request (with the `login_hint` the person typed, if any).
    pub async fn start(
        &self,
        key: &str,
        settings: &ProviderSettings,
        redirect_uri: &str,
        login_hint: Option<&str>,
    ) -> Result<LoginStart, OidcError> {
        let found = self.discovered(key, settings, false).await?;
        let client = client_for(&found, settings, redirect_uri)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge);
        for scope in settings.scopes.iter().filter(|scope| scope.as_str() != "openid") {
            request = request.add_scope(openidconnect::Scope::new(scope.clone()));
        }
        if let Some(hint) = login_hint {
            request = request.set_login_hint(openidconnect::LoginHint::new(hint.to_owned()));
        }
        let (url, state, nonce) = request.url();
        Ok(LoginStart {
            authorize_url: url.to_string(),
            state: SecretString::from(state.secret().clone()),
            nonce: SecretString::from(nonce.secret().clone()),
            pkce_verifier: SecretString::from(verifier.secret().clone()),
        })
    }

    /// Exchanges the code, verifies the ID token and completes the claims from userinfo.
    pub async fn finish(
        &self,
        key: &str,
        settings: &ProviderSettings,
        redirect_uri: &str,
        code: &str,
        pkce_verifier: &SecretString,
        nonce: &SecretString,
    ) -> Result<SignedIn, OidcError> {
        let found = self.discovered(key, settings, false).await?;
        let client = client_for(&found, settings, redirect_uri)?;
        let response = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|error| OidcError::Config(error.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.expose_secret().to_owned()))
            .request_async(&found.http)
            .await
            .map_err(|error| match error {
                RequestTokenError::ServerResponse(response) => OidcError::CodeRefused(response.error().to_string()),
                other => OidcError::CodeRefused(other.to_string()),
            })?;
        let raw = response
            .id_token()
            .map(|token| token.to_string())
            .ok_or(OidcError::MissingIdToken)?;
        let verified = match self.verify_with(&found, settings, &raw, nonce) {
            Err(IdTokenProblem::UnknownKey) => {
                // The provider may have rotated its keys since discovery: fetch them once more.
                let refreshed = self.discovered(key, settings, true).await?;
                self.verify_with(&refreshed, settings, &raw, nonce)
            }
            other => other,
        }
        .map_err(OidcError::IdToken)?;
        let mut signed_in = SignedIn {
            issuer: settings.issuer.clone(),
            subject: verified.subject,
            email: verified.email,
            email_verified: verified.email_verified,
            name: verified.name,
            claims: verified.claims,
            id_token: SecretString::from(raw),
        };
        if signed_in.email.is_none() || signed_in.name.is_none() {
            self.complete_from_userinfo(&found, &client, response.access_token().clone(), &mut signed_in)
                .await?;
        }
        Ok(signed_in)
    }

    fn verify_with(
        &self,
        found: &Discovered,
        settings: &ProviderSettings,
        raw: &str,
        nonce: &SecretString,
    ) -> Result<VerifiedIdToken, IdTokenProblem> {
        let algorithms = found.metadata.id_token_signing_alg_values_supported();
        verify_id_token(
            raw,
            &VerifyParams {
                issuer: &settings.issuer,
                client_id: &settings.client_id,
                jwks: found.metadata.jwks(),
                algorithms,
            },
            nonce.expose_secret(),
            Utc::now(),
        )
    }

    async fn complete_from_userinfo(
        &self,
        found: &Discovered,
        client: &LoginClient,
        access_token: AccessToken,
        signed_in: &mut SignedIn,
    ) -> Result<(), OidcError> {
        let Some(request) = client
            .user_info(access_token, Some(SubjectIdentifier::new(signed_in.subject.clone())))
            .ok()
        else {
            return Ok(());
        };
        let info: UserInfoClaims<ExtraClaims, CoreGenderClaim> = request
            .request_async(&found.http)
            .await
            .map_err(|error| OidcError::UserInfo(error.to_string()))?;
        if signed_in.email.is_none() {
            signed_in.email = info.email().map(|email| email.as_str().to_owned());
            signed_in.email_verified = info.email_verified();
        }
        if signed_in.name.is_none() {
            signed_in.name = info
                .name()
                .and_then(|name| name.get(None))
                .map(|name| name.as_str().to_owned());
        }
        for (claim, value) in &info.additional_claims().other {
            signed_in.claims.entry(claim.clone()).or_insert_with(|| value.clone());
        }
        Ok(())
    }

    /// The provider's end-session URL for RP-initiated logout, when it offers one.
    pub async fn logout_url(
        &self,
        key: &str,
        settings: &ProviderSettings,
        id_token_hint: Option<&SecretString>,
        post_logout_redirect: &str,
    ) -> Result<Option<String>, OidcError> {
        let found = self.discovered(key, settings, false).await?;
        let Some(endpoint) = found.metadata.additional_metadata().end_session_endpoint.clone() else {
            return Ok(None);
        };
        let mut request = LogoutRequest::from(endpoint).set_client_id(ClientId::new(settings.client_id.clone()));
        if let Ok(redirect) = PostLogoutRedirectUrl::new(post_logout_redirect.to_owned()) {
            request = request.set_post_logout_redirect_uri(redirect);
        }
        if let Some(hint) = id_token_hint.and_then(|raw| PlazaIdToken::from_str(raw.expose_secret()).ok()) {
            request = request.set_id_token_hint(&hint);
        }
        Ok(Some(request.http_get_url().to_string()))
    }
}

type LoginClient = CoreClient<
    openidconnect::EndpointSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointMaybeSet,
    openidconnect::EndpointMaybeSet,
>;

fn client_for(found: &Discovered, settings: &ProviderSettings, redirect_uri: &str) -> Result<LoginClient, OidcError> {
    let redirect = RedirectUrl::new(redirect_uri.to_owned())
        .map_err(|_| OidcError::Config("the redirect URI is not a valid URL".into()))?;
    Ok(CoreClient::from_provider_metadata(
        found.metadata.clone(),
        ClientId::new(settings.client_id.clone()),
        Some(ClientSecret::new(settings.client_secret.expose_secret().to_owned())),
    )
    .set_redirect_uri(redirect))
}
