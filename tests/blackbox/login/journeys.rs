//! Each agency signs in through its own provider; secrets never leak.

use super::*;

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
    let agency_a = net.app.agency_id("agency-a").await;
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
