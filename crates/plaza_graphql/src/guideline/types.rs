//! The guideline and guideline version types.

use async_graphql::{Context, ID, Object};
use plaza_domain::guideline::{Guideline, GuidelineVersion};
use plaza_domain::item::ItemRef;

use crate::agency::{AgencyNode, MemberNode};
use crate::connection::{connection, connection_complexity, page_request};
use crate::content::{self, StatusValue, VisibilityValue};
use crate::context;
use crate::error::ApiResult;
use crate::ids::{NodeKind, encode};
use crate::scalars::DateTime;

connection!(
    GuidelineVersionConnection,
    GuidelineVersionEdge,
    GuidelineVersionNode,
    "guideline versions"
);

/// A guideline.
#[derive(Debug, Clone)]
pub struct GuidelineNode(pub Guideline);

/// A usage guideline or style guide: a long document that evolves. Every edit is a new
/// immutable version with a changelog; `currentVersion` is the one in force.
#[Object(name = "Guideline")]
impl GuidelineNode {
    /// How many members marked it useful.
    async fn endorsement_count(&self, ctx: &Context<'_>) -> ApiResult<u64> {
        Ok(crate::content::endorsements(ctx, ItemRef::Guideline(self.0.id))
            .await?
            .0)
    }

    /// Whether the viewer marked it useful.
    async fn viewer_endorsed(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        Ok(crate::content::endorsements(ctx, ItemRef::Guideline(self.0.id))
            .await?
            .1)
    }

    /// Global id.
    pub async fn id(&self) -> ID {
        encode(NodeKind::Guideline, &self.0.id.as_string())
    }

    /// Title of the guideline.
    async fn title(&self) -> &str {
        self.0.content.title.as_str()
    }

    /// What it covers.
    async fn summary(&self) -> &str {
        self.0.content.summary.as_str()
    }

    /// Number of the version in force.
    async fn current_version_number(&self) -> u32 {
        self.0.current_version
    }

    /// The version in force.
    async fn current_version(&self, ctx: &Context<'_>) -> ApiResult<Option<GuidelineVersionNode>> {
        let version = context::store(ctx)?
            .guideline_version(self.0.id, self.0.current_version)
            .await?;
        Ok(version.map(GuidelineVersionNode))
    }

    /// One version by number.
    async fn version(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Version number, 1 for the first.")] number: u32,
    ) -> ApiResult<Option<GuidelineVersionNode>> {
        Ok(context::store(ctx)?
            .guideline_version(self.0.id, number)
            .await?
            .map(GuidelineVersionNode))
    }

    /// Every version, newest first.
    #[graphql(complexity = "connection_complexity(child_complexity, first)")]
    async fn versions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size, 0 to 100 (20 by default).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last item of the previous page.")] after: Option<String>,
    ) -> ApiResult<GuidelineVersionConnection> {
        let had_after = after.is_some();
        let page = page_request(first, after)?;
        let all = context::store(ctx)?.guideline_versions(self.0.id).await?;
        let total_count = u64::try_from(all.len()).unwrap_or(u64::MAX);
        let start = match &page.after {
            Some(after) => all
                .iter()
                .position(|version| &version.id.as_string() == after)
                .map_or(all.len(), |i| i + 1),
            None => 0,
        };
        let items: Vec<GuidelineVersion> = all.into_iter().skip(start).take(page.first + 1).collect();
        let has_next_page = items.len() > page.first;
        let found = plaza_storage::Page {
            items: items.into_iter().take(page.first).collect(),
            total_count,
            has_next_page,
        };
        Ok(GuidelineVersionConnection::from_page(
            found,
            had_after,
            |v| v.id.as_string(),
            GuidelineVersionNode,
        ))
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

    /// Its attached files (images and PDFs of every version), with links signed for the viewer.
    async fn attachments(&self, ctx: &Context<'_>) -> ApiResult<Vec<crate::attachment::AttachmentNode>> {
        crate::attachment::of_item(ctx, &ItemRef::Guideline(self.0.id).to_string()).await
    }

    /// Publication status.
    async fn status(&self) -> StatusValue {
        StatusValue::of(self.0.audience.status)
    }

    /// Why its moderators hid (withdrew) it, for its authors, editors and moderators; null
    /// otherwise, and when it is not hidden.
    async fn hidden_reason(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        let item = plaza_domain::item::ItemRef::Guideline(self.0.id);
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

    /// When it last changed (a new version or status).
    async fn updated_at(&self) -> DateTime {
        DateTime(self.0.updated_at)
    }

    /// When it was first published.
    async fn published_at(&self) -> Option<DateTime> {
        self.0.published_at.map(DateTime)
    }

    /// Whether the viewer may publish new versions, publish or withdraw it.
    async fn viewer_can_edit(&self, ctx: &Context<'_>) -> bool {
        content::viewer_can_edit(ctx, &self.0.audience)
    }

    /// When it is due for review, and whether it may be outdated.
    async fn freshness(&self, ctx: &Context<'_>) -> ApiResult<crate::content::Freshness> {
        let item = ItemRef::Guideline(self.0.id);
        crate::content::freshness(ctx, item, &self.0.audience, self.0.updated_at).await
    }

    /// Who adopted or forked which version (forks only if readable), oldest first.
    async fn adoptions(&self, ctx: &Context<'_>) -> ApiResult<Vec<crate::guideline::AdoptionNode>> {
        crate::guideline::adoptions(ctx, &self.0).await
    }

    /// For a fork: the guideline and version it was forked from (if readable).
    async fn forked_from(&self, ctx: &Context<'_>) -> ApiResult<Option<crate::guideline::GuidelineLineage>> {
        crate::guideline::fork_origin(ctx, &self.0).await
    }

    /// The line diff between two of its versions (null if either does not exist).
    async fn compare(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The older version's number.")] from: u32,
        #[graphql(desc = "The newer version's number.")] to: u32,
    ) -> ApiResult<Option<crate::guideline::GuidelineDiff>> {
        crate::guideline::version_diff(ctx, self.0.id, from, to).await
    }
}

/// A guideline version.
#[derive(Debug, Clone)]
pub struct GuidelineVersionNode(pub GuidelineVersion);

/// One immutable version of a guideline.
#[Object(name = "GuidelineVersion")]
impl GuidelineVersionNode {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(NodeKind::GuidelineVersion, &self.0.id.as_string())
    }

    /// Version number, 1 for the first.
    async fn number(&self) -> u32 {
        self.0.number
    }

    /// The full text (markdown).
    async fn body(&self) -> &str {
        self.0.body.as_str()
    }

    /// The text rendered as sanitised HTML (no scripts, handlers, styles, frames or unsafe links).
    async fn body_html(&self, ctx: &Context<'_>) -> ApiResult<String> {
        crate::attachment::linked_html(
            ctx,
            &self.0.body_html,
            &ItemRef::Guideline(self.0.guideline).to_string(),
        )
    }

    /// What changed from the previous version.
    async fn changelog(&self) -> &str {
        self.0.changelog.as_str()
    }

    /// Who wrote it.
    async fn author(&self, ctx: &Context<'_>) -> ApiResult<Option<MemberNode>> {
        Ok(content::authors(ctx, &[self.0.author]).await?.into_iter().next())
    }

    /// When it was written.
    async fn created_at(&self) -> DateTime {
        DateTime(self.0.created_at)
    }
}
