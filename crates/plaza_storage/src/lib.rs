//! Plaza's system of record on SurrealDB.
//!
//! Owns the connection (`surrealkv://` embedded on disk by default, `mem://` for fast tests,
//! `ws://` for a remote server), the versioned migrations under `schema/surrealdb/`, and one
//! file per aggregate. Multi-record writes run in one transaction and are retried on
//! transaction conflicts.
//!
//! Depends on the domain only. SurrealDB types (record ids, values, errors) never leave this
//! crate: callers see domain types, ULID strings and [`StorageError`].

mod adoptions;
mod agencies;
mod attachments;
mod audience;
mod batch;
mod case_studies;
mod changes;
mod cluster;
mod connect;
mod discussions;
mod doc;
mod error;
mod evidence;
mod export;
mod federation;
mod feed_keys;
mod groups;
mod guidelines;
mod legal_pages;
mod members;
mod moderation;
mod notifications;
mod page;
mod personal_data;
mod practices;
mod profiles;
mod public;
mod render;
mod review_marks;
mod scorecards;
mod search_stats;
mod signals;
mod snapshot;
mod tokens;
mod webhooks;

pub use agencies::AgencyFilter;
pub use audience::ContentFilter;
pub use batch::NewContent;
pub use case_studies::CaseStudyFilter;
pub use changes::{ChangedItem, Changes};
pub use cluster::{BROADCAST_BODY_MAX, Broadcast, BroadcastStream};
pub use connect::{Store, StoreConfig};
pub use discussions::{DiscussionFilter, REPLIES_MAX, Revision, StoredDiscussion, StoredReply};
pub use error::StorageError;
pub use evidence::{DueReview, EVIDENCE_CASES_MAX, REMINDERS_MAX};
pub use federation::{PendingLogin, StoredProvider, StoredSession};
pub use guidelines::GuidelineFilter;
pub use legal_pages::StoredLegalPage;
pub use moderation::{AuditEntry, AuditTarget, Moderated, PostRef, StoredReport};
pub use page::{Page, PageRequest, position};
pub use personal_data::PERSONAL_DATA;
pub use practices::PracticeFilter;
pub use profiles::{DIRECTORY_CANDIDATES_MAX, DirectoryCandidate, DirectoryFilter};
pub use scorecards::StoredRating;
pub use search_stats::{PeriodStats, QueryStat, SearchAnalytics, SearchStatDelta};
pub use snapshot::{COORDINATION_TABLES, SnapshotStream, TableDigest};
pub use tokens::{StoredToken, TokenOwner, TokenSubject};
pub use webhooks::{AttemptOutcome, SealedSecrets, SeenItem};
