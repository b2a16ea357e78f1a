//! `plaza export`: every record, whatever its audience, as JSONL in the import format, so an
//! export re-imports into an empty database. (`plaza backup` is the whole-database snapshot; what anyone
//! may reuse is the open data at `/datos`, not this.) External ids are the record ids, so re-importing an export twice is a no-op.

use std::collections::HashMap;
use std::io::Write;

use plaza_domain::content::{Audience, Common};
use plaza_domain::ids::{AgencyId, MemberId};
use plaza_domain::item::ItemRef;
use plaza_storage::{StorageError, Store};

use crate::import::{
    AdoptionRecord, AgencyRecord, AnswerRecord, CaseStudyRecord, ContentHeader, GuidelineRecord, MemberRecord,
    MetricRecord, PlatformRatingRecord, PracticeRecord, Record, ScoreRecord, ThreatAssessmentRecord, VersionRecord,
};

/// What can go wrong exporting.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Reading failed.
    #[error("storage: {0}")]
    Storage(#[from] StorageError),
    /// Writing failed.
    #[error("write: {0}")]
    Write(#[from] std::io::Error),
    /// Encoding failed.
    #[error("encode: {0}")]
    Encode(#[from] serde_json::Error),
    /// Reading an attachment's file failed.
    #[error("attachment files: {0}")]
    Files(#[from] object_store::Error),
}

fn header(
    external_id: String,
    audience: &Audience,
    common: &Common,
    created_at: chrono::DateTime<chrono::Utc>,
    slugs: &HashMap<AgencyId, String>,
    emails: &HashMap<MemberId, String>,
) -> ContentHeader {
    ContentHeader {
        external_id,
        agency: slugs.get(&audience.agency).cloned().unwrap_or_default(),
        authors: audience
            .authors
            .iter()
            .filter_map(|author| emails.get(author).cloned())
            .collect(),
        status: audience.status.code().to_owned(),
        visibility: Some(audience.visibility.code().to_owned()),
        language: Some(common.language.code().to_owned()),
        licence: Some(common.licence.code().to_owned()),
        tags: common.tags.iter().map(|tag| tag.as_str().to_owned()).collect(),
        created_at: Some(created_at),
        review_by: None,
    }
}

/// The review date owners set on an item (`table:key`), if any.
async fn review_date(store: &Store, item: ItemRef) -> Result<Option<chrono::NaiveDate>, StorageError> {
    Ok(store.review_dates(&[item]).await?.remove(&item))
}

/// Writes every record to `out`, and with `files` every attachment items have, its file copied
/// into the given directory from the blob store; returns how many lines were written.
pub async fn export_jsonl(
    store: &Store,
    out: &mut impl Write,
    files: Option<(&crate::attachments::Blobs, &std::path::Path)>,
) -> Result<usize, ExportError> {
    let mut lines = 0;
    let mut write = |record: Record, out: &mut dyn Write| -> Result<(), ExportError> {
        serde_json::to_writer(&mut *out, &record)?;
        out.write_all(b"\n")?;
        lines += 1;
        Ok(())
    };
    let agencies = store.all_agencies().await?;
    let slugs: HashMap<AgencyId, String> = agencies.iter().map(|a| (a.id, a.slug.as_str().to_owned())).collect();
    for agency in agencies {
        write(
            Record::Agency(AgencyRecord {
                external_id: format!("agency/{}", agency.id),
                slug: agency.slug.into_string(),
                name: agency.name.into_string(),
                level: agency.level.code().to_owned(),
                country: agency.country.into_string(),
                region: agency.region,
                email_domains: agency.email_domains.into_iter().map(|d| d.into_string()).collect(),
            }),
            out,
        )?;
    }
    let members = store.all_members().await?;
    let emails: HashMap<MemberId, String> = members
        .iter()
        .map(|(m, _)| (m.id, m.email.as_str().to_owned()))
        .collect();
    for (member, _) in members {
        write(
            Record::Member(MemberRecord {
                external_id: format!("member/{}", member.id),
                agency: slugs.get(&member.agency).cloned().unwrap_or_default(),
                email: member.email.into_string(),
                name: member.name.into_string(),
                roles: member.roles.iter().map(|r| r.code().to_owned()).collect(),
            }),
            out,
        )?;
    }
    for case in store.all_case_studies().await? {
        let c = case.content;
        write(
            Record::CaseStudy(Box::new(CaseStudyRecord {
                header: ContentHeader {
                    review_by: review_date(store, ItemRef::CaseStudy(case.id)).await?,
                    ..header(
                        format!("case_study/{}", case.id),
                        &case.audience,
                        &c.common,
                        case.created_at,
                        &slugs,
                        &emails,
                    )
                },
                title: c.title.into_string(),
                summary: c.summary.into_string(),
                context: c.context.into_string(),
                objectives: c.objectives.iter().map(|o| o.code().to_owned()).collect(),
                actions: c.actions.into_string(),
                platforms: c.platforms.iter().map(|p| p.code().to_owned()).collect(),
                formats: c.formats,
                team: c.team,
                budget: c.budget,
                tools: c.tools,
                metrics: c
                    .metrics
                    .into_iter()
                    .map(|m| MetricRecord {
                        metric: m.metric.into_string(),
                        kind: Some(m.kind.code().to_owned()),
                        unit: m.unit.code().to_owned(),
                        baseline: m.baseline,
                        target: m.target,
                        actual: m.actual,
                        period_start: m.period.start,
                        period_end: m.period.end,
                        method: m.method,
                        evidence_level: m.evidence_level.code().to_owned(),
                    })
                    .collect(),
                lessons: c.lessons.into_string(),
                threats: c.threats.iter().map(|t| t.code().to_owned()).collect(),
                dimensions: c.dimensions.iter().map(|d| d.code().to_owned()).collect(),
                stage: Some(c.stage.code().to_owned()),
                started_on: c.started_on,
                ended_on: c.ended_on,
                replicates: store
                    .replicated_case(case.id)
                    .await?
                    .map(|original| format!("case_study/{original}")),
            })),
            out,
        )?;
    }
    for practice in store.all_practices().await? {
        let c = practice.content;
        write(
            Record::Practice(PracticeRecord {
                header: ContentHeader {
                    review_by: review_date(store, ItemRef::Practice(practice.id)).await?,
                    ..header(
                        format!("practice/{}", practice.id),
                        &practice.audience,
                        &c.common,
                        practice.created_at,
                        &slugs,
                        &emails,
                    )
                },
                title: c.title.into_string(),
                summary: c.summary.into_string(),
                body: c.body.into_string(),
                objectives: c.objectives.iter().map(|o| o.code().to_owned()).collect(),
                platforms: c.platforms.iter().map(|p| p.code().to_owned()).collect(),
                dimensions: c.dimensions.iter().map(|d| d.code().to_owned()).collect(),
                threats: c.threats.iter().map(|t| t.code().to_owned()).collect(),
            }),
            out,
        )?;
    }
    for guideline in store.all_guidelines().await? {
        let mut versions = store.guideline_versions(guideline.id).await?;
        versions.reverse();
        let c = guideline.content;
        write(
            Record::Guideline(GuidelineRecord {
                header: ContentHeader {
                    review_by: review_date(store, ItemRef::Guideline(guideline.id)).await?,
                    ..header(
                        format!("guideline/{}", guideline.id),
                        &guideline.audience,
                        &c.common,
                        guideline.created_at,
                        &slugs,
                        &emails,
                    )
                },
                title: c.title.into_string(),
                summary: c.summary.into_string(),
                versions: versions
                    .into_iter()
                    .map(|v| VersionRecord {
                        body: v.body.into_string(),
                        changelog: v.changelog.into_string(),
                    })
                    .collect(),
            }),
            out,
        )?;
    }
    let slug = |agency: &AgencyId| slugs.get(agency).cloned().unwrap_or_default();
    let email = |member: &MemberId| emails.get(member).cloned().unwrap_or_default();
    for rating in store.all_platform_ratings().await? {
        write(
            Record::PlatformRating(PlatformRatingRecord {
                external_id: format!("platform_rating/{}", rating.id),
                agency: slug(&rating.agency),
                author: email(&rating.author),
                platform: rating.platform.code().to_owned(),
                rated_on: rating.rated_on,
                visibility: Some(rating.visibility.code().to_owned()),
                scores: rating
                    .scores
                    .into_iter()
                    .map(|s| ScoreRecord {
                        dimension: s.dimension.code().to_owned(),
                        score: i64::from(s.score),
                        justification: s.justification,
                    })
                    .collect(),
                cases: rating.cases.iter().map(|case| format!("case_study/{case}")).collect(),
                created_at: Some(rating.created_at),
            }),
            out,
        )?;
    }
    for assessment in store.all_threat_assessments().await? {
        write(
            Record::ThreatAssessment(ThreatAssessmentRecord {
                external_id: format!("threat_assessment/{}", assessment.id),
                agency: slug(&assessment.agency),
                author: email(&assessment.author),
                assessed_on: assessment.assessed_on,
                answers: assessment
                    .answers
                    .into_iter()
                    .map(|a| AnswerRecord {
                        threat: a.threat.code().to_owned(),
                        level: a.level.code().to_owned(),
                        note: a.note,
                    })
                    .collect(),
                created_at: Some(assessment.created_at),
            }),
            out,
        )?;
    }
    for adoption in store.all_adoptions().await? {
        write(
            Record::GuidelineAdoption(AdoptionRecord {
                external_id: format!("adoption/{}", adoption.id),
                agency: slug(&adoption.agency),
                author: email(&adoption.by),
                guideline: format!("guideline/{}", adoption.guideline),
                version: adoption.version,
                kind: adoption.kind.code().to_owned(),
                fork: adoption.fork.map(|fork| format!("guideline/{fork}")),
                adopted_at: adoption.at,
            }),
            out,
        )?;
    }
    if let Some((blobs, dir)) = files {
        crate::attachments::archive::back_up(store, blobs, dir, &emails, |line| write(Record::Attachment(line), out))
            .await?;
    }
    Ok(lines)
}

/// `plaza export [--out FILE]`: the JSONL, with the attachment files beside it when written to
/// a file.
pub async fn export_command(
    store: &Store,
    config: &crate::config::Config,
    out: Option<&std::path::Path>,
) -> Result<(), String> {
    let fail = |error: String| error;
    let lines = match out {
        Some(path) => {
            let file =
                std::fs::File::create(path).map_err(|e| fail(format!("cannot create {}: {e}", path.display())))?;
            let mut writer = std::io::BufWriter::new(file);
            let blobs = crate::attachments::Blobs::open(config).map_err(fail)?;
            let dir = crate::attachments::archive::files_dir(path);
            let lines = export_jsonl(store, &mut writer, Some((&blobs, &dir)))
                .await
                .map_err(|e| fail(e.to_string()))?;
            writer.flush().map_err(|e| fail(e.to_string()))?;
            eprintln!("export: attachments' files in {}", dir.display());
            lines
        }
        None => {
            eprintln!("export: attachments are left out on standard output; use --out FILE to keep them");
            let mut stdout = std::io::stdout().lock();
            export_jsonl(store, &mut stdout, None)
                .await
                .map_err(|e| fail(e.to_string()))?
        }
    };
    eprintln!("export: {lines} records written");
    Ok(())
}
