//! Platform ratings and threat self-assessments. Both are append-only: a later entry
//! supersedes an earlier one in the aggregates, and the history stays readable.

use plaza_domain::assessment::{ThreatAnswer, ThreatAssessment};
use plaza_domain::content::Visibility;
use plaza_domain::ids::{AgencyId, CaseStudyId, MemberId, PlatformRatingId, ThreatAssessmentId};
use plaza_domain::policy::ReadScope;
use plaza_domain::scorecard::{DimensionScore, PlatformRating};
use plaza_domain::taxonomy::{Dimension, Level, Platform, Threat, ThreatLevel};
use serde_json::{Map, Value as Json, json};

use crate::connect::{Store, record_key};
use crate::doc::{corrupt, date, parse_date, parse_timestamp, set_clause, timestamp};
use crate::error::StorageError;

/// Most ratings or assessments read for one aggregate.
const READ_LIMIT: usize = 10_000;

/// A rating with where its agency sits.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRating {
    /// The rating.
    pub rating: PlatformRating,
    /// The rating agency's level.
    pub level: Level,
    /// The rating agency's country.
    pub country: String,
}

#[derive(Debug, serde::Deserialize)]
struct ScoreRow {
    dimension: String,
    score: u8,
    justification: String,
}

#[derive(Debug, serde::Deserialize)]
struct RatingRow {
    id: String,
    agency: String,
    agency_level: String,
    agency_country: String,
    author: String,
    platform: String,
    rated_on: String,
    scores: Vec<ScoreRow>,
    cases: Vec<String>,
    visibility: String,
    created_at: String,
}

impl RatingRow {
    fn into_stored(self) -> Result<StoredRating, StorageError> {
        let record = self.id.clone();
        let bad = corrupt(&record);
        let scores = self
            .scores
            .into_iter()
            .map(|row| {
                Ok(DimensionScore {
                    dimension: Dimension::parse(&row.dimension).map_err(&bad)?,
                    score: row.score,
                    justification: row.justification,
                })
            })
            .collect::<Result<Vec<_>, StorageError>>()?;
        let cases = self
            .cases
            .iter()
            .map(|case| CaseStudyId::parse(case).map_err(&bad))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(StoredRating {
            rating: PlatformRating {
                id: PlatformRatingId::parse(record_key(&self.id)).map_err(&bad)?,
                agency: AgencyId::parse(&self.agency).map_err(&bad)?,
                author: MemberId::parse(&self.author).map_err(&bad)?,
                platform: Platform::parse(&self.platform).map_err(&bad)?,
                rated_on: parse_date(&self.rated_on, &record)?,
                scores,
                cases,
                visibility: Visibility::parse(&self.visibility, None).map_err(&bad)?,
                created_at: parse_timestamp(&self.created_at, &record)?,
            },
            level: Level::parse(&self.agency_level).map_err(&bad)?,
            country: self.agency_country,
        })
    }
}

#[derive(Debug, serde::Deserialize)]
struct AnswerRow {
    threat: String,
    level: String,
    note: String,
}

#[derive(Debug, serde::Deserialize)]
struct AssessmentRow {
    id: String,
    agency: String,
    author: String,
    assessed_on: String,
    answers: Vec<AnswerRow>,
    created_at: String,
}

impl AssessmentRow {
    fn into_assessment(self) -> Result<ThreatAssessment, StorageError> {
        let record = self.id.clone();
        let bad = corrupt(&record);
        let answers = self
            .answers
            .into_iter()
            .map(|row| {
                Ok(ThreatAnswer {
                    threat: Threat::parse(&row.threat).map_err(&bad)?,
                    level: ThreatLevel::parse(&row.level).map_err(&bad)?,
                    note: row.note,
                })
            })
            .collect::<Result<Vec<_>, StorageError>>()?;
        Ok(ThreatAssessment {
            id: ThreatAssessmentId::parse(record_key(&self.id)).map_err(&bad)?,
            agency: AgencyId::parse(&self.agency).map_err(&bad)?,
            author: MemberId::parse(&self.author).map_err(&bad)?,
            assessed_on: parse_date(&self.assessed_on, &record)?,
            answers,
            created_at: parse_timestamp(&self.created_at, &record)?,
        })
    }
}

fn object(doc: Json) -> Map<String, Json> {
    match doc {
        Json::Object(map) => map,
        _ => Map::new(),
    }
}

/// The WHERE fragment selecting the ratings `scope` may read: public ones, network ones for
/// signed-in viewers, and every rating of the viewer's own agency.
fn rating_filter(scope: &ReadScope, vars: &mut Map<String, Json>) -> &'static str {
    vars.insert("rs_signed_in".into(), json!(scope.signed_in));
    vars.insert(
        "rs_agency".into(),
        json!(scope.agency.map(|a| a.as_string()).unwrap_or_default()),
    );
    "(visibility = 'public' OR (visibility = 'network' AND $rs_signed_in = true) OR agency = $rs_agency)"
}

impl Store {
    /// Stores a rating (ratings are never edited). With `external_id`, importing the same
    /// rating twice stores it once.
    pub async fn insert_platform_rating(
        &self,
        rating: &PlatformRating,
        external_id: Option<&str>,
    ) -> Result<(), StorageError> {
        if self.existing_import::<PlatformRatingId>(external_id).await?.is_some() {
            return Ok(());
        }
        let facts = self.agency_facts(rating.agency).await?;
        let doc = object(json!({
            "agency": rating.agency.as_string(),
            "agency_level": facts.level,
            "agency_country": facts.country,
            "author": rating.author.as_string(),
            "platform": rating.platform.code(),
            "rated_on": date(rating.rated_on),
            "scores": rating.scores.iter().map(|s| json!({
                "dimension": s.dimension.code(),
                "score": s.score,
                "justification": s.justification,
            })).collect::<Vec<_>>(),
            "cases": rating.cases.iter().map(|c| c.as_string()).collect::<Vec<_>>(),
            "visibility": rating.visibility.code(),
            "created_at": timestamp(rating.created_at),
        }));
        let sql = format!(
            "BEGIN TRANSACTION;\nCREATE type::record('platform_rating', $key) SET {} RETURN NONE;\n{}\nCOMMIT TRANSACTION;",
            set_clause(&doc),
            crate::audience::RECORD_IMPORT_REF
        );
        self.execute(
            &sql,
            json!({ "key": rating.id.as_string(), "doc": doc, "external_id": external_id }),
        )
        .await?;
        Ok(())
    }

    /// Ratings `scope` may read, optionally of one platform and/or by one agency, oldest first.
    pub async fn platform_ratings(
        &self,
        scope: &ReadScope,
        platform: Option<Platform>,
        agency: Option<AgencyId>,
    ) -> Result<Vec<StoredRating>, StorageError> {
        let mut vars = Map::new();
        let mut conditions = vec![rating_filter(scope, &mut vars).to_owned()];
        if let Some(platform) = platform {
            conditions.push("platform = $platform".into());
            vars.insert("platform".into(), json!(platform.code()));
        }
        if let Some(agency) = agency {
            conditions.push("agency = $agency".into());
            vars.insert("agency".into(), json!(agency.as_string()));
        }
        vars.insert("limit".into(), json!(READ_LIMIT));
        let sql = format!(
            "SELECT * FROM platform_rating WHERE {} ORDER BY rated_on ASC, created_at ASC LIMIT $limit",
            conditions.join(" AND ")
        );
        let rows: Vec<RatingRow> = self.query_rows(&sql, Json::Object(vars), 0).await?;
        rows.into_iter().map(RatingRow::into_stored).collect()
    }

    /// Stores a threat self-assessment. With `external_id`, importing the same assessment
    /// twice stores it once.
    pub async fn insert_threat_assessment(
        &self,
        assessment: &ThreatAssessment,
        external_id: Option<&str>,
    ) -> Result<(), StorageError> {
        if self.existing_import::<ThreatAssessmentId>(external_id).await?.is_some() {
            return Ok(());
        }
        let facts = self.agency_facts(assessment.agency).await?;
        let doc = object(json!({
            "agency": assessment.agency.as_string(),
            "agency_level": facts.level,
            "agency_country": facts.country,
            "author": assessment.author.as_string(),
            "assessed_on": date(assessment.assessed_on),
            "answers": assessment.answers.iter().map(|a| json!({
                "threat": a.threat.code(),
                "level": a.level.code(),
                "note": a.note,
            })).collect::<Vec<_>>(),
            "created_at": timestamp(assessment.created_at),
        }));
        let sql = format!(
            "BEGIN TRANSACTION;\nCREATE type::record('threat_assessment', $key) SET {} RETURN NONE;\n{}\nCOMMIT TRANSACTION;",
            set_clause(&doc),
            crate::audience::RECORD_IMPORT_REF
        );
        self.execute(
            &sql,
            json!({ "key": assessment.id.as_string(), "doc": doc, "external_id": external_id }),
        )
        .await?;
        Ok(())
    }

    /// Every rating, oldest first (operator tools only: ignores visibility).
    pub async fn all_platform_ratings(&self) -> Result<Vec<PlatformRating>, StorageError> {
        let rows: Vec<RatingRow> = self
            .query_rows("SELECT * FROM platform_rating ORDER BY created_at, id", Json::Null, 0)
            .await?;
        rows.into_iter()
            .map(|row| row.into_stored().map(|s| s.rating))
            .collect()
    }

    /// Every assessment, oldest first (operator tools only: assessments are private).
    pub async fn all_threat_assessments(&self) -> Result<Vec<ThreatAssessment>, StorageError> {
        let rows: Vec<AssessmentRow> = self
            .query_rows("SELECT * FROM threat_assessment ORDER BY created_at, id", Json::Null, 0)
            .await?;
        rows.into_iter().map(AssessmentRow::into_assessment).collect()
    }

    /// An agency's assessments, newest first.
    pub async fn threat_assessments(&self, agency: AgencyId) -> Result<Vec<ThreatAssessment>, StorageError> {
        let rows: Vec<AssessmentRow> = self
            .query_rows(
                "SELECT * FROM threat_assessment WHERE agency = $agency
                 ORDER BY assessed_on DESC, created_at DESC LIMIT $limit",
                json!({ "agency": agency.as_string(), "limit": READ_LIMIT }),
                0,
            )
            .await?;
        rows.into_iter().map(AssessmentRow::into_assessment).collect()
    }

    /// The latest assessment of every agency (optionally at one level and/or in one country).
    /// Callers must never show these individually outside their agency.
    pub async fn latest_threat_assessments(
        &self,
        level: Option<Level>,
        country: Option<&str>,
    ) -> Result<Vec<ThreatAssessment>, StorageError> {
        let mut conditions = vec!["true"];
        if level.is_some() {
            conditions.push("agency_level = $level");
        }
        if country.is_some() {
            conditions.push("agency_country = $country");
        }
        let sql = format!(
            "SELECT * FROM threat_assessment WHERE {} ORDER BY assessed_on DESC, created_at DESC LIMIT $limit",
            conditions.join(" AND ")
        );
        let vars = json!({ "level": level.map(|l| l.code()), "country": country, "limit": READ_LIMIT });
        let rows: Vec<AssessmentRow> = self.query_rows(&sql, vars, 0).await?;
        let mut seen = std::collections::HashSet::new();
        let mut latest = Vec::new();
        for row in rows {
            let assessment = row.into_assessment()?;
            if seen.insert(assessment.agency) {
                latest.push(assessment);
            }
        }
        Ok(latest)
    }
}
