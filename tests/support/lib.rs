//! Test harness for black-box tests: runs the real `plaza` binary on a free port with its own
//! data directory, and talks to it over HTTP like any client.
// A test harness fails tests by panicking: that is its job.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The `plaza` binary built beside this test binary (`make test` builds it first).
pub fn plaza_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let profile_dir = exe.parent().and_then(Path::parent).expect("target/<profile>");
    let binary = profile_dir.join("plaza");
    assert!(
        binary.exists(),
        "{} is missing: run `cargo build --bins` first (make test does)",
        binary.display()
    );
    binary
}

/// A running Plaza with its own data directory.
pub struct TestApp {
    /// Base URL, e.g. `http://127.0.0.1:41234`.
    pub address: String,
    /// The data directory (kept until the app is dropped).
    pub data: tempfile::TempDir,
    child: Option<Child>,
    /// The HTTP client.
    pub http: reqwest::Client,
}

/// The result of running a CLI command.
#[derive(Debug)]
pub struct CliOutput {
    /// Exit status was zero.
    pub success: bool,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs `plaza <args>` against `data_dir` (no server may hold it).
pub fn cli(data_dir: &Path, args: &[&str]) -> CliOutput {
    let output = Command::new(plaza_binary())
        .args(args)
        .env("PLAZA_DATA_DIR", data_dir)
        .env("RUST_LOG", "warn")
        .current_dir(data_dir)
        .output()
        .expect("run plaza");
    CliOutput {
        success: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs a CLI command and expects it to succeed, returning stdout.
pub fn cli_ok(data_dir: &Path, args: &[&str]) -> String {
    let output = cli(data_dir, args);
    assert!(
        output.success,
        "plaza {args:?} failed:\n{}\n{}",
        output.stdout, output.stderr
    );
    output.stdout
}

impl TestApp {
    /// A fresh, empty data directory (prepare it with [`cli`] before [`TestApp::start`]).
    pub fn data_dir() -> tempfile::TempDir {
        tempfile::tempdir().expect("temporary data directory")
    }

    /// Starts `plaza serve` (with `extra` arguments) on a free port over `data`.
    pub async fn start(data: tempfile::TempDir, extra: &[&str]) -> TestApp {
        TestApp::start_with(data, extra, &[], None).await
    }

    /// [`TestApp::start`] with extra environment variables, and the log (stderr) written to
    /// `log` when given.
    pub async fn start_with(
        data: tempfile::TempDir,
        extra: &[&str],
        env: &[(&str, &str)],
        log: Option<&Path>,
    ) -> TestApp {
        let stderr = match log {
            Some(path) => Stdio::from(std::fs::File::create(path).expect("log file")),
            None => Stdio::inherit(),
        };
        let mut child = Command::new(plaza_binary())
            .arg("serve")
            .args(extra)
            .env("PLAZA_DATA_DIR", data.path())
            .env("PLAZA_LISTEN", "127.0.0.1:0")
            .env("PLAZA_LOG_FORMAT", "json")
            .env("RUST_LOG", "warn")
            .envs(env.iter().copied())
            .current_dir(data.path())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("start plaza serve");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(address) = line.strip_prefix("plaza listening on ") {
                    let _ = sender.send(address.trim().to_owned());
                }
            }
        });
        let address = receiver
            .recv_timeout(Duration::from_secs(120))
            .expect("plaza did not start listening");
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .expect("client");
        TestApp {
            address,
            data,
            child: Some(child),
            http,
        }
    }

    /// A new app with the demo network loaded.
    pub async fn with_demo() -> TestApp {
        TestApp::start(TestApp::data_dir(), &["--demo"]).await
    }

    /// Stops the server gracefully (SIGTERM) and returns its data directory.
    pub fn stop(mut self) -> tempfile::TempDir {
        self.terminate();
        let data = tempfile::tempdir().expect("placeholder");
        std::mem::replace(&mut self.data, data)
    }

    /// Kills the server without warning (SIGKILL), as a crash would, and returns its data.
    pub fn crash(mut self) -> tempfile::TempDir {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let data = tempfile::tempdir().expect("placeholder");
        std::mem::replace(&mut self.data, data)
    }

    fn terminate(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status();
            let deadline = Instant::now() + Duration::from_secs(15);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Posts a GraphQL request as JSON, with an optional bearer token.
    pub async fn graphql(&self, query: &str, variables: Value, token: Option<&str>) -> (u16, Value) {
        let mut request = self
            .http
            .post(format!("{}/graphql", self.address))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        let body = response.json::<Value>().await.unwrap_or(Value::Null);
        (status, body)
    }

    /// The global id of the agency with `slug`.
    pub async fn agency_id(&self, slug: &str) -> String {
        let (_, body) = self
            .graphql(
                "query($slug: String!) { agency(slug: $slug) { id } }",
                json!({ "slug": slug }),
                None,
            )
            .await;
        body["data"]["agency"]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("{body}"))
            .to_owned()
    }

    /// Posts raw bytes to `/graphql` with a content type.
    pub async fn post_raw(&self, content_type: &str, body: Vec<u8>) -> (u16, Value) {
        let response = self
            .http
            .post(format!("{}/graphql", self.address))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        (status, response.json::<Value>().await.unwrap_or(Value::Null))
    }

    /// Whether `/readyz` answers 200.
    pub async fn is_ready(&self) -> bool {
        self.http
            .get(format!("{}/readyz", self.address))
            .send()
            .await
            .map(|r| r.status().as_u16() == 200)
            .unwrap_or(false)
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.terminate();
    }
}

/// The `extensions.code` of the first error of a response.
pub fn error_code(body: &Value) -> Option<&str> {
    body["errors"][0]["extensions"]["code"].as_str()
}

/// The `extensions.field` of the first error of a response.
pub fn error_field(body: &Value) -> Option<&str> {
    body["errors"][0]["extensions"]["field"].as_str()
}

/// Prepares a data directory with two agencies, an editor and a member in each, and returns
/// write tokens by name: `editor_a`, `editor_b`, `member_a`, `member_b`, `reader_a` (read scope).
pub fn two_agencies(data: &Path) -> std::collections::HashMap<&'static str, String> {
    for (slug, name, level, country, domain) in [
        ("agency-a", "Agency A", "local", "ES", "a.example"),
        ("agency-b", "Agency B", "regional", "AR", "b.example"),
    ] {
        let args = [
            "agency",
            "add",
            "--slug",
            slug,
            "--name",
            name,
            "--level",
            level,
            "--country",
            country,
            "--domain",
            domain,
        ];
        cli_ok(data, &args);
    }
    for (email, name, agency, editor) in [
        ("editor@a.example", "Editor A", "agency-a", true),
        ("member@a.example", "Member A", "agency-a", false),
        ("editor@b.example", "Editor B", "agency-b", true),
        ("member@b.example", "Member B", "agency-b", false),
    ] {
        let mut args = vec!["member", "add", "--email", email, "--name", name, "--agency", agency];
        if editor {
            args.extend(["--role", "editor"]);
        }
        cli_ok(data, &args);
    }
    let mut tokens = std::collections::HashMap::new();
    for (name, email, scope) in [
        ("editor_a", "editor@a.example", "write"),
        ("member_a", "member@a.example", "write"),
        ("editor_b", "editor@b.example", "write"),
        ("member_b", "member@b.example", "write"),
        ("reader_a", "editor@a.example", "read"),
    ] {
        let token = cli_ok(data, &["token", "issue", "--member", email, "--scope", scope]);
        tokens.insert(name, token.trim().to_owned());
    }
    tokens
}

/// Adds `email` as an agency admin of `agency` (a slug) and returns a write token for them.
pub fn agency_admin(data: &Path, agency: &str, email: &str) -> String {
    cli_ok(
        data,
        &[
            "member",
            "add",
            "--email",
            email,
            "--name",
            "Agency Admin",
            "--agency",
            agency,
            "--role",
            "agency_admin",
        ],
    );
    cli_ok(data, &["token", "issue", "--member", email, "--scope", "write"])
        .trim()
        .to_owned()
}

/// A test OpenID Connect provider (npm `oidc-provider`, `tests/oidc/idp.mjs`) on a free
/// loopback port, standing for one agency's identity provider.
pub struct TestIdp {
    /// The issuer, e.g. `http://127.0.0.1:41235`.
    pub issuer: String,
    child: Child,
}

impl TestIdp {
    /// Starts a provider with one confidential client allowed to redirect to `plaza`'s callback.
    pub fn start(plaza: &str, client_id: &str, client_secret: &str, email_domain: &str) -> TestIdp {
        TestIdp::start_on(0, plaza, client_id, client_secret, email_domain)
    }

    /// [`TestIdp::start`] on a given port (0: a free one). A provider restarted on its port
    /// keeps its issuer and gets a new signing key.
    pub fn start_on(port: u16, plaza: &str, client_id: &str, client_secret: &str, email_domain: &str) -> TestIdp {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("oidc");
        assert!(
            dir.join("node_modules/oidc-provider").exists(),
            "tests/oidc/node_modules is missing: run `npm ci --prefix tests/oidc` (make test does)"
        );
        let mut child = Command::new("node")
            .arg(dir.join("idp.mjs"))
            .args(["--port", &port.to_string()])
            .args(["--client-id", client_id, "--client-secret", client_secret])
            .args(["--redirect-uri", &format!("{plaza}/auth/callback")])
            .args(["--post-logout-redirect-uri", &format!("{plaza}/")])
            .args(["--email-domain", email_domain])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start node tests/oidc/idp.mjs");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(issuer) = line.strip_prefix("ready ") {
                    let _ = sender.send(issuer.trim().to_owned());
                }
            }
        });
        let issuer = receiver
            .recv_timeout(Duration::from_secs(60))
            .expect("the test identity provider did not start");
        TestIdp { issuer, child }
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.issuer
            .rsplit(':')
            .next()
            .and_then(|port| port.parse().ok())
            .expect("issuer port")
    }
}

impl Drop for TestIdp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A scripted browser: follows nothing by itself, keeps cookies per host (ignoring paths,
/// which only ever narrows what a real browser sends).
pub struct Browser {
    /// The HTTP client (redirects disabled).
    pub http: reqwest::Client,
    /// Cookies by host:port, then name.
    pub cookies: std::collections::HashMap<String, std::collections::BTreeMap<String, String>>,
}

/// A response as the scripted browser saw it.
#[derive(Debug)]
pub struct Seen {
    /// Status code.
    pub status: u16,
    /// `Location`, resolved against the request URL.
    pub location: Option<String>,
    /// Every `Set-Cookie` header.
    pub set_cookies: Vec<String>,
    /// The body.
    pub body: String,
}

impl Seen {
    /// The body as JSON (null when it is not).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }

    /// The `extensions.code` of a JSON error body.
    pub fn code(&self) -> String {
        self.json()["errors"][0]["extensions"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

fn host_of(url: &str) -> String {
    let rest = url.split("://").nth(1).unwrap_or(url);
    rest.split('/').next().unwrap_or(rest).to_owned()
}

impl Default for Browser {
    fn default() -> Self {
        Self::new()
    }
}

impl Browser {
    /// A browser with no cookies.
    pub fn new() -> Browser {
        Browser {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(30))
                .build()
                .expect("client"),
            cookies: Default::default(),
        }
    }

    /// A cookie's value for the host of `url`.
    pub fn cookie(&self, url: &str, name: &str) -> Option<String> {
        self.cookies.get(&host_of(url)).and_then(|jar| jar.get(name)).cloned()
    }

    /// Sets a cookie for the host of `url`.
    pub fn set_cookie(&mut self, url: &str, name: &str, value: &str) {
        self.cookies
            .entry(host_of(url))
            .or_default()
            .insert(name.to_owned(), value.to_owned());
    }

    /// Sends a request with this browser's cookies for its host and records the cookies set.
    pub async fn send(&mut self, request: reqwest::RequestBuilder) -> Seen {
        let mut request = request.build().expect("request");
        let url = request.url().to_string();
        if let Some(jar) = self.cookies.get(&host_of(&url)).filter(|jar| !jar.is_empty()) {
            let header = jar
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            request
                .headers_mut()
                .insert("cookie", header.parse().expect("cookie header"));
        }
        let response = self.http.execute(request).await.expect("request");
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|value| value.to_str().ok())
            .map(|location| resolve(&url, location));
        let set_cookies: Vec<String> = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|value| value.to_str().ok().map(str::to_owned))
            .collect();
        for line in &set_cookies {
            let pair = line.split(';').next().unwrap_or_default();
            if let Some((name, value)) = pair.split_once('=') {
                let expired = line.to_ascii_lowercase().contains("max-age=0") || value.is_empty();
                let jar = self.cookies.entry(host_of(&url)).or_default();
                if expired {
                    jar.remove(name.trim());
                } else {
                    jar.insert(name.trim().to_owned(), value.trim().to_owned());
                }
            }
        }
        let body = response.text().await.unwrap_or_default();
        Seen {
            status,
            location,
            set_cookies,
            body,
        }
    }

    /// GET `url`.
    pub async fn get(&mut self, url: &str) -> Seen {
        let request = self.http.get(url).header("accept", "application/json");
        self.send(request).await
    }

    /// Signs in at a test identity provider, starting from its authorization URL, as
    /// `login`; returns the redirect back to the relying party (`…/auth/callback?code=…`).
    pub async fn sign_in_at_idp(&mut self, authorize_url: &str, login: &str) -> String {
        let first = self.get(authorize_url).await;
        assert_eq!(first.status, 303, "authorize: {}", first.body);
        let interaction = first.location.expect("interaction location");
        if interaction.contains("/auth/callback") {
            // Already signed in at the provider.
            return interaction;
        }
        let form = self
            .http
            .post(&interaction)
            .form(&[("prompt", "login"), ("login", login), ("password", "x")]);
        let submitted = self.send(form).await;
        assert_eq!(submitted.status, 303, "login form: {}", submitted.body);
        let resume = submitted.location.expect("resume location");
        let back = self.get(&resume).await;
        assert_eq!(back.status, 303, "resume: {}", back.body);
        back.location.expect("callback location")
    }

    /// The whole login through Plaza: `/auth/login?<query>` → provider → callback. Returns the
    /// callback's response (a 303 to the return path with the session cookie when it worked).
    pub async fn log_in(&mut self, plaza: &str, query: &str, login: &str) -> Seen {
        let started = self.get(&format!("{plaza}/auth/login?{query}")).await;
        assert_eq!(started.status, 303, "login start: {}", started.body);
        let callback = self
            .sign_in_at_idp(&started.location.expect("authorize url"), login)
            .await;
        self.get(&callback).await
    }

    /// POSTs a GraphQL request with this browser's cookies and Plaza's own origin.
    pub async fn graphql(&mut self, plaza: &str, query: &str, variables: Value) -> Value {
        let request = self
            .http
            .post(format!("{plaza}/graphql"))
            .header("origin", plaza)
            .json(&json!({ "query": query, "variables": variables }));
        self.send(request).await.json()
    }
}

/// Resolves a `Location` against the URL of the request that answered it.
fn resolve(base: &str, location: &str) -> String {
    if location.contains("://") {
        return location.to_owned();
    }
    let scheme_end = base.find("://").map_or(0, |at| at + 3);
    let host_end = base[scheme_end..].find('/').map_or(base.len(), |at| scheme_end + at);
    if location.starts_with('/') {
        format!("{}{location}", &base[..host_end])
    } else {
        let dir_end = base.rfind('/').filter(|at| *at >= host_end).unwrap_or(host_end);
        format!("{}/{location}", &base[..dir_end])
    }
}

/// GraphQL over WebSocket (graphql-transport-ws) for the subscription tests.
pub mod ws {
    use futures::StreamExt as _;
    use serde_json::Value;
    use tokio_tungstenite::tungstenite::Message;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;

    /// An open connection.
    pub type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

    /// Opens a graphql-transport-ws connection to `address` (optionally with an `Origin`);
    /// a refused upgrade gives its HTTP status.
    pub async fn connect(address: &str, origin: Option<&str>) -> Result<Socket, u16> {
        let url = format!("{}/graphql", address.replacen("http://", "ws://", 1));
        let mut request = url.into_client_request().expect("request");
        request.headers_mut().insert(
            "sec-websocket-protocol",
            "graphql-transport-ws".parse().expect("header"),
        );
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
}
