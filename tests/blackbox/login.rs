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

async fn agency_id(app: &TestApp, slug: &str) -> String {
    let (_, body) = app
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
        let agency = agency_id(&app, slug).await;
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

#[tokio::test]
async fn each_agency_signs_in_through_its_own_provider_and_reads_only_what_its_audience_allows() {
    let net = network(&[("PLAZA_LOGIN_RATE_PER_MINUTE", "6000")]).await;
    let plaza = net.app.address.clone();

    // The authorization request carries PKCE (S256), state and nonce.
    let mut probe = Browser::new();
    let (_, authorize) = start(&mut probe, &plaza, "agency=agency-a").await;
    for parameter in [
        "code_challenge=",
        "code_challenge_method=S256",
        "state=",
        "nonce=",
        "response_type=code",
    ] {
        assert!(authorize.contains(parameter), "{authorize}");
    }

    // First login at agency A's provider provisions the member in agency A.
    let mut ana = Browser::new();
    let landed = ana
        .log_in(&plaza, "agency=agency-a&return_to=/search%3Fq%3Dtiktok", "ana")
        .await;
    assert_eq!(landed.status, 303, "{}", landed.body);
    assert_eq!(
        landed.location.as_deref(),
        Some(format!("{plaza}/search?q=tiktok").as_str())
    );
    let cookie_line = landed
        .set_cookies
        .iter()
        .find(|line| line.starts_with("plaza_session="))
        .expect("session cookie");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie_line.contains(attribute), "{cookie_line}");
    }
    let me = who(&mut ana, &plaza).await;
    assert_eq!(me["signedIn"], true);
    assert_eq!(me["member"]["email"], "ana@a.example");
    assert_eq!(me["agency"]["slug"], "agency-a");
    assert_eq!(me["member"]["roles"], json!(["member"]));
    let ana_id = me["member"]["id"].clone();

    // A second login (another browser, a fresh provider session) reuses the same member.
    let mut again = Browser::new();
    assert_eq!(again.log_in(&plaza, "agency=agency-a", "ana").await.status, 303);
    assert_eq!(who(&mut again, &plaza).await["member"]["id"], ana_id);

    // Discovery by e-mail domain sends Bea to agency B's provider.
    let mut bea = Browser::new();
    let landed = bea.log_in(&plaza, "email=bea%40b.example", "bea").await;
    assert_eq!(landed.status, 303, "{}", landed.body);
    let me = who(&mut bea, &plaza).await;
    assert_eq!(me["agency"]["slug"], "agency-b");
    assert_eq!(me["member"]["email"], "bea@b.example");

    // An agency-visible case study of agency A: Ana reads it, Bea and anonymous viewers do not.
    let editor_a = &net.tokens["editor_a"];
    let create = "mutation($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { caseStudy { id } } }";
    let input = json!({ "title": "Protocolo interno de respuesta en redes", "objectives": ["internal_communication"], "visibility": "AGENCY" });
    let (_, created) = net.app.graphql(create, json!({ "input": input }), Some(editor_a)).await;
    let id = created["data"]["createCaseStudy"]["caseStudy"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{created}"))
        .to_owned();
    let publish = "mutation($id: ID!) { publishCaseStudy(input: { id: $id }) { caseStudy { status } } }";
    let (_, published) = net.app.graphql(publish, json!({ "id": id }), Some(editor_a)).await;
    assert_eq!(
        published["data"]["publishCaseStudy"]["caseStudy"]["status"],
        "PUBLISHED"
    );
    let read = "query($id: ID!) { node(id: $id) { id } caseStudies(first: 50) { totalCount edges { node { id } } } }";
    let ana_sees = ana.graphql(&plaza, read, json!({ "id": id })).await;
    assert_eq!(ana_sees["data"]["node"]["id"], json!(id), "{ana_sees}");
    let listed = |body: &Value| {
        body["data"]["caseStudies"]["edges"]
            .as_array()
            .map(|edges| edges.iter().any(|edge| edge["node"]["id"] == json!(id)))
            .unwrap_or(false)
    };
    assert!(listed(&ana_sees));
    let bea_sees = bea.graphql(&plaza, read, json!({ "id": id })).await;
    assert_eq!(bea_sees["data"]["node"], Value::Null, "{bea_sees}");
    assert!(!listed(&bea_sees));
    let search = "{ search(query: \"protocolo respuesta redes\", first: 10) { totalCount } }";
    let found = |body: Value| body["data"]["search"]["totalCount"].as_i64().unwrap_or(-1);
    // The index follows the database within a second.
    let mut ana_found = 0;
    for _ in 0..50 {
        ana_found = found(ana.graphql(&plaza, search, json!({})).await);
        if ana_found > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(ana_found, 1);
    assert_eq!(found(bea.graphql(&plaza, search, json!({})).await), 0);

    // Roles follow the provider's claims: an admin group grants agency_admin.
    let mut jo = Browser::new();
    assert_eq!(jo.log_in(&plaza, "agency=agency-a", "admin.jo").await.status, 303);
    let me = who(&mut jo, &plaza).await;
    assert_eq!(me["member"]["roles"], json!(["member", "agency_admin"]));
    let agency_a = agency_id(&net.app, "agency-a").await;
    let providers = "query($agency: ID!) { identityProviders(agency: $agency) { issuer clientId } }";
    let listed_providers = jo.graphql(&plaza, providers, json!({ "agency": agency_a })).await;
    assert_eq!(
        listed_providers["data"]["identityProviders"][0]["issuer"],
        json!(net.idp_a.issuer)
    );
    assert!(!listed_providers.to_string().contains(SECRET_A));
    let denied = ana.graphql(&plaza, providers, json!({ "agency": agency_a })).await;
    assert_eq!(denied["errors"][0]["extensions"]["code"], "FORBIDDEN");

    // Logging in again rotates the session: the old cookie stops working.
    let old = session_cookie(&ana, &plaza).expect("session");
    assert_eq!(ana.log_in(&plaza, "agency=agency-a", "ana").await.status, 303);
    let new = session_cookie(&ana, &plaza).expect("session");
    assert_ne!(old, new);
    let mut thief = Browser::new();
    thief.set_cookie(&plaza, "plaza_session", &old);
    assert_eq!(who(&mut thief, &plaza).await["signedIn"], false);

    // Logout ends the session here and offers the provider's end-session endpoint.
    let logout = ana
        .send(
            ana.http
                .post(format!("{plaza}/auth/logout"))
                .header("origin", &plaza)
                .header("accept", "application/json"),
        )
        .await;
    assert_eq!(logout.status, 200, "{}", logout.body);
    assert_eq!(logout.json()["loggedOut"], true);
    let at_provider = logout.json()["providerLogoutUrl"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        at_provider.starts_with(&format!("{}/session/end?", net.idp_a.issuer)),
        "{at_provider}"
    );
    assert!(at_provider.contains("id_token_hint="));
    assert!(session_cookie(&ana, &plaza).is_none());
    let mut replay = Browser::new();
    replay.set_cookie(&plaza, "plaza_session", &new);
    assert_eq!(who(&mut replay, &plaza).await["signedIn"], false);

    // The public list of ways to sign in shows labels and URLs, never secrets.
    let (_, options) = net
        .app
        .graphql(
            "{ agencies(first: 10) { edges { node { slug loginProviders { label loginUrl } } } } }",
            json!({}),
            None,
        )
        .await;
    let text = options.to_string();
    assert!(text.contains("/auth/login?provider="), "{text}");
    assert!(!text.contains(SECRET_A) && !text.contains(SECRET_B));
    let _ = (&net.idp_b, &net.root);

    assert_no_secret_leaked(&net, &[&new, &old]);
}

/// Secrets appear in no log line and in no database file in plain text.
fn assert_no_secret_leaked(net: &Network, sessions: &[&str]) {
    let log = std::fs::read_to_string(&net.log).unwrap_or_default();
    // Positive controls: the log and the database files are readable as plain text, so the
    // absence checks below can fail.
    assert!(log.contains("signed in"), "the login was not logged");
    assert!(
        contains_in_files(net.app.data.path(), b"ana@a.example"),
        "the database files are not scannable"
    );
    for secret in [SECRET_A, SECRET_B].iter().chain(sessions) {
        assert!(!log.contains(secret), "a secret reached the log");
        assert!(
            !contains_in_files(net.app.data.path(), secret.as_bytes()),
            "a secret is stored in plain text"
        );
    }
}

fn contains_in_files(dir: &Path, needle: &[u8]) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.flatten().any(|entry| {
        let path = entry.path();
        if path.is_dir() {
            contains_in_files(&path, needle)
        } else {
            std::fs::read(&path).is_ok_and(|bytes| bytes.windows(needle.len()).any(|window| window == needle))
        }
    })
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

#[tokio::test]
async fn login_attacks_are_refused_each_with_a_clear_error() {
    let net = network(&[("PLAZA_LOGIN_RATE_PER_MINUTE", "6000")]).await;
    let plaza = net.app.address.clone();
    let members_before = 5;

    // Missing and unknown state.
    let mut browser = Browser::new();
    let seen = browser.get(&format!("{plaza}/auth/callback?code=abc")).await;
    assert_eq!((seen.status, seen.code().as_str()), (400, "INVALID_STATE"));
    let seen = browser
        .get(&format!("{plaza}/auth/callback?code=abc&state=forged"))
        .await;
    assert_eq!((seen.status, seen.code().as_str()), (400, "INVALID_STATE"));

    // A callback replayed after it worked: the state is single-use.
    let (_, url) = start(&mut browser, &plaza, "agency=agency-a").await;
    let callback = browser.sign_in_at_idp(&url, "carla").await;
    assert_eq!(browser.get(&callback).await.status, 303);
    let replayed = browser.get(&callback).await;
    assert_eq!((replayed.status, replayed.code().as_str()), (400, "INVALID_STATE"));

    // The same code under a fresh state: the provider refuses the used code.
    let (fresh_state, _) = start(&mut browser, &plaza, "agency=agency-a").await;
    let reused = browser.get(&with_param(&callback, "state", Some(&fresh_state))).await;
    assert_eq!(
        (reused.status, reused.code().as_str()),
        (401, "LOGIN_FAILED"),
        "{}",
        reused.body
    );

    // Code injection: a code obtained for one login delivered with another login's state is
    // exchanged with the other login's PKCE verifier, which the provider refuses.
    let mut victim = Browser::new();
    let (_, first_url) = start(&mut victim, &plaza, "agency=agency-a").await;
    let (second_state, _) = start(&mut victim, &plaza, "agency=agency-a").await;
    let first_callback = victim.sign_in_at_idp(&first_url, "dani").await;
    let injected = victim
        .get(&with_param(&first_callback, "state", Some(&second_state)))
        .await;
    assert_eq!(
        (injected.status, injected.code().as_str()),
        (401, "LOGIN_FAILED"),
        "{}",
        injected.body
    );
    assert!(
        injected.body.contains("refused the authorization code"),
        "{}",
        injected.body
    );

    // A callback in a browser that did not start the login (login CSRF).
    let mut starter = Browser::new();
    let (_, url) = start(&mut starter, &plaza, "agency=agency-a").await;
    let callback = starter.sign_in_at_idp(&url, "eva").await;
    let mut other = Browser::new();
    let seen = other.get(&callback).await;
    assert_eq!((seen.status, seen.code().as_str()), (400, "INVALID_STATE"));
    assert!(session_cookie(&other, &plaza).is_none());

    // Agency B's provider answering agency A's login.
    let mut mixer = Browser::new();
    let (state_a, _) = start(&mut mixer, &plaza, "agency=agency-a").await;
    let (_, url_b) = start(&mut mixer, &plaza, "agency=agency-b").await;
    let callback_b = mixer.sign_in_at_idp(&url_b, "fede").await;
    mixer.set_cookie(&plaza, "plaza_login", &state_a);
    let mixed = mixer.get(&with_param(&callback_b, "state", Some(&state_a))).await;
    assert_eq!(
        (mixed.status, mixed.code().as_str()),
        (400, "ISSUER_MISMATCH"),
        "{}",
        mixed.body
    );
    // Without the iss parameter (which agency A's provider announces): refused as well.
    let (state_a, _) = start(&mut mixer, &plaza, "agency=agency-a").await;
    let (_, url_b) = start(&mut mixer, &plaza, "agency=agency-b").await;
    let callback_b = mixer.sign_in_at_idp(&url_b, "fede").await;
    mixer.set_cookie(&plaza, "plaza_login", &state_a);
    let stripped = with_param(&with_param(&callback_b, "state", Some(&state_a)), "iss", None);
    let seen = mixer.get(&stripped).await;
    assert_eq!(
        (seen.status, seen.code().as_str()),
        (400, "ISSUER_MISMATCH"),
        "{}",
        seen.body
    );
    // With a forged iss naming agency A: agency A's provider does not know B's code.
    let (state_a, _) = start(&mut mixer, &plaza, "agency=agency-a").await;
    let (_, url_b) = start(&mut mixer, &plaza, "agency=agency-b").await;
    let callback_b = mixer.sign_in_at_idp(&url_b, "fede").await;
    mixer.set_cookie(&plaza, "plaza_login", &state_a);
    let forged = with_param(
        &with_param(&callback_b, "state", Some(&state_a)),
        "iss",
        Some(&net.idp_a.issuer),
    );
    let seen = mixer.get(&forged).await;
    assert_eq!(
        (seen.status, seen.code().as_str()),
        (401, "LOGIN_FAILED"),
        "{}",
        seen.body
    );

    // The provider's own refusal is reported, not followed.
    let (state, _) = start(&mut browser, &plaza, "agency=agency-a").await;
    let seen = browser
        .get(&format!(
            "{plaza}/auth/callback?state={}&error=access_denied",
            encode(&state)
        ))
        .await;
    assert_eq!((seen.status, seen.code().as_str()), (401, "LOGIN_REFUSED"));

    // An e-mail outside the agency's verified domains is not provisioned.
    let mut mallory = Browser::new();
    let seen = mallory.log_in(&plaza, "agency=agency-a", "mallory@evil.example").await;
    assert_eq!(
        (seen.status, seen.code().as_str()),
        (403, "EMAIL_DOMAIN_NOT_VERIFIED"),
        "{}",
        seen.body
    );
    assert!(session_cookie(&mallory, &plaza).is_none());

    // Never merged across agencies by e-mail: even once agency A verifies b.example, agency
    // A's provider cannot sign in as agency B's member.
    let agency_a = agency_id(&net.app, "agency-a").await;
    let domains = "mutation($agency: ID!, $domains: [String!]!) { setAgencyEmailDomains(agency: $agency, domains: $domains) { emailDomains } }";
    let (_, set) = net
        .app
        .graphql(
            domains,
            json!({ "agency": agency_a, "domains": ["a.example", "b.example"] }),
            Some(&net.root),
        )
        .await;
    assert_eq!(
        set["data"]["setAgencyEmailDomains"]["emailDomains"],
        json!(["a.example", "b.example"]),
        "{set}"
    );
    let mut impostor = Browser::new();
    let seen = impostor.log_in(&plaza, "agency=agency-a", "member@b.example").await;
    assert_eq!(
        (seen.status, seen.code().as_str()),
        (409, "ACCOUNT_CONFLICT"),
        "{}",
        seen.body
    );
    // Only network admins verify domains.
    let (_, refused) = net
        .app
        .graphql(
            domains,
            json!({ "agency": agency_a, "domains": ["evil.example"] }),
            Some(&net.tokens["editor_a"]),
        )
        .await;
    assert_eq!(refused["errors"][0]["extensions"]["code"], "FORBIDDEN");

    // Open redirects in the return path.
    for bad in [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "https:evil.example",
    ] {
        let seen = browser
            .get(&format!("{plaza}/auth/login?agency=agency-a&return_to={}", encode(bad)))
            .await;
        assert_eq!(
            (seen.status, seen.code().as_str()),
            (400, "INVALID_RETURN_URL"),
            "{bad}"
        );
    }

    // Cross-site requests carrying the session cookie.
    let mut signed_in = Browser::new();
    assert_eq!(signed_in.log_in(&plaza, "agency=agency-a", "gala").await.status, 303);
    let mutation = r#"{"query":"mutation { createPractice(input: { title: \"csrf\", summary: \"x\", objectives: [\"brand\"] }) { practice { id } } }"}"#;
    let text_plain = signed_in
        .send(
            signed_in
                .http
                .post(format!("{plaza}/graphql"))
                .header("content-type", "text/plain")
                .header("origin", "https://evil.example")
                .body(mutation),
        )
        .await;
    assert_eq!(text_plain.status, 415, "{}", text_plain.body);
    let cross_site_json = signed_in
        .send(
            signed_in
                .http
                .post(format!("{plaza}/graphql"))
                .header("content-type", "application/json")
                .header("origin", "https://evil.example")
                .body(mutation),
        )
        .await;
    assert_eq!(
        (cross_site_json.status, cross_site_json.code().as_str()),
        (403, "CSRF_REJECTED")
    );
    let fetch_metadata = signed_in
        .send(
            signed_in
                .http
                .post(format!("{plaza}/graphql"))
                .header("content-type", "application/json")
                .header("sec-fetch-site", "cross-site")
                .body(mutation),
        )
        .await;
    assert_eq!(fetch_metadata.status, 403);
    let (_, practices) = net
        .app
        .graphql(
            "{ practices(first: 50) { edges { node { title } } } }",
            json!({}),
            Some(&net.tokens["editor_a"]),
        )
        .await;
    assert!(!practices.to_string().contains("csrf"), "a cross-site mutation ran");
    // From Plaza's own origin the same mutation works.
    let own = signed_in
        .send(
            signed_in
                .http
                .post(format!("{plaza}/graphql"))
                .header("content-type", "application/json")
                .header("origin", &plaza)
                .body(mutation),
        )
        .await;
    assert!(
        own.json()["data"]["createPractice"]["practice"]["id"].is_string(),
        "{}",
        own.body
    );
    // Logout is CSRF-protected too, and takes POST only.
    let cross_logout = signed_in
        .send(
            signed_in
                .http
                .post(format!("{plaza}/auth/logout"))
                .header("origin", "https://evil.example"),
        )
        .await;
    assert_eq!(cross_logout.status, 403);
    // An opaque origin (`Origin: null`: sandboxed frames, data: pages) counts only with the
    // browser's own word that the request is same-origin.
    let opaque = signed_in
        .send(
            signed_in
                .http
                .post(format!("{plaza}/auth/logout"))
                .header("origin", "null")
                .header("sec-fetch-site", "cross-site"),
        )
        .await;
    assert_eq!(opaque.status, 403);
    let opaque_unvouched = signed_in
        .send(
            signed_in
                .http
                .post(format!("{plaza}/auth/logout"))
                .header("origin", "null"),
        )
        .await;
    assert_eq!(opaque_unvouched.status, 403);
    assert_eq!(who(&mut signed_in, &plaza).await["signedIn"], true);
    assert_eq!(signed_in.get(&format!("{plaza}/auth/logout")).await.status, 405);

    // Refused logins provisioned nobody: of everyone who tried, only Carla and Gala (whose
    // logins succeeded) joined the four members and the admin created beforehand.
    let Network { app, idp_a, idp_b, .. } = net;
    drop((idp_a, idp_b));
    let data = app.stop();
    let exported = cli_ok(data.path(), &["export"]);
    let emails: Vec<String> = exported
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter_map(|record| record["email"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(emails.len(), members_before + 2, "{emails:?}");
    for refused in [
        "dani@a.example",
        "eva@a.example",
        "fede@b.example",
        "mallory@evil.example",
    ] {
        assert!(
            !emails.iter().any(|email| email == refused),
            "{refused} was provisioned"
        );
    }
    assert_eq!(emails.iter().filter(|email| *email == "member@b.example").count(), 1);
}

#[tokio::test]
async fn rate_limits_answer_429_with_retry_after() {
    let net = network(&[
        ("PLAZA_RATE_LIMIT_PER_CREDENTIAL", "1"),
        ("PLAZA_LOGIN_RATE_PER_MINUTE", "2"),
    ])
    .await;
    let plaza = net.app.address.clone();
    // Per credential: a burst of 4, then one a second.
    let mut statuses = Vec::new();
    let mut retry_after = None;
    for _ in 0..12 {
        let response = net
            .app
            .http
            .post(format!("{plaza}/graphql"))
            .bearer_auth(&net.tokens["member_a"])
            .json(&json!({ "query": "{ viewer { signedIn } }" }))
            .send()
            .await
            .expect("request");
        statuses.push(response.status().as_u16());
        if response.status().as_u16() == 429 {
            retry_after = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let body: Value = response.json().await.unwrap_or(Value::Null);
            assert_eq!(body["errors"][0]["extensions"]["code"], "RATE_LIMITED");
        }
    }
    assert!(statuses.contains(&200) && statuses.contains(&429), "{statuses:?}");
    assert!(retry_after.and_then(|v| v.parse::<u64>().ok()).is_some_and(|s| s >= 1));
    // Another credential has its own budget.
    let (status, _) = net
        .app
        .graphql("{ viewer { signedIn } }", json!({}), Some(&net.tokens["member_b"]))
        .await;
    assert_eq!(status, 200);
    // Login attempts per address: a burst of 1, then one every 30 s.
    let mut browser = Browser::new();
    assert_eq!(
        browser.get(&format!("{plaza}/auth/login?agency=agency-a")).await.status,
        303
    );
    let limited = browser.get(&format!("{plaza}/auth/login?agency=agency-a")).await;
    assert_eq!((limited.status, limited.code().as_str()), (429, "RATE_LIMITED"));
    // Health checks are never limited.
    for _ in 0..20 {
        assert!(net.app.is_ready().await);
    }
}

#[tokio::test]
async fn requests_from_one_address_are_rate_limited_except_health_checks() {
    let app = TestApp::start_with(TestApp::data_dir(), &[], &[("PLAZA_RATE_LIMIT_PER_ADDRESS", "2")], None).await;
    let mut statuses = Vec::new();
    for _ in 0..20 {
        let response = app
            .http
            .post(format!("{}/graphql", app.address))
            .json(&json!({ "query": "{ viewer { signedIn } }" }))
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        if status == 429 {
            let wait = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            assert!(wait.and_then(|v| v.parse::<u64>().ok()).is_some_and(|s| s >= 1));
        }
        statuses.push(status);
    }
    // A burst of 8 (4 seconds' worth), then 2 a second.
    assert!(statuses.iter().take(8).all(|status| *status == 200), "{statuses:?}");
    assert!(statuses.contains(&429), "{statuses:?}");
    for _ in 0..20 {
        assert!(app.is_ready().await);
    }
}

#[tokio::test]
async fn a_provider_that_rotates_its_signing_key_is_followed() {
    let net = network(&[("PLAZA_LOGIN_RATE_PER_MINUTE", "6000")]).await;
    let plaza = net.app.address.clone();
    let mut first = Browser::new();
    assert_eq!(first.log_in(&plaza, "agency=agency-a", "rosa").await.status, 303);
    let rosa = who(&mut first, &plaza).await["member"]["id"].clone();
    let discovered_at = std::time::Instant::now();
    // Agency A's provider restarts with a new signing key under the same issuer: Plaza's cached
    // keys no longer name the ID token's key id, so it fetches them again.
    let Network { app, idp_a, idp_b, .. } = net;
    let port = idp_a.port();
    drop(idp_a);
    let idp_a = TestIdp::start_on(port, &plaza, "plaza-a", SECRET_A, "a.example");
    // Forced refreshes are spaced (forged key ids must not make Plaza hammer a provider).
    let gap = plaza_auth_gap();
    if let Some(wait) = gap.checked_sub(discovered_at.elapsed()) {
        tokio::time::sleep(wait).await;
    }
    let mut second = Browser::new();
    let landed = second.log_in(&plaza, "agency=agency-a", "rosa").await;
    assert_eq!(landed.status, 303, "{}", landed.body);
    assert_eq!(who(&mut second, &plaza).await["member"]["id"], rosa);
    drop((app, idp_a, idp_b));
}

/// The spacing of forced key refreshes, plus a margin.
fn plaza_auth_gap() -> std::time::Duration {
    std::time::Duration::from_secs(6)
}
