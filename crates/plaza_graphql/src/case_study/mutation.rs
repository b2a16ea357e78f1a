//! Case study mutations: create, update, publish, withdraw.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::Utc;
use plaza_domain::case_study::{CaseStudy, CaseStudyInput};
use plaza_domain::content::{Audience, PublicationStatus};
use plaza_domain::ids::CaseStudyId;
use plaza_domain::item::ItemRef;
use plaza_domain::metric::OutcomeMetricInput;
use plaza_domain::policy;

use crate::content::{ItemIdInput, PresentationInput, require_group_access, require_member};
use crate::context;
use crate::error::{ApiError, ApiResult};
use crate::ids::{NodeKind, decode_as};
use crate::scalars::Date;

use super::types::CaseStudyNode;

/// One measured outcome, as submitted.
#[derive(Debug, Clone, InputObject)]
#[graphql(name = "OutcomeMetricInput")]
pub struct MetricInput {
    /// What was measured ("Llamadas al 010 por semana").
    pub metric: String,
    /// Metric kind code (`phone_calls`, `response_time`, … see `taxonomies.metricKinds`);
    /// `other` when omitted. The unit must be one the kind allows.
    pub kind: Option<String>,
    /// Unit code (`count`, `percent`, `ratio`, `score`, `seconds`, `minutes`, `hours`, `days`, `eur`, `usd`, `local_currency`).
    pub unit: String,
    /// Value before the action.
    pub baseline: Option<f64>,
    /// Value aimed for.
    pub target: Option<f64>,
    /// Value reached.
    pub actual: Option<f64>,
    /// First day the measurement covers.
    pub period_start: Date,
    /// Last day the measurement covers.
    pub period_end: Date,
    /// How it was measured.
    #[graphql(default)]
    pub method: String,
    /// Evidence level code (`self_reported`, `analytics_export`, `audited`).
    pub evidence_level: String,
}

impl MetricInput {
    fn domain(&self) -> OutcomeMetricInput {
        OutcomeMetricInput {
            metric: self.metric.clone(),
            kind: self.kind.clone(),
            unit: self.unit.clone(),
            baseline: self.baseline,
            target: self.target,
            actual: self.actual,
            period_start: Some(self.period_start.0),
            period_end: Some(self.period_end.0),
            method: self.method.clone(),
            evidence_level: self.evidence_level.clone(),
        }
    }
}

/// A new case study. It starts as a draft of the viewer's agency, authored by the viewer.
#[derive(Debug, Clone, InputObject)]
pub struct CreateCaseStudyInput {
    /// Title, 1 to 200 characters.
    pub title: String,
    /// One-paragraph summary.
    #[graphql(default)]
    pub summary: String,
    /// Context and problem (markdown).
    #[graphql(default)]
    pub context: String,
    /// Objective codes; at least one.
    pub objectives: Vec<String>,
    /// What was done (markdown).
    #[graphql(default)]
    pub actions: String,
    /// Platform codes.
    #[graphql(default)]
    pub platforms: Vec<String>,
    /// Formats used.
    #[graphql(default)]
    pub formats: Vec<String>,
    /// The team involved.
    #[graphql(default)]
    pub team: String,
    /// The budget.
    #[graphql(default)]
    pub budget: String,
    /// Tools used.
    #[graphql(default)]
    pub tools: Vec<String>,
    /// Measured outcomes.
    #[graphql(default)]
    pub metrics: Vec<MetricInput>,
    /// Lessons learned (markdown).
    #[graphql(default)]
    pub lessons: String,
    /// Threat codes.
    #[graphql(default)]
    pub threats: Vec<String>,
    /// Public-value dimension codes.
    #[graphql(default)]
    pub dimensions: Vec<String>,
    /// Stage code; `running` by default.
    pub stage: Option<String>,
    /// When the case started.
    pub started_on: Option<Date>,
    /// When it ended.
    pub ended_on: Option<Date>,
    /// Files uploaded with `POST /adjuntos` to attach (their ids), at most 20.
    pub attachments: Option<Vec<ID>>,
    /// Language, licence, audience, tags.
    #[graphql(flatten)]
    pub presentation: PresentationInput,
}

/// Changes to a case study; omitted fields keep their value.
#[derive(Debug, Clone, InputObject)]
pub struct UpdateCaseStudyInput {
    /// Global id of the case study.
    pub id: ID,
    /// Title.
    pub title: Option<String>,
    /// Summary.
    pub summary: Option<String>,
    /// Context and problem.
    pub context: Option<String>,
    /// Objective codes.
    pub objectives: Option<Vec<String>>,
    /// What was done.
    pub actions: Option<String>,
    /// Platform codes.
    pub platforms: Option<Vec<String>>,
    /// Formats.
    pub formats: Option<Vec<String>>,
    /// Team.
    pub team: Option<String>,
    /// Budget.
    pub budget: Option<String>,
    /// Tools.
    pub tools: Option<Vec<String>>,
    /// Metrics (replace the whole list).
    pub metrics: Option<Vec<MetricInput>>,
    /// Lessons learned.
    pub lessons: Option<String>,
    /// Threat codes.
    pub threats: Option<Vec<String>>,
    /// Dimension codes.
    pub dimensions: Option<Vec<String>>,
    /// Stage code.
    pub stage: Option<String>,
    /// Start date.
    pub started_on: Option<Date>,
    /// End date.
    pub ended_on: Option<Date>,
    /// The case's attachments (replace the whole list): files it has, and files the viewer
    /// uploaded with `POST /adjuntos`; those left out are released.
    pub attachments: Option<Vec<ID>>,
    /// Language, licence, audience, tags.
    #[graphql(flatten)]
    pub presentation: PresentationInput,
}

/// The result of a case study mutation.
#[derive(Debug, Clone, SimpleObject)]
pub struct CaseStudyPayload {
    /// The case study as it now is.
    pub case_study: CaseStudyNode,
}

/// The record that owns a case study's attachments.
pub(crate) fn owner(id: CaseStudyId) -> String {
    format!("case_study:{id}")
}

/// Loads a case study the viewer may edit.
async fn editable(ctx: &Context<'_>, id: &ID) -> ApiResult<CaseStudy> {
    let viewer = context::viewer(ctx);
    require_member(viewer)?;
    let id: CaseStudyId = decode_as(id, NodeKind::CaseStudy, "input.id")?;
    let case = context::store(ctx)?
        .case_study(id)
        .await?
        .ok_or(ApiError::Denied(policy::Denial::NotFound))?;
    policy::can_edit(viewer, &case.audience)?;
    Ok(case)
}

async fn reload(ctx: &Context<'_>, id: CaseStudyId) -> ApiResult<CaseStudyPayload> {
    // Every mutation ends here after its write: make it searchable before answering.
    crate::context::refresh_search(ctx).await;
    let case = context::store(ctx)?
        .case_study(id)
        .await?
        .ok_or(ApiError::Denied(policy::Denial::NotFound))?;
    Ok(CaseStudyPayload {
        case_study: CaseStudyNode(case),
    })
}

async fn set_status(ctx: &Context<'_>, input: ItemIdInput, status: PublicationStatus) -> ApiResult<CaseStudyPayload> {
    let case = editable(ctx, &input.id).await?;
    if status == PublicationStatus::Published {
        let item = plaza_domain::item::ItemRef::CaseStudy(case.id);
        crate::content::may_publish_again(ctx, item).await?;
    }
    context::store(ctx)?
        .set_case_study_status(case.id, status, Utc::now())
        .await?;
    if status == PublicationStatus::Published && case.audience.status != PublicationStatus::Published {
        let c = &case.content;
        let taxonomy = crate::notify::codes(&c.objectives, &c.platforms, &c.dimensions, &c.threats);
        let audience = plaza_domain::content::Audience {
            status,
            ..case.audience.clone()
        };
        let actor = context::writer(ctx)?.id;
        let item = ItemRef::CaseStudy(case.id);
        crate::notify::notify_followers_of_item(ctx, actor, item, &audience, &taxonomy).await?;
    }
    reload(ctx, case.id).await
}

/// Case study mutations.
#[derive(Debug, Default)]
pub struct CaseStudyMutation;

#[Object]
impl CaseStudyMutation {
    /// Creates a draft case study in the viewer's agency.
    async fn create_case_study(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case study.")] input: CreateCaseStudyInput,
    ) -> ApiResult<CaseStudyPayload> {
        let viewer = context::viewer(ctx);
        let member = require_member(viewer)?;
        let submitted = CaseStudyInput {
            title: input.title,
            summary: input.summary,
            context: input.context,
            objectives: input.objectives,
            actions: input.actions,
            platforms: input.platforms,
            formats: input.formats,
            team: input.team,
            budget: input.budget,
            tools: input.tools,
            metrics: input.metrics.iter().map(MetricInput::domain).collect(),
            lessons: input.lessons,
            threats: input.threats,
            dimensions: input.dimensions,
            stage: input.stage,
            started_on: input.started_on.map(|d| d.0),
            ended_on: input.ended_on.map(|d| d.0),
            common: input.presentation.new_item()?,
        };
        let content = submitted.validate().map_err(|e| ApiError::invalid_at("input", e))?;
        policy::can_create(viewer, member.agency, content.common.visibility)?;
        let attachments = crate::attachment::checked(ctx, input.attachments.as_deref(), None, member.id).await?;
        let now = Utc::now();
        let case = CaseStudy {
            id: CaseStudyId::generate(),
            audience: Audience {
                agency: member.agency,
                visibility: content.common.visibility,
                status: PublicationStatus::Draft,
                authors: vec![member.id],
            },
            content,
            created_at: now,
            updated_at: now,
            published_at: None,
            html: Default::default(),
        };
        let id = context::store(ctx)?.create_case_study(&case, None).await?;
        crate::attachment::save(ctx, &owner(id), member.id, attachments).await?;
        reload(ctx, id).await
    }

    /// Changes a case study; omitted fields keep their value.
    async fn update_case_study(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The changes.")] input: UpdateCaseStudyInput,
    ) -> ApiResult<CaseStudyPayload> {
        let case = editable(ctx, &input.id).await?;
        let base = case.content.to_input();
        let submitted = CaseStudyInput {
            title: input.title.unwrap_or(base.title),
            summary: input.summary.unwrap_or(base.summary),
            context: input.context.unwrap_or(base.context),
            objectives: input.objectives.unwrap_or(base.objectives),
            actions: input.actions.unwrap_or(base.actions),
            platforms: input.platforms.unwrap_or(base.platforms),
            formats: input.formats.unwrap_or(base.formats),
            team: input.team.unwrap_or(base.team),
            budget: input.budget.unwrap_or(base.budget),
            tools: input.tools.unwrap_or(base.tools),
            metrics: input
                .metrics
                .map(|metrics| metrics.iter().map(MetricInput::domain).collect())
                .unwrap_or(base.metrics),
            lessons: input.lessons.unwrap_or(base.lessons),
            threats: input.threats.unwrap_or(base.threats),
            dimensions: input.dimensions.unwrap_or(base.dimensions),
            stage: input.stage.or(base.stage),
            started_on: input.started_on.map(|d| d.0).or(base.started_on),
            ended_on: input.ended_on.map(|d| d.0).or(base.ended_on),
            common: input.presentation.onto(base.common)?,
        };
        let content = submitted.validate().map_err(|e| ApiError::invalid_at("input", e))?;
        require_group_access(context::viewer(ctx), content.common.visibility)?;
        let editor = context::writer(ctx)?.id;
        let owner = owner(case.id);
        let attachments = crate::attachment::checked(ctx, input.attachments.as_deref(), Some(&owner), editor).await?;
        context::store(ctx)?
            .update_case_study(case.id, &content, Utc::now())
            .await?;
        crate::attachment::save(ctx, &owner, editor, attachments).await?;
        reload(ctx, case.id).await
    }

    /// Publishes a case study to its audience.
    async fn publish_case_study(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case study.")] input: ItemIdInput,
    ) -> ApiResult<CaseStudyPayload> {
        set_status(ctx, input, PublicationStatus::Published).await
    }

    /// Withdraws a published case study; only its editors see it afterwards.
    async fn withdraw_case_study(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case study.")] input: ItemIdInput,
    ) -> ApiResult<CaseStudyPayload> {
        set_status(ctx, input, PublicationStatus::Withdrawn).await
    }
}
