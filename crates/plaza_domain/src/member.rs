//! Members: employees of an agency, with roles.

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
}

impl Member {
    /// Whether the member holds `role`.
    pub fn has_role(&self, role: Role) -> bool {
        role == Role::Member || self.roles.contains(&role)
    }
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
    fn roles_always_include_member_and_are_deduplicated() {
        let roles = parse_roles(&["editor".into(), "editor".into()]).unwrap();
        assert_eq!(roles, vec![Role::Member, Role::Editor]);
        assert!(parse_roles(&["king".into()]).is_err());
    }
}
