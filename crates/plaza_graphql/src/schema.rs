//! The schema roots, assembled in one place so the whole surface reads in one screen.

use std::sync::Arc;

use async_graphql::{EmptySubscription, MergedObject, Schema};
use plaza_auth::seal::SealKey;
use plaza_storage::Store;

use crate::agency::AgencyQuery;
use crate::case_study::{CaseStudyMutation, CaseStudyQuery};
use crate::guideline::{GuidelineMutation, GuidelineQuery};
use crate::identity::{IdentityMutation, IdentityQuery};
use crate::limits;
use crate::node::NodeQuery;
use crate::practice::{PracticeMutation, PracticeQuery};
use crate::search::{SearchHandle, SearchQuery};
use crate::taxonomy::TaxonomyQuery;
use crate::viewer::ViewerQuery;

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
    SearchQuery,
    IdentityQuery,
);

/// Every mutation.
#[derive(MergedObject, Default)]
pub struct Mutation(CaseStudyMutation, PracticeMutation, GuidelineMutation, IdentityMutation);

/// Plaza's GraphQL schema.
pub type PlazaSchema = Schema<Query, Mutation, EmptySubscription>;

/// Builds the schema with its limits. `store`, `search` and `seal` may be `None` only to print
/// the SDL.
pub fn build(store: Option<Store>, search: Option<SearchHandle>, seal: Option<Arc<SealKey>>) -> PlazaSchema {
    let builder = Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .limit_depth(limits::MAX_DEPTH)
        .limit_complexity(limits::MAX_COMPLEXITY)
        .limit_recursive_depth(32)
        .limit_directives(limits::MAX_DIRECTIVES)
        .extension(limits::QueryShapeLimits);
    let builder = match seal {
        Some(seal) => builder.data(seal),
        None => builder,
    };
    let builder = match store {
        Some(store) => builder.data(store),
        None => builder,
    };
    match search {
        Some(search) => builder.data(search).finish(),
        None => builder.finish(),
    }
}

/// The schema in SDL, as committed in `schema/graphql/schema.graphql`.
pub fn sdl() -> String {
    build(None, None, None).sdl()
}
