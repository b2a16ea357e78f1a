//! Hostile transports: bodies that are not UTF-8 or not one request, URLs of every length,
//! clients that trickle or never finish, and WebSocket messages too large, not UTF-8, nested
//! too deep or too many.

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::protocol::frame::Frame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};

use super::*;

/// `127.0.0.1:port` of the app.
fn host(app: &TestApp) -> String {
    app.address.trim_start_matches("http://").to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn bodies_that_are_not_utf8_json_or_one_request_are_refused_with_a_code() {
    let app = start().await;
    let bodies: Vec<(&str, Vec<u8>)> = vec![
        ("0xff 0xfe", vec![0xff, 0xfe]),
        (
            "invalid UTF-8 after the query",
            b"{\"query\":\"{ __typename }\xff\"}".to_vec(),
        ),
        (
            "invalid UTF-8 before the query",
            b"{\"query\":\"\xff\xfe{ __typename }\"}".to_vec(),
        ),
        ("an overlong slash", b"{\"query\":\"{ __typename \xc0\xaf }\"}".to_vec()),
        (
            "an encoded surrogate",
            b"{\"query\":\"{ __typename \xed\xa0\x80 }\"}".to_vec(),
        ),
        (
            "a truncated character",
            b"{\"query\":\"{ __typename }\xe2\x82\"}".to_vec(),
        ),
        (
            "UTF-16",
            "{\"query\":\"{ __typename }\"}"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect(),
        ),
        ("a raw NUL", b"{\"query\":\"{ __typename \x00 }\"}".to_vec()),
        ("empty", Vec::new()),
        ("an empty batch", b"[]".to_vec()),
        ("a batch of one", b"[{\"query\":\"{ __typename }\"}]".to_vec()),
        (
            "a batch of 10,000",
            format!("[{}]", vec!["{\"query\":\"{ __typename }\"}"; 10_000].join(",")).into_bytes(),
        ),
        ("a string", b"\"{ __typename }\"".to_vec()),
        ("null", b"null".to_vec()),
        ("900 KB of spaces", vec![b' '; 900_000]),
    ];
    let failures = during(&app, "bodies", async {
        let mut failures = Vec::new();
        for (name, body) in bodies {
            let outcome = post_bytes(&app, body, None, None).await.and_then(|reply| {
                verdict(&reply, Expect::Refused(ANY)).map_err(|why| format!("{why}: {}", brief(&reply.body)))
            });
            if let Err(why) = outcome {
                failures.push(format!("{name}: {why}"));
            }
        }
        // A byte-order mark may be tolerated or refused, but with a code.
        let bom = b"\xef\xbb\xbf{\"query\":\"{ __typename }\"}".to_vec();
        if let Err(why) = post_bytes(&app, bom, None, None)
            .await
            .and_then(|reply| verdict(&reply, Expect::Handled(ANY)))
        {
            failures.push(format!("a byte-order mark: {why}"));
        }
        // Other media types and encodings.
        for (content_type, encoding) in [
            ("application/graphql", None),
            ("multipart/form-data; boundary=x", None),
            ("application/json; charset=utf-16", None),
            ("application/json", Some("gzip")),
            ("application/json", Some("br")),
        ] {
            let mut request = app
                .http
                .post(format!("{}/graphql", app.address))
                .header("content-type", content_type)
                .body(vec![0x1f, 0x8b, 0x08, 0x00, 0xff, 0xff]);
            if let Some(encoding) = encoding {
                request = request.header("content-encoding", encoding);
            }
            let outcome = answer(request).await.and_then(|reply| {
                verdict(&reply, Expect::Error(ANY)).map_err(|why| format!("{why}: {}", brief(&reply.body)))
            });
            if let Err(why) = outcome {
                failures.push(format!("{content_type} ({encoding:?}): {why}"));
            }
        }
        failures
    })
    .await;
    assert_none("bodies", &failures);
}

/// The status line of a raw HTTP exchange, or how it ended.
async fn raw_exchange(host: &str, request: &[u8]) -> Result<String, String> {
    let mut stream = TcpStream::connect(host).await.map_err(|e| e.to_string())?;
    stream.write_all(request).await.map_err(|e| format!("write: {e}"))?;
    let mut head = vec![0; 64];
    let read = tokio::time::timeout(GIVE_UP_AFTER, stream.read(&mut head))
        .await
        .map_err(|_| "no answer".to_owned())?
        .map_err(|e| format!("read: {e}"))?;
    Ok(String::from_utf8_lossy(&head[..read])
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn urls_of_every_length_and_encoding_get_a_4xx() {
    let app = start().await;
    let host = host(&app);
    let failures = during(&app, "urls", async {
        let mut failures = Vec::new();
        for (name, query, codes) in [
            (
                "a query of invalid UTF-8",
                "query=%FF%FE%7B__typename%7D".to_owned(),
                ANY,
            ),
            (
                "variables of invalid UTF-8",
                "query=%7B__typename%7D&variables=%FF".to_owned(),
                ANY,
            ),
            (
                "variables 10,000 deep",
                format!("query=%7B__typename%7D&variables={}", "%5B".repeat(10_000)),
                ANY,
            ),
            (
                "variables 40 deep",
                format!(
                    "query=%7B__typename%7D&variables=%7B%22a%22:{}1{}%7D",
                    "%5B".repeat(40),
                    "%5D".repeat(40)
                ),
                &["VARIABLES_TOO_DEEP"][..],
            ),
            ("a 40 KB query", format!("query={}", "a".repeat(40_000)), TOO_LARGE),
            ("a 300 KB query", format!("query={}", "%20".repeat(100_000)), TOO_LARGE),
            (
                "two queries, the deep one first",
                format!("query={}&query=%7B__typename%7D", "%5B".repeat(8_000)),
                ANY,
            ),
            (
                "two queries, the deep one last",
                format!("query=%7B__typename%7D&query={}", "%5B".repeat(8_000)),
                ANY,
            ),
        ] {
            let outcome = get_target(&app, &format!("/graphql?{query}")).await.and_then(|reply| {
                let expect = if codes.is_empty() {
                    Expect::Error(ANY)
                } else {
                    Expect::Refused(codes)
                };
                if refused_by_http(&reply, &query) {
                    return Ok(());
                }
                verdict(&reply, expect).map_err(|why| format!("{why}: {}", brief(&reply.body)))?;
                if reply.status == 200 && reply.body["data"].is_object() && name.starts_with("two") {
                    println!("{name}: answered {}", brief(&reply.body));
                }
                Ok(())
            });
            if let Err(why) = outcome {
                failures.push(format!("{name}: {why}"));
            }
        }
        // Past what the HTTP layer reads, a 4xx without a body is fine; a 5xx is not.
        for (name, request) in [
            (
                "a 2 MB URL",
                format!(
                    "GET /graphql?query={} HTTP/1.1\r\nHost: x\r\n\r\n",
                    "a".repeat(2_000_000)
                )
                .into_bytes(),
            ),
            (
                "raw invalid UTF-8 in the URL",
                b"GET /graphql?query=\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
            ),
            (
                "a NUL in the URL",
                b"GET /graphql?query=\x00 HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
            ),
            (
                "10,000 headers",
                format!(
                    "GET /healthz HTTP/1.1\r\nHost: x\r\n{}\r\n",
                    "X-A: b\r\n".repeat(10_000)
                )
                .into_bytes(),
            ),
        ] {
            match raw_exchange(&host, &request).await {
                Ok(status) if status.contains(" 4") => println!("{name}: {status}"),
                Ok(status) => failures.push(format!("{name}: {status}")),
                Err(why) => println!("{name}: the connection ended without an answer ({why})"),
            }
        }
        failures
    })
    .await;
    assert_none("urls", &failures);
}

/// Sends headers announcing `length` bytes, then `sent` bytes one at a time every `pace`.
async fn trickle(host: String, head: String, body: Vec<u8>, pace: Duration) -> Result<String, String> {
    let mut stream = TcpStream::connect(&host).await.map_err(|e| e.to_string())?;
    stream
        .write_all(head.as_bytes())
        .await
        .map_err(|e| format!("head: {e}"))?;
    for byte in body {
        tokio::time::sleep(pace).await;
        if let Err(error) = stream.write_all(&[byte]).await {
            return Err(format!("cut off: {error}"));
        }
    }
    let mut answer = vec![0; 256];
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut answer))
        .await
        .map_err(|_| "no answer yet".to_owned())?
        .map_err(|e| format!("read: {e}"))?;
    Ok(String::from_utf8_lossy(&answer[..read])
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn slow_and_unfinished_clients_hold_no_worker() {
    let app = start().await;
    let host = host(&app);
    let post_head = |length: usize| {
        format!(
            "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
        )
    };
    during(&app, "slow clients", async {
        let mut clients = Vec::new();
        let pace = Duration::from_millis(150);
        // Bodies announced as 1,000 bytes of which 20 come, slowly; then nothing more.
        for _ in 0..40 {
            let body = b"{\"query\":\"{ __typenam".to_vec();
            clients.push(tokio::spawn(trickle(host.clone(), post_head(1_000), body, pace)));
        }
        // Headers that never end.
        for _ in 0..40 {
            let head = "GET /graphql?query=%7B__typename%7D HTTP/1.1\r\nHost: x\r\n".to_owned();
            clients.push(tokio::spawn(trickle(
                host.clone(),
                head,
                b"X-Slow: yes\r\n".to_vec(),
                pace,
            )));
        }
        // Connections that say nothing at all.
        let mut idle = Vec::new();
        for _ in 0..100 {
            idle.push(TcpStream::connect(&host).await.expect("connect"));
        }
        // A complete request sent slowly is answered all the same.
        let body = b"{\"query\":\"{ __typename }\"}".to_vec();
        let complete = tokio::spawn(trickle(
            host.clone(),
            post_head(body.len()),
            body,
            Duration::from_millis(100),
        ));
        // Meanwhile ordinary requests are answered within a second.
        for round in 0..10 {
            let reply = post(&app, "{ __typename }", &json!({}), None).await;
            let ok = reply
                .as_ref()
                .is_ok_and(|reply| reply.status == 200 && reply.elapsed < HEALTHY_WITHIN);
            assert!(
                ok,
                "round {round}: an ordinary query during the slow clients: {reply:?}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let complete = complete.await.expect("slow complete client");
        assert!(
            complete.as_ref().is_ok_and(|status| status.starts_with("HTTP/1.1 200")),
            "a complete request sent slowly: {complete:?}"
        );
        for client in clients {
            // Cut off, answered or still waiting: each is the server's call.
            let _ = client.await;
        }
        drop(idle);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn websocket_messages_too_large_not_utf8_or_too_deep_end_only_their_connection() {
    let app = start().await;
    let huge_query = json!({ "id": "1", "type": "subscribe", "payload": { "query": "a".repeat(1_100_000) } });
    let deep = format!(
        "{{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{{\"query\":\"{{ __typename }}\",\"variables\":{{\"a\":{}}}}}}}",
        "[".repeat(10_000)
    );
    let deep_init = format!(
        "{{\"type\":\"connection_init\",\"payload\":{{\"a\":{}}}}}",
        "[".repeat(10_000)
    );
    let fragment = |payload: Vec<u8>, opcode: Data, last: bool| {
        Message::Frame(Frame::message(payload, OpCode::Data(opcode), last))
    };
    let failures = during(&app, "websocket abuse", async {
        let mut failures = Vec::new();
        let cases: Vec<(&str, Vec<Message>, bool)> = vec![
            (
                "a text message over 1 MiB",
                vec![Message::text(huge_query.to_string())],
                true,
            ),
            (
                "a binary message over 1 MiB",
                vec![Message::binary(vec![b'{'; 1_100_000])],
                true,
            ),
            (
                "2 MiB in 64 KiB fragments",
                (0..32)
                    .map(|i| {
                        fragment(
                            vec![b' '; 64 * 1024],
                            if i == 0 { Data::Text } else { Data::Continue },
                            i == 31,
                        )
                    })
                    .collect(),
                true,
            ),
            (
                "invalid UTF-8 in a text frame",
                vec![fragment(vec![0xff, 0xfe, 0x7b], Data::Text, true)],
                true,
            ),
            ("variables 10,000 deep", vec![Message::text(deep)], false),
            (
                "a connection_init payload 10,000 deep",
                vec![Message::text(deep_init)],
                false,
            ),
            ("not JSON", vec![Message::text("{ nope")], false),
            ("JSON of the wrong shape", vec![Message::text("[1, 2, 3]")], false),
        ];
        for (name, messages, must_close) in cases {
            let mut socket = ws_ready(&app).await;
            let mut how = String::new();
            for message in messages {
                if let Err(error) = socket.send(message).await {
                    how = format!("the send failed: {error}");
                    break;
                }
            }
            if how.is_empty() {
                how = match ws_next(&mut socket, Duration::from_secs(10)).await {
                    Ok(value) => format!("answered {}", brief(&value)),
                    Err(why) => why,
                };
            }
            println!("{name}: {how}");
            if must_close && how.starts_with("answered") {
                failures.push(format!("{name}: the connection stayed open: {how}"));
            }
            // Whatever happened to that connection, a new one works.
            let mut fresh = ws_ready(&app).await;
            if let Err(why) = ws_still_usable(&mut fresh).await {
                failures.push(format!("after {name}: a new connection: {why}"));
            }
        }
        // Many operations on one connection, and many connections that never say hello.
        let mut socket = ws_ready(&app).await;
        for id in 0..5_000 {
            let subscribe = json!({ "id": format!("s{id}"), "type": "subscribe",
                "payload": { "query": "subscription { contentPublished { kind } }" } });
            if socket.send(Message::text(subscribe.to_string())).await.is_err() {
                println!("5,000 subscriptions: the connection ended after {id}");
                break;
            }
        }
        let mut silent = Vec::new();
        for _ in 0..100 {
            silent.push(plaza_blackbox::ws::connect(&app.address, None).await.expect("connect"));
        }
        if let Err(why) = ws_still_usable(&mut ws_ready(&app).await).await {
            failures.push(format!("after 5,000 subscriptions and 100 silent sockets: {why}"));
        }
        drop(silent);
        failures
    })
    .await;
    assert_none("websocket abuse", &failures);
}
