//! Members.

use chrono::Utc;
use plaza_domain::ids::{AgencyId, GroupId, MemberId};
use plaza_domain::member::{ERASED_NAME, Member, Suspension, parse_roles};
use plaza_domain::profile::{Profile, ProfileVisibility};
use plaza_domain::taxonomy::{Objective, Platform};
use plaza_domain::text::{Email, Name};
use serde_json::{Map, json};

use crate::connect::{Store, record_key};
use crate::doc::{corrupt, parse_timestamp, set_clause, timestamp};
use crate::error::StorageError;
use crate::moderation::{AuditEntry, audit_doc};

#[derive(Debug, serde::Deserialize)]
pub(crate) struct MemberRow {
    pub id: String,
    email: String,
    name: String,
    agency: String,
    roles: Vec<String>,
    pub groups: Vec<String>,
    #[serde(default)]
    suspended_at: Option<String>,
    #[serde(default)]
    suspension_ends_at: Option<String>,
    #[serde(default)]
    suspension_reason: Option<String>,
    #[serde(default)]
    suspended_by: Option<String>,
    #[serde(default)]
    erased_at: Option<String>,
    #[serde(flatten)]
    profile: ProfileColumns,
}

impl MemberRow {
    pub(crate) fn into_member(self) -> Result<(Member, Vec<GroupId>), StorageError> {
        let record = self.id.clone();
        let suspension = self.suspension(&record)?;
        let profile = self.profile.into_profile();
        let name = match &profile.display_name {
            Some(chosen) => chosen.clone(),
            None => Name::parse(&self.name).map_err(corrupt(&record))?,
        };
        let member = Member {
            id: MemberId::parse(record_key(&self.id)).map_err(corrupt(&record))?,
            email: Email::parse(&self.email).map_err(corrupt(&record))?,
            name,
            agency: AgencyId::parse(&self.agency).map_err(corrupt(&record))?,
            roles: parse_roles(&self.roles).map_err(corrupt(&record))?,
            suspension,
            profile,
            erased_at: self
                .erased_at
                .as_deref()
                .map(|at| parse_timestamp(at, &record))
                .transpose()?,
        };
        let groups = self
            .groups
            .iter()
            .map(|group| GroupId::parse(group))
            .collect::<Result<Vec<_>, _>>()
            .map_err(corrupt(&record))?;
        Ok((member, groups))
    }

    fn suspension(&self, record: &str) -> Result<Option<Suspension>, StorageError> {
        let (Some(since), Some(by)) = (&self.suspended_at, &self.suspended_by) else {
            return Ok(None);
        };
        Ok(Some(Suspension {
            since: parse_timestamp(since, record)?,
            until: self
                .suspension_ends_at
                .as_deref()
                .map(|until| parse_timestamp(until, record))
                .transpose()?,
            reason: self.suspension_reason.clone().unwrap_or_default(),
            by: MemberId::parse(by).map_err(corrupt(record))?,
        }))
    }
}

/// The stored profile fields of a member row. Profiles were validated when written; reading
/// keeps what it understands (an unknown code is left out) rather than refusing the row.
#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct ProfileColumns {
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    bio: Option<String>,
    #[serde(default)]
    platforms: Option<Vec<String>>,
    #[serde(default)]
    objectives: Option<Vec<String>>,
    #[serde(default)]
    skills: Option<Vec<String>>,
    #[serde(default)]
    languages: Option<Vec<String>>,
    #[serde(default)]
    links: Option<Vec<String>>,
    #[serde(default)]
    profile_visibility: Option<String>,
    #[serde(default)]
    interface_language: Option<String>,
}

impl ProfileColumns {
    pub(crate) fn into_profile(self) -> Profile {
        let codes = |values: Option<Vec<String>>| values.unwrap_or_default();
        Profile {
            display_name: self.display_name.and_then(|name| Name::parse(&name).ok()),
            title: self.title,
            bio: self.bio,
            platforms: codes(self.platforms)
                .iter()
                .filter_map(|code| Platform::parse(code).ok())
                .collect(),
            objectives: codes(self.objectives)
                .iter()
                .filter_map(|code| Objective::parse(code).ok())
                .collect(),
            skills: codes(self.skills),
            languages: codes(self.languages),
            links: codes(self.links),
            visibility: self
                .profile_visibility
                .as_deref()
                .and_then(|code| ProfileVisibility::parse(code).ok())
                .unwrap_or_default(),
            interface_language: self.interface_language,
        }
    }
}

impl Store {
    /// Stores a new member of an existing agency; a taken e-mail is a conflict. With
    /// `external_id`, importing the same member twice returns the first one's id.
    pub async fn create_member(&self, member: &Member, external_id: Option<&str>) -> Result<MemberId, StorageError> {
        if let Some(existing) = self.existing_import::<MemberId>(external_id).await? {
            return Ok(existing);
        }
        if self.agency(member.agency).await?.is_none() {
            return Err(plaza_domain::ValidationError::new("agency", "no such agency").into());
        }
        let doc = json!({
            "email": member.email.as_str(),
            "name": member.name.as_str(),
            "agency": member.agency.as_string(),
            "roles": member.roles.iter().map(|role| role.code()).collect::<Vec<_>>(),
            "groups": Vec::<String>::new(),
            "created_at": timestamp(Utc::now()),
        });
        let clause = set_clause(doc.as_object().unwrap_or(&Map::new()));
        let sql = format!(
            "BEGIN TRANSACTION;\nCREATE type::record('member', $key) SET {clause} RETURN NONE;\n{}\nCOMMIT TRANSACTION;",
            crate::audience::RECORD_IMPORT_REF
        );
        self.execute(
            &sql,
            json!({ "doc": doc, "key": member.id.as_string(), "external_id": external_id }),
        )
        .await?;
        Ok(member.id)
    }

    /// A member by id, with the groups they belong to.
    pub async fn member(&self, id: MemberId) -> Result<Option<(Member, Vec<GroupId>)>, StorageError> {
        let row: Option<MemberRow> = self.get_record("member", &id.as_string()).await?;
        row.map(MemberRow::into_member).transpose()
    }

    /// Members by id, in one round trip; ids with no member are left out.
    pub async fn members_by_id(&self, ids: &[MemberId]) -> Result<Vec<Member>, StorageError> {
        let keys: Vec<String> = ids.iter().map(MemberId::as_string).collect();
        let rows: Vec<MemberRow> = self.get_records("member", &keys).await?;
        rows.into_iter()
            .map(|row| row.into_member().map(|(member, _)| member))
            .collect()
    }

    /// Suspends a member, in one transaction: the suspension is recorded, every session of
    /// theirs ends, every token of theirs is revoked, and `entry` goes to the audit log.
    /// The caller checks the member exists and forgets their cached credentials.
    pub async fn suspend_member(
        &self,
        member: MemberId,
        suspension: &Suspension,
        entry: &AuditEntry,
    ) -> Result<(), StorageError> {
        let doc = json!({
            "suspended_at": timestamp(suspension.since),
            "suspension_ends_at": suspension.until.map(timestamp),
            "suspension_reason": suspension.reason,
            "suspended_by": suspension.by.as_string(),
        });
        let clause = set_clause(doc.as_object().unwrap_or(&Map::new()));
        let audit = audit_doc(entry);
        let audit_clause = crate::doc::set_clause_for(audit.as_object().unwrap_or(&Map::new()), "audit");
        let sql = format!(
            "BEGIN TRANSACTION;
             UPDATE type::record('member', $key) SET {clause} WHERE id != NONE RETURN NONE;
             DELETE session WHERE member = $key RETURN NONE;
             UPDATE api_token SET revoked_at = <datetime>$now WHERE member = $key AND revoked_at = NONE RETURN NONE;
             CREATE audit SET {audit_clause} RETURN NONE;
             COMMIT TRANSACTION;"
        );
        let vars = json!({ "key": member.as_string(), "doc": doc, "audit": audit, "now": timestamp(suspension.since) });
        self.execute(&sql, vars).await?;
        Ok(())
    }

    /// Ends a member's suspension (their revoked tokens stay revoked) and writes `entry` to
    /// the audit log, in one transaction.
    pub async fn reinstate_member(&self, member: MemberId, entry: &AuditEntry) -> Result<(), StorageError> {
        let audit = audit_doc(entry);
        let audit_clause = crate::doc::set_clause_for(audit.as_object().unwrap_or(&Map::new()), "audit");
        let sql = format!(
            "BEGIN TRANSACTION;
             UPDATE type::record('member', $key) SET suspended_at = NONE, suspension_ends_at = NONE,
                 suspension_reason = NONE, suspended_by = NONE RETURN NONE;
             CREATE audit SET {audit_clause} RETURN NONE;
             COMMIT TRANSACTION;"
        );
        self.execute(&sql, json!({ "key": member.as_string(), "audit": audit }))
            .await?;
        Ok(())
    }

    /// Erases a member, in one transaction: their record becomes a tombstone (a placeholder
    /// address, [`ERASED_NAME`], no roles, groups, profile or suspension) so their content keeps
    /// an author; their sessions, tokens, identities, private feed keys, notifications,
    /// signals, reports, group memberships and digest preference are deleted; `entry` goes to
    /// the audit log. The caller forgets their cached credentials and refreshes search.
    pub async fn erase_member(&self, member: MemberId, entry: &AuditEntry) -> Result<(), StorageError> {
        let audit = audit_doc(entry);
        let audit_clause = crate::doc::set_clause_for(audit.as_object().unwrap_or(&Map::new()), "audit");
        let sql = format!(
            "BEGIN TRANSACTION;
             UPDATE type::record('member', $key) SET email = $email, name = $name, roles = [], groups = [],
                 display_name = NONE, title = NONE, bio = NONE, platforms = NONE, objectives = NONE,
                 skills = NONE, languages = NONE, links = NONE, profile_visibility = 'hidden',
                 interface_language = NONE, profile_updated_at = NONE, suspended_at = NONE,
                 suspension_ends_at = NONE, suspension_reason = NONE, suspended_by = NONE,
                 erased_at = <datetime>$now WHERE id != NONE RETURN NONE;
             DELETE session WHERE member = $key RETURN NONE;
             DELETE api_token WHERE member = $key RETURN NONE;
             DELETE identity WHERE member = $key RETURN NONE;
             DELETE feed_key WHERE member = $key RETURN NONE;
             DELETE notification WHERE recipient = $key RETURN NONE;
             DELETE signal WHERE member = $key RETURN NONE;
             DELETE report WHERE reporter = $key RETURN NONE;
             DELETE community_member WHERE member = $key RETURN NONE;
             DELETE type::record('digest_preference', $key) RETURN NONE;
             CREATE audit SET {audit_clause} RETURN NONE;
             COMMIT TRANSACTION;"
        );
        let vars = json!({
            "key": member.as_string(),
            "email": format!("erased-{}@plaza.invalid", member.as_string().to_lowercase()),
            "name": ERASED_NAME,
            "now": timestamp(entry.at),
            "audit": audit,
        });
        self.execute(&sql, vars).await?;
        Ok(())
    }

    /// A member by e-mail (case-insensitive), with the groups they belong to.
    pub async fn member_by_email(&self, email: &Email) -> Result<Option<(Member, Vec<GroupId>)>, StorageError> {
        let rows: Vec<MemberRow> = self
            .query_rows(
                "SELECT * FROM member WHERE email = $email LIMIT 1",
                json!({ "email": email.as_str() }),
                0,
            )
            .await?;
        rows.into_iter().next().map(MemberRow::into_member).transpose()
    }
}
