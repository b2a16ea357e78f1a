//! The schema roots, assembled in one place so the whole surface reads in one screen.

use std::sync::Arc;

use async_graphql::{MergedObject, Schema};
use plaza_auth::seal::SealKey;
use plaza_storage::Store;

use crate::agency::AgencyQuery;
use crate::case_study::{CaseStudyMutation, CaseStudyQuery};
use crate::content::MarkdownQuery;
use crate::context::{CredentialEvents, SearchHandle};
use crate::discussion::{DiscussionMutation, DiscussionQuery};
use crate::evidence::{EvidenceMutation, EvidenceQuery};
use crate::group::{GroupMutation, GroupQuery};
use crate::guideline::{GuidelineMutation, GuidelineQuery};
use crate::identity::{IdentityMutation, IdentityQuery};
use crate::legal::{LegalMutation, LegalQuery};
use crate::limits;
use crate::moderation::{ModerationMutation, ModerationQuery, SuspensionMutation};
use crate::node::NodeQuery;
use crate::notification::{NotificationMutation, NotificationQuery, Subscription};
use crate::people::{PeopleMutation, PeopleQuery};
use crate::practice::{PracticeMutation, PracticeQuery};
use crate::search::SearchQuery;
use crate::search_analytics::{SearchAnalyticsMutation, SearchAnalyticsQuery, SearchStatsRecorder};
use crate::signal::{SignalMutation, SignalQuery};
use crate::taxonomy::TaxonomyQuery;
use crate::token::{TokenMutation, TokenQuery};
use crate::viewer::{FeedKeyMutation, ViewerQuery};
use crate::webhook::{WebhookMutation, WebhookQuery, WebhookSettings};

/// Every query.
#[derive(MergedObject, Default)]
pub struct Query(
    ViewerQuery,
    NodeQuery,
    AgencyQuery,
    CaseStudyQuery,
    PracticeQuery,
    GuidelineQuery,
    TaxonomyQuery,
    SearchQueries,
    IdentityQuery,
    TokenQuery,
    GroupQuery,
    DiscussionQuery,
    NotificationQuery,
    ModerationQuery,
    SignalQuery,
    EvidenceQuery,
    SettingsQueries,
);

/// Search and its analytics (merged apart from `Query` so the root's nesting, which the compiler
/// walks when laying out the resolver futures, stays shallow).
#[derive(MergedObject, Default)]
pub struct SearchQueries(SearchQuery, SearchAnalyticsQuery);

/// Markdown previews, webhook settings, the directory and the legal pages (merged apart for
/// the same reason).
#[derive(MergedObject, Default)]
pub struct SettingsQueries(MarkdownQuery, WebhookQuery, PeopleQuery, LegalQuery);

/// Every mutation.
#[derive(MergedObject, Default)]
pub struct Mutation(
    CaseStudyMutation,
    PracticeMutation,
    GuidelineMutation,
    IdentityMutation,
    TokenMutation,
    GroupMutation,
    DiscussionMutation,
    NotificationMutation,
    ModerationMutation,
    SuspensionMutation,
    SignalMutation,
    EvidenceMutation,
    SearchAnalyticsMutation,
    FeedKeyMutation,
    WebhookMutation,
    PeopleMutation,
    LegalMutation,
);

/// Plaza's GraphQL schema.
pub type PlazaSchema = Schema<Query, Mutation, Subscription>;

/// What resolvers reach besides the request: the store, search, the key that seals secrets
/// and the credential caches.
pub struct Services {
    /// The system of record.
    pub store: Store,
    /// The search index.
    pub search: SearchHandle,
    /// Seals secrets at rest.
    pub seal: Arc<SealKey>,
    /// Credential caches to notify.
    pub credentials: Arc<dyn CredentialEvents>,
    /// Counts searches and result clicks until the server flushes them (search analytics).
    pub search_stats: Arc<SearchStatsRecorder>,
    /// Whether webhooks may reach plain-HTTP and private endpoints (development, tests).
    pub webhooks: WebhookSettings,
    /// Told how long each search took in the index (the server's metrics), if anyone asks.
    pub search_timer: Option<SearchTimer>,
    /// Live notifications and publications (relayed to the other replicas by the server).
    pub buses: plaza_app::Buses,
}

/// Receives the time each search spent in the index.
#[derive(Clone)]
pub struct SearchTimer(pub Arc<dyn Fn(std::time::Duration) + Send + Sync>);

/// Builds the schema with its limits; without services it can only print the SDL.
pub fn build(services: Option<Services>) -> PlazaSchema {
    let builder = Schema::build(Query::default(), Mutation::default(), Subscription)
        .limit_depth(limits::MAX_DEPTH)
        .limit_complexity(limits::MAX_COMPLEXITY)
        .limit_recursive_depth(32)
        .limit_directives(limits::MAX_DIRECTIVES)
        .extension(limits::QueryShapeLimits);
    match services {
        Some(services) => {
            let builder = match services.search_timer {
                Some(timer) => builder.data(timer),
                None => builder,
            };
            builder
                .data(services.store)
                .data(services.search)
                .data(services.seal)
                .data(services.credentials)
                .data(services.search_stats)
                .data(services.webhooks)
                .data(services.buses.notifications)
                .data(services.buses.published)
                .finish()
        }
        None => builder.finish(),
    }
}

/// The schema in SDL, as committed in `schema/graphql/schema.graphql`.
pub fn sdl() -> String {
    build(None).sdl()
}
