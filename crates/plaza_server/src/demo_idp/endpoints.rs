//! The demo provider's HTTP endpoints (mounted at `/demo-idp` in demo mode only).

use std::sync::Arc;
use std::time::Instant;

use base64::Engine as _;
use chrono::Utc;
use openidconnect::core::{CoreIdToken, CoreIdTokenClaims, CoreJwsSigningAlgorithm};
use openidconnect::{
    AccessToken, Audience, AuthorizationCode, EmptyAdditionalClaims, EndUserEmail, EndUserName, IssuerUrl, Nonce,
    PrivateSigningKey as _, StandardClaims, SubjectIdentifier,
};
use poem::http::{HeaderMap, StatusCode, header};
use poem::middleware::SizeLimit;
use poem::web::{Data, Form, Query};
use poem::{EndpointExt as _, IntoResponse, Response, Route, get, handler};
use serde::Deserialize;
use serde_json::json;

use super::personas::{self, Persona};
use super::{CODE_TTL, DemoIdp, Grant, TOKEN_TTL_SECONDS, digest, pages, random_secret, s256};

/// The provider's routes, to nest at `/demo-idp`.
pub fn routes(idp: Arc<DemoIdp>) -> impl poem::Endpoint {
    Route::new()
        .at("/.well-known/openid-configuration", get(discovery))
        .at("/jwks", get(jwks))
        .at("/authorize", get(authorize).post(choose.with(SizeLimit::new(FORM_MAX))))
        .at("/token", poem::post(token.with(SizeLimit::new(FORM_MAX))))
        .at("/logout", get(logout))
        .at("/personas.json", get(personas_json))
        .at("/", get(landing))
        .data(idp)
}

fn lang(headers: &HeaderMap) -> plaza_domain::messages::Lang {
    crate::html::reader_lang(headers)
}

fn json_response(status: StatusCode, body: &serde_json::Value) -> Response {
    Response::builder()
        .status(status)
        .content_type("application/json")
        .header(header::CACHE_CONTROL, "no-store")
        .body(body.to_string())
}

#[handler]
fn discovery(idp: Data<&Arc<DemoIdp>>) -> Response {
    let issuer = &idp.issuer;
    json_response(
        StatusCode::OK,
        &json!({
            "issuer": issuer,
            "authorization_endpoint": format!("{issuer}/authorize"),
            "token_endpoint": format!("{issuer}/token"),
            "jwks_uri": format!("{issuer}/jwks"),
            "end_session_endpoint": format!("{issuer}/logout"),
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["EdDSA"],
            "scopes_supported": ["openid", "email", "profile"],
            "claims_supported": ["sub", "iss", "aud", "exp", "iat", "nonce", "email", "email_verified", "name"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "authorization_response_iss_parameter_supported": true,
        }),
    )
}

#[handler]
fn jwks(idp: Data<&Arc<DemoIdp>>) -> Response {
    let public = idp.key.as_verification_key();
    let mut key = serde_json::to_value(&public).unwrap_or_default();
    key["alg"] = json!("EdDSA");
    json_response(StatusCode::OK, &json!({ "keys": [key] }))
}

/// The parameters of an authorization request (RFC 6749 §4.1.1, RFC 7636, OIDC Core §3.1.2.1).
#[derive(Debug, Default, Deserialize)]
pub(super) struct AuthorizeParams {
    pub(super) client_id: Option<String>,
    pub(super) redirect_uri: Option<String>,
    pub(super) response_type: Option<String>,
    pub(super) scope: Option<String>,
    pub(super) state: Option<String>,
    pub(super) nonce: Option<String>,
    pub(super) code_challenge: Option<String>,
    pub(super) code_challenge_method: Option<String>,
    pub(super) login_hint: Option<String>,
    /// The persona chosen on the page (POST only).
    pub(super) persona: Option<String>,
}

/// Largest form accepted (POSTs must say their length).
const FORM_MAX: usize = 16 * 1024;

/// Longest value accepted for any authorization parameter.
const PARAM_MAX: usize = 512;

/// Where the browser goes back to Plaza with an OAuth error (RFC 6749 §4.1.2.1).
fn error_redirect(idp: &DemoIdp, params: &AuthorizeParams, error: &str) -> Response {
    let mut url = format!("{}?error={error}&iss={}", idp.redirect_uri(), encode(&idp.issuer));
    if let Some(state) = params.state.as_deref() {
        url.push_str(&format!("&state={}", encode(state)));
    }
    redirect(&url)
}

fn redirect(location: &str) -> Response {
    Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, location)
        .header(header::CACHE_CONTROL, "no-store")
        .finish()
}

/// Percent-encodes a query value (everything but RFC 3986's unreserved characters).
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (byte as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// Decodes `%XX` escapes and `+` (form encoding), as in HTTP Basic credentials of OAuth clients.
fn decode(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'%' => {
                let hex = value.get(index + 1..index + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                index += 3;
            }
            b'+' => {
                out.push(b' ');
                index += 1;
            }
            other => {
                out.push(other);
                index += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// A checked authorization request: which client, and whether its other parameters are valid.
enum Checked<'a> {
    /// Unknown client or redirect URI: never redirect, show a page.
    Refused,
    /// A valid client, but a bad request: send the error back to it.
    Invalid(&'static str),
    /// Good to go.
    Valid(&'a super::Client),
}

fn check<'a>(idp: &'a DemoIdp, params: &AuthorizeParams) -> Checked<'a> {
    let too_long = [
        &params.client_id,
        &params.redirect_uri,
        &params.response_type,
        &params.scope,
        &params.state,
        &params.nonce,
        &params.code_challenge,
        &params.code_challenge_method,
        &params.login_hint,
        &params.persona,
    ]
    .iter()
    .any(|value| value.as_deref().is_some_and(|value| value.len() > PARAM_MAX));
    let Some(client) = params.client_id.as_deref().and_then(|id| idp.client(id)) else {
        return Checked::Refused;
    };
    if params.redirect_uri.as_deref() != Some(idp.redirect_uri().as_str()) {
        return Checked::Refused;
    }
    if too_long {
        return Checked::Invalid("invalid_request");
    }
    if params.response_type.as_deref() != Some("code") {
        return Checked::Invalid("unsupported_response_type");
    }
    if !params
        .scope
        .as_deref()
        .is_some_and(|scope| scope.split(' ').any(|scope| scope == "openid"))
    {
        return Checked::Invalid("invalid_scope");
    }
    if params.code_challenge_method.as_deref() != Some("S256") || params.code_challenge.is_none() {
        return Checked::Invalid("invalid_request");
    }
    Checked::Valid(client)
}

/// Signs the persona in: a one-time code, and the browser sent back to Plaza.
fn approve(idp: &DemoIdp, client: &super::Client, params: &AuthorizeParams, persona: &'static Persona) -> Response {
    let grant = Grant {
        client_id: client.client_id.clone(),
        persona,
        nonce: params.nonce.clone(),
        code_challenge: params.code_challenge.clone().unwrap_or_default(),
        redirect_uri: idp.redirect_uri(),
        expires: Instant::now() + CODE_TTL,
    };
    let Some(code) = idp.issue_code(grant) else {
        return error_redirect(idp, params, "temporarily_unavailable");
    };
    let mut url = format!("{}?code={code}&iss={}", idp.redirect_uri(), encode(&idp.issuer));
    if let Some(state) = params.state.as_deref() {
        url.push_str(&format!("&state={}", encode(state)));
    }
    redirect(&url)
}

/// The personas one client (one agency's provider) may sign in.
fn personas_of(client: &super::Client) -> Vec<&'static Persona> {
    personas::PERSONAS
        .iter()
        .filter(|persona| persona.agency == client.agency)
        .collect()
}

/// `GET /demo-idp/authorize`: the hinted persona is signed in at once; otherwise the chooser.
#[handler]
fn authorize(idp: Data<&Arc<DemoIdp>>, headers: &HeaderMap, Query(params): Query<AuthorizeParams>) -> Response {
    let lang = lang(headers);
    let client = match check(&idp, &params) {
        Checked::Refused => return pages::refused(lang),
        Checked::Invalid(error) => return error_redirect(&idp, &params, error),
        Checked::Valid(client) => client,
    };
    let hinted = params
        .login_hint
        .as_deref()
        .and_then(personas::find)
        .filter(|persona| persona.agency == client.agency);
    match hinted {
        Some(persona) => approve(&idp, client, &params, persona),
        None => pages::chooser(lang, &params, &personas_of(client)),
    }
}

/// `POST /demo-idp/authorize`: the persona chosen on the page.
#[handler]
fn choose(idp: Data<&Arc<DemoIdp>>, headers: &HeaderMap, Form(params): Form<AuthorizeParams>) -> Response {
    let lang = lang(headers);
    let client = match check(&idp, &params) {
        Checked::Refused => return pages::refused(lang),
        Checked::Invalid(error) => return error_redirect(&idp, &params, error),
        Checked::Valid(client) => client,
    };
    match params
        .persona
        .as_deref()
        .and_then(personas::find)
        .filter(|persona| persona.agency == client.agency)
    {
        Some(persona) => approve(&idp, client, &params, persona),
        None => error_redirect(&idp, &params, "access_denied"),
    }
}

#[derive(Debug, Default, Deserialize)]
struct TokenParams {
    grant_type: Option<String>,
    code: Option<String>,
    redirect_uri: Option<String>,
    code_verifier: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

fn token_error(status: StatusCode, error: &str) -> Response {
    json_response(status, &json!({ "error": error }))
}

/// The client's credentials: HTTP Basic (RFC 6749 §2.3.1, form-encoded parts) or the body.
fn client_credentials(headers: &HeaderMap, params: &TokenParams) -> Option<(String, String)> {
    if let Some(basic) = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Basic "))
    {
        let raw = base64::engine::general_purpose::STANDARD.decode(basic.trim()).ok()?;
        let raw = String::from_utf8(raw).ok()?;
        let (id, secret) = raw.split_once(':')?;
        return Some((decode(id)?, decode(secret)?));
    }
    Some((params.client_id.clone()?, params.client_secret.clone()?))
}

/// `POST /demo-idp/token`: the code exchange (RFC 6749 §4.1.3, PKCE S256).
#[handler]
fn token(idp: Data<&Arc<DemoIdp>>, headers: &HeaderMap, Form(params): Form<TokenParams>) -> Response {
    let Some((client_id, secret)) = client_credentials(headers, &params) else {
        return token_error(StatusCode::UNAUTHORIZED, "invalid_client");
    };
    let Some(client) = idp.client(&client_id) else {
        return token_error(StatusCode::UNAUTHORIZED, "invalid_client");
    };
    if digest(&secret) != client.secret_digest {
        return token_error(StatusCode::UNAUTHORIZED, "invalid_client");
    }
    if params.grant_type.as_deref() != Some("authorization_code") {
        return token_error(StatusCode::BAD_REQUEST, "unsupported_grant_type");
    }
    // The code is spent whatever happens next: a replay finds nothing.
    let Some(grant) = params.code.as_deref().and_then(|code| idp.take_code(code)) else {
        return token_error(StatusCode::BAD_REQUEST, "invalid_grant");
    };
    let verifier_ok = params
        .code_verifier
        .as_deref()
        .is_some_and(|verifier| s256(verifier) == grant.code_challenge);
    if grant.client_id != client.client_id
        || params.redirect_uri.as_deref() != Some(grant.redirect_uri.as_str())
        || !verifier_ok
    {
        return token_error(StatusCode::BAD_REQUEST, "invalid_grant");
    }
    let access = AccessToken::new(random_secret());
    let code = AuthorizationCode::new(params.code.unwrap_or_default());
    match id_token(&idp, &grant, &access, &code) {
        Ok(id_token) => json_response(
            StatusCode::OK,
            &json!({
                "access_token": access.secret(),
                "token_type": "Bearer",
                "expires_in": TOKEN_TTL_SECONDS,
                "scope": "openid email profile",
                "id_token": id_token,
            }),
        ),
        Err(error) => {
            tracing::error!(%error, "demo sign-in: cannot sign an ID token");
            token_error(StatusCode::INTERNAL_SERVER_ERROR, "server_error")
        }
    }
}

fn id_token(idp: &DemoIdp, grant: &Grant, access: &AccessToken, code: &AuthorizationCode) -> Result<String, String> {
    let now = Utc::now();
    let persona = grant.persona;
    let claims = CoreIdTokenClaims::new(
        IssuerUrl::new(idp.issuer.clone()).map_err(|e| e.to_string())?,
        vec![Audience::new(grant.client_id.clone())],
        now + chrono::Duration::seconds(TOKEN_TTL_SECONDS),
        now,
        StandardClaims::new(SubjectIdentifier::new(format!("demo-{}", persona.key)))
            .set_email(Some(EndUserEmail::new(persona.email.to_owned())))
            .set_email_verified(Some(true))
            .set_name(Some(EndUserName::new(persona.name.to_owned()).into())),
        EmptyAdditionalClaims {},
    )
    .set_nonce(grant.nonce.clone().map(Nonce::new));
    CoreIdToken::new(
        claims,
        &idp.key,
        CoreJwsSigningAlgorithm::EdDsa,
        Some(access),
        Some(code),
    )
    .map(|signed| signed.to_string())
    .map_err(|e| e.to_string())
}

#[derive(Debug, Default, Deserialize)]
struct LogoutParams {
    post_logout_redirect_uri: Option<String>,
}

/// `GET /demo-idp/logout`: nothing to end here (no session at the provider); back to Plaza.
#[handler]
fn logout(idp: Data<&Arc<DemoIdp>>, headers: &HeaderMap, Query(params): Query<LogoutParams>) -> Response {
    let home = format!("{}/", idp.base);
    match params.post_logout_redirect_uri {
        Some(target) if target == idp.base || target.starts_with(&home) => redirect(&target),
        _ => pages::signed_out(lang(headers), &home),
    }
}

/// `GET /demo-idp/personas.json`: the personas for the web app's login page.
#[handler]
fn personas_json(idp: Data<&Arc<DemoIdp>>, headers: &HeaderMap) -> Response {
    let lang = lang(headers);
    let personas: Vec<serde_json::Value> = personas::PERSONAS
        .iter()
        .filter_map(|persona| {
            let url = idp.login_url(persona)?;
            Some(json!({
                "key": persona.key,
                "name": persona.name,
                "email": persona.email,
                "role": persona.role(lang),
                "loginUrl": url,
            }))
        })
        .collect();
    json_response(StatusCode::OK, &json!({ "personas": personas }))
}

/// `GET /demo-idp/`: every persona, each one click from being signed in.
#[handler]
fn landing(idp: Data<&Arc<DemoIdp>>, headers: &HeaderMap) -> Response {
    let lang = lang(headers);
    let personas: Vec<(&Persona, String)> = personas::PERSONAS
        .iter()
        .filter_map(|persona| Some((persona, idp.login_url(persona)?)))
        .collect();
    pages::landing(lang, &personas).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_round_trip_through_encoding() {
        for value in ["a b&c=d/é", "plain-value_1.~", "%+"] {
            assert_eq!(decode(&encode(value)).as_deref(), Some(value));
        }
        assert_eq!(decode("a+b%2Bc").as_deref(), Some("a b+c"));
        assert_eq!(decode("%zz"), None);
        assert_eq!(decode("%4"), None);
    }
}
