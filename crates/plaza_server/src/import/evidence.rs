//! Import of evidence lines: platform ratings, threat self-assessments, guideline adoptions
//! and fork lineage. They refer to agencies by slug, members by e-mail and content by
//! external id, so they are written after the content lines before them.

use chrono::Utc;
use plaza_domain::assessment::{ThreatAnswerInput, ThreatAssessment, validate_assessment};
use plaza_domain::guideline::{Adoption, AdoptionKind};
use plaza_domain::ids::{AdoptionId, AgencyId, CaseStudyId, GuidelineId, MemberId, ThreatAssessmentId};
use plaza_domain::scorecard::{DimensionScoreInput, PlatformRatingInput};

use super::records::{AdoptionRecord, PlatformRatingRecord, ThreatAssessmentRecord};
use super::{LineError, Resolver};

/// The agency and its member who speaks for it.
async fn speaker(resolver: &mut Resolver<'_>, agency: &str, author: &str) -> Result<(AgencyId, MemberId), LineError> {
    let agency = resolver.agency(agency).await?;
    let member = resolver.member(author).await?;
    let belongs = resolver
        .store
        .member(member)
        .await?
        .is_some_and(|(found, _)| found.agency == agency);
    if !belongs {
        return Err(LineError::Reference(format!(
            "author: {author} is not a member of that agency"
        )));
    }
    Ok((agency, member))
}

/// The key of an imported item by external id.
async fn imported<T: std::str::FromStr>(
    resolver: &Resolver<'_>,
    external_id: &str,
    field: &str,
) -> Result<T, LineError> {
    resolver
        .store
        .imported_record(external_id)
        .await?
        .and_then(|key| key.parse().ok())
        .ok_or_else(|| LineError::Reference(format!("{field}: no imported item with external id {external_id}")))
}

pub(super) async fn rating(resolver: &mut Resolver<'_>, line: PlatformRatingRecord) -> Result<(), LineError> {
    let (agency, author) = speaker(resolver, &line.agency, &line.author).await?;
    let facts = PlatformRatingInput {
        platform: line.platform,
        rated_on: Some(line.rated_on),
        scores: line
            .scores
            .into_iter()
            .map(|s| DimensionScoreInput {
                dimension: s.dimension,
                score: s.score,
                justification: s.justification,
            })
            .collect(),
        visibility: line.visibility,
        cases: line.cases.len(),
    }
    .validate(Utc::now().date_naive())?;
    let mut cases = Vec::with_capacity(line.cases.len());
    for (index, case) in line.cases.iter().enumerate() {
        cases.push(imported::<CaseStudyId>(resolver, case, &format!("cases.{index}")).await?);
    }
    let mut rating = facts.into_rating(agency, author, cases);
    if let Some(at) = line.created_at {
        rating.created_at = at;
    }
    resolver
        .store
        .insert_platform_rating(&rating, Some(&line.external_id))
        .await?;
    Ok(())
}

pub(super) async fn assessment(resolver: &mut Resolver<'_>, line: ThreatAssessmentRecord) -> Result<(), LineError> {
    let (agency, author) = speaker(resolver, &line.agency, &line.author).await?;
    let answers: Vec<ThreatAnswerInput> = line
        .answers
        .into_iter()
        .map(|a| ThreatAnswerInput {
            threat: a.threat,
            level: a.level,
            note: a.note,
        })
        .collect();
    let (assessed_on, answers) = validate_assessment(Some(line.assessed_on), &answers, Utc::now().date_naive())?;
    let assessment = ThreatAssessment {
        id: ThreatAssessmentId::generate(),
        agency,
        author,
        assessed_on,
        answers,
        created_at: line.created_at.unwrap_or_else(Utc::now),
    };
    resolver
        .store
        .insert_threat_assessment(&assessment, Some(&line.external_id))
        .await?;
    Ok(())
}

pub(super) async fn adoption(resolver: &mut Resolver<'_>, line: AdoptionRecord) -> Result<(), LineError> {
    let (agency, by) = speaker(resolver, &line.agency, &line.author).await?;
    let kind = AdoptionKind::parse(&line.kind)
        .ok_or_else(|| plaza_domain::ValidationError::new("kind", "use adopt or fork"))?;
    let fork = match (kind, &line.fork) {
        (AdoptionKind::Fork, Some(fork)) => Some(imported::<GuidelineId>(resolver, fork, "fork").await?),
        (AdoptionKind::Fork, None) => {
            return Err(plaza_domain::ValidationError::new("fork", "a fork names its guideline").into());
        }
        (AdoptionKind::Adopt, _) => None,
    };
    if line.version == 0 {
        return Err(plaza_domain::ValidationError::new("version", "versions start at 1").into());
    }
    let adoption = Adoption {
        id: AdoptionId::generate(),
        agency,
        guideline: imported(resolver, &line.guideline, "guideline").await?,
        version: line.version,
        kind,
        fork,
        by,
        at: line.adopted_at,
    };
    resolver
        .store
        .adopt_guideline(&adoption, Some(&line.external_id))
        .await?;
    Ok(())
}
