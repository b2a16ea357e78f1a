//! Groups (`community` records) and memberships (`community_member`). A member's active
//! groups are also kept on the member record (`groups`), which is what the read policy uses;
//! both change in one transaction.

use chrono::Utc;
use plaza_domain::group::{Group, GroupRole, JoinPolicy, Listing, Membership, MembershipStatus};
use plaza_domain::ids::{GroupId, MemberId};
use plaza_domain::member::Member;
use plaza_domain::text::{Name, Slug, Summary};
use serde_json::json;

use crate::connect::{Store, record_key};
use crate::doc::{corrupt, timestamp};
use crate::error::StorageError;

#[derive(Debug, serde::Deserialize)]
struct GroupRow {
    id: String,
    slug: String,
    name: String,
    description: String,
    join_policy: String,
    listing: String,
    created_by: String,
}

impl GroupRow {
    fn into_group(self) -> Result<Group, StorageError> {
        let record = self.id.clone();
        Ok(Group {
            id: GroupId::parse(record_key(&self.id)).map_err(corrupt(&record))?,
            slug: Slug::parse(&self.slug).map_err(corrupt(&record))?,
            name: Name::parse(&self.name).map_err(corrupt(&record))?,
            description: Summary::parse(&self.description).map_err(corrupt(&record))?,
            join_policy: JoinPolicy::parse(&self.join_policy).map_err(corrupt(&record))?,
            listing: Listing::parse(&self.listing).map_err(corrupt(&record))?,
            created_by: MemberId::parse(&self.created_by).map_err(corrupt(&record))?,
        })
    }
}

#[derive(Debug, serde::Deserialize)]
struct MembershipRow {
    id: String,
    community: String,
    member: String,
    role: String,
    status: String,
}

impl MembershipRow {
    fn into_membership(self) -> Result<Membership, StorageError> {
        let record = self.id.clone();
        Ok(Membership {
            group: GroupId::parse(&self.community).map_err(corrupt(&record))?,
            member: MemberId::parse(&self.member).map_err(corrupt(&record))?,
            role: GroupRole::parse(&self.role).map_err(corrupt(&record))?,
            status: MembershipStatus::parse(&self.status).map_err(corrupt(&record))?,
        })
    }
}

fn membership_key(group: GroupId, member: MemberId) -> String {
    format!("{group}_{member}")
}

/// Keeps `member.groups` equal to the member's active memberships (run inside a transaction).
const SYNC_MEMBER_GROUPS: &str = "UPDATE type::record('member', $member) SET groups = \
    (SELECT VALUE community FROM community_member WHERE member = $member AND status = 'active') RETURN NONE;";

impl Store {
    /// Creates a group; its creator becomes its active owner. A taken slug is a conflict.
    pub async fn create_group(&self, group: &Group) -> Result<(), StorageError> {
        let now = timestamp(Utc::now());
        let sql = format!(
            "BEGIN TRANSACTION;
             CREATE type::record('community', $key) SET slug = $slug, name = $name,
                description = $description, join_policy = $join_policy, listing = $listing,
                created_by = $member, created_at = <datetime>$now RETURN NONE;
             CREATE type::record('community_member', $membership) SET community = $key,
                member = $member, role = 'owner', status = 'active', created_at = <datetime>$now RETURN NONE;
             {SYNC_MEMBER_GROUPS}
             COMMIT TRANSACTION;"
        );
        self.execute(
            &sql,
            json!({
                "key": group.id.as_string(),
                "slug": group.slug.as_str(),
                "name": group.name.as_str(),
                "description": group.description.as_str(),
                "join_policy": group.join_policy.code(),
                "listing": group.listing.code(),
                "member": group.created_by.as_string(),
                "membership": membership_key(group.id, group.created_by),
                "now": now,
            }),
        )
        .await?;
        Ok(())
    }

    /// A group by id.
    pub async fn group(&self, id: GroupId) -> Result<Option<Group>, StorageError> {
        let row: Option<GroupRow> = self.get_record("community", &id.as_string()).await?;
        row.map(GroupRow::into_group).transpose()
    }

    /// A group by slug.
    pub async fn group_by_slug(&self, slug: &str) -> Result<Option<Group>, StorageError> {
        let rows: Vec<GroupRow> = self
            .query_rows(
                "SELECT * FROM community WHERE slug = $slug LIMIT 1",
                json!({ "slug": slug.trim() }),
                0,
            )
            .await?;
        rows.into_iter().next().map(GroupRow::into_group).transpose()
    }

    /// The groups a viewer sees listed (public ones; network ones when signed in; members-only
    /// ones they belong to, are invited to or asked to join), by name, at most `limit`.
    pub async fn visible_groups(&self, member: Option<MemberId>, limit: usize) -> Result<Vec<Group>, StorageError> {
        let rows: Vec<GroupRow> = self
            .query_rows(
                "SELECT * FROM community WHERE listing = 'public'
                    OR (listing = 'network' AND $signed_in = true)
                    OR (listing = 'members' AND meta::id(id) IN
                        (SELECT VALUE community FROM community_member WHERE member = $member))
                 ORDER BY name LIMIT $limit",
                json!({
                    "signed_in": member.is_some(),
                    "member": member.map(|m| m.as_string()).unwrap_or_default(),
                    "limit": limit,
                }),
                0,
            )
            .await?;
        rows.into_iter().map(GroupRow::into_group).collect()
    }

    /// A member's membership of a group, in any state.
    pub async fn membership(&self, group: GroupId, member: MemberId) -> Result<Option<Membership>, StorageError> {
        let row: Option<MembershipRow> = self
            .get_record("community_member", &membership_key(group, member))
            .await?;
        row.map(MembershipRow::into_membership).transpose()
    }

    /// Creates or changes a membership, keeping the member's active groups in step.
    pub async fn set_membership(&self, membership: &Membership) -> Result<(), StorageError> {
        let sql = format!(
            "BEGIN TRANSACTION;
             UPSERT type::record('community_member', $key) SET community = $group, member = $member,
                role = $role, status = $status, created_at = created_at ?? <datetime>$now RETURN NONE;
             {SYNC_MEMBER_GROUPS}
             COMMIT TRANSACTION;"
        );
        self.execute(
            &sql,
            json!({
                "key": membership_key(membership.group, membership.member),
                "group": membership.group.as_string(),
                "member": membership.member.as_string(),
                "role": membership.role.code(),
                "status": membership.status.code(),
                "now": timestamp(Utc::now()),
            }),
        )
        .await?;
        Ok(())
    }

    /// Ends a membership (leaving, declining, removal).
    pub async fn remove_membership(&self, group: GroupId, member: MemberId) -> Result<(), StorageError> {
        let sql = format!(
            "BEGIN TRANSACTION;
             DELETE type::record('community_member', $key) RETURN NONE;
             {SYNC_MEMBER_GROUPS}
             COMMIT TRANSACTION;"
        );
        self.execute(
            &sql,
            json!({ "key": membership_key(group, member), "member": member.as_string() }),
        )
        .await?;
        Ok(())
    }

    /// A group's memberships (any state) with their members, owners first, at most `limit`.
    pub async fn group_members(&self, group: GroupId, limit: usize) -> Result<Vec<(Membership, Member)>, StorageError> {
        let rows: Vec<MembershipRow> = self
            .query_rows(
                "SELECT * FROM community_member WHERE community = $group ORDER BY created_at LIMIT $limit",
                json!({ "group": group.as_string(), "limit": limit }),
                0,
            )
            .await?;
        let memberships = rows
            .into_iter()
            .map(MembershipRow::into_membership)
            .collect::<Result<Vec<_>, _>>()?;
        let mut out = Vec::with_capacity(memberships.len());
        for membership in memberships {
            if let Some((member, _)) = self.member(membership.member).await? {
                out.push((membership, member));
            }
        }
        out.sort_by_key(|(membership, _)| std::cmp::Reverse(membership.role));
        Ok(out)
    }

    /// How many active members a group has.
    pub async fn group_size(&self, group: GroupId) -> Result<u64, StorageError> {
        let rows: Vec<serde_json::Value> = self
            .query_rows(
                "SELECT count() AS total FROM community_member WHERE community = $group AND status = 'active' GROUP ALL",
                json!({ "group": group.as_string() }),
                0,
            )
            .await?;
        Ok(rows
            .first()
            .and_then(|row| row.get("total"))
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0))
    }
}
