//! Plaza's domain: the types and rules of a knowledge-sharing network for public employees.
//!
//! This crate owns identifiers, entities (agencies, members, case studies, practices,
//! guidelines), the closed taxonomies with their stable codes, validation through newtypes,
//! the error-code table, and the single visibility/edit policy (`policy`) that every read and
//! write path in Plaza applies.
//!
//! It must not depend on I/O, async runtimes, the database, the search engine or web types:
//! everything here is plain data and pure functions, tested at the bottom of each file.

pub mod agency;
pub mod assessment;
pub mod attachment;
pub mod case_study;
pub mod content;
pub mod directory;
pub mod discussion;
pub mod error;
pub mod evidence;
pub mod freshness;
pub mod group;
pub mod guideline;
pub mod identity;
pub mod ids;
pub mod item;
pub mod markdown;
pub mod member;
pub mod messages;
pub mod metric;
pub mod notification;
pub mod policy;
pub mod practice;
pub mod profile;
pub mod scorecard;
pub mod search_stats;
pub mod taxonomy;
pub mod text;
pub mod webhook;

pub use error::{ErrorCode, ValidationError};
