//! Case studies.

use chrono::{DateTime, Utc};
use plaza_domain::case_study::{CaseStudy, CaseStudyContent, CaseStudyHtml, CaseStudyInput};
use plaza_domain::content::PublicationStatus;
use plaza_domain::ids::CaseStudyId;
use plaza_domain::metric::OutcomeMetricInput;
use plaza_domain::policy::ReadScope;
use serde_json::{Map, Value as Json, json};

use crate::audience::CommonRow;
use crate::connect::Store;
use crate::doc::{corrupt, date, parse_date};
use crate::error::StorageError;
use crate::page::{Page, PageRequest};

const TABLE: &str = "case_study";

/// Narrows a list of case studies.
pub type CaseStudyFilter = crate::audience::ContentFilter;

/// A stored outcome metric.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct MetricRow {
    metric: String,
    #[serde(default)]
    kind: Option<String>,
    unit: String,
    baseline: Option<f64>,
    target: Option<f64>,
    actual: Option<f64>,
    period_start: String,
    period_end: String,
    method: String,
    evidence_level: String,
}

#[derive(Debug, serde::Deserialize)]
struct CaseStudyRow {
    #[serde(flatten)]
    common: CommonRow,
    title: String,
    summary: String,
    context: String,
    objectives: Vec<String>,
    actions: String,
    platforms: Vec<String>,
    formats: Vec<String>,
    team: String,
    budget: String,
    tools: Vec<String>,
    metrics: Vec<MetricRow>,
    lessons: String,
    threats: Vec<String>,
    dimensions: Vec<String>,
    stage: String,
    started_on: Option<String>,
    ended_on: Option<String>,
    #[serde(default)]
    context_html: Option<String>,
    #[serde(default)]
    actions_html: Option<String>,
    #[serde(default)]
    lessons_html: Option<String>,
}

impl MetricRow {
    /// The metric as submitted, for validation (`record` names it in errors).
    pub(crate) fn into_input(self, record: &str) -> Result<OutcomeMetricInput, StorageError> {
        Ok(OutcomeMetricInput {
            metric: self.metric,
            kind: self.kind,
            unit: self.unit,
            baseline: self.baseline,
            target: self.target,
            actual: self.actual,
            period_start: Some(parse_date(&self.period_start, record)?),
            period_end: Some(parse_date(&self.period_end, record)?),
            method: self.method,
            evidence_level: self.evidence_level,
        })
    }
}

impl CaseStudyRow {
    fn into_case_study(self) -> Result<CaseStudy, StorageError> {
        let record = self.common.audience.id.clone();
        let parts = self.common.into_parts()?;
        let optional_date = |raw: &Option<String>| raw.as_deref().map(|on| parse_date(on, &record)).transpose();
        let metrics = self
            .metrics
            .into_iter()
            .map(|metric| metric.into_input(&record))
            .collect::<Result<Vec<_>, StorageError>>()?;
        let input = CaseStudyInput {
            title: self.title,
            summary: self.summary,
            context: self.context,
            objectives: self.objectives,
            actions: self.actions,
            platforms: self.platforms,
            formats: self.formats,
            team: self.team,
            budget: self.budget,
            tools: self.tools,
            metrics,
            lessons: self.lessons,
            threats: self.threats,
            dimensions: self.dimensions,
            stage: Some(self.stage),
            started_on: optional_date(&self.started_on)?,
            ended_on: optional_date(&self.ended_on)?,
            common: parts.common.to_input(),
        };
        let content = input.validate().map_err(corrupt(&record))?;
        let html = match (self.context_html, self.actions_html, self.lessons_html) {
            (Some(context), Some(actions), Some(lessons)) => CaseStudyHtml {
                context,
                actions,
                lessons,
            },
            // Written before HTML was stored and not yet migrated (see `render::backfill`).
            _ => CaseStudyHtml::render(&content),
        };
        Ok(CaseStudy {
            id: CaseStudyId::parse(&parts.key).map_err(corrupt(&record))?,
            content,
            audience: parts.audience,
            created_at: parts.created_at,
            updated_at: parts.updated_at,
            published_at: parts.published_at,
            html,
        })
    }
}

pub(crate) fn content_doc(content: &CaseStudyContent) -> Map<String, Json> {
    let codes = |codes: Vec<&'static str>| json!(codes);
    let doc = json!({
        "title": content.title.as_str(),
        "summary": content.summary.as_str(),
        "context": content.context.as_str(),
        "objectives": codes(content.objectives.iter().map(|o| o.code()).collect()),
        "actions": content.actions.as_str(),
        "platforms": codes(content.platforms.iter().map(|p| p.code()).collect()),
        "formats": content.formats,
        "team": content.team,
        "budget": content.budget,
        "tools": content.tools,
        "metrics": content.metrics.iter().map(|metric| crate::doc::without_nulls(json!({
            "metric": metric.metric.as_str(),
            "kind": metric.kind.code(),
            "unit": metric.unit.code(),
            "baseline": metric.baseline,
            "target": metric.target,
            "actual": metric.actual,
            "period_start": date(metric.period.start),
            "period_end": date(metric.period.end),
            "method": metric.method,
            "evidence_level": metric.evidence_level.code(),
        }))).collect::<Vec<_>>(),
        "lessons": content.lessons.as_str(),
        "threats": codes(content.threats.iter().map(|t| t.code()).collect()),
        "dimensions": codes(content.dimensions.iter().map(|d| d.code()).collect()),
        "stage": content.stage.code(),
        "started_on": content.started_on.map(date),
        "ended_on": content.ended_on.map(date),
    });
    let doc = crate::render::with_html(doc, &CaseStudyHtml::render(content));
    match doc {
        Json::Object(map) => map,
        _ => Map::new(),
    }
}

impl Store {
    /// Stores a new case study. With `external_id`, importing the same case twice returns the
    /// first one's id and changes nothing.
    pub async fn create_case_study(
        &self,
        case: &CaseStudy,
        external_id: Option<&str>,
    ) -> Result<CaseStudyId, StorageError> {
        if let Some(existing) = self.existing_import::<CaseStudyId>(external_id).await? {
            return Ok(existing);
        }
        let times = (case.created_at, case.updated_at, case.published_at);
        let content = case.content.clone();
        let doc = crate::render::off_worker(move || content_doc(&content)).await?;
        let key = case.id.as_string();
        self.create_content(
            TABLE,
            &key,
            doc,
            &case.content.common,
            &case.audience,
            times,
            external_id,
        )
        .await?;
        Ok(case.id)
    }

    /// A case study by id, whatever its visibility (callers apply the policy).
    pub async fn case_study(&self, id: CaseStudyId) -> Result<Option<CaseStudy>, StorageError> {
        let row: Option<CaseStudyRow> = self.get_record(TABLE, &id.as_string()).await?;
        row.map(CaseStudyRow::into_case_study).transpose()
    }

    /// Replaces the content of a case study (owner, authors and status are kept).
    pub async fn update_case_study(
        &self,
        id: CaseStudyId,
        content: &CaseStudyContent,
        updated_at: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        let existing = self.case_study(id).await?.ok_or(StorageError::NotFound)?;
        let content_now = content.clone();
        let doc = crate::render::off_worker(move || content_doc(&content_now)).await?;
        self.update_content(
            TABLE,
            &id.as_string(),
            doc,
            &content.common,
            &existing.audience,
            updated_at,
        )
        .await?;
        Ok(())
    }

    /// Sets the publication status of a case study.
    pub async fn set_case_study_status(
        &self,
        id: CaseStudyId,
        status: PublicationStatus,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        self.set_status(TABLE, &id.as_string(), status, now).await
    }

    /// Case studies visible in `scope` and matching `filter`, newest first.
    pub async fn list_case_studies(
        &self,
        scope: &ReadScope,
        filter: &CaseStudyFilter,
        page: &PageRequest,
    ) -> Result<Page<CaseStudy>, StorageError> {
        let (conditions, vars) = filter.conditions();
        let page = self
            .list_visible::<CaseStudyRow>(TABLE, scope, conditions, vars, page)
            .await?;
        page.decode_off_worker(CaseStudyRow::into_case_study).await
    }
}

pub(crate) fn case_study_from_json(row: Json) -> Result<CaseStudy, StorageError> {
    crate::doc::from_json::<CaseStudyRow>(row)?.into_case_study()
}
