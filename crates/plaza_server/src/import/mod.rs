//! `plaza import`: JSONL records (agencies, members, case studies, practices, guidelines),
//! idempotent by `external_id`, with a report of rejected lines. The same format is what
//! `plaza export` writes and what the demo network ships in.

mod evidence;
mod records;

pub use records::{
    AdoptionRecord, AgencyRecord, AnswerRecord, AttachmentRecord, CaseStudyRecord, ContentHeader, GuidelineRecord,
    MemberRecord, MetricRecord, PlatformRatingRecord, PracticeRecord, Record, ScoreRecord, ThreatAssessmentRecord,
    VersionRecord,
};

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use plaza_domain::agency::AgencyInput;
use plaza_domain::case_study::{CaseStudy, CaseStudyInput};
use plaza_domain::content::{Audience, CommonInput, PublicationStatus};
use plaza_domain::guideline::{Guideline, GuidelineInput, validate_version};
use plaza_domain::ids::{AgencyId, CaseStudyId, GuidelineId, MemberId, PracticeId};
use plaza_domain::item::{ContentKind, ItemRef};
use plaza_domain::member::{Member, parse_roles};
use plaza_domain::metric::OutcomeMetricInput;
use plaza_domain::practice::{Practice, PracticeInput};
use plaza_domain::text::{Email, Name};
use plaza_storage::{NewContent, StorageError, Store};

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportReport {
    /// Lines read (blank lines excluded).
    pub lines: usize,
    /// Lines stored or already present.
    pub accepted: usize,
    /// Lines refused, with their number (1-based) and reason.
    pub rejected: Vec<(usize, String)>,
    /// Attachment lines with their number, for the caller to restore with the files beside the
    /// backup (the blob store is the server's); not counted as accepted until then.
    pub attachments: Vec<(usize, AttachmentRecord)>,
}

/// Why one line was refused.
#[derive(Debug, thiserror::Error)]
pub enum LineError {
    /// Not a record we understand.
    #[error("not a valid record: {0}")]
    Parse(String),
    /// A field failed validation.
    #[error("{0}")]
    Invalid(#[from] plaza_domain::ValidationError),
    /// A referenced agency or member does not exist.
    #[error("{0}")]
    Reference(String),
    /// Storage refused.
    #[error("{0}")]
    Storage(#[from] StorageError),
}

/// Resolves slugs and e-mails to ids, caching what it found.
struct Resolver<'a> {
    store: &'a Store,
    agencies: HashMap<String, AgencyId>,
    members: HashMap<String, MemberId>,
    /// Links applied once every line is written: they may refer to later lines.
    deferred: Vec<Deferred>,
}

/// A review date or replication link of an imported item, applied after the whole import.
struct Deferred {
    line: usize,
    kind: ContentKind,
    external_id: String,
    review_by: Option<chrono::NaiveDate>,
    replicates: Option<(String, MemberId)>,
}

impl<'a> Resolver<'a> {
    fn new(store: &'a Store) -> Self {
        Self {
            store,
            agencies: HashMap::new(),
            members: HashMap::new(),
            deferred: Vec::new(),
        }
    }

    /// Remembers an item's review date and replication link for after the import.
    fn defer(
        &mut self,
        line: usize,
        kind: ContentKind,
        header: &ContentHeader,
        replicates: Option<(String, MemberId)>,
    ) {
        if header.review_by.is_some() || replicates.is_some() {
            self.deferred.push(Deferred {
                line,
                kind,
                external_id: header.external_id.clone(),
                review_by: header.review_by,
                replicates,
            });
        }
    }

    async fn agency(&mut self, slug: &str) -> Result<AgencyId, LineError> {
        if let Some(id) = self.agencies.get(slug) {
            return Ok(*id);
        }
        let agency = self
            .store
            .agency_by_slug(slug)
            .await?
            .ok_or_else(|| LineError::Reference(format!("agency: no agency with slug '{slug}'")))?;
        self.agencies.insert(slug.to_owned(), agency.id);
        Ok(agency.id)
    }

    async fn member(&mut self, email: &str) -> Result<MemberId, LineError> {
        if let Some(id) = self.members.get(email) {
            return Ok(*id);
        }
        let parsed = Email::parse(email).map_err(|e| e.at("authors"))?;
        let (member, _) = self
            .store
            .member_by_email(&parsed)
            .await?
            .ok_or_else(|| LineError::Reference(format!("authors: no member with e-mail '{email}'")))?;
        self.members.insert(email.to_owned(), member.id);
        Ok(member.id)
    }

    async fn audience(
        &mut self,
        header: &ContentHeader,
        visibility: plaza_domain::content::Visibility,
    ) -> Result<Audience, LineError> {
        let agency = self.agency(&header.agency).await?;
        let mut authors = Vec::with_capacity(header.authors.len());
        for email in &header.authors {
            authors.push(self.member(email).await?);
        }
        Ok(Audience {
            agency,
            visibility,
            status: PublicationStatus::parse(&header.status)?,
            authors,
        })
    }
}

fn common_input(header: &ContentHeader) -> CommonInput {
    CommonInput {
        language: header.language.clone(),
        licence: header.licence.clone(),
        visibility: header.visibility.clone(),
        group: None,
        tags: header.tags.clone(),
    }
}

fn times(header: &ContentHeader, status: PublicationStatus) -> (DateTime<Utc>, DateTime<Utc>, Option<DateTime<Utc>>) {
    let created = header.created_at.unwrap_or_else(Utc::now);
    let published = (status == PublicationStatus::Published).then_some(created);
    (created, created, published)
}

/// A validated case study or practice waiting to be written with others in one transaction.
enum Pending {
    CaseStudy(Box<CaseStudy>, String),
    Practice(Box<Practice>, String),
}

impl Pending {
    fn as_new(&self) -> (NewContent<'_>, Option<&str>) {
        match self {
            Pending::CaseStudy(case, external_id) => (NewContent::CaseStudy(case), Some(external_id.as_str())),
            Pending::Practice(practice, external_id) => (NewContent::Practice(practice), Some(external_id.as_str())),
        }
    }
}

/// Records per import transaction.
const IMPORT_BATCH: usize = 250;

/// Imports one parsed record; case studies and practices come back to be written in a batch.
async fn import_record(
    resolver: &mut Resolver<'_>,
    record: Record,
    line_number: usize,
) -> Result<Option<Pending>, LineError> {
    let store = resolver.store;
    match record {
        Record::Agency(line) => {
            let agency = AgencyInput {
                slug: line.slug,
                name: line.name,
                level: line.level,
                country: line.country,
                region: line.region,
                email_domains: line.email_domains,
            }
            .validate()?;
            store.create_agency(&agency, Some(&line.external_id)).await?;
        }
        Record::Member(line) => {
            let agency = resolver.agency(&line.agency).await?;
            let member = Member {
                id: MemberId::generate(),
                email: Email::parse(&line.email).map_err(|e| e.at("email"))?,
                name: Name::parse(&line.name).map_err(|e| e.at("name"))?,
                agency,
                roles: parse_roles(&line.roles)?,
                suspension: None,
                profile: Default::default(),
                erased_at: None,
            };
            store.create_member(&member, Some(&line.external_id)).await?;
        }
        Record::CaseStudy(line) => {
            let content = CaseStudyInput {
                title: line.title,
                summary: line.summary,
                context: line.context,
                objectives: line.objectives,
                actions: line.actions,
                platforms: line.platforms,
                formats: line.formats,
                team: line.team,
                budget: line.budget,
                tools: line.tools,
                metrics: line
                    .metrics
                    .into_iter()
                    .map(|m| OutcomeMetricInput {
                        metric: m.metric,
                        kind: m.kind,
                        unit: m.unit,
                        baseline: m.baseline,
                        target: m.target,
                        actual: m.actual,
                        period_start: Some(m.period_start),
                        period_end: Some(m.period_end),
                        method: m.method,
                        evidence_level: m.evidence_level,
                    })
                    .collect(),
                lessons: line.lessons,
                threats: line.threats,
                dimensions: line.dimensions,
                stage: line.stage,
                started_on: line.started_on,
                ended_on: line.ended_on,
                common: common_input(&line.header),
            }
            .validate()?;
            let audience = resolver.audience(&line.header, content.common.visibility).await?;
            let (created_at, updated_at, published_at) = times(&line.header, audience.status);
            let replicates = line.replicates.map(|original| {
                let by = audience.authors.first().copied().unwrap_or_else(MemberId::generate);
                (original, by)
            });
            resolver.defer(line_number, ContentKind::CaseStudy, &line.header, replicates);
            let case = CaseStudy {
                id: CaseStudyId::generate(),
                content,
                audience,
                created_at,
                updated_at,
                published_at,
                html: Default::default(),
            };
            return Ok(Some(Pending::CaseStudy(Box::new(case), line.header.external_id)));
        }
        Record::Practice(line) => {
            let content = PracticeInput {
                title: line.title,
                summary: line.summary,
                body: line.body,
                objectives: line.objectives,
                platforms: line.platforms,
                dimensions: line.dimensions,
                threats: line.threats,
                common: common_input(&line.header),
            }
            .validate()?;
            let audience = resolver.audience(&line.header, content.common.visibility).await?;
            let (created_at, updated_at, published_at) = times(&line.header, audience.status);
            resolver.defer(line_number, ContentKind::Practice, &line.header, None);
            let practice = Practice {
                id: PracticeId::generate(),
                content,
                audience,
                created_at,
                updated_at,
                published_at,
                body_html: String::new(),
            };
            return Ok(Some(Pending::Practice(Box::new(practice), line.header.external_id)));
        }
        Record::PlatformRating(line) => evidence::rating(resolver, line).await?,
        Record::ThreatAssessment(line) => evidence::assessment(resolver, line).await?,
        Record::GuidelineAdoption(line) => evidence::adoption(resolver, line).await?,
        Record::Attachment(_) => {
            return Err(LineError::Parse(
                "attachments are restored by `plaza import` from a backup file and its files".into(),
            ));
        }
        Record::Guideline(line) => {
            let content = GuidelineInput {
                title: line.title,
                summary: line.summary,
                common: common_input(&line.header),
            }
            .validate()?;
            let mut versions = Vec::with_capacity(line.versions.len());
            for (index, version) in line.versions.iter().enumerate() {
                versions.push(
                    validate_version(&version.body, &version.changelog, index == 0)
                        .map_err(|e| e.at(&format!("versions.{index}")))?,
                );
            }
            let Some((first, later)) = versions.split_first() else {
                return Err(
                    plaza_domain::ValidationError::new("versions", "a guideline needs at least one version").into(),
                );
            };
            let audience = resolver.audience(&line.header, content.common.visibility).await?;
            let author = audience.authors.first().copied();
            let (created_at, updated_at, published_at) = times(&line.header, audience.status);
            let guideline = Guideline {
                id: GuidelineId::generate(),
                content,
                audience,
                current_version: 1,
                created_at,
                updated_at,
                published_at,
            };
            resolver.defer(line_number, ContentKind::Guideline, &line.header, None);
            let already = store.guideline_exists_for_import(&line.header.external_id).await?;
            let id = store
                .create_guideline(&guideline, first, Some(&line.header.external_id))
                .await?;
            if !already {
                let author = author.unwrap_or_else(MemberId::generate);
                for (index, text) in later.iter().enumerate() {
                    let current = u32::try_from(index + 1).unwrap_or(u32::MAX);
                    store
                        .add_guideline_version(id, current, text, author, created_at)
                        .await?;
                }
            }
        }
    }
    Ok(None)
}

/// Writes pending records in one transaction; if it is refused, one by one to tell which
/// line was at fault.
async fn flush(store: &Store, pending: &mut Vec<(usize, Pending)>, report: &mut ImportReport) {
    if pending.is_empty() {
        return;
    }
    let items: Vec<(NewContent<'_>, Option<&str>)> = pending.iter().map(|(_, p)| p.as_new()).collect();
    if store.create_contents(&items).await.is_ok() {
        report.accepted += pending.len();
    } else {
        for (line, item) in pending.iter() {
            match store.create_contents(&[item.as_new()]).await {
                Ok(_) => report.accepted += 1,
                Err(error) => report.rejected.push((*line, LineError::from(error).to_string())),
            }
        }
    }
    pending.clear();
}

/// Imports JSONL text line by line; bad lines are reported, good ones stored. `progress` is
/// called after every line with the number of lines done.
pub async fn import_jsonl(store: &Store, text: &str, progress: impl FnMut(usize)) -> ImportReport {
    import_lines(store, text.lines().map(|line| Ok(line.to_owned())), progress).await
}

/// Imports JSONL read from `reader` (streamed: the file is never held in memory whole, and no
/// line beyond [`MAX_LINE_BYTES`] is: such a line is skipped and reported).
pub async fn import_reader(store: &Store, reader: impl std::io::BufRead, progress: impl FnMut(usize)) -> ImportReport {
    import_lines(store, BoundedLines { reader, done: false }, progress).await
}

/// Longest import line read: a case study with three 100 KB sections and its metrics fits
/// several times over.
pub const MAX_LINE_BYTES: usize = 4 * 1024 * 1024;

/// Lines of a reader, each at most [`MAX_LINE_BYTES`]; a longer line is consumed without being
/// kept and yields an `InvalidData` error, and so does a line that is not UTF-8.
struct BoundedLines<R> {
    reader: R,
    done: bool,
}

impl<R: std::io::BufRead> Iterator for BoundedLines<R> {
    type Item = std::io::Result<String>;

    fn next(&mut self) -> Option<Self::Item> {
        use std::io::{Error, ErrorKind};
        if self.done {
            return None;
        }
        let mut line = Vec::new();
        let mut too_long = false;
        loop {
            let buffer = match self.reader.fill_buf() {
                Ok(buffer) => buffer,
                Err(error) if error.kind() == ErrorKind::Interrupted => continue,
                Err(error) => {
                    self.done = true;
                    return Some(Err(error));
                }
            };
            if buffer.is_empty() {
                self.done = true;
                if line.is_empty() && !too_long {
                    return None;
                }
                break;
            }
            let (chunk, found) = match buffer.iter().position(|byte| *byte == b'\n') {
                Some(end) => (&buffer[..end], Some(end + 1)),
                None => (buffer, None),
            };
            if line.len() + chunk.len() > MAX_LINE_BYTES {
                too_long = true;
                line.clear();
            } else if !too_long {
                line.extend_from_slice(chunk);
            }
            let used = found.unwrap_or(buffer.len());
            self.reader.consume(used);
            if found.is_some() {
                break;
            }
        }
        if too_long {
            return Some(Err(Error::new(
                ErrorKind::InvalidData,
                format!("the line is longer than {} MiB", MAX_LINE_BYTES / (1024 * 1024)),
            )));
        }
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        Some(String::from_utf8(line).map_err(|_| Error::new(ErrorKind::InvalidData, "the line is not UTF-8")))
    }
}

async fn import_lines(
    store: &Store,
    lines: impl Iterator<Item = std::io::Result<String>>,
    mut progress: impl FnMut(usize),
) -> ImportReport {
    let mut report = ImportReport::default();
    let mut resolver = Resolver::new(store);
    let mut pending: Vec<(usize, Pending)> = Vec::new();
    for (index, line) in lines.enumerate() {
        let line = match line {
            Ok(line) => line,
            Err(error) => {
                report.lines += 1;
                report
                    .rejected
                    .push((index + 1, format!("cannot read the line: {error}")));
                // A bad line (too long, not UTF-8) is skipped; a failing reader ends the import.
                if error.kind() == std::io::ErrorKind::InvalidData {
                    continue;
                }
                break;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        report.lines += 1;
        let record = serde_json::from_str::<Record>(&line).map_err(|error| LineError::Parse(error.to_string()));
        // Agencies, members and guidelines are written at once: later lines may refer to them;
        // evidence lines refer to content before them, so that is written first.
        if matches!(
            record,
            Ok(Record::Agency(_)
                | Record::Member(_)
                | Record::Guideline(_)
                | Record::PlatformRating(_)
                | Record::ThreatAssessment(_)
                | Record::GuidelineAdoption(_))
        ) {
            flush(store, &mut pending, &mut report).await;
        }
        let outcome = match record {
            Ok(Record::Attachment(line)) => {
                report.attachments.push((index + 1, line));
                continue;
            }
            Ok(record) => import_record(&mut resolver, record, index + 1).await,
            Err(error) => Err(error),
        };
        match outcome {
            Ok(Some(item)) => pending.push((index + 1, item)),
            Ok(None) => report.accepted += 1,
            Err(error) => report.rejected.push((index + 1, error.to_string())),
        }
        if pending.len() >= IMPORT_BATCH {
            flush(store, &mut pending, &mut report).await;
        }
        progress(report.lines);
    }
    flush(store, &mut pending, &mut report).await;
    for deferred in std::mem::take(&mut resolver.deferred) {
        let line = deferred.line;
        if let Err(error) = apply_deferred(store, deferred).await {
            report.rejected.push((line, error.to_string()));
        }
    }
    report.rejected.sort_by_key(|(line, _)| *line);
    report
}

/// Sets an imported item's review date and replication link.
async fn apply_deferred(store: &Store, deferred: Deferred) -> Result<(), LineError> {
    let missing = |id: &str| LineError::Reference(format!("no imported item with external id {id}"));
    let Some(key) = store.imported_record(&deferred.external_id).await? else {
        // The line itself was refused; that is already reported.
        return Ok(());
    };
    if let Some(review_by) = deferred.review_by {
        let item = ItemRef::of(deferred.kind, &key)
            .map_err(|_| LineError::Reference(format!("{key} is not a {}", deferred.kind)))?;
        store.set_review_date(item, review_by).await?;
    }
    if let Some((original, by)) = deferred.replicates {
        let original_key = store
            .imported_record(&original)
            .await?
            .ok_or_else(|| missing(&original))?;
        let parse = |raw: &str| {
            raw.parse::<CaseStudyId>()
                .map_err(|_| LineError::Reference(format!("{raw} is not a case study")))
        };
        store
            .link_replication(parse(&key)?, parse(&original_key)?, by, Utc::now())
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_and_non_utf8_lines_are_skipped_without_being_kept() {
        let mut input = b"uno\r\n".to_vec();
        input.extend(std::iter::repeat_n(b'x', MAX_LINE_BYTES + 10));
        input.extend_from_slice(b"\n\xff\xfe\ndos");
        // A small buffer: lines arrive in many pieces.
        let reader = std::io::BufReader::with_capacity(4096, input.as_slice());
        let lines: Vec<Result<String, String>> = BoundedLines { reader, done: false }
            .map(|line| line.map_err(|error| error.to_string()))
            .collect();
        assert_eq!(
            lines.len(),
            4,
            "{:?}",
            lines.iter().map(|l| l.as_ref().map(String::len)).collect::<Vec<_>>()
        );
        assert_eq!(lines[0], Ok("uno".to_owned()));
        assert!(
            lines[1]
                .as_ref()
                .is_err_and(|error| error.contains("longer than 4 MiB"))
        );
        assert!(lines[2].as_ref().is_err_and(|error| error.contains("UTF-8")));
        assert_eq!(lines[3], Ok("dos".to_owned()));
    }
}
