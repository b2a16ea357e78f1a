//! Plaza's full-text search on tantivy: per-language analyzers (Spanish first), the index
//! schema, document mapping, the query language, and search, typeahead and related items,
//! always filtered by the viewer's audience inside the index (hits, totals and facets alike).
//!
//! The index is a projection of the database, never a source of truth: every commit records a
//! watermark of the database changes it contains, and it can be rebuilt from scratch.
//!
//! Depends on the domain only; never on storage, auth or the web layer.

pub mod analysis;
pub mod document;
mod engine;
pub mod mapping;
pub mod query;
pub mod schema;
mod synonyms;

pub use document::{SearchDocument, audience_keys, kind_alias, viewer_keys};
pub use engine::{
    FACETS, FacetValue, Hit, SearchError, SearchFilter, SearchIndex, SearchRequest, SearchResults, Suggestion,
    versioned_dir,
};
pub use query::FilterKey;
