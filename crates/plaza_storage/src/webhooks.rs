//! Webhook subscriptions, their deliveries, and the dispatcher's memory of what it has seen.
//! Secrets arrive and leave sealed: this crate never sees a plaintext secret.

use chrono::{DateTime, Utc};
use plaza_domain::ids::{AgencyId, MemberId, WebhookDeliveryId, WebhookId};
use plaza_domain::item::{ContentKind, ItemRef};
use plaza_domain::webhook::{Delivery, DeliveryStatus, EventType, Webhook};
use serde_json::json;

use crate::connect::{Store, record_key};
use crate::doc::{corrupt, parse_timestamp, timestamp};
use crate::error::StorageError;

/// The secrets an endpoint's messages are signed with, sealed: the current one, and the one
/// it replaced while it is still honoured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedSecrets {
    /// The current secret.
    pub current: String,
    /// The previous secret, until when it still signs.
    pub previous: Option<(String, DateTime<Utc>)>,
}

/// What the dispatcher last saw of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeenItem {
    /// Whether it was published.
    pub published: bool,
    /// Its version (guidelines; 0 otherwise).
    pub version: u32,
    /// Its replies (discussions; 0 otherwise).
    pub replies: u64,
    /// The change it was seen at.
    pub changed_at: DateTime<Utc>,
}

/// One attempt's outcome, to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptOutcome {
    /// The HTTP status, if the endpoint answered.
    pub status: Option<u16>,
    /// What went wrong, if anything.
    pub error: Option<String>,
    /// Whether the endpoint accepted the event (2xx).
    pub delivered: bool,
    /// When to try again, if the delivery is not given up.
    pub retry_at: Option<DateTime<Utc>>,
    /// When the attempt was made.
    pub at: DateTime<Utc>,
}

#[derive(Debug, serde::Deserialize)]
struct WebhookRow {
    id: String,
    agency: String,
    url: String,
    description: String,
    events: Vec<String>,
    filter: String,
    enabled: bool,
    disabled_reason: Option<String>,
    consecutive_failures: i64,
    created_by: String,
    created_at: String,
    secret_rotated_at: String,
}

impl WebhookRow {
    fn into_webhook(self) -> Result<Webhook, StorageError> {
        let record = self.id.clone();
        Ok(Webhook {
            id: WebhookId::parse(record_key(&self.id)).map_err(corrupt(&record))?,
            agency: AgencyId::parse(&self.agency).map_err(corrupt(&record))?,
            url: self.url,
            description: self.description,
            // An event code no longer known is skipped rather than making the row unreadable.
            events: self.events.iter().filter_map(|e| EventType::parse(e).ok()).collect(),
            filter: self.filter,
            enabled: self.enabled,
            disabled_reason: self.disabled_reason,
            consecutive_failures: u32::try_from(self.consecutive_failures).unwrap_or(0),
            created_by: MemberId::parse(&self.created_by).map_err(corrupt(&record))?,
            created_at: parse_timestamp(&self.created_at, &record)?,
            secret_rotated_at: parse_timestamp(&self.secret_rotated_at, &record)?,
        })
    }
}

#[derive(Debug, serde::Deserialize)]
struct DeliveryRow {
    id: String,
    webhook: String,
    event: String,
    payload: String,
    status: String,
    attempts: i64,
    next_attempt_at: Option<String>,
    last_status: Option<i64>,
    last_error: Option<String>,
    created_at: String,
    delivered_at: Option<String>,
}

impl DeliveryRow {
    fn into_delivery(self) -> Result<Delivery, StorageError> {
        let record = self.id.clone();
        let optional = |raw: &Option<String>| raw.as_deref().map(|at| parse_timestamp(at, &record)).transpose();
        Ok(Delivery {
            id: WebhookDeliveryId::parse(record_key(&self.id)).map_err(corrupt(&record))?,
            webhook: WebhookId::parse(&self.webhook).map_err(corrupt(&record))?,
            status: DeliveryStatus::parse(&self.status).ok_or_else(|| StorageError::Corrupt {
                record: record.clone(),
                reason: "unknown delivery status".into(),
            })?,
            attempts: u32::try_from(self.attempts).unwrap_or(0),
            next_attempt_at: optional(&self.next_attempt_at)?,
            last_status: self.last_status.and_then(|s| u16::try_from(s).ok()),
            delivered_at: optional(&self.delivered_at)?,
            created_at: parse_timestamp(&self.created_at, &record)?,
            event: self.event,
            payload: self.payload,
            last_error: self.last_error,
        })
    }
}

const WEBHOOK_FIELDS: &str = "id, agency, url, description, events, filter, enabled, disabled_reason, \
    consecutive_failures, created_by, created_at, secret_rotated_at";

impl Store {
    /// Stores a new subscription with its sealed secret.
    pub async fn insert_webhook(&self, webhook: &Webhook, sealed_secret: &str) -> Result<(), StorageError> {
        self.execute(
            "CREATE type::record('webhook', $key) CONTENT {
                agency: $agency, url: $url, description: $description, events: $events, filter: $filter,
                enabled: $enabled, consecutive_failures: 0, created_by: $created_by,
                created_at: <datetime>$created_at, secret_sealed: $sealed,
                secret_rotated_at: <datetime>$created_at
             } RETURN NONE",
            json!({
                "key": webhook.id.as_string(),
                "agency": webhook.agency.as_string(),
                "url": webhook.url,
                "description": webhook.description,
                "events": webhook.events.iter().map(|e| e.code()).collect::<Vec<_>>(),
                "filter": webhook.filter,
                "enabled": webhook.enabled,
                "created_by": webhook.created_by.as_string(),
                "created_at": timestamp(webhook.created_at),
                "sealed": sealed_secret,
            }),
        )
        .await?;
        Ok(())
    }

    /// Changes what a subscription receives and where; switching it on clears the failures.
    pub async fn update_webhook(&self, webhook: &Webhook) -> Result<(), StorageError> {
        let rows: Vec<serde_json::Value> = self
            .query_rows(
                "UPDATE type::record('webhook', $key) SET url = $url, description = $description,
                    events = $events, filter = $filter, enabled = $enabled,
                    disabled_reason = IF $enabled THEN NONE ELSE disabled_reason END,
                    consecutive_failures = IF $enabled THEN 0 ELSE consecutive_failures END
                 WHERE id != NONE RETURN id",
                json!({
                    "key": webhook.id.as_string(),
                    "url": webhook.url,
                    "description": webhook.description,
                    "events": webhook.events.iter().map(|e| e.code()).collect::<Vec<_>>(),
                    "filter": webhook.filter,
                    "enabled": webhook.enabled,
                }),
                0,
            )
            .await?;
        if rows.is_empty() {
            return Err(StorageError::NotFound);
        }
        Ok(())
    }

    /// Deletes a subscription and its delivery log.
    pub async fn delete_webhook(&self, id: WebhookId) -> Result<(), StorageError> {
        self.execute(
            "BEGIN TRANSACTION; DELETE webhook_delivery WHERE webhook = $id; DELETE type::record('webhook', $id); COMMIT TRANSACTION;",
            json!({ "id": id.as_string() }),
        )
        .await?;
        Ok(())
    }

    /// A subscription.
    pub async fn webhook(&self, id: WebhookId) -> Result<Option<Webhook>, StorageError> {
        let rows: Vec<WebhookRow> = self
            .query_rows(
                &format!("SELECT {WEBHOOK_FIELDS} FROM type::record('webhook', $id)"),
                json!({ "id": id.as_string() }),
                0,
            )
            .await?;
        rows.into_iter().next().map(WebhookRow::into_webhook).transpose()
    }

    /// An agency's subscriptions, oldest first; every agency's when `agency` is `None`.
    pub async fn webhooks(&self, agency: Option<AgencyId>) -> Result<Vec<Webhook>, StorageError> {
        let rows: Vec<WebhookRow> = match agency {
            Some(agency) => {
                self.query_rows(
                    &format!("SELECT {WEBHOOK_FIELDS} FROM webhook WHERE agency = $agency ORDER BY id"),
                    json!({ "agency": agency.as_string() }),
                    0,
                )
                .await?
            }
            None => {
                self.query_rows(
                    &format!("SELECT {WEBHOOK_FIELDS} FROM webhook ORDER BY id"),
                    json!({}),
                    0,
                )
                .await?
            }
        };
        rows.into_iter().map(WebhookRow::into_webhook).collect()
    }

    /// A subscription's sealed secrets.
    pub async fn webhook_secrets(&self, id: WebhookId) -> Result<Option<SealedSecrets>, StorageError> {
        #[derive(serde::Deserialize)]
        struct Row {
            secret_sealed: String,
            previous_secret_sealed: Option<String>,
            previous_secret_until: Option<String>,
        }
        let rows: Vec<Row> = self
            .query_rows(
                "SELECT secret_sealed, previous_secret_sealed, previous_secret_until FROM type::record('webhook', $id)",
                json!({ "id": id.as_string() }),
                0,
            )
            .await?;
        let record = format!("webhook:{id}");
        rows.into_iter()
            .next()
            .map(|row| {
                let previous = match (row.previous_secret_sealed, row.previous_secret_until) {
                    (Some(sealed), Some(until)) => Some((sealed, parse_timestamp(&until, &record)?)),
                    _ => None,
                };
                Ok(SealedSecrets {
                    current: row.secret_sealed,
                    previous,
                })
            })
            .transpose()
    }

    /// Replaces a subscription's secret; the old one keeps signing until `previous_until`.
    pub async fn rotate_webhook_secret(
        &self,
        id: WebhookId,
        sealed_secret: &str,
        previous_until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        let rows: Vec<serde_json::Value> = self
            .query_rows(
                "UPDATE type::record('webhook', $id) SET previous_secret_sealed = secret_sealed,
                    previous_secret_until = <datetime>$until, secret_sealed = $sealed,
                    secret_rotated_at = <datetime>$now
                 WHERE id != NONE RETURN id",
                json!({ "id": id.as_string(), "sealed": sealed_secret, "until": timestamp(previous_until), "now": timestamp(now) }),
                0,
            )
            .await?;
        if rows.is_empty() {
            return Err(StorageError::NotFound);
        }
        Ok(())
    }

    /// Queues deliveries (one event for one subscription each).
    pub async fn insert_deliveries(&self, deliveries: &[Delivery]) -> Result<(), StorageError> {
        for delivery in deliveries {
            self.execute(
                "CREATE type::record('webhook_delivery', $key) CONTENT {
                    webhook: $webhook, event: $event, payload: $payload, status: $status, attempts: 0,
                    next_attempt_at: <datetime>$next, created_at: <datetime>$created_at
                 } RETURN NONE",
                json!({
                    "key": delivery.id.as_string(),
                    "webhook": delivery.webhook.as_string(),
                    "event": delivery.event,
                    "payload": delivery.payload,
                    "status": delivery.status.code(),
                    "next": timestamp(delivery.next_attempt_at.unwrap_or(delivery.created_at)),
                    "created_at": timestamp(delivery.created_at),
                }),
            )
            .await?;
        }
        Ok(())
    }

    /// How many deliveries wait to be sent (due or retrying later): the webhook queue.
    pub async fn pending_delivery_count(&self) -> Result<u64, StorageError> {
        let rows: Vec<serde_json::Value> = self
            .query_rows(
                "SELECT count() AS n FROM webhook_delivery WHERE status = 'pending' GROUP ALL",
                json!({}),
                0,
            )
            .await?;
        Ok(rows
            .first()
            .and_then(|row| row.get("n"))
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0))
    }

    /// Pending deliveries due at `now`, oldest first.
    pub async fn due_deliveries(&self, now: DateTime<Utc>, limit: usize) -> Result<Vec<Delivery>, StorageError> {
        let rows: Vec<DeliveryRow> = self
            .query_rows(
                "SELECT * FROM webhook_delivery WHERE status = 'pending' AND next_attempt_at <= <datetime>$now
                 ORDER BY next_attempt_at LIMIT $limit",
                json!({ "now": timestamp(now), "limit": limit }),
                0,
            )
            .await?;
        rows.into_iter().map(DeliveryRow::into_delivery).collect()
    }

    /// A subscription's deliveries, newest first.
    pub async fn deliveries(&self, webhook: WebhookId, limit: usize) -> Result<Vec<Delivery>, StorageError> {
        let rows: Vec<DeliveryRow> = self
            .query_rows(
                "SELECT * FROM webhook_delivery WHERE webhook = $webhook ORDER BY id DESC LIMIT $limit",
                json!({ "webhook": webhook.as_string(), "limit": limit }),
                0,
            )
            .await?;
        rows.into_iter().map(DeliveryRow::into_delivery).collect()
    }

    /// A delivery.
    pub async fn delivery(&self, id: WebhookDeliveryId) -> Result<Option<Delivery>, StorageError> {
        let rows: Vec<DeliveryRow> = self
            .query_rows(
                "SELECT * FROM type::record('webhook_delivery', $id)",
                json!({ "id": id.as_string() }),
                0,
            )
            .await?;
        rows.into_iter().next().map(DeliveryRow::into_delivery).transpose()
    }

    /// Records an attempt on the delivery and on its subscription's run of failures, switching
    /// the subscription off after `disable_after` failures in a row. Returns whether it did.
    pub async fn record_attempt(
        &self,
        delivery: &Delivery,
        outcome: &AttemptOutcome,
        disable_after: u32,
    ) -> Result<bool, StorageError> {
        let status = match (outcome.delivered, outcome.retry_at) {
            (true, _) => DeliveryStatus::Delivered,
            (false, Some(_)) => DeliveryStatus::Pending,
            (false, None) => DeliveryStatus::Failed,
        };
        self.execute(
            "BEGIN TRANSACTION;
             UPDATE type::record('webhook_delivery', $delivery) SET status = $status, attempts += 1,
                next_attempt_at = IF $retry_at THEN <datetime>$retry_at ELSE NONE END,
                last_status = $last_status ?? NONE, last_error = $last_error ?? NONE,
                delivered_at = IF $delivered THEN <datetime>$at ELSE NONE END RETURN NONE;
             UPDATE type::record('webhook', $webhook) SET
                consecutive_failures = IF $delivered THEN 0 ELSE consecutive_failures + 1 END RETURN NONE;
             COMMIT TRANSACTION;",
            json!({
                "delivery": delivery.id.as_string(),
                "webhook": delivery.webhook.as_string(),
                "status": status.code(),
                "retry_at": outcome.retry_at.map(timestamp),
                "last_status": outcome.status,
                "last_error": outcome.error,
                "delivered": outcome.delivered,
                "at": timestamp(outcome.at),
            }),
        )
        .await?;
        let disabled: Vec<serde_json::Value> = self
            .query_rows(
                "UPDATE type::record('webhook', $webhook) SET enabled = false, disabled_reason = $reason
                 WHERE enabled AND consecutive_failures >= $disable_after RETURN id",
                json!({
                    "webhook": delivery.webhook.as_string(),
                    "disable_after": disable_after,
                    "reason": "too_many_failures",
                }),
                0,
            )
            .await?;
        Ok(!disabled.is_empty())
    }

    /// Sends a delivery again now, with a fresh run of attempts.
    pub async fn redeliver(&self, id: WebhookDeliveryId, now: DateTime<Utc>) -> Result<(), StorageError> {
        let rows: Vec<serde_json::Value> = self
            .query_rows(
                "UPDATE type::record('webhook_delivery', $id) SET status = 'pending', attempts = 0,
                    next_attempt_at = <datetime>$now WHERE id != NONE RETURN id",
                json!({ "id": id.as_string(), "now": timestamp(now) }),
                0,
            )
            .await?;
        if rows.is_empty() {
            return Err(StorageError::NotFound);
        }
        Ok(())
    }

    /// Gives up the pending deliveries of a subscription that was switched off.
    pub async fn fail_pending_deliveries(&self, webhook: WebhookId, reason: &str) -> Result<(), StorageError> {
        self.execute(
            "UPDATE webhook_delivery SET status = 'failed', next_attempt_at = NONE, last_error = $reason
             WHERE webhook = $webhook AND status = 'pending' RETURN NONE",
            json!({ "webhook": webhook.as_string(), "reason": reason }),
        )
        .await?;
        Ok(())
    }

    /// What the dispatcher last saw of each item, aligned with `items`.
    pub async fn seen_items(&self, items: &[ItemRef]) -> Result<Vec<Option<SeenItem>>, StorageError> {
        #[derive(serde::Deserialize)]
        struct Row {
            id: String,
            status: String,
            version: i64,
            replies: i64,
            changed_at: String,
        }
        let keys: Vec<String> = items.iter().map(seen_key).collect();
        let ids = keys
            .iter()
            .map(|key| surrealdb::types::RecordId::new("webhook_seen", key.as_str()))
            .collect();
        let rows: Vec<Row> = self.select_ids("id, status, version, replies, changed_at", ids).await?;
        let mut found = std::collections::HashMap::new();
        for row in rows {
            let seen = SeenItem {
                published: row.status == "published",
                version: u32::try_from(row.version).unwrap_or(0),
                replies: u64::try_from(row.replies).unwrap_or(0),
                changed_at: parse_timestamp(&row.changed_at, &row.id)?,
            };
            found.insert(record_key(&row.id).to_owned(), seen);
        }
        Ok(keys.iter().map(|key| found.get(key).copied()).collect())
    }

    /// Remembers what the dispatcher saw of an item.
    pub async fn set_seen(&self, item: ItemRef, seen: SeenItem) -> Result<(), StorageError> {
        self.execute(
            "UPSERT type::record('webhook_seen', $key) CONTENT {
                status: $status, version: $version, replies: $replies, changed_at: <datetime>$changed_at
             } RETURN NONE",
            json!({
                "key": seen_key(&item),
                "status": if seen.published { "published" } else { "other" },
                "version": seen.version,
                "replies": seen.replies,
                "changed_at": timestamp(seen.changed_at),
            }),
        )
        .await?;
        Ok(())
    }

    /// How far the dispatcher has read a table's changes.
    pub async fn webhook_cursor(&self, kind: ContentKind) -> Result<Option<DateTime<Utc>>, StorageError> {
        let rows: Vec<String> = self
            .query_rows(
                "SELECT VALUE at FROM type::record('webhook_cursor', $kind)",
                json!({ "kind": kind.code() }),
                0,
            )
            .await?;
        rows.first().map(|at| parse_timestamp(at, "webhook_cursor")).transpose()
    }

    /// Moves a table's cursor.
    pub async fn set_webhook_cursor(&self, kind: ContentKind, at: DateTime<Utc>) -> Result<(), StorageError> {
        self.execute(
            "UPSERT type::record('webhook_cursor', $kind) CONTENT { at: <datetime>$at } RETURN NONE",
            json!({ "kind": kind.code(), "at": timestamp(at) }),
        )
        .await?;
        Ok(())
    }
}

fn seen_key(item: &ItemRef) -> String {
    format!("{}_{}", item.table(), item.key())
}
