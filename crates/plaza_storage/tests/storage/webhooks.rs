//! Webhook deliveries in storage: attempts are recorded with their outcome, a delivery is due
//! again when its retry time comes, a run of failures switches the endpoint off, and a
//! redelivery starts a fresh run.

use super::*;
use plaza_domain::ids::WebhookId;
use plaza_domain::webhook::{Delivery, DeliveryStatus, EventType, Webhook};
use plaza_storage::AttemptOutcome;

fn delivery(webhook: WebhookId, at: chrono::DateTime<Utc>) -> Delivery {
    Delivery::pending(
        webhook,
        EventType::Published,
        "{\"type\":\"item.published\"}".into(),
        at,
    )
}

fn failed(at: chrono::DateTime<Utc>, retry_at: Option<chrono::DateTime<Utc>>) -> AttemptOutcome {
    AttemptOutcome {
        status: Some(500),
        error: Some("status".into()),
        delivered: false,
        retry_at,
        at,
    }
}

#[tokio::test]
async fn attempts_are_recorded_retried_and_a_failing_endpoint_is_switched_off() {
    let store = memory_store().await;
    let owner = agency(&store, "hooks").await;
    let now = Utc::now();
    let webhook = Webhook {
        id: WebhookId::generate(),
        agency: owner.id,
        url: "https://hooks.example.org/x".into(),
        description: String::new(),
        events: vec![EventType::Published],
        filter: String::new(),
        enabled: true,
        disabled_reason: None,
        consecutive_failures: 0,
        created_by: MemberId::generate(),
        created_at: now,
        secret_rotated_at: now,
    };
    store.insert_webhook(&webhook, "sealed-secret").await.unwrap();
    let first = delivery(webhook.id, now);
    let second = delivery(webhook.id, now);
    store.insert_deliveries(&[first.clone(), second.clone()]).await.unwrap();
    assert_eq!(store.due_deliveries(now, 10).await.unwrap().len(), 2);

    // A failure with a retry: pending, not due before its time, due after it.
    let later = now + chrono::Duration::seconds(30);
    let disabled = store
        .record_attempt(&first, &failed(now, Some(later)), 3)
        .await
        .unwrap();
    assert!(!disabled);
    let stored = store.delivery(first.id).await.unwrap().unwrap();
    assert_eq!(
        (stored.status, stored.attempts, stored.last_status),
        (DeliveryStatus::Pending, 1, Some(500))
    );
    assert_eq!(stored.last_error.as_deref(), Some("status"));
    let due: Vec<_> = store
        .due_deliveries(now, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(due, vec![second.id]);
    assert_eq!(store.due_deliveries(later, 10).await.unwrap().len(), 2);

    // A success clears the run of failures.
    let ok = AttemptOutcome {
        status: Some(204),
        error: None,
        delivered: true,
        retry_at: None,
        at: now,
    };
    assert!(!store.record_attempt(&second, &ok, 3).await.unwrap());
    let stored = store.delivery(second.id).await.unwrap().unwrap();
    assert_eq!(stored.status, DeliveryStatus::Delivered);
    assert!(stored.delivered_at.is_some() && stored.next_attempt_at.is_none());
    assert_eq!(
        store.webhook(webhook.id).await.unwrap().unwrap().consecutive_failures,
        0
    );

    // Three failures in a row (the last one given up) switch the endpoint off.
    assert!(
        !store
            .record_attempt(&first, &failed(now, Some(later)), 3)
            .await
            .unwrap()
    );
    assert!(
        !store
            .record_attempt(&first, &failed(now, Some(later)), 3)
            .await
            .unwrap()
    );
    assert!(store.record_attempt(&first, &failed(now, None), 3).await.unwrap());
    let off = store.webhook(webhook.id).await.unwrap().unwrap();
    assert!(!off.enabled);
    assert_eq!(off.disabled_reason.as_deref(), Some("too_many_failures"));
    let given_up = store.delivery(first.id).await.unwrap().unwrap();
    assert_eq!((given_up.status, given_up.attempts), (DeliveryStatus::Failed, 4));
    assert!(store.due_deliveries(later, 10).await.unwrap().is_empty());

    // Switching it on again clears the reason and the count; a redelivery starts afresh.
    let mut on = off.clone();
    on.enabled = true;
    store.update_webhook(&on).await.unwrap();
    let on = store.webhook(webhook.id).await.unwrap().unwrap();
    assert!(on.enabled && on.disabled_reason.is_none() && on.consecutive_failures == 0);
    store.redeliver(first.id, later).await.unwrap();
    let again = store.delivery(first.id).await.unwrap().unwrap();
    assert_eq!((again.status, again.attempts), (DeliveryStatus::Pending, 0));
    assert_eq!(store.deliveries(webhook.id, 10).await.unwrap().len(), 2);

    // Deleting the webhook deletes its log.
    store.delete_webhook(webhook.id).await.unwrap();
    assert!(store.webhook(webhook.id).await.unwrap().is_none());
    assert!(store.delivery(first.id).await.unwrap().is_none());
}
