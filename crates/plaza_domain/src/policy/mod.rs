//! The one visibility and edit policy. Every read and write path in Plaza asks this module;
//! storage translates [`ReadScope`] into its query filter and tests prove the two agree.
//!
//! Rules:
//! - A published item is readable by its audience: `public` by anyone, `network` by any
//!   signed-in member, `agency` by members of the owning agency, `group` by the group's members.
//! - Drafts and withdrawn items are readable only by those who manage the item.
//! - An item is managed by its authors and by editors and agency admins of the owning agency.
//!   Network admins operate the platform but do not read other agencies' internal content.
//! - Writing needs a signed-in member whose credential has the write scope and who manages
//!   the item (or, to create, belongs to the agency).

use crate::ErrorCode;
use crate::content::{Audience, PublicationStatus, Visibility};
use crate::ids::{AgencyId, GroupId, MemberId};
use crate::member::Role;

/// What a credential allows, narrowest first. A credential has exactly the scope it was
/// issued with: nothing is granted by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// Read public content only, as an anonymous visitor would (intranet widgets of public
    /// content, citizen-facing sites).
    ReadPublic,
    /// Read what the member (or, for a service token, any member of the agency) may read:
    /// network content and the agency's own.
    Read,
    /// Read and write.
    Write,
}

impl Scope {
    /// Every scope.
    pub const ALL: &'static [Scope] = &[Scope::ReadPublic, Scope::Read, Scope::Write];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Scope::ReadPublic => "read_public",
            Scope::Read => "read",
            Scope::Write => "write",
        }
    }

    /// Parses a stable code (`read_network` is accepted for `read`).
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "read_public" => Some(Scope::ReadPublic),
            "read" | "read_network" => Some(Scope::Read),
            "write" => Some(Scope::Write),
            _ => None,
        }
    }
}

/// A signed-in member, as seen by the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberViewer {
    /// The member.
    pub id: MemberId,
    /// Their agency.
    pub agency: AgencyId,
    /// Their roles.
    pub roles: Vec<Role>,
    /// Groups they belong to.
    pub groups: Vec<GroupId>,
    /// What the credential in use allows.
    pub scope: Scope,
}

impl MemberViewer {
    /// Whether the member holds `role` (`member` always).
    pub fn has_role(&self, role: Role) -> bool {
        role == Role::Member || self.roles.contains(&role)
    }

    /// Whether the member administers `agency`: its agency admins, and network admins.
    pub fn administers(&self, agency: AgencyId) -> bool {
        (self.agency == agency && self.has_role(Role::AgencyAdmin)) || self.has_role(Role::NetworkAdmin)
    }

    /// Whether the member edits and publishes content of `agency` on its behalf.
    pub fn is_editor_of(&self, agency: AgencyId) -> bool {
        self.agency == agency && (self.has_role(Role::Editor) || self.has_role(Role::AgencyAdmin))
    }
}

/// Whoever is asking.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Viewer {
    /// Nobody signed in: citizens, journalists, researchers.
    #[default]
    Anonymous,
    /// A signed-in member.
    Member(MemberViewer),
}

impl Viewer {
    /// The member, if signed in.
    pub fn member(&self) -> Option<&MemberViewer> {
        match self {
            Viewer::Anonymous => None,
            Viewer::Member(member) => Some(member),
        }
    }

    /// `member` reading with their groups and a read-only credential: who a notification, a
    /// digest or a private feed is read as.
    pub fn reading_as(member: crate::member::Member, groups: Vec<GroupId>) -> Viewer {
        Viewer::Member(MemberViewer {
            id: member.id,
            agency: member.agency,
            roles: member.roles,
            groups,
            scope: Scope::Read,
        })
    }
}

/// Why an action is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Denial {
    /// The action needs a signed-in member.
    #[error("sign in or use a token to do this")]
    Unauthenticated,
    /// The viewer may not see the item, so it does not exist for them.
    #[error("not found")]
    NotFound,
    /// The viewer sees the item but may not do this.
    #[error("you are not allowed to do this")]
    Forbidden,
    /// The credential is read-only.
    #[error("this token is read-only; a write token is needed")]
    ReadOnlyCredential,
}

impl Denial {
    /// The client-visible code.
    pub fn code(self) -> ErrorCode {
        match self {
            Denial::Unauthenticated => ErrorCode::Unauthenticated,
            Denial::NotFound => ErrorCode::NotFound,
            Denial::Forbidden | Denial::ReadOnlyCredential => ErrorCode::Forbidden,
        }
    }
}

/// Whether the viewer manages the item (may see it in any status and edit it, scope allowing).
fn manages(member: &MemberViewer, audience: &Audience) -> bool {
    audience.authors.contains(&member.id) || member.is_editor_of(audience.agency)
}

/// Whether `viewer` may read an item with `audience`.
pub fn can_read(viewer: &Viewer, audience: &Audience) -> bool {
    let in_audience = match (viewer, audience.visibility) {
        (_, Visibility::Public) => true,
        (Viewer::Anonymous, _) => false,
        (Viewer::Member(_), Visibility::Network) => true,
        (Viewer::Member(member), Visibility::Agency) => member.agency == audience.agency,
        (Viewer::Member(member), Visibility::Group(group)) => member.groups.contains(&group),
    };
    let published = audience.status == PublicationStatus::Published;
    (published && in_audience) || viewer.member().is_some_and(|member| manages(member, audience))
}

/// Whether `viewer` may manage `agency`'s settings (identity providers): its agency admins
/// and network admins, with a write credential.
pub fn can_manage_agency(viewer: &Viewer, agency: AgencyId) -> Result<(), Denial> {
    let member = viewer.member().ok_or(Denial::Unauthenticated)?;
    if !member.administers(agency) {
        return Err(Denial::Forbidden);
    }
    if member.scope < Scope::Write {
        return Err(Denial::ReadOnlyCredential);
    }
    Ok(())
}

/// Whether `viewer` may edit, publish or withdraw an item with `audience`.
pub fn can_edit(viewer: &Viewer, audience: &Audience) -> Result<(), Denial> {
    let Viewer::Member(member) = viewer else {
        return Err(Denial::Unauthenticated);
    };
    if !can_read(viewer, audience) {
        return Err(Denial::NotFound);
    }
    if !manages(member, audience) {
        return Err(Denial::Forbidden);
    }
    if member.scope < Scope::Write {
        return Err(Denial::ReadOnlyCredential);
    }
    Ok(())
}

/// Whether `viewer` may create content owned by `agency` (members create in their own agency)
/// with `visibility` (group visibility needs membership of the group).
pub fn can_create(viewer: &Viewer, agency: AgencyId, visibility: Visibility) -> Result<(), Denial> {
    let Viewer::Member(member) = viewer else {
        return Err(Denial::Unauthenticated);
    };
    if member.agency != agency {
        return Err(Denial::Forbidden);
    }
    if let Visibility::Group(group) = visibility
        && !member.groups.contains(&group)
    {
        return Err(Denial::Forbidden);
    }
    if member.scope < Scope::Write {
        return Err(Denial::ReadOnlyCredential);
    }
    Ok(())
}

/// Whether `viewer` may speak for their own agency: rate platforms, assess its threats, adopt
/// or fork guidelines. Its editors and agency admins may, with a write credential.
pub fn can_speak_for_agency(viewer: &Viewer) -> Result<&MemberViewer, Denial> {
    let member = viewer.member().ok_or(Denial::Unauthenticated)?;
    if !member.is_editor_of(member.agency) {
        return Err(Denial::Forbidden);
    }
    if member.scope < Scope::Write {
        return Err(Denial::ReadOnlyCredential);
    }
    Ok(member)
}

/// Whether `viewer` may suspend or reinstate `target`: network admins anyone but themselves;
/// agency admins the members of their own agency who hold no administrator role.
pub fn can_suspend(viewer: &MemberViewer, target: &crate::member::Member) -> bool {
    if viewer.id == target.id || viewer.scope < Scope::Write {
        return false;
    }
    if viewer.has_role(Role::NetworkAdmin) {
        return true;
    }
    let target_is_admin = target.has_role(Role::AgencyAdmin) || target.has_role(Role::NetworkAdmin);
    viewer.agency == target.agency && viewer.has_role(Role::AgencyAdmin) && !target_is_admin
}

/// Whether `viewer` may read `member`'s profile and find them in the directory: as the member
/// chose (anyone, members of the network, or nobody), and always the member themself and the
/// administrators who manage them.
pub fn can_see_profile(viewer: &Viewer, member: &crate::member::Member) -> bool {
    use crate::profile::ProfileVisibility;
    match member.profile.visibility {
        ProfileVisibility::Public => true,
        ProfileVisibility::Network => viewer.member().is_some(),
        ProfileVisibility::Hidden => viewer
            .member()
            .is_some_and(|v| v.id == member.id || v.administers(member.agency)),
    }
}

/// Whether `viewer` may administer agencies and members network-wide.
pub fn can_administer_network(viewer: &Viewer) -> Result<(), Denial> {
    match viewer {
        Viewer::Anonymous => Err(Denial::Unauthenticated),
        Viewer::Member(member) if member.has_role(Role::NetworkAdmin) && member.scope == Scope::Write => Ok(()),
        Viewer::Member(_) => Err(Denial::Forbidden),
    }
}

/// Whether `viewer` may read network-wide analytics (search analytics): network admins, with
/// any credential (reading changes nothing).
pub fn can_read_network_analytics(viewer: &Viewer) -> Result<(), Denial> {
    match viewer {
        Viewer::Anonymous => Err(Denial::Unauthenticated),
        Viewer::Member(member) if member.has_role(Role::NetworkAdmin) => Ok(()),
        Viewer::Member(_) => Err(Denial::Forbidden),
    }
}

/// The facts a storage query needs to filter a list to what `viewer` may read, consistent with
/// [`can_read`]: published items whose audience includes the viewer, plus items the viewer manages.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReadScope {
    /// Whether the viewer is signed in (sees `network`).
    pub signed_in: bool,
    /// The viewer's agency (sees its `agency` items).
    pub agency: Option<AgencyId>,
    /// Groups the viewer belongs to (sees their `group` items).
    pub groups: Vec<GroupId>,
    /// The viewer (sees and manages what they authored).
    pub member: Option<MemberId>,
    /// The agency whose items the viewer manages in every status (editors and admins).
    pub managed_agency: Option<AgencyId>,
}

impl ReadScope {
    /// The read scope of `viewer`.
    pub fn of(viewer: &Viewer) -> Self {
        match viewer {
            Viewer::Anonymous => Self::default(),
            Viewer::Member(member) => Self {
                signed_in: true,
                agency: Some(member.agency),
                groups: member.groups.clone(),
                member: Some(member.id),
                managed_agency: member.is_editor_of(member.agency).then_some(member.agency),
            },
        }
    }
}

#[cfg(test)]
mod tests;
