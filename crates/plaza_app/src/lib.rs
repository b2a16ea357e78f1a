//! Plaza's application layer: the use cases the API and the server's jobs share, written once
//! over the system of record and the domain policy. Knows nothing of GraphQL or HTTP: the
//! GraphQL resolvers decode their input, call in here and wrap the answer; the server's
//! scheduled jobs (review reminders, e-mail digests) call in here too, never through GraphQL.
//!
//! Every use case that tells a member about something checks first that the member may read
//! it, with their current agency and groups.

pub mod digest;
pub mod directory;
pub mod events;
pub mod legal;
pub mod notify;
pub mod reviews;

pub use digest::{DigestLine, digest_lines, item_summary};
pub use events::{Buses, ClusterEvent, NotificationBus, Outbox, PublishedBus};
pub use plaza_storage::StorageError;
