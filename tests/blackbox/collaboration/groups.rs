//! Groups: join policies and members-only threads.

use super::*;

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
