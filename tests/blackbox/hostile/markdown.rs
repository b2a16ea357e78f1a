//! Markdown bombs: 99 KB of nesting, runs and raw HTML, previewed and stored, then read back
//! one by one, in pages and through search. Each answer within the budget, `/healthz` within a
//! second throughout.

use super::*;

/// Just under the 100 KB a body may have.
const SIZE: usize = 99 * 1024;

fn fill(unit: &str) -> String {
    unit.repeat(SIZE / unit.len())
}

/// Worst cases for the markdown parser and the sanitiser.
fn bombs() -> Vec<(&'static str, String)> {
    let indented: String = (0..)
        .map(|i| format!("{}- x\n", " ".repeat(i)))
        .scan(0, |size, line| {
            *size += line.len();
            (*size < SIZE).then_some(line)
        })
        .collect();
    let staircase: String = (1..)
        .map(|i| format!("{} a\n", ">".repeat(i)))
        .scan(0, |size, line| {
            *size += line.len();
            (*size < SIZE).then_some(line)
        })
        .collect();
    let columns = 12_000;
    let rows = (SIZE - 4 * columns - 4) / 2;
    let table = format!(
        "{}|\n{}|\n{}",
        "|a".repeat(columns),
        "|-".repeat(columns),
        "|\n".repeat(rows)
    );
    let references = format!("{}{}", "[a]: b\n".repeat(SIZE / 14), "[a] ".repeat(SIZE / 8));
    vec![
        ("quotes", fill(">")),
        ("quotes with spaces", fill("> ")),
        ("quote lines", fill(">\n")),
        ("a staircase of quotes", staircase),
        ("lists", fill("- ")),
        ("star lists", fill("* ")),
        ("ordered lists", fill("1. ")),
        ("task lists", fill("- [ ] ")),
        ("quotes in lists", fill("> - ")),
        ("indented lists", indented),
        ("emphasis", fill("*")),
        ("underscores", fill("_")),
        ("emphasis words", fill("*a ")),
        ("strong", fill("**a")),
        ("mixed emphasis", fill("*_")),
        ("strikethrough", fill("~~a")),
        ("brackets", fill("[")),
        ("closing brackets", fill("]")),
        ("links", fill("[a](")),
        (
            "nested link text",
            format!("{}{}(u)", "[".repeat(SIZE / 2 - 2), "]".repeat(SIZE / 2 - 2)),
        ),
        ("images", fill("![")),
        ("autolinks", fill("<http://a")),
        ("reference links", references),
        ("backticks", fill("`")),
        (
            "growing backtick runs",
            (1..440).map(|n| format!("{} a ", "`".repeat(n))).collect(),
        ),
        ("fences", fill("```\n")),
        ("raw html", fill("<div>")),
        ("raw inline html", fill("a<b>")),
        ("raw tables", fill("<table><tr><td>")),
        ("raw formatting", fill("<a><b><i>")),
        ("html comments", fill("<!--")),
        ("a table of 12,000 columns", table),
        ("entities", fill("&amp;")),
        ("numeric entities", fill("&#x10FFFF;")),
        ("headings", fill("# ")),
        ("hard breaks", fill("a\\\n")),
        ("tabs", fill("\t")),
        ("mentions", fill("@a@b.es ")),
        ("at signs", fill("@")),
    ]
}

const PREVIEW: &str = "query($m: String!) { previewMarkdown(markdown: $m) }";

/// Whether `reply` is a prompt rendering (or a prompt BAD_USER_INPUT).
fn prompt(reply: &Reply, field: &[&str]) -> Result<(), String> {
    if reply.elapsed > ANSWER_WITHIN {
        return Err(format!("answered after {:?}", reply.elapsed));
    }
    let mut rendered = &reply.body["data"];
    for key in field {
        rendered = &rendered[key];
    }
    match (reply.status, rendered.as_str(), reply.code()) {
        (200, Some(_), None) | (200, _, Some("BAD_USER_INPUT")) => Ok(()),
        _ => Err(format!("{}: {}", reply.status, brief(&reply.body))),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn previews_of_markdown_bombs_answer_promptly() {
    let app = start().await;
    let bombs = bombs();
    let failures = during(&app, "previews", async {
        let previews = futures::stream::iter(bombs.iter().map(|(name, markdown)| {
            let app = &app;
            async move {
                let reply = post(app, PREVIEW, &json!({ "m": markdown }), None).await;
                let outcome = reply.and_then(|reply| {
                    println!("preview of {name} ({} bytes): {:?}", markdown.len(), reply.elapsed);
                    prompt(&reply, &["previewMarkdown"])
                });
                outcome.err().map(|why| format!("preview of {name}: {why}"))
            }
        }))
        .buffer_unordered(4)
        .filter_map(futures::future::ready)
        .collect::<Vec<_>>()
        .await;
        // The attack of the issue: eight at once of 99 KB of `>`.
        let quotes = json!({ "m": fill(">") });
        let at_once = futures::future::join_all((0..8).map(|_| post(&app, PREVIEW, &quotes, None))).await;
        let mut failures = previews;
        for (index, reply) in at_once.into_iter().enumerate() {
            if let Err(why) = reply.and_then(|reply| prompt(&reply, &["previewMarkdown"])) {
                failures.push(format!("quotes at once, {index}: {why}"));
            }
        }
        failures
    })
    .await;
    assert_none("previews", &failures);

    // Past 100 KB, a clear refusal.
    let (_, body) = app.graphql(PREVIEW, json!({ "m": "a".repeat(101 * 1024) }), None).await;
    assert_eq!(plaza_blackbox::error_code(&body), Some("BAD_USER_INPUT"), "{body}");
}

const CREATE_CASE: &str =
    "mutation($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { caseStudy { id } } }";
const PUBLISH_CASE: &str = "mutation($id: ID!) { publishCaseStudy(input: { id: $id }) { caseStudy { id } } }";
const CREATE_PRACTICE: &str =
    "mutation($input: CreatePracticeInput!) { createPractice(input: $input) { practice { id } } }";
const PUBLISH_PRACTICE: &str = "mutation($id: ID!) { publishPractice(input: { id: $id }) { practice { id } } }";
const START: &str = "mutation($input: StartDiscussionInput!) { startDiscussion(input: $input) { id } }";
const REPLY: &str = "mutation($input: ReplyInput!) { replyToDiscussion(input: $input) { id } }";

/// Runs a write; its result at `path`, or why it failed. BAD_USER_INPUT (a body refused for
/// its structure) counts as a prompt answer, and gives `None`.
async fn write(
    app: &TestApp,
    query: &str,
    variables: Value,
    token: &str,
    path: &[&str],
) -> Result<Option<String>, String> {
    let reply = post(app, query, &variables, Some(token)).await?;
    if reply.elapsed > ANSWER_WITHIN {
        return Err(format!("written after {:?}", reply.elapsed));
    }
    if reply.code() == Some("BAD_USER_INPUT") {
        return Ok(None);
    }
    let mut id = &reply.body["data"];
    for key in path {
        id = &id[key];
    }
    match id.as_str() {
        Some(id) if reply.status == 200 => Ok(Some(id.to_owned())),
        _ => Err(format!("{}: {}", reply.status, brief(&reply.body))),
    }
}

/// Stores bomb `index` as a public case study (three markdown fields) and, every third bomb
/// (the quotes of the issue among them), as a public practice and as a discussion with a
/// reply; returns what was stored (kind, id).
async fn store(
    app: &TestApp,
    (editor, member): (&str, &str),
    (index, name): (usize, &str),
    body: &str,
) -> Result<Vec<(&'static str, String)>, String> {
    let mut stored = Vec::new();
    let case = json!({ "input": { "title": name, "objectives": ["internal_communication"], "visibility": "PUBLIC",
        "context": body, "actions": body, "lessons": body } });
    if let Some(id) = write(app, CREATE_CASE, case, editor, &["createCaseStudy", "caseStudy", "id"]).await? {
        write(
            app,
            PUBLISH_CASE,
            json!({ "id": id }),
            editor,
            &["publishCaseStudy", "caseStudy", "id"],
        )
        .await?;
        stored.push(("caseStudy", id));
    }
    let practice = json!({ "input": { "title": name, "body": body, "visibility": "PUBLIC" } });
    if index % 3 == 0
        && let Some(id) = write(
            app,
            CREATE_PRACTICE,
            practice,
            editor,
            &["createPractice", "practice", "id"],
        )
        .await?
    {
        write(
            app,
            PUBLISH_PRACTICE,
            json!({ "id": id }),
            editor,
            &["publishPractice", "practice", "id"],
        )
        .await?;
        stored.push(("practice", id));
    }
    let discussion = json!({ "input": { "title": name, "body": body } });
    if index % 3 == 0
        && let Some(id) = write(app, START, discussion, member, &["startDiscussion", "id"]).await?
    {
        let reply = json!({ "input": { "discussionId": id, "body": body } });
        write(app, REPLY, reply, member, &["replyToDiscussion", "id"]).await?;
        stored.push(("discussion", id));
    }
    Ok(stored)
}

/// Reads of stored bodies: one item, with its HTML.
fn read_one(kind: &str) -> (&'static str, &'static [&'static str]) {
    match kind {
        "caseStudy" => (
            "query($id: ID!) { caseStudy(id: $id) { contextHtml actionsHtml lessonsHtml } }",
            &["caseStudy", "contextHtml"],
        ),
        "practice" => (
            "query($id: ID!) { practice(id: $id) { bodyHtml } }",
            &["practice", "bodyHtml"],
        ),
        _ => (
            "query($id: ID!) { discussion(id: $id) { bodyHtml replies { bodyHtml } } }",
            &["discussion", "bodyHtml"],
        ),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn stored_markdown_bombs_are_written_and_read_promptly_one_by_one_in_pages_and_in_search() {
    let data = TestApp::data_dir();
    let tokens = plaza_blackbox::two_agencies(data.path());
    let app = start_in(data).await;
    let (editor, member) = (tokens["editor_a"].as_str(), tokens["member_a"].as_str());
    let bombs = bombs();
    let stored = during(&app, "storing bombs", async {
        let app = &app;
        let writes = futures::stream::iter(bombs.iter().enumerate().map(|(index, (name, body))| async move {
            (*name, store(app, (editor, member), (index, name), body).await)
        }))
        .buffer_unordered(4)
        .collect::<Vec<_>>()
        .await;
        let mut stored = Vec::new();
        let mut failures = Vec::new();
        for (name, outcome) in writes {
            match outcome {
                Ok(items) => stored.extend(items.into_iter().map(|(kind, id)| (name, kind, id))),
                Err(why) => failures.push(format!("storing {name}: {why}")),
            }
        }
        assert_none("storing bombs", &failures);
        stored
    })
    .await;
    println!("stored {} items", stored.len());
    assert!(
        stored.len() >= bombs.len(),
        "most bombs are stored (flattened), not refused: {stored:?}"
    );

    let mut failures = during(&app, "reading bombs one by one", async {
        futures::stream::iter(stored.iter().map(|(name, kind, id)| {
            let app = &app;
            async move {
                let (query, field) = read_one(kind);
                let outcome = post(app, query, &json!({ "id": id }), Some(member))
                    .await
                    .and_then(|reply| prompt(&reply, field));
                outcome.err().map(|why| format!("reading the {kind} of {name}: {why}"))
            }
        }))
        .buffer_unordered(4)
        .filter_map(futures::future::ready)
        .collect::<Vec<_>>()
        .await
    })
    .await;
    // Whole pages of them, anonymously and as a member, and search over them: each page alone
    // (four at once), so that a slow one is named.
    let pages = [
        (
            "{ caseStudies(first: 100) { edges { node { contextHtml actionsHtml lessonsHtml } } } }",
            None,
            "caseStudies",
        ),
        (
            "{ practices(first: 100) { edges { node { bodyHtml } } } }",
            None,
            "practices",
        ),
        (
            "{ discussions(first: 100) { edges { node { bodyHtml replies { bodyHtml } } } } }",
            Some(member),
            "discussions",
        ),
        (
            "{ search(query: \"a\", first: 100) { totalCount edges { node { snippet { html } } } } }",
            None,
            "search",
        ),
        (
            "{ search(query: \"div table quotes\", first: 100) { edges { node { snippet { html text } } } } }",
            Some(member),
            "search",
        ),
    ];
    for (query, token, field) in pages {
        let watch = Watch::start(&app);
        let none = json!({});
        let replies = futures::future::join_all((0..4).map(|_| post(&app, query, &none, token))).await;
        for reply in replies {
            let outcome = reply.and_then(|reply| {
                let size = reply.body.to_string().len();
                println!("{}: {:?}, {size} bytes", shorten(query), reply.elapsed);
                if reply.elapsed > ANSWER_WITHIN {
                    return Err(format!("answered after {:?} ({size} bytes)", reply.elapsed));
                }
                let answered = reply.body["errors"].is_null() && reply.body["data"][field].is_object();
                if reply.status == 200 && answered {
                    Ok(())
                } else {
                    Err(brief(&reply.body))
                }
            });
            if let Err(why) = outcome {
                failures.push(format!("{}: {why}", shorten(query)));
            }
        }
        if let Err(why) = watch.report(&shorten(query)).await {
            failures.push(why);
        }
    }
    assert_none("reading bombs", &failures);
}
