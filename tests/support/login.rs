//! The login harness: a test OpenID Connect provider and a scripted browser.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

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
        // The package directory of this run (cargo sets it at run time too): a build cache shared
        // with a clone elsewhere may hold a library compiled there.
        let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned());
        let dir = Path::new(&manifest).join("oidc");
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
