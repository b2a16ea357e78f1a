//! Hostile input against the real binary: the requests that used to abort the process, a
//! generated corpus of malformed, oversized and deeply nested requests on every transport, slow
//! clients and markdown bombs. For each: a 4xx with a code (or, for documents that are valid
//! GraphQL refused at validation, an error with a code), never a 5xx or a dropped connection,
//! the process alive after, and `/healthz` answering within a second while the attack runs.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use futures::{SinkExt as _, StreamExt as _};
use plaza_blackbox::TestApp;
use plaza_blackbox::ws::Socket;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

mod corpus;
mod documents;
mod graphql;
mod markdown;
mod schema;
mod transport;

/// The longest any hostile request may take to be answered: the target is 2 s in a release
/// build; this is a debug build sharing the CPU with the other black-box tests.
const ANSWER_WITHIN: Duration = Duration::from_secs(5);
/// `/healthz` answers within this during every attack.
const HEALTHY_WITHIN: Duration = Duration::from_secs(1);
/// Past this, a request counts as never answered.
const GIVE_UP_AFTER: Duration = Duration::from_secs(20);

/// A Plaza whose rate limits stay out of the way of the corpus (they are tested elsewhere).
async fn start_in(data: tempfile::TempDir) -> TestApp {
    let unlimited = [
        ("PLAZA_RATE_LIMIT_PER_ADDRESS", "100000"),
        ("PLAZA_RATE_LIMIT_PER_CREDENTIAL", "100000"),
    ];
    TestApp::start_with(data, &[], &unlimited, None).await
}

async fn start() -> TestApp {
    start_in(TestApp::data_dir()).await
}

/// An answer to one request.
#[derive(Debug)]
struct Reply {
    status: u16,
    body: Value,
    elapsed: Duration,
}

impl Reply {
    fn code(&self) -> Option<&str> {
        plaza_blackbox::error_code(&self.body)
    }
}

/// What a hostile request must get.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// Refused before parsing: a 400 with one of these codes.
    Refused(&'static [&'static str]),
    /// An error with one of these codes (any code when empty): a 4xx, or a 200 whose first
    /// error carries it.
    Error(&'static [&'static str]),
    /// Any answer but a 5xx; every error carries a code, and none of these.
    Handled(&'static [&'static str]),
    /// A 200 with data and no errors.
    Answered,
}

/// The pre-scan's codes for documents.
const TOO_DEEP: &[&str] = &["QUERY_TOO_DEEP"];
const TOO_LARGE: &[&str] = &["QUERY_TOO_LARGE"];
const TOO_DEEP_OR_LARGE: &[&str] = &["QUERY_TOO_DEEP", "QUERY_TOO_LARGE"];
const ANY: &[&str] = &[];

/// Whether `reply` meets `expect`; the reason when it does not.
fn verdict(reply: &Reply, expect: Expect) -> Result<(), String> {
    let code = reply.code();
    let errors = reply.body["errors"].as_array();
    if reply.status >= 500 {
        return Err(format!("a {} answer", reply.status));
    }
    if let Some(errors) = errors
        && let Some(uncoded) = errors.iter().find(|e| e["extensions"]["code"].as_str().is_none())
    {
        return Err(format!("an error without a code: {uncoded}"));
    }
    let wanted = |codes: &[&str]| code.is_some_and(|code| codes.is_empty() || codes.contains(&code));
    let ok = match expect {
        Expect::Refused(codes) => reply.status == 400 && wanted(codes),
        Expect::Error(codes) => (reply.status == 200 || (400..500).contains(&reply.status)) && wanted(codes),
        Expect::Handled(not) => {
            (reply.status == 200 || ((400..500).contains(&reply.status) && code.is_some()))
                && !code.is_some_and(|code| not.contains(&code))
        }
        Expect::Answered => reply.status == 200 && errors.is_none() && !reply.body["data"].is_null(),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("expected {expect:?}, got {}", reply.status))
    }
}

/// A short view of a body for failure messages.
fn brief(body: &Value) -> String {
    let text = body.to_string();
    if text.len() > 400 {
        format!("{}… ({} bytes)", &text[..text.floor_char_boundary(400)], text.len())
    } else {
        text
    }
}

/// A short view of a document for failure messages (control characters escaped).
fn shorten(text: &str) -> String {
    let escaped = |part: &str| format!("{part:?}");
    if text.len() > 120 {
        let head = &text[..text.floor_char_boundary(60)];
        let tail = &text[text.ceil_char_boundary(text.len() - 40)..];
        format!("{}…{} ({} bytes)", escaped(head), escaped(tail), text.len())
    } else {
        escaped(text)
    }
}

async fn answer(request: reqwest::RequestBuilder) -> Result<Reply, String> {
    let started = Instant::now();
    let response = match tokio::time::timeout(GIVE_UP_AFTER, request.send()).await {
        Err(_) => return Err(format!("no answer within {GIVE_UP_AFTER:?}")),
        Ok(Err(error)) => return Err(format!("no answer: {:?}", error.without_url())),
        Ok(Ok(response)) => response,
    };
    let status = response.status().as_u16();
    let text = match tokio::time::timeout(GIVE_UP_AFTER, response.text()).await {
        Ok(Ok(text)) => text,
        Ok(Err(error)) => {
            return Err(format!("{status}, then the body broke off: {:?}", error.without_url()));
        }
        Err(_) => return Err(format!("{status}, then no body within {GIVE_UP_AFTER:?}")),
    };
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Ok(Reply {
        status,
        body,
        elapsed: started.elapsed(),
    })
}

/// POSTs raw bytes to `/graphql` as JSON, asking for `accept` if given.
async fn post_bytes(app: &TestApp, body: Vec<u8>, accept: Option<&str>, token: Option<&str>) -> Result<Reply, String> {
    let mut request = app
        .http
        .post(format!("{}/graphql", app.address))
        .header("content-type", "application/json")
        .body(body);
    if let Some(accept) = accept {
        request = request.header("accept", accept);
    }
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    answer(request).await
}

/// POSTs a document (and variables) to `/graphql`.
async fn post(app: &TestApp, query: &str, variables: &Value, token: Option<&str>) -> Result<Reply, String> {
    let body = json!({ "query": query, "variables": variables }).to_string();
    post_bytes(app, body.into_bytes(), None, token).await
}

/// GETs `/graphql` with these (unencoded) query parameters. URLs past what the HTTP client
/// builds (64 KiB) go over a plain socket.
async fn get(app: &TestApp, params: &[(&str, &str)]) -> Result<Reply, String> {
    let mut url = reqwest::Url::parse(&format!("{}/graphql", app.address)).expect("url");
    url.query_pairs_mut().extend_pairs(params);
    if url.as_str().len() < 60_000 {
        return answer(app.http.get(url)).await;
    }
    get_target(app, &url.as_str()[app.address.len()..]).await
}

/// GETs `target` (a path with its query string, encoded) over a plain socket.
async fn get_target(app: &TestApp, target: &str) -> Result<Reply, String> {
    let request = format!("GET {target} HTTP/1.1\r\nHost: plaza\r\nConnection: close\r\n\r\n");
    let started = Instant::now();
    let exchange = async {
        use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
        let host = app.address.trim_start_matches("http://");
        let mut stream = tokio::net::TcpStream::connect(host).await.map_err(|e| e.to_string())?;
        stream
            .write_all(request.as_bytes())
            .await
            .map_err(|e| format!("write: {e}"))?;
        let mut response = Vec::new();
        stream
            .read_to_end(&mut response)
            .await
            .map_err(|e| format!("read: {e}"))?;
        Ok::<_, String>(response)
    };
    let response = tokio::time::timeout(GIVE_UP_AFTER, exchange)
        .await
        .map_err(|_| format!("no answer within {GIVE_UP_AFTER:?}"))??;
    let text = String::from_utf8_lossy(&response);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .ok_or_else(|| format!("no HTTP answer: {text:.200}"))?;
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|status| status.parse().ok())
        .ok_or_else(|| format!("no status: {head:.200}"))?;
    let chunked = head.to_ascii_lowercase().contains("transfer-encoding: chunked");
    let body = if chunked { dechunk(body) } else { body.to_owned() };
    Ok(Reply {
        status,
        body: serde_json::from_str(&body).unwrap_or(Value::String(body)),
        elapsed: started.elapsed(),
    })
}

/// Whether the HTTP layer itself refused a GET whose URL (`target`, encoded) is past the 64 KiB
/// a URI may have: a 414 without a body, before Plaza sees the request.
fn refused_by_http(reply: &Reply, target: &str) -> bool {
    reply.status == 414 && target.len() >= 60_000
}

/// The body of a chunked HTTP/1.1 response.
fn dechunk(mut rest: &str) -> String {
    let mut body = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 || after.len() < size {
            break;
        }
        body.push_str(&after[..size]);
        rest = after[size..].trim_start_matches("\r\n");
    }
    body
}

/// Whether the process is alive and serving: `/healthz`, `/readyz` and a trivial query, each
/// within [`ANSWER_WITHIN`].
async fn alive(app: &TestApp) -> Result<(), String> {
    let client = reqwest::Client::builder()
        .timeout(ANSWER_WITHIN)
        .build()
        .expect("client");
    for path in ["healthz", "readyz"] {
        let response = client.get(format!("{}/{path}", app.address)).send().await;
        match response {
            Ok(response) if response.status().is_success() => {}
            Ok(response) => return Err(format!("/{path} answers {}", response.status())),
            Err(error) => return Err(format!("/{path} does not answer: {error}")),
        }
    }
    let request = client
        .post(format!("{}/graphql", app.address))
        .json(&json!({ "query": "{ __typename }" }));
    let reply = answer(request).await?;
    if reply.status == 200 && reply.body["data"]["__typename"] == "Query" {
        Ok(())
    } else {
        Err(format!("a trivial query gets {}: {}", reply.status, brief(&reply.body)))
    }
}

async fn assert_alive(app: &TestApp, after: &str) {
    if let Err(why) = alive(app).await {
        panic!("after {after}: {why}");
    }
}

/// Polls `/healthz` on fresh connections, each within [`HEALTHY_WITHIN`], until stopped.
struct Watch {
    stop: Arc<AtomicBool>,
    task: std::thread::JoinHandle<(usize, Duration, Vec<String>)>,
}

impl Watch {
    /// Polls on a thread of its own with its own runtime, so that the test's own work (parsing
    /// megabytes of answers on its workers) never delays a poll and the latency measured is the
    /// server's.
    fn start(app: &TestApp) -> Watch {
        let url = format!("{}/healthz", app.address);
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        let task = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("watch runtime");
            runtime.block_on(async move {
                let client = reqwest::Client::builder()
                    .timeout(HEALTHY_WITHIN)
                    .pool_max_idle_per_host(0)
                    .build()
                    .expect("client");
                let (mut polls, mut slowest, mut failures) = (0, Duration::ZERO, Vec::new());
                loop {
                    let started = Instant::now();
                    let outcome = client.get(&url).send().await;
                    let elapsed = started.elapsed();
                    polls += 1;
                    slowest = slowest.max(elapsed);
                    match outcome {
                        Ok(response) if response.status().is_success() && elapsed <= HEALTHY_WITHIN => {}
                        Ok(response) => failures.push(format!("poll {polls}: {} after {elapsed:?}", response.status())),
                        Err(error) => failures.push(format!("poll {polls}: {error} after {elapsed:?}")),
                    }
                    if stopped.load(Ordering::Relaxed) {
                        return (polls, slowest, failures);
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            })
        });
        Watch { stop, task }
    }

    /// Stops polling; fails the test if any poll failed or was late.
    async fn finish(self, label: &str) {
        if let Err(why) = self.report(label).await {
            panic!("{why}");
        }
    }

    /// Stops polling; says which polls failed or were late, if any.
    async fn report(self, label: &str) -> Result<(), String> {
        self.stop.store(true, Ordering::Relaxed);
        let task = self.task;
        let (polls, slowest, failures) = tokio::task::spawn_blocking(move || task.join())
            .await
            .expect("health watch")
            .expect("health watch");
        println!("{label}: /healthz polled {polls} times, slowest {slowest:?}");
        if failures.is_empty() {
            Ok(())
        } else {
            let shown = failures.iter().take(3).cloned().collect::<Vec<_>>().join("; ");
            Err(format!(
                "{label}: /healthz did not answer within {HEALTHY_WITHIN:?} during the attack, {} of {polls} \
                 polls: {shown}{}",
                failures.len(),
                if failures.len() > 3 { "; …" } else { "" }
            ))
        }
    }
}

/// Runs `attack` while watching `/healthz`, then checks the process is alive.
async fn during<T>(app: &TestApp, label: &str, attack: impl Future<Output = T>) -> T {
    let watch = Watch::start(app);
    let started = Instant::now();
    let outcome = attack.await;
    println!("{label}: took {:?}", started.elapsed());
    watch.finish(label).await;
    assert_alive(app, label).await;
    outcome
}

/// Fails with every collected failure, one per line.
fn assert_none(label: &str, failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{label}: {} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A `graphql-transport-ws` connection past `connection_init`.
async fn ws_ready(app: &TestApp) -> Socket {
    let mut socket = plaza_blackbox::ws::connect(&app.address, None).await.expect("connect");
    ws_send(&mut socket, &json!({ "type": "connection_init", "payload": {} })).await;
    let ack = ws_next(&mut socket, Duration::from_secs(10)).await;
    assert_eq!(
        ack.as_ref().map(|m| m["type"].clone()),
        Ok(json!("connection_ack")),
        "{ack:?}"
    );
    socket
}

async fn ws_send(socket: &mut Socket, message: &Value) {
    socket.send(Message::text(message.to_string())).await.expect("send");
}

/// The next JSON message (pings answered, pongs skipped); `Err` says how the connection ended.
async fn ws_next(socket: &mut Socket, within: Duration) -> Result<Value, String> {
    let deadline = Instant::now() + within;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let message = match tokio::time::timeout(left, socket.next()).await {
            Err(_) => return Err(format!("no message within {within:?}")),
            Ok(None) => return Err("the connection ended".to_owned()),
            Ok(Some(Err(error))) => return Err(format!("the connection broke: {error}")),
            Ok(Some(Ok(message))) => message,
        };
        match message {
            Message::Text(text) => {
                let value: Value = serde_json::from_str(&text).map_err(|e| format!("not JSON ({e}): {text}"))?;
                match value["type"].as_str() {
                    Some("ping") => ws_send(socket, &json!({ "type": "pong" })).await,
                    Some("pong") => {}
                    _ => return Ok(value),
                }
            }
            Message::Close(frame) => return Err(format!("closed: {frame:?}")),
            _ => {}
        }
    }
}

/// Subscribes with `query` as operation `id` and returns the first answer for it (`error`, or
/// `next` after which the operation's `complete` is read too).
async fn ws_operation(socket: &mut Socket, id: &str, query: &str, variables: &Value) -> Result<Value, String> {
    let subscribe = json!({ "id": id, "type": "subscribe", "payload": { "query": query, "variables": variables } });
    socket
        .send(Message::text(subscribe.to_string()))
        .await
        .map_err(|e| format!("cannot send: {e}"))?;
    loop {
        let message = ws_next(socket, GIVE_UP_AFTER).await?;
        if message["id"] != json!(id) {
            continue;
        }
        if message["type"] == "next" {
            // Queries complete after their one result.
            loop {
                let next = ws_next(socket, GIVE_UP_AFTER).await?;
                if next["id"] == json!(id) && next["type"] == "complete" {
                    break;
                }
            }
        }
        return Ok(message);
    }
}

/// Whether a refused WebSocket operation got the protocol's `error` with one of `codes`.
fn ws_refused(answer: &Value, id: &str, codes: &[&str]) -> Result<(), String> {
    let code = answer["payload"][0]["extensions"]["code"].as_str();
    let ok = answer["type"] == "error"
        && answer["id"] == json!(id)
        && answer["payload"][0]["message"].is_string()
        && code.is_some_and(|code| codes.contains(&code));
    if ok {
        Ok(())
    } else {
        Err(format!("expected an error with {codes:?}, got {}", brief(answer)))
    }
}

/// The connection still works: a ping gets its pong and a query its answer.
async fn ws_still_usable(socket: &mut Socket) -> Result<(), String> {
    ws_send(socket, &json!({ "type": "ping" })).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, socket.next()).await {
            Ok(Some(Ok(Message::Text(text)))) if text.contains("\"pong\"") => break,
            Ok(Some(Ok(_))) => {}
            other => return Err(format!("no pong: {other:?}")),
        }
    }
    let answer = ws_operation(socket, "still-usable", "{ __typename }", &json!({})).await?;
    if answer["type"] == "next" && answer["payload"]["data"]["__typename"] == "Query" {
        Ok(())
    } else {
        Err(format!("a trivial query after the refusal got {}", brief(&answer)))
    }
}

/// A small deterministic generator (xorshift64*), so the corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..bound`.
    fn below(&mut self, bound: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(bound.max(1)).unwrap_or(1)).unwrap_or(0)
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}
