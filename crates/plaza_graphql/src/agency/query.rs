//! Agency queries.

use async_graphql::{Context, InputObject, Object};
use plaza_domain::taxonomy::Level;
use plaza_domain::text::Country;
use plaza_storage::AgencyFilter;

use plaza_domain::agency::Agency;
use plaza_domain::directory::{Searchable, query_words};
use plaza_domain::taxonomy::LabelLanguage;
use plaza_storage::PageRequest;

use crate::connection::{connection, connection_complexity, page_of_ranked, page_request};
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

/// Most agencies ranked for one question.
const AGENCIES_RANKED_MAX: usize = 5000;

/// The agencies matching some of `words`, those matching more (and in their name) first.
fn rank_agencies(agencies: Vec<Agency>, words: &[String]) -> Vec<Agency> {
    let mut scored: Vec<((usize, u32), Agency)> = agencies
        .into_iter()
        .map(|agency| {
            let labels: Vec<&str> = LabelLanguage::ALL.iter().map(|l| agency.level.label(*l)).collect();
            let searchable = Searchable::from_texts(&[
                (3, agency.name.as_str()),
                (2, agency.region.as_deref().unwrap_or_default()),
                (1, agency.slug.as_str()),
                (1, &labels.join(" ")),
            ]);
            (searchable.score(words), agency)
        })
        .filter(|((matched, _), _)| *matched > 0)
        .collect();
    scored.sort_by(|(a, a_agency), (b, b_agency)| {
        b.cmp(a)
            .then_with(|| a_agency.name.as_str().cmp(b_agency.name.as_str()))
    });
    scored.into_iter().map(|(_, agency)| agency).collect()
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
        #[graphql(
            desc = "Words to look for in names and regions (at most 200 characters; accents and \
                          case ignored); the best matches come first."
        )]
        query: Option<String>,
        #[graphql(desc = "Page size, 0 to 100 (20 by default).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last item of the previous page.")] after: Option<String>,
    ) -> ApiResult<AgencyConnection> {
        let filter = filter.unwrap_or_default().parse()?;
        let had_after = after.is_some();
        let page = page_request(first, after)?;
        let question = plaza_domain::directory::question(query).map_err(ApiError::Invalid)?;
        let words = query_words(&question);
        let found = if words.is_empty() {
            context::store(ctx)?.list_agencies(&filter, &page).await?
        } else {
            let all = PageRequest {
                first: AGENCIES_RANKED_MAX,
                after: None,
            };
            let candidates = context::store(ctx)?.list_agencies(&filter, &all).await?.items;
            page_of_ranked(rank_agencies(candidates, &words), &page, |agency| agency.id.as_string())
        };
        Ok(AgencyConnection::from_page(
            found,
            had_after,
            |agency| agency.id.as_string(),
            AgencyNode,
        ))
    }
}
