//! Case study queries.

use async_graphql::{Context, ID, Object};
use plaza_domain::ids::CaseStudyId;
use plaza_domain::item::ItemRef;
use plaza_domain::policy::ReadScope;

use crate::connection::{connection, connection_complexity, page_request};
use crate::content::{ContentFilterInput, readable};
use crate::context;
use crate::error::ApiResult;
use crate::ids::{NodeKind, decode_as};

use super::types::CaseStudyNode;

connection!(CaseStudyConnection, CaseStudyEdge, CaseStudyNode, "case studies");

/// Case study queries.
#[derive(Debug, Default)]
pub struct CaseStudyQuery;

/// Loads a case study if the viewer may read it.
pub(crate) async fn load(ctx: &Context<'_>, id: CaseStudyId) -> ApiResult<Option<CaseStudyNode>> {
    let found = context::store(ctx)?.case_study(id).await?;
    Ok(readable(context::viewer(ctx), found, |case| &case.audience).map(CaseStudyNode))
}

#[Object]
impl CaseStudyQuery {
    /// A case study by global id; null if it does not exist or the viewer may not read it.
    async fn case_study(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global id.")] id: ID,
    ) -> ApiResult<Option<CaseStudyNode>> {
        load(ctx, decode_as(&id, NodeKind::CaseStudy, "id")?).await
    }

    /// Case studies the viewer may read, newest first.
    #[graphql(complexity = "connection_complexity(child_complexity, first)")]
    async fn case_studies(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the list.")] filter: Option<ContentFilterInput>,
        #[graphql(desc = "Page size, 0 to 100 (20 by default).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last item of the previous page.")] after: Option<String>,
    ) -> ApiResult<CaseStudyConnection> {
        let filter = filter.unwrap_or_default().parse(ctx).await?;
        let had_after = after.is_some();
        let page = page_request(first, after)?;
        let scope = ReadScope::of(context::viewer(ctx));
        let found = context::store(ctx)?.list_case_studies(&scope, &filter, &page).await?;
        let items: Vec<(ItemRef, &plaza_domain::content::Audience)> = found
            .items
            .iter()
            .map(|item| (ItemRef::CaseStudy(item.id), &item.audience))
            .collect();
        crate::prefetch::prefetch(ctx, ctx.look_ahead().field("edges").field("node"), &items).await?;
        Ok(CaseStudyConnection::from_page(
            found,
            had_after,
            |case| plaza_storage::position(case.created_at, &case.id.as_string()),
            CaseStudyNode,
        ))
    }
}
