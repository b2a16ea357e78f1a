//! Plaza's GraphQL API (async-graphql), one area per folder.
//!
//! Relay conventions: a `Node` interface with opaque global ids, cursor connections with
//! `totalCount` and a maximum page size, mutations with one `input` and a payload. Errors
//! carry `extensions.code` (see `error`). Depth, complexity, alias and page-size limits are set
//! on purpose (see `limits`). Every read goes through `plaza_domain::policy`.
//!
//! Knows nothing of the web server: the server crate calls [`prepare`] to attach the viewer to
//! each request and executes it on the schema from [`build`].

mod agency;
mod case_study;
mod connection;
mod content;
mod context;
mod discussion;
mod error;
mod evidence;
mod group;
mod guideline;
mod identity;
mod ids;
mod limits;
mod live;
mod moderation;
mod node;
mod notification;
mod practice;
pub mod prescan;
mod render;
mod scalars;
mod schema;
mod search;
mod search_analytics;
mod signal;
mod taxonomy;
mod token;
mod viewer;

pub use context::{connection_data, prepare};
pub use error::ApiError;
pub use identity::secret_context;
pub use limits::{MAX_ALIASES, MAX_COMPLEXITY, MAX_DEPTH};
pub use notification::{DigestLine, NotificationBus, digest_lines, notify_about_item};
pub use schema::{CredentialEvents, PlazaSchema, Services, build, sdl};
pub use search::{Refresh, SearchHandle};
pub use search_analytics::SearchStatsRecorder;
