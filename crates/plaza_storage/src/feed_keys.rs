//! Members' secret feed keys: one per member, found by the key's hash; the key itself is kept
//! only sealed (the caller seals and opens it), so the member can be shown their URLs again.

use chrono::Utc;
use plaza_domain::ids::{GroupId, MemberId};
use plaza_domain::member::Member;
use serde_json::json;

use crate::connect::Store;
use crate::doc::timestamp;
use crate::error::StorageError;

impl Store {
    /// Sets a member's feed key (its hash and sealed form), replacing any earlier one: the
    /// old key stops working at once.
    pub async fn set_feed_key(&self, member: MemberId, hash: &str, sealed: &str) -> Result<(), StorageError> {
        self.execute(
            "UPSERT type::record('feed_key', $member) CONTENT {
                member: $member, hash: $hash, sealed: $sealed, created_at: <datetime>$now
             } RETURN NONE",
            json!({ "member": member.as_string(), "hash": hash, "sealed": sealed, "now": timestamp(Utc::now()) }),
        )
        .await?;
        Ok(())
    }

    /// A member's feed key, sealed, if they have one.
    pub async fn sealed_feed_key(&self, member: MemberId) -> Result<Option<String>, StorageError> {
        let rows: Vec<String> = self
            .query_rows(
                "SELECT VALUE sealed FROM type::record('feed_key', $member)",
                json!({ "member": member.as_string() }),
                0,
            )
            .await?;
        Ok(rows.into_iter().next())
    }

    /// Revokes a member's feed key (nothing happens when they have none).
    pub async fn delete_feed_key(&self, member: MemberId) -> Result<(), StorageError> {
        self.execute(
            "DELETE type::record('feed_key', $member) RETURN NONE",
            json!({ "member": member.as_string() }),
        )
        .await?;
        Ok(())
    }

    /// The member whose feed key hashes to `hash`, with their groups.
    pub async fn member_by_feed_key(&self, hash: &str) -> Result<Option<(Member, Vec<GroupId>)>, StorageError> {
        let members: Vec<String> = self
            .query_rows(
                "SELECT VALUE member FROM feed_key WHERE hash = $hash LIMIT 1",
                json!({ "hash": hash }),
                0,
            )
            .await?;
        let Some(member) = members.first().and_then(|id| MemberId::parse(id).ok()) else {
            return Ok(None);
        };
        self.member(member).await
    }
}
