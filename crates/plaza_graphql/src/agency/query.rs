//! Agency queries.

use async_graphql::{Context, InputObject, Object};
use plaza_domain::taxonomy::Level;
use plaza_domain::text::Country;
use plaza_storage::AgencyFilter;

use crate::connection::{connection, connection_complexity, page_request};
use crate::context;
use crate::error::{ApiError, ApiResult};

use super::types::AgencyNode;

connection!(AgencyConnection, AgencyEdge, AgencyNode, "agencies");

/// Narrows the list of agencies.
#[derive(Debug, Clone, Default, InputObject)]
pub struct AgencyFilterInput {
    /// Level of government code (`local`, `regional`…).
    pub level: Option<String>,
    /// ISO 3166-1 country code.
    pub country: Option<String>,
}

impl AgencyFilterInput {
    fn parse(&self) -> ApiResult<AgencyFilter> {
        Ok(AgencyFilter {
            level: self
                .level
                .as_deref()
                .map(Level::parse)
                .transpose()
                .map_err(|e| ApiError::invalid_at("filter.level", e))?,
            country: self
                .country
                .as_deref()
                .map(Country::parse)
                .transpose()
                .map_err(|e| ApiError::invalid_at("filter.country", e))?,
        })
    }
}

/// Agency queries.
#[derive(Debug, Default)]
pub struct AgencyQuery;

#[Object]
impl AgencyQuery {
    /// An agency by slug.
    async fn agency(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The agency's slug.")] slug: String,
    ) -> ApiResult<Option<AgencyNode>> {
        Ok(context::store(ctx)?.agency_by_slug(slug.trim()).await?.map(AgencyNode))
    }

    /// Agencies of the network, newest first.
    #[graphql(complexity = "connection_complexity(child_complexity, first)")]
    async fn agencies(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the list.")] filter: Option<AgencyFilterInput>,
        #[graphql(desc = "Page size, 0 to 100 (20 by default).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last item of the previous page.")] after: Option<String>,
    ) -> ApiResult<AgencyConnection> {
        let filter = filter.unwrap_or_default().parse()?;
        let had_after = after.is_some();
        let page = page_request(first, after)?;
        let found = context::store(ctx)?.list_agencies(&filter, &page).await?;
        Ok(AgencyConnection::from_page(
            found,
            had_after,
            |agency| agency.id.as_string(),
            AgencyNode,
        ))
    }
}
