//! `GET /auth/login` and `GET /auth/callback`: the authorization-code flow, identification by
//! (issuer, subject) and provisioning on first login.

use super::refusal::Refusal;
use super::*;

/// Parameters of `/auth/login`.
#[derive(Debug, Default, serde::Deserialize)]
pub struct LoginParams {
    agency: Option<String>,
    email: Option<String>,
    provider: Option<String>,
    return_to: Option<String>,
    /// Passed on to the provider (the e-mail typed, or a demo persona).
    login_hint: Option<String>,
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

pub(super) fn settings_of(auth: &Auth, stored: &StoredProvider) -> Result<ProviderSettings, Refusal> {
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
    let address = client_address(auth, request)?;
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
    // A hint is only ever an e-mail-like word: bounded, no control characters.
    let hint = params
        .login_hint
        .as_deref()
        .or(params.email.as_deref())
        .map(str::trim)
        .filter(|hint| !hint.is_empty() && hint.len() <= 254 && !hint.chars().any(char::is_control));
    let start = match auth.rp.start(&key, &settings, &auth.redirect_uri(), hint).await {
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

pub(super) fn session_context(hash: &str) -> String {
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
    if let Some(suspension) = member.suspension.as_ref().filter(|s| s.in_force(now)) {
        tracing::info!(member = %member.id, "login refused: the member is suspended");
        let until = suspension.until.map_or_else(
            || "until reinstated".to_owned(),
            |until| format!("until {}", until.to_rfc3339()),
        );
        let mut refusal = Refusal::new(
            StatusCode::FORBIDDEN,
            "ACCOUNT_SUSPENDED",
            format!("your account is suspended {until}: {}", suspension.reason),
        );
        refusal
            .details
            .insert("until".into(), suspension.until.map(|u| u.to_rfc3339()).into());
        refusal
            .details
            .insert("reason".into(), suspension.reason.clone().into());
        return Err(refusal);
    }
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
                suspension: None,
                profile: Default::default(),
                erased_at: None,
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
