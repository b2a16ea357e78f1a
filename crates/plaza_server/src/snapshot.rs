//! Whole-database backups while the service runs, and restores.
//!
//! - `plaza backup --out FILE`: a snapshot of every table (the database's own export, taken in
//!   one read transaction: a consistent point in time even under writes) and every attachment
//!   file into `FILE.files/`. Against a database server it connects directly; the embedded
//!   database belongs to the running `plaza serve`, so with `--server URL` it asks that
//!   server's `GET /admin/backup` (allowed by `PLAZA_ADMIN_TOKEN`, absent otherwise). Either
//!   way it runs with the service's settings, which say where the attachment files are.
//! - `plaza restore FILE`: into an empty database only; the files come back from
//!   `FILE.files/`; the search index is rebuilt at the next start.
//! - `plaza tables`: each table's record count and digest, to compare two databases.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use futures::StreamExt as _;
use plaza_storage::{Store, StoreConfig};
use poem::http::{HeaderMap, StatusCode, header};
use poem::web::Data;
use poem::{Body, Response, handler};

use crate::AppState;
use crate::admin::AdminToken;
use crate::config::Config;

/// `GET /admin/backup`: the snapshot, streamed.
#[handler]
pub async fn download(headers: &HeaderMap, token: Data<&AdminToken>, state: Data<&AppState>) -> Response {
    if let Some(refused) = token.refuses(headers) {
        return refused;
    }
    let stream = match snapshot_of(&state.store, state.remote_db.as_ref()).await {
        Ok(stream) => stream,
        Err(error) => {
            tracing::error!(%error, "cannot start a backup");
            return Response::builder()
                .status(StatusCode::SERVICE_UNAVAILABLE)
                .body("the database cannot be backed up now");
        }
    };
    tracing::info!("backup started");
    let body = stream.map(|piece| piece.map(bytes::Bytes::from).map_err(std::io::Error::other));
    let name = format!("plaza-{}.surql", chrono::Utc::now().format("%Y%m%dT%H%M%SZ"));
    Response::builder()
        .content_type("application/sql; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store")
        .header(header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\""))
        .body(Body::from_bytes_stream(body))
}

/// Writes a snapshot of the database to `out`, from the database itself or from a running
/// server's `/admin/backup`, then copies the attachment files beside it.
pub async fn backup(config: &Config, out: &Path, server: Option<&str>, store: Option<Store>) -> Result<(), String> {
    let partial = part_path(out);
    let mut file = std::fs::File::create(&partial).map_err(|e| format!("cannot create {}: {e}", partial.display()))?;
    let mut pieces = match (server, store) {
        (Some(server), _) => {
            let (url, response) = crate::admin::ask(server, reqwest::Method::GET, "backup").await?;
            pieces_of(response, url)
        }
        (None, Some(store)) => snapshot_of(&store, RemoteDb::of(config).as_ref()).await?,
        (None, None) => return Err("nothing to back up from".to_owned()),
    };
    let mut written = 0usize;
    while let Some(piece) = pieces.next().await {
        let piece = piece?;
        file.write_all(&piece).map_err(|e| e.to_string())?;
        written += piece.len();
    }
    file.sync_all().map_err(|e| e.to_string())?;
    drop(file);
    if written == 0 {
        return Err("the snapshot came back empty".to_owned());
    }
    std::fs::rename(&partial, out).map_err(|e| e.to_string())?;
    let blobs = crate::attachments::Blobs::open(config)?;
    let files_dir = crate::attachments::archive::files_dir(out);
    let target = crate::attachments::Blobs::in_dir(&files_dir)?;
    let files = blobs
        .copy_all_to(&target)
        .await
        .map_err(|e| format!("attachment files: {e}"))?;
    eprintln!(
        "backup: {written} bytes in {}, {files} attachment files in {}",
        out.display(),
        files_dir.display()
    );
    Ok(())
}

fn part_path(out: &Path) -> PathBuf {
    let mut name = out.as_os_str().to_owned();
    name.push(".part");
    PathBuf::from(name)
}

/// Restores a snapshot into the configured (empty) database and its files into the configured
/// attachment store; the search index is rebuilt from the database at the next start.
pub async fn restore(config: &Config, file: &Path) -> Result<Store, String> {
    if !file.is_file() {
        return Err(format!("{} is not a file", file.display()));
    }
    let store_config: StoreConfig = config.store();
    let store = match RemoteDb::of(config) {
        Some(remote) => {
            let store = Store::open_empty(&store_config).await.map_err(|e| e.to_string())?;
            remote.import(file).await?;
            store.finish_restore().await.map_err(|e| e.to_string())?;
            store
        }
        None => Store::restore(&store_config, file).await.map_err(|e| e.to_string())?,
    };
    let files_dir = crate::attachments::archive::files_dir(file);
    let mut files = 0;
    if files_dir.is_dir() {
        let source = crate::attachments::Blobs::in_dir(&files_dir)?;
        let blobs = crate::attachments::Blobs::open(config)?;
        files = source
            .copy_all_to(&blobs)
            .await
            .map_err(|e| format!("attachment files: {e}"))?;
    }
    let index = config.index_dir();
    if index.exists() {
        std::fs::remove_dir_all(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    }
    let tables = store.tables().await.map_err(|e| e.to_string())?;
    eprintln!(
        "restore: {} tables and {files} attachment files restored; the search index is rebuilt at the next start",
        tables.len()
    );
    Ok(store)
}

/// Prints each data table's record count and digest.
pub async fn tables(store: &Store) -> Result<(), String> {
    for digest in store.table_digests().await.map_err(|e| e.to_string())? {
        println!("{}\t{}\t{}", digest.table, digest.records, digest.sha256);
    }
    Ok(())
}

/// A database server's HTTP interface: where its snapshots are written and read (its WebSocket
/// protocol has no export or import).
#[derive(Debug, Clone)]
pub struct RemoteDb {
    base: String,
    namespace: String,
    database: String,
    credentials: Option<(String, String)>,
}

impl RemoteDb {
    /// The server the configuration names, if the database is one.
    pub fn of(config: &Config) -> Option<Self> {
        let url = config.db_url.as_deref()?;
        let (scheme, rest) = url.split_once("://")?;
        let scheme = match scheme {
            "ws" | "http" => "http",
            "wss" | "https" => "https",
            _ => return None,
        };
        let store = config.store();
        Some(Self {
            base: format!("{scheme}://{}", rest.trim_end_matches('/').trim_end_matches("/rpc")),
            namespace: store.namespace,
            database: store.database,
            credentials: store.credentials,
        })
    }

    fn request(&self, method: reqwest::Method, route: &str) -> reqwest::RequestBuilder {
        let request = reqwest::Client::new()
            .request(method, format!("{}/{route}", self.base))
            .header("surreal-ns", &self.namespace)
            .header("surreal-db", &self.database)
            .header(header::ACCEPT.as_str(), "application/json");
        match &self.credentials {
            Some((user, password)) => request.basic_auth(user, Some(password)),
            None => request,
        }
    }

    /// The server's snapshot of the database (its export: one read transaction), streamed.
    pub async fn export(&self) -> Result<SnapshotPieces, String> {
        let response = self
            .request(reqwest::Method::GET, "export")
            .send()
            .await
            .map_err(|e| format!("{}/export: {e}", self.base))?;
        if !response.status().is_success() {
            return Err(format!("{}/export answered {}", self.base, response.status()));
        }
        Ok(pieces_of(response, format!("{}/export", self.base)))
    }

    /// Imports a snapshot file into the server's database (streamed from disk).
    pub async fn import(&self, file: &Path) -> Result<(), String> {
        let opened = tokio::fs::File::open(file)
            .await
            .map_err(|e| format!("{}: {e}", file.display()))?;
        let pieces = futures::stream::unfold(opened, |mut file| async move {
            use tokio::io::AsyncReadExt as _;
            let mut buffer = vec![0u8; 256 * 1024];
            match file.read(&mut buffer).await {
                Ok(0) => None,
                Ok(read) => {
                    buffer.truncate(read);
                    Some((Ok::<_, std::io::Error>(bytes::Bytes::from(buffer)), file))
                }
                Err(error) => Some((Err(error), file)),
            }
        });
        let response = self
            .request(reqwest::Method::POST, "import")
            .body(reqwest::Body::wrap_stream(pieces))
            .send()
            .await
            .map_err(|e| format!("{}/import: {e}", self.base))?;
        let status = response.status();
        if !status.is_success() {
            let detail: String = response.text().await.unwrap_or_default().chars().take(500).collect();
            return Err(format!("{}/import answered {status}: {detail}", self.base));
        }
        Ok(())
    }
}

/// An HTTP response's body as snapshot pieces (errors name `source`).
fn pieces_of(response: reqwest::Response, source: String) -> SnapshotPieces {
    Box::pin(
        response
            .bytes_stream()
            .map(move |piece| piece.map(|bytes| bytes.to_vec()).map_err(|e| format!("{source}: {e}"))),
    )
}

/// A snapshot's text in pieces, from whichever engine holds the database.
pub type SnapshotPieces = std::pin::Pin<Box<dyn futures::Stream<Item = Result<Vec<u8>, String>> + Send>>;

/// The snapshot of the database `store` reaches: the embedded engine's own, or the server's.
pub async fn snapshot_of(store: &Store, remote: Option<&RemoteDb>) -> Result<SnapshotPieces, String> {
    match remote {
        Some(remote) => remote.export().await,
        None => {
            let pieces = store.snapshot().await.map_err(|e| e.to_string())?;
            Ok(Box::pin(pieces.map(|piece| piece.map_err(|e| e.to_string()))))
        }
    }
}
