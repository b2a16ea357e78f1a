//! Signals members give: endorsements ("útil"), bookmarks and follows, one record per
//! (kind, member, target). Giving one twice changes nothing.

use chrono::{DateTime, Utc};
use plaza_domain::ids::MemberId;
use plaza_domain::item::{FollowTarget, SignalKind};
use serde_json::json;

use crate::connect::Store;
use crate::doc::parse_timestamp;
use crate::error::StorageError;

/// The signal record's id: one per (kind, member, target), as an array key.
const RECORD: &str = "type::record('signal', [$kind, $member, $target])";

fn vars(kind: SignalKind, member: MemberId, target: &FollowTarget) -> serde_json::Value {
    json!({ "kind": kind.code(), "member": member.as_string(), "target": target.to_string() })
}

impl Store {
    /// Gives a signal (idempotent).
    pub async fn give_signal(
        &self,
        kind: SignalKind,
        member: MemberId,
        target: &FollowTarget,
    ) -> Result<(), StorageError> {
        let sql = format!(
            "UPSERT {RECORD} SET kind = $kind, member = $member, target = $target,
                created_at = created_at ?? time::now() RETURN NONE"
        );
        self.execute(&sql, vars(kind, member, target)).await?;
        Ok(())
    }

    /// Takes a signal back (idempotent).
    pub async fn take_signal(
        &self,
        kind: SignalKind,
        member: MemberId,
        target: &FollowTarget,
    ) -> Result<(), StorageError> {
        self.execute(&format!("DELETE {RECORD} RETURN NONE"), vars(kind, member, target))
            .await?;
        Ok(())
    }

    /// How many members gave this signal to a target.
    pub async fn signal_count(&self, kind: SignalKind, target: &FollowTarget) -> Result<u64, StorageError> {
        let rows: Vec<serde_json::Value> = self
            .query_rows(
                "SELECT count() AS total FROM signal WHERE kind = $kind AND target = $target GROUP ALL",
                json!({ "kind": kind.code(), "target": target.to_string() }),
                0,
            )
            .await?;
        Ok(rows
            .first()
            .and_then(|row| row.get("total"))
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0))
    }

    /// How many members gave this signal to each of `targets`, in one round trip (targets
    /// nobody signalled are absent).
    pub async fn signal_counts(
        &self,
        kind: SignalKind,
        targets: &[FollowTarget],
    ) -> Result<std::collections::HashMap<FollowTarget, u64>, StorageError> {
        #[derive(serde::Deserialize)]
        struct Row {
            target: String,
            total: u64,
        }
        if targets.is_empty() {
            return Ok(std::collections::HashMap::new());
        }
        let wanted: Vec<String> = targets.iter().map(ToString::to_string).collect();
        let rows: Vec<Row> = self
            .query_rows(
                "SELECT target, count() AS total FROM signal WHERE kind = $kind AND target IN $targets GROUP BY target",
                json!({ "kind": kind.code(), "targets": wanted }),
                0,
            )
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|row| Some((FollowTarget::parse(&row.target).ok()?, row.total)))
            .collect())
    }

    /// Which of `targets` a member gave this signal to, in one round trip (by record key).
    pub async fn signalled_among(
        &self,
        kind: SignalKind,
        member: MemberId,
        targets: &[FollowTarget],
    ) -> Result<std::collections::HashSet<FollowTarget>, StorageError> {
        use surrealdb::types::{Array, RecordId, RecordIdKey, Value};
        let ids = targets
            .iter()
            .map(|target| {
                let key = Array::from(vec![
                    Value::String(kind.code().to_owned()),
                    Value::String(member.as_string()),
                    Value::String(target.to_string()),
                ]);
                RecordId::new("signal", RecordIdKey::Array(key))
            })
            .collect();
        let found: Vec<String> = self.select_ids("VALUE target", ids).await?;
        Ok(found
            .iter()
            .filter_map(|target| FollowTarget::parse(target).ok())
            .collect())
    }

    /// Whether a member gave this signal to a target.
    pub async fn has_signal(
        &self,
        kind: SignalKind,
        member: MemberId,
        target: &FollowTarget,
    ) -> Result<bool, StorageError> {
        let rows: Vec<serde_json::Value> = self
            .query_rows(&format!("SELECT id FROM {RECORD}"), vars(kind, member, target), 0)
            .await?;
        Ok(!rows.is_empty())
    }

    /// A member's signals of one kind, newest first: (target, when), at most `limit`.
    pub async fn signals_of(
        &self,
        kind: SignalKind,
        member: MemberId,
        limit: usize,
    ) -> Result<Vec<(FollowTarget, DateTime<Utc>)>, StorageError> {
        #[derive(serde::Deserialize)]
        struct Row {
            target: String,
            created_at: String,
        }
        let rows: Vec<Row> = self
            .query_rows(
                "SELECT target, created_at FROM signal WHERE kind = $kind AND member = $member
                 ORDER BY created_at DESC LIMIT $limit",
                json!({ "kind": kind.code(), "member": member.as_string(), "limit": limit }),
                0,
            )
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            // A target that no longer parses (a taxonomy code retired since) is left out rather
            // than failing the member's whole list.
            match FollowTarget::parse(&row.target) {
                Ok(target) => out.push((target, parse_timestamp(&row.created_at, "signal")?)),
                Err(error) => tracing::warn!(target = %row.target, %error, "signal target left out"),
            }
        }
        Ok(out)
    }

    /// Members following any of `targets`, each once.
    pub async fn followers(&self, targets: &[FollowTarget]) -> Result<Vec<MemberId>, StorageError> {
        let rows: Vec<String> = self
            .query_rows(
                "SELECT VALUE member FROM signal WHERE kind = 'follow' AND target IN $targets",
                json!({ "targets": targets.iter().map(ToString::to_string).collect::<Vec<_>>() }),
                0,
            )
            .await?;
        let mut members: Vec<MemberId> = Vec::new();
        for raw in rows {
            let member = MemberId::parse(&raw).map_err(crate::doc::corrupt(&raw))?;
            if !members.contains(&member) {
                members.push(member);
            }
        }
        Ok(members)
    }
}
