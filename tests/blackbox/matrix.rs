//! The visibility matrix: every content type × visibility (public, network, agency, group) ×
//! viewer (anonymous; same agency; other agency; group member; non-member; moderator; network
//! admin) × every read path (node, the type's own query, its list and total, search hits and
//! total, type facet counts, suggestions, related items, notifications; for case studies also
//! the evidence paths: "what works" cases, replications listed on the original, the cases
//! behind a platform rating). Each case asserts the exact expected answer; the test prints how
//! many it checked.

use plaza_blackbox::{TestApp, cli_ok, two_agencies};
use serde_json::{Value, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    CaseStudy,
    Practice,
    Guideline,
    Discussion,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::CaseStudy => "caseStudy",
            Kind::Practice => "practice",
            Kind::Guideline => "guideline",
            Kind::Discussion => "discussion",
        }
    }

    fn list(self) -> &'static str {
        match self {
            Kind::CaseStudy => "caseStudies",
            Kind::Practice => "practices",
            Kind::Guideline => "guidelines",
            Kind::Discussion => "discussions",
        }
    }
}

/// Who is looking, and which audiences include them.
struct Viewer {
    name: &'static str,
    token: Option<String>,
    signed_in: bool,
    in_agency_a: bool,
    in_group: bool,
}

impl Viewer {
    fn sees(&self, visibility: &str) -> bool {
        match visibility {
            "PUBLIC" => true,
            "NETWORK" => self.signed_in,
            "AGENCY" => self.in_agency_a,
            "GROUP" => self.in_group,
            _ => false,
        }
    }
}

struct Item {
    kind: Kind,
    visibility: &'static str,
    id: String,
    /// A word only this item's title contains.
    word: String,
}

async fn data(app: &TestApp, query: &str, variables: Value, token: Option<&str>) -> Value {
    let (status, body) = app.graphql(query, variables, token).await;
    assert!(status == 200 && body["errors"].is_null(), "{query}: {body}");
    body["data"].clone()
}

/// A unique lower-case word for item `n` (letters only, so analysis keeps it whole).
fn word(n: usize) -> String {
    let letters: String = format!("{n:03}")
        .chars()
        .map(|digit| char::from(b'k' + digit.to_digit(10).map_or(0, |d| d as u8)))
        .collect();
    format!("zqx{letters}")
}

async fn create(app: &TestApp, kind: Kind, visibility: &'static str, group: &str, n: usize, author: &str) -> Item {
    let word = word(n);
    let title = format!("Caso {word} de prueba");
    let mut input = json!({ "title": title, "visibility": visibility });
    if visibility == "GROUP" {
        input["groupId"] = json!(group);
    }
    let id = match kind {
        Kind::CaseStudy | Kind::Practice | Kind::Guideline => {
            let (create, publish, field) = match kind {
                Kind::CaseStudy => (
                    "createCaseStudy(input: $input) { caseStudy { id } }",
                    "publishCaseStudy",
                    "caseStudy",
                ),
                Kind::Practice => (
                    "createPractice(input: $input) { practice { id } }",
                    "publishPractice",
                    "practice",
                ),
                _ => (
                    "createGuideline(input: $input) { guideline { id } }",
                    "publishGuideline",
                    "guideline",
                ),
            };
            let input_type = match kind {
                Kind::CaseStudy => "CreateCaseStudyInput",
                Kind::Practice => "CreatePracticeInput",
                _ => "CreateGuidelineInput",
            };
            match kind {
                Kind::Guideline => input["body"] = json!("Texto de la guía."),
                Kind::Practice => {
                    input["objectives"] = json!(["citizen_service"]);
                    input["summary"] = json!("Un consejo.");
                }
                _ => {
                    // Case studies carry a comparable metric, so they feed "what works".
                    input["objectives"] = json!(["citizen_service"]);
                    input["platforms"] = json!(["whatsapp"]);
                    input["metrics"] = json!([{ "metric": "Llamadas", "kind": "phone_calls", "unit": "count",
                        "baseline": 100 + n, "actual": 50 + n, "periodStart": "2024-01-01", "periodEnd": "2024-12-31",
                        "evidenceLevel": "audited" }]);
                }
            }
            let mutation = format!("mutation($input: {input_type}!) {{ {create} }}");
            let created = data(app, &mutation, json!({ "input": input }), Some(author)).await;
            let name = create.split('(').next().unwrap_or_default();
            let id = created[name][field]["id"].as_str().unwrap().to_owned();
            let publish = format!("mutation($id: ID!) {{ {publish}(input: {{ id: $id }}) {{ {field} {{ id }} }} }}");
            data(app, &publish, json!({ "id": id }), Some(author)).await;
            id
        }
        Kind::Discussion => {
            input["body"] =
                json!("@member@b.example @editor@b.example @member@a.example @mod@a.example @root@c.example");
            let start = "mutation($input: StartDiscussionInput!) { startDiscussion(input: $input) { id } }";
            let started = data(app, start, json!({ "input": input }), Some(author)).await;
            started["startDiscussion"]["id"].as_str().unwrap().to_owned()
        }
    };
    Item {
        kind,
        visibility,
        id,
        word,
    }
}

/// Every `"id"` string anywhere in a response.
fn collect_ids(value: &Value, ids: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner) {
                    ("id", Value::String(id)) => ids.push(id.clone()),
                    _ => collect_ids(inner, ids),
                }
            }
        }
        Value::Array(list) => list.iter().for_each(|inner| collect_ids(inner, ids)),
        _ => {}
    }
}

#[tokio::test]
async fn the_visibility_matrix_has_no_leak() {
    let data_dir = TestApp::data_dir();
    let tokens = two_agencies(data_dir.path());
    cli_ok(
        data_dir.path(),
        &[
            "agency",
            "add",
            "--slug",
            "agency-c",
            "--name",
            "Agency C",
            "--level",
            "national",
            "--country",
            "ES",
            "--domain",
            "c.example",
        ],
    );
    for (email, agency, role) in [
        ("mod@a.example", "agency-a", "moderator"),
        ("root@c.example", "agency-c", "network_admin"),
    ] {
        cli_ok(
            data_dir.path(),
            &[
                "member", "add", "--email", email, "--name", email, "--agency", agency, "--role", role,
            ],
        );
    }
    let issue = |email: &str| {
        cli_ok(
            data_dir.path(),
            &["token", "issue", "--member", email, "--scope", "write"],
        )
        .trim()
        .to_owned()
    };
    let (moderator, admin) = (issue("mod@a.example"), issue("root@c.example"));
    let app = TestApp::start(data_dir, &[]).await;
    let (editor_a, member_a, member_b, editor_b) = (
        &tokens["editor_a"],
        &tokens["member_a"],
        &tokens["member_b"],
        &tokens["editor_b"],
    );

    // An open group of agency A's editor that agency B's member joins; agency B's editor asks
    // to join a request-only group (so stays outside).
    let group = data(
        &app,
        "mutation { createGroup(input: { slug: \"matriz\", name: \"Matriz\", joinPolicy: \"open\" }) { id } }",
        json!({}),
        Some(editor_a),
    )
    .await["createGroup"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    data(
        &app,
        "mutation($g: ID!) { joinGroup(group: $g) { status } }",
        json!({ "g": group }),
        Some(member_b),
    )
    .await;

    let mut items = Vec::new();
    let mut n = 0;
    for kind in [Kind::CaseStudy, Kind::Practice, Kind::Guideline, Kind::Discussion] {
        for visibility in ["PUBLIC", "NETWORK", "AGENCY", "GROUP"] {
            n += 1;
            items.push(create(&app, kind, visibility, &group, n, editor_a).await);
        }
    }

    // Evidence around A's case studies: each replicates a public case of agency B, and a public
    // rating of WhatsApp by agency A links them all.
    let anchor = create(&app, Kind::CaseStudy, "PUBLIC", &group, 99, editor_b).await.id;
    let case_ids: Vec<String> = items
        .iter()
        .filter(|item| item.kind == Kind::CaseStudy)
        .map(|item| item.id.clone())
        .collect();
    for case in &case_ids {
        data(
            &app,
            "mutation($c: ID!, $o: ID!) { linkReplication(input: { caseStudyId: $c, originalId: $o }) { caseStudy { id } } }",
            json!({ "c": case, "o": anchor }),
            Some(editor_a),
        )
        .await;
    }
    let rating = json!({ "platform": "whatsapp", "visibility": "PUBLIC", "caseStudyIds": case_ids,
        "scores": [{ "dimension": "service_delivery", "score": 4, "justification": "Medido." }] });
    data(
        &app,
        "mutation($input: RatePlatformInput!) { ratePlatform(input: $input) { rating { id } } }",
        json!({ "input": rating }),
        Some(editor_a),
    )
    .await;

    let viewers = [
        Viewer {
            name: "anonymous",
            token: None,
            signed_in: false,
            in_agency_a: false,
            in_group: false,
        },
        Viewer {
            name: "same agency",
            token: Some(member_a.clone()),
            signed_in: true,
            in_agency_a: true,
            in_group: false,
        },
        Viewer {
            name: "group member (other agency)",
            token: Some(member_b.clone()),
            signed_in: true,
            in_agency_a: false,
            in_group: true,
        },
        Viewer {
            name: "other agency, not in the group",
            token: Some(editor_b.clone()),
            signed_in: true,
            in_agency_a: false,
            in_group: false,
        },
        Viewer {
            name: "moderator (same agency)",
            token: Some(moderator),
            signed_in: true,
            in_agency_a: true,
            in_group: false,
        },
        Viewer {
            name: "network admin (third agency)",
            token: Some(admin),
            signed_in: true,
            in_agency_a: false,
            in_group: false,
        },
    ];

    // The index follows the database within a second: wait until the writer sees all 16 (the
    // anchor case is titled like the others: 17 in all).
    let mut indexed = false;
    for _ in 0..100 {
        let found = data(
            &app,
            "{ search(query: \"caso prueba\", first: 100) { totalCount } }",
            json!({}),
            Some(editor_a),
        )
        .await;
        if found["search"]["totalCount"] == 17 {
            indexed = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(indexed, "the 16 items were not all indexed within 10 s");

    let mut cases = 0usize;
    let mut leaks = Vec::new();
    let mut check = |viewer: &Viewer, item: &Item, path: &str, seen: bool| {
        cases += 1;
        let expected = viewer.sees(item.visibility);
        if seen != expected {
            leaks.push(format!(
                "{} × {} {} × {path}: seen {seen}, expected {expected}",
                viewer.name,
                item.visibility,
                item.kind.name()
            ));
        }
    };
    for viewer in &viewers {
        let token = viewer.token.as_deref();
        // Lists and notifications once per viewer.
        let mut listed = std::collections::HashMap::new();
        for kind in [Kind::CaseStudy, Kind::Practice, Kind::Guideline, Kind::Discussion] {
            let query = format!(
                "{{ {}(first: 100) {{ totalCount edges {{ node {{ id }} }} }} }}",
                kind.list()
            );
            let found = data(&app, &query, json!({}), token).await;
            let ids: Vec<String> = found[kind.list()]["edges"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|edge| edge["node"]["id"].as_str().map(str::to_owned))
                .collect();
            let total = found[kind.list()]["totalCount"].as_u64().unwrap_or(0) as usize;
            assert_eq!(
                total,
                ids.len(),
                "{}: totalCount of {} disagrees with its items",
                viewer.name,
                kind.list()
            );
            listed.insert(kind.name(), ids);
        }
        let notified: Vec<String> = if viewer.signed_in {
            let feed = data(
                &app,
                "{ notifications { items { discussion { id } } } }",
                json!({}),
                token,
            )
            .await;
            feed["notifications"]["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|item| item["discussion"]["id"].as_str().map(str::to_owned))
                .collect()
        } else {
            Vec::new()
        };
        let ids_in = |value: &Value| -> Vec<String> {
            let mut ids = Vec::new();
            collect_ids(value, &mut ids);
            ids
        };
        let what_works = data(
            &app,
            "{ whatWorks(filter: { metricKind: \"phone_calls\" }) { groups { cases { id } } } }",
            json!({}),
            token,
        )
        .await;
        let replications = data(
            &app,
            "query($id: ID!) { caseStudy(id: $id) { replications { caseStudy { id } } } }",
            json!({ "id": anchor }),
            token,
        )
        .await;
        let rated = data(
            &app,
            "{ platformScorecard(platform: \"whatsapp\") { latest { cases { id } } } }",
            json!({}),
            token,
        )
        .await;
        let evidence_paths = [
            ("what works cases", ids_in(&what_works)),
            ("replications", ids_in(&replications)),
            ("rating cases", ids_in(&rated)),
        ];
        for item in &items {
            if item.kind == Kind::CaseStudy {
                for (path, ids) in &evidence_paths {
                    check(viewer, item, path, ids.contains(&item.id));
                }
            }
            let by_node = data(
                &app,
                "query($id: ID!) { node(id: $id) { id } }",
                json!({ "id": item.id }),
                token,
            )
            .await;
            check(viewer, item, "node", !by_node["node"].is_null());
            let query = format!("query($id: ID!) {{ {}(id: $id) {{ id }} }}", item.kind.name());
            let by_type = data(&app, &query, json!({ "id": item.id }), token).await;
            check(viewer, item, item.kind.name(), !by_type[item.kind.name()].is_null());
            check(viewer, item, "list", listed[item.kind.name()].contains(&item.id));
            if item.kind == Kind::Discussion {
                // Everyone with a token is mentioned in every thread.
                if viewer.signed_in {
                    check(viewer, item, "notifications", notified.contains(&item.id));
                }
            }
            let search = "query($q: String!) { search(query: $q, first: 10) { totalCount edges { node { id } }
                facets { name values { value count } } } }";
            let found = data(&app, search, json!({ "q": item.word }), token).await;
            let hits = found["search"]["edges"].as_array().unwrap();
            check(
                viewer,
                item,
                "search hits",
                hits.iter().any(|hit| hit["node"]["id"] == json!(item.id)),
            );
            check(viewer, item, "search total", found["search"]["totalCount"] == 1);
            let type_count: u64 = found["search"]["facets"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|facet| facet["name"] == "type")
                .flat_map(|facet| facet["values"].as_array().cloned().unwrap_or_default())
                .filter_map(|value| value["count"].as_u64())
                .sum();
            check(viewer, item, "facet counts", type_count == 1);
            let suggest = "query($p: String!) { suggest(prefix: $p) { id } }";
            let suggested = data(&app, suggest, json!({ "p": item.word }), token).await;
            let suggested = suggested["suggest"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["id"] == json!(item.id));
            check(viewer, item, "suggestions", suggested);
        }
        // Related items: from the public case study, never anything outside the audience.
        let from = &items[0].id;
        let related = data(
            &app,
            "query($id: ID!) { related(id: $id, first: 20) { id } }",
            json!({ "id": from }),
            token,
        )
        .await;
        let related: Vec<String> = related["related"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|hit| hit["id"].as_str().map(str::to_owned))
            .collect();
        // Related items are chosen by similarity, so only what is shown can be checked: every
        // related item must be one the viewer may read.
        for item in items.iter().filter(|item| related.contains(&item.id)) {
            check(viewer, item, "related", true);
        }
    }
    println!("visibility matrix: {cases} cases checked, {} leaks", leaks.len());
    assert!(leaks.is_empty(), "leaks:\n{}", leaks.join("\n"));
    assert!(cases > 400, "the matrix shrank to {cases} cases");
}
