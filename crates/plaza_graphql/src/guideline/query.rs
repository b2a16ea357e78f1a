//! Guideline queries.

use async_graphql::{Context, ID, Object};
use plaza_domain::ids::GuidelineId;
use plaza_domain::item::ItemRef;
use plaza_domain::policy::ReadScope;
use plaza_storage::GuidelineFilter;

use crate::connection::{connection, connection_complexity, page_request};
use crate::content::{ContentFilterInput, readable};
use crate::context;
use crate::error::{ApiError, ApiResult};
use crate::ids::{NodeKind, decode_as};

use super::types::GuidelineNode;

connection!(GuidelineConnection, GuidelineEdge, GuidelineNode, "guidelines");

/// Guideline queries.
#[derive(Debug, Default)]
pub struct GuidelineQuery;

/// Loads a guideline if the viewer may read it.
pub(crate) async fn load(ctx: &Context<'_>, id: GuidelineId) -> ApiResult<Option<GuidelineNode>> {
    let found = context::store(ctx)?.guideline(id).await?;
    Ok(readable(context::viewer(ctx), found, |guideline| &guideline.audience).map(GuidelineNode))
}

#[Object]
impl GuidelineQuery {
    /// A guideline by global id; null if it does not exist or the viewer may not read it.
    async fn guideline(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global id.")] id: ID,
    ) -> ApiResult<Option<GuidelineNode>> {
        load(ctx, decode_as(&id, NodeKind::Guideline, "id")?).await
    }

    /// Guidelines the viewer may read, newest first. Taxonomy filters do not apply to guidelines.
    #[graphql(complexity = "connection_complexity(child_complexity, first)")]
    async fn guidelines(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the list (agency, level, country, status, language).")] filter: Option<
            ContentFilterInput,
        >,
        #[graphql(desc = "Page size, 0 to 100 (20 by default).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last item of the previous page.")] after: Option<String>,
    ) -> ApiResult<GuidelineConnection> {
        let parsed = filter.unwrap_or_default().parse(ctx).await?;
        if parsed.objective.is_some()
            || parsed.platform.is_some()
            || parsed.dimension.is_some()
            || parsed.threat.is_some()
        {
            return Err(ApiError::invalid(
                "filter",
                "guidelines have no objectives, platforms, dimensions or threats",
            ));
        }
        let filter = GuidelineFilter {
            agency: parsed.agency,
            level: parsed.level,
            country: parsed.country,
            status: parsed.status,
            language: parsed.language,
        };
        let had_after = after.is_some();
        let page = page_request(first, after)?;
        let scope = ReadScope::of(context::viewer(ctx));
        let found = context::store(ctx)?.list_guidelines(&scope, &filter, &page).await?;
        let items: Vec<(ItemRef, &plaza_domain::content::Audience)> = found
            .items
            .iter()
            .map(|item| (ItemRef::Guideline(item.id), &item.audience))
            .collect();
        crate::prefetch::prefetch(ctx, ctx.look_ahead().field("edges").field("node"), &items).await?;
        Ok(GuidelineConnection::from_page(
            found,
            had_after,
            |guideline| plaza_storage::position(guideline.created_at, &guideline.id.as_string()),
            GuidelineNode,
        ))
    }
}
