//! Connecting (embedded or remote), applying migrations, and running queries with retries.

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::Value as Json;
use surrealdb::engine::any::Any;
use surrealdb::types::SurrealValue;
use surrealdb::{IndexedResults, Surreal};
use tracing::{info, instrument, warn};

use crate::error::StorageError;

/// The migrations, in order. Each runs once per database, recorded in the `migration` table.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_initial",
        include_str!("../../../schema/surrealdb/migrations/0001_initial.surql"),
    ),
    (
        "0002_change_tracking",
        include_str!("../../../schema/surrealdb/migrations/0002_change_tracking.surql"),
    ),
    (
        "0003_federated_login",
        include_str!("../../../schema/surrealdb/migrations/0003_federated_login.surql"),
    ),
    (
        "0004_service_tokens",
        include_str!("../../../schema/surrealdb/migrations/0004_service_tokens.surql"),
    ),
    (
        "0005_collaboration",
        include_str!("../../../schema/surrealdb/migrations/0005_collaboration.surql"),
    ),
    (
        "0006_moderation",
        include_str!("../../../schema/surrealdb/migrations/0006_moderation.surql"),
    ),
    (
        "0007_discussion_search",
        include_str!("../../../schema/surrealdb/migrations/0007_discussion_search.surql"),
    ),
    (
        "0008_content_notifications",
        include_str!("../../../schema/surrealdb/migrations/0008_content_notifications.surql"),
    ),
    (
        "0009_digests",
        include_str!("../../../schema/surrealdb/migrations/0009_digests.surql"),
    ),
    (
        "0010_evidence",
        include_str!("../../../schema/surrealdb/migrations/0010_evidence.surql"),
    ),
    (
        "0011_allowed_origins",
        include_str!("../../../schema/surrealdb/migrations/0011_allowed_origins.surql"),
    ),
    (
        "0012_rendered_markdown",
        include_str!("../../../schema/surrealdb/migrations/0012_rendered_markdown.surql"),
    ),
    (
        "0013_search_stats",
        include_str!("../../../schema/surrealdb/migrations/0013_search_stats.surql"),
    ),
    (
        "0014_feed_keys",
        include_str!("../../../schema/surrealdb/migrations/0014_feed_keys.surql"),
    ),
    (
        "0015_webhooks",
        include_str!("../../../schema/surrealdb/migrations/0015_webhooks.surql"),
    ),
    (
        "0016_attachments",
        include_str!("../../../schema/surrealdb/migrations/0016_attachments.surql"),
    ),
    (
        "0017_review_marks",
        include_str!("../../../schema/surrealdb/migrations/0017_review_marks.surql"),
    ),
    (
        "0018_cluster",
        include_str!("../../../schema/surrealdb/migrations/0018_cluster.surql"),
    ),
    (
        "0019_suspension",
        include_str!("../../../schema/surrealdb/migrations/0019_suspension.surql"),
    ),
    (
        "0020_profiles",
        include_str!("../../../schema/surrealdb/migrations/0020_profiles.surql"),
    ),
    (
        "0021_legal_pages",
        include_str!("../../../schema/surrealdb/migrations/0021_legal_pages.surql"),
    ),
    (
        "0022_erasure",
        include_str!("../../../schema/surrealdb/migrations/0022_erasure.surql"),
    ),
    (
        "0023_content_moderation",
        include_str!("../../../schema/surrealdb/migrations/0023_content_moderation.surql"),
    ),
];

/// The record the rendered markdown backfill (run in code, see `render`) leaves in
/// `migration` once done.
pub(crate) const BACKFILL_MIGRATION: &str = "0012_rendered_markdown_backfill";

/// How long a replica may hold the migration lock before another may take it over (a replica
/// that died while migrating).
const MIGRATION_LEASE_MS: i64 = 300_000;
/// The lease a replica holds while it migrates.
const MIGRATION_LEASE: &str = "migrations";
/// How long a starting replica waits for another one's migrations.
const MIGRATION_LOCK_WAIT: Duration = Duration::from_secs(600);

/// Longest a single query may run before the database cancels it.
const QUERY_TIMEOUT: Duration = Duration::from_secs(15);
/// Longest a transaction may stay open.
const TRANSACTION_TIMEOUT: Duration = Duration::from_secs(30);

/// How often a transaction that lost a write conflict is tried again.
const CONFLICT_RETRIES: u32 = 5;

/// How to reach the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreConfig {
    /// `surrealkv://<dir>` (default, embedded on disk), `mem://` (tests) or `ws://host:port`.
    pub url: String,
    /// SurrealDB namespace.
    pub namespace: String,
    /// SurrealDB database.
    pub database: String,
    /// Root credentials for a remote server, if it requires them.
    pub credentials: Option<(String, String)>,
}

impl StoreConfig {
    /// An in-memory database, for fast tests.
    pub fn in_memory() -> Self {
        Self {
            url: "mem://".to_owned(),
            namespace: "plaza".to_owned(),
            database: "plaza".to_owned(),
            credentials: None,
        }
    }

    /// A new, empty database for a test: on the SurrealDB server named by `PLAZA_TEST_DB_URL`
    /// (`ws://127.0.0.1:P`, root/root, a database of its own per call) when that is set, so the
    /// same tests run against the remote server; in memory otherwise.
    pub fn for_tests() -> Self {
        match std::env::var("PLAZA_TEST_DB_URL") {
            Ok(url) if !url.is_empty() => Self {
                url,
                namespace: "plaza_test".to_owned(),
                database: format!("t{}", ulid::Ulid::new()),
                credentials: Some(("root".to_owned(), "root".to_owned())),
            },
            _ => Self::in_memory(),
        }
    }

    /// An embedded SurrealKV database in `dir`.
    pub fn embedded(dir: &std::path::Path) -> Self {
        Self {
            url: format!("surrealkv://{}", dir.display()),
            ..Self::in_memory()
        }
    }
}

/// The system of record. Cheap to clone; all clones share one connection.
#[derive(Clone)]
pub struct Store {
    pub(crate) db: Surreal<Any>,
    /// Queries sent to the database since connecting (shared by clones): what batch loading is
    /// measured by.
    trips: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// Microseconds spent waiting for the database's answers, summed over queries.
    waited: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").finish_non_exhaustive()
    }
}

impl Store {
    /// How many queries this store (and its clones) sent to the database so far; a retried
    /// query counts once per attempt.
    pub fn round_trips(&self) -> u64 {
        self.trips.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The time this store (and its clones) spent waiting for the database's answers to its
    /// queries and transactions, summed (live queries and exports, which [`Store::round_trips`]
    /// also counts, are not timed).
    pub fn time_in_database(&self) -> Duration {
        Duration::from_micros(self.waited.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// Connects, selects namespace and database, and applies pending migrations.
    #[instrument(skip_all, fields(db.scheme = %config.url.split(':').next().unwrap_or_default()))]
    pub async fn connect(config: &StoreConfig) -> Result<Self, StorageError> {
        let store = Self::connect_unmigrated(config).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Connects and selects namespace and database, leaving the schema as it is.
    pub(crate) async fn connect_unmigrated(config: &StoreConfig) -> Result<Self, StorageError> {
        // Embedded engines honour these limits; a remote server applies its own.
        let limits = surrealdb::opt::Config::new()
            .query_timeout(QUERY_TIMEOUT)
            .transaction_timeout(TRANSACTION_TIMEOUT);
        let db = surrealdb::engine::any::connect((config.url.clone(), limits)).await?;
        if let Some((username, password)) = &config.credentials {
            db.signin(surrealdb::opt::auth::Root {
                username: username.clone(),
                password: password.clone(),
            })
            .await?;
        }
        db.use_ns(config.namespace.as_str())
            .use_db(config.database.as_str())
            .await?;
        Ok(Self {
            db,
            trips: std::sync::Arc::default(),
            waited: std::sync::Arc::default(),
        })
    }

    /// Counts one query sent outside [`Store::execute`].
    pub(crate) fn count_trip(&self) {
        self.trips.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// The migrations recorded in this database (steps run in code, such as the rendered
    /// markdown backfill, included).
    async fn applied_migrations(&self) -> std::collections::HashSet<String> {
        // A new database has no `migration` table yet.
        let applied: Vec<Json> = self
            .query_rows("SELECT VALUE id FROM migration", Json::Null, 0)
            .await
            .unwrap_or_default();
        applied
            .iter()
            .filter_map(Json::as_str)
            .map(|id| record_key(id).to_owned())
            .collect()
    }

    /// The migrations not yet recorded in this database, in order.
    async fn pending_migrations(&self) -> Vec<(&'static str, &'static str)> {
        let applied = self.applied_migrations().await;
        MIGRATIONS
            .iter()
            .copied()
            .filter(|(name, _)| !applied.contains(*name))
            .collect()
    }

    /// Applies every migration not yet recorded. Safe to run at every start, and from several
    /// replicas starting together on one database: the one holding the migration lease applies
    /// them, the others wait for it and find nothing left to do.
    pub(crate) async fn migrate(&self) -> Result<(), StorageError> {
        let applied = self.applied_migrations().await;
        let done = MIGRATIONS.iter().all(|(name, _)| applied.contains(*name)) && applied.contains(BACKFILL_MIGRATION);
        if !done {
            let holder = ulid::Ulid::new().to_string();
            self.lock_migrations(&holder).await?;
            let applied = match self.apply_migrations().await {
                Ok(()) => self.backfill_rendered_markdown().await,
                Err(error) => Err(error),
            };
            let released = self.release_lease(MIGRATION_LEASE, &holder).await;
            applied?;
            released?;
        }
        Ok(())
    }

    /// Takes the migration lease (the same leases replicas hold for their singleton jobs),
    /// waiting while another replica holds it; one whose term ran out (its holder died while
    /// migrating) is taken over.
    async fn lock_migrations(&self, holder: &str) -> Result<(), StorageError> {
        let started = std::time::Instant::now();
        loop {
            let now = chrono::Utc::now().timestamp_millis();
            if self
                .hold_lease(MIGRATION_LEASE, holder, now, now + MIGRATION_LEASE_MS)
                .await?
            {
                return Ok(());
            }
            if started.elapsed() >= MIGRATION_LOCK_WAIT {
                return Err(StorageError::Conflict(
                    "another replica has been migrating the database for too long".into(),
                ));
            }
            info!("another replica is migrating the database; waiting");
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    async fn apply_migrations(&self) -> Result<(), StorageError> {
        for (name, script) in self.pending_migrations().await {
            let sql = format!(
                "BEGIN TRANSACTION;\n{script}\nCREATE type::record('migration', $name) SET applied_at = time::now();\nCOMMIT TRANSACTION;"
            );
            self.execute(&sql, serde_json::json!({ "name": name })).await?;
            info!(migration = name, "applied migration");
        }
        Ok(())
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<(), StorageError> {
        self.execute("RETURN true", Json::Null).await.map(|_| ())
    }

    /// Runs `sql` with `vars` (a JSON object or null), retrying on transaction conflicts.
    /// Statement errors are reported, not swallowed; the first real cause wins over the generic
    /// "failed transaction" ones.
    pub(crate) async fn execute(&self, sql: &str, vars: Json) -> Result<IndexedResults, StorageError> {
        let vars = (!vars.is_null()).then_some(vars);
        self.execute_bound(sql, vars).await
    }

    /// [`Store::execute`] with variables given as any database value (an object of them), for
    /// writes that need typed values (datetimes, record ids) rather than JSON.
    pub(crate) async fn execute_bound<V: SurrealValue + Clone>(
        &self,
        sql: &str,
        vars: Option<V>,
    ) -> Result<IndexedResults, StorageError> {
        let mut attempt = 0;
        loop {
            match self.execute_once(sql, vars.clone()).await {
                Err(error) if error.is_retryable() && attempt < CONFLICT_RETRIES => {
                    attempt += 1;
                    warn!(attempt, "transaction conflict, retrying");
                    tokio::time::sleep(Duration::from_millis(5 * 2u64.pow(attempt))).await;
                }
                other => return other,
            }
        }
    }

    async fn execute_once<V: SurrealValue>(&self, sql: &str, vars: Option<V>) -> Result<IndexedResults, StorageError> {
        self.count_trip();
        let query = self.db.query(sql);
        let query = match vars {
            Some(vars) => query.bind(vars),
            None => query,
        };
        let started = std::time::Instant::now();
        let answered = query.await;
        let waited = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
        self.waited.fetch_add(waited, std::sync::atomic::Ordering::Relaxed);
        let mut response = answered?;
        let errors = response.take_errors();
        if errors.is_empty() {
            return Ok(response);
        }
        let mut ordered: Vec<_> = errors.into_iter().collect();
        ordered.sort_by_key(|(index, _)| *index);
        let messages: Vec<String> = ordered.into_iter().map(|(_, error)| error.to_string()).collect();
        let cause = messages
            .iter()
            .find(|message| !message.contains("failed transaction") && !message.contains("not executed"))
            .or(messages.first())
            .cloned()
            .unwrap_or_default();
        Err(StorageError::from_database_message(&cause))
    }

    /// Runs a query and deserialises the rows of statement `index`.
    pub(crate) async fn query_rows<T: DeserializeOwned>(
        &self,
        sql: &str,
        vars: Json,
        index: usize,
    ) -> Result<Vec<T>, StorageError> {
        let mut response = self.execute(sql, vars).await?;
        take_rows(&mut response, index)
    }
}

/// Deserialises the rows of statement `index` of a response.
pub(crate) fn take_rows<T: DeserializeOwned>(
    response: &mut IndexedResults,
    index: usize,
) -> Result<Vec<T>, StorageError> {
    let raw: Vec<Json> = response.take(index)?;
    raw.into_iter()
        .map(|row| {
            serde_json::from_value(row.clone()).map_err(|error| StorageError::Corrupt {
                record: row.get("id").and_then(Json::as_str).unwrap_or("?").to_owned(),
                reason: error.to_string(),
            })
        })
        .collect()
}

/// The key of a record id as SurrealDB prints it (`case_study:⟨01H…⟩`, `case_study:01H…`).
pub(crate) fn record_key(raw: &str) -> &str {
    let key = raw.split_once(':').map(|(_, key)| key).unwrap_or(raw);
    key.trim_start_matches(['⟨', '`']).trim_end_matches(['⟩', '`'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_keys_are_read_in_every_printed_form() {
        assert_eq!(record_key("case_study:⟨01HZ⟩"), "01HZ");
        assert_eq!(record_key("case_study:`01HZ`"), "01HZ");
        assert_eq!(record_key("case_study:ABC"), "ABC");
        assert_eq!(record_key("ABC"), "ABC");
    }
}
