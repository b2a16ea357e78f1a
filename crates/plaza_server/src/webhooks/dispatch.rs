//! From the database's changes to deliveries: what happened to each changed item (published,
//! updated, withdrawn, a new guideline version, a reply), then which subscriptions get it —
//! those whose agency may read the item (the policy, and the search audience again) and whose
//! filter matches it, matched by running the filter as a search over the changed items.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, SubsecRound as _, Utc};
use plaza_domain::agency::Agency;
use plaza_domain::content::PublicationStatus;
use plaza_domain::ids::{AgencyId, MemberId};
use plaza_domain::item::{ContentKind, ItemRef};
use plaza_domain::policy::{MemberViewer, Scope, Viewer, can_read};
use plaza_domain::webhook::{Delivery, EventType, Webhook};
use plaza_search::{SearchFilter, SearchIndex, SearchRequest};
use plaza_storage::{ChangedItem, SeenItem, Store};

/// Changes read per table and round.
const BATCH: usize = 1000;
/// How far back each round re-reads, for writes committed after later ones were read (their
/// `changed_at` is older than the cursor); what was seen before is recognised and skipped.
const SLACK: Duration = Duration::seconds(5);
/// A first sight of a published item whose publication is older than this is an update.
const FRESH_PUBLICATION: Duration = Duration::seconds(60);

/// One event about one item.
struct Event {
    kind: EventType,
    item: ChangedItem,
}

/// Reads the changes since each table's cursor, queues the deliveries they call for and moves
/// the cursors. Returns how many deliveries it queued. `cursors` keeps the cursors between
/// rounds (they are read from the database once, written there whenever they move).
pub async fn dispatch(
    store: &Store,
    public_url: &str,
    cursors: &mut HashMap<ContentKind, DateTime<Utc>>,
) -> Result<usize, String> {
    let webhooks: Vec<Webhook> = store
        .webhooks(None)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .filter(|w| w.enabled)
        .collect();
    let mut queued = 0;
    for kind in ContentKind::ALL {
        let known = match cursors.get(&kind) {
            Some(cursor) => Some(*cursor),
            None => store.webhook_cursor(kind).await.map_err(|e| e.to_string())?,
        };
        let Some(cursor) = known else {
            // Webhooks start with what happens from now on, not with the whole history.
            let now = Utc::now();
            store.set_webhook_cursor(kind, now).await.map_err(|e| e.to_string())?;
            cursors.insert(kind, now);
            continue;
        };
        cursors.insert(kind, cursor);
        let mut since = cursor - SLACK;
        let mut latest = cursor;
        loop {
            let changes = store
                .changes_since(kind, Some(since), BATCH)
                .await
                .map_err(|e| e.to_string())?;
            let count = changes.items.len();
            let refs: Vec<ItemRef> = changes.items.iter().map(ChangedItem::item_ref).collect();
            let seen = store.seen_items(&refs).await.map_err(|e| e.to_string())?;
            let mut events = Vec::new();
            let mut saw = Vec::new();
            for ((item, changed_at), before) in changes.items.into_iter().zip(changes.changed_at).zip(seen) {
                // Seen states keep microseconds (as every stored timestamp): compare alike.
                let Some(changed_at) = changed_at.map(|at| at.trunc_subsecs(6)) else {
                    continue;
                };
                latest = latest.max(changed_at);
                if before.is_some_and(|b| b.changed_at >= changed_at) {
                    continue;
                }
                let now = state_of(&item, changed_at);
                if let Some(kind) = event_of(published_at(&item), before, now) {
                    events.push(Event {
                        kind,
                        item: item.clone(),
                    });
                }
                saw.push((item.item_ref(), now));
            }
            // Deliveries are stored before the items are marked seen: a crash in between may
            // queue an event twice, never lose it.
            if !events.is_empty() && !webhooks.is_empty() {
                let deliveries = deliveries_for(store, &webhooks, events, public_url).await?;
                store.insert_deliveries(&deliveries).await.map_err(|e| e.to_string())?;
                queued += deliveries.len();
            }
            for (item, state) in saw {
                store.set_seen(item, state).await.map_err(|e| e.to_string())?;
            }
            // A full page is followed by the next one; one instant holds at most an import
            // batch (250 records), below a page.
            match changes.latest {
                Some(next) if count == BATCH && next != since => since = next,
                _ => break,
            }
        }
        if latest > cursor {
            store
                .set_webhook_cursor(kind, latest)
                .await
                .map_err(|e| e.to_string())?;
            cursors.insert(kind, latest);
        }
    }
    Ok(queued)
}

fn state_of(item: &ChangedItem, changed_at: DateTime<Utc>) -> SeenItem {
    let (version, replies) = match item {
        ChangedItem::Guideline(g) => (g.current_version, 0),
        ChangedItem::Discussion(d) => (0, d.reply_count),
        _ => (0, 0),
    };
    SeenItem {
        published: item.audience().status == PublicationStatus::Published,
        version,
        replies,
        changed_at,
    }
}

fn published_at(item: &ChangedItem) -> Option<DateTime<Utc>> {
    match item {
        ChangedItem::CaseStudy(c) => c.published_at,
        ChangedItem::Practice(p) => p.published_at,
        ChangedItem::Guideline(g) => g.published_at,
        ChangedItem::Discussion(d) => Some(d.created_at),
    }
}

/// What a change means, from what the item was before (if it was seen) and what it is now.
fn event_of(published_at: Option<DateTime<Utc>>, before: Option<SeenItem>, now: SeenItem) -> Option<EventType> {
    match (before, now.published) {
        (None, true) => {
            let fresh = published_at.is_some_and(|at| now.changed_at - at <= FRESH_PUBLICATION);
            Some(if fresh {
                EventType::Published
            } else {
                EventType::Updated
            })
        }
        (None, false) => None,
        (Some(before), true) if !before.published => Some(EventType::Published),
        (Some(before), true) if now.version > before.version => Some(EventType::NewVersion),
        (Some(before), true) if now.replies > before.replies => Some(EventType::Replied),
        (Some(_), true) => Some(EventType::Updated),
        (Some(before), false) if before.published => Some(EventType::Withdrawn),
        (Some(_), false) => None,
    }
}

/// The item as it was while published: a withdrawal goes to those who could read it then.
fn as_published(item: &ChangedItem) -> ChangedItem {
    let mut item = item.clone();
    let audience = match &mut item {
        ChangedItem::CaseStudy(c) => &mut c.audience,
        ChangedItem::Practice(p) => &mut p.audience,
        ChangedItem::Guideline(g) => &mut g.audience,
        ChangedItem::Discussion(d) => &mut d.audience,
    };
    audience.status = PublicationStatus::Published;
    item
}

/// Who a subscription reads as: a member of its agency (a fresh id: nobody's) with no role,
/// group or authorship —
/// published items that are public, network-wide or the agency's own.
fn reader_of(agency: AgencyId) -> Viewer {
    Viewer::Member(MemberViewer {
        id: MemberId::generate(),
        agency,
        roles: Vec::new(),
        groups: Vec::new(),
        scope: Scope::Read,
    })
}

async fn deliveries_for(
    store: &Store,
    webhooks: &[Webhook],
    events: Vec<Event>,
    public_url: &str,
) -> Result<Vec<Delivery>, String> {
    let readable: Vec<ChangedItem> = events.iter().map(|e| as_published(&e.item)).collect();
    let mut agencies: HashMap<AgencyId, Agency> = HashMap::new();
    let (documents, _) = crate::indexer::documents_of(store, &mut agencies, readable.clone())
        .await
        .map_err(|e| e.to_string())?;
    // The filters run as searches over the changed items only.
    let filters: Vec<(usize, String)> = webhooks
        .iter()
        .enumerate()
        .filter(|(_, w)| !w.filter.is_empty())
        .map(|(i, w)| (i, w.filter.clone()))
        .collect();
    let readers: Vec<Viewer> = webhooks.iter().map(|w| reader_of(w.agency)).collect();
    let audiences: Vec<Vec<String>> = readers.iter().map(plaza_search::viewer_keys).collect();
    let matched: HashMap<usize, HashSet<String>> = tokio::task::spawn_blocking(move || {
        let index = SearchIndex::in_memory().map_err(|e| e.to_string())?;
        for document in &documents {
            index.upsert(document).map_err(|e| e.to_string())?;
        }
        index.commit("webhooks").map_err(|e| e.to_string())?;
        let mut matched = HashMap::new();
        for (i, filter) in filters {
            let request = SearchRequest {
                text: &filter,
                filter: &SearchFilter::default(),
                audience: &audiences[i],
                limit: documents.len().max(1),
                offset: 0,
                facets: false,
                country: None,
                reader_language: None,
            };
            let hits = index.search_newest(&request).map_err(|e| e.to_string())?;
            matched.insert(i, hits.hits.into_iter().map(|hit| hit.key).collect());
        }
        Ok::<_, String>(matched)
    })
    .await
    .map_err(|e| e.to_string())??;
    let now = Utc::now();
    let mut deliveries = Vec::new();
    for (event, readable) in events.iter().zip(&readable) {
        let item = event.item.item_ref();
        for (i, webhook) in webhooks.iter().enumerate() {
            if !webhook.events.contains(&event.kind) || !can_read(&readers[i], readable.audience()) {
                continue;
            }
            if let Some(keys) = matched.get(&i)
                && !keys.contains(&item.key())
            {
                continue;
            }
            let agency = agencies.get(&readable.audience().agency);
            deliveries.push(Delivery::pending(
                webhook.id,
                event.kind,
                payload(event.kind, readable, agency, public_url, now),
                now,
            ));
        }
    }
    Ok(deliveries)
}

/// The event body: `type`, `timestamp` and `data` as the specification lays out, with what a
/// receiver needs to fetch the item through the API (its global id) or show a link.
fn payload(
    kind: EventType,
    item: &ChangedItem,
    agency: Option<&Agency>,
    public_url: &str,
    now: DateTime<Utc>,
) -> String {
    let reference = item.item_ref();
    let id = plaza_graphql::global_id(reference);
    let content = reference.content_kind().unwrap_or(ContentKind::CaseStudy);
    let (title, version) = match item {
        ChangedItem::CaseStudy(c) => (c.content.title.as_str(), None),
        ChangedItem::Practice(p) => (p.content.title.as_str(), None),
        ChangedItem::Guideline(g) => (g.content.title.as_str(), Some(g.current_version)),
        ChangedItem::Discussion(d) => (d.title.as_str(), None),
    };
    let audience = item.audience();
    serde_json::json!({
        "type": kind.code(),
        "timestamp": now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "data": {
            "id": id,
            "kind": content.code(),
            "title": title,
            "url": format!("{}{}", public_url.trim_end_matches('/'), crate::public_pages::page_path(content, &id)),
            "agency": agency.map(|a| a.slug.as_str()),
            "visibility": audience.visibility.code(),
            "version": version,
        },
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(published: bool, version: u32, replies: u64, at: DateTime<Utc>) -> SeenItem {
        SeenItem {
            published,
            version,
            replies,
            changed_at: at,
        }
    }

    #[test]
    fn a_change_is_read_against_what_was_seen_before() {
        let at = Utc::now();
        let discussion = Some(at);
        let now = seen(true, 0, 0, at);
        assert_eq!(event_of(discussion, None, now), Some(EventType::Published));
        assert_eq!(
            event_of(discussion, None, seen(true, 0, 0, at + Duration::hours(2))),
            Some(EventType::Updated),
            "an item published long before webhooks saw it is updated, not new"
        );
        assert_eq!(event_of(discussion, None, seen(false, 0, 0, at)), None);
        let before = seen(true, 1, 0, at - Duration::seconds(3));
        assert_eq!(
            event_of(discussion, Some(before), seen(true, 2, 0, at)),
            Some(EventType::NewVersion)
        );
        assert_eq!(
            event_of(discussion, Some(before), seen(true, 1, 1, at)),
            Some(EventType::Replied)
        );
        assert_eq!(
            event_of(discussion, Some(before), seen(true, 1, 0, at)),
            Some(EventType::Updated)
        );
        assert_eq!(
            event_of(discussion, Some(before), seen(false, 1, 0, at)),
            Some(EventType::Withdrawn)
        );
        let draft = seen(false, 1, 0, at - Duration::seconds(3));
        assert_eq!(event_of(discussion, Some(draft), seen(false, 1, 0, at)), None);
        assert_eq!(
            event_of(discussion, Some(draft), seen(true, 1, 0, at)),
            Some(EventType::Published)
        );
    }
}
