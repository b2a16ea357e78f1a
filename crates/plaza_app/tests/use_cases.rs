//! The application's use cases in process, against the embedded database (in memory): who is
//! told what, and that nobody is told about what they may not read.
// Test helpers fail tests by panicking.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use chrono::{Days, NaiveDate, Utc};
use plaza_app::notify::{About, item_published, send, taxa};
use plaza_app::{PublishedBus, digest_lines};
use plaza_domain::agency::{Agency, AgencyInput};
use plaza_domain::case_study::{CaseStudy, CaseStudyInput};
use plaza_domain::content::{Audience, CommonInput, PublicationStatus};
use plaza_domain::ids::{CaseStudyId, MemberId};
use plaza_domain::item::{FollowTarget, ItemRef, SignalKind, Taxon};
use plaza_domain::member::{Member, Role};
use plaza_domain::notification::NotificationKind;
use plaza_domain::taxonomy::Platform;
use plaza_domain::text::{Email, Name};
use plaza_storage::{Store, StoreConfig};

async fn store() -> Store {
    Store::connect(&StoreConfig::for_tests())
        .await
        .expect("in-memory store")
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

/// A member of `agency` (an editor there when `editor`).
async fn member_with(store: &Store, agency: &Agency, name: &str, editor: bool) -> Member {
    let mut roles = vec![Role::Member];
    if editor {
        roles.push(Role::Editor);
    }
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

async fn member(store: &Store, agency: &Agency, name: &str) -> Member {
    member_with(store, agency, name, true).await
}

/// A published case study of `agency` by `author`, visible to `visibility`.
async fn case(store: &Store, agency: &Agency, author: MemberId, title: &str, visibility: &str) -> CaseStudy {
    let content = CaseStudyInput {
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
        metrics: vec![],
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
            authors: vec![author],
        },
        content,
        created_at: now,
        updated_at: now,
        published_at: Some(now),
        html: Default::default(),
    };
    store.create_case_study(&case, None).await.unwrap();
    case
}

async fn follow(store: &Store, who: MemberId, target: FollowTarget) {
    store.give_signal(SignalKind::Follow, who, &target).await.unwrap();
}

async fn kinds_of(store: &Store, who: MemberId) -> Vec<NotificationKind> {
    store
        .notifications(who, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.kind)
        .collect()
}

#[tokio::test]
async fn followers_hear_of_a_publication_only_when_they_may_read_it() {
    let store = store().await;
    let vallverde = agency(&store, "vallverde").await;
    let riomar = agency(&store, "riomar").await;
    let author = member(&store, &vallverde, "lucia").await;
    let colleague = member(&store, &vallverde, "pablo").await;
    let outsider = member(&store, &riomar, "xarxes").await;
    // Both follow the agency; the outsider also follows WhatsApp.
    follow(&store, colleague.id, FollowTarget::Agency(vallverde.id)).await;
    follow(&store, outsider.id, FollowTarget::Agency(vallverde.id)).await;
    follow(
        &store,
        outsider.id,
        FollowTarget::Taxonomy(Taxon::Platform(Platform::Whatsapp)),
    )
    .await;
    follow(&store, author.id, FollowTarget::Agency(vallverde.id)).await;

    let internal = case(&store, &vallverde, author.id, "Solo para Vallverde", "agency").await;
    let live = PublishedBus::default();
    let mut heard = live.subscribe();
    let c = &internal.content;
    let told = item_published(
        &store,
        (None, Some(&live)),
        author.id,
        ItemRef::CaseStudy(internal.id),
        &internal.audience,
        &taxa(&c.objectives, &c.platforms, &c.dimensions, &c.threats),
    )
    .await
    .unwrap();
    assert_eq!(told, 1, "only the colleague may read an agency-only case");
    assert_eq!(kinds_of(&store, colleague.id).await, vec![NotificationKind::NewContent]);
    assert!(kinds_of(&store, outsider.id).await.is_empty(), "outside the audience");
    assert!(kinds_of(&store, author.id).await.is_empty(), "the actor is never told");
    assert_eq!(heard.try_recv().unwrap(), ItemRef::CaseStudy(internal.id));

    let open = case(&store, &vallverde, author.id, "Para toda la red", "network").await;
    let c = &open.content;
    let told = item_published(
        &store,
        (None, None),
        author.id,
        ItemRef::CaseStudy(open.id),
        &open.audience,
        &taxa(&c.objectives, &c.platforms, &c.dimensions, &c.threats),
    )
    .await
    .unwrap();
    assert_eq!(told, 2, "both followers may read a network case");
    // Following the agency and the platform still makes one notification.
    assert_eq!(kinds_of(&store, outsider.id).await, vec![NotificationKind::NewContent]);
}

#[tokio::test]
async fn a_recipient_outside_the_audience_gets_nothing() {
    let store = store().await;
    let vallverde = agency(&store, "vallverde").await;
    let riomar = agency(&store, "riomar").await;
    let author = member(&store, &vallverde, "lucia").await;
    let outsider = member(&store, &riomar, "xarxes").await;
    let internal = case(&store, &vallverde, author.id, "Interno", "agency").await;
    let about = About::Item {
        item: ItemRef::CaseStudy(internal.id),
        audience: &internal.audience,
        versions: None,
    };
    let sent = send(&store, None, outsider.id, NotificationKind::Mention, author.id, about)
        .await
        .unwrap();
    assert!(!sent);
    assert!(store.notifications(outsider.id, 10).await.unwrap().is_empty());
    // Nobody is told of their own post in a thread.
    let own = About::Thread {
        discussion: plaza_domain::ids::DiscussionId::generate(),
        audience: &internal.audience,
        reply: None,
    };
    assert!(
        !send(&store, None, author.id, NotificationKind::Reply, author.id, own)
            .await
            .unwrap()
    );
    assert!(store.notifications(author.id, 10).await.unwrap().is_empty());
    // A member who does not exist is not told either (and nothing fails).
    let sent = send(
        &store,
        None,
        MemberId::generate(),
        NotificationKind::Mention,
        author.id,
        about,
    )
    .await
    .unwrap();
    assert!(!sent);
}

#[tokio::test]
async fn a_digest_leaves_out_what_the_member_may_no_longer_read() {
    let store = store().await;
    let vallverde = agency(&store, "vallverde").await;
    let riomar = agency(&store, "riomar").await;
    let author = member(&store, &vallverde, "lucia").await;
    // Not an editor, and of another agency: a withdrawn item is no longer theirs to read.
    let reader = member_with(&store, &riomar, "pablo", false).await;
    let kept = case(&store, &vallverde, author.id, "Sigue publicado", "network").await;
    let withdrawn = case(&store, &vallverde, author.id, "Retirado después", "network").await;
    let since = Utc::now() - chrono::Duration::hours(1);
    for item in [&kept, &withdrawn] {
        let about = About::Item {
            item: ItemRef::CaseStudy(item.id),
            audience: &item.audience,
            versions: None,
        };
        assert!(
            send(&store, None, reader.id, NotificationKind::NewContent, author.id, about)
                .await
                .unwrap()
        );
    }
    store
        .set_case_study_status(withdrawn.id, PublicationStatus::Withdrawn, Utc::now())
        .await
        .unwrap();

    let lines = digest_lines(&store, reader.id, since).await.unwrap();
    let titles: Vec<&str> = lines.iter().map(|line| line.title.as_str()).collect();
    assert_eq!(titles, vec!["Sigue publicado"]);
    assert_eq!(lines[0].kind, "new_content");

    store
        .mark_notifications_read(reader.id, None, Utc::now())
        .await
        .unwrap();
    assert!(
        digest_lines(&store, reader.id, since).await.unwrap().is_empty(),
        "read ones are left out"
    );
}

#[tokio::test]
async fn review_reminders_reach_the_authors_once_per_review_date() {
    let store = store().await;
    let vallverde = agency(&store, "vallverde").await;
    let author = member(&store, &vallverde, "lucia").await;
    let other = member(&store, &vallverde, "pablo").await;
    let due = case(&store, &vallverde, author.id, "Hay que revisarlo", "network").await;
    let later = case(&store, &vallverde, author.id, "Aún no toca", "network").await;
    let today = NaiveDate::from_ymd_opt(2030, 3, 1).unwrap();
    store
        .set_review_date(
            ItemRef::CaseStudy(due.id),
            today.checked_add_days(Days::new(3)).unwrap(),
        )
        .await
        .unwrap();
    store
        .set_review_date(
            ItemRef::CaseStudy(later.id),
            today.checked_add_days(Days::new(200)).unwrap(),
        )
        .await
        .unwrap();

    let sent = plaza_app::reviews::send_reminders(&store, today).await.unwrap();
    assert_eq!(sent, 1);
    let notifications = store.notifications(author.id, 10).await.unwrap();
    assert_eq!(notifications.len(), 1);
    assert_eq!(notifications[0].kind, NotificationKind::ReviewDue);
    assert_eq!(notifications[0].item, Some(ItemRef::CaseStudy(due.id)));
    assert!(
        store.notifications(other.id, 10).await.unwrap().is_empty(),
        "only authors"
    );

    let again = plaza_app::reviews::send_reminders(&store, today).await.unwrap();
    assert_eq!(again, 0, "one reminder per review date");
}

#[tokio::test]
async fn the_directory_ranks_by_the_words_matched_then_by_activity_and_respects_visibility() {
    use plaza_domain::policy::Viewer;
    use plaza_domain::profile::{ProfileInput, ProfileVisibility};
    let store = store().await;
    let vallverde = agency(&store, "vallverde").await;
    let riomar = agency(&store, "riomar").await;
    let quiet = member(&store, &vallverde, "quiet").await;
    let busy = member(&store, &riomar, "busy").await;
    let other = member(&store, &riomar, "other").await;
    let expertise = |visibility: &str| {
        ProfileInput {
            title: Some("Atención ciudadana".into()),
            platforms: vec!["whatsapp".into()],
            visibility: Some(visibility.into()),
            ..Default::default()
        }
        .validate()
        .unwrap()
    };
    store.set_profile(quiet.id, &expertise("public")).await.unwrap();
    store.set_profile(busy.id, &expertise("network")).await.unwrap();
    // Busy co-authored two published cases open to the network; an agency-only one and other's
    // whatsapp-less profile do not count.
    case(&store, &riomar, busy.id, "Uno", "network").await;
    case(&store, &riomar, busy.id, "Dos", "public").await;
    case(&store, &vallverde, quiet.id, "Interno", "agency").await;

    let viewer = Viewer::reading_as(other.clone(), Vec::new());
    let found = plaza_app::directory::find(&store, &viewer, "whatsapp atención", Default::default())
        .await
        .unwrap();
    let order: Vec<_> = found
        .iter()
        .map(|f| (f.member.name.as_str().to_owned(), f.matched, f.activity))
        .collect();
    assert_eq!(
        order,
        vec![("busy".to_owned(), 2, 2), ("quiet".to_owned(), 2, 0)],
        "both match both words; the more active first"
    );
    assert_eq!(found[1].member.profile.visibility, ProfileVisibility::Public);

    // Anonymous readers see the public profile only, and only public activity counts for them.
    let anonymous = plaza_app::directory::find(&store, &Viewer::Anonymous, "", Default::default())
        .await
        .unwrap();
    let names: Vec<_> = anonymous.iter().map(|f| f.member.name.as_str()).collect();
    assert_eq!(names, ["quiet"]);
    let everyone = plaza_app::directory::find(&store, &viewer, "", Default::default())
        .await
        .unwrap();
    assert_eq!(everyone.len(), 3, "no question lists everyone visible");
    assert_eq!(everyone[0].member.name.as_str(), "busy", "then by activity");

    // Filters are applied by the database.
    let narrowed = |filter: plaza_storage::DirectoryFilter| {
        let (store, viewer) = (&store, &viewer);
        async move {
            let found = plaza_app::directory::find(store, viewer, "", filter).await.unwrap();
            found
                .iter()
                .map(|f| f.member.name.as_str().to_owned())
                .collect::<Vec<_>>()
        }
    };
    let whatsapp = plaza_storage::DirectoryFilter {
        platform: Some(Platform::Whatsapp),
        agencies: Some(vec![vallverde.id]),
        ..Default::default()
    };
    assert_eq!(narrowed(whatsapp).await, ["quiet"]);
    let basque = plaza_storage::DirectoryFilter {
        language: Some("eu".into()),
        ..Default::default()
    };
    assert!(narrowed(basque).await.is_empty());
    let group = plaza_storage::DirectoryFilter {
        group: Some(plaza_domain::ids::GroupId::generate()),
        ..Default::default()
    };
    assert!(narrowed(group).await.is_empty());
}
