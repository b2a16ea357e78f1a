//! Members' e-mail addresses are for signed-in members: in public threads, anonymous readers
//! see mentions as names, in bodies, HTML, replies and search snippets alike.

use plaza_blackbox::{TestApp, ok, two_agencies};
use serde_json::json;

#[tokio::test]
async fn anonymous_readers_of_a_public_thread_see_mentions_as_names_never_addresses() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let (member_a, member_b) = (&tokens["member_a"], &tokens["member_b"]);
    let start = "mutation($input: StartDiscussionInput!) { startDiscussion(input: $input) { id } }";
    let input = json!({ "title": "Horarios de atención zqxmencion", "visibility": "PUBLIC",
        "body": "¿Cómo lo hacéis, @member@b.example? Copio a @editor@b.example" });
    let thread = ok(&app, start, json!({ "input": input }), Some(member_a)).await["startDiscussion"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let reply = "mutation($input: ReplyInput!) { replyToDiscussion(input: $input) { id } }";
    let input = json!({ "discussionId": thread, "body": "Gracias @member@a.example, lo cuento <b>aquí</b>" });
    ok(&app, reply, json!({ "input": input }), Some(member_b)).await;

    let read = "query($id: ID!) { discussion(id: $id) { body bodyHtml replies { body bodyHtml } } }";
    let anonymous = ok(&app, read, json!({ "id": thread }), None).await.to_string();
    assert!(
        !anonymous.contains(".example"),
        "an address reached an anonymous reader: {anonymous}"
    );
    assert!(
        anonymous.contains("@Member B") && anonymous.contains("@Member A"),
        "{anonymous}"
    );
    assert!(anonymous.contains("@Editor B"), "{anonymous}");
    let signed_in = ok(&app, read, json!({ "id": thread }), Some(member_b))
        .await
        .to_string();
    assert!(
        signed_in.contains("@member@b.example"),
        "members still see what was written: {signed_in}"
    );

    let search = "{ search(query: \"zqxmencion\") { edges { node { snippet { text } } } } }";
    let mut snippet = String::new();
    for _ in 0..50 {
        let found = ok(&app, search, json!({}), None).await;
        snippet = found["search"]["edges"][0]["node"]["snippet"]["text"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if !snippet.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        snippet.contains("@member") && !snippet.contains("b.example"),
        "{snippet}"
    );
}
