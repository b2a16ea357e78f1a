//! Members' profiles and the directory's candidates.

use std::collections::HashMap;

use chrono::Utc;
use plaza_domain::ids::{AgencyId, GroupId, MemberId};
use plaza_domain::member::Member;
use plaza_domain::profile::Profile;
use plaza_domain::taxonomy::{Objective, Platform};
use plaza_domain::text::Name;
use serde_json::{Map, Value as Json, json};

use crate::connect::{Store, take_rows};
use crate::doc::timestamp;
use crate::error::StorageError;
use crate::members::MemberRow;

/// Most members the directory ranks for one question (after the filters).
pub const DIRECTORY_CANDIDATES_MAX: usize = 5000;

/// Narrows the directory (each filter optional; all given must hold).
#[derive(Debug, Clone, Default)]
pub struct DirectoryFilter {
    /// Members of these agencies only (already narrowed by slug, level or country).
    pub agencies: Option<Vec<AgencyId>>,
    /// Who know this platform.
    pub platform: Option<Platform>,
    /// Who worked towards this objective.
    pub objective: Option<Objective>,
    /// Who work in this language (a code).
    pub language: Option<String>,
    /// Members of this group.
    pub group: Option<GroupId>,
    /// Public profiles only (for anonymous viewers); hidden ones are still returned otherwise,
    /// and the caller applies the policy.
    pub public_only: bool,
}

/// A member the directory may show, with how active they are.
#[derive(Debug, Clone)]
pub struct DirectoryCandidate {
    /// The member.
    pub member: Member,
    /// Published case studies, practices and guidelines they co-authored that are open to the
    /// whole network (only the public ones when counted for an anonymous viewer).
    pub activity: u64,
}

impl Store {
    /// Replaces a member's profile. The display name, when set, is the name shown everywhere;
    /// the identity provider's name stays underneath for when it is cleared.
    pub async fn set_profile(&self, member: MemberId, profile: &Profile) -> Result<(), StorageError> {
        let doc = json!({
            "display_name": profile.display_name.as_ref().map(Name::as_str),
            "title": profile.title,
            "bio": profile.bio,
            "platforms": profile.platforms.iter().map(|p| p.code()).collect::<Vec<_>>(),
            "objectives": profile.objectives.iter().map(|o| o.code()).collect::<Vec<_>>(),
            "skills": profile.skills,
            "languages": profile.languages,
            "links": profile.links,
            "profile_visibility": profile.visibility.code(),
            "interface_language": profile.interface_language,
            "profile_updated_at": timestamp(Utc::now()),
        });
        let clause = crate::doc::set_clause(doc.as_object().unwrap_or(&Map::new()));
        let sql = format!("UPDATE type::record('member', $key) SET {clause} WHERE id != NONE RETURN NONE");
        self.execute(&sql, json!({ "key": member.as_string(), "doc": doc }))
            .await?;
        Ok(())
    }

    /// The members the directory may rank for `filter`, at most [`DIRECTORY_CANDIDATES_MAX`],
    /// with their activity.
    pub async fn directory_candidates(
        &self,
        filter: &DirectoryFilter,
    ) -> Result<Vec<DirectoryCandidate>, StorageError> {
        let mut conditions = vec!["true".to_owned()];
        let mut vars = Map::new();
        if let Some(agencies) = &filter.agencies {
            conditions.push("agency IN $agencies".into());
            vars.insert(
                "agencies".into(),
                json!(agencies.iter().map(AgencyId::as_string).collect::<Vec<_>>()),
            );
        }
        if let Some(platform) = filter.platform {
            conditions.push("(platforms ?? []) CONTAINS $platform".into());
            vars.insert("platform".into(), json!(platform.code()));
        }
        if let Some(objective) = filter.objective {
            conditions.push("(objectives ?? []) CONTAINS $objective".into());
            vars.insert("objective".into(), json!(objective.code()));
        }
        if let Some(language) = &filter.language {
            conditions.push("(languages ?? []) CONTAINS $language".into());
            vars.insert("language".into(), json!(language));
        }
        if let Some(group) = filter.group {
            conditions.push("groups CONTAINS $group".into());
            vars.insert("group".into(), json!(group.as_string()));
        }
        if filter.public_only {
            conditions.push("profile_visibility = 'public'".into());
        }
        let open: &[&str] = if filter.public_only {
            &["public"]
        } else {
            &["public", "network"]
        };
        vars.insert("open".into(), json!(open));
        vars.insert("limit".into(), json!(DIRECTORY_CANDIDATES_MAX));
        let published = |table: &str| {
            format!(
                "SELECT authors, count() AS n FROM (SELECT authors FROM {table} WHERE status = 'published' \
                 AND visibility IN $open SPLIT authors) GROUP BY authors;"
            )
        };
        let sql = format!(
            "SELECT * FROM member WHERE {} LIMIT $limit;\n{}\n{}\n{}",
            conditions.join(" AND "),
            published("case_study"),
            published("practice"),
            published("guideline"),
        );
        let mut response = self.execute(&sql, Json::Object(vars)).await?;
        let rows: Vec<MemberRow> = take_rows(&mut response, 0)?;
        let mut activity: HashMap<String, u64> = HashMap::new();
        for index in 1..=3 {
            let counts: Vec<AuthorCount> = take_rows(&mut response, index)?;
            for count in counts {
                *activity.entry(count.authors).or_default() += count.n;
            }
        }
        rows.into_iter()
            .map(|row| {
                let (member, _) = row.into_member()?;
                let activity = activity.get(&member.id.as_string()).copied().unwrap_or_default();
                Ok(DirectoryCandidate { member, activity })
            })
            .collect()
    }
}

#[derive(Debug, serde::Deserialize)]
struct AuthorCount {
    authors: String,
    n: u64,
}
