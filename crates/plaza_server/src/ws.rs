//! GraphQL over WebSocket on `GET /graphql` with `Upgrade: websocket`, for subscriptions
//! (`graphql-transport-ws`, and the older `graphql-ws`).
//!
//! WebSocket upgrades ignore CORS, so the `Origin` is checked before upgrading: a browser page
//! from another site is refused, unless an agency allows that origin (intranet widgets); such a
//! page never rides Plaza's session cookie: only a bearer token identifies it. The viewer comes from the upgrade request (session cookie or
//! bearer token) or, for clients that cannot set headers, from `connection_init`'s payload
//! (`{"Authorization": "Bearer plz_…"}`). A signed-in connection's credential is checked again
//! every [`RECHECK`]: once its token is revoked, its session ended or its member suspended, the
//! connection is closed with 4403 and its subscriptions stop.

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
/// How often an open connection's credential is checked again (a cache hit, mostly: revoking,
/// ending a session or suspending drops the cached entry on every replica).
const RECHECK: Duration = Duration::from_secs(2);

/// What an open connection authenticated with: the headers to resolve again, and whether they
/// resolved to a member (an anonymous connection has nothing to lose).
type Credential = Arc<std::sync::Mutex<(HeaderMap, bool)>>;

/// Whether the connection's credential still resolves to a member (a session's check is not
/// activity: an idle tab's connection lets its session expire). A failing database keeps the
/// connection open: its next check decides.
async fn still_valid(store: &plaza_storage::Store, auth: &Auth, credential: &Credential) -> bool {
    let Ok((headers, signed_in)) = credential.lock().map(|held| held.clone()) else {
        return false;
    };
    if !signed_in {
        return true;
    }
    match auth::still_signed_in(store, auth, &headers).await {
        Ok(signed_in) => signed_in,
        Err(CredentialError::Invalid) => false,
        Err(CredentialError::Storage(error)) => {
            tracing::warn!(%error, "could not check an open connection's credential again");
            true
        }
    }
}

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
    let credential: Credential = Arc::new(std::sync::Mutex::new((headers.clone(), viewer.member().is_some())));
    let schema = state.schema.clone();
    let store = state.store.clone();
    let auth = auth.clone();
    let (recheck_store, recheck_auth, recheck_credential) = (store.clone(), auth.clone(), credential.clone());
    // Past twice the limit a message fails in the WebSocket layer (the connection is reset);
    // between the two, `admit` closes it with 1009.
    let limits = poem::web::websocket::WebSocketConfig::default()
        .max_message_size(Some(2 * MAX_MESSAGE_BYTES))
        .max_frame_size(Some(2 * MAX_MESSAGE_BYTES));
    websocket
        .config(limits)
        .protocols(["graphql-transport-ws", "graphql-ws"])
        .on_upgrade(move |socket| async move {
            let _open = crate::metrics::OpenWebSocket::open();
            let (mut sink, stream) = socket.split();
            // Messages the pre-scan answers itself (refused operations, a close), sent beside
            // the protocol's own stream.
            let (refusals, mut refused) = tokio::sync::mpsc::unbounded_channel::<Message>();
            let incoming = stream
                .take_while(|message| futures::future::ready(message.is_ok()))
                .filter_map(|message| {
                    futures::future::ready(
                        message
                            .ok()
                            .filter(|message| message.is_text() || message.is_binary())
                            .map(Message::into_bytes),
                    )
                })
                .map(move |bytes| (admit(&bytes, protocol, &refusals), bytes))
                .take_while(|(verdict, _)| futures::future::ready(*verdict != Verdict::End))
                .filter_map(|(verdict, bytes)| futures::future::ready((verdict == Verdict::Pass).then_some(bytes)));
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
                            Ok(resolved) => {
                                if let Ok(mut held) = credential.lock() {
                                    *held = (headers, resolved.viewer.member().is_some());
                                }
                                resolved.viewer
                            }
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
            let mut recheck = tokio::time::interval_at(tokio::time::Instant::now() + RECHECK, RECHECK);
            loop {
                let message = tokio::select! {
                    biased;
                    Some(message) = refused.recv() => message,
                    _ = recheck.tick() => {
                        if still_valid(&recheck_store, &recheck_auth, &recheck_credential).await {
                            continue;
                        }
                        Message::close_with(4403u16, "the credential is no longer valid")
                    }
                    message = outgoing.next() => match message {
                        Some(message) => message,
                        None => {
                            // The close the pre-scan asked for, if any, goes out last.
                            if let Ok(message) = refused.try_recv() {
                                let _ = sink.send(message).await;
                            }
                            break;
                        }
                    },
                };
                let closing = matches!(message, Message::Close(_));
                if sink.send(message).await.is_err() || closing {
                    break;
                }
            }
        })
        .into_response()
}

/// Largest WebSocket message read; a bigger one closes the connection (1009).
const MAX_MESSAGE_BYTES: usize = 1024 * 1024;

/// What becomes of a client message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// It reaches the protocol.
    Pass,
    /// It was answered here (a refused operation); the connection goes on.
    Drop,
    /// The connection ends.
    End,
}

/// Whether a client message may reach the protocol. Operations whose document the pre-scan
/// refuses are answered here with the protocol's `error` message; a message too large or
/// nested too deep to read ends the connection. Nothing is parsed before the size and nesting
/// checks.
fn admit(
    bytes: &[u8],
    protocol: WebSocketProtocols,
    refusals: &tokio::sync::mpsc::UnboundedSender<Message>,
) -> Verdict {
    use plaza_graphql::prescan;
    let close = |code: u16, reason: &str| {
        let _ = refusals.send(Message::close_with(code, reason.to_owned()));
        Verdict::End
    };
    if bytes.len() > MAX_MESSAGE_BYTES {
        return close(1009, "message too large");
    }
    // The envelope and the payload object sit above the variables' levels.
    if prescan::prescan_json(bytes, 3).is_err() {
        return close(4400, "message nested too deep");
    }
    let Ok(message) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        // The protocol reports malformed messages itself.
        return Verdict::Pass;
    };
    let kind = message.get("type").and_then(serde_json::Value::as_str);
    if !matches!(kind, Some("subscribe" | "start")) {
        return Verdict::Pass;
    }
    let payload = message.get("payload");
    let query = payload
        .and_then(|payload| payload.get("query"))
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default();
    let Err(refusal) = prescan::prescan_document(query) else {
        return Verdict::Pass;
    };
    let id = message.get("id").cloned().unwrap_or(serde_json::Value::Null);
    let error = json!({ "message": refusal.message, "extensions": { "code": refusal.code } });
    let answer = match protocol {
        // graphql-transport-ws: an `error` with a list of GraphQL errors ends the operation.
        WebSocketProtocols::GraphQLWS => json!({ "type": "error", "id": id, "payload": [error] }),
        // The older graphql-ws: an `error` with one error object.
        _ => json!({ "type": "error", "id": id, "payload": error }),
    };
    let _ = refusals.send(Message::text(answer.to_string()));
    Verdict::Drop
}
