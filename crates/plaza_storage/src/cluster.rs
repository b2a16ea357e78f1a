//! What replicas of Plaza tell each other through the database: short messages in the
//! `cluster_event` table (migration 0018), followed by every replica with a LIVE query, and
//! replayed from the table to a replica whose live query was lost (the database restarted, the
//! connection dropped). The messages themselves are the application's; storage carries text.

use chrono::{DateTime, Utc};
use futures::StreamExt;
use serde_json::Value as Json;

use crate::connect::Store;
use crate::doc::parse_timestamp;
use crate::error::StorageError;

/// Longest message body, as the schema enforces.
pub const BROADCAST_BODY_MAX: usize = 512;

/// One message from one replica.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broadcast {
    /// The record's key: what a replayed message is recognised by.
    pub id: String,
    /// The replica that sent it.
    pub origin: String,
    /// The message.
    pub body: String,
    /// When the database stored it.
    pub at: DateTime<Utc>,
}

/// Messages as the database stores them, oldest first. Ends when the live query ends.
pub type BroadcastStream = std::pin::Pin<Box<dyn futures::Stream<Item = Result<Broadcast, StorageError>> + Send>>;

fn broadcast_from_row(row: &Json) -> Result<Broadcast, StorageError> {
    let id = row.get("id").and_then(Json::as_str).unwrap_or("?");
    let text = |field: &str| {
        row.get(field)
            .and_then(Json::as_str)
            .map(str::to_owned)
            .ok_or_else(|| StorageError::Corrupt {
                record: id.to_owned(),
                reason: format!("missing {field}"),
            })
    };
    Ok(Broadcast {
        id: crate::connect::record_key(id).to_owned(),
        origin: text("origin")?,
        body: text("body")?,
        at: parse_timestamp(&text("at")?, id)?,
    })
}

impl Store {
    /// Stores a message for every replica.
    pub async fn broadcast(&self, origin: &str, body: &str) -> Result<(), StorageError> {
        if body.len() > BROADCAST_BODY_MAX {
            return Err(StorageError::Invalid(plaza_domain::ValidationError::new(
                "body",
                "a cluster message is at most 512 bytes",
            )));
        }
        self.execute(
            "CREATE cluster_event SET origin = $origin, body = $body RETURN NONE",
            serde_json::json!({ "origin": origin, "body": body }),
        )
        .await
        .map(|_| ())
    }

    /// Messages stored at or after `since`, oldest first, at most `limit`.
    pub async fn broadcasts_since(&self, since: DateTime<Utc>, limit: usize) -> Result<Vec<Broadcast>, StorageError> {
        let mut vars = surrealdb::types::Object::new();
        vars.insert("since", surrealdb::types::Value::Datetime(since.into()));
        vars.insert("limit", i64::try_from(limit).unwrap_or(i64::MAX));
        let mut response = self
            .execute_bound(
                "SELECT * FROM cluster_event WHERE at >= $since ORDER BY at ASC LIMIT $limit",
                Some(surrealdb::types::Value::Object(vars)),
            )
            .await?;
        let rows: Vec<Json> = crate::connect::take_rows(&mut response, 0)?;
        rows.iter().map(broadcast_from_row).collect()
    }

    /// Follows new messages (a LIVE query on this connection).
    pub async fn listen_broadcasts(&self) -> Result<BroadcastStream, StorageError> {
        self.count_trip();
        let stream: surrealdb::method::Stream<Vec<Json>> = self.db.select("cluster_event").live().await?;
        Ok(Box::pin(stream.filter_map(|notification| async move {
            match notification {
                Ok(notification) if notification.action == surrealdb::types::Action::Create => {
                    Some(broadcast_from_row(&notification.data))
                }
                Ok(_) => None,
                Err(error) => Some(Err(StorageError::from(error))),
            }
        })))
    }

    /// Forgets messages stored before `before`.
    pub async fn prune_broadcasts(&self, before: DateTime<Utc>) -> Result<(), StorageError> {
        let mut vars = surrealdb::types::Object::new();
        vars.insert("before", surrealdb::types::Value::Datetime(before.into()));
        self.execute_bound(
            "DELETE cluster_event WHERE at < $before RETURN NONE",
            Some(surrealdb::types::Value::Object(vars)),
        )
        .await
        .map(|_| ())
    }
}

impl Store {
    /// Takes the lease `name` for `holder` until `until_ms` (Unix milliseconds), or renews it if
    /// `holder` has it; whether `holder` holds it now. A lease whose time ran out (its holder
    /// died) goes to the next one to ask. What one replica alone must do (sending webhooks,
    /// daily reminders) runs where the lease is held.
    pub async fn hold_lease(&self, name: &str, holder: &str, now_ms: i64, until_ms: i64) -> Result<bool, StorageError> {
        let rows: Vec<Json> = self
            .query_rows(
                "UPSERT type::record('lease', $name) SET holder = $holder, until = $until
                 WHERE holder = NONE OR holder = $holder OR until < $now RETURN VALUE holder",
                serde_json::json!({ "name": name, "holder": holder, "until": until_ms, "now": now_ms }),
                0,
            )
            .await?;
        Ok(rows.first().and_then(Json::as_str) == Some(holder))
    }

    /// Gives the lease `name` up, if `holder` has it.
    pub async fn release_lease(&self, name: &str, holder: &str) -> Result<(), StorageError> {
        self.execute(
            "DELETE type::record('lease', $name) WHERE holder = $holder RETURN NONE",
            serde_json::json!({ "name": name, "holder": holder }),
        )
        .await
        .map(|_| ())
    }
}
