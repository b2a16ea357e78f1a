//! Talking across agencies: groups with join policies, discussions and questions with replies,
//! mentions, accepted answers and comments on items, each readable by its audience only; live
//! notifications, moderation, signals and e-mail digests. One file per concept; the shared
//! helpers are here.

use plaza_blackbox::{TestApp, error_code, error_field, two_agencies};
use serde_json::{Value, json};

use crate::visibility::create_published;

async fn ok(app: &TestApp, query: &str, variables: Value, token: &str) -> Value {
    let (status, body) = app.graphql(query, variables, Some(token)).await;
    assert!(status == 200 && body["errors"].is_null(), "{body}");
    body["data"].clone()
}

const START: &str = "mutation($input: StartDiscussionInput!) { startDiscussion(input: $input) { id kind visibility bodyHtml mentions { name } } }";
const REPLY: &str = "mutation($input: ReplyInput!) { replyToDiscussion(input: $input) { id bodyHtml } }";
const READ: &str = "query($id: ID!) { discussion(id: $id) { id title replyCount replies { id accepted replies { id } } acceptedAnswer { id } } }";

async fn can_read(app: &TestApp, id: &str, token: Option<&str>) -> bool {
    let (_, body) = app.graphql(READ, json!({ "id": id }), token).await;
    let by_id = !body["data"]["discussion"].is_null();
    let (_, listed) = app
        .graphql(
            "{ discussions(first: 100) { totalCount edges { node { id } } } }",
            json!({}),
            token,
        )
        .await;
    let in_list = listed["data"]["discussions"]["edges"]
        .as_array()
        .is_some_and(|edges| edges.iter().any(|edge| edge["node"]["id"] == json!(id)));
    let (_, node) = app
        .graphql("query($id: ID!) { node(id: $id) { id } }", json!({ "id": id }), token)
        .await;
    let by_node = !node["data"]["node"].is_null();
    assert_eq!(by_id, in_list, "discussion(id) and discussions disagree for {id}");
    assert_eq!(by_id, by_node, "discussion(id) and node disagree for {id}");
    by_id
}

mod digests;
mod discussions;
mod groups;
mod live;
mod moderation;
mod signals;
