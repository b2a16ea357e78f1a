//! Keeps the search index a projection of the database.
//!
//! The database stamps `changed_at` on every write; the index commits, with its documents, the
//! latest `changed_at` it has applied (the watermark). At start the indexer catches up from the
//! watermark (a missing watermark means a new or changed schema: full rebuild), so a crash at
//! any moment converges without a rebuild. While serving, every mutation asks for a catch-up
//! and waits for its commit (the writer sees its own write), and a timer catches writes from
//! elsewhere (another process on a remote database).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use plaza_domain::agency::Agency;
use plaza_domain::ids::AgencyId;
use plaza_domain::item::{ContentKind, ItemRef};
use plaza_search::SearchIndex;
use plaza_search::mapping::{case_study_document, guideline_document, practice_document};
use plaza_storage::{ChangedItem, Store};
use tokio::sync::{mpsc, oneshot};

/// Records per table read in one catch-up batch.
const BATCH: usize = 2_000;
/// Re-read this far behind the watermark: a transaction stamped before the watermark may commit
/// after it was taken.
const SLACK: chrono::Duration = chrono::Duration::seconds(2);
/// How often writes made elsewhere are picked up.
const POLL: Duration = Duration::from_secs(2);
/// Longest a mutation waits for its write to become searchable.
const REFRESH_TIMEOUT: Duration = Duration::from_secs(2);

/// What can go wrong keeping the index.
#[derive(Debug, thiserror::Error)]
pub enum IndexerError {
    /// The database failed.
    #[error("storage: {0}")]
    Storage(#[from] plaza_storage::StorageError),
    /// The index failed.
    #[error("search: {0}")]
    Search(#[from] plaza_search::SearchError),
    /// A blocking task failed.
    #[error("task: {0}")]
    Task(String),
}

/// What a rebuild did: records applied, documents searchable after it, time taken.
pub type Rebuilt = Result<(usize, u64, Duration), String>;

/// The running indexer.
#[derive(Clone)]
pub struct Indexer {
    /// The index it maintains.
    pub index: Arc<SearchIndex>,
    requests: mpsc::Sender<oneshot::Sender<()>>,
    rebuilds: mpsc::Sender<oneshot::Sender<Rebuilt>>,
}

impl Indexer {
    /// Opens the index under `dir`, catches up with the database, and keeps it up to date in
    /// the background.
    pub async fn start(store: Store, dir: std::path::PathBuf) -> Result<Self, IndexerError> {
        let index = Arc::new(
            tokio::task::spawn_blocking(move || SearchIndex::open(&dir))
                .await
                .map_err(|e| IndexerError::Task(e.to_string()))??,
        );
        let started = std::time::Instant::now();
        let mut recent = Recent::default();
        let applied = catch_up(&store, &index, &mut recent).await?;
        tracing::info!(
            applied,
            docs = index.num_docs(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "search index ready"
        );
        let (requests, mut inbox) = mpsc::channel::<oneshot::Sender<()>>(1024);
        let (rebuilds, mut rebuild_requests) = mpsc::channel::<oneshot::Sender<Rebuilt>>(4);
        let worker_index = index.clone();
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(POLL);
            loop {
                let mut waiting = Vec::new();
                tokio::select! {
                    request = inbox.recv() => match request {
                        Some(ack) => waiting.push(ack),
                        None => break,
                    },
                    Some(reply) = rebuild_requests.recv() => {
                        let started = std::time::Instant::now();
                        let rebuilt = rebuild_in_place(&store, &worker_index, &mut recent)
                            .await
                            .map(|applied| (applied, worker_index.num_docs(), started.elapsed()))
                            .map_err(|error| error.to_string());
                        let _ = reply.send(rebuilt);
                        continue;
                    },
                    _ = ticker.tick() => {}
                }
                // Requests arriving together share one commit.
                while let Ok(ack) = inbox.try_recv() {
                    waiting.push(ack);
                }
                let round = std::time::Instant::now();
                match catch_up(&store, &worker_index, &mut recent).await {
                    Ok(applied) => crate::metrics::index_caught_up(applied, round.elapsed()),
                    Err(error) => {
                        crate::metrics::index_failed();
                        tracing::error!(%error, "search index catch-up failed");
                    }
                }
                for ack in waiting {
                    let _ = ack.send(());
                }
            }
        });
        Ok(Self {
            index,
            requests,
            rebuilds,
        })
    }

    /// Rebuilds the index from the database while it keeps serving: every document is written
    /// again beside the live ones and the switch is one commit (searches see the old index
    /// until then; a failure rolls back and leaves it as it was).
    pub async fn rebuild(&self) -> Rebuilt {
        let (reply, done) = oneshot::channel();
        self.rebuilds
            .send(reply)
            .await
            .map_err(|_| "the indexer has stopped".to_owned())?;
        done.await.map_err(|_| "the indexer has stopped".to_owned())?
    }

    /// Catches up now and waits for the commit (bounded by a timeout).
    pub async fn refresh(&self) {
        let (ack, done) = oneshot::channel();
        if self.requests.send(ack).await.is_ok() && tokio::time::timeout(REFRESH_TIMEOUT, done).await.is_err() {
            tracing::warn!("search refresh timed out");
        }
    }

    /// Asks for a catch-up without waiting for it (another replica wrote).
    pub fn nudge(&self) {
        let (ack, _) = oneshot::channel();
        let _ = self.requests.try_send(ack);
    }

    /// The refresh hook the GraphQL layer calls after writes: this replica catches up and
    /// waits, and the other replicas are told to catch up too.
    pub fn handle(&self, outbox: plaza_app::Outbox) -> plaza_graphql::SearchHandle {
        let indexer = self.clone();
        plaza_graphql::SearchHandle {
            index: self.index.clone(),
            refresh: Arc::new(move || {
                let (indexer, outbox) = (indexer.clone(), outbox.clone());
                Box::pin(async move {
                    indexer.refresh().await;
                    outbox.send(plaza_app::ClusterEvent::ContentChanged);
                })
            }),
        }
    }
}

/// What a catch-up applied inside the slack window, so the next one skips what it already has,
/// and how far back everything is known to be seen.
#[derive(Debug, Default)]
pub struct Recent {
    applied: HashMap<ItemRef, DateTime<Utc>>,
    settled: Option<DateTime<Utc>>,
}

impl Recent {
    /// Whether this version of the record still needs applying; remembers it.
    fn fresh(&mut self, key: ItemRef, changed_at: Option<DateTime<Utc>>) -> bool {
        let Some(changed_at) = changed_at else {
            return true;
        };
        self.applied.insert(key, changed_at) != Some(changed_at)
    }

    fn forget_before(&mut self, horizon: DateTime<Utc>) {
        self.applied.retain(|_, changed_at| *changed_at >= horizon);
    }
}

/// What the index commits with its documents: the latest change applied (the watermark) and
/// the instant before which every change is known to be applied (settled). A change stamped
/// before a read minus [`SLACK`] had committed by that read; later ones are re-read.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Mark {
    watermark: Option<DateTime<Utc>>,
    settled: Option<DateTime<Utc>>,
}

impl Mark {
    fn parse(raw: Option<String>) -> Self {
        let instant = |text: &str| DateTime::parse_from_rfc3339(text).ok().map(|at| at.with_timezone(&Utc));
        let Some(raw) = raw else {
            return Self::default();
        };
        match raw.split_once(';') {
            Some((watermark, settled)) => Self {
                watermark: instant(watermark),
                settled: instant(settled),
            },
            None => Self {
                watermark: instant(&raw),
                settled: None,
            },
        }
    }

    fn render(&self) -> String {
        let text = |at: Option<DateTime<Utc>>| {
            at.map(|at| at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
                .unwrap_or_default()
        };
        format!("{};{}", text(self.watermark), text(self.settled))
    }

    /// Where to start reading: the slack before the watermark, less what is settled.
    fn since(&self) -> Option<DateTime<Utc>> {
        self.watermark.map(|watermark| {
            let floor = watermark - SLACK;
            self.settled.map_or(floor, |settled| floor.max(settled.min(watermark)))
        })
    }
}

/// Empties the index and applies every record again, committing once at the end; on failure,
/// rolls back to what was committed.
async fn rebuild_in_place(store: &Store, index: &Arc<SearchIndex>, recent: &mut Recent) -> Result<usize, IndexerError> {
    *recent = Recent::default();
    let writer = index.clone();
    tokio::task::spawn_blocking(move || writer.clear())
        .await
        .map_err(|e| IndexerError::Task(e.to_string()))??;
    let rebuilt = catch_up_from(store, index, recent, true, |_| {}).await;
    if rebuilt.is_err() {
        let writer = index.clone();
        let _ = tokio::task::spawn_blocking(move || writer.rollback()).await;
    }
    rebuilt
}

/// Applies every change since the index's watermark; returns how many records it applied.
/// Commits when something new arrived, and once more when a burst of writes has settled (so a
/// restart does not re-read it).
pub async fn catch_up(store: &Store, index: &Arc<SearchIndex>, recent: &mut Recent) -> Result<usize, IndexerError> {
    catch_up_reporting(store, index, recent, |_| {}).await
}

/// [`catch_up`], telling `progress` how many records each page applied (a reindex's bar).
pub async fn catch_up_reporting(
    store: &Store,
    index: &Arc<SearchIndex>,
    recent: &mut Recent,
    progress: impl FnMut(usize),
) -> Result<usize, IndexerError> {
    catch_up_from(store, index, recent, false, progress).await
}

/// [`catch_up_reporting`], from the beginning of time when `from_scratch`.
async fn catch_up_from(
    store: &Store,
    index: &Arc<SearchIndex>,
    recent: &mut Recent,
    from_scratch: bool,
    mut progress: impl FnMut(usize),
) -> Result<usize, IndexerError> {
    let read_at = Utc::now();
    let committed = if from_scratch {
        Mark::default()
    } else {
        Mark::parse(index.watermark())
    };
    let start = Mark {
        watermark: committed.watermark,
        settled: committed.settled.max(recent.settled),
    };
    let watermark = committed.watermark;
    let mut agencies: HashMap<AgencyId, Agency> = HashMap::new();
    let mut latest = watermark;
    let mut applied = 0;
    for kind in ContentKind::ALL {
        let mut since = start.since();
        loop {
            let changes = store.changes_since(kind, since, BATCH).await?;
            let count = changes.items.len();
            // Pages inside the slack window hold records applied before (skipped) or committed
            // late (applied): the slack is re-read, never trusted.
            let items: Vec<ChangedItem> = changes
                .items
                .into_iter()
                .zip(changes.changed_at)
                .filter_map(|(item, changed_at)| recent.fresh(item.item_ref(), changed_at).then_some(item))
                .collect();
            let (documents, removals) = documents_of(store, &mut agencies, items).await?;
            let documents_len = documents.len() + removals.len();
            let writer = index.clone();
            tokio::task::spawn_blocking(move || -> Result<(), plaza_search::SearchError> {
                for document in &documents {
                    writer.upsert(document)?;
                }
                for (kind, key) in &removals {
                    writer.remove(*kind, key)?;
                }
                Ok(())
            })
            .await
            .map_err(|e| IndexerError::Task(e.to_string()))??;
            applied += documents_len;
            progress(count);
            latest = latest.max(changes.latest);
            // A page of one instant cannot be paged further; writes stamp at most one import
            // batch (250 records) with one instant, far below BATCH.
            if count < BATCH || changes.latest == since {
                break;
            }
            since = changes.latest;
        }
    }
    if let Some(latest) = latest {
        recent.forget_before(latest - SLACK - SLACK);
    }
    recent.settled = recent.settled.max(Some(read_at - SLACK));
    let mark = Mark {
        watermark: latest,
        settled: recent.settled.min(latest),
    };
    if from_scratch || (mark != committed && (latest != watermark || mark.settled > committed.settled)) {
        let payload = mark.render();
        let writer = index.clone();
        tokio::task::spawn_blocking(move || writer.commit(&payload))
            .await
            .map_err(|e| IndexerError::Task(e.to_string()))??;
    }
    Ok(applied)
}

/// Search documents for published items, removals for the rest.
pub(crate) async fn documents_of(
    store: &Store,
    agencies: &mut HashMap<AgencyId, Agency>,
    items: Vec<ChangedItem>,
) -> Result<(Vec<plaza_search::SearchDocument>, Vec<(ContentKind, String)>), IndexerError> {
    let mut documents = Vec::with_capacity(items.len());
    let mut removals = Vec::new();
    for item in items {
        let agency_id = match &item {
            ChangedItem::CaseStudy(c) => c.audience.agency,
            ChangedItem::Practice(p) => p.audience.agency,
            ChangedItem::Guideline(g) => g.audience.agency,
            ChangedItem::Discussion(d) => d.audience.agency,
        };
        if !agencies.contains_key(&agency_id)
            && let Some(agency) = store.agency(agency_id).await?
        {
            agencies.insert(agency_id, agency);
        }
        let Some(agency) = agencies.get(&agency_id) else {
            continue;
        };
        let (kind, key, document) = match &item {
            ChangedItem::CaseStudy(c) => (ContentKind::CaseStudy, c.id.as_string(), case_study_document(c, agency)),
            ChangedItem::Practice(p) => (ContentKind::Practice, p.id.as_string(), practice_document(p, agency)),
            ChangedItem::Guideline(g) => {
                let current = store.guideline_version(g.id, g.current_version).await?;
                (
                    ContentKind::Guideline,
                    g.id.as_string(),
                    current.and_then(|v| guideline_document(g, &v, agency)),
                )
            }
            ChangedItem::Discussion(d) => (
                ContentKind::Discussion,
                d.id.as_string(),
                plaza_search::mapping::discussion_document(
                    d.id.as_string(),
                    &d.title,
                    &d.body,
                    &d.audience,
                    agency,
                    d.created_at,
                ),
            ),
        };
        match document {
            Some(document) => documents.push(document),
            None => removals.push((kind, key)),
        }
    }
    Ok((documents, removals))
}
