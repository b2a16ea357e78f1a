//! Evidence of public value: "what works" aggregates and platform scorecards with threat
//! self-assessments. Replications live with case studies, adoption with guidelines and review
//! dates with the content they date; their mutations are merged here.
//!
//! Every aggregate is computed from what the viewer may read, after the read filter: a case,
//! rating or assessment outside the viewer's audience never contributes to a number they see.

mod scorecard;
mod what_works;

use async_graphql::MergedObject;

use crate::case_study::ReplicationMutation;
use crate::content::FreshnessMutation;
use crate::guideline::AdoptionMutation;

pub use scorecard::{ScorecardMutation, ScorecardQuery};
pub use what_works::WhatWorksQuery;

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
