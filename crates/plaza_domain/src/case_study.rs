//! Case studies: structured, comparable accounts of what an administration did and achieved.

use chrono::{DateTime, NaiveDate, Utc};

use crate::ValidationError;
use crate::content::{Audience, Common, CommonInput};
use crate::ids::CaseStudyId;
use crate::metric::{OutcomeMetric, OutcomeMetricInput, validate_metrics};
use crate::taxonomy::{CaseStage, Dimension, Objective, Platform, Threat, parse_codes};
use crate::text::{Body, Summary, Title};

/// Most items in short lists (formats, tools).
const SHORT_LIST_MAX: usize = 30;

/// The editable content of a case study, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseStudyContent {
    /// Title.
    pub title: Title,
    /// One-paragraph summary.
    pub summary: Summary,
    /// Context and problem.
    pub context: Body,
    /// What social media was used for.
    pub objectives: Vec<Objective>,
    /// What was done.
    pub actions: Body,
    /// Platforms used.
    pub platforms: Vec<Platform>,
    /// Formats used (video tutorials, infographics…).
    pub formats: Vec<String>,
    /// Team involved, free text.
    pub team: String,
    /// Budget, free text ("15.000 € al año").
    pub budget: String,
    /// Tools used.
    pub tools: Vec<String>,
    /// Measured outcomes.
    pub metrics: Vec<OutcomeMetric>,
    /// Lessons learned.
    pub lessons: Body,
    /// Threats the case addresses.
    pub threats: Vec<Threat>,
    /// Public-value dimensions it contributes to.
    pub dimensions: Vec<Dimension>,
    /// Where the case stands.
    pub stage: CaseStage,
    /// When the case started.
    pub started_on: Option<NaiveDate>,
    /// When it ended.
    pub ended_on: Option<NaiveDate>,
    /// Language, licence, visibility, tags.
    pub common: Common,
}

/// A stored case study.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseStudy {
    /// Identifier.
    pub id: CaseStudyId,
    /// The content.
    pub content: CaseStudyContent,
    /// Owner, audience, status, authors.
    pub audience: Audience,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was last changed.
    pub updated_at: DateTime<Utc>,
    /// When it was first published.
    pub published_at: Option<DateTime<Utc>>,
    /// The markdown sections as HTML, rendered when written. Storage fills it on read and
    /// renders it afresh on every write (what a caller puts here is not stored).
    pub html: CaseStudyHtml,
}

/// A case study's markdown sections as sanitised HTML.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseStudyHtml {
    /// The context section.
    pub context: String,
    /// What was done.
    pub actions: String,
    /// Lessons learned.
    pub lessons: String,
}

impl CaseStudyHtml {
    /// Renders the sections (bounded and linear: see [`crate::markdown::render`]).
    pub fn render(content: &CaseStudyContent) -> Self {
        Self {
            context: crate::markdown::render(content.context.as_str()),
            actions: crate::markdown::render(content.actions.as_str()),
            lessons: crate::markdown::render(content.lessons.as_str()),
        }
    }
}

/// The content of a case study as submitted.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseStudyInput {
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Context and problem.
    pub context: String,
    /// Objective codes.
    pub objectives: Vec<String>,
    /// What was done.
    pub actions: String,
    /// Platform codes.
    pub platforms: Vec<String>,
    /// Formats.
    pub formats: Vec<String>,
    /// Team.
    pub team: String,
    /// Budget.
    pub budget: String,
    /// Tools.
    pub tools: Vec<String>,
    /// Metrics.
    pub metrics: Vec<OutcomeMetricInput>,
    /// Lessons learned.
    pub lessons: String,
    /// Threat codes.
    pub threats: Vec<String>,
    /// Dimension codes.
    pub dimensions: Vec<String>,
    /// Stage code; `running` when omitted.
    pub stage: Option<String>,
    /// Start date.
    pub started_on: Option<NaiveDate>,
    /// End date.
    pub ended_on: Option<NaiveDate>,
    /// Language, licence, visibility, tags.
    pub common: CommonInput,
}

fn short_list(raw: &[String], field: &str) -> Result<Vec<String>, ValidationError> {
    if raw.len() > SHORT_LIST_MAX {
        return Err(ValidationError::new(field, format!("at most {SHORT_LIST_MAX} items")));
    }
    let mut items: Vec<String> = Vec::new();
    for (index, item) in raw.iter().enumerate() {
        let name = crate::text::Name::parse(item).map_err(|e| e.at(&format!("{field}.{index}")))?;
        if !items.iter().any(|known| known == name.as_str()) {
            items.push(name.into_string());
        }
    }
    Ok(items)
}

fn free_line(raw: &str, field: &str) -> Result<String, ValidationError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Ok(String::new());
    }
    Summary::parse(trimmed)
        .map(Summary::into_string)
        .map_err(|e| ValidationError::new(field, e.message))
}

impl CaseStudyInput {
    /// Validates every field; the error names the first offending field.
    pub fn validate(&self) -> Result<CaseStudyContent, ValidationError> {
        let title = Title::parse(&self.title).map_err(|e| e.at("title"))?;
        let summary = Summary::parse(&self.summary).map_err(|e| e.at("summary"))?;
        let context = Body::parse(&self.context).map_err(|e| e.at("context"))?;
        let objectives = parse_codes(&self.objectives, Objective::parse).map_err(|e| e.at("objectives"))?;
        if objectives.is_empty() {
            return Err(ValidationError::new("objectives", "give at least one objective"));
        }
        let actions = Body::parse(&self.actions).map_err(|e| e.at("actions"))?;
        let platforms = parse_codes(&self.platforms, Platform::parse).map_err(|e| e.at("platforms"))?;
        let formats = short_list(&self.formats, "formats")?;
        let team = free_line(&self.team, "team")?;
        let budget = free_line(&self.budget, "budget")?;
        let tools = short_list(&self.tools, "tools")?;
        let metrics = validate_metrics(&self.metrics).map_err(|e| e.at("metrics"))?;
        let lessons = Body::parse(&self.lessons).map_err(|e| e.at("lessons"))?;
        let threats = parse_codes(&self.threats, Threat::parse).map_err(|e| e.at("threats"))?;
        let dimensions = parse_codes(&self.dimensions, Dimension::parse).map_err(|e| e.at("dimensions"))?;
        let stage = match self.stage.as_deref() {
            None => CaseStage::Running,
            Some(code) => CaseStage::parse(code.trim()).map_err(|e| e.at("stage"))?,
        };
        if let (Some(start), Some(end)) = (self.started_on, self.ended_on)
            && end < start
        {
            return Err(ValidationError::new("endedOn", "the case ends before it starts"));
        }
        let common = self
            .common
            .validate_for(&[&self.title, &self.summary, &self.context, &self.actions])?;
        Ok(CaseStudyContent {
            title,
            summary,
            context,
            objectives,
            actions,
            platforms,
            formats,
            team,
            budget,
            tools,
            metrics,
            lessons,
            threats,
            dimensions,
            stage,
            started_on: self.started_on,
            ended_on: self.ended_on,
            common,
        })
    }
}

impl CaseStudyContent {
    /// Back to the submitted form, for applying a partial update.
    pub fn to_input(&self) -> CaseStudyInput {
        let codes = |codes: Vec<&str>| codes.into_iter().map(str::to_owned).collect::<Vec<_>>();
        CaseStudyInput {
            title: self.title.as_str().to_owned(),
            summary: self.summary.as_str().to_owned(),
            context: self.context.as_str().to_owned(),
            objectives: codes(self.objectives.iter().map(|o| o.code()).collect()),
            actions: self.actions.as_str().to_owned(),
            platforms: codes(self.platforms.iter().map(|p| p.code()).collect()),
            formats: self.formats.clone(),
            team: self.team.clone(),
            budget: self.budget.clone(),
            tools: self.tools.clone(),
            metrics: self
                .metrics
                .iter()
                .map(|metric| OutcomeMetricInput {
                    metric: metric.metric.as_str().to_owned(),
                    kind: Some(metric.kind.code().to_owned()),
                    unit: metric.unit.code().to_owned(),
                    baseline: metric.baseline,
                    target: metric.target,
                    actual: metric.actual,
                    period_start: Some(metric.period.start),
                    period_end: Some(metric.period.end),
                    method: metric.method.clone(),
                    evidence_level: metric.evidence_level.code().to_owned(),
                })
                .collect(),
            lessons: self.lessons.as_str().to_owned(),
            threats: codes(self.threats.iter().map(|t| t.code()).collect()),
            dimensions: codes(self.dimensions.iter().map(|d| d.code()).collect()),
            stage: Some(self.stage.code().to_owned()),
            started_on: self.started_on,
            ended_on: self.ended_on,
            common: self.common.to_input(),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn whatsapp_case() -> CaseStudyInput {
        CaseStudyInput {
            title: "WhatsApp para reducir llamadas al 010".into(),
            summary: "Un canal de atención por WhatsApp".into(),
            context: "Las llamadas saturaban el 010.".into(),
            objectives: vec!["citizen_service".into()],
            actions: "Abrimos un canal de WhatsApp Business.".into(),
            platforms: vec!["whatsapp".into()],
            formats: vec!["mensajes".into()],
            team: "2 personas".into(),
            budget: "".into(),
            tools: vec![],
            metrics: vec![],
            lessons: "Responder rápido importa.".into(),
            threats: vec![],
            dimensions: vec!["service_delivery".into()],
            stage: None,
            started_on: NaiveDate::from_ymd_opt(2022, 3, 1),
            ended_on: None,
            common: CommonInput {
                language: None,
                licence: None,
                visibility: Some("public".into()),
                group: None,
                tags: vec![],
            },
        }
    }

    #[test]
    fn a_valid_case_gets_defaults() {
        let content = whatsapp_case().validate().unwrap();
        assert_eq!(content.stage, CaseStage::Running);
        assert_eq!(content.common.language, crate::content::Language::Es);
        assert_eq!(content.common.licence, crate::content::Licence::CcBy4);
    }

    #[test]
    fn validation_names_the_offending_field() {
        let empty_title = CaseStudyInput {
            title: "".into(),
            ..whatsapp_case()
        };
        assert_eq!(empty_title.validate().unwrap_err().field, "title");
        let huge_title = CaseStudyInput {
            title: "x".repeat(10_240),
            ..whatsapp_case()
        };
        assert_eq!(huge_title.validate().unwrap_err().field, "title");
        let bad_objective = CaseStudyInput {
            objectives: vec!["citizen_service".into(), "marketing".into()],
            ..whatsapp_case()
        };
        assert_eq!(bad_objective.validate().unwrap_err().field, "objectives.1");
        let no_objective = CaseStudyInput {
            objectives: vec![],
            ..whatsapp_case()
        };
        assert_eq!(no_objective.validate().unwrap_err().field, "objectives");
        let reversed = CaseStudyInput {
            ended_on: NaiveDate::from_ymd_opt(2021, 1, 1),
            ..whatsapp_case()
        };
        assert_eq!(reversed.validate().unwrap_err().field, "endedOn");
        let bad_language = CaseStudyInput {
            common: CommonInput {
                language: Some("klingon".into()),
                ..whatsapp_case().common
            },
            ..whatsapp_case()
        };
        assert_eq!(bad_language.validate().unwrap_err().field, "language");
    }

    #[test]
    fn content_round_trips_through_its_input_form() {
        let content = whatsapp_case().validate().unwrap();
        assert_eq!(content.to_input().validate().unwrap(), content);
    }
}
