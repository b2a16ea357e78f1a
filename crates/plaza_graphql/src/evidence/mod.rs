//! Evidence of public value: "what works" aggregates and replications, platform scorecards,
//! threat self-assessments, guideline adoption, and freshness (review-by dates).
//!
//! Every aggregate is computed from what the viewer may read, after the read filter: a case,
//! rating or assessment outside the viewer's audience never contributes to a number they see.

mod adoption;
mod freshness;
mod replication;
mod scorecard;
mod what_works;

use async_graphql::{Enum, MergedObject};
use plaza_domain::metric::Direction;

pub use adoption::{
    AdoptionMutation, AdoptionNode, GuidelineDiff, GuidelineLineage, GuidelineUpdate, adoptions, fork_origin,
    notify_adopters, version_diff,
};
pub use freshness::{Freshness, FreshnessMutation, freshness};
pub use replication::{Replication, ReplicationMutation, replicated, replications};
pub use scorecard::{ScorecardMutation, ScorecardQuery};
pub use what_works::WhatWorksQuery;

/// Which way is better for a metric kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum DirectionValue {
    /// More is better (satisfaction, questions resolved).
    HigherIsBetter,
    /// Less is better (calls, response time, cost).
    LowerIsBetter,
}

impl DirectionValue {
    /// The GraphQL form of a direction.
    pub fn of(direction: Direction) -> Self {
        match direction {
            Direction::HigherIsBetter => DirectionValue::HigherIsBetter,
            Direction::LowerIsBetter => DirectionValue::LowerIsBetter,
        }
    }
}

/// Evidence queries.
#[derive(MergedObject, Default)]
pub struct EvidenceQuery(WhatWorksQuery, ScorecardQuery);

/// Evidence mutations.
#[derive(MergedObject, Default)]
pub struct EvidenceMutation(
    ScorecardMutation,
    AdoptionMutation,
    ReplicationMutation,
    FreshnessMutation,
);
