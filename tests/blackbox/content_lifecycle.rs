//! Create → publish → read → update → list, across a restart; validation errors by field.

use plaza_blackbox::{TestApp, error_code, error_field, two_agencies};
use serde_json::{Value, json};

const CREATE: &str = "mutation($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { caseStudy { id title status visibility language agency { slug } metrics { unit relativeChange } } } }";

fn whatsapp_case() -> Value {
    json!({
        "title": "WhatsApp para reducir llamadas al 010",
        "summary": "Un canal de atención por WhatsApp",
        "objectives": ["citizen_service"],
        "platforms": ["whatsapp"],
        "visibility": "PUBLIC",
        "metrics": [{
            "metric": "Llamadas semanales", "unit": "count", "baseline": 1000, "actual": 700,
            "periodStart": "2024-01-01", "periodEnd": "2024-06-30", "evidenceLevel": "analytics_export"
        }]
    })
}

#[tokio::test]
async fn an_editor_creates_publishes_reads_updates_and_lists_a_case_that_survives_a_restart() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let editor = Some(tokens["editor_a"].as_str());

    let (status, created) = app.graphql(CREATE, json!({ "input": whatsapp_case() }), editor).await;
    assert_eq!(status, 200, "{created}");
    let case = &created["data"]["createCaseStudy"]["caseStudy"];
    assert_eq!(case["status"], "DRAFT");
    assert_eq!(case["agency"]["slug"], "agency-a");
    assert_eq!(case["metrics"][0]["relativeChange"], -0.3);
    let id = case["id"].as_str().expect("id").to_owned();

    // A draft is invisible to anonymous viewers.
    let node = "query($id: ID!) { node(id: $id) { id ... on CaseStudy { title status } } }";
    let (_, anonymous_draft) = app.graphql(node, json!({ "id": id }), None).await;
    assert_eq!(anonymous_draft["data"]["node"], Value::Null);

    let publish = "mutation($id: ID!) { publishCaseStudy(input: { id: $id }) { caseStudy { status publishedAt } } }";
    let (_, published) = app.graphql(publish, json!({ "id": id }), editor).await;
    assert_eq!(
        published["data"]["publishCaseStudy"]["caseStudy"]["status"], "PUBLISHED",
        "{published}"
    );

    let (_, read) = app.graphql(node, json!({ "id": id }), None).await;
    assert_eq!(read["data"]["node"]["title"], "WhatsApp para reducir llamadas al 010");

    let update = "mutation($input: UpdateCaseStudyInput!) { updateCaseStudy(input: $input) { caseStudy { title platforms { code } } } }";
    let (_, updated) = app
        .graphql(update, json!({ "input": { "id": id, "title": "WhatsApp y el 010: un año después", "platforms": ["whatsapp", "telegram"] } }), editor)
        .await;
    assert_eq!(
        updated["data"]["updateCaseStudy"]["caseStudy"]["title"], "WhatsApp y el 010: un año después",
        "{updated}"
    );

    let list = "{ caseStudies(first: 5) { totalCount edges { cursor node { id title } } pageInfo { hasNextPage endCursor } } }";
    let (_, listed) = app.graphql(list, json!({}), None).await;
    assert_eq!(listed["data"]["caseStudies"]["totalCount"], 1);
    assert_eq!(listed["data"]["caseStudies"]["edges"][0]["node"]["id"], id.as_str());

    let data = app.stop();
    let app = TestApp::start(data, &[]).await;
    let (_, after_restart) = app.graphql(node, json!({ "id": id }), None).await;
    assert_eq!(
        after_restart["data"]["node"]["title"],
        "WhatsApp y el 010: un año después"
    );
}

#[tokio::test]
async fn bad_input_is_refused_with_bad_user_input_naming_the_field() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let editor = Some(tokens["editor_a"].as_str());
    let with = |patch: Value| {
        let mut input = whatsapp_case();
        for (key, value) in patch.as_object().expect("object") {
            input[key] = value.clone();
        }
        json!({ "input": input })
    };
    let metric_with = |patch: Value| {
        let mut metric = whatsapp_case()["metrics"][0].clone();
        for (key, value) in patch.as_object().expect("object") {
            metric[key] = value.clone();
        }
        json!({ "metrics": [metric] })
    };
    let cases = [
        (with(json!({ "title": "" })), "input.title"),
        (with(json!({ "title": "x".repeat(10 * 1024) })), "input.title"),
        (
            with(json!({ "objectives": ["citizen_service", "marketing"] })),
            "input.objectives.1",
        ),
        (
            with(metric_with(
                json!({ "periodStart": "2024-06-30", "periodEnd": "2024-01-01" }),
            )),
            "input.metrics.0.periodEnd",
        ),
        (with(metric_with(json!({ "unit": "" }))), "input.metrics.0.unit"),
        (with(json!({ "language": "xx" })), "input.language"),
    ];
    for (variables, field) in cases {
        let (status, body) = app.graphql(CREATE, variables, editor).await;
        assert_eq!(status, 200);
        assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{field}: {body}");
        assert_eq!(error_field(&body), Some(field), "{body}");
        assert!(body["data"].is_null() || body["data"]["createCaseStudy"].is_null());
    }
    let (_, listed) = app
        .graphql(
            "{ caseStudies(filter: { status: DRAFT }) { totalCount } }",
            json!({}),
            editor,
        )
        .await;
    assert_eq!(listed["data"]["caseStudies"]["totalCount"], 0, "nothing was stored");
}

#[tokio::test]
async fn error_messages_follow_the_readers_language_and_keep_codes_and_fields() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let mut input = whatsapp_case();
    input["metrics"][0]["kind"] = json!("phone_calls");
    input["metrics"][0]["unit"] = json!("minutes");
    let send = |language: Option<&'static str>| {
        let mut request = app
            .http
            .post(format!("{}/graphql", app.address))
            .bearer_auth(&tokens["editor_a"])
            .json(&json!({ "query": CREATE, "variables": { "input": input.clone() } }));
        if let Some(language) = language {
            request = request.header("accept-language", language);
        }
        request.send()
    };
    for (language, expected) in [
        (None, "unit minutes does not fit metric kind phone_calls; use count"),
        (
            Some("es-ES,es;q=0.9,en;q=0.5"),
            "la unidad minutes no corresponde al tipo de métrica phone_calls; usa count",
        ),
        (
            Some("ca"),
            "la unitat minutes no correspon al tipus de mètrica phone_calls; fes servir count",
        ),
        (
            Some("pt-BR"),
            "a unidade minutes não corresponde ao tipo de métrica phone_calls; use count",
        ),
        (
            Some("de-DE"),
            "unit minutes does not fit metric kind phone_calls; use count",
        ),
    ] {
        let body: Value = send(language).await.expect("send").json().await.expect("json");
        assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{body}");
        assert_eq!(error_field(&body), Some("input.metrics.0.unit"), "{body}");
        let message = body["errors"][0]["message"].as_str().unwrap_or_default();
        assert_eq!(message, format!("input.metrics.0.unit: {expected}"), "{language:?}");
    }
}

#[tokio::test]
async fn a_guideline_keeps_every_version_and_refuses_a_stale_one() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let editor = Some(tokens["editor_a"].as_str());
    let create = "mutation { createGuideline(input: { title: \"Guía de redes\", body: \"Versión uno\", visibility: PUBLIC }) { guideline { id currentVersionNumber } } }";
    let (_, created) = app.graphql(create, json!({}), editor).await;
    let id = created["data"]["createGuideline"]["guideline"]["id"]
        .as_str()
        .expect("id")
        .to_owned();

    let publish = "mutation($input: PublishGuidelineVersionInput!) { publishGuidelineVersion(input: $input) { version { number changelog } guideline { currentVersionNumber currentVersion { body } } } }";
    let (_, second) = app
        .graphql(publish, json!({ "input": { "guidelineId": id, "body": "Versión dos", "changelog": "Añade TikTok", "basedOnVersion": 1 } }), editor)
        .await;
    assert_eq!(
        second["data"]["publishGuidelineVersion"]["version"]["number"], 2,
        "{second}"
    );
    assert_eq!(
        second["data"]["publishGuidelineVersion"]["guideline"]["currentVersion"]["body"],
        "Versión dos"
    );

    let (_, stale) = app
        .graphql(
            publish,
            json!({ "input": { "guidelineId": id, "body": "Otra", "changelog": "Cambios", "basedOnVersion": 1 } }),
            editor,
        )
        .await;
    assert_eq!(error_code(&stale), Some("CONFLICT"), "{stale}");
    let (_, no_changelog) = app
        .graphql(
            publish,
            json!({ "input": { "guidelineId": id, "body": "Otra", "changelog": " " } }),
            editor,
        )
        .await;
    assert_eq!(error_field(&no_changelog), Some("input.changelog"));

    let versions = "query($id: ID!) { guideline(id: $id) { versions { totalCount nodes { number body } } } }";
    let (_, listed) = app.graphql(versions, json!({ "id": id }), editor).await;
    assert_eq!(listed["data"]["guideline"]["versions"]["totalCount"], 2);
    assert_eq!(
        listed["data"]["guideline"]["versions"]["nodes"][1]["body"],
        "Versión uno"
    );
}

#[tokio::test]
async fn markdown_sections_and_previews_render_as_sanitised_html() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let editor = Some(tokens["editor_a"].as_str());
    let hostile = "**Hecho** <script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3))";

    let mut input = whatsapp_case();
    input["context"] = json!(hostile);
    input["lessons"] = json!("- una\n- dos");
    let (_, created) = app.graphql(CREATE, json!({ "input": input }), editor).await;
    let id = created["data"]["createCaseStudy"]["caseStudy"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let query = "query($id: ID!) { caseStudy(id: $id) { context contextHtml lessonsHtml actionsHtml } }";
    let (_, read) = app.graphql(query, json!({ "id": id }), editor).await;
    let case = &read["data"]["caseStudy"];
    assert_eq!(case["context"], hostile, "the source is kept as written");
    let html = case["contextHtml"].as_str().expect("html").to_lowercase();
    assert!(html.contains("<strong>hecho</strong>"), "{html}");
    for forbidden in ["<script", "onerror", "javascript:"] {
        assert!(!html.contains(forbidden), "{forbidden} in {html}");
    }
    assert!(case["lessonsHtml"].as_str().unwrap().contains("<li>una</li>"));
    assert_eq!(case["actionsHtml"], "");

    // The preview is the same rendering, for anyone, bounded like any body.
    let preview = "query($m: String!) { previewMarkdown(markdown: $m) }";
    let (status, previewed) = app.graphql(preview, json!({ "m": hostile }), None).await;
    assert_eq!(status, 200);
    assert_eq!(
        previewed["data"]["previewMarkdown"].as_str().unwrap().to_lowercase(),
        html
    );
    let (_, too_big) = app.graphql(preview, json!({ "m": "x".repeat(200 * 1024) }), None).await;
    assert_eq!(error_code(&too_big), Some("BAD_USER_INPUT"), "{too_big}");
    assert_eq!(error_field(&too_big), Some("markdown"), "{too_big}");
}

#[tokio::test]
async fn content_written_without_a_language_takes_the_language_of_its_text() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let editor = Some(tokens["editor_a"].as_str());
    let catalan = json!({
        "title": "L'ajuntament respon per WhatsApp les consultes dels veïns",
        "summary": "Un canal d'atenció ciutadana que redueix les trucades i les cues a l'oficina",
        "objectives": ["citizen_service"],
    });
    let english = json!({
        "title": "The council answers residents' questions on WhatsApp",
        "summary": "A citizen service channel that cuts calls and queues at the front office",
        "objectives": ["citizen_service"],
    });
    let labelled = json!({
        "title": "The council answers residents' questions on WhatsApp",
        "summary": "A citizen service channel that cuts calls and queues at the front office",
        "objectives": ["citizen_service"],
        "language": "gl",
    });
    for (input, expected) in [(catalan, "ca"), (english, "en"), (labelled, "gl")] {
        let (_, created) = app.graphql(CREATE, json!({ "input": input }), editor).await;
        assert_eq!(
            created["data"]["createCaseStudy"]["caseStudy"]["language"], expected,
            "{created}"
        );
    }
    let (_, practice) = app
        .graphql(
            "mutation($input: CreatePracticeInput!) { createPractice(input: $input) { practice { language } } }",
            json!({ "input": {
                "title": "Respostes en menys d'una hora",
                "body": "Contestem cada missatge dels veïns en menys d'una hora, amb un torn de guàrdia els caps de setmana.",
            } }),
            editor,
        )
        .await;
    assert_eq!(
        practice["data"]["createPractice"]["practice"]["language"], "ca",
        "{practice}"
    );
}

#[tokio::test]
async fn a_guidelines_own_facts_change_without_touching_its_versions_and_only_for_its_editors() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let (editor_a, member_b) = (tokens["editor_a"].as_str(), tokens["member_b"].as_str());
    let (_, created) = app
        .graphql(
            "mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { guideline { id } } }",
            json!({ "input": { "title": "Guía de redes", "body": "Responder en 24 horas.", "visibility": "NETWORK" } }),
            Some(editor_a),
        )
        .await;
    let id = created["data"]["createGuideline"]["guideline"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{created}"))
        .to_owned();
    const UPDATE: &str = "mutation($input: UpdateGuidelineInput!) { updateGuideline(input: $input) {
        guideline { title summary licence tags visibility currentVersionNumber currentVersion { body } } } }";
    let changes = json!({ "id": id, "title": "Guía de redes sociales", "summary": "Tiempos de respuesta",
                          "licence": "CC0-1.0", "tags": ["respuesta"], "visibility": "AGENCY" });
    // Another agency's member may not; a bad value names its field.
    let (_, refused) = app.graphql(UPDATE, json!({ "input": changes }), Some(member_b)).await;
    assert!(
        matches!(error_code(&refused), Some("FORBIDDEN" | "NOT_FOUND")),
        "{refused}"
    );
    let (_, invalid) = app
        .graphql(UPDATE, json!({ "input": { "id": id, "title": "  " } }), Some(editor_a))
        .await;
    assert_eq!(error_field(&invalid), Some("input.title"), "{invalid}");

    let (_, updated) = app.graphql(UPDATE, json!({ "input": changes }), Some(editor_a)).await;
    let guideline = &updated["data"]["updateGuideline"]["guideline"];
    assert_eq!(
        guideline,
        &json!({ "title": "Guía de redes sociales", "summary": "Tiempos de respuesta", "licence": "CC0-1.0",
                 "tags": ["respuesta"], "visibility": "AGENCY", "currentVersionNumber": 1,
                 "currentVersion": { "body": "Responder en 24 horas." } }),
        "{updated}"
    );
    // Now for agency A only: agency B no longer reads it.
    let (_, hidden) = app
        .graphql(
            "query($id: ID!) { node(id: $id) { id } }",
            json!({ "id": id }),
            Some(member_b),
        )
        .await;
    assert_eq!(hidden["data"]["node"], Value::Null, "{hidden}");
}
