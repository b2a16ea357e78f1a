//! Batch loading for lists: a page of items asks for its agencies, authors, endorsements and
//! review dates in one query each, whatever the page's size, and each item's fields then read
//! what was loaded (the request's caches) instead of querying the database once per item.
//! Only what the request selects is loaded.

use std::collections::HashSet;

use async_graphql::{Context, Lookahead};
use plaza_domain::content::Audience;
use plaza_domain::ids::{AgencyId, MemberId};
use plaza_domain::item::{FollowTarget, ItemRef, SignalKind};

use crate::context::{self, AgencyCache, ItemFacts, MemberCache};
use crate::error::ApiResult;

fn wants(node: &Lookahead<'_>, fields: &[&str]) -> bool {
    fields.iter().any(|field| node.field(field).exists())
}

/// Loads in batches what `node` (the selection of one item of the list) asks of `items`.
pub(crate) async fn prefetch(ctx: &Context<'_>, node: Lookahead<'_>, items: &[(ItemRef, &Audience)]) -> ApiResult<()> {
    if items.is_empty() || !node.exists() {
        return Ok(());
    }
    let store = context::store(ctx)?;
    if wants(&node, &["agency"])
        && let Ok(cache) = ctx.data::<AgencyCache>()
    {
        let missing: Vec<AgencyId> = {
            let known = cache
                .0
                .lock()
                .map(|map| map.keys().copied().collect::<HashSet<_>>())
                .unwrap_or_default();
            let wanted: HashSet<AgencyId> = items.iter().map(|(_, audience)| audience.agency).collect();
            wanted.into_iter().filter(|id| !known.contains(id)).collect()
        };
        if !missing.is_empty() {
            let loaded = store.agencies_by_id(&missing).await?;
            if let Ok(mut map) = cache.0.lock() {
                map.extend(loaded.into_iter().map(|agency| (agency.id, agency)));
            }
        }
    }
    if wants(&node, &["authors"])
        && let Ok(cache) = ctx.data::<MemberCache>()
    {
        let missing: Vec<MemberId> = {
            let known = cache
                .0
                .lock()
                .map(|map| map.keys().copied().collect::<HashSet<_>>())
                .unwrap_or_default();
            let wanted: HashSet<MemberId> = items
                .iter()
                .flat_map(|(_, audience)| audience.authors.iter().copied())
                .collect();
            wanted.into_iter().filter(|id| !known.contains(id)).collect()
        };
        if !missing.is_empty() {
            let loaded = store.members_by_id(&missing).await?;
            if let Ok(mut map) = cache.0.lock() {
                // Misses are remembered too: a former member is not looked up again per item.
                for id in &missing {
                    map.insert(*id, None);
                }
                map.extend(loaded.into_iter().map(|member| (member.id, Some(member))));
            }
        }
    }
    let Ok(cache) = ctx.data::<ItemFacts>() else {
        return Ok(());
    };
    let refs: Vec<ItemRef> = items.iter().map(|(item, _)| *item).collect();
    if wants(&node, &["endorsementCount", "viewerEndorsed"]) {
        let targets: Vec<FollowTarget> = refs.iter().map(|item| FollowTarget::Item(*item)).collect();
        let counts = store.signal_counts(SignalKind::Endorse, &targets).await?;
        let mine = match context::viewer(ctx).member() {
            Some(member) => store.signalled_among(SignalKind::Endorse, member.id, &targets).await?,
            None => HashSet::new(),
        };
        if let Ok(mut map) = cache.0.lock() {
            for target in &targets {
                let FollowTarget::Item(item) = target else { continue };
                let count = counts.get(target).copied().unwrap_or(0);
                map.entry(*item).or_default().endorsements = Some((count, mine.contains(target)));
            }
        }
    }
    if wants(&node, &["freshness"]) {
        let dates = store.review_dates(&refs).await?;
        if let Ok(mut map) = cache.0.lock() {
            for item in &refs {
                map.entry(*item).or_default().review_by = Some(dates.get(item).copied());
            }
        }
    }
    Ok(())
}
