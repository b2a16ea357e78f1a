//! Practice queries.

use async_graphql::{Context, ID, Object};
use plaza_domain::ids::PracticeId;
use plaza_domain::item::ItemRef;
use plaza_domain::policy::ReadScope;

use crate::connection::{connection, connection_complexity, page_request};
use crate::content::{ContentFilterInput, readable};
use crate::context;
use crate::error::ApiResult;
use crate::ids::{NodeKind, decode_as};

use super::types::PracticeNode;

connection!(PracticeConnection, PracticeEdge, PracticeNode, "practices");

/// Practice queries.
#[derive(Debug, Default)]
pub struct PracticeQuery;

/// Loads a practice if the viewer may read it.
pub(crate) async fn load(ctx: &Context<'_>, id: PracticeId) -> ApiResult<Option<PracticeNode>> {
    let found = context::store(ctx)?.practice(id).await?;
    Ok(readable(context::viewer(ctx), found, |practice| &practice.audience).map(PracticeNode))
}

#[Object]
impl PracticeQuery {
    /// A practice by global id; null if it does not exist or the viewer may not read it.
    async fn practice(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global id.")] id: ID,
    ) -> ApiResult<Option<PracticeNode>> {
        load(ctx, decode_as(&id, NodeKind::Practice, "id")?).await
    }

    /// Practices the viewer may read, newest first.
    #[graphql(complexity = "connection_complexity(child_complexity, first)")]
    async fn practices(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the list.")] filter: Option<ContentFilterInput>,
        #[graphql(desc = "Page size, 0 to 100 (20 by default).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last item of the previous page.")] after: Option<String>,
    ) -> ApiResult<PracticeConnection> {
        let filter = filter.unwrap_or_default().parse(ctx).await?;
        let had_after = after.is_some();
        let page = page_request(first, after)?;
        let scope = ReadScope::of(context::viewer(ctx));
        let found = context::store(ctx)?.list_practices(&scope, &filter, &page).await?;
        let items: Vec<(ItemRef, &plaza_domain::content::Audience)> = found
            .items
            .iter()
            .map(|item| (ItemRef::Practice(item.id), &item.audience))
            .collect();
        crate::prefetch::prefetch(ctx, ctx.look_ahead().field("edges").field("node"), &items).await?;
        Ok(PracticeConnection::from_page(
            found,
            had_after,
            |practice| plaza_storage::position(practice.created_at, &practice.id.as_string()),
            PracticeNode,
        ))
    }
}
