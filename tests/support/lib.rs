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
        let dir = tempfile::tempdir().expect("temporary data directory");
        // An ephemeral sealing key of the test's own, so plaza never generates one (and never
        // warns that it did) in a test.
        std::fs::write(dir.path().join("secret.key"), ephemeral_key()).expect("secret key");
        dir
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

    /// Creates and publishes a case study with `title`, `visibility` and one `platform`, as the
    /// member whose token is given; its global id.
    pub async fn published_case(&self, token: &str, title: &str, visibility: &str, platform: &str) -> String {
        const CREATE: &str =
            "mutation($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { caseStudy { id } } }";
        const PUBLISH: &str = "mutation($id: ID!) { publishCaseStudy(input: { id: $id }) { caseStudy { status } } }";
        let input = serde_json::json!({
            "title": title,
            "summary": format!("Resumen de {title}"),
            "objectives": ["citizen_service"],
            "platforms": [platform],
            "visibility": visibility,
        });
        let (status, created) = self
            .graphql(CREATE, serde_json::json!({ "input": input }), Some(token))
            .await;
        assert_eq!(status, 200, "{created}");
        let id = created["data"]["createCaseStudy"]["caseStudy"]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("{created}"))
            .to_owned();
        let (_, published) = self
            .graphql(PUBLISH, serde_json::json!({ "id": id }), Some(token))
            .await;
        assert_eq!(
            published["data"]["publishCaseStudy"]["caseStudy"]["status"], "PUBLISHED",
            "{published}"
        );
        id
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

/// The data of a GraphQL request that must succeed (status 200, no errors), as `token`.
pub async fn ok(app: &TestApp, query: &str, variables: Value, token: Option<&str>) -> Value {
    let (status, body) = app.graphql(query, variables, token).await;
    assert!(status == 200 && body["errors"].is_null(), "{status} {body}");
    body["data"].clone()
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

mod login;
pub mod surreal;
pub mod ws;

pub use login::{Browser, Seen, TestIdp};

/// 32 random bytes from the system, in standard base64 (the sealing key's format).
fn ephemeral_key() -> String {
    use std::io::Read as _;
    let mut bytes = [0u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut random| random.read_exact(&mut bytes))
        .expect("random bytes");
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}
