//! Platform scorecards: what agencies say, dated, about the public value of the platforms they
//! use, and how the network's latest ratings aggregate. Ratings are attributable (an agency
//! signs its rating, with its audience). Threat self-assessments are in `assessment`.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::ValidationError;
use crate::content::Visibility;
use crate::evidence::{Spread, spread};
use crate::ids::{AgencyId, CaseStudyId, MemberId, PlatformRatingId};
use crate::taxonomy::{Dimension, Level, Platform};

/// Lowest score on the rating scale ("no public value").
pub const SCORE_MIN: u8 = 1;
/// Highest score on the rating scale ("essential").
pub const SCORE_MAX: u8 = 5;
/// Longest justification or note, in characters.
pub const JUSTIFICATION_MAX_CHARS: usize = 2_000;
/// Most case studies linked to one rating.
pub const RATING_CASES_MAX: usize = 20;
/// Earliest date a rating or assessment may carry.
const EARLIEST: (i32, u32, u32) = (2000, 1, 1);

/// A rating's or assessment's date: given, not in the future, not before 2000.
pub(crate) fn check_date(date: Option<NaiveDate>, today: NaiveDate, field: &str) -> Result<NaiveDate, ValidationError> {
    let date = date.ok_or_else(|| ValidationError::new(field, "the date is required"))?;
    let earliest = NaiveDate::from_ymd_opt(EARLIEST.0, EARLIEST.1, EARLIEST.2).unwrap_or(NaiveDate::MIN);
    if date > today {
        return Err(ValidationError::new(field, "the date is in the future"));
    }
    if date < earliest {
        return Err(ValidationError::new(field, "the date is before 2000"));
    }
    Ok(date)
}

/// A justification or note: trimmed, at most [`JUSTIFICATION_MAX_CHARS`].
pub(crate) fn check_text(raw: &str, field: &str, required: bool) -> Result<String, ValidationError> {
    let text = raw.trim();
    if required && text.is_empty() {
        return Err(ValidationError::new(field, "a justification is required"));
    }
    let length = text.chars().count();
    if length > JUSTIFICATION_MAX_CHARS {
        return Err(ValidationError::new(
            field,
            format!("{length} characters; the maximum is {JUSTIFICATION_MAX_CHARS}"),
        ));
    }
    Ok(text.to_owned())
}

/// One dimension's score in a rating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DimensionScore {
    /// The public-value dimension.
    pub dimension: Dimension,
    /// 1 (no public value) to 5 (essential).
    pub score: u8,
    /// Why.
    pub justification: String,
}

/// A dimension's score as submitted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DimensionScoreInput {
    /// Dimension code.
    pub dimension: String,
    /// Score.
    pub score: i64,
    /// Why.
    pub justification: String,
}

/// An agency's dated rating of a platform.
#[derive(Debug, Clone, PartialEq)]
pub struct PlatformRating {
    /// Identifier.
    pub id: PlatformRatingId,
    /// The rating agency.
    pub agency: AgencyId,
    /// Who entered it.
    pub author: MemberId,
    /// The platform.
    pub platform: Platform,
    /// The day the rating refers to.
    pub rated_on: NaiveDate,
    /// Scores, one per dimension rated.
    pub scores: Vec<DimensionScore>,
    /// Case studies behind the rating.
    pub cases: Vec<CaseStudyId>,
    /// Who may read it (public, network or agency).
    pub visibility: Visibility,
    /// When it was entered.
    pub created_at: DateTime<Utc>,
}

/// A rating as submitted.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlatformRatingInput {
    /// Platform code.
    pub platform: String,
    /// The day the rating refers to; today when absent.
    pub rated_on: Option<NaiveDate>,
    /// Scores.
    pub scores: Vec<DimensionScoreInput>,
    /// Visibility code: public, network (default) or agency.
    pub visibility: Option<String>,
    /// Number of linked cases (the ids are checked by the caller, which can read them).
    pub cases: usize,
}

/// A rating's validated facts.
#[derive(Debug, Clone, PartialEq)]
pub struct PlatformRatingFacts {
    /// The platform.
    pub platform: Platform,
    /// The day.
    pub rated_on: NaiveDate,
    /// The scores.
    pub scores: Vec<DimensionScore>,
    /// The audience.
    pub visibility: Visibility,
}

impl PlatformRatingFacts {
    /// The rating `author` of `agency` enters now, with the cases behind it.
    pub fn into_rating(self, agency: AgencyId, author: MemberId, cases: Vec<CaseStudyId>) -> PlatformRating {
        PlatformRating {
            id: PlatformRatingId::generate(),
            agency,
            author,
            platform: self.platform,
            rated_on: self.rated_on,
            scores: self.scores,
            cases,
            visibility: self.visibility,
            created_at: Utc::now(),
        }
    }
}

impl PlatformRatingInput {
    /// Validates a rating made on `today`.
    pub fn validate(&self, today: NaiveDate) -> Result<PlatformRatingFacts, ValidationError> {
        let platform = Platform::parse(self.platform.trim()).map_err(|e| e.at("platform"))?;
        let rated_on = check_date(Some(self.rated_on.unwrap_or(today)), today, "ratedOn")?;
        if self.scores.is_empty() {
            return Err(ValidationError::new("scores", "rate at least one dimension"));
        }
        let mut scores: Vec<DimensionScore> = Vec::new();
        for (index, input) in self.scores.iter().enumerate() {
            let at = |field: &str| format!("scores.{index}.{field}");
            let dimension = Dimension::parse(input.dimension.trim()).map_err(|e| e.at(&at("dimension")))?;
            if scores.iter().any(|known| known.dimension == dimension) {
                return Err(ValidationError::new(
                    at("dimension"),
                    "each dimension may be rated once",
                ));
            }
            let score = u8::try_from(input.score)
                .ok()
                .filter(|score| (SCORE_MIN..=SCORE_MAX).contains(score))
                .ok_or_else(|| {
                    ValidationError::new(at("score"), format!("the score is from {SCORE_MIN} to {SCORE_MAX}"))
                })?;
            let justification = check_text(&input.justification, &at("justification"), true)?;
            scores.push(DimensionScore {
                dimension,
                score,
                justification,
            });
        }
        if self.cases > RATING_CASES_MAX {
            return Err(ValidationError::new(
                "cases",
                format!("at most {RATING_CASES_MAX} case studies"),
            ));
        }
        let visibility = match self.visibility.as_deref().map(str::trim) {
            None | Some("") => Visibility::Network,
            Some("group") => {
                return Err(ValidationError::new(
                    "visibility",
                    "a rating is public, network or agency",
                ));
            }
            Some(code) => Visibility::parse(code, None)?,
        };
        Ok(PlatformRatingFacts {
            platform,
            rated_on,
            scores,
            visibility,
        })
    }
}

/// Where a rating agency sits, for the network view's filters.
#[derive(Debug, Clone, PartialEq)]
pub struct RatedBy<'a> {
    /// The rating.
    pub rating: &'a PlatformRating,
    /// Level of the rating agency.
    pub level: Level,
    /// Country of the rating agency.
    pub country: &'a str,
}

/// The network's view of one dimension of a platform: the latest score of each agency.
#[derive(Debug, Clone, PartialEq)]
pub struct DimensionSummary {
    /// The dimension.
    pub dimension: Dimension,
    /// Agencies whose latest rating scores this dimension.
    pub agencies: usize,
    /// Their mean score.
    pub mean: Option<f64>,
    /// Median and quartiles of their scores.
    pub spread: Option<Spread>,
    /// How many agencies gave each score, from 1 to 5.
    pub distribution: [usize; SCORE_MAX as usize],
}

/// The latest score per agency for each dimension, among ratings made on or before `as_of`
/// (a later rating supersedes an earlier one of the same agency; entry order breaks ties).
pub fn latest_scores(ratings: &[RatedBy<'_>], as_of: NaiveDate) -> BTreeMap<(Dimension, AgencyId), u8> {
    let mut latest: BTreeMap<(Dimension, AgencyId), (NaiveDate, DateTime<Utc>, u8)> = BTreeMap::new();
    for rated in ratings.iter().filter(|r| r.rating.rated_on <= as_of) {
        let rating = rated.rating;
        for score in &rating.scores {
            let entry = (rating.rated_on, rating.created_at, score.score);
            latest
                .entry((score.dimension, rating.agency))
                .and_modify(|known| {
                    if (entry.0, entry.1) > (known.0, known.1) {
                        *known = entry;
                    }
                })
                .or_insert(entry);
        }
    }
    latest.into_iter().map(|(key, (_, _, score))| (key, score)).collect()
}

/// Summarises each dimension over the latest score per agency as of `as_of`.
pub fn summarise(ratings: &[RatedBy<'_>], as_of: NaiveDate) -> Vec<DimensionSummary> {
    let latest = latest_scores(ratings, as_of);
    Dimension::ALL
        .iter()
        .map(|dimension| {
            let scores: Vec<u8> = latest
                .iter()
                .filter(|((d, _), _)| d == dimension)
                .map(|(_, score)| *score)
                .collect();
            let mut distribution = [0; SCORE_MAX as usize];
            for score in &scores {
                if let Some(slot) = distribution.get_mut(usize::from(score - SCORE_MIN)) {
                    *slot += 1;
                }
            }
            let values: Vec<f64> = scores.iter().map(|s| f64::from(*s)).collect();
            DimensionSummary {
                dimension: *dimension,
                agencies: scores.len(),
                mean: (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64),
                spread: spread(&values),
                distribution,
            }
        })
        .collect()
}

/// The last day of the quarter `date` falls in.
pub fn quarter_end(date: NaiveDate) -> NaiveDate {
    let last_month = ((date.month0() / 3) + 1) * 3;
    let next = if last_month == 12 {
        NaiveDate::from_ymd_opt(date.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(date.year(), last_month + 1, 1)
    };
    next.and_then(|day| day.pred_opt()).unwrap_or(date)
}

/// Most quarters a trend covers (ten years).
pub const TREND_QUARTERS_MAX: usize = 40;

/// The network's view at the end of each quarter from the first rating to `today`'s quarter
/// (at most the last [`TREND_QUARTERS_MAX`]), so a trend shows how opinion moved.
pub fn trend(ratings: &[RatedBy<'_>], today: NaiveDate) -> Vec<(NaiveDate, Vec<DimensionSummary>)> {
    let Some(first) = ratings.iter().map(|r| r.rating.rated_on).min() else {
        return Vec::new();
    };
    let mut quarters = Vec::new();
    let mut end = quarter_end(first);
    let last = quarter_end(today);
    while end <= last {
        quarters.push(end);
        match end.succ_opt() {
            Some(next) => end = quarter_end(next),
            None => break,
        }
    }
    let skip = quarters.len().saturating_sub(TREND_QUARTERS_MAX);
    quarters
        .into_iter()
        .skip(skip)
        .map(|end| (end, summarise(ratings, end)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn score(dimension: &str, score: i64) -> DimensionScoreInput {
        DimensionScoreInput {
            dimension: dimension.into(),
            score,
            justification: "Porque lo medimos.".into(),
        }
    }

    fn rating(agency: AgencyId, on: NaiveDate, scores: &[(Dimension, u8)]) -> PlatformRating {
        PlatformRating {
            id: PlatformRatingId::generate(),
            agency,
            author: MemberId::generate(),
            platform: Platform::X,
            rated_on: on,
            scores: scores
                .iter()
                .map(|(dimension, score)| DimensionScore {
                    dimension: *dimension,
                    score: *score,
                    justification: "j".into(),
                })
                .collect(),
            cases: vec![],
            visibility: Visibility::Public,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn a_rating_is_validated_field_by_field() {
        let today = day(2026, 11, 22);
        let good = PlatformRatingInput {
            platform: "whatsapp".into(),
            rated_on: Some(day(2026, 1, 10)),
            scores: vec![score("service_delivery", 5), score("trust_legitimacy", 3)],
            visibility: None,
            cases: 1,
        };
        let facts = good.validate(today).unwrap();
        assert_eq!(facts.visibility, Visibility::Network);
        assert_eq!(facts.scores.len(), 2);
        let field = |input: PlatformRatingInput| input.validate(today).unwrap_err().field;
        assert_eq!(
            field(PlatformRatingInput {
                platform: "myspace".into(),
                ..good.clone()
            }),
            "platform"
        );
        assert_eq!(
            field(PlatformRatingInput {
                scores: vec![],
                ..good.clone()
            }),
            "scores"
        );
        assert_eq!(
            field(PlatformRatingInput {
                scores: vec![score("service_delivery", 6)],
                ..good.clone()
            }),
            "scores.0.score"
        );
        assert_eq!(
            field(PlatformRatingInput {
                scores: vec![score("service_delivery", 0)],
                ..good.clone()
            }),
            "scores.0.score"
        );
        assert_eq!(
            field(PlatformRatingInput {
                scores: vec![score("service_delivery", 2), score("service_delivery", 3)],
                ..good.clone()
            }),
            "scores.1.dimension"
        );
        let unjustified = DimensionScoreInput {
            justification: "  ".into(),
            ..score("social_outcomes", 2)
        };
        assert_eq!(
            field(PlatformRatingInput {
                scores: vec![unjustified],
                ..good.clone()
            }),
            "scores.0.justification"
        );
        assert_eq!(
            field(PlatformRatingInput {
                rated_on: Some(day(2027, 1, 1)),
                ..good.clone()
            }),
            "ratedOn"
        );
        assert_eq!(
            field(PlatformRatingInput {
                visibility: Some("group".into()),
                ..good.clone()
            }),
            "visibility"
        );
        assert_eq!(field(PlatformRatingInput { cases: 21, ..good }), "cases");
    }

    #[test]
    fn the_latest_rating_of_each_agency_supersedes_earlier_ones() {
        let (a, b, c) = (AgencyId::generate(), AgencyId::generate(), AgencyId::generate());
        let ratings = [
            rating(
                a,
                day(2023, 3, 1),
                &[(Dimension::TrustLegitimacy, 4), (Dimension::ServiceDelivery, 3)],
            ),
            rating(a, day(2025, 5, 1), &[(Dimension::TrustLegitimacy, 2)]),
            rating(b, day(2024, 2, 1), &[(Dimension::TrustLegitimacy, 3)]),
            rating(c, day(2025, 8, 1), &[(Dimension::TrustLegitimacy, 1)]),
        ];
        let rated: Vec<RatedBy<'_>> = ratings
            .iter()
            .map(|rating| RatedBy {
                rating,
                level: Level::Local,
                country: "ES",
            })
            .collect();
        let now = summarise(&rated, day(2026, 1, 1));
        let trust = now.iter().find(|d| d.dimension == Dimension::TrustLegitimacy).unwrap();
        // Latest per agency: a 2, b 3, c 1 → mean 2, distribution [1, 1, 1, 0, 0].
        assert_eq!(trust.agencies, 3);
        assert_eq!(trust.mean, Some(2.0));
        assert_eq!(trust.distribution, [1, 1, 1, 0, 0]);
        // a's 2023 service-delivery score stands: a later rating of other dimensions keeps it.
        let service = now.iter().find(|d| d.dimension == Dimension::ServiceDelivery).unwrap();
        assert_eq!((service.agencies, service.mean), (1, Some(3.0)));
        // As of the end of 2023 only a had rated trust, with 4.
        let then = summarise(&rated, day(2023, 12, 31));
        assert_eq!(
            then.iter()
                .find(|d| d.dimension == Dimension::TrustLegitimacy)
                .unwrap()
                .mean,
            Some(4.0)
        );
        let points = trend(&rated, day(2026, 1, 10));
        assert_eq!(points.first().map(|p| p.0), Some(day(2023, 3, 31)));
        assert_eq!(points.last().map(|p| p.0), Some(day(2026, 3, 31)));
        assert_eq!(points.len(), 13);
    }

    #[test]
    fn quarter_ends() {
        assert_eq!(quarter_end(day(2025, 2, 14)), day(2025, 3, 31));
        assert_eq!(quarter_end(day(2025, 12, 31)), day(2025, 12, 31));
        assert_eq!(quarter_end(day(2025, 7, 1)), day(2025, 9, 30));
    }
}
