//! People: a member edits their profile; the expertise directory finds them by what they know,
//! as far as their chosen visibility allows, never with an e-mail address, never while
//! suspended; the agencies list is searchable too.

use plaza_blackbox::{TestApp, agency_admin, error_code, error_field, ok, two_agencies};
use serde_json::{Value, json};

const UPDATE: &str = "mutation($input: ProfileInput!) { updateProfile(input: $input) {
    id name email canEditProfile profile { displayName title bio skills languages links visibility
    interfaceLanguage platforms { code } objectives { code } } } }";
const DIRECTORY: &str = "query($q: String, $filter: DirectoryFilterInput, $first: Int, $after: String) {
    directory(query: $q, filter: $filter, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      nodes { id name profile { title skills } } } }";
const MEMBER: &str = "query($id: ID!) { node(id: $id) { ... on Member { name canEditProfile profile { title visibility interfaceLanguage displayName } } } }";

/// The names the directory lists for `q` and `filter`, as `token` sees it.
async fn names(app: &TestApp, q: &str, filter: Value, token: Option<&str>) -> Vec<String> {
    let found = ok(app, DIRECTORY, json!({ "q": q, "filter": filter }), token).await;
    found["directory"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|node| node["name"].as_str().unwrap().to_owned())
        .collect()
}

fn profile(visibility: &str) -> Value {
    json!({
        "displayName": "Mia Alba",
        "title": "Responsable de redes sociales",
        "bio": "Atiendo consultas por WhatsApp.\nY escribo en lectura fácil.",
        "platforms": ["whatsapp", "instagram"],
        "objectives": ["citizen_service"],
        "skills": ["Lectura fácil", "Crisis"],
        "languages": ["es", "ca"],
        "links": ["https://example.org/mia"],
        "visibility": visibility,
        "interfaceLanguage": "ca",
    })
}

#[tokio::test]
async fn members_edit_their_profile_and_the_directory_finds_them_as_they_chose() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let admin_a = agency_admin(data.path(), "agency-a", "admin@a.example");
    let app = TestApp::start(data, &[]).await;
    let (member_a, member_b, reader_a) = (&tokens["member_a"], &tokens["member_b"], &tokens["reader_a"]);

    // Mia (member A) fills in her profile; the chosen name is the one shown.
    let saved = ok(&app, UPDATE, json!({ "input": profile("network") }), Some(member_a)).await;
    let mia = &saved["updateProfile"];
    assert_eq!(mia["name"], "Mia Alba", "{saved}");
    assert_eq!(mia["canEditProfile"], true);
    assert_eq!(mia["profile"]["displayName"], "Mia Alba");
    assert_eq!(mia["profile"]["interfaceLanguage"], "ca");
    assert_eq!(
        mia["profile"]["bio"],
        "Atiendo consultas por WhatsApp.\nY escribo en lectura fácil."
    );
    assert_eq!(
        mia["profile"]["platforms"],
        json!([{ "code": "whatsapp" }, { "code": "instagram" }])
    );
    let mia_id = mia["id"].as_str().unwrap().to_owned();

    // Bad input is refused at its field and changes nothing; a read-only token cannot write.
    for (change, field) in [
        (json!({ "links": ["javascript:alert(1)"] }), "input.links.0"),
        (json!({ "title": "x".repeat(121) }), "input.title"),
        (json!({ "languages": ["es", "tlh"] }), "input.languages.1"),
        (json!({ "platforms": ["myspace"] }), "input.platforms.0"),
        (json!({ "visibility": "secret" }), "input.visibility"),
        (json!({ "skills": vec!["s"; 21] }), "input.skills"),
    ] {
        let mut input = profile("public");
        input
            .as_object_mut()
            .unwrap()
            .extend(change.as_object().unwrap().clone());
        let (_, body) = app.graphql(UPDATE, json!({ "input": input }), Some(member_a)).await;
        assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{body}");
        assert_eq!(error_field(&body), Some(field), "{body}");
    }
    let (_, body) = app
        .graphql(UPDATE, json!({ "input": profile("public") }), Some(reader_a))
        .await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
    let (_, body) = app.graphql(UPDATE, json!({ "input": profile("public") }), None).await;
    assert_eq!(error_code(&body), Some("UNAUTHENTICATED"), "{body}");

    // Another agency's member finds her by what she knows, in other words than hers.
    for question in [
        "whatsapp",
        "¿Quién sabe de atención ciudadana?",
        "citizen service",
        "watsapp",
        "lectura facil",
        "responsables de redes",
        "mia",
    ] {
        let found = names(&app, question, json!({}), Some(member_b)).await;
        assert_eq!(
            found.first().map(String::as_str),
            Some("Mia Alba"),
            "{question}: {found:?}"
        );
    }
    assert!(names(&app, "tiktok", json!({}), Some(member_b)).await.is_empty());
    // Filters narrow; all given must hold.
    let mia_in = |found: Vec<String>| found.contains(&"Mia Alba".to_owned());
    assert!(mia_in(
        names(
            &app,
            "",
            json!({ "platform": "whatsapp", "language": "ca" }),
            Some(member_b)
        )
        .await
    ));
    assert!(mia_in(
        names(&app, "", json!({ "level": "local", "country": "ES" }), Some(member_b)).await
    ));
    assert!(mia_in(
        names(
            &app,
            "",
            json!({ "agency": "agency-a", "objective": "citizen_service" }),
            Some(member_b)
        )
        .await
    ));
    for filter in [
        json!({ "platform": "tiktok" }),
        json!({ "country": "AR" }),
        json!({ "agency": "agency-b" }),
        json!({ "agency": "agency-a", "level": "regional" }),
        json!({ "language": "pt" }),
        json!({ "agency": "no-such-agency" }),
    ] {
        assert!(
            !mia_in(names(&app, "", filter.clone(), Some(member_b)).await),
            "{filter}"
        );
    }
    let (_, body) = app
        .graphql(
            DIRECTORY,
            json!({ "filter": { "platform": "myspace" } }),
            Some(member_b),
        )
        .await;
    assert_eq!(error_field(&body), Some("filter.platform"), "{body}");
    let (_, body) = app
        .graphql(DIRECTORY, json!({ "q": "x".repeat(201) }), Some(member_b))
        .await;
    assert_eq!(error_field(&body), Some("query"), "{body}");

    // Asked for, addresses stay hidden: a member sees their own only.
    let emails = "{ directory { nodes { email } } }";
    let listed = ok(&app, emails, json!({}), Some(member_b)).await["directory"]["nodes"].clone();
    let shown: Vec<&Value> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| !n["email"].is_null())
        .collect();
    assert_eq!(shown, [&json!({ "email": "member@b.example" })], "{listed}");

    // Everyone, page by page, without repeats: the five members of the two agencies.
    let mut seen = Vec::new();
    let mut after = Value::Null;
    loop {
        let page = ok(&app, DIRECTORY, json!({ "first": 2, "after": after }), Some(member_b)).await;
        let directory = &page["directory"];
        assert_eq!(directory["totalCount"], 5, "{page}");
        for node in directory["nodes"].as_array().unwrap() {
            seen.push(node["id"].as_str().unwrap().to_owned());
        }
        if directory["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = directory["pageInfo"]["endCursor"].clone();
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!((seen.len(), unique.len()), (5, 5), "{seen:?}");

    // A network profile is not for anonymous readers: not listed, not readable.
    assert!(!mia_in(names(&app, "", json!({}), None).await));
    let anonymous = ok(&app, MEMBER, json!({ "id": mia_id }), None).await;
    assert!(anonymous["node"].is_null(), "{anonymous}");

    // Hidden: out of the directory and unreadable to colleagues (her name still resolves, as
    // beside what she writes); she and her agency's admin still see it, and so does the
    // admin's directory.
    ok(&app, UPDATE, json!({ "input": profile("hidden") }), Some(member_a)).await;
    assert!(!mia_in(names(&app, "whatsapp", json!({}), Some(member_b)).await));
    let colleague = ok(&app, MEMBER, json!({ "id": mia_id }), Some(member_b)).await;
    assert_eq!(colleague["node"]["name"], "Mia Alba");
    assert!(colleague["node"]["profile"].is_null(), "{colleague}");
    assert_eq!(colleague["node"]["canEditProfile"], false);
    let own = ok(&app, MEMBER, json!({ "id": mia_id }), Some(member_a)).await;
    assert_eq!(own["node"]["profile"]["visibility"], "hidden", "{own}");
    let admin = ok(&app, MEMBER, json!({ "id": mia_id }), Some(&admin_a)).await;
    assert_eq!(admin["node"]["profile"]["title"], "Responsable de redes sociales");
    assert!(
        admin["node"]["profile"]["interfaceLanguage"].is_null(),
        "only she sees her settings"
    );
    assert!(admin["node"]["profile"]["displayName"].is_null(), "{admin}");
    assert!(mia_in(names(&app, "whatsapp", json!({}), Some(&admin_a)).await));

    // Public: anonymous readers find her and read her profile.
    ok(&app, UPDATE, json!({ "input": profile("public") }), Some(member_a)).await;
    assert_eq!(
        names(&app, "whatsapp", json!({}), None).await,
        vec!["Mia Alba".to_owned()]
    );
    let anonymous = ok(&app, MEMBER, json!({ "id": mia_id }), None).await;
    assert_eq!(
        anonymous["node"]["profile"]["title"], "Responsable de redes sociales",
        "{anonymous}"
    );
    assert!(
        names(&app, "", json!({}), None).await.len() == 1,
        "only public profiles"
    );

    // Suspended, she leaves the directory.
    let suspend = "mutation($input: SuspendMemberInput!) { suspendMember(input: $input) { id } }";
    let input = json!({ "member": mia_id, "reason": "Spam reiterado" });
    ok(&app, suspend, json!({ "input": input }), Some(&admin_a)).await;
    assert!(!mia_in(names(&app, "whatsapp", json!({}), Some(member_b)).await));
    assert!(names(&app, "", json!({}), None).await.is_empty());

    // Clearing the chosen name gives back the one the member was registered with.
    let who = "{ viewer { member { name } } }";
    let mut bea = profile("network");
    bea["displayName"] = json!("Bea Boix");
    ok(&app, UPDATE, json!({ "input": bea.clone() }), Some(member_b)).await;
    assert_eq!(
        ok(&app, who, json!({}), Some(member_b)).await["viewer"]["member"]["name"],
        "Bea Boix"
    );
    bea["displayName"] = json!("");
    ok(&app, UPDATE, json!({ "input": bea }), Some(member_b)).await;
    assert_eq!(
        ok(&app, who, json!({}), Some(member_b)).await["viewer"]["member"]["name"],
        "Member B"
    );
}

#[tokio::test]
async fn the_agencies_list_is_searched_by_name_and_region() {
    let data = TestApp::data_dir();
    two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let list = "query($q: String, $filter: AgencyFilterInput) { agencies(query: $q, filter: $filter) { totalCount nodes { slug } } }";
    let slugs = |data: Value| -> Vec<String> {
        data["agencies"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|node| node["slug"].as_str().unwrap().to_owned())
            .collect()
    };
    let found = ok(&app, list, json!({ "q": "Agency B" }), None).await;
    assert_eq!(slugs(found), ["agency-b", "agency-a"], "the better match first");
    let found = ok(
        &app,
        list,
        json!({ "q": "agenzy", "filter": { "country": "ES" } }),
        None,
    )
    .await;
    assert_eq!(slugs(found), ["agency-a"], "filters still hold; one typo allowed");
    let found = ok(&app, list, json!({ "q": "ayuntamiento zzz" }), None).await;
    assert_eq!(found["agencies"]["totalCount"], 0);
    let (_, body) = app.graphql(list, json!({ "q": "x".repeat(201) }), None).await;
    assert_eq!(error_field(&body), Some("query"), "{body}");
}

/// `GET /mis-datos` with `token`: the status, the content disposition and the body.
async fn my_data(app: &TestApp, token: Option<&str>) -> (u16, String, Value) {
    let mut request = app.http.get(format!("{}/mis-datos", app.address));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let disposition = response
        .headers()
        .get("content-disposition")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, disposition, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_member_downloads_their_own_data_and_nobody_elses() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let (member_a, member_b, reader_a) = (&tokens["member_a"], &tokens["member_b"], &tokens["reader_a"]);
    ok(&app, UPDATE, json!({ "input": profile("network") }), Some(member_a)).await;
    let start = "mutation($input: StartDiscussionInput!) { startDiscussion(input: $input) { id } }";
    let input =
        json!({ "title": "Horarios de atención en verano", "visibility": "NETWORK", "body": "¿Cómo lo hacéis?" });
    let thread = ok(&app, start, json!({ "input": input }), Some(member_a)).await["startDiscussion"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let reply = "mutation($input: ReplyInput!) { replyToDiscussion(input: $input) { id } }";
    let mine = json!({ "discussionId": thread, "body": "Respondo yo misma: de 8 a 14." });
    ok(&app, reply, json!({ "input": mine }), Some(member_a)).await;
    let theirs = json!({ "discussionId": thread, "body": "Nosotros zqxajeno a las 9." });
    ok(&app, reply, json!({ "input": theirs }), Some(member_b)).await;

    let (status, disposition, export) = my_data(&app, Some(member_a)).await;
    assert_eq!(status, 200, "{export}");
    assert!(
        disposition.starts_with("attachment; filename=\"plaza-mis-datos-"),
        "{disposition}"
    );
    assert_eq!(export["format"], "plaza-personal-data/1");
    let parts = &export["parts"];
    assert_eq!(parts["account"][0]["email"], "member@a.example", "{parts}");
    assert_eq!(parts["account"][0]["display_name"], "Mia Alba");
    assert_eq!(parts["account"][0]["skills"], json!(["Lectura fácil", "Crisis"]));
    assert_eq!(parts["discussions"][0]["title"], "Horarios de atención en verano");
    assert_eq!(parts["replies"].as_array().unwrap().len(), 1, "her own reply only");
    assert!(!parts["apiTokens"].as_array().unwrap().is_empty());
    let text = export.to_string();
    for secret_or_other in ["token_hash", "id_token_sealed", "zqxajeno", "member@b.example"] {
        assert!(!text.contains(secret_or_other), "{secret_or_other} is in the export");
    }
    // B's own export has her reply in A's thread.
    let (_, _, theirs) = my_data(&app, Some(member_b)).await;
    assert_eq!(theirs["parts"]["account"][0]["email"], "member@b.example");
    assert!(theirs.to_string().contains("zqxajeno"));

    // A read-only token exports too (reading one's own data changes nothing); nobody else may.
    let (status, _, editor) = my_data(&app, Some(reader_a)).await;
    assert_eq!(
        (status, &editor["parts"]["account"][0]["email"]),
        (200, &json!("editor@a.example"))
    );
    let (status, _, refused) = my_data(&app, None).await;
    assert_eq!(
        (status, error_code(&refused)),
        (401, Some("UNAUTHENTICATED")),
        "{refused}"
    );
    let (status, _, refused) = my_data(&app, Some("plz_not_a_token")).await;
    assert_eq!(status, 401, "{refused}");
}
