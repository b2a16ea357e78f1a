//! The policy's tables: who may read, edit, create, suspend and see what.

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
        erased_at: None,
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
        erased_at: None,
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
