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
mod tests {
    use super::*;

    struct World {
        agency_a: AgencyId,
        agency_b: AgencyId,
        group: GroupId,
        author: MemberId,
    }

    fn world() -> World {
        World {
            agency_a: AgencyId::generate(),
            agency_b: AgencyId::generate(),
            group: GroupId::generate(),
            author: MemberId::generate(),
        }
    }

    fn member(agency: AgencyId, roles: &[Role], groups: &[GroupId], scope: Scope) -> Viewer {
        Viewer::Member(MemberViewer {
            id: MemberId::generate(),
            agency,
            roles: roles.to_vec(),
            groups: groups.to_vec(),
            scope,
        })
    }

    #[test]
    fn only_admins_suspend_and_agency_admins_only_their_agencys_non_admins() {
        let (a, b) = (AgencyId::generate(), AgencyId::generate());
        let person = |agency, roles: &[Role]| crate::member::Member {
            id: MemberId::generate(),
            email: crate::text::Email::parse("p@example.org").unwrap(),
            name: crate::text::Name::parse("P").unwrap(),
            agency,
            roles: roles.to_vec(),
            suspension: None,
            profile: Default::default(),
        };
        let as_viewer = |m: &crate::member::Member, scope| MemberViewer {
            id: m.id,
            agency: m.agency,
            roles: m.roles.clone(),
            groups: Vec::new(),
            scope,
        };
        let network = person(b, &[Role::NetworkAdmin]);
        let admin_a = person(a, &[Role::AgencyAdmin]);
        let moderator_a = person(a, &[Role::Moderator]);
        let plain_a = person(a, &[]);
        let other_admin_a = person(a, &[Role::AgencyAdmin]);
        let plain_b = person(b, &[]);

        let network_v = as_viewer(&network, Scope::Write);
        assert!(can_suspend(&network_v, &plain_a) && can_suspend(&network_v, &admin_a));
        assert!(!can_suspend(&network_v, &network), "never oneself");
        assert!(
            !can_suspend(&as_viewer(&network, Scope::Read), &plain_a),
            "a read token cannot"
        );

        let admin_v = as_viewer(&admin_a, Scope::Write);
        assert!(can_suspend(&admin_v, &plain_a) && can_suspend(&admin_v, &moderator_a));
        assert!(!can_suspend(&admin_v, &other_admin_a), "not another admin");
        assert!(!can_suspend(&admin_v, &plain_b), "not another agency's member");
        assert!(!can_suspend(&admin_v, &network));
        assert!(
            !can_suspend(&as_viewer(&moderator_a, Scope::Write), &plain_a),
            "moderators do not"
        );
    }

    #[test]
    fn profiles_are_seen_as_their_members_chose() {
        use crate::profile::ProfileVisibility::{Hidden, Network, Public};
        let w = world();
        let mut profile_of = crate::member::Member {
            id: w.author,
            email: crate::text::Email::parse("p@example.org").unwrap(),
            name: crate::text::Name::parse("P").unwrap(),
            agency: w.agency_a,
            roles: Vec::new(),
            suspension: None,
            profile: Default::default(),
        };
        // Who sees a hidden profile: the member, admins of A and network admins.
        let sees_hidden = ["admin of A", "network admin in B", "author"];
        for (name, viewer) in viewers(&w) {
            for visibility in [Public, Network, Hidden] {
                profile_of.profile.visibility = visibility;
                let expected = match visibility {
                    Public => true,
                    Network => name != "anonymous",
                    Hidden => sees_hidden.contains(&name),
                };
                assert_eq!(can_see_profile(&viewer, &profile_of), expected, "{name} / {visibility}");
            }
        }
    }

    /// Every viewer kind the policy distinguishes, with a name for failure messages.
    fn viewers(w: &World) -> Vec<(&'static str, Viewer)> {
        vec![
            ("anonymous", Viewer::Anonymous),
            ("member of A", member(w.agency_a, &[], &[], Scope::Write)),
            ("member of B", member(w.agency_b, &[], &[], Scope::Write)),
            ("editor of A", member(w.agency_a, &[Role::Editor], &[], Scope::Write)),
            ("editor of B", member(w.agency_b, &[Role::Editor], &[], Scope::Write)),
            (
                "admin of A",
                member(w.agency_a, &[Role::AgencyAdmin], &[], Scope::Write),
            ),
            ("group member in B", member(w.agency_b, &[], &[w.group], Scope::Write)),
            (
                "network admin in B",
                member(w.agency_b, &[Role::NetworkAdmin], &[], Scope::Write),
            ),
            (
                "moderator of A",
                member(w.agency_a, &[Role::Moderator], &[], Scope::Write),
            ),
            (
                "author",
                Viewer::Member(MemberViewer {
                    id: w.author,
                    agency: w.agency_a,
                    roles: vec![],
                    groups: vec![],
                    scope: Scope::Write,
                }),
            ),
            (
                "read-only editor of A",
                member(w.agency_a, &[Role::Editor], &[], Scope::Read),
            ),
        ]
    }

    /// The expected answer, written as a table rather than derived from the rules.
    fn expected_read(viewer: &str, visibility: &str, status: PublicationStatus) -> bool {
        let manager = matches!(
            viewer,
            "editor of A" | "admin of A" | "author" | "read-only editor of A"
        );
        if status != PublicationStatus::Published {
            return manager;
        }
        match visibility {
            "public" => true,
            "network" => viewer != "anonymous",
            "agency" => matches!(
                viewer,
                "member of A" | "editor of A" | "admin of A" | "moderator of A" | "author" | "read-only editor of A"
            ),
            "group" => viewer == "group member in B" || manager,
            _ => false,
        }
    }

    #[test]
    fn read_policy_matches_the_table_for_every_viewer_visibility_and_status() {
        let w = world();
        let visibilities = [
            ("public", Visibility::Public),
            ("network", Visibility::Network),
            ("agency", Visibility::Agency),
            ("group", Visibility::Group(w.group)),
        ];
        let statuses = [
            PublicationStatus::Draft,
            PublicationStatus::Published,
            PublicationStatus::Withdrawn,
        ];
        let mut cases = 0;
        for (viewer_name, viewer) in viewers(&w) {
            for (visibility_name, visibility) in visibilities {
                for status in statuses {
                    let audience = Audience {
                        agency: w.agency_a,
                        visibility,
                        status,
                        authors: vec![w.author],
                    };
                    assert_eq!(
                        can_read(&viewer, &audience),
                        expected_read(viewer_name, visibility_name, status),
                        "{viewer_name} reading {visibility_name} {status:?}"
                    );
                    cases += 1;
                }
            }
        }
        assert_eq!(cases, 11 * 4 * 3);
    }

    #[test]
    fn edit_policy_separates_unauthenticated_not_found_forbidden_and_read_only() {
        let w = world();
        let agency_item = Audience {
            agency: w.agency_a,
            visibility: Visibility::Agency,
            status: PublicationStatus::Published,
            authors: vec![w.author],
        };
        let by_name: std::collections::HashMap<_, _> = viewers(&w).into_iter().collect();
        assert_eq!(
            can_edit(&by_name["anonymous"], &agency_item),
            Err(Denial::Unauthenticated)
        );
        assert_eq!(can_edit(&by_name["editor of B"], &agency_item), Err(Denial::NotFound));
        assert_eq!(can_edit(&by_name["member of A"], &agency_item), Err(Denial::Forbidden));
        assert_eq!(
            can_edit(&by_name["moderator of A"], &agency_item),
            Err(Denial::Forbidden)
        );
        assert_eq!(
            can_edit(&by_name["read-only editor of A"], &agency_item),
            Err(Denial::ReadOnlyCredential)
        );
        assert_eq!(can_edit(&by_name["editor of A"], &agency_item), Ok(()));
        assert_eq!(can_edit(&by_name["admin of A"], &agency_item), Ok(()));
        assert_eq!(can_edit(&by_name["author"], &agency_item), Ok(()));

        let network_item = Audience {
            visibility: Visibility::Network,
            ..agency_item
        };
        assert_eq!(can_edit(&by_name["editor of B"], &network_item), Err(Denial::Forbidden));
        assert_eq!(
            can_edit(&by_name["network admin in B"], &network_item),
            Err(Denial::Forbidden)
        );
    }

    #[test]
    fn members_create_only_in_their_own_agency_and_groups() {
        let w = world();
        let by_name: std::collections::HashMap<_, _> = viewers(&w).into_iter().collect();
        assert_eq!(
            can_create(&by_name["anonymous"], w.agency_a, Visibility::Public),
            Err(Denial::Unauthenticated)
        );
        assert_eq!(
            can_create(&by_name["member of A"], w.agency_a, Visibility::Network),
            Ok(())
        );
        assert_eq!(
            can_create(&by_name["member of A"], w.agency_b, Visibility::Network),
            Err(Denial::Forbidden)
        );
        assert_eq!(
            can_create(&by_name["member of A"], w.agency_a, Visibility::Group(w.group)),
            Err(Denial::Forbidden)
        );
        assert_eq!(
            can_create(&by_name["read-only editor of A"], w.agency_a, Visibility::Public),
            Err(Denial::ReadOnlyCredential)
        );
    }

    #[test]
    fn only_editors_and_agency_admins_speak_for_their_agency() {
        let w = world();
        let member = |roles: Vec<Role>, scope: Scope| {
            Viewer::Member(MemberViewer {
                id: w.author,
                agency: w.agency_a,
                roles,
                groups: vec![],
                scope,
            })
        };
        assert_eq!(
            can_speak_for_agency(&Viewer::Anonymous).err(),
            Some(Denial::Unauthenticated)
        );
        assert_eq!(
            can_speak_for_agency(&member(vec![], Scope::Write)).err(),
            Some(Denial::Forbidden)
        );
        assert_eq!(
            can_speak_for_agency(&member(vec![Role::NetworkAdmin], Scope::Write)).err(),
            Some(Denial::Forbidden)
        );
        assert!(can_speak_for_agency(&member(vec![Role::Editor], Scope::Write)).is_ok());
        assert!(can_speak_for_agency(&member(vec![Role::AgencyAdmin], Scope::Write)).is_ok());
        assert_eq!(
            can_speak_for_agency(&member(vec![Role::Editor], Scope::Read)).err(),
            Some(Denial::ReadOnlyCredential)
        );
    }

    #[test]
    fn only_network_admins_with_write_scope_administer_the_network() {
        let w = world();
        let by_name: std::collections::HashMap<_, _> = viewers(&w).into_iter().collect();
        assert_eq!(can_administer_network(&by_name["network admin in B"]), Ok(()));
        assert_eq!(can_administer_network(&by_name["admin of A"]), Err(Denial::Forbidden));
        assert_eq!(can_administer_network(&Viewer::Anonymous), Err(Denial::Unauthenticated));
    }

    #[test]
    fn only_network_admins_read_network_analytics() {
        let w = world();
        let by_name: std::collections::HashMap<_, _> = viewers(&w).into_iter().collect();
        assert_eq!(can_read_network_analytics(&by_name["network admin in B"]), Ok(()));
        assert_eq!(
            can_read_network_analytics(&by_name["admin of A"]),
            Err(Denial::Forbidden)
        );
        assert_eq!(
            can_read_network_analytics(&by_name["editor of A"]),
            Err(Denial::Forbidden)
        );
        assert_eq!(
            can_read_network_analytics(&Viewer::Anonymous),
            Err(Denial::Unauthenticated)
        );
    }

    #[test]
    fn the_read_scope_of_an_editor_names_the_managed_agency() {
        let w = world();
        let by_name: std::collections::HashMap<_, _> = viewers(&w).into_iter().collect();
        assert_eq!(ReadScope::of(&by_name["editor of A"]).managed_agency, Some(w.agency_a));
        assert_eq!(ReadScope::of(&by_name["member of A"]).managed_agency, None);
        assert_eq!(ReadScope::of(&Viewer::Anonymous), ReadScope::default());
    }
}
