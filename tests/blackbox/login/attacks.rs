//! Login attacks: each refused with a clear error.

use super::*;

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
    let agency_a = net.app.agency_id("agency-a").await;
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
