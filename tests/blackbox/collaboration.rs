//! Talking across agencies: groups with join policies, discussions and questions with replies,
//! mentions, accepted answers and comments on items, each readable by its audience only.

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

#[tokio::test]
async fn a_group_discussion_is_read_by_its_members_only_and_membership_follows_the_join_policy() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let (ana, bea, editor_b) = (&tokens["member_a"], &tokens["member_b"], &tokens["editor_b"]);

    let create = "mutation($input: CreateGroupInput!) { createGroup(input: $input) { id slug joinPolicy viewerMembership { role status } } }";
    let input = json!({ "slug": "cm-locales", "name": "Community managers de gobiernos locales", "description": "Gestión de redes en ayuntamientos" });
    let group = ok(&app, create, json!({ "input": input }), ana).await["createGroup"].clone();
    assert_eq!(group["joinPolicy"], "request");
    assert_eq!(
        group["viewerMembership"],
        json!({ "role": "owner", "status": "active" })
    );
    let group_id = group["id"].as_str().unwrap().to_owned();

    // Listed to the network, not to anonymous visitors.
    let (_, anonymous) = app.graphql("{ groups { slug } }", json!({}), None).await;
    assert_eq!(anonymous["data"]["groups"], json!([]));
    let listed = ok(&app, "{ groups { slug memberCount } }", json!({}), bea).await;
    assert_eq!(listed["groups"], json!([{ "slug": "cm-locales", "memberCount": 1 }]));

    // A members-only thread.
    let input = json!({ "title": "Calendario editorial compartido", "body": "¿Usáis **Trello** o una hoja?", "visibility": "GROUP", "groupId": group_id });
    let thread = ok(&app, START, json!({ "input": input }), ana).await["startDiscussion"].clone();
    let thread_id = thread["id"].as_str().unwrap().to_owned();
    assert_eq!(thread["visibility"], "GROUP");

    // Bea asks to join: requested, still outside.
    let join = "mutation($group: ID!) { joinGroup(group: $group) { role status } }";
    let joined = ok(&app, join, json!({ "group": group_id }), bea).await;
    assert_eq!(joined["joinGroup"], json!({ "role": "member", "status": "requested" }));
    assert!(!can_read(&app, &thread_id, Some(bea)).await);
    assert!(!can_read(&app, &thread_id, Some(editor_b)).await);
    assert!(!can_read(&app, &thread_id, None).await);
    assert!(can_read(&app, &thread_id, Some(ana)).await);
    let members = "query($slug: String!) { group(slug: $slug) { members { status member { email } } } }";
    let seen_by_bea = ok(&app, members, json!({ "slug": "cm-locales" }), bea).await;
    assert_eq!(
        seen_by_bea["group"]["members"],
        json!([]),
        "a requester does not see the members"
    );
    // Bea cannot post into the group yet.
    let (_, refused) = app.graphql(START, json!({ "input": input }), Some(bea)).await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"), "{refused}");
    let (_, refused) = app
        .graphql(
            REPLY,
            json!({ "input": { "discussionId": thread_id, "body": "hola" } }),
            Some(bea),
        )
        .await;
    assert_eq!(error_code(&refused), Some("NOT_FOUND"), "{refused}");

    // Only those who run the group approve; the approval takes effect on Bea's next request.
    let (_, body) = app.graphql("{ viewer { member { id } } }", json!({}), Some(bea)).await;
    let bea_id = body["data"]["viewer"]["member"]["id"].as_str().unwrap().to_owned();
    let approve =
        "mutation($group: ID!, $member: ID!) { approveGroupMember(group: $group, member: $member) { status } }";
    let (_, refused) = app
        .graphql(approve, json!({ "group": group_id, "member": bea_id }), Some(editor_b))
        .await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"), "{refused}");
    let approved = ok(&app, approve, json!({ "group": group_id, "member": bea_id }), ana).await;
    assert_eq!(approved["approveGroupMember"]["status"], "active");
    assert!(can_read(&app, &thread_id, Some(bea)).await);
    assert!(!can_read(&app, &thread_id, Some(editor_b)).await);
    let seen_by_ana = ok(&app, members, json!({ "slug": "cm-locales" }), ana).await;
    assert_eq!(seen_by_ana["group"]["members"].as_array().map(Vec::len), Some(2));

    // Replies thread one level; an answer to a nested reply joins its parent's thread.
    let first = ok(
        &app,
        REPLY,
        json!({ "input": { "discussionId": thread_id, "body": "Hoja compartida, @editor@a.example la mantiene" } }),
        bea,
    )
    .await;
    let first_id = first["replyToDiscussion"]["id"].as_str().unwrap().to_owned();
    let nested = ok(
        &app,
        REPLY,
        json!({ "input": { "discussionId": thread_id, "parentId": first_id, "body": "¿Con qué plantilla?" } }),
        ana,
    )
    .await;
    let nested_id = nested["replyToDiscussion"]["id"].as_str().unwrap().to_owned();
    ok(
        &app,
        REPLY,
        json!({ "input": { "discussionId": thread_id, "parentId": nested_id, "body": "La del ayuntamiento." } }),
        bea,
    )
    .await;
    let read = ok(&app, READ, json!({ "id": thread_id }), ana).await;
    assert_eq!(read["discussion"]["replyCount"], 3);
    let replies = read["discussion"]["replies"].as_array().unwrap();
    assert_eq!(replies.len(), 1);
    assert_eq!(replies[0]["replies"].as_array().map(Vec::len), Some(2));

    // Leaving takes effect at once; the last owner cannot leave.
    let leave = "mutation($group: ID!) { leaveGroup(group: $group) }";
    let (_, refused) = app.graphql(leave, json!({ "group": group_id }), Some(ana)).await;
    assert_eq!(error_code(&refused), Some("BAD_USER_INPUT"), "{refused}");
    assert_eq!(
        ok(&app, leave, json!({ "group": group_id }), bea).await["leaveGroup"],
        true
    );
    assert!(!can_read(&app, &thread_id, Some(bea)).await);

    // Invite-only groups: joining needs an invitation from those who run the group.
    let input =
        json!({ "slug": "crisis", "name": "Comunicación de crisis", "joinPolicy": "invite", "listing": "members" });
    let crisis = ok(&app, create, json!({ "input": input }), ana).await["createGroup"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, hidden) = app.graphql("{ groups { slug } }", json!({}), Some(bea)).await;
    assert!(
        !hidden.to_string().contains("crisis"),
        "a members-only group is listed to outsiders"
    );
    let (_, refused) = app.graphql(join, json!({ "group": crisis }), Some(bea)).await;
    assert_eq!(error_code(&refused), Some("NOT_FOUND"), "{refused}");
    let invite = "mutation($group: ID!, $email: String!) { inviteToGroup(group: $group, email: $email) { status } }";
    let (_, refused) = app
        .graphql(
            invite,
            json!({ "group": crisis, "email": "nadie@a.example" }),
            Some(ana),
        )
        .await;
    assert_eq!(error_field(&refused), Some("email"), "{refused}");
    let invited = ok(
        &app,
        invite,
        json!({ "group": crisis, "email": "member@b.example" }),
        ana,
    )
    .await;
    assert_eq!(invited["inviteToGroup"]["status"], "invited");
    let joined = ok(&app, join, json!({ "group": crisis }), bea).await;
    assert_eq!(joined["joinGroup"]["status"], "active");
}

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

mod live {
    use futures::SinkExt as _;
    use tokio_tungstenite::tungstenite::Message;

    use super::*;

    use plaza_blackbox::ws::{Socket, next_json};

    async fn connect(app: &TestApp, origin: Option<&str>) -> Result<Socket, u16> {
        plaza_blackbox::ws::connect(&app.address, origin).await
    }

    /// Connects as `token` and subscribes to the viewer's notifications.
    async fn subscribe(app: &TestApp, token: &str) -> Socket {
        let mut socket = connect(app, None).await.expect("connect");
        let init = json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {token}") } });
        socket.send(Message::text(init.to_string())).await.unwrap();
        assert_eq!(next_json(&mut socket).await["type"], "connection_ack");
        let subscribe = json!({ "id": "1", "type": "subscribe", "payload": {
            "query": "subscription { notificationAdded { kind discussion { title } actor { name } } }" } });
        socket.send(Message::text(subscribe.to_string())).await.unwrap();
        socket
    }

    #[tokio::test]
    async fn live_notifications_reach_only_those_who_may_read_the_thread() {
        let data = TestApp::data_dir();
        let tokens = two_agencies(data.path());
        let app = TestApp::start(data, &[]).await;
        let (ana, bea, editor_a) = (&tokens["member_a"], &tokens["member_b"], &tokens["editor_a"]);

        // A page from another site cannot open a socket; without a subprotocol there is none.
        assert_eq!(connect(&app, Some("https://evil.example")).await.err(), Some(403));
        assert!(connect(&app, Some(&app.address)).await.is_ok());

        let mut bea_socket = subscribe(&app, bea).await;
        let mut editor_socket = subscribe(&app, editor_a).await;
        // Give the subscriptions a moment to be registered before publishing.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;

        // An agency-internal thread of agency A mentions Bea (agency B) and Editor A.
        let internal = json!({ "title": "Interno: turnos", "body": "@member@b.example @editor@a.example", "visibility": "AGENCY" });
        ok(&app, START, json!({ "input": internal }), ana).await;
        // Then a network thread mentions Bea.
        let open = json!({ "title": "Abierto: ¿WhatsApp?", "body": "@member@b.example ¿qué opináis?" });
        ok(&app, START, json!({ "input": open }), ana).await;

        // Editor A, in agency A, hears of the internal thread.
        let event = next_json(&mut editor_socket).await;
        assert_eq!(
            event["payload"]["data"]["notificationAdded"]["discussion"]["title"], "Interno: turnos",
            "{event}"
        );
        assert_eq!(event["payload"]["data"]["notificationAdded"]["kind"], "MENTION");
        // Bea's first event is the network thread: the internal one never reached her.
        let event = next_json(&mut bea_socket).await;
        assert_eq!(
            event["payload"]["data"]["notificationAdded"]["discussion"]["title"], "Abierto: ¿WhatsApp?",
            "{event}"
        );

        // The feed agrees, with an unread count; marking read clears it.
        let feed = "{ notifications { unreadCount items { kind read discussion { title } } } }";
        let seen = ok(&app, feed, json!({}), bea).await;
        assert_eq!(seen["notifications"]["unreadCount"], 1);
        assert!(!seen.to_string().contains("Interno"), "{seen}");
        let mark = "mutation { markNotificationsRead { unreadCount } }";
        assert_eq!(
            ok(&app, mark, json!({}), bea).await["markNotificationsRead"]["unreadCount"],
            0
        );

        // Replies notify the thread's author; an accepted answer notifies its author.
        let question = json!({ "kind": "QUESTION", "title": "¿Métricas de WhatsApp?", "body": "¿Qué medís?" });
        let question_id = ok(&app, START, json!({ "input": question }), bea).await["startDiscussion"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let answer = ok(
            &app,
            REPLY,
            json!({ "input": { "discussionId": question_id, "body": "Llamadas evitadas." } }),
            editor_a,
        )
        .await;
        let event = next_json(&mut bea_socket).await;
        assert_eq!(
            event["payload"]["data"]["notificationAdded"]["kind"], "REPLY",
            "{event}"
        );
        let answer_id = answer["replyToDiscussion"]["id"].as_str().unwrap().to_owned();
        ok(
            &app,
            "mutation($id: ID!) { acceptAnswer(replyId: $id) { id } }",
            json!({ "id": answer_id }),
            bea,
        )
        .await;
        let event = next_json(&mut editor_socket).await;
        assert_eq!(
            event["payload"]["data"]["notificationAdded"]["kind"], "ACCEPTED_ANSWER",
            "{event}"
        );

        // Anonymous connections cannot subscribe to notifications.
        let mut anonymous = connect(&app, None).await.expect("connect");
        anonymous
            .send(Message::text(json!({ "type": "connection_init" }).to_string()))
            .await
            .unwrap();
        assert_eq!(next_json(&mut anonymous).await["type"], "connection_ack");
        let subscribe = json!({ "id": "9", "type": "subscribe", "payload": { "query": "subscription { notificationAdded { kind } }" } });
        anonymous.send(Message::text(subscribe.to_string())).await.unwrap();
        // An execution error: a `next` carrying the error (no data), as graphql-transport-ws says.
        let refused = next_json(&mut anonymous).await;
        assert_eq!(refused["type"], "next", "{refused}");
        assert_eq!(refused["payload"]["data"], Value::Null, "{refused}");
        assert_eq!(
            refused["payload"]["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
            "{refused}"
        );
    }
}

#[tokio::test]
async fn reports_reach_the_threads_moderators_who_hide_and_restore_with_an_audit_trail() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    for (email, agency) in [("mod@a.example", "agency-a"), ("mod@b.example", "agency-b")] {
        plaza_blackbox::cli_ok(
            data.path(),
            &[
                "member",
                "add",
                "--email",
                email,
                "--name",
                "Moderación",
                "--agency",
                agency,
                "--role",
                "moderator",
            ],
        );
    }
    let issue = |email: &str| {
        plaza_blackbox::cli_ok(data.path(), &["token", "issue", "--member", email, "--scope", "write"])
            .trim()
            .to_owned()
    };
    let (mod_a, mod_b) = (issue("mod@a.example"), issue("mod@b.example"));
    let app = TestApp::start(data, &[]).await;
    let (ana, bea) = (&tokens["member_a"], &tokens["member_b"]);

    // Bea (agency B) opens a network thread; Ana (agency A) posts an abusive reply.
    let thread = ok(
        &app,
        START,
        json!({ "input": { "title": "Horarios del 010", "body": "¿Cómo los publicáis?" } }),
        bea,
    )
    .await;
    let thread_id = thread["startDiscussion"]["id"].as_str().unwrap().to_owned();
    let abuse = ok(
        &app,
        REPLY,
        json!({ "input": { "discussionId": thread_id, "body": "Sois unos inútiles." } }),
        ana,
    )
    .await;
    let abuse_id = abuse["replyToDiscussion"]["id"].as_str().unwrap().to_owned();

    let report = "mutation($id: ID!, $reason: String!) { reportPost(targetId: $id, reason: $reason) }";
    let (_, refused) = app
        .graphql(report, json!({ "id": abuse_id, "reason": " " }), Some(bea))
        .await;
    assert_eq!(error_field(&refused), Some("reason"), "{refused}");
    assert_eq!(
        ok(&app, report, json!({ "id": abuse_id, "reason": "Insulta" }), bea).await["reportPost"],
        true
    );

    // The thread is agency B's: its moderator sees the report, agency A's does not.
    let queue = "{ moderationQueue { reason targetId replyBody discussion { title } } }";
    let seen = ok(&app, queue, json!({}), &mod_b).await;
    assert_eq!(seen["moderationQueue"][0]["reason"], "Insulta", "{seen}");
    assert_eq!(seen["moderationQueue"][0]["replyBody"], "Sois unos inútiles.");
    assert_eq!(ok(&app, queue, json!({}), &mod_a).await["moderationQueue"], json!([]));
    assert_eq!(ok(&app, queue, json!({}), ana).await["moderationQueue"], json!([]));

    // Only its moderators hide it.
    let hide = "mutation($id: ID!, $reason: String!) { hidePost(targetId: $id, reason: $reason) }";
    let (_, refused) = app
        .graphql(hide, json!({ "id": abuse_id, "reason": "x" }), Some(&mod_a))
        .await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"), "{refused}");
    assert_eq!(
        ok(
            &app,
            hide,
            json!({ "id": abuse_id, "reason": "Falta de respeto" }),
            &mod_b
        )
        .await["hidePost"],
        true
    );
    let read = ok(&app, READ, json!({ "id": thread_id }), bea).await;
    assert_eq!(
        read["discussion"]["replies"],
        json!([]),
        "a hidden reply stays out of the thread"
    );
    assert_eq!(
        ok(&app, queue, json!({}), &mod_b).await["moderationQueue"],
        json!([]),
        "hiding resolves the report"
    );
    let (_, refused) = app
        .graphql(
            REPLY,
            json!({ "input": { "discussionId": thread_id, "parentId": abuse_id, "body": "¿Por qué?" } }),
            Some(bea),
        )
        .await;
    assert_eq!(
        error_field(&refused),
        Some("input.parentId"),
        "replying to a hidden reply: {refused}"
    );

    // The author is told, with the reason.
    let feed = ok(
        &app,
        "{ notifications { items { kind discussion { title } } } }",
        json!({}),
        ana,
    )
    .await;
    assert_eq!(feed["notifications"]["items"][0]["kind"], "MODERATION", "{feed}");

    // Hiding the whole thread: only its author and moderators still read it.
    ok(
        &app,
        hide,
        json!({ "id": thread_id, "reason": "Fuera de lugar" }),
        &mod_b,
    )
    .await;
    assert!(!can_read(&app, &thread_id, Some(ana)).await);
    let (_, refused) = app
        .graphql(
            REPLY,
            json!({ "input": { "discussionId": thread_id, "body": "hola" } }),
            Some(ana),
        )
        .await;
    assert_eq!(
        error_code(&refused),
        Some("NOT_FOUND"),
        "replying to a hidden thread: {refused}"
    );
    let own = ok(
        &app,
        "query($id: ID!) { discussion(id: $id) { hiddenReason } }",
        json!({ "id": thread_id }),
        bea,
    )
    .await;
    assert_eq!(own["discussion"]["hiddenReason"], "Fuera de lugar");
    let restore = "mutation($id: ID!, $reason: String!) { restorePost(targetId: $id, reason: $reason) }";
    ok(&app, restore, json!({ "id": thread_id, "reason": "Revisado" }), &mod_b).await;
    assert!(can_read(&app, &thread_id, Some(ana)).await);

    // Every action is in the audit log, for the thread's moderators only.
    let log = "{ auditLog { action reason actor { name } } }";
    let entries = ok(&app, log, json!({}), &mod_b).await["auditLog"].clone();
    let actions: Vec<&str> = entries
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(actions, vec!["restore", "hide", "hide"], "{entries}");
    assert_eq!(ok(&app, log, json!({}), &mod_a).await["auditLog"], json!([]));
    assert_eq!(ok(&app, log, json!({}), ana).await["auditLog"], json!([]));
}

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
    // Seeding twice created everything once: 5 citizen threads and 2 questions.
    assert_eq!(seen["discussions"]["totalCount"], 7, "{seen}");
    let edges = seen["discussions"]["edges"].as_array().unwrap();
    assert!(edges.iter().all(|edge| edge["node"]["replyCount"].as_u64() > Some(0)));
    let answered = edges
        .iter()
        .filter(|edge| edge["node"]["kind"] == "QUESTION" && edge["node"]["acceptedAnswer"].is_object())
        .count();
    assert_eq!(answered, 2);
    // Group threads stay in their groups.
    let outside = ok(&app, threads, json!({}), &outsider).await;
    assert_eq!(outside["discussions"]["totalCount"], 3, "{outside}");
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

/// A local SMTP sink: accepts every message and hands over each (recipients, data).
async fn smtp_sink() -> (u16, tokio::sync::mpsc::UnboundedReceiver<(Vec<String>, String)>) {
    use tokio::io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let sender = sender.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 sink ESMTP\r\n").await;
                let (mut recipients, mut data, mut in_data) = (Vec::new(), String::new(), false);
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            in_data = false;
                            let _ = sender.send((std::mem::take(&mut recipients), std::mem::take(&mut data)));
                            let _ = write.write_all(b"250 queued\r\n").await;
                        } else {
                            data.push_str(&line);
                            data.push('\n');
                        }
                        continue;
                    }
                    let upper = line.to_ascii_uppercase();
                    let answer: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        b"250 sink\r\n"
                    } else if upper.starts_with("RCPT TO:") {
                        recipients.push(line[8..].trim().trim_matches(['<', '>']).to_owned());
                        b"250 ok\r\n"
                    } else if upper.starts_with("DATA") {
                        in_data = true;
                        b"354 go\r\n"
                    } else if upper.starts_with("QUIT") {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        break;
                    } else {
                        b"250 ok\r\n"
                    };
                    let _ = write.write_all(answer).await;
                }
            });
        }
    });
    (port, receiver)
}

// The SMTP sink runs on the test's runtime while the CLI runs blocking: two workers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn daily_digests_are_mailed_with_only_what_each_member_may_read() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let (ana, bea, editor_b) = (&tokens["member_a"], &tokens["member_b"], &tokens["editor_b"]);
    let set = "mutation($f: DigestFrequencyValue!) { setDigestFrequency(frequency: $f) }";
    assert_eq!(
        ok(&app, set, json!({ "f": "DAILY" }), bea).await["setDigestFrequency"],
        "DAILY"
    );
    assert_eq!(
        ok(&app, "{ digestFrequency }", json!({}), editor_b).await["digestFrequency"],
        "OFF"
    );
    // Bea is mentioned in a network thread and in an agency-internal one of agency A.
    ok(&app, START, json!({ "input": { "title": "Calendario de campañas 2027", "body": "@member@b.example @editor@b.example ¿os sumáis?" } }), ana).await;
    ok(
        &app,
        START,
        json!({ "input": { "title": "Interno: nóminas", "body": "@member@b.example", "visibility": "AGENCY" } }),
        ana,
    )
    .await;
    let data = app.stop();

    let (port, mut mail) = smtp_sink().await;
    let env = [("PLAZA_SMTP_URL", format!("smtp://127.0.0.1:{port}"))];
    let run = |args: &[&str]| {
        let output = std::process::Command::new(plaza_blackbox::plaza_binary())
            .args(args)
            .env("PLAZA_DATA_DIR", data.path())
            .env("RUST_LOG", "warn")
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .current_dir(data.path())
            .output()
            .unwrap();
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr),
        )
    };
    let (success, output) = run(&["digest", "--frequency", "daily"]);
    assert!(success && output.contains("1 digests sent"), "{output}");
    let (recipients, message) = tokio::time::timeout(std::time::Duration::from_secs(10), mail.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(recipients, vec!["member@b.example"]);
    assert!(message.contains("Calendario de campa"), "{message}");
    assert!(
        !message.contains("Interno"),
        "the digest names a thread its reader cannot read:\n{message}"
    );
    // Editor B asked for no digest; a second run finds nothing new for Bea.
    let (success, output) = run(&["digest", "--frequency", "daily"]);
    assert!(success && output.contains("0 digests sent"), "{output}");
    // Bad input is refused with a clear error.
    let (success, output) = run(&["digest", "--frequency", "hourly"]);
    assert!(!success && output.contains("daily or weekly"), "{output}");
}
