//! What the web app and the widgets need from the server: the built app served from one URL
//! with a strict policy, and CORS on `/graphql` for the origins agencies allow, and no other.

use plaza_blackbox::{TestApp, agency_admin, cli_ok, error_code, error_field, two_agencies};
use serde_json::json;

const INTRANET: &str = "http://127.0.0.2:8181";

#[tokio::test]
async fn only_origins_an_agency_allows_may_read_the_api_from_their_pages() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let admin = agency_admin(data.path(), "agency-a", "admin@a.example");
    let admin = admin.as_str();
    let app = TestApp::start(data, &[]).await;
    let graphql = format!("{}/graphql", app.address);

    // Setting the origins: the agency's admins only, and only real origins.
    let agency_a = app.agency_id("agency-a").await;
    let set = "mutation($a: ID!, $o: [String!]!) { setAgencyAllowedOrigins(agency: $a, origins: $o) }";
    let (_, denied) = app
        .graphql(
            set,
            json!({ "a": agency_a, "o": [INTRANET] }),
            Some(&tokens["editor_a"]),
        )
        .await;
    assert_eq!(error_code(&denied), Some("FORBIDDEN"), "{denied}");
    let (_, bad) = app
        .graphql(
            set,
            json!({ "a": agency_a, "o": ["https://ok.example", "ftp://x.example/path"] }),
            Some(admin),
        )
        .await;
    assert_eq!(error_field(&bad), Some("origins.1"), "{bad}");
    let (_, ok) = app
        .graphql(
            set,
            json!({ "a": agency_a, "o": [format!("{INTRANET}/")] }),
            Some(admin),
        )
        .await;
    assert_eq!(ok["data"]["setAgencyAllowedOrigins"], json!([INTRANET]), "{ok}");
    let seen = "query($a: ID!) { node(id: $a) { ... on Agency { allowedOrigins } } }";
    let (_, by_admin) = app.graphql(seen, json!({ "a": agency_a }), Some(admin)).await;
    assert_eq!(by_admin["data"]["node"]["allowedOrigins"], json!([INTRANET]));
    let (_, by_member) = app
        .graphql(seen, json!({ "a": agency_a }), Some(&tokens["member_a"]))
        .await;
    assert!(by_member["data"]["node"]["allowedOrigins"].is_null());

    // Preflight: the allowed origin may post JSON; another may not.
    let preflight = |origin: &str| {
        app.http
            .request(reqwest::Method::OPTIONS, &graphql)
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
    };
    let allowed = preflight(INTRANET).await.unwrap();
    assert_eq!(allowed.status(), 204);
    assert_eq!(allowed.headers()["access-control-allow-origin"], INTRANET);
    assert!(
        allowed.headers()["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .contains("content-type")
    );
    assert!(
        allowed.headers().get("access-control-allow-credentials").is_none(),
        "never with cookies"
    );
    let other = preflight("http://127.0.0.3:8181").await.unwrap();
    assert_eq!(other.status(), 403);
    assert!(other.headers().get("access-control-allow-origin").is_none());

    // Reads: the allowed origin's browser may read the answer; another's gets no CORS header.
    let read = |origin: &str| {
        app.http
            .post(&graphql)
            .header("origin", origin)
            .json(&json!({ "query": "{ caseStudies(first: 1) { totalCount } }" }))
            .send()
    };
    let from_intranet = read(INTRANET).await.unwrap();
    assert_eq!(from_intranet.headers()["access-control-allow-origin"], INTRANET);
    assert!(from_intranet.headers().get_all("vary").iter().any(|v| v == "Origin"));
    let from_elsewhere = read("https://evil.example").await.unwrap();
    assert!(from_elsewhere.headers().get("access-control-allow-origin").is_none());
    assert!(from_elsewhere.headers().get_all("vary").iter().any(|v| v == "Origin"));
}

#[tokio::test]
async fn the_built_app_is_served_with_a_strict_policy_and_never_outside_its_directory() {
    let data = TestApp::data_dir();
    let web = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(web.path().join("assets")).unwrap();
    std::fs::create_dir_all(web.path().join("widgets")).unwrap();
    std::fs::write(web.path().join("index.html"), "<!doctype html><title>Plaza</title>").unwrap();
    std::fs::write(web.path().join("assets/app-1234.js"), "console.log(1)").unwrap();
    std::fs::write(web.path().join("widgets/plaza-widgets.js"), "export {}").unwrap();
    std::fs::write(data.path().join("secret.txt"), "no").unwrap();
    let web_dir = web.path().to_str().unwrap().to_owned();
    let app = TestApp::start_with(data, &[], &[("PLAZA_WEB_DIR", web_dir.as_str())], None).await;
    let get = |path: &str| app.http.get(format!("{}{path}", app.address)).send();

    let page = get("/casos/abc").await.unwrap();
    assert_eq!(page.status(), 200, "client-side routes get the app");
    let policy = page.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(
        policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'"),
        "{policy}"
    );
    assert!(page.text().await.unwrap().contains("<title>Plaza</title>"));
    let asset = get("/assets/app-1234.js").await.unwrap();
    assert!(asset.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    assert!(
        asset.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    let widget = get("/widgets/plaza-widgets.js").await.unwrap();
    assert_eq!(widget.headers()["access-control-allow-origin"], "*");
    for escape in [
        "/../secret.txt",
        "/assets/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/assets/missing.js",
    ] {
        assert_eq!(get(escape).await.unwrap().status(), 404, "{escape}");
    }
    // The API is unaffected.
    assert_eq!(get("/healthz").await.unwrap().status(), 200);
}

#[tokio::test]
async fn the_binary_alone_serves_the_app_the_widgets_and_graphiql_embedded_in_it() {
    // No PLAZA_WEB_DIR, and the server runs in its data directory, where no frontend/dist is:
    // everything comes from the binary (built after the web app, as make test does).
    let app = TestApp::start(TestApp::data_dir(), &[]).await;
    let client = reqwest::Client::builder().no_gzip().build().unwrap();
    let get = |path: &str| client.get(format!("{}{path}", app.address));

    let page = get("/buscar?q=x").send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(
        page.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("script-src 'self'")
    );
    let html = page.text().await.unwrap();
    let script = html
        .split("src=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .filter(|src| src.starts_with("/assets/"))
        .unwrap_or_else(|| panic!("no app script in {html}"))
        .to_owned();

    // Hashed assets: gzipped for clients that take it, cached for a year, with an ETag.
    let plain = get(&script).send().await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    let etag = plain.headers()["etag"].to_str().unwrap().to_owned();
    let plain_len = plain.bytes().await.unwrap().len();
    let zipped = get(&script).header("accept-encoding", "gzip, br").send().await.unwrap();
    assert_eq!(zipped.headers()["content-encoding"], "gzip");
    assert!(
        zipped.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert_eq!(zipped.headers()["vary"], "Accept-Encoding");
    let zipped_len = zipped.bytes().await.unwrap().len();
    assert!(zipped_len * 2 < plain_len, "{zipped_len} of {plain_len}");
    let refused = get(&script).header("accept-encoding", "gzip;q=0").send().await.unwrap();
    assert!(refused.headers().get("content-encoding").is_none());
    let again = get(&script).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(again.status(), 304);

    // The widget script for intranets, and GraphiQL for a browser at /graphql, offline.
    let widget = get("/widgets/plaza-widgets.js").send().await.unwrap();
    assert_eq!(widget.status(), 200);
    assert_eq!(widget.headers()["access-control-allow-origin"], "*");
    let graphiql = get("/graphql").header("accept", "text/html").send().await.unwrap();
    assert_eq!(graphiql.status(), 200);
    let policy = graphiql.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        policy.contains("connect-src 'self' ws: wss:") && policy.contains("script-src 'self';"),
        "{policy}"
    );
    let graphiql_html = graphiql.text().await.unwrap();
    assert!(graphiql_html.contains("/graphiql/assets/"), "{graphiql_html}");
    assert!(
        !graphiql_html.contains("https://"),
        "GraphiQL loads nothing from another origin: {graphiql_html}"
    );
    // Unknown files and the server's own prefixes are 404s, not the app's page.
    for missing in ["/assets/missing.js", "/demo-idp/jwks", "/auth/nope"] {
        assert_eq!(get(missing).send().await.unwrap().status(), 404, "{missing}");
    }
}

#[tokio::test]
async fn embeddable_pages_may_be_framed_only_by_the_named_agencys_origins() {
    let data = TestApp::data_dir();
    two_agencies(data.path());
    cli_ok(
        data.path(),
        &["agency", "origins", "--slug", "agency-a", "--origin", INTRANET],
    );
    let web = tempfile::tempdir().unwrap();
    std::fs::write(web.path().join("index.html"), "<!doctype html><title>Plaza</title>").unwrap();
    std::fs::write(
        web.path().join("embed.html"),
        "<!doctype html><title>Plaza embed</title>",
    )
    .unwrap();
    let web_dir = web.path().to_str().unwrap().to_owned();
    let app = TestApp::start_with(data, &[], &[("PLAZA_WEB_DIR", web_dir.as_str())], None).await;
    let get = |path: &str| app.http.get(format!("{}{path}", app.address)).send();

    let framed = get("/embed/latest?agencia=agency-a&platform=tiktok").await.unwrap();
    assert_eq!(framed.status(), 200);
    assert!(
        framed.headers().get("x-frame-options").is_none(),
        "frame-ancestors decides"
    );
    let policy = framed.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(
        policy.contains(&format!("frame-ancestors 'self' {INTRANET}")),
        "{policy}"
    );
    assert!(policy.contains("script-src 'self'"), "{policy}");
    assert!(framed.text().await.unwrap().contains("Plaza embed"));

    // Another agency without origins, an unknown one, or none at all: only Plaza's own pages
    // (its demo intranet page) may frame it.
    for path in [
        "/embed/latest?agency=agency-b",
        "/embed/search?agencia=nope",
        "/embed/latest",
    ] {
        let page = get(path).await.unwrap();
        let policy = page.headers()["content-security-policy"].to_str().unwrap().to_owned();
        assert!(policy.ends_with("frame-ancestors 'self'"), "{path}: {policy}");
    }
    // The app's own pages are never framed.
    let page = get("/casos/x").await.unwrap();
    assert_eq!(page.headers()["x-frame-options"], "DENY");
}

#[tokio::test]
async fn an_allowed_intranet_hears_live_of_public_publications_only() {
    use futures::SinkExt as _;
    use plaza_blackbox::ws::{connect, next_json};
    use tokio_tungstenite::tungstenite::Message;

    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    cli_ok(
        data.path(),
        &["agency", "origins", "--slug", "agency-a", "--origin", INTRANET],
    );
    let app = TestApp::start(data, &[]).await;

    // Another origin may not even open the socket; the allowed one may, anonymously.
    assert_eq!(
        connect(&app.address, Some("https://evil.example")).await.err(),
        Some(403)
    );
    let mut socket = connect(&app.address, Some(INTRANET))
        .await
        .expect("an allowed origin connects");
    socket
        .send(Message::text(
            json!({ "type": "connection_init", "payload": {} }).to_string(),
        ))
        .await
        .unwrap();
    assert_eq!(next_json(&mut socket).await["type"], "connection_ack");
    let subscribe = json!({ "id": "1", "type": "subscribe", "payload": {
        "query": "subscription { contentPublished(filter: { platform: \"whatsapp\" }) { kind title } }" } });
    socket.send(Message::text(subscribe.to_string())).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    // A network case, a public case on another platform, then a public WhatsApp case: the
    // anonymous widget hears only of the last.
    let create = "mutation($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { caseStudy { id } } }";
    let publish = "mutation($id: ID!) { publishCaseStudy(input: { id: $id }) { caseStudy { id } } }";
    for (title, visibility, platform) in [
        ("Solo para la red", "NETWORK", "whatsapp"),
        ("Público en TikTok", "PUBLIC", "tiktok"),
        ("Público en WhatsApp", "PUBLIC", "whatsapp"),
    ] {
        let input = json!({ "title": title, "objectives": ["citizen_service"], "platforms": [platform], "visibility": visibility });
        let (_, created) = app
            .graphql(create, json!({ "input": input }), Some(&tokens["editor_a"]))
            .await;
        let id = created["data"]["createCaseStudy"]["caseStudy"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        app.graphql(publish, json!({ "id": id }), Some(&tokens["editor_a"]))
            .await;
    }
    let event = next_json(&mut socket).await;
    assert_eq!(event["type"], "next", "{event}");
    assert_eq!(
        event["payload"]["data"]["contentPublished"],
        json!({ "kind": "CASE_STUDY", "title": "Público en WhatsApp" })
    );
}

#[tokio::test]
async fn only_a_service_token_mints_short_lived_widget_tokens_with_its_own_read_scope() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let service = cli_ok(
        data.path(),
        &[
            "token",
            "issue",
            "--agency",
            "agency-a",
            "--scope",
            "read_network",
            "--label",
            "intranet",
        ],
    );
    let service = service.trim().to_owned();
    let app = TestApp::start(data, &[]).await;
    let mint = "mutation($m: Int!) { issueWidgetToken(minutes: $m) { token expiresAt } }";

    let (_, personal) = app.graphql(mint, json!({ "m": 15 }), Some(&tokens["editor_a"])).await;
    assert_eq!(error_code(&personal), Some("FORBIDDEN"), "{personal}");
    let (_, anonymous) = app.graphql(mint, json!({ "m": 15 }), None).await;
    assert_eq!(error_code(&anonymous), Some("UNAUTHENTICATED"));
    let (_, too_long) = app.graphql(mint, json!({ "m": 61 }), Some(&service)).await;
    assert_eq!(error_field(&too_long), Some("minutes"), "{too_long}");

    let (_, minted) = app.graphql(mint, json!({ "m": 5 }), Some(&service)).await;
    let widget = minted["data"]["issueWidgetToken"]["token"]
        .as_str()
        .expect("a token")
        .to_owned();
    let expires = minted["data"]["issueWidgetToken"]["expiresAt"].as_str().unwrap();
    let until = chrono::DateTime::parse_from_rfc3339(expires).unwrap();
    let left = until.signed_duration_since(chrono::Utc::now()).num_seconds();
    assert!((240..=300).contains(&left), "expires in about 5 minutes, not {left} s");
    // It reads what the service token reads (network content), and no more.
    let (_, viewer) = app
        .graphql("{ viewer { signedIn scope } }", json!({}), Some(&widget))
        .await;
    assert_eq!(viewer["data"]["viewer"]["signedIn"], true, "{viewer}");
    let write = "mutation { createPractice(input: { title: \"x\", summary: \"y\", objectives: [\"brand\"] }) { practice { id } } }";
    let (_, refused) = app.graphql(write, json!({}), Some(&widget)).await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"), "{refused}");
    // A widget token cannot mint more widget tokens (that would outlive its expiry).
    let (_, chained) = app.graphql(mint, json!({ "m": 5 }), Some(&widget)).await;
    assert_eq!(error_code(&chained), Some("FORBIDDEN"), "{chained}");
}
