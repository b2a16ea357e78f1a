//! Live notifications over WebSocket, only about what each subscriber may read.

use futures::SinkExt as _;
use tokio_tungstenite::tungstenite::Message;

use super::*;

use plaza_blackbox::ws::{Socket, next_json};

async fn connect(app: &TestApp, origin: Option<&str>) -> Result<Socket, u16> {
    plaza_blackbox::ws::connect(&app.address, origin).await
}

/// Connects as `token` and subscribes to the viewer's notifications.
async fn subscribe(app: &TestApp, token: &str) -> Socket {
    let mut socket = connect(app, None).await.expect("connect");
    let init = json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {token}") } });
    socket.send(Message::text(init.to_string())).await.unwrap();
    assert_eq!(next_json(&mut socket).await["type"], "connection_ack");
    let subscribe = json!({ "id": "1", "type": "subscribe", "payload": {
        "query": "subscription { notificationAdded { kind discussion { title } actor { name } } }" } });
    socket.send(Message::text(subscribe.to_string())).await.unwrap();
    socket
}

#[tokio::test]
async fn live_notifications_reach_only_those_who_may_read_the_thread() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let (ana, bea, editor_a) = (&tokens["member_a"], &tokens["member_b"], &tokens["editor_a"]);

    // A page from another site cannot open a socket; without a subprotocol there is none.
    assert_eq!(connect(&app, Some("https://evil.example")).await.err(), Some(403));
    assert!(connect(&app, Some(&app.address)).await.is_ok());

    let mut bea_socket = subscribe(&app, bea).await;
    let mut editor_socket = subscribe(&app, editor_a).await;
    // Give the subscriptions a moment to be registered before publishing.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    // An agency-internal thread of agency A mentions Bea (agency B) and Editor A.
    let internal =
        json!({ "title": "Interno: turnos", "body": "@member@b.example @editor@a.example", "visibility": "AGENCY" });
    ok(&app, START, json!({ "input": internal }), ana).await;
    // Then a network thread mentions Bea.
    let open = json!({ "title": "Abierto: ¿WhatsApp?", "body": "@member@b.example ¿qué opináis?" });
    ok(&app, START, json!({ "input": open }), ana).await;

    // Editor A, in agency A, hears of the internal thread.
    let event = next_json(&mut editor_socket).await;
    assert_eq!(
        event["payload"]["data"]["notificationAdded"]["discussion"]["title"], "Interno: turnos",
        "{event}"
    );
    assert_eq!(event["payload"]["data"]["notificationAdded"]["kind"], "MENTION");
    // Bea's first event is the network thread: the internal one never reached her.
    let event = next_json(&mut bea_socket).await;
    assert_eq!(
        event["payload"]["data"]["notificationAdded"]["discussion"]["title"], "Abierto: ¿WhatsApp?",
        "{event}"
    );

    // The feed agrees, with an unread count; marking read clears it.
    let feed = "{ notifications { unreadCount items { kind read discussion { title } } } }";
    let seen = ok(&app, feed, json!({}), bea).await;
    assert_eq!(seen["notifications"]["unreadCount"], 1);
    assert!(!seen.to_string().contains("Interno"), "{seen}");
    let mark = "mutation { markNotificationsRead { unreadCount } }";
    assert_eq!(
        ok(&app, mark, json!({}), bea).await["markNotificationsRead"]["unreadCount"],
        0
    );

    // Replies notify the thread's author; an accepted answer notifies its author.
    let question = json!({ "kind": "QUESTION", "title": "¿Métricas de WhatsApp?", "body": "¿Qué medís?" });
    let question_id = ok(&app, START, json!({ "input": question }), bea).await["startDiscussion"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let answer = ok(
        &app,
        REPLY,
        json!({ "input": { "discussionId": question_id, "body": "Llamadas evitadas." } }),
        editor_a,
    )
    .await;
    let event = next_json(&mut bea_socket).await;
    assert_eq!(
        event["payload"]["data"]["notificationAdded"]["kind"], "REPLY",
        "{event}"
    );
    let answer_id = answer["replyToDiscussion"]["id"].as_str().unwrap().to_owned();
    ok(
        &app,
        "mutation($id: ID!) { acceptAnswer(replyId: $id) { id } }",
        json!({ "id": answer_id }),
        bea,
    )
    .await;
    let event = next_json(&mut editor_socket).await;
    assert_eq!(
        event["payload"]["data"]["notificationAdded"]["kind"], "ACCEPTED_ANSWER",
        "{event}"
    );

    // Anonymous connections cannot subscribe to notifications.
    let mut anonymous = connect(&app, None).await.expect("connect");
    anonymous
        .send(Message::text(json!({ "type": "connection_init" }).to_string()))
        .await
        .unwrap();
    assert_eq!(next_json(&mut anonymous).await["type"], "connection_ack");
    let subscribe = json!({ "id": "9", "type": "subscribe", "payload": { "query": "subscription { notificationAdded { kind } }" } });
    anonymous.send(Message::text(subscribe.to_string())).await.unwrap();
    // An execution error: a `next` carrying the error (no data), as graphql-transport-ws says.
    let refused = next_json(&mut anonymous).await;
    assert_eq!(refused["type"], "next", "{refused}");
    assert_eq!(refused["payload"]["data"], Value::Null, "{refused}");
    assert_eq!(
        refused["payload"]["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{refused}"
    );
}
