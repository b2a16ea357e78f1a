//! What resolvers reach through the GraphQL context: the store (schema-wide) and, per request,
//! the viewer and a fresh agency cache (never shared between requests, so nothing one viewer
//! loaded can leak to another).

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use async_graphql::Context;
use chrono::NaiveDate;
use plaza_domain::agency::Agency;
use plaza_domain::content::Language;
use plaza_domain::ids::{AgencyId, MemberId};
use plaza_domain::item::ItemRef;
use plaza_domain::member::Member;
use plaza_domain::policy::Viewer;
use plaza_search::SearchIndex;
use plaza_storage::Store;

use crate::error::{ApiError, ApiResult};

/// Told when a credential stops working, so that caches of resolved credentials drop it at once.
pub trait CredentialEvents: Send + Sync {
    /// A token (by the hex SHA-256 stored for it) was revoked.
    fn token_revoked(&self, hash: &str);
    /// A member's groups or roles changed: their cached credentials must be resolved again.
    fn member_changed(&self, member: MemberId);
}

/// Asks the indexer to catch up with the database and waits until it has committed.
pub type Refresh = Arc<dyn Fn() -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// The search index and the way to refresh it, as schema data.
#[derive(Clone)]
pub struct SearchHandle {
    /// The index.
    pub index: Arc<SearchIndex>,
    /// Makes the latest writes searchable before returning.
    pub refresh: Refresh,
}

/// Makes a write searchable before the mutation answers (the writer sees its own write).
pub(crate) async fn refresh_search(ctx: &Context<'_>) {
    if let Ok(handle) = ctx.data::<SearchHandle>() {
        (handle.refresh)().await;
    }
}

/// Agencies loaded during one request.
#[derive(Debug, Default)]
pub struct AgencyCache(pub(crate) Mutex<HashMap<AgencyId, Agency>>);

/// Members loaded during one request (authors of the items of a list).
#[derive(Debug, Default)]
pub struct MemberCache(pub(crate) Mutex<HashMap<MemberId, Option<Member>>>);

/// What was loaded in batches about the items of this request.
#[derive(Debug, Default)]
pub struct ItemFacts(pub(crate) Mutex<HashMap<ItemRef, Facts>>);

/// Batch-loaded facts about one item; `None` where the batch did not load that fact.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Facts {
    /// Endorsements, and whether the viewer gave one.
    pub endorsements: Option<(u64, bool)>,
    /// The review date its owners set, once loaded (`Some(None)`: none set).
    pub review_by: Option<Option<NaiveDate>>,
}

/// The facts loaded for `item` in this request, if any.
pub(crate) fn facts(ctx: &Context<'_>, item: ItemRef) -> Option<Facts> {
    let cache = ctx.data::<ItemFacts>().ok()?;
    cache.0.lock().ok()?.get(&item).copied()
}

/// The reader's interface language (from `Accept-Language`), which search reads a query in
/// besides the language it detects.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReaderLanguage(pub Option<Language>);

/// Attaches the viewer, the reader's interface language and fresh per-request state to a
/// request.
pub fn prepare(request: async_graphql::Request, viewer: Viewer, reader: Option<Language>) -> async_graphql::Request {
    request
        .data(viewer)
        .data(ReaderLanguage(reader))
        .data(AgencyCache::default())
        .data(MemberCache::default())
        .data(ItemFacts::default())
}

/// The reader's interface language, if the request said one.
pub(crate) fn reader_language(ctx: &Context<'_>) -> Option<Language> {
    ctx.data::<ReaderLanguage>().ok().and_then(|reader| reader.0)
}

/// The data of one WebSocket connection: its viewer and fresh caches (one connection, one
/// viewer).
pub fn connection_data(viewer: Viewer) -> async_graphql::Data {
    let mut data = async_graphql::Data::default();
    data.insert(viewer);
    data.insert(AgencyCache::default());
    data.insert(MemberCache::default());
    data.insert(ItemFacts::default());
    data
}

/// The key that seals secrets at rest.
pub(crate) fn seal_key<'a>(ctx: &Context<'a>) -> ApiResult<&'a plaza_auth::seal::SealKey> {
    ctx.data::<Arc<plaza_auth::seal::SealKey>>()
        .map(|key| key.as_ref())
        .map_err(|_| ApiError::internal("seal key missing from schema data"))
}

/// The store.
pub(crate) fn store<'a>(ctx: &Context<'a>) -> ApiResult<&'a Store> {
    ctx.data::<Store>()
        .map_err(|_| ApiError::internal("store missing from schema data"))
}

/// The viewer of this request (anonymous if none was attached).
pub(crate) fn viewer<'a>(ctx: &Context<'a>) -> &'a Viewer {
    static ANONYMOUS: Viewer = Viewer::Anonymous;
    ctx.data::<Viewer>().unwrap_or(&ANONYMOUS)
}

/// The signed-in member behind a write: refuses anonymous viewers and read-only credentials.
pub(crate) fn writer<'a>(ctx: &Context<'a>) -> ApiResult<&'a plaza_domain::policy::MemberViewer> {
    let member = viewer(ctx)
        .member()
        .ok_or(ApiError::Denied(plaza_domain::policy::Denial::Unauthenticated))?;
    if member.scope < plaza_domain::policy::Scope::Write {
        return Err(ApiError::Denied(plaza_domain::policy::Denial::ReadOnlyCredential));
    }
    Ok(member)
}

/// An agency by id, through the request's cache.
pub(crate) async fn agency(ctx: &Context<'_>, id: AgencyId) -> ApiResult<Option<Agency>> {
    let cache = ctx.data::<AgencyCache>().ok();
    if let Some(found) = cache.and_then(|cache| cache.0.lock().ok().and_then(|map| map.get(&id).cloned())) {
        return Ok(Some(found));
    }
    let loaded = store(ctx)?.agency(id).await?;
    if let (Some(cache), Some(agency)) = (cache, &loaded)
        && let Ok(mut map) = cache.0.lock()
    {
        map.insert(id, agency.clone());
    }
    Ok(loaded)
}

/// A member by id, through the request's cache (misses are cached too).
pub(crate) async fn member(ctx: &Context<'_>, id: MemberId) -> ApiResult<Option<Member>> {
    let cache = ctx.data::<MemberCache>().ok();
    if let Some(found) = cache.and_then(|cache| cache.0.lock().ok().and_then(|map| map.get(&id).cloned())) {
        return Ok(found);
    }
    let loaded = store(ctx)?.member(id).await?.map(|(member, _)| member);
    if let Some(cache) = cache
        && let Ok(mut map) = cache.0.lock()
    {
        map.insert(id, loaded.clone());
    }
    Ok(loaded)
}
