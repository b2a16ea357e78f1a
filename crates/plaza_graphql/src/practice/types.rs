//! The practice type.

use async_graphql::{Context, ID, Object};
use plaza_domain::item::ItemRef;
use plaza_domain::practice::Practice;

use crate::agency::{AgencyNode, MemberNode};
use crate::content::{self, StatusValue, VisibilityValue};
use crate::error::ApiResult;
use crate::ids::{NodeKind, encode};
use crate::scalars::DateTime;
use crate::taxonomy::{Taxon, taxa};

/// A practice.
#[derive(Debug, Clone)]
pub struct PracticeNode(pub Practice);

/// A short, actionable tip ("answer within an hour"), with the same taxonomies as case studies.
#[Object(name = "Practice")]
impl PracticeNode {
    /// How many members marked it useful.
    async fn endorsement_count(&self, ctx: &Context<'_>) -> ApiResult<u64> {
        Ok(crate::content::endorsements(ctx, ItemRef::Practice(self.0.id)).await?.0)
    }

    /// Whether the viewer marked it useful.
    async fn viewer_endorsed(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        Ok(crate::content::endorsements(ctx, ItemRef::Practice(self.0.id)).await?.1)
    }

    /// Global id.
    pub async fn id(&self) -> ID {
        encode(NodeKind::Practice, &self.0.id.as_string())
    }

    /// Title.
    async fn title(&self) -> &str {
        self.0.content.title.as_str()
    }

    /// One-paragraph summary.
    async fn summary(&self) -> &str {
        self.0.content.summary.as_str()
    }

    /// The tip itself (markdown).
    async fn body(&self) -> &str {
        self.0.content.body.as_str()
    }

    /// The tip rendered as sanitised HTML (no scripts, handlers, styles, frames or unsafe links).
    async fn body_html(&self, ctx: &Context<'_>) -> ApiResult<String> {
        crate::attachment::linked_html(ctx, &self.0.body_html, &ItemRef::Practice(self.0.id).to_string())
    }

    /// Its attached files (images, PDFs of evidence), with links signed for the viewer.
    async fn attachments(&self, ctx: &Context<'_>) -> ApiResult<Vec<crate::attachment::AttachmentNode>> {
        crate::attachment::of_item(ctx, &ItemRef::Practice(self.0.id).to_string()).await
    }

    /// Objectives it serves.
    async fn objectives(&self) -> Vec<Taxon> {
        taxa(&self.0.content.objectives)
    }

    /// Platforms it applies to.
    async fn platforms(&self) -> Vec<Taxon> {
        taxa(&self.0.content.platforms)
    }

    /// Public-value dimensions it contributes to.
    async fn dimensions(&self) -> Vec<Taxon> {
        taxa(&self.0.content.dimensions)
    }

    /// Threats it addresses.
    async fn threats(&self) -> Vec<Taxon> {
        taxa(&self.0.content.threats)
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
        let item = plaza_domain::item::ItemRef::Practice(self.0.id);
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
        let item = ItemRef::Practice(self.0.id);
        crate::content::freshness(ctx, item, &self.0.audience, self.0.updated_at).await
    }
}
