//! Rate limits and key rotation.

use super::*;

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
