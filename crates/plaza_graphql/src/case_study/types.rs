//! The case study type and its outcome metrics.

use async_graphql::{Context, ID, Object};
use plaza_domain::case_study::CaseStudy;
use plaza_domain::item::ItemRef;
use plaza_domain::metric::OutcomeMetric;

use crate::agency::{AgencyNode, MemberNode};
use crate::content::{self, StatusValue, VisibilityValue};
use crate::error::ApiResult;
use crate::ids::{NodeKind, encode};
use crate::scalars::{Date, DateTime};
use crate::taxonomy::{IntoTaxon, Taxon, taxa};

/// A case study.
#[derive(Debug, Clone)]
pub struct CaseStudyNode(pub CaseStudy);

/// A structured, comparable account of what an administration did with social media and what
/// it achieved: context, objectives, actions, measured outcomes and lessons.
#[Object(name = "CaseStudy")]
impl CaseStudyNode {
    /// How many members marked it useful.
    async fn endorsement_count(&self, ctx: &Context<'_>) -> ApiResult<u64> {
        Ok(crate::content::endorsements(ctx, ItemRef::CaseStudy(self.0.id))
            .await?
            .0)
    }

    /// Whether the viewer marked it useful.
    async fn viewer_endorsed(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        Ok(crate::content::endorsements(ctx, ItemRef::CaseStudy(self.0.id))
            .await?
            .1)
    }

    /// Global id.
    pub async fn id(&self) -> ID {
        encode(NodeKind::CaseStudy, &self.0.id.as_string())
    }

    /// Title.
    async fn title(&self) -> &str {
        self.0.content.title.as_str()
    }

    /// One-paragraph summary.
    async fn summary(&self) -> &str {
        self.0.content.summary.as_str()
    }

    /// Context and problem (markdown).
    async fn context(&self) -> &str {
        self.0.content.context.as_str()
    }

    /// `context` rendered as sanitised HTML (no scripts, handlers, styles, frames or unsafe links).
    async fn context_html(&self, ctx: &Context<'_>) -> ApiResult<String> {
        crate::attachment::linked_html(ctx, &self.0.html.context, &super::mutation::owner(self.0.id))
    }

    /// What social media was used for.
    async fn objectives(&self) -> Vec<Taxon> {
        taxa(&self.0.content.objectives)
    }

    /// What was done (markdown).
    async fn actions(&self) -> &str {
        self.0.content.actions.as_str()
    }

    /// `actions` rendered as sanitised HTML (no scripts, handlers, styles, frames or unsafe links).
    async fn actions_html(&self, ctx: &Context<'_>) -> ApiResult<String> {
        crate::attachment::linked_html(ctx, &self.0.html.actions, &super::mutation::owner(self.0.id))
    }

    /// Platforms used.
    async fn platforms(&self) -> Vec<Taxon> {
        taxa(&self.0.content.platforms)
    }

    /// Formats used (video tutorials, infographics…).
    async fn formats(&self) -> &[String] {
        &self.0.content.formats
    }

    /// The team involved.
    async fn team(&self) -> &str {
        &self.0.content.team
    }

    /// The budget.
    async fn budget(&self) -> &str {
        &self.0.content.budget
    }

    /// Attached images and documents, with signed links for the viewer.
    async fn attachments(&self, ctx: &Context<'_>) -> ApiResult<Vec<crate::attachment::AttachmentNode>> {
        crate::attachment::of_item(ctx, &super::mutation::owner(self.0.id)).await
    }

    /// Tools used.
    async fn tools(&self) -> &[String] {
        &self.0.content.tools
    }

    /// Measured outcomes.
    async fn metrics(&self) -> Vec<OutcomeMetricNode> {
        self.0.content.metrics.iter().cloned().map(OutcomeMetricNode).collect()
    }

    /// Lessons learned (markdown).
    async fn lessons(&self) -> &str {
        self.0.content.lessons.as_str()
    }

    /// `lessons` rendered as sanitised HTML (no scripts, handlers, styles, frames or unsafe links).
    async fn lessons_html(&self, ctx: &Context<'_>) -> ApiResult<String> {
        crate::attachment::linked_html(ctx, &self.0.html.lessons, &super::mutation::owner(self.0.id))
    }

    /// Threats the case addresses.
    async fn threats(&self) -> Vec<Taxon> {
        taxa(&self.0.content.threats)
    }

    /// Public-value dimensions it contributes to.
    async fn dimensions(&self) -> Vec<Taxon> {
        taxa(&self.0.content.dimensions)
    }

    /// Where the case stands (idea, pilot, running, finished, discontinued).
    async fn stage(&self) -> Taxon {
        self.0.content.stage.taxon()
    }

    /// When the case started.
    async fn started_on(&self) -> Option<Date> {
        self.0.content.started_on.map(Date)
    }

    /// When the case ended.
    async fn ended_on(&self) -> Option<Date> {
        self.0.content.ended_on.map(Date)
    }

    /// ISO 639-1 language code.
    async fn language(&self) -> &str {
        self.0.content.common.language.code()
    }

    /// Licence identifier.
    async fn licence(&self) -> &str {
        self.0.content.common.licence.code()
    }

    /// Free tags.
    async fn tags(&self) -> Vec<&str> {
        self.0.content.common.tags.iter().map(|tag| tag.as_str()).collect()
    }

    /// Who may read it once published.
    async fn visibility(&self) -> VisibilityValue {
        VisibilityValue::of(self.0.audience.visibility)
    }

    /// The group that may read it, with `GROUP` visibility (its global id).
    async fn group_id(&self) -> Option<ID> {
        content::group_id(&self.0.audience)
    }

    /// Publication status.
    async fn status(&self) -> StatusValue {
        StatusValue::of(self.0.audience.status)
    }

    /// Why its moderators hid (withdrew) it, for its authors, editors and moderators; null
    /// otherwise, and when it is not hidden.
    async fn hidden_reason(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        let item = plaza_domain::item::ItemRef::CaseStudy(self.0.id);
        crate::content::hidden_reason(ctx, item, &self.0.audience).await
    }

    /// The agency that owns it.
    async fn agency(&self, ctx: &Context<'_>) -> ApiResult<Option<AgencyNode>> {
        content::owner(ctx, &self.0.audience).await
    }

    /// Its authors.
    async fn authors(&self, ctx: &Context<'_>) -> ApiResult<Vec<MemberNode>> {
        content::authors(ctx, &self.0.audience.authors).await
    }

    /// When it was created.
    async fn created_at(&self) -> DateTime {
        DateTime(self.0.created_at)
    }

    /// When it last changed.
    async fn updated_at(&self) -> DateTime {
        DateTime(self.0.updated_at)
    }

    /// When it was first published.
    async fn published_at(&self) -> Option<DateTime> {
        self.0.published_at.map(DateTime)
    }

    /// Whether the viewer may edit, publish or withdraw it.
    async fn viewer_can_edit(&self, ctx: &Context<'_>) -> bool {
        content::viewer_can_edit(ctx, &self.0.audience)
    }

    /// When it is due for review, and whether it may be outdated.
    async fn freshness(&self, ctx: &Context<'_>) -> ApiResult<crate::content::Freshness> {
        let item = ItemRef::CaseStudy(self.0.id);
        crate::content::freshness(ctx, item, &self.0.audience, self.0.updated_at).await
    }

    /// The case study this one replicates, if any and readable.
    async fn replicates(&self, ctx: &Context<'_>) -> ApiResult<Option<CaseStudyNode>> {
        crate::case_study::replicated(ctx, self.0.id).await
    }

    /// Readable case studies that replicate this one, with the outcome delta per metric kind
    /// both measured.
    async fn replications(&self, ctx: &Context<'_>) -> ApiResult<Vec<crate::case_study::Replication>> {
        crate::case_study::replications(ctx, &self.0).await
    }
}

/// One measured outcome.
#[derive(Debug, Clone)]
pub struct OutcomeMetricNode(pub OutcomeMetric);

/// One measured outcome of a case: what, in which unit, before, aimed for and reached, over
/// which period, how it was measured and how strong the evidence is.
#[Object(name = "OutcomeMetric")]
impl OutcomeMetricNode {
    /// What was measured.
    async fn metric(&self) -> &str {
        self.0.metric.as_str()
    }

    /// The comparable kind of measure (`other` is never aggregated).
    async fn kind(&self) -> Taxon {
        self.0.kind.taxon()
    }

    /// Which way is better for its kind; null for `other`.
    async fn direction(&self) -> Option<crate::taxonomy::DirectionValue> {
        self.0.kind.direction().map(crate::taxonomy::DirectionValue::of)
    }

    /// Unit code.
    async fn unit(&self) -> &str {
        self.0.unit.code()
    }

    /// Value before the action.
    async fn baseline(&self) -> Option<f64> {
        self.0.baseline
    }

    /// Value aimed for.
    async fn target(&self) -> Option<f64> {
        self.0.target
    }

    /// Value reached.
    async fn actual(&self) -> Option<f64> {
        self.0.actual
    }

    /// First day the measurement covers.
    async fn period_start(&self) -> Date {
        Date(self.0.period.start)
    }

    /// Last day the measurement covers.
    async fn period_end(&self) -> Date {
        Date(self.0.period.end)
    }

    /// How it was measured.
    async fn method(&self) -> &str {
        &self.0.method
    }

    /// How strong the evidence is.
    async fn evidence_level(&self) -> Taxon {
        self.0.evidence_level.taxon()
    }

    /// Relative change from baseline to actual (-0.3 = 30 % less), when both exist and the
    /// baseline is positive.
    async fn relative_change(&self) -> Option<f64> {
        self.0.relative_change()
    }

    /// The relative change oriented so that positive is better for the metric's kind (a 30 %
    /// drop in calls is +0.3); null for `other` metrics.
    async fn improvement(&self) -> Option<f64> {
        self.0.improvement()
    }
}
