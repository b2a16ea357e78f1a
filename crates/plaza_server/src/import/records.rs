//! The JSONL record format shared by `plaza import`, `plaza export` and the demo network.

use chrono::{DateTime, NaiveDate, Utc};

/// One line of an import file.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record {
    /// An agency.
    Agency(AgencyRecord),
    /// A member.
    Member(MemberRecord),
    /// A case study.
    CaseStudy(Box<CaseStudyRecord>),
    /// A practice.
    Practice(PracticeRecord),
    /// A guideline with its versions, oldest first.
    Guideline(GuidelineRecord),
    /// An agency's dated rating of a platform.
    PlatformRating(PlatformRatingRecord),
    /// An agency's dated threat self-assessment.
    ThreatAssessment(ThreatAssessmentRecord),
    /// An agency's adoption or fork of a guideline version.
    GuidelineAdoption(AdoptionRecord),
    /// A file an item has; its bytes are in the backup's `.files` directory (see
    /// `attachments::archive`).
    Attachment(AttachmentRecord),
}

/// An attachment line of a backup: `item` is the external id of the item that has it,
/// `uploaded_by` an e-mail; the file is `<id>` (and its thumbnail `<id>.mini`) in the
/// directory beside the backup.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct AttachmentRecord {
    pub id: String,
    pub item: String,
    pub name: String,
    pub media_type: String,
    pub size: u64,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub sha256: String,
    pub uploaded_by: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// One dimension's score in a rating line.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreRecord {
    pub dimension: String,
    pub score: i64,
    pub justification: String,
}

/// A platform rating line; `agency` is a slug, `author` an e-mail, `cases` external ids.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlatformRatingRecord {
    pub external_id: String,
    pub agency: String,
    pub author: String,
    pub platform: String,
    pub rated_on: NaiveDate,
    #[serde(default)]
    pub visibility: Option<String>,
    pub scores: Vec<ScoreRecord>,
    #[serde(default)]
    pub cases: Vec<String>,
    #[serde(default)]
    pub created_at: Option<DateTime<Utc>>,
}

/// One threat's answer in an assessment line.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerRecord {
    pub threat: String,
    pub level: String,
    #[serde(default)]
    pub note: String,
}

/// A threat self-assessment line.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ThreatAssessmentRecord {
    pub external_id: String,
    pub agency: String,
    pub author: String,
    pub assessed_on: NaiveDate,
    pub answers: Vec<AnswerRecord>,
    #[serde(default)]
    pub created_at: Option<DateTime<Utc>>,
}

/// An adoption line; `guideline` and `fork` are external ids of guidelines.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct AdoptionRecord {
    pub external_id: String,
    pub agency: String,
    pub author: String,
    pub guideline: String,
    pub version: u32,
    /// `adopt` or `fork`.
    pub kind: String,
    #[serde(default)]
    pub fork: Option<String>,
    pub adopted_at: DateTime<Utc>,
}

/// An agency line.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct AgencyRecord {
    pub external_id: String,
    pub slug: String,
    pub name: String,
    pub level: String,
    pub country: String,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub email_domains: Vec<String>,
}

/// A member line; `agency` is a slug.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct MemberRecord {
    pub external_id: String,
    pub email: String,
    pub name: String,
    pub agency: String,
    #[serde(default)]
    pub roles: Vec<String>,
}

/// What every content line shares; `agency` is a slug, `authors` are e-mails.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
pub struct ContentHeader {
    pub external_id: String,
    pub agency: String,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default = "published")]
    pub status: String,
    #[serde(default)]
    pub visibility: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub licence: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub created_at: Option<DateTime<Utc>>,
    /// When the item is due for review (a year after its last update when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_by: Option<NaiveDate>,
}

fn published() -> String {
    "published".to_owned()
}

/// A metric inside a case study line.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct MetricRecord {
    pub metric: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    pub unit: String,
    #[serde(default)]
    pub baseline: Option<f64>,
    #[serde(default)]
    pub target: Option<f64>,
    #[serde(default)]
    pub actual: Option<f64>,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    #[serde(default)]
    pub method: String,
    pub evidence_level: String,
}

/// A case study line.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
pub struct CaseStudyRecord {
    #[serde(flatten)]
    pub header: ContentHeader,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub context: String,
    pub objectives: Vec<String>,
    #[serde(default)]
    pub actions: String,
    #[serde(default)]
    pub platforms: Vec<String>,
    #[serde(default)]
    pub formats: Vec<String>,
    #[serde(default)]
    pub team: String,
    #[serde(default)]
    pub budget: String,
    #[serde(default)]
    pub tools: Vec<String>,
    #[serde(default)]
    pub metrics: Vec<MetricRecord>,
    #[serde(default)]
    pub lessons: String,
    #[serde(default)]
    pub threats: Vec<String>,
    #[serde(default)]
    pub dimensions: Vec<String>,
    #[serde(default)]
    pub stage: Option<String>,
    #[serde(default)]
    pub started_on: Option<NaiveDate>,
    #[serde(default)]
    pub ended_on: Option<NaiveDate>,
    /// External id of the case study this one replicates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicates: Option<String>,
}

/// A practice line.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
pub struct PracticeRecord {
    #[serde(flatten)]
    pub header: ContentHeader,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub objectives: Vec<String>,
    #[serde(default)]
    pub platforms: Vec<String>,
    #[serde(default)]
    pub dimensions: Vec<String>,
    #[serde(default)]
    pub threats: Vec<String>,
}

/// One version inside a guideline line.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct VersionRecord {
    pub body: String,
    #[serde(default)]
    pub changelog: String,
}

/// A guideline line.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
pub struct GuidelineRecord {
    #[serde(flatten)]
    pub header: ContentHeader,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    pub versions: Vec<VersionRecord>,
}
