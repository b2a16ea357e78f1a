//! The documents that aborted the process (a list literal nested 8,000 deep, an object literal
//! and a selection set nested 5,000 deep), by POST, GET and WebSocket; the pre-scan's limits at
//! their exact edges; brackets inside strings, block strings and comments, which do not count.

use super::*;

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

/// The killers of issue 15: each under 32 KiB and 4,000 tokens, so only the depth refuses them.
fn killers() -> Vec<(&'static str, String)> {
    let search = |filter: String| format!("{{ search(query: \"x\", filter: {filter}) {{ totalCount }} }}");
    vec![
        (
            "a list literal nested 8,000 deep",
            search(format!("{}{}", "[".repeat(8_000), "]".repeat(8_000))),
        ),
        (
            "an object literal nested 5,000 deep",
            search(format!("{}{}", "{a:".repeat(5_000), "}".repeat(5_000))),
        ),
        (
            "a selection set nested 5,000 deep",
            format!("{}{}", "{ a ".repeat(5_000), "}".repeat(5_000)),
        ),
    ]
}

/// Each killer by POST (both media types), by GET and by WebSocket.
async fn attack(app: &TestApp, name: &str, query: &str) -> Vec<String> {
    let mut failures = Vec::new();
    let body = json!({ "query": query }).to_string().into_bytes();
    let params = [("query", query)];
    let (as_json, as_graphql, by_get) = tokio::join!(
        post_bytes(app, body.clone(), Some("application/json"), None),
        post_bytes(app, body, Some(GRAPHQL_RESPONSE), None),
        get(app, &params),
    );
    for (via, reply) in [
        ("POST", as_json),
        ("POST (graphql-response)", as_graphql),
        ("GET", by_get),
    ] {
        let outcome = reply.and_then(|reply| {
            verdict(&reply, Expect::Refused(TOO_DEEP)).map_err(|why| format!("{why}: {}", brief(&reply.body)))?;
            match reply.body["errors"][0]["message"].as_str() {
                Some(message) if !message.is_empty() => Ok(()),
                _ => Err(format!("no message: {}", brief(&reply.body))),
            }
        });
        if let Err(why) = outcome {
            failures.push(format!("{name} by {via}: {why}"));
        }
    }
    let mut socket = ws_ready(app).await;
    let outcome = ws_operation(&mut socket, "killer", query, &json!({}))
        .await
        .and_then(|answer| ws_refused(&answer, "killer", TOO_DEEP));
    if let Err(why) = outcome {
        failures.push(format!("{name} by WebSocket: {why}"));
    } else if let Err(why) = ws_still_usable(&mut socket).await {
        failures.push(format!("{name} by WebSocket, then: {why}"));
    }
    failures
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_documents_that_aborted_the_process_are_refused_on_every_transport() {
    let app = start().await;
    let failures = during(&app, "killers", async {
        let killers = killers();
        let attacks = killers.iter().map(|(name, query)| attack(&app, name, query));
        futures::future::join_all(attacks).await.concat()
    })
    .await;
    assert_none("killers", &failures);

    // Again, all at once and twice over, as an attacker who wants to stall the workers would.
    let failures = during(&app, "killers at once", async {
        let killers = killers();
        let attacks = killers
            .iter()
            .chain(killers.iter())
            .map(|(name, query)| attack(&app, name, query));
        futures::future::join_all(attacks).await.concat()
    })
    .await;
    assert_none("killers at once", &failures);
}

/// A document of exactly `bytes` bytes: `{ __typename }` padded with a comment.
fn padded(bytes: usize) -> String {
    let head = "{ __typename } #";
    format!("{head}{}", "x".repeat(bytes - head.len()))
}

/// `{ search(query: "x", filter: {tags: [<n strings>]}) { totalCount } }`: 19 + n tokens.
fn tokens(n: usize) -> String {
    format!(
        "{{ search(query: \"x\", filter: {{tags: [{}]}}) {{ totalCount }} }}",
        "\"a\" ".repeat(n)
    )
}

/// Brackets nested `depth` deep in all (the operation's braces included).
fn nested(depth: usize) -> String {
    // `{`, `search(`, `{tags:` and then lists.
    let lists = depth - 3;
    format!(
        "{{ search(query: \"x\", filter: {{tags: {}\"a\"{}}}) {{ totalCount }} }}",
        "[".repeat(lists),
        "]".repeat(lists)
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_limits_hold_at_their_exact_edges_and_brackets_in_strings_and_comments_do_not_count() {
    let app = start().await;
    let deep = "[".repeat(8_000);
    let cases: Vec<(&str, String, Expect)> = vec![
        ("32 KiB exactly", padded(32 * 1024), Expect::Answered),
        ("32 KiB and a byte", padded(32 * 1024 + 1), Expect::Refused(TOO_LARGE)),
        ("4,000 tokens", tokens(4_000 - 19), Expect::Handled(TOO_DEEP_OR_LARGE)),
        ("4,001 tokens", tokens(4_001 - 19), Expect::Refused(TOO_LARGE)),
        ("nested 32 deep", nested(32), Expect::Handled(TOO_DEEP_OR_LARGE)),
        ("nested 33 deep", nested(33), Expect::Refused(TOO_DEEP)),
        (
            "8,000 brackets in a string",
            format!("{{ previewMarkdown(markdown: \"{deep}\") }}"),
            Expect::Answered,
        ),
        (
            "8,000 brackets in a block string",
            format!("{{ previewMarkdown(markdown: \"\"\"{deep}\"\"\") }}"),
            Expect::Answered,
        ),
        (
            "8,000 brackets in a block string with escaped quotes",
            format!("{{ previewMarkdown(markdown: \"\"\"a \\\"\"\" {deep} \\\"\"\"\"\"\") }}"),
            Expect::Answered,
        ),
        (
            "8,000 brackets in a comment",
            format!("# {deep}\n{{ __typename }}"),
            Expect::Answered,
        ),
        (
            "braces in strings",
            format!("{{ previewMarkdown(markdown: \"{}\") }}", "{(".repeat(4_000)),
            Expect::Answered,
        ),
        // Where the pre-scan and the parser could disagree on where a string ends.
        (
            "an escaped backslash ends the string",
            format!("{{ search(query: \"a\\\\\", filter: {deep}"),
            Expect::Refused(TOO_DEEP),
        ),
        (
            "an escaped quote does not end the string",
            format!("{{ search(query: \"a\\\"\", filter: {deep}"),
            Expect::Refused(TOO_DEEP),
        ),
        (
            "a line end ends an unterminated string",
            format!("{{ search(query: \"a\n{deep}"),
            Expect::Refused(TOO_DEEP),
        ),
        (
            "a carriage return ends a comment",
            format!("# a comment\r{{ search(query: \"x\", filter: {deep}"),
            Expect::Refused(TOO_DEEP),
        ),
        (
            "an empty string then brackets",
            format!("{{ search(query: \"\", filter: {deep}"),
            Expect::Refused(TOO_DEEP),
        ),
        (
            "a block string closed after an escaped one",
            format!("{{ search(query: \"\"\"a\\\"\"\"b\"\"\", filter: {deep}"),
            Expect::Refused(TOO_DEEP),
        ),
        (
            "four quotes: a block string holding a quote",
            format!("{{ previewMarkdown(markdown: \"\"\"\"{deep}\"\"\") }}"),
            Expect::Answered,
        ),
        (
            "an unterminated block string",
            format!("{{ search(query: \"\"\"{deep}"),
            Expect::Error(ANY),
        ),
    ];
    let failures = during(&app, "edges", async {
        let mut failures = Vec::new();
        for (name, query, expect) in &cases {
            for accept in ["application/json", GRAPHQL_RESPONSE] {
                let body = json!({ "query": query }).to_string().into_bytes();
                let outcome = post_bytes(&app, body, Some(accept), None)
                    .await
                    .and_then(|reply| verdict(&reply, *expect).map_err(|why| format!("{why}: {}", brief(&reply.body))));
                if let Err(why) = outcome {
                    failures.push(format!("{name} ({accept}): {why}\n  query: {}", shorten(query)));
                }
            }
            let outcome = get(&app, &[("query", query)]).await.and_then(|reply| {
                // GET answers what POST answers; an unparsable GET document may be refused
                // as a possible mutation only if it is not refused for its shape first.
                verdict(&reply, *expect).map_err(|why| format!("{why}: {}", brief(&reply.body)))
            });
            if let Err(why) = outcome {
                failures.push(format!("{name} (GET): {why}\n  query: {}", shorten(query)));
            }
        }
        failures
    })
    .await;
    assert_none("edges", &failures);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_websocket_survives_refused_operations_and_messages_it_cannot_read() {
    let app = start().await;
    let deep_list = format!(
        "{{ search(query: \"x\", filter: {}) {{ totalCount }} }}",
        "[".repeat(8_000)
    );
    let failures = during(&app, "websocket", async {
        let mut failures = Vec::new();
        let mut socket = ws_ready(&app).await;
        // Refused operations, one after another on one connection.
        let refusals: Vec<(&str, String, &[&str])> = vec![
            ("deep", deep_list.clone(), TOO_DEEP),
            ("large", padded(40 * 1024), TOO_LARGE),
            ("many tokens", tokens(5_000), TOO_LARGE),
            (
                "deep subscription",
                format!(
                    "subscription {{ contentPublished(filter: {}) {{ kind }} }}",
                    "{a:".repeat(5_000)
                ),
                TOO_DEEP,
            ),
        ];
        for (name, query, codes) in &refusals {
            let outcome = ws_operation(&mut socket, name, query, &json!({}))
                .await
                .and_then(|answer| ws_refused(&answer, name, codes));
            if let Err(why) = outcome {
                failures.push(format!("WebSocket {name}: {why}"));
            }
        }
        if let Err(why) = ws_still_usable(&mut socket).await {
            failures.push(format!("WebSocket after the refusals: {why}"));
        }

        // A duplicated key must not smuggle a deep document past the pre-scan: whichever
        // value a reader takes, the answer is a refusal or an error, and the server lives.
        let smuggled = [
            format!(
                r#"{{"id":"dup-type","type":"subscribe","payload":{{"query":{}}},"type":"ping"}}"#,
                json!(deep_list)
            ),
            format!(
                r#"{{"id":"dup-query","type":"subscribe","payload":{{"query":{},"query":"{{ __typename }}"}}}}"#,
                json!(deep_list)
            ),
        ];
        for (index, text) in smuggled.iter().enumerate() {
            let mut socket = ws_ready(&app).await;
            socket.send(Message::text(text.clone())).await.expect("send");
            // Whatever the answer (a refusal, an error, the harmless twin's data, a close),
            // the deep document must not have reached the parser.
            let answer = ws_next(&mut socket, Duration::from_secs(5)).await;
            println!(
                "duplicated keys {index}: {}",
                answer.as_ref().map_or_else(Clone::clone, brief)
            );
            assert_alive(&app, &format!("duplicated keys {index}")).await;
        }

        // The older graphql-ws protocol is pre-scanned too.
        let mut legacy = plaza_blackbox::ws::connect_with(&app.address, "graphql-ws", None)
            .await
            .expect("graphql-ws");
        ws_send(&mut legacy, &json!({ "type": "connection_init", "payload": {} })).await;
        ws_send(
            &mut legacy,
            &json!({ "id": "old", "type": "start", "payload": { "query": deep_list } }),
        )
        .await;
        let answer = loop {
            let answer = ws_next(&mut legacy, Duration::from_secs(10)).await;
            if !answer
                .as_ref()
                .is_ok_and(|a| a["type"] == "ka" || a["type"] == "connection_ack")
            {
                break answer;
            }
        };
        let coded = answer.as_ref().is_ok_and(|a| {
            a["type"] == "error"
                && a["id"] == "old"
                && (a["payload"]["extensions"]["code"] == "QUERY_TOO_DEEP"
                    || a["payload"][0]["extensions"]["code"] == "QUERY_TOO_DEEP")
        });
        if !coded {
            failures.push(format!("graphql-ws deep start: {answer:?}"));
        }
        failures
    })
    .await;
    assert_none("websocket", &failures);
}

/// Documents of a few hundred bytes whose fragments multiply what is validated and run.
fn fragment_bombs() -> Vec<(String, String)> {
    let mut bombs = Vec::new();
    let fan_out = |fan: usize, levels: usize, leaf: &str| {
        let chain: String = (1..=levels)
            .map(|i| format!("fragment F{i} on Query {{ {}}} ", format!("...F{} ", i - 1).repeat(fan)))
            .collect();
        format!("{{ ...F{levels} }} fragment F0 on Query {{ {leaf} }} {chain}")
    };
    for (fan, levels) in [(2, 30), (3, 20), (10, 9)] {
        bombs.push((
            format!("{fan}^{levels} typenames through named fragments"),
            fan_out(fan, levels, "__typename"),
        ));
    }
    // A field that costs complexity: refused as too complex, but the complexity is counted
    // by visiting every expansion.
    bombs.push((
        "2^30 viewers through named fragments".to_owned(),
        fan_out(2, 30, "viewer { signedIn }"),
    ));
    let chain: String = (1..=25)
        .map(|i| {
            format!(
                "fragment S{i} on Query {{ ... on Query {{ ...S{n} }} ... on Query {{ ...S{n} }} }} ",
                n = i - 1
            )
        })
        .collect();
    bombs.push((
        "2^25 searches through inline fragments".to_owned(),
        format!("{{ ...S25 }} fragment S0 on Query {{ search(query: \"x\") {{ totalCount }} }} {chain}"),
    ));
    let levels = 12;
    let chain: String = (1..levels)
        .map(|i| {
            format!(
                "fragment T{i} on __Type {{ name fields {{ name type {{ ...T{n} }} }} ofType {{ ...T{n} }} }} ",
                n = i + 1
            )
        })
        .collect();
    bombs.push((
        format!("introspection fanned out {levels} levels deep"),
        format!("{{ __schema {{ types {{ ...T1 }} }} }} {chain}fragment T{levels} on __Type {{ name }}"),
    ));
    let chain: String = (0..400)
        .map(|i| format!("fragment C{i} on Query {{ ...C{} }} ", i + 1))
        .collect();
    bombs.push((
        "a chain of 400 fragments".to_owned(),
        format!("{{ ...C0 }} {chain}fragment C400 on Query {{ __typename }}"),
    ));
    bombs
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fragments_that_multiply_the_work_are_answered_quickly_without_stalling_the_server() {
    let mut failures = Vec::new();
    for (name, query) in fragment_bombs() {
        // A fresh server for each, so that one still grinding does not blame the next.
        let app = start().await;
        let watch = Watch::start(&app);
        let (params, variables) = ([("query", query.as_str())], json!({}));
        let (first, second) = tokio::join!(post(&app, &query, &variables, None), get(&app, &params));
        for (via, reply) in [("POST", first), ("GET", second)] {
            let outcome = reply.and_then(|reply| {
                println!(
                    "{name} ({via}): {} after {:?}: {}",
                    reply.status,
                    reply.elapsed,
                    brief(&reply.body)
                );
                verdict(&reply, Expect::Handled(ANY)).map_err(|why| format!("{why}: {}", brief(&reply.body)))?;
                if reply.elapsed > ANSWER_WITHIN {
                    return Err(format!("answered after {:?}", reply.elapsed));
                }
                Ok(())
            });
            if let Err(why) = outcome {
                failures.push(format!("{name} ({via}, {} bytes): {why}", query.len()));
            }
        }
        if let Err(why) = watch.report(&name).await {
            failures.push(why);
        }
        if let Err(why) = alive(&app).await {
            failures.push(format!("after {name}: {why}"));
        }
        // Killed rather than stopped: a server still grinding would not stop in time.
        drop(app.crash());
    }
    assert_none("fragment bombs", &failures);
}
