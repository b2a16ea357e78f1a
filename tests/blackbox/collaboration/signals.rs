//! Endorsements, bookmarks and follows, and what followers hear of.

use super::*;

#[tokio::test]
async fn endorsements_bookmarks_and_follows_stay_within_the_audience() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let (ana, bea, editor_a, editor_b) = (
        &tokens["member_a"],
        &tokens["member_b"],
        &tokens["editor_a"],
        &tokens["editor_b"],
    );
    let shared = create_published(&app, editor_b, "Atención por WhatsApp en el 010", "NETWORK").await;
    let internal = create_published(&app, editor_a, "Guardias internas", "AGENCY").await;

    let endorse = "mutation($id: ID!) { endorse(targetId: $id) }";
    assert_eq!(ok(&app, endorse, json!({ "id": shared }), ana).await["endorse"], 1);
    assert_eq!(ok(&app, endorse, json!({ "id": shared }), bea).await["endorse"], 2);
    assert_eq!(
        ok(&app, endorse, json!({ "id": shared }), ana).await["endorse"],
        2,
        "endorsing twice counts once"
    );
    let counted = "query($id: ID!) { caseStudy(id: $id) { endorsementCount viewerEndorsed } }";
    assert_eq!(
        ok(&app, counted, json!({ "id": shared }), ana).await["caseStudy"],
        json!({ "endorsementCount": 2, "viewerEndorsed": true })
    );
    assert_eq!(
        ok(&app, counted, json!({ "id": shared }), editor_b).await["caseStudy"]["viewerEndorsed"],
        false
    );
    let withdraw = "mutation($id: ID!) { withdrawEndorsement(targetId: $id) }";
    assert_eq!(
        ok(&app, withdraw, json!({ "id": shared }), bea).await["withdrawEndorsement"],
        1
    );
    // Outside the audience, an item cannot be endorsed or bookmarked: it does not exist.
    let (_, refused) = app.graphql(endorse, json!({ "id": internal }), Some(bea)).await;
    assert_eq!(error_code(&refused), Some("NOT_FOUND"), "{refused}");
    let bookmark = "mutation($id: ID!) { bookmark(targetId: $id) }";
    let (_, refused) = app.graphql(bookmark, json!({ "id": internal }), Some(bea)).await;
    assert_eq!(error_code(&refused), Some("NOT_FOUND"), "{refused}");
    let (_, refused) = app
        .graphql(endorse, json!({ "id": shared }), Some(&tokens["reader_a"]))
        .await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"));

    // Bookmarks list only what the member may still read.
    let thread = ok(
        &app,
        START,
        json!({ "input": { "title": "Plantillas", "body": "¿Compartimos?" } }),
        bea,
    )
    .await["startDiscussion"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    ok(&app, bookmark, json!({ "id": shared }), ana).await;
    ok(&app, bookmark, json!({ "id": thread }), ana).await;
    let listed = "{ bookmarks { id } }";
    let ids = |value: &Value| -> Vec<String> {
        value["bookmarks"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|node| node["id"].as_str().map(str::to_owned))
            .collect()
    };
    let mine = ok(&app, listed, json!({}), ana).await;
    assert_eq!(ids(&mine).len(), 2, "{mine}");
    let withdraw_case = "mutation($id: ID!) { withdrawCaseStudy(input: { id: $id }) { caseStudy { status } } }";
    ok(&app, withdraw_case, json!({ "id": shared }), editor_b).await;
    assert_eq!(
        ids(&ok(&app, listed, json!({}), ana).await),
        vec![thread.clone()],
        "a withdrawn item left the bookmarks"
    );
    assert_eq!(
        ids(&ok(&app, listed, json!({}), bea).await),
        Vec::<String>::new(),
        "bookmarks are private"
    );

    // Follows: agencies, groups, members, items and taxonomy codes.
    let (_, body) = app
        .graphql("{ agency(slug: \"agency-b\") { id } }", json!({}), None)
        .await;
    let agency_b = body["data"]["agency"]["id"].as_str().unwrap().to_owned();
    let follow = "mutation($id: ID, $code: String) { follow(targetId: $id, taxonomy: $code) }";
    ok(&app, follow, json!({ "id": agency_b }), ana).await;
    ok(&app, follow, json!({ "code": "platform:tiktok" }), ana).await;
    ok(&app, follow, json!({ "id": thread }), ana).await;
    for (variables, field) in [
        (json!({ "code": "platform:myspace" }), "taxonomy"),
        (json!({}), "targetId"),
        (json!({ "id": internal }), "targetId"),
    ] {
        let (_, refused) = app.graphql(follow, variables.clone(), Some(bea)).await;
        assert!(refused["errors"].is_array(), "{variables}: {refused}");
        if error_code(&refused) == Some("BAD_USER_INPUT") {
            assert_eq!(error_field(&refused), Some(field), "{refused}");
        } else {
            assert_eq!(error_code(&refused), Some("NOT_FOUND"), "{refused}");
        }
    }
    let follows = ok(&app, "{ follows { targetId taxonomy } }", json!({}), ana).await;
    let text = follows.to_string();
    assert!(
        text.contains(&agency_b) && text.contains("platform:tiktok") && text.contains(&thread),
        "{text}"
    );
    ok(
        &app,
        "mutation($code: String) { unfollow(taxonomy: $code) }",
        json!({ "code": "platform:tiktok" }),
        ana,
    )
    .await;
    assert!(
        !ok(&app, "{ follows { taxonomy } }", json!({}), ana)
            .await
            .to_string()
            .contains("tiktok")
    );
}

#[tokio::test]
async fn followers_hear_of_published_content_they_may_read() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let (ana, bea, editor_a, editor_b) = (
        &tokens["member_a"],
        &tokens["member_b"],
        &tokens["editor_a"],
        &tokens["editor_b"],
    );
    let (_, body) = app
        .graphql("{ viewer { member { id } agency { id } } }", json!({}), Some(editor_a))
        .await;
    let (editor_id, agency_a) = (
        body["data"]["viewer"]["member"]["id"].as_str().unwrap().to_owned(),
        body["data"]["viewer"]["agency"]["id"].as_str().unwrap().to_owned(),
    );
    let follow = "mutation($id: ID, $code: String) { follow(targetId: $id, taxonomy: $code) }";
    ok(&app, follow, json!({ "id": agency_a }), bea).await;
    ok(&app, follow, json!({ "code": "platform:tiktok" }), editor_b).await;
    ok(&app, follow, json!({ "id": editor_id }), ana).await;

    let publish = |title: &'static str, visibility: &'static str| {
        let app = &app;
        async move {
            let create =
                "mutation($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { caseStudy { id } } }";
            let input = json!({ "title": title, "objectives": ["citizen_service"], "platforms": ["tiktok"], "visibility": visibility });
            let created = ok(app, create, json!({ "input": input }), editor_a).await;
            let id = created["createCaseStudy"]["caseStudy"]["id"]
                .as_str()
                .unwrap()
                .to_owned();
            // A draft tells nobody; publishing does.
            let drafts = ok(app, "{ notifications { unreadCount } }", json!({}), ana).await;
            let publish = "mutation($id: ID!) { publishCaseStudy(input: { id: $id }) { caseStudy { id } } }";
            ok(app, publish, json!({ "id": id }), editor_a).await;
            (id, drafts["notifications"]["unreadCount"].as_u64().unwrap_or(0))
        }
    };
    let (open, before_open) = publish("Vídeos cortos en TikTok para trámites", "NETWORK").await;
    let (internal, before_internal) = publish("TikTok interno: guion de vídeos", "AGENCY").await;
    assert_eq!((before_open, before_internal), (0, 1), "drafts notify nobody");

    let feed = "{ notifications { items { kind item { ... on CaseStudy { id } } } } }";
    let items = |body: Value| -> Vec<String> {
        body["notifications"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|item| item["kind"] == "NEW_CONTENT")
            .filter_map(|item| item["item"]["id"].as_str().map(str::to_owned))
            .collect()
    };
    // Following the author: both (same agency). Following the agency or the platform from
    // another agency: only the network case study.
    let mut for_ana = items(ok(&app, feed, json!({}), ana).await);
    for_ana.sort();
    let mut expected = vec![open.clone(), internal.clone()];
    expected.sort();
    assert_eq!(for_ana, expected);
    assert_eq!(items(ok(&app, feed, json!({}), bea).await), vec![open.clone()]);
    assert_eq!(items(ok(&app, feed, json!({}), editor_b).await), vec![open]);
}
