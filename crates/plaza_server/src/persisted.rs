//! Persisted queries. Automatic Persisted Queries (the protocol Apollo clients speak): a client
//! sends the SHA-256 of its document in `extensions.persistedQuery.sha256Hash` instead of the
//! document; an unknown hash is answered `PERSISTED_QUERY_NOT_FOUND` and the client sends both
//! once, which Plaza checks and remembers (a bounded set, per process). GET requests then carry
//! only the hash and the variables, so intranet proxies can cache them.
//!
//! Trusted documents: a manifest of the documents an installation's widgets and intranets use
//! (`{ "<sha256>": "<document>" }`, e.g. `frontend/dist/widgets/persisted-documents.json`), known
//! from the start; with `trusted_documents_only`, requests made with an API token may run only
//! those documents, so a leaked widget or service token cannot run arbitrary queries.

use std::collections::{HashMap, VecDeque};
use std::path::Path;
use std::sync::Mutex;

use serde_json::Value;
use sha2::{Digest as _, Sha256};

/// Documents remembered from clients (the manifest's are kept apart and never evicted).
const REMEMBERED_MAX: usize = 5_000;
/// Bytes of remembered documents, all together: anyone may register documents, so memory is
/// bounded by bytes as well as by count (the oldest are forgotten first).
const REMEMBERED_BYTES_MAX: usize = 16 * 1024 * 1024;
/// Longer documents run but are not remembered (the client keeps sending them whole).
const REMEMBERED_DOCUMENT_MAX: usize = 64 * 1024;

/// Why a persisted query cannot run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The hash is not known: send the document with it.
    NotFound,
    /// The document's SHA-256 is not the hash sent with it.
    Mismatch,
    /// `extensions.persistedQuery` is not `{version: 1, sha256Hash: <64 hex>}`.
    Malformed,
    /// Only trusted documents may run with this credential.
    NotAllowed,
}

impl Refusal {
    /// The code and message clients see (APQ clients look for this message and code).
    pub fn code_and_message(self) -> (&'static str, &'static str) {
        match self {
            Refusal::NotFound => ("PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound"),
            Refusal::Mismatch => (
                "PERSISTED_QUERY_HASH_MISMATCH",
                "the sha256Hash is not the SHA-256 of the query",
            ),
            Refusal::Malformed => (
                "BAD_REQUEST",
                "extensions.persistedQuery must be {\"version\": 1, \"sha256Hash\": \"<64 hex digits>\"}",
            ),
            Refusal::NotAllowed => (
                "PERSISTED_QUERY_NOT_ALLOWED",
                "this credential may only run the installation's trusted documents",
            ),
        }
    }
}

/// The persisted documents of this process.
pub struct PersistedQueries {
    trusted: HashMap<String, String>,
    trusted_only: bool,
    remembered: Mutex<Remembered>,
}

/// Documents clients registered, oldest first, with their total size.
#[derive(Default)]
struct Remembered {
    documents: HashMap<String, String>,
    order: VecDeque<String>,
    bytes: usize,
}

/// Why the manifest cannot be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    /// Unreadable.
    #[error("cannot read {0}: {1}")]
    Read(String, std::io::Error),
    /// Not a JSON object of strings.
    #[error("{0} is not a JSON object mapping SHA-256 hashes to documents")]
    Shape(String),
    /// A hash that is not its document's.
    #[error("{0}: the hash {1} is not the SHA-256 of its document")]
    Hash(String, String),
}

/// Lowercase hex SHA-256 of a document.
pub fn sha256_hex(document: &str) -> String {
    hex::encode(Sha256::digest(document.as_bytes()))
}

impl PersistedQueries {
    /// With the trusted documents of `manifest` (if any); `trusted_only` limits API tokens to them.
    pub fn load(manifest: Option<&Path>, trusted_only: bool) -> Result<Self, ManifestError> {
        let mut trusted = HashMap::new();
        if let Some(path) = manifest {
            let shown = path.display().to_string();
            let raw = std::fs::read_to_string(path).map_err(|e| ManifestError::Read(shown.clone(), e))?;
            let parsed: HashMap<String, String> =
                serde_json::from_str(&raw).map_err(|_| ManifestError::Shape(shown.clone()))?;
            for (hash, document) in parsed {
                let hash = hash.to_ascii_lowercase();
                if sha256_hex(&document) != hash {
                    return Err(ManifestError::Hash(shown, hash));
                }
                trusted.insert(hash, document);
            }
        }
        Ok(Self {
            trusted,
            trusted_only,
            remembered: Mutex::new(Remembered::default()),
        })
    }

    /// How many trusted documents there are.
    pub fn trusted_len(&self) -> usize {
        self.trusted.len()
    }

    /// The document a request runs: `query` as sent, or the one its persisted-query hash names.
    /// `None` when the request uses no persisted query and has no query.
    pub fn resolve(&self, query: Option<&str>, extensions: Option<&Value>) -> Result<Option<String>, Refusal> {
        let Some(persisted) = extensions.and_then(|e| e.get("persistedQuery")) else {
            return Ok(query.map(str::to_owned));
        };
        let version = persisted.get("version").and_then(Value::as_i64);
        let hash = persisted
            .get("sha256Hash")
            .and_then(Value::as_str)
            .filter(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()))
            .map(str::to_ascii_lowercase);
        let (Some(1), Some(hash)) = (version, hash) else {
            return Err(Refusal::Malformed);
        };
        match query.filter(|q| !q.is_empty()) {
            Some(query) => {
                if sha256_hex(query) != hash {
                    return Err(Refusal::Mismatch);
                }
                if !self.trusted.contains_key(&hash) {
                    self.remember(hash, query);
                }
                Ok(Some(query.to_owned()))
            }
            None => self.lookup(&hash).map(Some).ok_or(Refusal::NotFound),
        }
    }

    /// Whether a request made with an API token may run `document`.
    pub fn allows_token(&self, document: &str) -> bool {
        !self.trusted_only || self.trusted.contains_key(&sha256_hex(document))
    }

    fn lookup(&self, hash: &str) -> Option<String> {
        if let Some(document) = self.trusted.get(hash) {
            return Some(document.clone());
        }
        let remembered = self
            .remembered
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        remembered.documents.get(hash).cloned()
    }

    fn remember(&self, hash: String, document: &str) {
        if document.len() > REMEMBERED_DOCUMENT_MAX {
            return;
        }
        let mut remembered = self
            .remembered
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if remembered.documents.contains_key(&hash) {
            return;
        }
        while remembered.documents.len() >= REMEMBERED_MAX || remembered.bytes + document.len() > REMEMBERED_BYTES_MAX {
            let Some(oldest) = remembered.order.pop_front() else {
                break;
            };
            if let Some(forgotten) = remembered.documents.remove(&oldest) {
                remembered.bytes -= forgotten.len();
            }
        }
        remembered.bytes += document.len();
        remembered.documents.insert(hash.clone(), document.to_owned());
        remembered.order.push_back(hash);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn persisted(hash: &str) -> Value {
        json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } })
    }

    #[test]
    fn a_hash_is_unknown_until_sent_with_its_document() {
        let queries = PersistedQueries::load(None, false).unwrap();
        let document = "{ viewer { signedIn } }";
        let hash = sha256_hex(document);
        assert_eq!(queries.resolve(None, Some(&persisted(&hash))), Err(Refusal::NotFound));
        assert_eq!(
            queries.resolve(Some("{ __typename }"), Some(&persisted(&hash))),
            Err(Refusal::Mismatch)
        );
        assert_eq!(
            queries.resolve(Some(document), Some(&persisted(&hash))),
            Ok(Some(document.to_owned()))
        );
        assert_eq!(
            queries.resolve(None, Some(&persisted(&hash.to_uppercase()))),
            Ok(Some(document.to_owned()))
        );
        assert_eq!(queries.resolve(None, Some(&persisted("abc"))), Err(Refusal::Malformed));
        assert_eq!(queries.resolve(Some("{ a }"), None), Ok(Some("{ a }".to_owned())));
        assert!(queries.allows_token("{ anything }"));
    }

    #[test]
    fn remembered_documents_are_bounded() {
        let queries = PersistedQueries::load(None, false).unwrap();
        let first = "query Q0 { __typename }";
        for i in 0..=REMEMBERED_MAX {
            let document = format!("query Q{i} {{ __typename }}");
            queries
                .resolve(Some(&document), Some(&persisted(&sha256_hex(&document))))
                .unwrap();
        }
        assert_eq!(
            queries.resolve(None, Some(&persisted(&sha256_hex(first)))),
            Err(Refusal::NotFound),
            "the oldest was forgotten"
        );
        let last = format!("query Q{REMEMBERED_MAX} {{ __typename }}");
        assert!(queries.resolve(None, Some(&persisted(&sha256_hex(&last)))).is_ok());
        // Long documents run but are not kept; the total size is bounded too.
        let long = format!("query Long {{ __typename }} # {}", "x".repeat(REMEMBERED_DOCUMENT_MAX));
        let hash = sha256_hex(&long);
        assert_eq!(
            queries.resolve(Some(&long), Some(&persisted(&hash))),
            Ok(Some(long.clone()))
        );
        assert_eq!(queries.resolve(None, Some(&persisted(&hash))), Err(Refusal::NotFound));
        let big = |i: usize| format!("query Big{i} {{ __typename }} # {}", "y".repeat(60 * 1024));
        for i in 0..300 {
            let document = big(i);
            queries
                .resolve(Some(&document), Some(&persisted(&sha256_hex(&document))))
                .unwrap();
        }
        assert_eq!(
            queries.resolve(None, Some(&persisted(&sha256_hex(&big(0))))),
            Err(Refusal::NotFound),
            "forgotten to stay within the byte budget"
        );
        assert!(queries.resolve(None, Some(&persisted(&sha256_hex(&big(299))))).is_ok());
        let remembered = queries.remembered.lock().unwrap();
        assert!(remembered.bytes <= REMEMBERED_BYTES_MAX);
        assert_eq!(
            remembered.bytes,
            remembered.documents.values().map(String::len).sum::<usize>()
        );
    }

    #[test]
    fn trusted_documents_come_from_a_checked_manifest_and_bind_tokens() {
        let dir = tempfile_dir();
        let document = "query Latest { __typename }";
        let manifest = dir.join("documents.json");
        std::fs::write(&manifest, json!({ sha256_hex(document): document }).to_string()).unwrap();
        let queries = PersistedQueries::load(Some(&manifest), true).unwrap();
        assert_eq!(queries.trusted_len(), 1);
        assert_eq!(
            queries.resolve(None, Some(&persisted(&sha256_hex(document)))),
            Ok(Some(document.to_owned()))
        );
        assert!(queries.allows_token(document));
        assert!(!queries.allows_token("{ viewer { signedIn } }"));
        std::fs::write(&manifest, json!({ sha256_hex("other"): document }).to_string()).unwrap();
        assert!(matches!(
            PersistedQueries::load(Some(&manifest), true),
            Err(ManifestError::Hash(_, _))
        ));
        std::fs::write(&manifest, "[1, 2]").unwrap();
        assert!(matches!(
            PersistedQueries::load(Some(&manifest), true),
            Err(ManifestError::Shape(_))
        ));
        let _ = std::fs::remove_dir_all(dir);
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let dir = std::env::temp_dir().join(format!("plaza-persisted-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
