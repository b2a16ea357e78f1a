//! Federated login end to end: the real `plaza` binary and two real OpenID Connect providers
//! (npm `oidc-provider`), one per agency, driven over plain HTTP like a browser would.
//! ID-token forgeries (nonce, expiry, `alg: none`, HS256 with the public key, unknown `kid`,
//! audience, tampering) are refused in `plaza_auth`'s own tests with hand-signed tokens.

use std::path::Path;

use plaza_blackbox::{Browser, TestApp, TestIdp, cli_ok, two_agencies};
use serde_json::{Value, json};

const SECRET_A: &str = "client-secret-of-agency-a-9f3b";
const SECRET_B: &str = "client-secret-of-agency-b-41d7";

/// Two agencies, each with its own identity provider registered through GraphQL by a network
/// admin; returns the app, the providers, the admin token and the content tokens.
struct Network {
    app: TestApp,
    idp_a: TestIdp,
    idp_b: TestIdp,
    root: String,
    tokens: std::collections::HashMap<&'static str, String>,
    log: std::path::PathBuf,
}

async fn network(extra_env: &[(&str, &str)]) -> Network {
    let mut env = vec![("RUST_LOG", "info")];
    env.extend_from_slice(extra_env);
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    cli_ok(
        data.path(),
        &[
            "member",
            "add",
            "--email",
            "root@a.example",
            "--name",
            "Root",
            "--agency",
            "agency-a",
            "--role",
            "network_admin",
        ],
    );
    let root = cli_ok(
        data.path(),
        &["token", "issue", "--member", "root@a.example", "--scope", "write"],
    )
    .trim()
    .to_owned();
    // The log lives beside the data directory, not in it, so the database scan skips it.
    let log = std::env::temp_dir().join(format!(
        "plaza-login-{}-{}.log",
        std::process::id(),
        data.path().file_name().and_then(|n| n.to_str()).unwrap_or("x")
    ));
    let app = TestApp::start_with(data, &[], &env, Some(&log)).await;
    let idp_a = TestIdp::start(&app.address, "plaza-a", SECRET_A, "a.example");
    let idp_b = TestIdp::start(&app.address, "plaza-b", SECRET_B, "b.example");
    let register = "mutation($agency: ID!, $input: IdentityProviderInput!, $secret: String!) {
        registerIdentityProvider(agency: $agency, input: $input, clientSecret: $secret) { id issuer loginUrl } }";
    for (slug, idp, client, secret) in [
        ("agency-a", &idp_a, "plaza-a", SECRET_A),
        ("agency-b", &idp_b, "plaza-b", SECRET_B),
    ] {
        let agency = app.agency_id(slug).await;
        let input = json!({
            "label": format!("Cuenta de {slug}"), "issuer": idp.issuer, "clientId": client,
            "rolesClaim": "groups", "roleMap": [{ "value": "plaza-admins", "role": "agency_admin" }]
        });
        let (_, body) = app
            .graphql(
                register,
                json!({ "agency": agency, "input": input, "secret": secret }),
                Some(&root),
            )
            .await;
        assert_eq!(
            body["data"]["registerIdentityProvider"]["issuer"],
            json!(idp.issuer),
            "{body}"
        );
    }
    Network {
        app,
        idp_a,
        idp_b,
        root,
        tokens,
        log,
    }
}

const WHO: &str = "{ viewer { signedIn scope member { id email roles } agency { slug } } }";

async fn who(browser: &mut Browser, plaza: &str) -> Value {
    browser.graphql(plaza, WHO, json!({})).await["data"]["viewer"].clone()
}

fn session_cookie(browser: &Browser, plaza: &str) -> Option<String> {
    browser.cookie(plaza, "plaza_session")
}

/// Starts a login for `query` and returns (state, authorize URL).
async fn start(browser: &mut Browser, plaza: &str, query: &str) -> (String, String) {
    let started = browser.get(&format!("{plaza}/auth/login?{query}")).await;
    assert_eq!(started.status, 303, "{}", started.body);
    let url = started.location.expect("authorize url");
    let state = param(&url, "state").expect("state");
    (state, url)
}

fn param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name).then(|| percent_decode(value))
    })
}

fn percent_decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("00");
                out.push(u8::from_str_radix(hex, 16).unwrap_or(b'?'));
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn encode(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn with_param(url: &str, name: &str, value: Option<&str>) -> String {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut pairs: Vec<String> = query
        .split('&')
        .filter(|pair| !pair.is_empty() && pair.split('=').next() != Some(name))
        .map(str::to_owned)
        .collect();
    if let Some(value) = value {
        pairs.push(format!("{name}={}", encode(value)));
    }
    format!("{base}?{}", pairs.join("&"))
}

mod attacks;
mod demo;
mod journeys;
mod limits;
mod suspension;
