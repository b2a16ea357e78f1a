//! The demo sign-in: in `serve --demo` a newcomer signs in as a persona through Plaza's real
//! login path (discovery, code + PKCE, ID-token verification at the demo provider); without
//! `--demo` nothing of it is served or offered.

use plaza_blackbox::Seen;

use super::*;

const RATE: &[(&str, &str)] = &[("PLAZA_LOGIN_RATE_PER_MINUTE", "6000")];

async fn personas(plaza: &str) -> Vec<Value> {
    let body: Value = reqwest::get(format!("{plaza}/demo-idp/personas.json"))
        .await
        .expect("personas")
        .json()
        .await
        .expect("json");
    body["personas"].as_array().cloned().unwrap_or_default()
}

/// Follows a persona's login link to the end: Plaza → demo provider → Plaza's callback.
async fn sign_in_as(browser: &mut Browser, plaza: &str, login_url: &str) -> Seen {
    let started = browser.get(&format!("{plaza}{login_url}")).await;
    assert_eq!(started.status, 303, "login start: {}", started.body);
    let authorize = started.location.expect("authorize url");
    assert!(
        authorize.starts_with(&format!("{plaza}/demo-idp/authorize?")),
        "{authorize}"
    );
    let approved = browser.get(&authorize).await;
    assert_eq!(approved.status, 303, "authorize: {}", approved.body);
    let callback = approved.location.expect("callback");
    assert!(
        callback.starts_with(&format!("{plaza}/auth/callback?code=")),
        "{callback}"
    );
    browser.get(&callback).await
}

fn login_url_of<'a>(personas: &'a [Value], key: &str) -> &'a str {
    personas
        .iter()
        .find(|persona| persona["key"] == key)
        .and_then(|persona| persona["loginUrl"].as_str())
        .unwrap_or_else(|| panic!("no persona {key} in {personas:?}"))
}

async fn demo_providers(plaza: &str) -> usize {
    let body: Value = reqwest::Client::new()
        .post(format!("{plaza}/graphql"))
        .json(&json!({ "query": "{ agencies(first: 100) { edges { node { loginProviders { label loginUrl } } } } }" }))
        .send()
        .await
        .expect("graphql")
        .json()
        .await
        .expect("json");
    body["data"]["agencies"]["edges"]
        .as_array()
        .expect("agencies")
        .iter()
        .flat_map(|edge| edge["node"]["loginProviders"].as_array().cloned().unwrap_or_default())
        .filter(|provider| provider["label"] == "Personas de demostración")
        .count()
}

#[tokio::test]
async fn a_newcomer_signs_in_as_a_demo_persona_only_in_demo_mode() {
    let app = TestApp::start_with(TestApp::data_dir(), &["--demo"], RATE, None).await;
    let plaza = app.address.clone();

    // The personas, each with its link to Plaza's own login.
    let offered = personas(&plaza).await;
    let keys: Vec<&str> = offered.iter().filter_map(|p| p["key"].as_str()).collect();
    for key in ["lucia", "xarxes", "participacion", "raquel", "pablo"] {
        assert!(keys.contains(&key), "{keys:?}");
    }
    assert_eq!(demo_providers(&plaza).await, 4, "one demo provider per persona agency");

    // One click: the network admin lands on the home page, signed in with their roles.
    let mut admin = Browser::new();
    let landed = sign_in_as(&mut admin, &plaza, login_url_of(&offered, "raquel")).await;
    assert_eq!(landed.status, 303, "{}", landed.body);
    assert_eq!(landed.location.as_deref(), Some(format!("{plaza}/").as_str()));
    let me = who(&mut admin, &plaza).await;
    assert_eq!(me["member"]["email"], "raquel.ortega@sierraalta.example");
    assert!(
        me["member"]["roles"]
            .as_array()
            .is_some_and(|roles| roles.contains(&json!("network_admin"))),
        "{me}"
    );

    // Without a hint the provider shows its agency's personas, and only those.
    let mut chooser = Browser::new();
    let (state, authorize) = start(
        &mut chooser,
        &plaza,
        &format!("provider={}", provider_of(&offered, "lucia")),
    )
    .await;
    let page = chooser
        .send(chooser.http.get(&authorize).header("accept", "text/html"))
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("Lucía Moreno") && page.body.contains("Pablo Ruiz"),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains("Plaza Network Admin"),
        "another agency's persona offered"
    );
    // Choosing Pablo signs him in.
    let mut form: Vec<(String, String)> = [
        "client_id",
        "redirect_uri",
        "response_type",
        "scope",
        "nonce",
        "code_challenge",
        "code_challenge_method",
    ]
    .iter()
    .filter_map(|name| Some((name.to_string(), param(&authorize, name)?)))
    .collect();
    form.push(("state".into(), state));
    form.push(("persona".into(), "pablo".into()));
    let chosen = chooser
        .send(chooser.http.post(format!("{plaza}/demo-idp/authorize")).form(&form))
        .await;
    assert_eq!(chosen.status, 303, "{}", chosen.body);
    let callback = chosen.location.expect("callback");
    let landed = chooser.get(&callback).await;
    assert_eq!(landed.status, 303, "{}", landed.body);
    assert_eq!(
        who(&mut chooser, &plaza).await["member"]["email"],
        "pablo.ruiz@vallverde.example"
    );
    // A code is good once.
    assert_eq!(chooser.get(&callback).await.status / 100, 4);

    // Another agency's persona cannot be pushed through Vallverde's client.
    form.retain(|(name, _)| name != "persona");
    form.push(("persona".into(), "raquel".into()));
    let refused = chooser
        .send(chooser.http.post(format!("{plaza}/demo-idp/authorize")).form(&form))
        .await;
    assert!(
        refused
            .location
            .as_deref()
            .unwrap_or_default()
            .contains("error=access_denied"),
        "{refused:?}"
    );

    // The provider answers only Plaza: an unknown client or another redirect URI gets a page,
    // never a redirect.
    let foreign = authorize.replace("redirect_uri=", "redirect_uri=https%3A%2F%2Fevil.example%2F&x=");
    let seen = chooser.get(&foreign).await;
    assert_eq!(seen.status, 400);
    assert!(seen.location.is_none());
    let unknown = chooser
        .get(&format!("{plaza}/demo-idp/authorize?client_id=someone&redirect_uri=x"))
        .await;
    assert_eq!(unknown.status, 400);
    assert!(unknown.location.is_none());
    // The token endpoint wants the client's secret.
    let code = param(&callback, "code").expect("code");
    let stolen = reqwest::Client::new()
        .post(format!("{plaza}/demo-idp/token"))
        .basic_auth("plaza-demo-demo-ayto-vallverde", Some("guess"))
        .form(&[("grant_type", "authorization_code"), ("code", code.as_str())])
        .send()
        .await
        .expect("token");
    assert_eq!(stolen.status(), 401);

    // Lucía signs in; then the server restarts on another port (the provider's issuer moves)
    // and she is still the same member.
    let mut lucia = Browser::new();
    assert_eq!(
        sign_in_as(&mut lucia, &plaza, login_url_of(&offered, "lucia"))
            .await
            .status,
        303
    );
    let lucia_id = who(&mut lucia, &plaza).await["member"]["id"].clone();
    assert!(lucia_id.is_string());
    let data = app.stop();

    let app = TestApp::start_with(data, &["--demo"], RATE, None).await;
    let plaza = app.address.clone();
    let offered = personas(&plaza).await;
    let mut again = Browser::new();
    let landed = sign_in_as(&mut again, &plaza, login_url_of(&offered, "lucia")).await;
    assert_eq!(landed.status, 303, "{}", landed.body);
    assert_eq!(who(&mut again, &plaza).await["member"]["id"], lucia_id);
    let data = app.stop();

    // Without --demo: no provider endpoints, and the login page offers no demo sign-in.
    let app = TestApp::start_with(data, &[], RATE, None).await;
    let plaza = app.address.clone();
    let discovery = reqwest::get(format!("{plaza}/demo-idp/.well-known/openid-configuration"))
        .await
        .expect("discovery");
    assert_eq!(discovery.status(), 404);
    assert_eq!(
        reqwest::get(format!("{plaza}/demo-idp/personas.json"))
            .await
            .expect("personas")
            .status(),
        404
    );
    assert_eq!(demo_providers(&plaza).await, 0);
    let mut late = Browser::new();
    let refused = late.get(&format!("{plaza}{}", login_url_of(&offered, "lucia"))).await;
    assert_eq!(refused.status, 404, "{}", refused.body);
    assert_eq!(refused.code(), "NO_IDENTITY_PROVIDER");
}

#[tokio::test]
async fn login_refusals_are_pages_for_browsers_and_json_for_programs() {
    let app = TestApp::start(TestApp::data_dir(), &[]).await;
    let plaza = app.address.clone();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let page = client
        .get(format!("{plaza}/auth/login?agency=nobody"))
        .header("accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        .header("accept-language", "pt-PT,pt;q=0.9")
        .send()
        .await
        .expect("login");
    assert_eq!(page.status(), 404);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap_or_default()
            .starts_with("text/html")
    );
    let body = page.text().await.expect("body");
    assert!(body.contains("lang=\"pt\""), "{body}");
    assert!(body.contains("Não encontrámos o seu organismo"), "{body}");
    assert!(
        body.contains("UNKNOWN_AGENCY") && body.contains("href=\"/entrar\""),
        "{body}"
    );

    let json: Value = client
        .get(format!("{plaza}/auth/login?agency=nobody"))
        .header("accept", "application/json")
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("json body");
    assert_eq!(json["errors"][0]["extensions"]["code"], "UNKNOWN_AGENCY");
}

fn provider_of(personas: &[Value], key: &str) -> String {
    let url = login_url_of(personas, key);
    param(url, "provider").expect("provider")
}
