//! What replicas tell each other through the database, and what only one of them does: messages
//! are stored, followed live and replayed from a point in time, then pruned; a lease has one
//! holder until it runs out; replicas connecting together to a new database migrate it once.

use super::*;
use futures::StreamExt as _;
use std::time::Duration;

#[tokio::test]
async fn messages_are_followed_live_replayed_and_pruned() {
    let store = memory_store().await;
    let mut live = store.listen_broadcasts().await.unwrap();
    let before = Utc::now() - chrono::Duration::seconds(1);
    store.broadcast("replica-a", "content-changed").await.unwrap();
    store.broadcast("replica-b", "beat").await.unwrap();
    let first = tokio::time::timeout(Duration::from_secs(5), live.next())
        .await
        .expect("a live message within 5 s")
        .expect("open")
        .unwrap();
    assert_eq!(
        (first.origin.as_str(), first.body.as_str()),
        ("replica-a", "content-changed")
    );
    let second = tokio::time::timeout(Duration::from_secs(5), live.next())
        .await
        .expect("a live message within 5 s")
        .expect("open")
        .unwrap();
    assert_eq!(second.body, "beat");
    assert_ne!(first.id, second.id);

    // A replica that lost its live query reads what was stored since.
    let replayed = store.broadcasts_since(before, 100).await.unwrap();
    assert_eq!(replayed, vec![first.clone(), second.clone()]);
    assert!(
        store
            .broadcasts_since(Utc::now() + chrono::Duration::seconds(5), 100)
            .await
            .unwrap()
            .is_empty()
    );

    // Oversized messages are refused, not stored.
    let error = store.broadcast("replica-a", &"x".repeat(513)).await.unwrap_err();
    assert!(matches!(error, StorageError::Invalid(_)), "{error}");

    store
        .prune_broadcasts(Utc::now() + chrono::Duration::seconds(5))
        .await
        .unwrap();
    assert!(store.broadcasts_since(before, 100).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_lease_has_one_holder_until_it_runs_out() {
    let store = memory_store().await;
    let now = Utc::now().timestamp_millis();
    assert!(store.hold_lease("webhooks", "a", now, now + 10_000).await.unwrap());
    // Another replica is refused while it runs; the holder renews it.
    assert!(
        !store
            .hold_lease("webhooks", "b", now + 1_000, now + 11_000)
            .await
            .unwrap()
    );
    assert!(
        store
            .hold_lease("webhooks", "a", now + 2_000, now + 12_000)
            .await
            .unwrap()
    );
    // Another lease is independent.
    assert!(store.hold_lease("reminders", "b", now, now + 10_000).await.unwrap());
    // Once it runs out (its holder died), the next to ask takes it, and the old holder is
    // refused from then on.
    assert!(
        store
            .hold_lease("webhooks", "b", now + 13_000, now + 23_000)
            .await
            .unwrap()
    );
    assert!(
        !store
            .hold_lease("webhooks", "a", now + 14_000, now + 24_000)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn replicas_connecting_together_to_a_new_database_migrate_it_once() {
    // With PLAZA_TEST_DB_URL (the remote tier) both connect to one new database on the server.
    let config = StoreConfig::for_tests();
    let (first, second, third) = tokio::join!(
        Store::connect(&config),
        Store::connect(&config),
        Store::connect(&config)
    );
    let (first, _second, _third) = (first.unwrap(), second.unwrap(), third.unwrap());
    // The schema is whole: a write that needs the last migration's table works.
    first.broadcast("replica-a", "beat").await.unwrap();
}
