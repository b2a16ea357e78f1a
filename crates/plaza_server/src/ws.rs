//! GraphQL over WebSocket on `GET /graphql` with `Upgrade: websocket`, for subscriptions
//! (`graphql-transport-ws`, and the older `graphql-ws`).
//!
//! WebSocket upgrades ignore CORS, so the `Origin` is checked before upgrading: a browser page
//! from another site is refused, unless an agency allows that origin (intranet widgets); such a
//! page never rides Plaza's session cookie: only a bearer token identifies it. The viewer comes from the upgrade request (session cookie or
//! bearer token) or, for clients that cannot set headers, from `connection_init`'s payload
//! (`{"Authorization": "Bearer plz_…"}`).

use std::str::FromStr as _;
use std::sync::Arc;
use std::time::Duration;

use async_graphql::http::{WebSocketProtocols, WsMessage};
use futures::{SinkExt as _, StreamExt as _};
use poem::http::{HeaderMap, HeaderValue, StatusCode, header};
use poem::web::websocket::{Message, WebSocket};
use poem::{IntoResponse, Response};
use serde_json::json;

use crate::AppState;
use crate::auth::{self, Auth, CredentialError};

/// A connection that stays silent this long is closed.
const KEEPALIVE: Duration = Duration::from_secs(60);

fn refuse(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    Response::builder()
        .status(status)
        .content_type("application/json")
        .body(body.to_string())
}

/// The protocol the client asked for, if Plaza speaks it.
fn protocol(headers: &HeaderMap) -> Option<WebSocketProtocols> {
    headers
        .get(header::SEC_WEBSOCKET_PROTOCOL)
        .and_then(|value| value.to_str().ok())?
        .split(',')
        .find_map(|name| WebSocketProtocols::from_str(name.trim()).ok())
}

/// Upgrades to a GraphQL WebSocket connection, after the origin and credential checks.
pub async fn upgrade(
    state: &AppState,
    auth: &Arc<Auth>,
    origins: &crate::cors::AllowedOrigins,
    headers: &HeaderMap,
    websocket: WebSocket,
) -> Response {
    let own_origin = !headers.contains_key(header::ORIGIN) || auth::same_origin(auth, headers);
    let mut headers = headers.clone();
    if !own_origin {
        let origin = headers
            .get(header::ORIGIN)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        if !origins.contains(origin).await {
            return auth::csrf_refused();
        }
        headers.remove(header::COOKIE);
    }
    let headers = &headers;
    let Some(protocol) = protocol(headers) else {
        return refuse(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            "ask for the graphql-transport-ws (or graphql-ws) subprotocol",
        );
    };
    let viewer = match auth::resolve(&state.store, auth, headers).await {
        Ok(resolved) => resolved.viewer,
        Err(CredentialError::Invalid) => {
            return refuse(
                StatusCode::UNAUTHORIZED,
                "UNAUTHENTICATED",
                "the token is invalid, revoked or expired",
            );
        }
        Err(CredentialError::Storage(error)) => {
            tracing::error!(%error, "credential lookup failed");
            return refuse(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", "internal error");
        }
    };
    let schema = state.schema.clone();
    let store = state.store.clone();
    let auth = auth.clone();
    websocket
        .protocols(["graphql-transport-ws", "graphql-ws"])
        .on_upgrade(move |socket| async move {
            let (mut sink, stream) = socket.split();
            let incoming = stream
                .take_while(|message| futures::future::ready(message.is_ok()))
                .filter_map(|message| {
                    futures::future::ready(
                        message
                            .ok()
                            .filter(|message| message.is_text() || message.is_binary())
                            .map(Message::into_bytes),
                    )
                });
            let on_init = move |payload: serde_json::Value| async move {
                let token = ["Authorization", "authorization"]
                    .iter()
                    .find_map(|key| payload.get(key).and_then(|value| value.as_str()).map(str::to_owned));
                let viewer = match token {
                    None => viewer,
                    Some(token) => {
                        let mut headers = HeaderMap::new();
                        let value = HeaderValue::from_str(&token)
                            .map_err(|_| async_graphql::Error::new("the token is invalid, revoked or expired"))?;
                        headers.insert(header::AUTHORIZATION, value);
                        match auth::resolve(&store, &auth, &headers).await {
                            Ok(resolved) => resolved.viewer,
                            Err(_) => {
                                return Err(async_graphql::Error::new("the token is invalid, revoked or expired"));
                            }
                        }
                    }
                };
                Ok(plaza_graphql::connection_data(viewer))
            };
            let outgoing = async_graphql::http::WebSocket::new(schema, incoming, protocol)
                .on_connection_init(on_init)
                .keepalive_timeout(KEEPALIVE)
                .map(|message| match message {
                    WsMessage::Text(text) => Message::text(text),
                    WsMessage::Close(code, reason) => Message::close_with(code, reason),
                });
            futures::pin_mut!(outgoing);
            while let Some(message) = outgoing.next().await {
                if sink.send(message).await.is_err() {
                    break;
                }
            }
        })
        .into_response()
}
