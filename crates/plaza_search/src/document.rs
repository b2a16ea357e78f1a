//! What gets indexed: a flat, audience-tagged document built from a domain item, and the
//! audience keys of viewers. Only published items are indexed; the audience keys mirror
//! `plaza_domain::policy::can_read` for published items (tested below).

use chrono::{DateTime, NaiveDate, Utc};
use plaza_domain::content::{Audience, Language, PublicationStatus, Visibility};
use plaza_domain::item::ContentKind;
use plaza_domain::policy::Viewer;

/// Parses a kind's code or a Spanish/English alias (`caso`, `practica`, `guia`…), as typed after
/// `tipo:`.
pub fn kind_alias(raw: &str) -> Option<ContentKind> {
    match raw {
        "case_study" | "case" | "caso" | "casos" | "case_studies" => Some(ContentKind::CaseStudy),
        "practice" | "practica" | "practicas" | "practices" | "tip" => Some(ContentKind::Practice),
        "guideline" | "guia" | "guias" | "guidelines" | "guide" => Some(ContentKind::Guideline),
        "discussion" | "discussions" | "discusion" | "discusiones" | "debate" | "pregunta" | "preguntas"
        | "question" | "questions" => Some(ContentKind::Discussion),
        _ => None,
    }
}

/// A flat document for the index.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchDocument {
    /// Kind.
    pub kind: ContentKind,
    /// The item's key (ULID).
    pub key: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Taxonomy labels (es and en) and tags: indexed with the summary.
    pub about: String,
    /// Everything else (sections, body, lessons…).
    pub body: String,
    /// Language of the text.
    pub language: Language,
    /// Owning agency id and slug.
    pub agency: (String, String),
    /// Level code of the owning agency.
    pub level: String,
    /// Country code of the owning agency.
    pub country: String,
    /// Taxonomy filters: (`platform`, `tiktok`), (`objective`, `citizen_service`)…
    pub taxonomy: Vec<(&'static str, String)>,
    /// Tags.
    pub tags: Vec<String>,
    /// When it was published (or created).
    pub published: DateTime<Utc>,
    /// Who may read it (see [`audience_keys`]).
    pub audience: Vec<String>,
}

impl SearchDocument {
    /// The unique id in the index.
    pub fn id(&self) -> String {
        format!("{}:{}", self.kind.code(), self.key)
    }

    /// Days since 1970-01-01 of publication.
    pub fn day(&self) -> i64 {
        day_number(self.published.date_naive())
    }
}

/// Days since 1970-01-01.
pub fn day_number(date: NaiveDate) -> i64 {
    (date - NaiveDate::default()).num_days()
}

/// The audience keys of an item, or `None` if it must not be in the index (not published).
pub fn audience_keys(audience: &Audience) -> Option<Vec<String>> {
    if audience.status != PublicationStatus::Published {
        return None;
    }
    let mut keys = vec![match audience.visibility {
        Visibility::Public => "public".to_owned(),
        Visibility::Network => "network".to_owned(),
        Visibility::Agency => format!("agency:{}", audience.agency),
        Visibility::Group(group) => format!("group:{group}"),
    }];
    // Those who manage an item read it whatever its visibility (see the policy).
    keys.push(format!("managed:{}", audience.agency));
    keys.extend(audience.authors.iter().map(|author| format!("author:{author}")));
    Some(keys)
}

/// The audience keys a viewer may see. Search shows published items only, even to their
/// editors (drafts are reached through lists); among those, exactly what `can_read` allows.
pub fn viewer_keys(viewer: &Viewer) -> Vec<String> {
    let mut keys = vec!["public".to_owned()];
    if let Some(member) = viewer.member() {
        keys.push("network".to_owned());
        keys.push(format!("agency:{}", member.agency));
        keys.extend(member.groups.iter().map(|group| format!("group:{group}")));
        keys.push(format!("author:{}", member.id));
        if member.is_editor_of(member.agency) {
            keys.push(format!("managed:{}", member.agency));
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use plaza_domain::ids::{AgencyId, GroupId, MemberId};
    use plaza_domain::member::Role;
    use plaza_domain::policy::{MemberViewer, Scope, can_read};

    #[test]
    fn index_audience_matches_the_read_policy_for_published_items_and_excludes_the_rest() {
        let agency = AgencyId::generate();
        let other = AgencyId::generate();
        let group = GroupId::generate();
        let author = MemberId::generate();
        let member = |agency, roles: Vec<Role>, groups: Vec<GroupId>| {
            Viewer::Member(MemberViewer {
                id: MemberId::generate(),
                agency,
                roles,
                groups,
                scope: Scope::Write,
            })
        };
        let viewers = [
            Viewer::Anonymous,
            member(agency, vec![], vec![]),
            member(agency, vec![Role::Editor], vec![]),
            Viewer::Member(MemberViewer {
                id: author,
                agency,
                roles: vec![],
                groups: vec![],
                scope: Scope::Read,
            }),
            member(other, vec![], vec![]),
            member(other, vec![Role::NetworkAdmin], vec![]),
            member(other, vec![], vec![group]),
        ];
        let mut checked = 0;
        for visibility in [
            Visibility::Public,
            Visibility::Network,
            Visibility::Agency,
            Visibility::Group(group),
        ] {
            for status in [
                PublicationStatus::Draft,
                PublicationStatus::Published,
                PublicationStatus::Withdrawn,
            ] {
                let item = Audience {
                    agency,
                    visibility,
                    status,
                    authors: vec![author],
                };
                for viewer in &viewers {
                    let in_index = audience_keys(&item)
                        .is_some_and(|keys| keys.iter().any(|key| viewer_keys(viewer).contains(key)));
                    let allowed = can_read(viewer, &item) && status == PublicationStatus::Published;
                    assert_eq!(in_index, allowed, "{viewer:?} {visibility:?} {status:?}");
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 4 * 3 * 7);
    }
}
