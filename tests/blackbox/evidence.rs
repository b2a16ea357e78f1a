//! Evidence of public value through the API of the real binary: "what works" aggregates,
//! platform scorecards, threat self-assessments, guideline adoption and forks, replications
//! and review dates — each computed only from what the viewer may read.

use plaza_blackbox::{TestApp, cli_ok, error_code, error_field, ok, two_agencies};
use serde_json::{Value, json};

/// Creates and publishes a WhatsApp citizen-service case whose phone calls went from
/// `baseline` to `actual`.
async fn calls_case(app: &TestApp, token: &str, title: &str, visibility: &str, baseline: f64, actual: f64) -> String {
    let create = "mutation($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { caseStudy { id } } }";
    let metric = json!({
        "metric": "Llamadas semanales", "kind": "phone_calls", "unit": "count",
        "baseline": baseline, "actual": actual, "periodStart": "2024-01-01", "periodEnd": "2024-12-31",
        "evidenceLevel": "analytics_export"
    });
    let input = json!({ "title": title, "objectives": ["citizen_service"], "platforms": ["whatsapp"],
                        "visibility": visibility, "metrics": [metric] });
    let created = ok(app, create, json!({ "input": input }), Some(token)).await;
    let id = created["createCaseStudy"]["caseStudy"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let publish = "mutation($id: ID!) { publishCaseStudy(input: { id: $id }) { caseStudy { status } } }";
    ok(app, publish, json!({ "id": id }), Some(token)).await;
    id
}

const WHAT_WORKS: &str = "query($filter: WhatWorksFilterInput) { whatWorks(filter: $filter) {
    casesConsidered minimumCases
    groups { metricKind { code } direction caseCount sufficient note median q1 q3 evidence { level { code } count } cases { title } } } }";

#[tokio::test]
async fn what_works_aggregates_only_cases_the_viewer_may_read_and_withholds_small_groups() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let (editor_a, member_a, member_b) = (&tokens["editor_a"], &tokens["member_a"], &tokens["member_b"]);
    calls_case(&app, editor_a, "WhatsApp 010", "PUBLIC", 1000.0, 700.0).await;
    calls_case(&app, editor_a, "WhatsApp padrón", "PUBLIC", 1000.0, 800.0).await;
    calls_case(&app, editor_a, "WhatsApp tasas", "NETWORK", 1000.0, 600.0).await;
    calls_case(&app, editor_a, "WhatsApp interno", "AGENCY", 1000.0, 100.0).await;

    let filter = json!({ "filter": { "metricKind": "phone_calls", "platform": "whatsapp" } });
    let group = |data: &Value| data["whatWorks"]["groups"][0].clone();

    // Anonymous: the two public cases only, too few for a median.
    let anonymous = ok(&app, WHAT_WORKS, filter.clone(), None).await;
    let seen = group(&anonymous);
    assert_eq!(
        (seen["caseCount"].clone(), seen["sufficient"].clone()),
        (json!(2), json!(false))
    );
    assert!(
        seen["median"].is_null() && seen["note"].as_str().unwrap().contains("at least 3"),
        "{seen}"
    );
    assert_eq!(anonymous["whatWorks"]["minimumCases"], 3);

    // Another agency's member: public and network cases (−30 %, −20 %, −40 %).
    let other = group(&ok(&app, WHAT_WORKS, filter.clone(), Some(member_b)).await);
    assert_eq!(other["caseCount"], 3);
    assert_eq!(other["direction"], "LOWER_IS_BETTER");
    assert!((other["median"].as_f64().unwrap() - -0.3).abs() < 1e-9, "{other}");
    assert!((other["q1"].as_f64().unwrap() - -0.35).abs() < 1e-9, "{other}");
    assert!((other["q3"].as_f64().unwrap() - -0.25).abs() < 1e-9, "{other}");
    let titles: Vec<&str> = other["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap())
        .collect();
    assert!(!titles.contains(&"WhatsApp interno"), "{titles:?}");
    assert_eq!(
        other["evidence"][1],
        json!({ "level": { "code": "analytics_export" }, "count": 3 })
    );

    // The owning agency's member also counts its internal case: −90, −40, −30, −20 → −35 %.
    let own = group(&ok(&app, WHAT_WORKS, filter.clone(), Some(member_a)).await);
    assert_eq!(own["caseCount"], 4);
    assert!((own["median"].as_f64().unwrap() - -0.35).abs() < 1e-9, "{own}");

    // Filters narrow; unknown codes are refused with the field.
    let regional = ok(
        &app,
        WHAT_WORKS,
        json!({ "filter": { "level": "regional" } }),
        Some(member_b),
    )
    .await;
    assert_eq!(regional["whatWorks"]["groups"], json!([]));
    // A period: results measured in 2024 count since 2024, not since 2025; a bad date is refused.
    let since = |day: &str| json!({ "filter": { "metricKind": "phone_calls", "since": day } });
    let in_2024 = ok(&app, WHAT_WORKS, since("2024-01-01"), Some(member_b)).await;
    assert_eq!(group(&in_2024)["caseCount"], 3, "{in_2024}");
    let in_2025 = ok(&app, WHAT_WORKS, since("2025-01-01"), Some(member_b)).await;
    assert_eq!(in_2025["whatWorks"]["groups"], json!([]), "{in_2025}");
    let (_, bad) = app.graphql(WHAT_WORKS, since("2025-13-01"), None).await;
    assert!(bad["errors"].is_array(), "{bad}");
    let (_, bad) = app
        .graphql(WHAT_WORKS, json!({ "filter": { "platform": "myspace" } }), None)
        .await;
    assert_eq!(error_code(&bad), Some("BAD_USER_INPUT"), "{bad}");
    assert_eq!(error_field(&bad), Some("filter.platform"));

    // A metric whose unit does not fit its kind is refused where it was written.
    let create = "mutation($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { caseStudy { id } } }";
    let metric = json!({ "metric": "Llamadas", "kind": "phone_calls", "unit": "minutes", "actual": 3,
                         "periodStart": "2024-01-01", "periodEnd": "2024-02-01", "evidenceLevel": "audited" });
    let input = json!({ "title": "Mal", "objectives": ["brand"], "metrics": [metric] });
    let (_, refused) = app.graphql(create, json!({ "input": input }), Some(editor_a)).await;
    assert_eq!(error_code(&refused), Some("BAD_USER_INPUT"), "{refused}");
    assert_eq!(error_field(&refused), Some("input.metrics.0.unit"));
}

#[tokio::test]
async fn scorecards_show_each_agency_latest_readable_rating_and_assessments_stay_private() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let (editor_a, editor_b, member_a, member_b) = (
        &tokens["editor_a"],
        &tokens["editor_b"],
        &tokens["member_a"],
        &tokens["member_b"],
    );
    let rate = "mutation($input: RatePlatformInput!) { ratePlatform(input: $input) { rating { id ratedOn scores { score } } } }";
    let score =
        |dimension: &str, score: i64| json!({ "dimension": dimension, "score": score, "justification": "Medido." });
    let a_case = calls_case(&app, editor_a, "WhatsApp 010", "PUBLIC", 100.0, 70.0).await;
    for (rated_on, trust) in [("2023-03-01", 4), ("2025-05-01", 2)] {
        let input = json!({ "platform": "x", "ratedOn": rated_on, "visibility": "PUBLIC",
                            "scores": [score("trust_legitimacy", trust)], "caseStudyIds": [a_case] });
        ok(&app, rate, json!({ "input": input }), Some(editor_a)).await;
    }
    let input = json!({ "platform": "x", "ratedOn": "2025-01-10", "visibility": "AGENCY", "scores": [score("trust_legitimacy", 5)] });
    ok(&app, rate, json!({ "input": input }), Some(editor_b)).await;

    // Rating is for editors, with a fixed scale and a justification.
    let input = json!({ "platform": "x", "scores": [score("trust_legitimacy", 3)] });
    let (_, denied) = app.graphql(rate, json!({ "input": input }), Some(member_a)).await;
    assert_eq!(error_code(&denied), Some("FORBIDDEN"), "{denied}");
    let input = json!({ "platform": "x", "scores": [score("trust_legitimacy", 6)] });
    let (_, bad) = app.graphql(rate, json!({ "input": input }), Some(editor_a)).await;
    assert_eq!(error_field(&bad), Some("input.scores.0.score"), "{bad}");
    let input = json!({ "platform": "x", "ratedOn": "2999-01-01", "scores": [score("trust_legitimacy", 3)] });
    let (_, future) = app.graphql(rate, json!({ "input": input }), Some(editor_a)).await;
    assert_eq!(error_field(&future), Some("input.ratedOn"), "{future}");

    let card = "{ platformScorecard(platform: \"x\") { dimensions { dimension { code } agencies mean distribution }
        latest { ratedOn agency { slug } cases { title } } trend { quarterEnd dimensions { dimension { code } mean } } } }";
    let trust = |data: &Value| data["platformScorecard"]["dimensions"][2].clone();
    // Outside agency B: A's latest rating (2) supersedes its 2023 one (4); B's is invisible.
    let anonymous = ok(&app, card, json!({}), None).await;
    assert_eq!(trust(&anonymous)["dimension"]["code"], "trust_legitimacy");
    assert_eq!(
        (trust(&anonymous)["agencies"].clone(), trust(&anonymous)["mean"].clone()),
        (json!(1), json!(2.0))
    );
    assert_eq!(trust(&anonymous)["distribution"], json!([0, 1, 0, 0, 0]));
    assert_eq!(
        anonymous["platformScorecard"]["latest"][0]["cases"][0]["title"],
        "WhatsApp 010"
    );
    let trend = anonymous["platformScorecard"]["trend"].as_array().unwrap();
    assert_eq!(trend[0]["quarterEnd"], "2023-03-31");
    assert_eq!(trend[0]["dimensions"][2]["mean"], 4.0);
    // Inside agency B its own agency-only rating counts too.
    let inside_b = ok(&app, card, json!({}), Some(member_b)).await;
    assert_eq!(
        (trust(&inside_b)["agencies"].clone(), trust(&inside_b)["mean"].clone()),
        (json!(2), json!(3.5))
    );
    let history = "{ platformRatings(platform: \"x\") { ratedOn } }";
    let seen = ok(&app, history, json!({}), Some(member_a)).await;
    assert_eq!(
        seen["platformRatings"],
        json!([{ "ratedOn": "2025-05-01" }, { "ratedOn": "2023-03-01" }])
    );

    // Threat self-assessments: every threat once, readable by the agency only.
    let threats = [
        "no_strategy",
        "no_guidelines",
        "no_skills",
        "political_disinterest",
        "political_control",
        "uncoordinated",
        "digital_divide",
        "representation_bias",
        "abandoned_accounts",
        "impersonation",
    ];
    let answers: Vec<Value> = threats
        .iter()
        .map(|t| json!({ "threat": t, "level": "medium", "note": format!("nota {t}") }))
        .collect();
    let submit = "mutation($input: SubmitThreatAssessmentInput!) { submitThreatAssessment(input: $input) { assessment { assessedOn } } }";
    ok(
        &app,
        submit,
        json!({ "input": { "assessedOn": "2025-02-01", "answers": answers } }),
        Some(editor_a),
    )
    .await;
    let (_, incomplete) = app
        .graphql(
            submit,
            json!({ "input": { "answers": answers[..9].to_vec() } }),
            Some(editor_a),
        )
        .await;
    assert_eq!(error_field(&incomplete), Some("input.answers"), "{incomplete}");
    let mine = "{ threatAssessments { assessedOn answers { threat { code } level { code } note } } }";
    let own = ok(&app, mine, json!({}), Some(member_a)).await;
    assert_eq!(own["threatAssessments"][0]["answers"][0]["note"], "nota no_strategy");
    let theirs = ok(&app, mine, json!({}), Some(member_b)).await;
    assert_eq!(theirs["threatAssessments"], json!([]));
    let (_, anonymous) = app.graphql(mine, json!({}), None).await;
    assert_eq!(error_code(&anonymous), Some("UNAUTHENTICATED"));
    // Two agencies are not an anonymous crowd: no distribution, no count.
    let benchmark = "{ threatBenchmark { sufficient agencies minimumAgencies threats { threat { code } own { code } distribution { count } shareLower } } }";
    let seen = ok(&app, benchmark, json!({}), Some(member_a)).await["threatBenchmark"].clone();
    assert_eq!(
        (
            seen["sufficient"].clone(),
            seen["agencies"].clone(),
            seen["minimumAgencies"].clone()
        ),
        (json!(false), Value::Null, json!(5))
    );
    assert_eq!(seen["threats"][0]["own"]["code"], "medium");
    assert_eq!(seen["threats"][0]["distribution"], json!([]));
    assert!(seen["threats"][0]["shareLower"].is_null());
}

#[tokio::test]
async fn adopters_and_forkers_hear_of_new_versions_with_a_diff_and_forks_keep_their_lineage() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let (editor_a, editor_b, member_b) = (&tokens["editor_a"], &tokens["editor_b"], &tokens["member_b"]);
    let create = "mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { guideline { id } } }";
    let input = json!({ "title": "Guía de redes", "body": "Uno\nDos\nTres\n", "visibility": "NETWORK" });
    let guideline =
        ok(&app, create, json!({ "input": input }), Some(editor_a)).await["createGuideline"]["guideline"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
    let publish = "mutation($id: ID!) { publishGuideline(input: { id: $id }) { guideline { status } } }";
    ok(&app, publish, json!({ "id": guideline }), Some(editor_a)).await;

    // B adopts version 1 and forks it; A cannot adopt its own guideline; members cannot adopt.
    let adopt =
        "mutation($id: ID!) { adoptGuideline(input: { guidelineId: $id, versionNumber: 1 }) { guideline { id } } }";
    ok(&app, adopt, json!({ "id": guideline }), Some(editor_b)).await;
    let (_, own) = app.graphql(adopt, json!({ "id": guideline }), Some(editor_a)).await;
    assert_eq!(error_field(&own), Some("input.guidelineId"), "{own}");
    let (_, member) = app.graphql(adopt, json!({ "id": guideline }), Some(member_b)).await;
    assert_eq!(error_code(&member), Some("FORBIDDEN"), "{member}");
    let fork = "mutation($id: ID!) { forkGuideline(input: { guidelineId: $id, title: \"Guía de redes de B\", visibility: AGENCY }) {
        fork { id title status currentVersion { number body } forkedFrom { versionNumber behind guideline { title } } } } }";
    let forked = ok(&app, fork, json!({ "id": guideline }), Some(editor_b)).await["forkGuideline"]["fork"].clone();
    assert_eq!(forked["status"], "DRAFT");
    assert_eq!(forked["currentVersion"]["body"], "Uno\nDos\nTres");
    assert_eq!(forked["forkedFrom"]["guideline"]["title"], "Guía de redes");
    let fork_id = forked["id"].as_str().unwrap().to_owned();

    // A publishes version 2: B's adopter and forker are told, with the diff from version 1.
    let amend = "mutation($id: ID!) { publishGuidelineVersion(input: { guidelineId: $id, body: \"Uno\\nDOS\\nTres\\nCuatro\\n\", changelog: \"Cambios\" }) { version { number } } }";
    ok(&app, amend, json!({ "id": guideline }), Some(editor_a)).await;
    let feed = "{ notifications { items { kind guidelineUpdate { fromVersion toVersion guideline { title }
        diff { added removed hunks { lines { change text } } } } } } }";
    let seen = ok(&app, feed, json!({}), Some(editor_b)).await;
    let update = seen["notifications"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "GUIDELINE_UPDATED")
        .unwrap_or_else(|| panic!("{seen}"))["guidelineUpdate"]
        .clone();
    assert_eq!(
        (update["fromVersion"].clone(), update["toVersion"].clone()),
        (json!(1), json!(2))
    );
    assert_eq!(
        (update["diff"]["added"].clone(), update["diff"]["removed"].clone()),
        (json!(2), json!(1))
    );
    let changes: Vec<(String, String)> = update["diff"]["hunks"][0]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["change"].as_str().unwrap().to_owned(),
                l["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        changes.contains(&("REMOVED".into(), "Dos".into())) && changes.contains(&("ADDED".into(), "Cuatro".into())),
        "{changes:?}"
    );
    // Nobody else was told.
    let other = ok(&app, "{ notifications { items { kind } } }", json!({}), Some(member_b)).await;
    assert_eq!(other["notifications"]["items"], json!([]));

    // The registry: B adopted version 1 (now behind) and forked it; the fork is listed to
    // agency B once published (agency-only) and never to A.
    let draft_registry = "query($id: ID!) { node(id: $id) { ... on Guideline { adoptions { kind } } } }";
    let before = ok(&app, draft_registry, json!({ "id": guideline }), Some(member_b)).await;
    assert_eq!(
        before["node"]["adoptions"],
        json!([{ "kind": "ADOPT" }]),
        "a draft fork is not listed"
    );
    ok(&app, publish, json!({ "id": fork_id }), Some(editor_b)).await;
    let registry = "query($id: ID!) { node(id: $id) { ... on Guideline { adoptions { kind versionNumber behind agency { slug } fork { id } } } } }";
    let for_b = ok(&app, registry, json!({ "id": guideline }), Some(member_b)).await;
    let rows = for_b["node"]["adoptions"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows.iter()
            .all(|r| r["behind"] == true && r["agency"]["slug"] == "agency-b")
    );
    assert!(
        rows.iter()
            .any(|r| r["kind"] == "FORK" && r["fork"]["id"] == json!(fork_id))
    );
    let for_a = ok(&app, registry, json!({ "id": guideline }), Some(editor_a)).await;
    assert_eq!(
        for_a["node"]["adoptions"],
        json!([{ "kind": "ADOPT", "versionNumber": 1, "behind": true, "agency": { "slug": "agency-b" }, "fork": null }])
    );

    // An agency-only guideline of another agency cannot be forked: it does not exist for them.
    let input = json!({ "title": "Interna", "body": "Privado", "visibility": "AGENCY" });
    let private =
        ok(&app, create, json!({ "input": input }), Some(editor_a)).await["createGuideline"]["guideline"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
    ok(&app, publish, json!({ "id": private }), Some(editor_a)).await;
    let (_, hidden) = app.graphql(fork, json!({ "id": private }), Some(editor_b)).await;
    assert_eq!(error_code(&hidden), Some("NOT_FOUND"), "{hidden}");
}

#[tokio::test]
async fn replications_show_outcome_deltas_and_overdue_items_are_marked_until_verified() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let (editor_a, editor_b, member_b) = (&tokens["editor_a"], &tokens["editor_b"], &tokens["member_b"]);
    let original = calls_case(&app, editor_a, "Original", "PUBLIC", 1000.0, 700.0).await;
    let replica = calls_case(&app, editor_b, "Réplica", "PUBLIC", 500.0, 300.0).await;
    let hidden = calls_case(&app, editor_a, "Interno", "AGENCY", 100.0, 90.0).await;

    let link = "mutation($case: ID!, $original: ID!) { linkReplication(input: { caseStudyId: $case, originalId: $original }) { caseStudy { replicates { title } } } }";
    let linked = ok(
        &app,
        link,
        json!({ "case": replica, "original": original }),
        Some(editor_b),
    )
    .await;
    assert_eq!(
        linked["linkReplication"]["caseStudy"]["replicates"]["title"],
        "Original"
    );
    let (_, unreadable) = app
        .graphql(link, json!({ "case": replica, "original": hidden }), Some(editor_b))
        .await;
    assert_eq!(error_code(&unreadable), Some("NOT_FOUND"), "{unreadable}");
    let (_, not_theirs) = app
        .graphql(link, json!({ "case": original, "original": replica }), Some(editor_b))
        .await;
    assert_eq!(error_code(&not_theirs), Some("FORBIDDEN"), "{not_theirs}");
    let (_, itself) = app
        .graphql(link, json!({ "case": replica, "original": replica }), Some(editor_b))
        .await;
    assert_eq!(error_field(&itself), Some("input.originalId"), "{itself}");

    let read = "query($id: ID!) { node(id: $id) { ... on CaseStudy { replications { caseStudy { title }
        deltas { metricKind { code } original replication difference } } freshness { reviewBy possiblyOutdated } } } }";
    let seen = ok(&app, read, json!({ "id": original }), None).await["node"].clone();
    let delta = &seen["replications"][0]["deltas"][0];
    assert_eq!(seen["replications"][0]["caseStudy"]["title"], "Réplica");
    assert_eq!(delta["metricKind"]["code"], "phone_calls");
    assert!((delta["difference"].as_f64().unwrap() - -0.1).abs() < 1e-9, "{delta}");
    // Fresh content is due a year after its update and not outdated.
    assert_eq!(seen["freshness"]["possiblyOutdated"], false);

    // Review dates: editors only, not in the past; the reminder run tells the authors.
    let set = "mutation($id: ID!, $on: Date!) { setReviewDate(input: { id: $id, reviewBy: $on }) { freshness { reviewBy possiblyOutdated } } }";
    let (_, past) = app
        .graphql(set, json!({ "id": original, "on": "2001-01-01" }), Some(editor_a))
        .await;
    assert_eq!(error_field(&past), Some("input.reviewBy"), "{past}");
    let (_, not_editor) = app
        .graphql(set, json!({ "id": original, "on": "2030-01-01" }), Some(member_b))
        .await;
    assert_eq!(error_code(&not_editor), Some("FORBIDDEN"), "{not_editor}");
    let today = chrono::Utc::now().date_naive();
    let soon = (today + chrono::Days::new(3)).to_string();
    let set_now = ok(&app, set, json!({ "id": original, "on": soon }), Some(editor_a)).await;
    assert_eq!(set_now["setReviewDate"]["freshness"]["reviewBy"], json!(soon));

    let data = app.stop();
    let output = cli_ok(data.path(), &["remind-reviews"]);
    assert!(output.contains("1 review reminders sent"), "{output}");
    // A second run on the same day does not repeat it; a run two weeks later finds the
    // review overdue but already reminded for that date.
    let again = cli_ok(data.path(), &["remind-reviews"]);
    assert!(again.contains("0 review reminders sent"), "{again}");
    let later = (today + chrono::Days::new(20)).to_string();
    let overdue = cli_ok(data.path(), &["remind-reviews", "--today", &later]);
    assert!(overdue.contains("0 review reminders sent"), "{overdue}");
    let app = TestApp::start(data, &[]).await;
    let feed = "{ notifications { items { kind item { ... on CaseStudy { title } } } } }";
    let seen = ok(&app, feed, json!({}), Some(editor_a)).await;
    assert_eq!(
        seen["notifications"]["items"],
        json!([{ "kind": "REVIEW_DUE", "item": { "title": "Original" } }])
    );

    // Verifying pushes the next review a year out.
    let verify = "mutation($id: ID!) { verifyContent(input: { id: $id }) { freshness { reviewBy possiblyOutdated } } }";
    let verified = ok(&app, verify, json!({ "id": original }), Some(editor_a)).await;
    let next = (today + chrono::Days::new(365)).to_string();
    assert_eq!(
        verified["verifyContent"]["freshness"],
        json!({ "reviewBy": next, "possiblyOutdated": false })
    );
}

#[tokio::test]
async fn the_demo_network_answers_the_evidence_questions() {
    let app = TestApp::with_demo().await;
    let filter = json!({ "filter": { "metricKind": "phone_calls", "platform": "whatsapp", "level": "local" } });
    let seen = ok(&app, WHAT_WORKS, filter, None).await;
    let group = &seen["whatWorks"]["groups"][0];
    assert_eq!(group["caseCount"], 4, "{seen}");
    assert!((group["median"].as_f64().unwrap() - -0.275).abs() < 1e-9, "{group}");
    let cards = ok(
        &app,
        "{ platformScorecards { platform { code } dimensions { agencies } } }",
        json!({}),
        None,
    )
    .await;
    assert!(cards["platformScorecards"].as_array().unwrap().len() >= 5, "{cards}");
    let lineage = ok(
        &app,
        "{ search(query: \"Riudevall guia xarxes\", first: 5) { edges { node { item { ... on Guideline { title forkedFrom { versionNumber behind } } } } } } }",
        json!({}),
        None,
    )
    .await;
    let forks: Vec<&Value> = lineage["search"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| !e["node"]["item"]["forkedFrom"].is_null())
        .collect();
    assert_eq!(forks.len(), 1, "{lineage}");
    assert_eq!(
        forks[0]["node"]["item"]["forkedFrom"],
        json!({ "versionNumber": 1, "behind": true })
    );
    let outdated = ok(
        &app,
        "{ caseStudies(first: 100) { edges { node { title freshness { possiblyOutdated } } } } }",
        json!({}),
        None,
    )
    .await;
    let flagged: Vec<&Value> = outdated["caseStudies"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["node"]["freshness"]["possiblyOutdated"] == true)
        .collect();
    assert_eq!(flagged.len(), 1, "{flagged:?}");
}

#[tokio::test]
async fn review_marks_say_who_confirmed_an_item_or_marked_it_obsolete_and_why() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let (editor_a, member_a, editor_b) = (
        tokens["editor_a"].as_str(),
        tokens["member_a"].as_str(),
        tokens["editor_b"].as_str(),
    );
    let network = calls_case(&app, editor_a, "De la red", "NETWORK", 100.0, 60.0).await;
    let internal = calls_case(&app, editor_a, "Interno", "AGENCY", 100.0, 60.0).await;
    const MARKS: &str = "verified { at by { name } } obsolete { at reason by { name } }";
    let read = format!("query($id: ID!) {{ node(id: $id) {{ ... on CaseStudy {{ freshness {{ {MARKS} }} }} }} }}");
    let obsolete = format!(
        "mutation($id: ID!, $reason: String!) {{ markObsolete(input: {{ id: $id, reason: $reason }}) {{ freshness {{ {MARKS} }} }} }}"
    );
    let verify = format!("mutation($id: ID!) {{ verifyContent(input: {{ id: $id }}) {{ freshness {{ {MARKS} }} }} }}");
    let clear = format!("mutation($id: ID!) {{ clearObsolete(input: {{ id: $id }}) {{ freshness {{ {MARKS} }} }} }}");

    // Nobody has marked it yet.
    let fresh = ok(&app, &read, json!({ "id": network }), Some(editor_b)).await;
    assert_eq!(
        fresh["node"]["freshness"],
        json!({ "verified": null, "obsolete": null })
    );

    // Only its editors mark it; a reason is required and bounded.
    for (token, code) in [(member_a, "FORBIDDEN"), (editor_b, "FORBIDDEN")] {
        let (_, refused) = app
            .graphql(&obsolete, json!({ "id": network, "reason": "Ya no" }), Some(token))
            .await;
        assert_eq!(error_code(&refused), Some(code), "{refused}");
    }
    let (_, refused) = app
        .graphql(&obsolete, json!({ "id": network, "reason": "Ya no" }), None)
        .await;
    assert!(
        refused["data"].is_null() || refused["data"]["markObsolete"].is_null(),
        "{refused}"
    );
    for reason in ["   ".to_owned(), "x".repeat(501)] {
        let (_, invalid) = app
            .graphql(&obsolete, json!({ "id": network, "reason": reason }), Some(editor_a))
            .await;
        assert_eq!(error_field(&invalid), Some("input.reason"), "{invalid}");
    }
    // Agency B cannot even find A's internal case to mark it.
    let (_, hidden) = app
        .graphql(&obsolete, json!({ "id": internal, "reason": "Ya no" }), Some(editor_b))
        .await;
    assert_eq!(error_code(&hidden), Some("NOT_FOUND"), "{hidden}");

    let marked = ok(
        &app,
        &obsolete,
        json!({ "id": network, "reason": "  Lo sustituye el canal de 2026  " }),
        Some(editor_a),
    )
    .await;
    let mark = &marked["markObsolete"]["freshness"]["obsolete"];
    assert_eq!(mark["reason"], "Lo sustituye el canal de 2026");
    assert_eq!(mark["by"]["name"], "Editor A");
    assert!(
        mark["at"]
            .as_str()
            .is_some_and(|at| at.starts_with(&chrono::Utc::now().date_naive().to_string()))
    );
    // Every reader of the item sees the mark, with who and why.
    let seen = ok(&app, &read, json!({ "id": network }), Some(editor_b)).await;
    assert_eq!(
        seen["node"]["freshness"]["obsolete"]["reason"],
        "Lo sustituye el canal de 2026"
    );
    assert_eq!(seen["node"]["freshness"]["obsolete"]["by"]["name"], "Editor A");

    // Lifting the mark removes it; confirming the item current records who, and lifts a mark.
    let cleared = ok(&app, &clear, json!({ "id": network }), Some(editor_a)).await;
    assert_eq!(cleared["clearObsolete"]["freshness"]["obsolete"], Value::Null);
    ok(
        &app,
        &obsolete,
        json!({ "id": network, "reason": "Otra vez" }),
        Some(editor_a),
    )
    .await;
    let verified = ok(&app, &verify, json!({ "id": network }), Some(editor_a)).await;
    let freshness = &verified["verifyContent"]["freshness"];
    assert_eq!(freshness["obsolete"], Value::Null, "{verified}");
    assert_eq!(freshness["verified"]["by"]["name"], "Editor A");
    let seen = ok(&app, &read, json!({ "id": network }), Some(member_a)).await;
    assert_eq!(seen["node"]["freshness"]["verified"]["by"]["name"], "Editor A");
    // The marks survive a restart: they are in the database.
    let data = app.stop();
    let app = TestApp::start(data, &[]).await;
    let seen = ok(&app, &read, json!({ "id": network }), Some(editor_b)).await;
    assert_eq!(seen["node"]["freshness"]["verified"]["by"]["name"], "Editor A");
}
