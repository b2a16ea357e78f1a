//! Search: `search`, `suggest`, `related`. The index filters by the viewer's audience; every
//! hit is loaded again from the database and checked against the policy before it is returned.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject, Union};
use plaza_domain::item::ItemRef;
use plaza_domain::policy;
use plaza_search::{FilterKey, Hit, SearchFilter, SearchRequest, viewer_keys};

use crate::case_study::CaseStudyNode;
use crate::connection::MAX_PAGE_SIZE;
use crate::content::SearchKind;
use crate::context::{self, SearchHandle};
use crate::error::{ApiError, ApiResult};
use crate::guideline::GuidelineNode;
use crate::ids::{NodeKind, cursor, decode, decode_cursor};
use crate::practice::PracticeNode;

fn index<'a>(ctx: &Context<'a>) -> ApiResult<&'a SearchHandle> {
    ctx.data::<SearchHandle>()
        .map_err(|_| ApiError::internal("search is not configured"))
}

fn search_failed(error: impl std::fmt::Display) -> ApiError {
    ApiError::internal(format!("search: {error}"))
}

/// The item behind a hit.
#[derive(Union, Clone)]
#[allow(clippy::large_enum_variant)]
pub enum SearchItem {
    /// A case study.
    CaseStudy(CaseStudyNode),
    /// A practice.
    Practice(PracticeNode),
    /// A guideline.
    Guideline(GuidelineNode),
    /// A discussion or question.
    Discussion(crate::discussion::DiscussionNode),
}

/// A matched range in a snippet.
#[derive(Debug, Clone, SimpleObject)]
pub struct Highlight {
    /// Byte offset where the match starts in `text`.
    pub start: u32,
    /// Byte offset where it ends.
    pub end: u32,
}

/// An excerpt of the item around the matches.
#[derive(Debug, Clone, SimpleObject)]
pub struct Snippet {
    /// The excerpt as safe HTML: text escaped, matches wrapped in `<mark>`.
    pub html: String,
    /// The excerpt as plain text.
    pub text: String,
    /// Where the matches are in `text`.
    pub highlights: Vec<Highlight>,
}

/// One search result.
#[derive(Clone, SimpleObject)]
#[graphql(complex)]
pub struct SearchHit {
    /// Global id of the item (what `node(id:)` takes), so a result list can link without
    /// loading `item`.
    pub id: ID,
    /// The kind of item.
    pub kind: SearchKind,
    /// Relevance score (0 when only filters were given: newest first).
    pub score: f64,
    /// Title of the item.
    pub title: String,
    /// An excerpt around the matches.
    pub snippet: Snippet,
    /// The item, when the request asked for it (loaded with the page); otherwise loaded on
    /// demand.
    #[graphql(skip)]
    pub loaded: Option<SearchItem>,
}

#[async_graphql::ComplexObject]
impl SearchHit {
    /// The item itself.
    async fn item(&self, ctx: &Context<'_>) -> ApiResult<SearchItem> {
        if let Some(item) = &self.loaded {
            return Ok(item.clone());
        }
        // Not selected when the page was loaded (say, through a fragment the look-ahead did
        // not see): read it now, with the same check.
        let item_ref = crate::ids::decode_item(&self.id, "item")?;
        let loaded = context::store(ctx)?
            .contents(&[item_ref])
            .await?
            .into_iter()
            .next()
            .flatten();
        loaded
            .and_then(|content| readable_item(context::viewer(ctx), content))
            .ok_or(ApiError::Denied(policy::Denial::NotFound))
    }
}

/// The item as a search result, if `viewer` may read it.
fn readable_item(viewer: &policy::Viewer, content: plaza_storage::ChangedItem) -> Option<SearchItem> {
    use plaza_storage::ChangedItem;
    if !policy::can_read(viewer, content.audience()) {
        return None;
    }
    Some(match content {
        ChangedItem::CaseStudy(case) => SearchItem::CaseStudy(CaseStudyNode(*case)),
        ChangedItem::Practice(practice) => SearchItem::Practice(PracticeNode(practice)),
        ChangedItem::Guideline(guideline) => SearchItem::Guideline(GuidelineNode(guideline)),
        ChangedItem::Discussion(discussion) => SearchItem::Discussion(crate::discussion::DiscussionNode(discussion)),
    })
}

/// A hit with its cursor.
#[derive(Clone, SimpleObject)]
pub struct SearchEdge {
    /// Opaque position of this hit.
    pub cursor: String,
    /// The hit.
    pub node: SearchHit,
}

/// One value of a facet.
#[derive(Debug, Clone, SimpleObject)]
pub struct FacetCount {
    /// The value: a taxonomy code, an agency slug, a language, a year.
    pub value: String,
    /// How many hits have it (only hits the viewer may read).
    pub count: u64,
}

/// Counts of the hits per value of one dimension.
#[derive(Debug, Clone, SimpleObject)]
pub struct Facet {
    /// The dimension: type, agency, level, country, platform, objective, dimension, threat, language, year.
    pub name: String,
    /// Values, most frequent first.
    pub values: Vec<FacetCount>,
}

/// Where a page of hits sits.
#[derive(Debug, Clone, SimpleObject)]
pub struct SearchPageInfo {
    /// Whether more hits follow.
    pub has_next_page: bool,
    /// Cursor of the last hit; pass it as `after`.
    pub end_cursor: Option<String>,
}

/// A page of search results with facet counts.
#[derive(Clone, SimpleObject)]
pub struct SearchConnection {
    /// Hits of this page, best first.
    pub edges: Vec<SearchEdge>,
    /// Where this page sits.
    pub page_info: SearchPageInfo,
    /// How many hits in all (only what the viewer may read).
    pub total_count: u64,
    /// Counts per dimension over all hits.
    pub facets: Vec<Facet>,
}

/// Narrows a search, like the operators in the query text.
#[derive(Debug, Clone, Default, InputObject)]
pub struct SearchFilterInput {
    /// Kinds: `case_study`, `practice`, `guideline`.
    pub types: Option<Vec<String>>,
    /// Agency slugs.
    pub agencies: Option<Vec<String>>,
    /// Level codes.
    pub levels: Option<Vec<String>>,
    /// Country codes.
    pub countries: Option<Vec<String>>,
    /// Platform codes.
    pub platforms: Option<Vec<String>>,
    /// Objective codes.
    pub objectives: Option<Vec<String>>,
    /// Dimension codes.
    pub dimensions: Option<Vec<String>>,
    /// Threat codes.
    pub threats: Option<Vec<String>>,
    /// Language codes.
    pub languages: Option<Vec<String>>,
    /// Tags.
    pub tags: Option<Vec<String>>,
}

impl SearchFilterInput {
    fn terms(&self) -> SearchFilter {
        let mut terms = Vec::new();
        let groups = [
            (FilterKey::Kind, &self.types),
            (FilterKey::Agency, &self.agencies),
            (FilterKey::Level, &self.levels),
            (FilterKey::Country, &self.countries),
            (FilterKey::Platform, &self.platforms),
            (FilterKey::Objective, &self.objectives),
            (FilterKey::Dimension, &self.dimensions),
            (FilterKey::Threat, &self.threats),
            (FilterKey::Language, &self.languages),
            (FilterKey::Tag, &self.tags),
        ];
        for (key, values) in groups {
            for value in values.iter().flatten().take(20) {
                terms.push((key, plaza_search::analysis::fold(&value.trim().to_lowercase())));
            }
        }
        SearchFilter { terms }
    }
}

/// Checks the hits against the record of truth in one database query; `None` for a hit the
/// viewer may not read (the index already filtered by audience; this is the second check).
/// The result is aligned with `hits`. When the request asks for the hits' items, they are
/// loaded in that query (and what they are asked for, in batches); otherwise only who may
/// read them is.
async fn to_hits(
    ctx: &Context<'_>,
    hits: Vec<Hit>,
    item: async_graphql::Lookahead<'_>,
) -> ApiResult<Vec<Option<SearchHit>>> {
    // A key the index holds but that is no ULID cannot name a record: it matches nothing.
    let refs: Vec<Option<ItemRef>> = hits.iter().map(|hit| ItemRef::of(hit.kind, &hit.key).ok()).collect();
    let wanted: Vec<ItemRef> = refs.iter().flatten().copied().collect();
    let viewer = context::viewer(ctx);
    if !item.exists() {
        let audiences = context::store(ctx)?.audiences(&wanted).await?;
        let mut audiences = audiences.into_iter();
        return Ok(hits
            .into_iter()
            .zip(refs)
            .map(|(hit, item_ref)| {
                let audience = item_ref.and_then(|_| audiences.next().flatten());
                audience
                    .filter(|audience| policy::can_read(viewer, audience))
                    .map(|_| search_hit(hit, None))
            })
            .collect());
    }
    let contents = context::store(ctx)?.contents(&wanted).await?;
    // What the page's items are asked for (agency, authors, endorsements…), loaded in batches.
    let readable_items: Vec<(ItemRef, &plaza_domain::content::Audience)> = contents
        .iter()
        .flatten()
        .map(|content| (content.item_ref(), content.audience()))
        .filter(|(_, audience)| policy::can_read(viewer, audience))
        .collect();
    crate::prefetch::prefetch(ctx, item, &readable_items).await?;
    let mut loaded = contents.into_iter();
    Ok(hits
        .into_iter()
        .zip(refs)
        .map(|(hit, item_ref)| {
            let content = item_ref.and_then(|_| loaded.next().flatten());
            let item = content.and_then(|content| readable_item(viewer, content))?;
            Some(search_hit(hit, Some(item)))
        })
        .collect())
}

/// A hit as the API returns it, with its item if loaded.
fn search_hit(hit: Hit, loaded: Option<SearchItem>) -> SearchHit {
    SearchHit {
        id: crate::ids::encode(NodeKind::from(hit.kind), &hit.key),
        kind: SearchKind::of(hit.kind),
        score: f64::from(hit.score),
        title: hit.title,
        snippet: Snippet {
            html: hit.snippet_html,
            text: hit.snippet_text,
            highlights: hit
                .highlights
                .iter()
                .map(|(start, end)| Highlight {
                    start: u32::try_from(*start).unwrap_or(u32::MAX),
                    end: u32::try_from(*end).unwrap_or(u32::MAX),
                })
                .collect(),
        },
        loaded,
    }
}

/// A typeahead suggestion.
#[derive(Clone, SimpleObject)]
pub struct SearchSuggestion {
    /// The kind of item.
    pub kind: SearchKind,
    /// Its title.
    pub title: String,
    /// Its global id.
    pub id: ID,
}

/// Most suggestions per call.
const MAX_SUGGESTIONS: i32 = 20;
/// Deepest page a search may reach.
const MAX_SEARCH_OFFSET: usize = 1_000;

/// Search queries.
#[derive(Debug, Default)]
pub struct SearchQuery;

/// The order of search hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum SearchOrder {
    /// Best match first.
    Relevance,
    /// Most recently published first, among the same matches.
    Newest,
}

#[Object]
impl SearchQuery {
    /// Full-text search over case studies, practices and guidelines, in the viewer's audience.
    /// Accepts any text, questions and pasted paragraphs included: every word counts towards the
    /// ranking (accents and one typo forgiven), `"phrases"` rank higher, `+word` and
    /// `+"a phrase"` are required, `-exclusions` (those two only in short queries) and
    /// operators in Spanish or English (`tipo:`/`type:`, `agencia:`/`agency:`,
    /// `plataforma:`/`platform:`, `nivel:`/`level:`, `idioma:`/`lang:`, `etiqueta:`/`tag:`,
    /// `pais:`/`country:`, `objetivo:`/`objective:`, `antes:`/`before:`, `despues:`/`after:`).
    #[graphql(complexity = "crate::connection::connection_complexity(child_complexity, first)")]
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to look for.")] query: String,
        #[graphql(desc = "Narrows the search.")] filter: Option<SearchFilterInput>,
        #[graphql(desc = "Page size, 0 to 100 (20 by default).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last hit of the previous page.")] after: Option<String>,
        #[graphql(desc = "Best first (default), or newest first (what a feed lists).")] order: Option<SearchOrder>,
    ) -> ApiResult<SearchConnection> {
        let newest = order == Some(SearchOrder::Newest);
        let first = first.unwrap_or(20);
        if !(0..=MAX_PAGE_SIZE).contains(&first) {
            return Err(ApiError::invalid(
                "first",
                format!("must be between 0 and {MAX_PAGE_SIZE}"),
            ));
        }
        // Search analytics count first pages only (a next page is not a new search).
        let first_page = after.is_none();
        let offset = match after {
            None => 0,
            Some(after) => decode_cursor(&after)?
                .parse::<usize>()
                .ok()
                .filter(|offset| *offset < MAX_SEARCH_OFFSET)
                .ok_or_else(|| ApiError::invalid("after", "is not a cursor from this search"))?
                .saturating_add(1),
        };
        let handle = index(ctx)?.clone();
        let audience = viewer_keys(context::viewer(ctx));
        let filter = filter.unwrap_or_default().terms();
        let limit = usize::try_from(first).unwrap_or(0);
        let facets = ctx.look_ahead().field("facets").exists();
        // Synonyms follow the viewer's country (a member's agency); anonymous viewers get all.
        let country = match context::viewer(ctx).member() {
            Some(member) => context::agency(ctx, member.agency)
                .await?
                .map(|agency| agency.country.as_str().to_owned()),
            None => None,
        };
        // Newest-first listings (feeds polled by readers) are not searches people typed.
        let searched = (first_page && !newest).then(|| query.clone());
        let reader_language = context::reader_language(ctx);
        let started = std::time::Instant::now();
        let results = tokio::task::spawn_blocking(move || {
            let request = SearchRequest {
                text: &query,
                filter: &filter,
                audience: &audience,
                limit,
                offset,
                facets,
                country: country.as_deref(),
                reader_language,
            };
            if newest {
                handle.index.search_newest(&request)
            } else {
                handle.index.search(&request)
            }
        })
        .await
        .map_err(search_failed)?
        .map_err(search_failed)?;
        if let Ok(timer) = ctx.data::<crate::SearchTimer>() {
            (timer.0)(started.elapsed());
        }
        let total_count = results.total;
        if let Some(searched) = searched {
            crate::search_analytics::record_search(ctx, &searched, total_count == 0);
        }
        // Positions count the index's hits, so a hit dropped by the second check does not
        // shift later cursors.
        let mut edges = Vec::with_capacity(results.hits.len());
        let mut position = offset;
        for hit in to_hits(
            ctx,
            results.hits,
            ctx.look_ahead().field("edges").field("node").field("item"),
        )
        .await?
        {
            if let Some(node) = hit {
                edges.push(SearchEdge {
                    cursor: cursor(&position.to_string()),
                    node,
                });
            }
            position += 1;
        }
        let has_next_page = u64::try_from(position).unwrap_or(u64::MAX) < total_count && first > 0;
        let end_cursor = (position > offset).then(|| cursor(&(position - 1).to_string()));
        let facets = results
            .facets
            .into_iter()
            .map(|(name, values)| Facet {
                name: name.to_owned(),
                values: values
                    .into_iter()
                    .map(|v| FacetCount {
                        value: v.value,
                        count: v.count,
                    })
                    .collect(),
            })
            .collect();
        Ok(SearchConnection {
            edges,
            page_info: SearchPageInfo {
                has_next_page,
                end_cursor,
            },
            total_count,
            facets,
        })
    }

    /// Titles completing what the viewer is typing (typeahead), in the viewer's audience.
    async fn suggest(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What has been typed so far.")] prefix: String,
        #[graphql(desc = "How many suggestions, 1 to 20 (8 by default).")] first: Option<i32>,
    ) -> ApiResult<Vec<SearchSuggestion>> {
        let first = first.unwrap_or(8);
        if !(1..=MAX_SUGGESTIONS).contains(&first) {
            return Err(ApiError::invalid(
                "first",
                format!("must be between 1 and {MAX_SUGGESTIONS}"),
            ));
        }
        let handle = index(ctx)?.clone();
        let audience = viewer_keys(context::viewer(ctx));
        let limit = usize::try_from(first).unwrap_or(8);
        let suggestions = tokio::task::spawn_blocking(move || handle.index.suggest(&prefix, &audience, limit))
            .await
            .map_err(search_failed)?
            .map_err(search_failed)?;
        Ok(suggestions
            .into_iter()
            .map(|s| SearchSuggestion {
                kind: SearchKind::of(s.kind),
                id: crate::ids::encode(NodeKind::from(s.kind), &s.key),
                title: s.title,
            })
            .collect())
    }

    /// Items related to one (shared platforms, objectives, tags and title words), in the
    /// viewer's audience; empty if the item is not readable.
    async fn related(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global id of a case study, practice or guideline.")] id: ID,
        #[graphql(desc = "How many, 1 to 20 (5 by default).")] first: Option<i32>,
    ) -> ApiResult<Vec<SearchHit>> {
        let first = first.unwrap_or(5);
        if !(1..=MAX_SUGGESTIONS).contains(&first) {
            return Err(ApiError::invalid(
                "first",
                format!("must be between 1 and {MAX_SUGGESTIONS}"),
            ));
        }
        let (kind, key) = decode(&id, "id")?;
        let Some(kind) = kind.content_kind() else {
            return Err(ApiError::invalid(
                "id",
                "related items exist for case studies, practices, guidelines and discussions",
            ));
        };
        let handle = index(ctx)?.clone();
        let audience = viewer_keys(context::viewer(ctx));
        let limit = usize::try_from(first).unwrap_or(5);
        let hits = tokio::task::spawn_blocking(move || handle.index.related(kind, &key, &audience, limit))
            .await
            .map_err(search_failed)?
            .map_err(search_failed)?;
        Ok(to_hits(ctx, hits, ctx.look_ahead().field("item"))
            .await?
            .into_iter()
            .flatten()
            .collect())
    }
}
