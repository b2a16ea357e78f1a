//! Storage against a real SurrealDB: in memory for speed, on disk (SurrealKV) where persistence
//! is the point.
// Test helpers fail tests by panicking.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use chrono::{NaiveDate, Utc};
use plaza_domain::agency::{Agency, AgencyInput};
use plaza_domain::case_study::{CaseStudy, CaseStudyInput};
use plaza_domain::content::{Audience, CommonInput, PublicationStatus, Visibility};
use plaza_domain::guideline::{Guideline, GuidelineInput, validate_version};
use plaza_domain::ids::{CaseStudyId, GroupId, GuidelineId, MemberId};
use plaza_domain::member::{Member, Role};
use plaza_domain::metric::OutcomeMetricInput;
use plaza_domain::policy::{MemberViewer, ReadScope, Scope, Viewer, can_read};
use plaza_domain::text::{Email, Name};
use plaza_storage::{CaseStudyFilter, PageRequest, StorageError, Store, StoreConfig};

async fn memory_store() -> Store {
    Store::connect(&StoreConfig::for_tests())
        .await
        .expect("in-memory store")
}

fn agency_input(slug: &str) -> AgencyInput {
    AgencyInput {
        slug: slug.into(),
        name: format!("Agency {slug}"),
        level: "local".into(),
        country: "ES".into(),
        region: None,
        email_domains: vec![format!("{slug}.example")],
    }
}

async fn agency(store: &Store, slug: &str) -> Agency {
    let agency = agency_input(slug).validate().unwrap();
    store.create_agency(&agency, None).await.unwrap();
    agency
}

async fn member(store: &Store, agency: &Agency, name: &str, roles: Vec<Role>) -> Member {
    let member = Member {
        id: MemberId::generate(),
        email: Email::parse(&format!("{name}@{}", agency.email_domains[0])).unwrap(),
        name: Name::parse(name).unwrap(),
        agency: agency.id,
        roles,
        suspension: None,
        profile: Default::default(),
        erased_at: None,
    };
    store.create_member(&member, None).await.unwrap();
    member
}

fn case_input(title: &str, visibility: &str, group: Option<GroupId>) -> CaseStudyInput {
    CaseStudyInput {
        title: title.into(),
        summary: "Resumen".into(),
        context: "Contexto".into(),
        objectives: vec!["citizen_service".into()],
        actions: "Acciones".into(),
        platforms: vec!["whatsapp".into()],
        formats: vec![],
        team: String::new(),
        budget: String::new(),
        tools: vec![],
        metrics: vec![OutcomeMetricInput {
            metric: "Llamadas".into(),
            kind: Some("phone_calls".into()),
            unit: "count".into(),
            baseline: Some(100.0),
            target: None,
            actual: Some(70.0),
            period_start: NaiveDate::from_ymd_opt(2024, 1, 1),
            period_end: NaiveDate::from_ymd_opt(2024, 6, 30),
            method: "centralita".into(),
            evidence_level: "analytics_export".into(),
        }],
        lessons: String::new(),
        threats: vec![],
        dimensions: vec!["service_delivery".into()],
        stage: None,
        started_on: None,
        ended_on: None,
        common: CommonInput {
            language: Some("es".into()),
            licence: None,
            visibility: Some(visibility.into()),
            group,
            tags: vec!["010".into()],
        },
    }
}

fn case_study(input: CaseStudyInput, agency: &Agency, author: MemberId, status: PublicationStatus) -> CaseStudy {
    let content = input.validate().unwrap();
    let now = Utc::now();
    CaseStudy {
        id: CaseStudyId::generate(),
        audience: Audience {
            agency: agency.id,
            visibility: content.common.visibility,
            status,
            authors: vec![author],
        },
        content,
        created_at: now,
        updated_at: now,
        published_at: (status == PublicationStatus::Published).then_some(now),
        html: Default::default(),
    }
}

fn viewer_of(member: &Member, groups: Vec<GroupId>) -> Viewer {
    Viewer::Member(MemberViewer {
        id: member.id,
        agency: member.agency,
        roles: member.roles.clone(),
        groups,
        scope: Scope::Write,
    })
}

#[tokio::test]
async fn a_case_study_reads_back_exactly_as_written() {
    let store = memory_store().await;
    let owner = agency(&store, "vallverde").await;
    let author = member(&store, &owner, "lucia", vec![Role::Member, Role::Editor]).await;
    let case = case_study(
        case_input("WhatsApp y el 010", "public", None),
        &owner,
        author.id,
        PublicationStatus::Draft,
    );
    store.create_case_study(&case, None).await.unwrap();

    let read = store.case_study(case.id).await.unwrap().expect("stored");

    assert_eq!(read.content, case.content);
    assert_eq!(read.audience, case.audience);
    assert_eq!(read.created_at.timestamp_micros(), case.created_at.timestamp_micros());
}

#[tokio::test]
async fn a_taken_slug_or_email_is_a_conflict() {
    let store = memory_store().await;
    let first = agency(&store, "madrid").await;
    let again = agency_input("madrid").validate().unwrap();
    assert!(matches!(
        store.create_agency(&again, None).await,
        Err(StorageError::Conflict(_))
    ));

    let ana = member(&store, &first, "ana", vec![Role::Member]).await;
    let twin = Member {
        id: MemberId::generate(),
        ..ana
    };
    assert!(matches!(
        store.create_member(&twin, None).await,
        Err(StorageError::Conflict(_))
    ));
}

#[tokio::test]
async fn importing_the_same_external_id_twice_changes_nothing() {
    let store = memory_store().await;
    let owner = agency(&store, "sierra").await;
    let author = member(&store, &owner, "marta", vec![Role::Member]).await;
    let first = case_study(
        case_input("Inundaciones", "public", None),
        &owner,
        author.id,
        PublicationStatus::Published,
    );
    let second = case_study(
        case_input("Inundaciones", "public", None),
        &owner,
        author.id,
        PublicationStatus::Published,
    );

    let first_id = store.create_case_study(&first, Some("import/flood")).await.unwrap();
    let second_id = store.create_case_study(&second, Some("import/flood")).await.unwrap();

    assert_eq!(first_id, second_id);
    assert_eq!(store.all_case_studies().await.unwrap().len(), 1);
}

#[tokio::test]
async fn lists_return_exactly_what_the_policy_allows_for_every_viewer() {
    let store = memory_store().await;
    let agency_a = agency(&store, "agency-a").await;
    let agency_b = agency(&store, "agency-b").await;
    let group = GroupId::generate();
    let author = member(&store, &agency_a, "author", vec![Role::Member]).await;
    let viewers = vec![
        ("anonymous", Viewer::Anonymous),
        ("author", viewer_of(&author, vec![])),
        (
            "member of A",
            viewer_of(&member(&store, &agency_a, "plain-a", vec![Role::Member]).await, vec![]),
        ),
        (
            "editor of A",
            viewer_of(
                &member(&store, &agency_a, "editor-a", vec![Role::Member, Role::Editor]).await,
                vec![],
            ),
        ),
        (
            "member of B",
            viewer_of(&member(&store, &agency_b, "plain-b", vec![Role::Member]).await, vec![]),
        ),
        (
            "editor of B",
            viewer_of(
                &member(&store, &agency_b, "editor-b", vec![Role::Member, Role::Editor]).await,
                vec![],
            ),
        ),
        (
            "group member in B",
            viewer_of(
                &member(&store, &agency_b, "grouped-b", vec![Role::Member]).await,
                vec![group],
            ),
        ),
        (
            "network admin in B",
            viewer_of(
                &member(&store, &agency_b, "admin-b", vec![Role::Member, Role::NetworkAdmin]).await,
                vec![],
            ),
        ),
    ];
    let mut cases = Vec::new();
    for (visibility, group) in [
        ("public", None),
        ("network", None),
        ("agency", None),
        ("group", Some(group)),
    ] {
        for status in [
            PublicationStatus::Draft,
            PublicationStatus::Published,
            PublicationStatus::Withdrawn,
        ] {
            let case = case_study(
                case_input(&format!("{visibility} {status:?}"), visibility, group),
                &agency_a,
                author.id,
                status,
            );
            store.create_case_study(&case, None).await.unwrap();
            cases.push(case);
        }
    }

    let mut checked = 0;
    for (name, viewer) in &viewers {
        for status in [
            PublicationStatus::Draft,
            PublicationStatus::Published,
            PublicationStatus::Withdrawn,
        ] {
            let filter = CaseStudyFilter {
                status: Some(status),
                ..CaseStudyFilter::default()
            };
            let page = store
                .list_case_studies(
                    &ReadScope::of(viewer),
                    &filter,
                    &PageRequest {
                        first: 100,
                        after: None,
                    },
                )
                .await
                .unwrap();
            let mut listed: Vec<String> = page.items.iter().map(|c| c.content.title.to_string()).collect();
            let mut expected: Vec<String> = cases
                .iter()
                .filter(|c| c.audience.status == status && can_read(viewer, &c.audience))
                .map(|c| c.content.title.to_string())
                .collect();
            listed.sort();
            expected.sort();
            assert_eq!(listed, expected, "{name} listing {status:?}");
            assert_eq!(page.total_count, expected.len() as u64, "{name} counting {status:?}");
            checked += 1;
        }
    }
    assert_eq!(checked, viewers.len() * 3);
}

#[tokio::test]
async fn pages_follow_each_other_without_gaps_or_repeats() {
    let store = memory_store().await;
    let owner = agency(&store, "pages").await;
    let author = member(&store, &owner, "writer", vec![Role::Member]).await;
    let mut seen_time = None;
    for index in 0..7 {
        // Two cases share a creation time: the key breaks the tie.
        let mut case = case_study(
            case_input(&format!("Caso {index}"), "public", None),
            &owner,
            author.id,
            PublicationStatus::Published,
        );
        if index == 4 {
            case.created_at = seen_time.unwrap_or(case.created_at);
        }
        seen_time = Some(case.created_at);
        store.create_case_study(&case, None).await.unwrap();
    }
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = store
            .list_case_studies(
                &ReadScope::default(),
                &CaseStudyFilter::default(),
                &PageRequest {
                    first: 3,
                    after: after.clone(),
                },
            )
            .await
            .unwrap();
        assert_eq!(page.total_count, 7);
        seen.extend(page.items.iter().map(|c| (c.created_at, c.id)));
        if !page.has_next_page {
            break;
        }
        after = page
            .items
            .last()
            .map(|c| plaza_storage::position(c.created_at, &c.id.as_string()));
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(seen.len(), 7);
    assert_eq!(unique.len(), 7);
    assert!(seen.windows(2).all(|pair| pair[0] > pair[1]), "newest first: {seen:?}");

    let bad = store
        .list_case_studies(
            &ReadScope::default(),
            &CaseStudyFilter::default(),
            &PageRequest {
                first: 3,
                after: Some("garbage".into()),
            },
        )
        .await;
    assert!(matches!(bad, Err(StorageError::Invalid(_))));
}

#[tokio::test]
async fn open_data_batches_hold_every_public_published_item_once_and_nothing_else() {
    let store = memory_store().await;
    let owner = agency(&store, "open").await;
    let author = member(&store, &owner, "writer", vec![Role::Member]).await;
    let mut public = Vec::new();
    for index in 0..7 {
        let (visibility, status) = match index % 4 {
            0 | 1 => ("public", PublicationStatus::Published),
            2 => ("network", PublicationStatus::Published),
            _ => ("public", PublicationStatus::Draft),
        };
        let case = case_study(
            case_input(&format!("Caso {index}"), visibility, None),
            &owner,
            author.id,
            status,
        );
        if visibility == "public" && status == PublicationStatus::Published {
            public.push(case.id.as_string());
        }
        store.create_case_study(&case, None).await.unwrap();
    }
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let batch = store
            .public_batch(plaza_domain::item::ContentKind::CaseStudy, after.as_deref(), 2)
            .await
            .unwrap();
        if batch.is_empty() {
            break;
        }
        assert!(batch.len() <= 2);
        for item in &batch {
            let plaza_storage::ChangedItem::CaseStudy(case) = item else {
                panic!("a case study batch holds case studies");
            };
            assert!(
                can_read(&Viewer::Anonymous, &case.audience),
                "{}",
                case.content.title.as_str()
            );
            seen.push(case.id.as_string());
        }
        after = batch.last().map(|item| item.item_ref().key());
    }
    public.sort();
    assert_eq!(seen, public, "every public, published case once, in key order");
}

#[tokio::test]
async fn guideline_versions_are_appended_and_a_stale_writer_gets_a_conflict() {
    let store = memory_store().await;
    let owner = agency(&store, "gencat").await;
    let author = member(&store, &owner, "xarxes", vec![Role::Member, Role::Editor]).await;
    let content = GuidelineInput {
        title: "Guia de xarxes".into(),
        summary: String::new(),
        common: CommonInput {
            language: Some("ca".into()),
            licence: None,
            visibility: Some("public".into()),
            group: None,
            tags: vec![],
        },
    }
    .validate()
    .unwrap();
    let now = Utc::now();
    let guideline = Guideline {
        id: GuidelineId::generate(),
        audience: Audience {
            agency: owner.id,
            visibility: Visibility::Public,
            status: PublicationStatus::Published,
            authors: vec![author.id],
        },
        content,
        current_version: 1,
        created_at: now,
        updated_at: now,
        published_at: Some(now),
    };
    store
        .create_guideline(&guideline, &validate_version("v1", "", true).unwrap(), None)
        .await
        .unwrap();

    let second = store
        .add_guideline_version(
            guideline.id,
            1,
            &validate_version("v2", "canvis", false).unwrap(),
            author.id,
            Utc::now(),
        )
        .await
        .unwrap();
    let stale = store
        .add_guideline_version(
            guideline.id,
            1,
            &validate_version("v2 bis", "altres canvis", false).unwrap(),
            author.id,
            Utc::now(),
        )
        .await;

    assert_eq!(second.number, 2);
    assert!(matches!(stale, Err(StorageError::Conflict(_))), "{stale:?}");
    let versions = store.guideline_versions(guideline.id).await.unwrap();
    assert_eq!(versions.iter().map(|v| v.number).collect::<Vec<_>>(), vec![2, 1]);
    assert_eq!(store.guideline(guideline.id).await.unwrap().unwrap().current_version, 2);
    assert_eq!(versions[1].body.as_str(), "v1");
}

#[tokio::test]
async fn data_on_disk_survives_a_reopen_and_migrations_run_once() {
    let dir = tempfile::tempdir().unwrap();
    let config = StoreConfig::embedded(&dir.path().join("db"));
    let id = {
        let store = Store::connect(&config).await.unwrap();
        agency(&store, "persisted").await.id
    };
    // SurrealKV releases its directory lock shortly after the last handle is dropped.
    let mut reopened = None;
    for _ in 0..50 {
        match Store::connect(&config).await {
            Ok(store) => {
                reopened = Some(store);
                break;
            }
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
        }
    }
    let store = reopened.expect("reopened");
    assert_eq!(
        store.agency(id).await.unwrap().map(|a| a.slug.into_string()),
        Some("persisted".to_owned())
    );
}

#[tokio::test]
async fn tokens_are_found_by_hash_and_revocation_sticks() {
    let store = memory_store().await;
    let owner = agency(&store, "tokens").await;
    let holder = member(&store, &owner, "holder", vec![Role::Member]).await;
    let now = Utc::now();
    let token = plaza_storage::StoredToken {
        id: plaza_domain::ids::ApiTokenId::generate(),
        hash: "ab".repeat(32),
        subject: plaza_storage::TokenSubject::Member(holder.id),
        scope: Scope::Write,
        label: "test".into(),
        created_at: now,
        expires_at: None,
        revoked_at: None,
        last_used_at: None,
    };
    store.insert_token(&token).await.unwrap();

    let found = store.token_by_hash(&token.hash, now).await.unwrap().expect("found");
    assert_eq!(found.member.map(|m| m.id), Some(holder.id));
    assert!(found.token.is_active(now));
    // A service token belongs to the agency, not to a member.
    let service = plaza_storage::StoredToken {
        id: plaza_domain::ids::ApiTokenId::generate(),
        hash: "ef".repeat(32),
        subject: plaza_storage::TokenSubject::Agency(owner.id),
        scope: Scope::ReadPublic,
        ..token.clone()
    };
    store.insert_token(&service).await.unwrap();
    let found = store.token_by_hash(&service.hash, now).await.unwrap().expect("found");
    assert!(found.member.is_none());
    assert_eq!(found.token.subject, plaza_storage::TokenSubject::Agency(owner.id));
    assert_eq!(found.token.scope, Scope::ReadPublic);
    let listed = store
        .list_tokens(Some(plaza_storage::TokenSubject::Agency(owner.id)))
        .await
        .unwrap();
    assert_eq!(listed.iter().map(|t| t.id).collect::<Vec<_>>(), vec![service.id]);
    assert!(store.token_by_hash(&"cd".repeat(32), now).await.unwrap().is_none());

    store.revoke_token(token.id, now).await.unwrap();
    let revoked = store
        .token_by_hash(&token.hash, now)
        .await
        .unwrap()
        .expect("still stored");
    assert!(!revoked.token.is_active(now));
    assert!(matches!(
        store.revoke_token(plaza_domain::ids::ApiTokenId::generate(), now).await,
        Err(StorageError::NotFound)
    ));
}

#[path = "storage/cluster.rs"]
mod cluster;

#[path = "storage/snapshot.rs"]
mod snapshot;

#[path = "storage/federation.rs"]
mod federation;

#[path = "storage/search_stats.rs"]
mod search_stats;

#[path = "storage/webhooks.rs"]
mod webhooks;
