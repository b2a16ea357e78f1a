//! Groups: communities of practice spanning agencies ("Community managers de gobiernos
//! locales"). A group's content is readable by its active members only; the group itself (its
//! name and description) is listed to its `listing` audience so people can find and join it.

use crate::ValidationError;
use crate::ids::{GroupId, MemberId};
use crate::text::{Name, Slug, Summary};

/// How members join.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JoinPolicy {
    /// Anyone signed in joins at once.
    Open,
    /// A request waits for an owner or moderator.
    Request,
    /// Only those invited by an owner or moderator.
    Invite,
}

/// Who sees that the group exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Listing {
    /// Anyone (its content stays members-only).
    Public,
    /// Signed-in members of the network.
    Network,
    /// Its members (and those invited or asking) only.
    Members,
}

/// A member's role in a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GroupRole {
    /// Takes part.
    Member,
    /// Approves requests, invites, moderates.
    Moderator,
    /// Created or runs the group.
    Owner,
}

/// Where a membership stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MembershipStatus {
    /// A member.
    Active,
    /// Asked to join; waits for approval.
    Requested,
    /// Invited; waits for the invitee.
    Invited,
}

macro_rules! codes {
    ($ty:ident { $($variant:ident => $code:literal),+ $(,)? }, $field:literal) => {
        impl $ty {
            /// The stable code.
            pub fn code(self) -> &'static str {
                match self { $($ty::$variant => $code),+ }
            }

            /// Parses a stable code.
            pub fn parse(code: &str) -> Result<Self, ValidationError> {
                match code.trim() {
                    $($code => Ok($ty::$variant),)+
                    _ => Err(ValidationError::new(
                        $field,
                        concat!("use one of: ", $($code, " "),+).trim_end().to_owned(),
                    )),
                }
            }
        }
    };
}

codes!(JoinPolicy { Open => "open", Request => "request", Invite => "invite" }, "joinPolicy");
codes!(Listing { Public => "public", Network => "network", Members => "members" }, "listing");
codes!(GroupRole { Member => "member", Moderator => "moderator", Owner => "owner" }, "role");
codes!(MembershipStatus { Active => "active", Requested => "requested", Invited => "invited" }, "status");

/// A group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Identifier.
    pub id: GroupId,
    /// Short name for URLs.
    pub slug: Slug,
    /// Display name.
    pub name: Name,
    /// What it is about.
    pub description: Summary,
    /// How members join.
    pub join_policy: JoinPolicy,
    /// Who sees that it exists.
    pub listing: Listing,
    /// Who created it (its first owner).
    pub created_by: MemberId,
}

/// A group as submitted.
#[derive(Debug, Clone, Default)]
pub struct GroupInput {
    /// Slug.
    pub slug: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// `open`, `request` (default) or `invite`.
    pub join_policy: Option<String>,
    /// `public`, `network` (default) or `members`.
    pub listing: Option<String>,
}

impl GroupInput {
    /// Validates into a new group created by `creator`.
    pub fn validate(&self, creator: MemberId) -> Result<Group, ValidationError> {
        Ok(Group {
            id: GroupId::generate(),
            slug: Slug::parse(&self.slug).map_err(|e| e.at("slug"))?,
            name: Name::parse(&self.name).map_err(|e| e.at("name"))?,
            description: Summary::parse(self.description.as_deref().unwrap_or_default())
                .map_err(|e| e.at("description"))?,
            join_policy: self
                .join_policy
                .as_deref()
                .map_or(Ok(JoinPolicy::Request), JoinPolicy::parse)?,
            listing: self.listing.as_deref().map_or(Ok(Listing::Network), Listing::parse)?,
            created_by: creator,
        })
    }
}

/// A membership: who, in which role, in what state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Membership {
    /// The group.
    pub group: GroupId,
    /// The member.
    pub member: MemberId,
    /// Role.
    pub role: GroupRole,
    /// State.
    pub status: MembershipStatus,
}

impl Membership {
    /// Whether this membership lets its member run the group (approve, invite, moderate).
    pub fn runs_group(&self) -> bool {
        self.status == MembershipStatus::Active && self.role >= GroupRole::Moderator
    }
}

/// Whether a viewer with `membership` (if any) sees that a group with `listing` exists.
pub fn can_see_group(signed_in: bool, listing: Listing, membership: Option<&Membership>) -> bool {
    match listing {
        Listing::Public => true,
        Listing::Network => signed_in,
        Listing::Members => membership.is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_request_to_join_and_listed_to_the_network() {
        let group = GroupInput {
            slug: "cm-locales".into(),
            name: "Community managers de gobiernos locales".into(),
            ..Default::default()
        }
        .validate(MemberId::generate())
        .unwrap();
        assert_eq!(group.join_policy, JoinPolicy::Request);
        assert_eq!(group.listing, Listing::Network);
    }

    #[test]
    fn bad_codes_name_their_field() {
        let error = GroupInput {
            slug: "g".repeat(2),
            name: "G".into(),
            join_policy: Some("anyone".into()),
            ..Default::default()
        }
        .validate(MemberId::generate())
        .unwrap_err();
        assert_eq!(error.field, "joinPolicy");
        assert!(error.message.contains("open request invite"));
    }

    #[test]
    fn only_active_owners_and_moderators_run_a_group() {
        let base = Membership {
            group: GroupId::generate(),
            member: MemberId::generate(),
            role: GroupRole::Moderator,
            status: MembershipStatus::Active,
        };
        assert!(base.runs_group());
        assert!(
            !Membership {
                status: MembershipStatus::Invited,
                ..base
            }
            .runs_group()
        );
        assert!(
            !Membership {
                role: GroupRole::Member,
                ..base
            }
            .runs_group()
        );
        assert!(can_see_group(false, Listing::Public, None));
        assert!(!can_see_group(false, Listing::Network, None));
        assert!(!can_see_group(true, Listing::Members, None));
        assert!(can_see_group(true, Listing::Members, Some(&base)));
    }
}
