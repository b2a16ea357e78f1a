//! Platform scorecards (agencies' dated ratings and the network view) and threat
//! self-assessments (private history and the anonymised network distribution).

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::Utc;
use plaza_domain::assessment::{
    MIN_AGENCIES, ThreatAnswerInput, ThreatAssessment, standing, threat_distribution, validate_assessment,
};
use plaza_domain::ids::{AgencyId, CaseStudyId, ThreatAssessmentId};
use plaza_domain::policy::{self, Denial, ReadScope};
use plaza_domain::scorecard::{DimensionScoreInput, PlatformRating, PlatformRatingInput, RatedBy, summarise, trend};
use plaza_domain::taxonomy::{Level, Platform, Threat, ThreatLevel};
use plaza_storage::StoredRating;

use crate::agency::AgencyNode;
use crate::case_study::CaseStudyNode;
use crate::content::VisibilityValue;
use crate::context;
use crate::error::{ApiError, ApiResult};
use crate::ids::{NodeKind, decode_as, encode};
use crate::scalars::{Date, DateTime};
use crate::taxonomy::{IntoTaxon, Taxon};

use crate::case_study::load_cases;

/// One dimension's score in a rating.
#[derive(Debug, Clone, SimpleObject)]
pub struct DimensionScoreNode {
    /// The public-value dimension.
    pub dimension: Taxon,
    /// 1 (no public value) to 5 (essential).
    pub score: u8,
    /// Why.
    pub justification: String,
}

/// An agency's dated rating of a platform.
#[derive(Debug, Clone)]
pub struct PlatformRatingNode(PlatformRating);

/// An agency's dated rating of a platform on the public-value dimensions, with the cases
/// behind it. A later rating by the same agency supersedes it; the history stays.
#[Object(name = "PlatformRating")]
impl PlatformRatingNode {
    /// Global id.
    async fn id(&self) -> ID {
        encode(NodeKind::PlatformRating, &self.0.id.as_string())
    }

    /// The rating agency.
    async fn agency(&self, ctx: &Context<'_>) -> ApiResult<Option<AgencyNode>> {
        Ok(context::agency(ctx, self.0.agency).await?.map(AgencyNode))
    }

    /// The platform.
    async fn platform(&self) -> Taxon {
        self.0.platform.taxon()
    }

    /// The day the rating refers to.
    async fn rated_on(&self) -> Date {
        Date(self.0.rated_on)
    }

    /// Scores, one per dimension rated.
    async fn scores(&self) -> Vec<DimensionScoreNode> {
        self.0
            .scores
            .iter()
            .map(|s| DimensionScoreNode {
                dimension: s.dimension.taxon(),
                score: s.score,
                justification: s.justification.clone(),
            })
            .collect()
    }

    /// The case studies behind the rating that the viewer may read.
    async fn cases(&self, ctx: &Context<'_>) -> ApiResult<Vec<CaseStudyNode>> {
        load_cases(ctx, self.0.cases.iter().copied()).await
    }

    /// Who may read it.
    async fn visibility(&self) -> VisibilityValue {
        VisibilityValue::of(self.0.visibility)
    }

    /// When it was entered.
    async fn created_at(&self) -> DateTime {
        DateTime(self.0.created_at)
    }
}

/// The network's view of one dimension: the latest score of each agency.
#[derive(Debug, Clone, SimpleObject)]
pub struct DimensionSummaryNode {
    /// The dimension.
    pub dimension: Taxon,
    /// Agencies whose latest rating scores it.
    pub agencies: usize,
    /// Their mean score.
    pub mean: Option<f64>,
    /// Their median score.
    pub median: Option<f64>,
    /// How many agencies gave each score, from 1 to 5.
    pub distribution: Vec<usize>,
}

fn summaries(list: Vec<plaza_domain::scorecard::DimensionSummary>) -> Vec<DimensionSummaryNode> {
    list.into_iter()
        .map(|d| DimensionSummaryNode {
            dimension: d.dimension.taxon(),
            agencies: d.agencies,
            mean: d.mean,
            median: d.spread.map(|s| s.median),
            distribution: d.distribution.to_vec(),
        })
        .collect()
}

/// The network's view at the end of one quarter.
#[derive(Debug, Clone, SimpleObject)]
pub struct ScorecardPoint {
    /// Last day of the quarter.
    pub quarter_end: Date,
    /// Each dimension as of that day.
    pub dimensions: Vec<DimensionSummaryNode>,
}

/// How agencies rate a platform: the latest rating of each agency, aggregated per dimension,
/// and how that moved over time.
#[derive(Debug, Clone, SimpleObject)]
pub struct PlatformScorecard {
    /// The platform.
    pub platform: Taxon,
    /// Each dimension over the latest rating of each agency.
    pub dimensions: Vec<DimensionSummaryNode>,
    /// The latest rating of each agency, newest first.
    pub latest: Vec<PlatformRatingNode>,
    /// The view at the end of each quarter since the first rating.
    pub trend: Vec<ScorecardPoint>,
}

fn scorecard(platform: Platform, stored: &[StoredRating]) -> PlatformScorecard {
    let rated: Vec<RatedBy<'_>> = stored
        .iter()
        .filter(|s| s.rating.platform == platform)
        .map(|s| RatedBy {
            rating: &s.rating,
            level: s.level,
            country: &s.country,
        })
        .collect();
    let today = Utc::now().date_naive();
    let mut latest: Vec<&PlatformRating> = Vec::new();
    for rated in rated.iter().rev() {
        if !latest.iter().any(|known| known.agency == rated.rating.agency) {
            latest.push(rated.rating);
        }
    }
    PlatformScorecard {
        platform: platform.taxon(),
        dimensions: summaries(summarise(&rated, today)),
        latest: latest.into_iter().cloned().map(PlatformRatingNode).collect(),
        trend: trend(&rated, today)
            .into_iter()
            .map(|(end, list)| ScorecardPoint {
                quarter_end: Date(end),
                dimensions: summaries(list),
            })
            .collect(),
    }
}

fn parse_level(raw: Option<&str>, field: &str) -> ApiResult<Option<Level>> {
    raw.map(|code| Level::parse(code.trim()).map_err(|e| ApiError::invalid_at(field, e)))
        .transpose()
}

fn parse_platform(raw: &str, field: &str) -> ApiResult<Platform> {
    Platform::parse(raw.trim()).map_err(|e| ApiError::invalid_at(field, e))
}

/// Readable ratings, narrowed to agencies at `level` and in `country`.
async fn readable_ratings(
    ctx: &Context<'_>,
    platform: Option<Platform>,
    agency: Option<AgencyId>,
    level: Option<Level>,
    country: Option<&str>,
) -> ApiResult<Vec<StoredRating>> {
    let scope = ReadScope::of(context::viewer(ctx));
    let country = country.map(|c| c.trim().to_ascii_uppercase());
    Ok(context::store(ctx)?
        .platform_ratings(&scope, platform, agency)
        .await?
        .into_iter()
        .filter(|s| level.is_none_or(|level| s.level == level))
        .filter(|s| country.as_deref().is_none_or(|country| s.country == country))
        .collect())
}

/// One threat's answer.
#[derive(Debug, Clone, SimpleObject)]
pub struct ThreatAnswerNode {
    /// The threat.
    pub threat: Taxon,
    /// How present it is.
    pub level: Taxon,
    /// The agency's note.
    pub note: String,
}

/// An agency's dated threat self-assessment (readable by its own members only).
#[derive(Debug, Clone)]
pub struct ThreatAssessmentNode(ThreatAssessment);

/// An agency's dated self-assessment on the ten threats.
#[Object(name = "ThreatAssessment")]
impl ThreatAssessmentNode {
    /// Global id.
    async fn id(&self) -> ID {
        encode(NodeKind::ThreatAssessment, &self.0.id.as_string())
    }

    /// The day it refers to.
    async fn assessed_on(&self) -> Date {
        Date(self.0.assessed_on)
    }

    /// One answer per threat.
    async fn answers(&self) -> Vec<ThreatAnswerNode> {
        self.0
            .answers
            .iter()
            .map(|a| ThreatAnswerNode {
                threat: a.threat.taxon(),
                level: a.level.taxon(),
                note: a.note.clone(),
            })
            .collect()
    }

    /// When it was entered.
    async fn created_at(&self) -> DateTime {
        DateTime(self.0.created_at)
    }
}

/// How many agencies answered a threat at one level.
#[derive(Debug, Clone, SimpleObject)]
pub struct LevelCount {
    /// The level.
    pub level: Taxon,
    /// Agencies at it.
    pub count: usize,
}

/// Where the viewer's agency stands on one threat against the anonymised network.
#[derive(Debug, Clone, SimpleObject)]
pub struct ThreatStanding {
    /// The threat.
    pub threat: Taxon,
    /// The viewer's agency's level in its latest assessment.
    pub own: Option<Taxon>,
    /// Agencies per level (empty when too few agencies answered).
    pub distribution: Vec<LevelCount>,
    /// Share of agencies at a lower level than the viewer's agency.
    pub share_lower: Option<f64>,
    /// Share of agencies at a higher level.
    pub share_higher: Option<f64>,
}

/// The network's anonymised threat distribution and the viewer's agency's place in it.
#[derive(Debug, Clone, SimpleObject)]
pub struct ThreatBenchmark {
    /// Whether enough agencies answered (at least `minimumAgencies`) to show a distribution.
    pub sufficient: bool,
    /// Agencies in the distribution (null when not sufficient).
    pub agencies: Option<usize>,
    /// Fewest agencies before a distribution is shown.
    pub minimum_agencies: usize,
    /// One entry per threat.
    pub threats: Vec<ThreatStanding>,
}

/// Scorecard and assessment queries.
#[derive(Debug, Default)]
pub struct ScorecardQuery;

#[Object]
impl ScorecardQuery {
    /// How agencies rate a platform on the public-value dimensions: the latest readable rating
    /// of each agency aggregated, the ratings themselves and the trend by quarter.
    async fn platform_scorecard(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Platform code.")] platform: String,
        #[graphql(desc = "Only agencies at this level of government.")] level: Option<String>,
        #[graphql(desc = "Only agencies in this country (ISO code).")] country: Option<String>,
    ) -> ApiResult<PlatformScorecard> {
        let platform = parse_platform(&platform, "platform")?;
        let level = parse_level(level.as_deref(), "level")?;
        let ratings = readable_ratings(ctx, Some(platform), None, level, country.as_deref()).await?;
        Ok(scorecard(platform, &ratings))
    }

    /// Every platform with at least one readable rating, each as in `platformScorecard`.
    async fn platform_scorecards(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only agencies at this level of government.")] level: Option<String>,
        #[graphql(desc = "Only agencies in this country (ISO code).")] country: Option<String>,
    ) -> ApiResult<Vec<PlatformScorecard>> {
        let level = parse_level(level.as_deref(), "level")?;
        let ratings = readable_ratings(ctx, None, None, level, country.as_deref()).await?;
        Ok(Platform::ALL
            .iter()
            .filter(|platform| ratings.iter().any(|s| s.rating.platform == **platform))
            .map(|platform| scorecard(*platform, &ratings))
            .collect())
    }

    /// The history of readable ratings, newest first, optionally of one platform or agency.
    async fn platform_ratings(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Platform code.")] platform: Option<String>,
        #[graphql(desc = "Global id of the rating agency.")] agency_id: Option<ID>,
        #[graphql(desc = "At most this many (1 to 100).", default = 50)] first: i32,
    ) -> ApiResult<Vec<PlatformRatingNode>> {
        let platform = platform.as_deref().map(|p| parse_platform(p, "platform")).transpose()?;
        let agency = agency_id
            .as_ref()
            .map(|id| decode_as::<AgencyId>(id, NodeKind::Agency, "agencyId"))
            .transpose()?;
        let first = crate::connection::page_request(Some(first), None)?.first;
        let mut ratings = readable_ratings(ctx, platform, agency, None, None).await?;
        ratings.reverse();
        Ok(ratings
            .into_iter()
            .take(first)
            .map(|s| PlatformRatingNode(s.rating))
            .collect())
    }

    /// The viewer's agency's threat self-assessments, newest first (its members only).
    async fn threat_assessments(&self, ctx: &Context<'_>) -> ApiResult<Vec<ThreatAssessmentNode>> {
        let member = context::viewer(ctx)
            .member()
            .ok_or(ApiError::Denied(Denial::Unauthenticated))?;
        Ok(context::store(ctx)?
            .threat_assessments(member.agency)
            .await?
            .into_iter()
            .map(ThreatAssessmentNode)
            .collect())
    }

    /// Where the viewer's agency stands on each threat against the anonymised network: the
    /// distribution of every agency's latest assessment (optionally at one level or in one
    /// country), shown only over at least `minimumAgencies` agencies. Signed-in members only.
    async fn threat_benchmark(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only agencies at this level of government.")] level: Option<String>,
        #[graphql(desc = "Only agencies in this country (ISO code).")] country: Option<String>,
    ) -> ApiResult<ThreatBenchmark> {
        let member = context::viewer(ctx)
            .member()
            .ok_or(ApiError::Denied(Denial::Unauthenticated))?;
        let level = parse_level(level.as_deref(), "level")?;
        let country = country.map(|c| c.trim().to_ascii_uppercase());
        let store = context::store(ctx)?;
        let latest = store.latest_threat_assessments(level, country.as_deref()).await?;
        let own = store.threat_assessments(member.agency).await?.into_iter().next();
        let refs: Vec<&ThreatAssessment> = latest.iter().collect();
        let distribution = threat_distribution(&refs);
        let own_level = |threat: Threat| {
            own.as_ref()
                .and_then(|a| a.answers.iter().find(|answer| answer.threat == threat))
                .map(|answer| answer.level)
        };
        let threats = Threat::ALL
            .iter()
            .map(|threat| {
                let counts = distribution
                    .as_ref()
                    .and_then(|list| list.iter().find(|d| d.threat == *threat));
                let place = counts.zip(own_level(*threat)).map(|(d, level)| standing(d, level));
                ThreatStanding {
                    threat: threat.taxon(),
                    own: own_level(*threat).map(IntoTaxon::taxon),
                    distribution: counts
                        .map(|d| {
                            ThreatLevel::ALL
                                .iter()
                                .zip(d.counts)
                                .map(|(level, count)| LevelCount {
                                    level: level.taxon(),
                                    count,
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                    share_lower: place.map(|p| p.0),
                    share_higher: place.map(|p| p.1),
                }
            })
            .collect();
        Ok(ThreatBenchmark {
            sufficient: distribution.is_some(),
            agencies: distribution.as_ref().map(|_| latest.len()),
            minimum_agencies: MIN_AGENCIES,
            threats,
        })
    }
}

/// One dimension's score, as submitted.
#[derive(Debug, Clone, InputObject)]
pub struct DimensionScoreInputValue {
    /// Dimension code (`service_delivery`, `social_outcomes`, `trust_legitimacy`).
    pub dimension: String,
    /// 1 (no public value) to 5 (essential).
    pub score: i64,
    /// Why; required.
    pub justification: String,
}

/// A rating of a platform on behalf of the viewer's agency.
#[derive(Debug, Clone, InputObject)]
pub struct RatePlatformInput {
    /// Platform code.
    pub platform: String,
    /// The day the rating refers to; today by default. Not in the future.
    pub rated_on: Option<Date>,
    /// One score per dimension rated (at least one).
    pub scores: Vec<DimensionScoreInputValue>,
    /// Case studies behind the rating (at most 20; each must be readable by the viewer).
    #[graphql(default)]
    pub case_study_ids: Vec<ID>,
    /// Who may read it: `PUBLIC`, `NETWORK` (default) or `AGENCY`.
    pub visibility: Option<VisibilityValue>,
}

/// The result of rating a platform.
#[derive(Debug, Clone, SimpleObject)]
pub struct RatePlatformPayload {
    /// The new rating.
    pub rating: PlatformRatingNode,
}

/// One threat's answer, as submitted.
#[derive(Debug, Clone, InputObject)]
pub struct ThreatAnswerInputValue {
    /// Threat code.
    pub threat: String,
    /// Level code (`none`, `low`, `medium`, `high`).
    pub level: String,
    /// A note for the agency (never shown outside it).
    #[graphql(default)]
    pub note: String,
}

/// A threat self-assessment of the viewer's agency.
#[derive(Debug, Clone, InputObject)]
pub struct SubmitThreatAssessmentInput {
    /// The day it refers to; today by default. Not in the future.
    pub assessed_on: Option<Date>,
    /// One answer for each of the ten threats.
    pub answers: Vec<ThreatAnswerInputValue>,
}

/// The result of a threat self-assessment.
#[derive(Debug, Clone, SimpleObject)]
pub struct ThreatAssessmentPayload {
    /// The new assessment.
    pub assessment: ThreatAssessmentNode,
}

/// Scorecard and assessment mutations.
#[derive(Debug, Default)]
pub struct ScorecardMutation;

#[Object]
impl ScorecardMutation {
    /// Rates a platform on behalf of the viewer's agency (its editors and admins). Ratings are
    /// never edited: rate again later and the new rating supersedes this one.
    async fn rate_platform(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The rating.")] input: RatePlatformInput,
    ) -> ApiResult<RatePlatformPayload> {
        let viewer = context::viewer(ctx);
        let member = policy::can_speak_for_agency(viewer)?;
        let today = Utc::now().date_naive();
        let facts = PlatformRatingInput {
            platform: input.platform,
            rated_on: Some(input.rated_on.map(|d| d.0).unwrap_or(today)),
            scores: input
                .scores
                .into_iter()
                .map(|s| DimensionScoreInput {
                    dimension: s.dimension,
                    score: s.score,
                    justification: s.justification,
                })
                .collect(),
            visibility: input.visibility.map(|v| v.code().to_owned()),
            cases: input.case_study_ids.len(),
        }
        .validate(today)
        .map_err(|e| ApiError::invalid_at("input", e))?;
        let store = context::store(ctx)?;
        let mut cases: Vec<CaseStudyId> = Vec::new();
        for (index, id) in input.case_study_ids.iter().enumerate() {
            let field = format!("input.caseStudyIds.{index}");
            let case_id: CaseStudyId = decode_as(id, NodeKind::CaseStudy, &field)?;
            let readable = store
                .case_study(case_id)
                .await?
                .is_some_and(|case| policy::can_read(viewer, &case.audience));
            if !readable {
                return Err(ApiError::invalid(field, "no such case study"));
            }
            if !cases.contains(&case_id) {
                cases.push(case_id);
            }
        }
        let rating = facts.into_rating(member.agency, member.id, cases);
        store.insert_platform_rating(&rating, None).await?;
        Ok(RatePlatformPayload {
            rating: PlatformRatingNode(rating),
        })
    }

    /// Records a threat self-assessment of the viewer's agency (its editors and admins):
    /// every threat answered once. Repeat it over time; the history stays.
    async fn submit_threat_assessment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The assessment.")] input: SubmitThreatAssessmentInput,
    ) -> ApiResult<ThreatAssessmentPayload> {
        let member = policy::can_speak_for_agency(context::viewer(ctx))?;
        let answers: Vec<ThreatAnswerInput> = input
            .answers
            .into_iter()
            .map(|a| ThreatAnswerInput {
                threat: a.threat,
                level: a.level,
                note: a.note,
            })
            .collect();
        let (assessed_on, answers) =
            validate_assessment(input.assessed_on.map(|d| d.0), &answers, Utc::now().date_naive())
                .map_err(|e| ApiError::invalid_at("input", e))?;
        let assessment = ThreatAssessment {
            id: ThreatAssessmentId::generate(),
            agency: member.agency,
            author: member.id,
            assessed_on,
            answers,
            created_at: Utc::now(),
        };
        context::store(ctx)?.insert_threat_assessment(&assessment, None).await?;
        Ok(ThreatAssessmentPayload {
            assessment: ThreatAssessmentNode(assessment),
        })
    }
}
