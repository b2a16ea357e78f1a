//! Batch loading, measured: a page of items with their agency, authors, endorsements (and the
//! viewer's) and review state costs the same number of database queries for 3 items as for 30.
// Test helpers fail tests by panicking.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::sync::Arc;

use chrono::Utc;
use plaza_domain::agency::{Agency, AgencyInput};
use plaza_domain::case_study::{CaseStudy, CaseStudyInput};
use plaza_domain::content::{Audience, CommonInput, PublicationStatus};
use plaza_domain::ids::{CaseStudyId, MemberId};
use plaza_domain::item::{FollowTarget, ItemRef, SignalKind};
use plaza_domain::member::{Member, Role};
use plaza_domain::policy::{MemberViewer, Scope, Viewer};
use plaza_domain::text::{Email, Name};
use plaza_graphql::{CredentialEvents, PlazaSchema, SearchHandle, Services};
use plaza_storage::{Store, StoreConfig};
use serde_json::Value;

struct NoCredentials;

impl CredentialEvents for NoCredentials {
    fn token_revoked(&self, _hash: &str) {}
    fn member_changed(&self, _member: MemberId) {}
}

fn schema(store: &Store) -> PlazaSchema {
    schema_with(store, Arc::new(plaza_search::SearchIndex::in_memory().unwrap()))
}

fn schema_with(store: &Store, index: Arc<plaza_search::SearchIndex>) -> PlazaSchema {
    let refresh: plaza_graphql::Refresh = Arc::new(|| Box::pin(async {}));
    plaza_graphql::build(Some(Services {
        store: store.clone(),
        search: SearchHandle { index, refresh },
        seal: Arc::new(plaza_auth::seal::SealKey::from_base64("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=").unwrap()),
        credentials: Arc::new(NoCredentials),
        search_stats: Arc::new(plaza_graphql::SearchStatsRecorder::new()),
        webhooks: plaza_graphql::WebhookSettings::default(),
        search_timer: None,
        buses: plaza_app::Buses::default(),
    }))
}

async fn agency(store: &Store, slug: &str) -> Agency {
    let agency = AgencyInput {
        slug: slug.into(),
        name: format!("Agency {slug}"),
        level: "local".into(),
        country: "ES".into(),
        region: None,
        email_domains: vec![format!("{slug}.example")],
    }
    .validate()
    .unwrap();
    store.create_agency(&agency, None).await.unwrap();
    agency
}

async fn member(store: &Store, agency: &Agency, name: &str) -> Member {
    let member = Member {
        id: MemberId::generate(),
        email: Email::parse(&format!("{name}@{}", agency.email_domains[0])).unwrap(),
        name: Name::parse(name).unwrap(),
        agency: agency.id,
        roles: vec![Role::Member, Role::Editor],
        suspension: None,
        profile: Default::default(),
        erased_at: None,
    };
    store.create_member(&member, None).await.unwrap();
    member
}

async fn published_case(store: &Store, agency: &Agency, author: &Member, n: usize) -> CaseStudyId {
    let content = CaseStudyInput {
        title: format!("Caso {n}"),
        summary: "Resumen".into(),
        context: String::new(),
        objectives: vec!["citizen_service".into()],
        actions: String::new(),
        platforms: vec!["whatsapp".into()],
        formats: vec![],
        team: String::new(),
        budget: String::new(),
        tools: vec![],
        metrics: vec![],
        lessons: String::new(),
        threats: vec![],
        dimensions: vec![],
        stage: None,
        started_on: None,
        ended_on: None,
        common: CommonInput {
            language: Some("es".into()),
            licence: None,
            visibility: Some("public".into()),
            group: None,
            tags: vec![],
        },
    }
    .validate()
    .unwrap();
    let now = Utc::now();
    let case = CaseStudy {
        id: CaseStudyId::generate(),
        audience: Audience {
            agency: agency.id,
            visibility: content.common.visibility,
            status: PublicationStatus::Published,
            authors: vec![author.id],
        },
        content,
        created_at: now,
        updated_at: now,
        published_at: Some(now),
        html: Default::default(),
    };
    store.create_case_study(&case, None).await.unwrap();
    case.id
}

const PAGE: &str = "{ caseStudies(first: 100) { edges { node { title agency { name } authors { name } \
    endorsementCount viewerEndorsed freshness { reviewBy possiblyOutdated } } } } }";

/// Runs the page as `viewer`: the queries it cost, and its nodes.
async fn page(schema: &PlazaSchema, store: &Store, viewer: &Viewer) -> (u64, Vec<Value>) {
    let before = store.round_trips();
    let response = schema
        .execute(plaza_graphql::prepare(
            async_graphql::Request::new(PAGE),
            viewer.clone(),
            None,
        ))
        .await;
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    let trips = store.round_trips() - before;
    let data = response.data.into_json().unwrap();
    let nodes = data["caseStudies"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|edge| edge["node"].clone())
        .collect();
    (trips, nodes)
}

#[tokio::test]
async fn a_page_of_items_costs_the_same_queries_whatever_its_size() {
    let store = Store::connect(&StoreConfig::for_tests()).await.unwrap();
    let schema = schema(&store);
    let mut agencies = Vec::new();
    let mut authors = Vec::new();
    for n in 0..6 {
        let owner = agency(&store, &format!("a{n}")).await;
        authors.push(member(&store, &owner, &format!("author{n}")).await);
        agencies.push(owner);
    }
    let reader = &authors[0];
    let viewer = Viewer::Member(MemberViewer {
        id: reader.id,
        agency: reader.agency,
        roles: reader.roles.clone(),
        groups: vec![],
        scope: Scope::Write,
    });
    let mut cases = Vec::new();
    for n in 0..3 {
        cases.push(published_case(&store, &agencies[n % 6], &authors[n % 6], n).await);
    }
    // Two endorsements of the first case, one of them the reader's.
    let first = FollowTarget::Item(ItemRef::CaseStudy(cases[0]));
    store.give_signal(SignalKind::Endorse, reader.id, &first).await.unwrap();
    store
        .give_signal(SignalKind::Endorse, authors[1].id, &first)
        .await
        .unwrap();

    let (small, nodes) = page(&schema, &store, &viewer).await;
    assert_eq!(nodes.len(), 3);
    let endorsed = nodes.iter().find(|node| node["title"] == "Caso 0").unwrap();
    assert_eq!(endorsed["endorsementCount"], 2);
    assert_eq!(endorsed["viewerEndorsed"], true);
    assert_eq!(endorsed["agency"]["name"], "Agency a0");
    assert_eq!(endorsed["authors"][0]["name"], "author0");
    let other = nodes.iter().find(|node| node["title"] == "Caso 1").unwrap();
    assert_eq!(
        (other["endorsementCount"].clone(), other["viewerEndorsed"].clone()),
        (0.into(), false.into())
    );

    for n in 3..30 {
        cases.push(published_case(&store, &agencies[n % 6], &authors[n % 6], n).await);
    }
    let (large, nodes) = page(&schema, &store, &viewer).await;
    assert_eq!(nodes.len(), 30);
    assert!(
        nodes
            .iter()
            .all(|node| node["agency"]["name"].is_string() && node["authors"][0]["name"].is_string())
    );
    eprintln!("a page of 3 items cost {small} queries, a page of 30 {large}");
    assert_eq!(
        large, small,
        "30 items cost {large} queries and 3 items {small}: the page's facts must load in batches"
    );
    assert!(small <= 8, "a page costs {small} queries");
}

#[tokio::test]
async fn search_checks_every_hit_against_the_database_whether_or_not_it_asks_for_the_item() {
    // The index says a case is public (an index that has not caught up yet); the database says
    // it is now a draft. Neither a results page that asks for the items nor one that asks only
    // for titles and snippets (checked by audience alone) may show it.
    let store = Store::connect(&StoreConfig::for_tests()).await.unwrap();
    let index = Arc::new(plaza_search::SearchIndex::in_memory().unwrap());
    let schema = schema_with(&store, index.clone());
    let owner = agency(&store, "idx").await;
    let author = member(&store, &owner, "writer").await;
    let shown = published_case(&store, &owner, &author, 1).await;
    let hidden = published_case(&store, &owner, &author, 2).await;
    for id in [shown, hidden] {
        let case = store.case_study(id).await.unwrap().unwrap();
        index
            .upsert(&plaza_search::mapping::case_study_document(&case, &owner).unwrap())
            .unwrap();
    }
    index.commit("1").unwrap();
    store
        .set_case_study_status(hidden, PublicationStatus::Draft, Utc::now())
        .await
        .unwrap();
    for query in [
        "{ search(query: \"caso\") { edges { node { title } } } }",
        "{ search(query: \"caso\") { edges { node { title item { ... on CaseStudy { id } } } } } }",
    ] {
        let response = schema
            .execute(plaza_graphql::prepare(
                async_graphql::Request::new(query),
                Viewer::Anonymous,
                None,
            ))
            .await;
        assert!(response.errors.is_empty(), "{:?}", response.errors);
        let data = response.data.into_json().unwrap();
        let titles: Vec<&str> = data["search"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|edge| edge["node"]["title"].as_str().unwrap())
            .collect();
        assert_eq!(titles, vec!["Caso 1"], "{query}");
    }
}
