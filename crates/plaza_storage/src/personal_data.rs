//! Everything the system of record holds about one member, for their right of access and
//! portability (GDPR arts. 15 and 20): their account and profile, how they sign in (never a
//! secret), what they wrote, gave, reported and were told. Other people's data is left out:
//! reports about the member's posts, other members' replies in their threads.

use plaza_domain::ids::MemberId;
use serde_json::{Map, Value as Json, json};

use crate::connect::{Store, take_rows};
use crate::error::StorageError;

/// Each part of the export: its name in the file, and the query reading it (`$m` is the
/// member's key). Secrets (token and feed-key hashes, sealed id tokens, session keys) are
/// omitted.
pub const PERSONAL_DATA: &[(&str, &str)] = &[
    ("account", "SELECT * FROM type::record('member', $m)"),
    ("identities", "SELECT * FROM identity WHERE member = $m"),
    (
        "sessions",
        "SELECT * OMIT id, id_token_sealed FROM session WHERE member = $m",
    ),
    ("apiTokens", "SELECT * OMIT token_hash FROM api_token WHERE member = $m"),
    (
        "privateFeedKeys",
        "SELECT * OMIT hash, sealed FROM feed_key WHERE member = $m",
    ),
    (
        "digestPreference",
        "SELECT * FROM type::record('digest_preference', $m)",
    ),
    ("groupMemberships", "SELECT * FROM community_member WHERE member = $m"),
    ("groupsCreated", "SELECT * FROM community WHERE created_by = $m"),
    ("caseStudies", "SELECT * FROM case_study WHERE authors CONTAINS $m"),
    ("practices", "SELECT * FROM practice WHERE authors CONTAINS $m"),
    ("guidelines", "SELECT * FROM guideline WHERE authors CONTAINS $m"),
    ("guidelineVersions", "SELECT * FROM guideline_version WHERE author = $m"),
    ("discussions", "SELECT * FROM discussion WHERE authors CONTAINS $m"),
    ("replies", "SELECT * FROM reply WHERE author = $m"),
    ("revisions", "SELECT * FROM revision WHERE edited_by = $m"),
    ("signals", "SELECT * FROM signal WHERE member = $m"),
    ("notifications", "SELECT * FROM notification WHERE recipient = $m"),
    ("reportsFiled", "SELECT * FROM report WHERE reporter = $m"),
    ("moderationActions", "SELECT * FROM audit WHERE actor = $m"),
    (
        "moderationOfThisMember",
        "SELECT * FROM audit WHERE target_kind = 'member' AND target = $m",
    ),
    ("platformRatings", "SELECT * FROM platform_rating WHERE author = $m"),
    ("threatAssessments", "SELECT * FROM threat_assessment WHERE author = $m"),
    ("adoptions", "SELECT * FROM adoption WHERE adopted_by = $m"),
    ("replications", "SELECT * FROM replication WHERE linked_by = $m"),
    ("attachments", "SELECT * FROM attachment WHERE uploaded_by = $m"),
];

impl Store {
    /// Every part of [`PERSONAL_DATA`] for `member`, as JSON, in one round trip; `None` when
    /// there is no such member.
    pub async fn personal_data(&self, member: MemberId) -> Result<Option<Map<String, Json>>, StorageError> {
        let statements: Vec<&str> = PERSONAL_DATA.iter().map(|(_, sql)| *sql).collect();
        let sql = statements.join(";\n");
        let mut response = self.execute(&sql, json!({ "m": member.as_string() })).await?;
        let mut parts = Map::new();
        for (index, (name, _)) in PERSONAL_DATA.iter().enumerate() {
            let rows: Vec<Json> = take_rows(&mut response, index)?;
            parts.insert((*name).to_owned(), Json::Array(rows));
        }
        let Some(Json::Array(account)) = parts.get("account") else {
            return Ok(None);
        };
        if account.is_empty() {
            return Ok(None);
        }
        Ok(Some(parts))
    }
}
