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
mod attachment;
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
mod legal;
mod limits;
mod live;
mod moderation;
mod node;
mod notification;
mod notify;
mod people;
mod practice;
mod prefetch;
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
mod webhook;

pub use context::{CredentialEvents, Refresh, SearchHandle, connection_data, prepare};
pub use error::ApiError;

/// The global id the API and the web app use for an item (`/casos/<id>`).
pub fn global_id(item: plaza_domain::item::ItemRef) -> String {
    ids::encode_item(item).0
}
pub use identity::secret_context;
pub use limits::{MAX_ALIASES, MAX_COMPLEXITY, MAX_DEPTH};
pub use plaza_app::NotificationBus;
pub use schema::{PlazaSchema, SearchTimer, Services, build, sdl};
pub use search_analytics::SearchStatsRecorder;
pub use webhook::{WebhookSettings, secret_context as webhook_secret_context};
