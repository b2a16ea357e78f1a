//! Discussions and questions: mentions, answers, comments on items, edits, search, the demo.

use super::*;

#[tokio::test]
async fn questions_mentions_comments_and_bad_input() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let (ana, bea, editor_a) = (&tokens["member_a"], &tokens["member_b"], &tokens["editor_a"]);

    // A question across agencies, answered and accepted by its author only.
    let input = json!({ "kind": "QUESTION", "title": "¿Alguien mide el ahorro en llamadas al 010 tras abrir WhatsApp?",
        "body": "Nos interesa comparar. @editor@a.example ¿lo medís? <script>alert(1)</script>" });
    let question = ok(&app, START, json!({ "input": input }), bea).await["startDiscussion"].clone();
    assert_eq!(question["kind"], "QUESTION");
    assert_eq!(question["visibility"], "NETWORK");
    assert_eq!(question["mentions"], json!([{ "name": "Editor A" }]));
    let html = question["bodyHtml"].as_str().unwrap();
    assert!(!html.contains("<script") && !html.contains("alert(1)"), "{html}");
    let question_id = question["id"].as_str().unwrap().to_owned();
    assert!(can_read(&app, &question_id, Some(ana)).await);
    assert!(!can_read(&app, &question_id, None).await);

    let answer = ok(
        &app,
        REPLY,
        json!({ "input": { "discussionId": question_id, "body": "Sí: un 18 % menos en seis meses." } }),
        editor_a,
    )
    .await;
    let answer_id = answer["replyToDiscussion"]["id"].as_str().unwrap().to_owned();
    let accept = "mutation($id: ID!) { acceptAnswer(replyId: $id) { acceptedAnswer { id } } }";
    let (_, refused) = app.graphql(accept, json!({ "id": answer_id }), Some(ana)).await;
    assert_eq!(
        error_code(&refused),
        Some("FORBIDDEN"),
        "accepting an answer to someone else's question: {refused}"
    );
    let accepted = ok(&app, accept, json!({ "id": answer_id }), bea).await;
    assert_eq!(accepted["acceptAnswer"]["acceptedAnswer"]["id"], json!(answer_id));
    let read = ok(&app, READ, json!({ "id": question_id }), ana).await;
    assert_eq!(read["discussion"]["replies"][0]["accepted"], true);

    // Mentions must name members; bodies are bounded and required.
    let unknown = json!({ "title": "x", "body": "Hola @nadie@ninguna.example" });
    let (_, refused) = app.graphql(START, json!({ "input": unknown }), Some(ana)).await;
    assert_eq!(
        (error_code(&refused), error_field(&refused)),
        (Some("BAD_USER_INPUT"), Some("input.body")),
        "{refused}"
    );
    let (_, refused) = app
        .graphql(
            REPLY,
            json!({ "input": { "discussionId": question_id, "body": "cc @fantasma@a.example" } }),
            Some(ana),
        )
        .await;
    assert_eq!(error_field(&refused), Some("input.body"), "{refused}");
    let (_, refused) = app
        .graphql(START, json!({ "input": { "title": "x", "body": "   " } }), Some(ana))
        .await;
    assert_eq!(error_field(&refused), Some("input.body"), "{refused}");
    // A read-only credential cannot post.
    let (_, refused) = app
        .graphql(
            START,
            json!({ "input": { "title": "x", "body": "y" } }),
            Some(&tokens["reader_a"]),
        )
        .await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"));
    // Accepting needs a question.
    let plain = ok(
        &app,
        START,
        json!({ "input": { "title": "Ideas", "body": "¿Y si…?" } }),
        ana,
    )
    .await["startDiscussion"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let reply = ok(
        &app,
        REPLY,
        json!({ "input": { "discussionId": plain, "body": "¡Sí!" } }),
        ana,
    )
    .await["replyToDiscussion"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, refused) = app.graphql(accept, json!({ "id": reply }), Some(ana)).await;
    assert_eq!(error_code(&refused), Some("BAD_USER_INPUT"));

    // Agency-internal threads stay in the agency; replying to one from outside finds nothing.
    let internal = ok(
        &app,
        START,
        json!({ "input": { "title": "Turnos de guardia", "body": "Interno", "visibility": "AGENCY" } }),
        ana,
    )
    .await["startDiscussion"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(can_read(&app, &internal, Some(editor_a)).await);
    assert!(!can_read(&app, &internal, Some(bea)).await);
    let (_, refused) = app
        .graphql(
            REPLY,
            json!({ "input": { "discussionId": internal, "body": "hola" } }),
            Some(bea),
        )
        .await;
    assert_eq!(error_code(&refused), Some("NOT_FOUND"));

    // Comments on a case study take its audience: an agency-visible case study's comments are
    // the agency's only, whatever visibility the commenter asks for.
    let case = create_published(&app, editor_a, "Protocolo de respuesta en WhatsApp", "AGENCY").await;
    let input = json!({ "title": "Pregunta a los autores", "body": "¿Cuántas personas atienden el canal?", "subjectId": case, "visibility": "PUBLIC" });
    let comment = ok(&app, START, json!({ "input": input }), ana).await["startDiscussion"].clone();
    assert_eq!(comment["visibility"], "AGENCY");
    let comment_id = comment["id"].as_str().unwrap().to_owned();
    assert!(!can_read(&app, &comment_id, Some(bea)).await);
    assert!(!can_read(&app, &comment_id, None).await);
    let on_case = "query($id: ID!) { discussions(filter: { subjectId: $id }) { totalCount edges { node { id subject { id } } } } }";
    let listed = ok(&app, on_case, json!({ "id": case }), ana).await;
    assert_eq!(listed["discussions"]["totalCount"], 1);
    assert_eq!(listed["discussions"]["edges"][0]["node"]["subject"]["id"], json!(case));
    let (_, outside) = app.graphql(on_case, json!({ "id": case }), Some(bea)).await;
    assert_eq!(outside["data"]["discussions"]["totalCount"], 0, "{outside}");
    // Commenting on an item one cannot read finds nothing.
    let (_, refused) = app
        .graphql(
            START,
            json!({ "input": { "title": "x", "body": "y", "subjectId": case } }),
            Some(bea),
        )
        .await;
    assert_eq!(error_code(&refused), Some("NOT_FOUND"), "{refused}");
}

#[tokio::test]
async fn the_demo_network_has_groups_threads_and_answered_questions() {
    let data = TestApp::data_dir();
    plaza_blackbox::cli_ok(data.path(), &["seed-demo"]);
    plaza_blackbox::cli_ok(data.path(), &["seed-demo"]);
    let issue = |email: &str| {
        plaza_blackbox::cli_ok(data.path(), &["token", "issue", "--member", email, "--scope", "read"])
            .trim()
            .to_owned()
    };
    let (lucia, outsider) = (issue("lucia.moreno@vallverde.example"), issue("digitalgov@gsa.gov"));
    let app = TestApp::start(data, &[]).await;
    let threads = "{ discussions(first: 50) { totalCount edges { node { title kind replyCount acceptedAnswer { id } group { slug } } } } }";
    let seen = ok(&app, threads, json!({}), &lucia).await;
    // Seeding twice created everything once: 6 discussions and 5 questions.
    assert_eq!(seen["discussions"]["totalCount"], 11, "{seen}");
    let edges = seen["discussions"]["edges"].as_array().unwrap();
    assert!(edges.iter().all(|edge| edge["node"]["replyCount"].as_u64() > Some(0)));
    let answered = edges
        .iter()
        .filter(|edge| edge["node"]["kind"] == "QUESTION" && edge["node"]["acceptedAnswer"].is_object())
        .count();
    assert_eq!(answered, 4);
    // Group threads stay in their groups.
    let outside = ok(&app, threads, json!({}), &outsider).await;
    assert_eq!(outside["discussions"]["totalCount"], 5, "{outside}");
    let (_, anonymous) = app.graphql(threads, json!({}), None).await;
    assert_eq!(anonymous["data"]["discussions"]["totalCount"], 0);
    let groups = ok(&app, "{ groups { slug memberCount } }", json!({}), &outsider).await;
    assert_eq!(groups["groups"].as_array().map(Vec::len), Some(2), "{groups}");
}

#[tokio::test]
async fn edits_keep_revisions_and_followers_hear_of_new_threads_they_may_read() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let (ana, bea, editor_a, editor_b) = (
        &tokens["member_a"],
        &tokens["member_b"],
        &tokens["editor_a"],
        &tokens["editor_b"],
    );

    // Bea follows Ana; Editor B follows agency A.
    let (_, body) = app
        .graphql("{ viewer { member { id } agency { id } } }", json!({}), Some(ana))
        .await;
    let (ana_id, agency_a) = (
        body["data"]["viewer"]["member"]["id"].as_str().unwrap().to_owned(),
        body["data"]["viewer"]["agency"]["id"].as_str().unwrap().to_owned(),
    );
    let follow = "mutation($id: ID) { follow(targetId: $id) }";
    ok(&app, follow, json!({ "id": ana_id }), bea).await;
    ok(&app, follow, json!({ "id": agency_a }), editor_b).await;

    // A network thread reaches both followers; an agency-internal one reaches neither.
    let open = ok(
        &app,
        START,
        json!({ "input": { "title": "Guía de tono", "body": "Primer borrador" } }),
        ana,
    )
    .await;
    let open_id = open["startDiscussion"]["id"].as_str().unwrap().to_owned();
    ok(
        &app,
        START,
        json!({ "input": { "title": "Solo interno", "body": "x", "visibility": "AGENCY" } }),
        ana,
    )
    .await;
    let feed = "{ notifications { items { kind discussion { id } } } }";
    for token in [bea, editor_b] {
        let items = ok(&app, feed, json!({}), token).await["notifications"]["items"].clone();
        assert_eq!(
            items,
            json!([{ "kind": "FOLLOWED", "discussion": { "id": open_id } }]),
            "{items}"
        );
    }

    // Edits by the author keep the earlier version; others cannot edit.
    let edit = "mutation($input: EditDiscussionInput!) { editDiscussion(input: $input) { title body revisions { title body } } }";
    let input =
        json!({ "id": open_id, "title": "Guía de tono (v2)", "body": "Segundo borrador, @editor@a.example revisa" });
    let (_, refused) = app.graphql(edit, json!({ "input": input }), Some(editor_a)).await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"), "{refused}");
    let edited = ok(&app, edit, json!({ "input": input }), ana).await["editDiscussion"].clone();
    assert_eq!(edited["title"], "Guía de tono (v2)");
    assert_eq!(
        edited["revisions"],
        json!([{ "title": "Guía de tono", "body": "Primer borrador" }])
    );
    // A mention added by an edit notifies the newly mentioned.
    let items = ok(&app, feed, json!({}), editor_a).await["notifications"]["items"].clone();
    assert_eq!(items[0]["kind"], "MENTION", "{items}");

    let reply = ok(
        &app,
        REPLY,
        json!({ "input": { "discussionId": open_id, "body": "Me gusta" } }),
        bea,
    )
    .await;
    let reply_id = reply["replyToDiscussion"]["id"].as_str().unwrap().to_owned();
    let edit_reply = "mutation($input: EditReplyInput!) { editReply(input: $input) { body revisions { body } } }";
    let (_, refused) = app
        .graphql(
            edit_reply,
            json!({ "input": { "id": reply_id, "body": "x" } }),
            Some(ana),
        )
        .await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"));
    let (_, refused) = app
        .graphql(
            edit_reply,
            json!({ "input": { "id": reply_id, "body": "<script>x</script>" } }),
            Some(bea),
        )
        .await;
    assert!(refused["errors"].is_null(), "{refused}");
    let edited = ok(
        &app,
        edit_reply,
        json!({ "input": { "id": reply_id, "body": "Me gusta mucho" } }),
        bea,
    )
    .await;
    assert_eq!(edited["editReply"]["body"], "Me gusta mucho");
    assert_eq!(edited["editReply"]["revisions"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn discussions_are_searchable_within_their_audience_and_leave_search_when_hidden() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    plaza_blackbox::cli_ok(
        data.path(),
        &[
            "member",
            "add",
            "--email",
            "mod@a.example",
            "--name",
            "Moderación",
            "--agency",
            "agency-a",
            "--role",
            "moderator",
        ],
    );
    let moderator = plaza_blackbox::cli_ok(
        data.path(),
        &["token", "issue", "--member", "mod@a.example", "--scope", "write"],
    )
    .trim()
    .to_owned();
    let app = TestApp::start(data, &[]).await;
    let (ana, bea, editor_a) = (&tokens["member_a"], &tokens["member_b"], &tokens["editor_a"]);
    let question = json!({ "kind": "QUESTION", "title": "¿Cómo medís el ahorro de llamadas con WhatsApp?", "body": "Comparando con el 010." });
    let asked = ok(&app, START, json!({ "input": question }), ana).await["startDiscussion"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    ok(&app, START, json!({ "input": { "title": "Guardias de fin de semana", "body": "Turnos del equipo de redes", "visibility": "AGENCY" } }), ana).await;

    let search = "query($q: String!) { search(query: $q) { totalCount edges { node { id kind title } } } }";
    let total = |body: &Value| body["search"]["totalCount"].as_i64().unwrap_or(-1);
    // Indexed when the mutation answers, and found by another agency's member (network).
    let found = ok(&app, search, json!({ "q": "ahorro llamadas whatsapp" }), bea).await;
    assert_eq!(total(&found), 1, "{found}");
    assert_eq!(found["search"]["edges"][0]["node"]["kind"], "DISCUSSION");
    assert_eq!(found["search"]["edges"][0]["node"]["id"], json!(asked));
    assert_eq!(
        total(&ok(&app, search, json!({ "q": "tipo:pregunta whatsapp" }), bea).await),
        1
    );
    assert_eq!(
        total(&ok(&app, search, json!({ "q": "tipo:caso whatsapp" }), bea).await),
        0
    );
    // Agency-internal threads are found inside the agency only; nothing public for anonymous.
    assert_eq!(
        total(&ok(&app, search, json!({ "q": "guardias fin de semana" }), editor_a).await),
        1
    );
    assert_eq!(
        total(&ok(&app, search, json!({ "q": "guardias fin de semana" }), bea).await),
        0
    );
    let (_, anonymous) = app.graphql(search, json!({ "q": "whatsapp" }), None).await;
    assert_eq!(anonymous["data"]["search"]["totalCount"], 0);
    // A hidden thread leaves search before the moderator's answer.
    let hide = "mutation($id: ID!, $reason: String!) { hidePost(targetId: $id, reason: $reason) }";
    ok(&app, hide, json!({ "id": asked, "reason": "Duplicado" }), &moderator).await;
    assert_eq!(
        total(&ok(&app, search, json!({ "q": "ahorro llamadas whatsapp" }), bea).await),
        0
    );
}
