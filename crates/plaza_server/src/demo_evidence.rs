//! The demo network's evidence (`demo/evidence.json`, built by `infra/demo/build_evidence.py`):
//! platform ratings, threat self-assessments, guideline adoptions and a fork, all by the
//! fictional `demo-` agencies. Loaded once, after the content it refers to.

use chrono::{DateTime, NaiveDate, Utc};
use plaza_domain::assessment::{ThreatAnswerInput, ThreatAssessment, validate_assessment};
use plaza_domain::content::PublicationStatus;
use plaza_domain::guideline::{Adoption, AdoptionKind, Guideline, GuidelineInput, validate_version};
use plaza_domain::ids::{AdoptionId, CaseStudyId, GuidelineId, ThreatAssessmentId};
use plaza_domain::member::Member;
use plaza_domain::scorecard::{DimensionScoreInput, PlatformRatingInput};
use plaza_domain::text::Email;
use plaza_storage::Store;

/// The demo evidence.
const EVIDENCE: &str = include_str!("../demo/evidence.json");

#[derive(Debug, serde::Deserialize)]
struct DemoScore {
    dimension: String,
    score: i64,
    justification: String,
}

#[derive(Debug, serde::Deserialize)]
struct DemoRating {
    external_id: String,
    author: String,
    platform: String,
    rated_on: NaiveDate,
    visibility: String,
    ratings: Vec<DemoScore>,
    cases: Vec<String>,
}

#[derive(Debug, serde::Deserialize)]
struct DemoAnswer {
    threat: String,
    level: String,
    note: String,
}

#[derive(Debug, serde::Deserialize)]
struct DemoAssessment {
    external_id: String,
    author: String,
    assessed_on: NaiveDate,
    answers: Vec<DemoAnswer>,
}

#[derive(Debug, serde::Deserialize)]
struct DemoAdoption {
    external_id: String,
    author: String,
    guideline: String,
    version: u32,
    adopted_at: DateTime<Utc>,
}

#[derive(Debug, serde::Deserialize)]
struct DemoAmendment {
    annex: String,
    changelog: String,
}

#[derive(Debug, serde::Deserialize)]
struct DemoFork {
    external_id: String,
    author: String,
    source: String,
    version: u32,
    created_at: DateTime<Utc>,
    title: String,
    summary: String,
    language: String,
    visibility: String,
    amendments: Vec<DemoAmendment>,
}

#[derive(Debug, serde::Deserialize)]
struct DemoEvidence {
    platform_ratings: Vec<DemoRating>,
    threat_assessments: Vec<DemoAssessment>,
    guideline_adoptions: Vec<DemoAdoption>,
    guideline_forks: Vec<DemoFork>,
}

async fn member(store: &Store, email: &str) -> Result<Member, String> {
    let parsed = Email::parse(email).map_err(|e| format!("demo e-mail {email}: {}", e.message))?;
    store
        .member_by_email(&parsed)
        .await
        .map_err(|e| e.to_string())?
        .map(|(member, _)| member)
        .ok_or_else(|| format!("demo member {email} is missing"))
}

async fn imported<T: std::str::FromStr>(store: &Store, external_id: &str) -> Result<T, String> {
    store
        .imported_record(external_id)
        .await
        .map_err(|e| e.to_string())?
        .and_then(|key| key.parse().ok())
        .ok_or_else(|| format!("demo item {external_id} is missing"))
}

async fn fork(store: &Store, demo: &DemoFork) -> Result<(), String> {
    let author = member(store, &demo.author).await?;
    let source_id: GuidelineId = imported(store, &demo.source).await?;
    let source = store
        .guideline_version(source_id, demo.version)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("demo guideline {} has no version {}", demo.source, demo.version))?;
    let content = GuidelineInput {
        title: demo.title.clone(),
        summary: demo.summary.clone(),
        common: plaza_domain::content::CommonInput {
            language: Some(demo.language.clone()),
            licence: Some("CC-BY-3.0-ES".into()),
            visibility: Some(demo.visibility.clone()),
            group: None,
            tags: vec!["guia de xarxes".into()],
        },
    }
    .validate()
    .map_err(|e| format!("demo fork: {}", e.message))?;
    let first = validate_version(source.body.as_str(), "Còpia de la versió de la Generalitat.", true)
        .map_err(|e| format!("demo fork: {}", e.message))?;
    let mut guideline = Guideline::draft(content, author.agency, author.id, demo.created_at);
    guideline.audience.status = PublicationStatus::Published;
    guideline.published_at = Some(demo.created_at);
    let adoption = Adoption {
        id: AdoptionId::generate(),
        agency: author.agency,
        guideline: source_id,
        version: demo.version,
        kind: AdoptionKind::Fork,
        fork: Some(guideline.id),
        by: author.id,
        at: demo.created_at,
    };
    let id = store
        .create_fork(&guideline, &first, &adoption, Some(&demo.external_id))
        .await
        .map_err(|e| e.to_string())?;
    let mut body = source.body.as_str().to_owned();
    for (index, amendment) in demo.amendments.iter().enumerate() {
        body = format!("{body}\n\n{}", amendment.annex);
        let text = validate_version(&body, &amendment.changelog, false)
            .map_err(|e| format!("demo fork amendment: {}", e.message))?;
        let current = u32::try_from(index + 1).unwrap_or(u32::MAX);
        store
            .add_guideline_version(id, current, &text, author.id, demo.created_at)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Loads the demo evidence once (skipped when the demo fork exists); returns how many
/// ratings, assessments, adoptions and forks it created.
pub async fn seed_evidence(store: &Store) -> Result<usize, String> {
    let demo: DemoEvidence = serde_json::from_str(EVIDENCE).map_err(|e| format!("evidence.json: {e}"))?;
    let Some(first_fork) = demo.guideline_forks.first() else {
        return Ok(0);
    };
    if store
        .imported_record(&first_fork.external_id)
        .await
        .map_err(|e| e.to_string())?
        .is_some()
    {
        return Ok(0);
    }
    for demo_fork in &demo.guideline_forks {
        fork(store, demo_fork).await?;
    }
    let today = Utc::now().date_naive();
    for rating in &demo.platform_ratings {
        let author = member(store, &rating.author).await?;
        let facts = PlatformRatingInput {
            platform: rating.platform.clone(),
            rated_on: Some(rating.rated_on),
            scores: rating
                .ratings
                .iter()
                .map(|s| DimensionScoreInput {
                    dimension: s.dimension.clone(),
                    score: s.score,
                    justification: s.justification.clone(),
                })
                .collect(),
            visibility: Some(rating.visibility.clone()),
            cases: rating.cases.len(),
        }
        .validate(today)
        .map_err(|e| format!("demo rating: {} {}", e.field, e.message))?;
        let mut cases = Vec::new();
        for case in &rating.cases {
            cases.push(imported::<CaseStudyId>(store, case).await?);
        }
        let stored = facts.into_rating(author.agency, author.id, cases);
        store
            .insert_platform_rating(&stored, Some(&rating.external_id))
            .await
            .map_err(|e| e.to_string())?;
    }
    for assessment in &demo.threat_assessments {
        let author = member(store, &assessment.author).await?;
        let answers: Vec<ThreatAnswerInput> = assessment
            .answers
            .iter()
            .map(|a| ThreatAnswerInput {
                threat: a.threat.clone(),
                level: a.level.clone(),
                note: a.note.clone(),
            })
            .collect();
        let (assessed_on, answers) = validate_assessment(Some(assessment.assessed_on), &answers, today)
            .map_err(|e| format!("demo assessment: {} {}", e.field, e.message))?;
        let stored = ThreatAssessment {
            id: ThreatAssessmentId::generate(),
            agency: author.agency,
            author: author.id,
            assessed_on,
            answers,
            created_at: Utc::now(),
        };
        store
            .insert_threat_assessment(&stored, Some(&assessment.external_id))
            .await
            .map_err(|e| e.to_string())?;
    }
    for adoption in &demo.guideline_adoptions {
        let author = member(store, &adoption.author).await?;
        let stored = Adoption {
            id: AdoptionId::generate(),
            agency: author.agency,
            guideline: imported(store, &adoption.guideline).await?,
            version: adoption.version,
            kind: AdoptionKind::Adopt,
            fork: None,
            by: author.id,
            at: adoption.adopted_at,
        };
        store
            .adopt_guideline(&stored, Some(&adoption.external_id))
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(demo.platform_ratings.len()
        + demo.threat_assessments.len()
        + demo.guideline_adoptions.len()
        + demo.guideline_forks.len())
}
