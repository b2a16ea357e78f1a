//! Members: employees of an agency, with roles.

use chrono::{DateTime, Utc};

use crate::ValidationError;
use crate::ids::{AgencyId, MemberId};
use crate::text::{Email, Name};

/// What a member may do beyond reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reads, comments, writes own content.
    Member,
    /// Edits and publishes the agency's content.
    Editor,
    /// Moderates discussions.
    Moderator,
    /// Manages the agency: members, identity providers, tokens.
    AgencyAdmin,
    /// Operates the whole network.
    NetworkAdmin,
}

impl Role {
    /// Every role.
    pub const ALL: &'static [Role] = &[
        Role::Member,
        Role::Editor,
        Role::Moderator,
        Role::AgencyAdmin,
        Role::NetworkAdmin,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Editor => "editor",
            Role::Moderator => "moderator",
            Role::AgencyAdmin => "agency_admin",
            Role::NetworkAdmin => "network_admin",
        }
    }

    /// Parses a stable code.
    pub fn parse(code: &str) -> Result<Self, ValidationError> {
        Role::ALL
            .iter()
            .copied()
            .find(|role| role.code() == code.trim())
            .ok_or_else(|| {
                ValidationError::new(
                    "roles",
                    "unknown role; use member, editor, moderator, agency_admin or network_admin",
                )
            })
    }
}

/// An employee of an agency.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Identifier.
    pub id: MemberId,
    /// Work e-mail.
    pub email: Email,
    /// Display name.
    pub name: Name,
    /// The agency the member belongs to.
    pub agency: AgencyId,
    /// Roles; `member` is implied.
    pub roles: Vec<Role>,
    /// The member's suspension, if an administrator suspended them (it may have ended).
    pub suspension: Option<Suspension>,
    /// What the member says of themself, and who may read it.
    pub profile: crate::profile::Profile,
    /// When an administrator erased the member: only a tombstone is left, named
    /// [`ERASED_NAME`], so what they wrote keeps an author.
    pub erased_at: Option<DateTime<Utc>>,
}

/// The name an erased member's tombstone carries (interfaces show it in their language).
pub const ERASED_NAME: &str = "Antiguo miembro";

impl Member {
    /// Whether the member holds `role`.
    pub fn has_role(&self, role: Role) -> bool {
        role == Role::Member || self.roles.contains(&role)
    }

    /// Whether the member is suspended at `now`: no sign-in, no credential works.
    pub fn is_suspended(&self, now: DateTime<Utc>) -> bool {
        self.suspension.as_ref().is_some_and(|s| s.in_force(now))
    }
}

/// Longest suspension reason, in characters.
pub const SUSPENSION_REASON_MAX: usize = 500;
/// Longest time-limited suspension, in days.
pub const SUSPENSION_DAYS_MAX: i64 = 5 * 366;

/// An administrator's suspension of a member: while it is in force the member cannot sign in
/// and none of their sessions or tokens is accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suspension {
    /// When it started.
    pub since: DateTime<Utc>,
    /// When it ends by itself; `None` until an administrator reinstates the member.
    pub until: Option<DateTime<Utc>>,
    /// Why, shown to the member and to administrators.
    pub reason: String,
    /// Who suspended the member.
    pub by: MemberId,
}

impl Suspension {
    /// Validates a suspension decided at `now` by `by` (fields named as in the API's input).
    pub fn new(
        reason: &str,
        until: Option<DateTime<Utc>>,
        by: MemberId,
        now: DateTime<Utc>,
    ) -> Result<Self, ValidationError> {
        let reason = suspension_reason(reason)?;
        if let Some(until) = until {
            if until <= now {
                return Err(ValidationError::new("until", "must be in the future"));
            }
            if until - now > chrono::Duration::days(SUSPENSION_DAYS_MAX) {
                return Err(ValidationError::new(
                    "until",
                    "must be within five years; leave it empty to suspend until reinstated",
                ));
            }
        }
        Ok(Self {
            since: now,
            until,
            reason,
            by,
        })
    }

    /// Whether it is in force at `now`.
    pub fn in_force(&self, now: DateTime<Utc>) -> bool {
        self.until.is_none_or(|until| now < until)
    }
}

/// A suspension's or a reinstatement's reason: trimmed, 1 to 500 characters, no control
/// characters other than line breaks.
pub fn suspension_reason(raw: &str) -> Result<String, ValidationError> {
    let reason = raw.trim();
    if reason.is_empty() {
        return Err(ValidationError::new("reason", "is required"));
    }
    let length = reason.chars().count();
    if length > SUSPENSION_REASON_MAX {
        return Err(ValidationError::new(
            "reason",
            format!("reason is {length} characters long; the maximum is {SUSPENSION_REASON_MAX}"),
        ));
    }
    if reason.chars().any(|c| c.is_control() && c != '\n') {
        return Err(ValidationError::new("reason", "must not contain control characters"));
    }
    Ok(reason.to_owned())
}

/// Parses a list of role codes, always including `member`, sorted and deduplicated.
pub fn parse_roles(codes: &[String]) -> Result<Vec<Role>, ValidationError> {
    let mut roles = vec![Role::Member];
    for code in codes {
        roles.push(Role::parse(code)?);
    }
    roles.sort();
    roles.dedup();
    Ok(roles)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suspensions_need_a_reason_and_a_future_end_within_five_years() {
        let now = Utc::now();
        let by = MemberId::generate();
        let hour = chrono::Duration::hours(1);
        assert_eq!(Suspension::new("  ", None, by, now).unwrap_err().field, "reason");
        assert_eq!(
            Suspension::new("spam", Some(now - hour), by, now).unwrap_err().field,
            "until"
        );
        let too_far = now + chrono::Duration::days(SUSPENSION_DAYS_MAX + 1);
        assert_eq!(
            Suspension::new("spam", Some(too_far), by, now).unwrap_err().field,
            "until"
        );
        assert!(Suspension::new(&"x".repeat(501), None, by, now).is_err());
        assert!(Suspension::new("a\u{7}b", None, by, now).is_err());

        let limited = Suspension::new(" spam ", Some(now + hour), by, now).unwrap();
        assert_eq!(limited.reason, "spam");
        assert!(limited.in_force(now) && !limited.in_force(now + hour));
        let indefinite = Suspension::new("spam", None, by, now).unwrap();
        assert!(indefinite.in_force(now + chrono::Duration::days(10_000)));
    }

    #[test]
    fn roles_always_include_member_and_are_deduplicated() {
        let roles = parse_roles(&["editor".into(), "editor".into()]).unwrap();
        assert_eq!(roles, vec![Role::Member, Role::Editor]);
        assert!(parse_roles(&["king".into()]).is_err());
    }
}
