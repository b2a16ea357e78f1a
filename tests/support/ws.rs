//! GraphQL over WebSocket (graphql-transport-ws) for the subscription tests.

use futures::StreamExt as _;
use serde_json::Value;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;

/// An open connection.
pub type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Opens a graphql-transport-ws connection to `address` (optionally with an `Origin`);
/// a refused upgrade gives its HTTP status.
pub async fn connect(address: &str, origin: Option<&str>) -> Result<Socket, u16> {
    connect_with(address, "graphql-transport-ws", origin).await
}

/// [`connect`] asking for another subprotocol (such as the older `graphql-ws`).
pub async fn connect_with(address: &str, protocol: &str, origin: Option<&str>) -> Result<Socket, u16> {
    let url = format!("{}/graphql", address.replacen("http://", "ws://", 1));
    let mut request = url.into_client_request().expect("request");
    request
        .headers_mut()
        .insert("sec-websocket-protocol", protocol.parse().expect("header"));
    if let Some(origin) = origin {
        request.headers_mut().insert("origin", origin.parse().expect("origin"));
    }
    match tokio_tungstenite::connect_async(request).await {
        Ok((socket, _)) => Ok(socket),
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => Err(response.status().as_u16()),
        Err(other) => panic!("{other}"),
    }
}

/// The next protocol message that is not a ping or pong (within 10 s).
pub async fn next_json(socket: &mut Socket) -> Value {
    loop {
        let message = tokio::time::timeout(std::time::Duration::from_secs(10), socket.next())
            .await
            .expect("a message within 10 s")
            .expect("open")
            .expect("message");
        if let Message::Text(text) = message {
            let value: Value = serde_json::from_str(&text).expect("json");
            if value["type"] != "ping" && value["type"] != "pong" {
                return value;
            }
        }
    }
}

/// Opens a graphql-transport-ws connection authenticated by `token` in `connection_init`, and
/// subscribes to the viewer's notifications.
pub async fn subscribed_with_token(address: &str, token: &str) -> Socket {
    use futures::SinkExt as _;
    let mut socket = connect(address, None).await.expect("upgrade");
    let init =
        serde_json::json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {token}") } });
    socket.send(Message::text(init.to_string())).await.expect("send");
    assert_eq!(next_json(&mut socket).await["type"], "connection_ack");
    let subscribe = serde_json::json!({ "id": "1", "type": "subscribe",
        "payload": { "query": "subscription { notificationAdded { id } }" } });
    socket.send(Message::text(subscribe.to_string())).await.expect("send");
    socket
}

/// The close code the server ends the connection with, waiting at most `within`; `None` if it
/// stays open (or ends without a close frame).
pub async fn close_code(socket: &mut Socket, within: std::time::Duration) -> Option<u16> {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let message = tokio::time::timeout_at(deadline, socket.next()).await.ok()??.ok()?;
        if let Message::Close(frame) = message {
            return frame.map(|frame| u16::from(frame.code));
        }
    }
}
