//! CORS on `/graphql` for the intranet widgets: a page from an origin some agency allows (set
//! with `setAgencyAllowedOrigins` or `plaza agency origins`) may read the API anonymously or
//! with a bearer token; never with Plaza's session cookie (no `Allow-Credentials`). Other
//! origins get no CORS headers, so their browsers hand the page nothing.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use plaza_storage::Store;
use poem::http::{HeaderValue, Method, StatusCode, header};
use poem::{Endpoint, IntoResponse, Request, Response};

use crate::auth::Auth;

/// How long the allowed origins are trusted before they are read again.
const REFRESH: Duration = Duration::from_secs(10);

/// The origins agencies allow, read from the store at most every [`REFRESH`].
pub struct AllowedOrigins {
    store: Store,
    cached: Mutex<Option<(Instant, Arc<HashSet<String>>)>>,
}

impl AllowedOrigins {
    /// A cache over `store`.
    pub fn new(store: Store) -> Self {
        Self {
            store,
            cached: Mutex::new(None),
        }
    }

    /// Whether some agency allows `origin`.
    pub async fn contains(&self, origin: &str) -> bool {
        let fresh = self.cached.lock().ok().and_then(|cached| {
            cached
                .as_ref()
                .filter(|(at, _)| at.elapsed() < REFRESH)
                .map(|(_, set)| Arc::clone(set))
        });
        let set = match fresh {
            Some(set) => set,
            None => match self.store.all_allowed_origins().await {
                Ok(origins) => {
                    let set = Arc::new(origins);
                    if let Ok(mut cached) = self.cached.lock() {
                        *cached = Some((Instant::now(), Arc::clone(&set)));
                    }
                    set
                }
                Err(error) => {
                    tracing::warn!(%error, "cannot read the allowed origins");
                    return false;
                }
            },
        };
        set.contains(origin)
    }
}

/// Wraps the `/graphql` endpoint: answers preflights and marks readable responses.
pub async fn cors<E: Endpoint>(next: E, request: Request) -> poem::Result<Response> {
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let own = request.data::<Arc<Auth>>().map(|auth| auth.public_url.clone());
    let allowed = match (&origin, request.data::<Arc<AllowedOrigins>>()) {
        (Some(origin), Some(origins)) if Some(origin) != own.as_ref() => origins.contains(origin).await,
        _ => false,
    };
    let cross_origin = origin.is_some() && origin != own;
    if request.method() == Method::OPTIONS {
        let mut response = Response::builder().status(if allowed {
            StatusCode::NO_CONTENT
        } else {
            StatusCode::FORBIDDEN
        });
        if allowed {
            response = response
                .header(header::ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS")
                .header(
                    header::ACCESS_CONTROL_ALLOW_HEADERS,
                    "content-type, authorization, accept",
                )
                .header(header::ACCESS_CONTROL_MAX_AGE, "600");
        }
        let mut response = response.finish();
        mark(&mut response, origin.as_deref().filter(|_| allowed), cross_origin);
        return Ok(response);
    }
    let mut response = next
        .call(request)
        .await
        .map(IntoResponse::into_response)
        .unwrap_or_else(|error| error.into_response());
    mark(&mut response, origin.as_deref().filter(|_| allowed), cross_origin);
    Ok(response)
}

fn mark(response: &mut Response, allowed: Option<&str>, cross_origin: bool) {
    let headers = response.headers_mut();
    if let Some(value) = allowed.and_then(|origin| HeaderValue::from_str(origin).ok()) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
    if cross_origin || allowed.is_some() {
        headers.append(header::VARY, HeaderValue::from_static("Origin"));
    }
}

/// The preflight handler (`cors` answers before it is reached).
#[poem::handler]
pub fn preflight() -> StatusCode {
    StatusCode::NO_CONTENT
}
