//! The generated corpus (see [`super::documents`]) on every transport, then a huge string in
//! every string argument of every root field, and of their input objects (from the schema as
//! published).

use super::documents::{Case, case, corpus};
use super::schema::{Schema, aim};
use super::*;

/// Sends `case` by POST; what it got (status and code), or the reason it failed.
async fn by_post(app: &TestApp, case: &Case, token: Option<&str>) -> Result<String, String> {
    let body = match &case.raw {
        Some(raw) => raw.clone().into_bytes(),
        None => json!({ "query": case.query, "variables": case.variables })
            .to_string()
            .into_bytes(),
    };
    let reply = post_bytes(app, body, None, token).await?;
    verdict(&reply, case.expect).map_err(|why| format!("{why}: {}", brief(&reply.body)))?;
    if reply.elapsed > ANSWER_WITHIN {
        return Err(format!("answered after {:?}", reply.elapsed));
    }
    Ok(format!("{} {}", reply.status, reply.code().unwrap_or("(data)")))
}

async fn by_get(app: &TestApp, case: &Case) -> Result<(), String> {
    let reply = get(app, &[("query", &case.query)]).await?;
    let mut url = reqwest::Url::parse("http://x/graphql").expect("url");
    url.query_pairs_mut().append_pair("query", &case.query);
    if refused_by_http(&reply, url.as_str()) {
        return Ok(());
    }
    // GET runs queries only: a document it cannot tell is not a mutation may get a 405.
    let expect = match case.expect {
        Expect::Refused(codes) => Expect::Refused(codes),
        _ if reply.status == 405 => Expect::Error(&["METHOD_NOT_ALLOWED"]),
        other => other,
    };
    verdict(&reply, expect).map_err(|why| format!("{why}: {}", brief(&reply.body)))
}

/// Runs the cases by POST (all), GET and WebSocket (those marked) under the health watch.
async fn run(app: &TestApp, cases: &[Case], token: Option<&str>) -> Vec<String> {
    let posts = futures::stream::iter(cases.iter().map(|case| async move {
        by_post(app, case, token)
            .await
            .map_err(|why| format!("{} (POST): {why}\n  query: {}", case.name, shorten(&case.query)))
    }))
    .buffer_unordered(6)
    .collect::<Vec<_>>();
    // What the POSTs got, tallied, for the log; the failures.
    let posts = async {
        let mut tally = std::collections::BTreeMap::<String, usize>::new();
        let mut failures = Vec::new();
        for outcome in posts.await {
            match outcome {
                Ok(got) => *tally.entry(got).or_default() += 1,
                Err(why) => failures.push(why),
            }
        }
        println!("answers by POST: {tally:?}");
        failures
    };
    let gets = futures::stream::iter(cases.iter().filter(|case| case.get).map(|case| async move {
        let outcome = by_get(app, case).await;
        outcome
            .err()
            .map(|why| format!("{} (GET): {why}\n  query: {}", case.name, shorten(&case.query)))
    }))
    .buffer_unordered(2)
    .filter_map(futures::future::ready)
    .collect::<Vec<_>>();
    let sockets = async {
        let mut failures = Vec::new();
        let mut socket = ws_ready(app).await;
        for (index, case) in cases.iter().filter(|case| case.ws).enumerate() {
            let id = format!("case-{index}");
            let outcome = match ws_operation(&mut socket, &id, &case.query, &case.variables).await {
                Ok(answer) => match case.expect {
                    Expect::Refused(codes) => ws_refused(&answer, &id, codes),
                    _ => Ok(()),
                },
                Err(why) => {
                    // Start afresh so one broken connection does not fail every later case.
                    socket = ws_ready(app).await;
                    Err(why)
                }
            };
            if let Err(why) = outcome {
                failures.push(format!(
                    "{} (WebSocket): {why}\n  query: {}",
                    case.name,
                    shorten(&case.query)
                ));
            }
        }
        if let Err(why) = ws_still_usable(&mut socket).await {
            failures.push(format!("the corpus's WebSocket, at the end: {why}"));
        }
        failures
    };
    let (posts, gets, sockets) = tokio::join!(posts, gets, sockets);
    [posts, gets, sockets].concat()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_generated_corpus_of_hostile_documents_gets_coded_answers_on_every_transport() {
    let app = start().await;
    let cases = corpus();
    println!("corpus: {} documents", cases.len());
    let failures = during(&app, "corpus", run(&app, &cases, None)).await;
    assert_none("corpus", &failures);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_huge_string_in_every_argument_of_every_root_field_gets_a_coded_answer() {
    let data = TestApp::data_dir();
    let tokens = plaza_blackbox::two_agencies(data.path());
    let app = start_in(data).await;
    let schema = Schema::load();
    let mut rng = Rng::new(0xa5_9e);
    // Each target once inline (30 KB, just under the document limit) and once as a 900 KB
    // variable; mutations as an editor, so that they get past authentication.
    let alphabet = [
        "palabra ", "ñandú ", "😀", "[{(", "\\\"", "\"", "<b>", "&amp;", "@x@y.es ", "\t", "*_`>",
    ];
    let mut text = |bytes: usize| {
        let mut text = String::with_capacity(bytes + 8);
        while text.len() < bytes {
            text.push_str(rng.pick(&alphabet));
        }
        text
    };
    let mut cases = Vec::new();
    for (root, token) in [("query", None), ("mutation", Some(tokens["editor_a"].as_str()))] {
        let inline = Value::String(text(28_000));
        let variable = Value::String(text(900_000));
        for (as_variable, huge) in [(false, &inline), (true, &variable)] {
            if root == "mutation" && as_variable {
                continue;
            }
            for (aimed, variables) in aim(&schema, root, huge, as_variable) {
                let mut case = case(aimed.label, aimed.query, Expect::Handled(ANY)).with(variables);
                case.get = root == "query" && !as_variable;
                cases.push((case, token));
            }
        }
    }
    let count = |root: &str| cases.iter().filter(|(c, _)| c.name.starts_with(root)).count();
    println!(
        "huge strings: {} queries, {} mutations",
        count("query"),
        count("mutation")
    );
    assert!(
        count("query") > 30 && count("mutation") > 50,
        "the schema reader found too few arguments"
    );
    assert!(cases.iter().any(|(c, _)| c.name == "query search(query)"));
    let failures = during(&app, "huge strings", async {
        let (queries, mutations): (Vec<_>, Vec<_>) = cases.into_iter().partition(|(_, token)| token.is_none());
        let queries: Vec<Case> = queries.into_iter().map(|(case, _)| case).collect();
        let mutations: Vec<Case> = mutations.into_iter().map(|(case, _)| case).collect();
        let editor = tokens["editor_a"].as_str();
        let (a, b) = tokio::join!(run(&app, &queries, None), run(&app, &mutations, Some(editor)));
        [a, b].concat()
    })
    .await;
    assert_none("huge strings", &failures);
}
