//! `POST /auth/logout` (local and RP-initiated) and the housekeeping timer.

use super::*;

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
pub fn spawn_housekeeping(store: Store, auth: Arc<Auth>) -> tokio::task::JoinHandle<()> {
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
    })
}
