//! Guidelines and their versions: types, queries and mutations.

mod adoption;
mod mutation;
mod query;
pub(crate) use query::load;
mod types;

pub use adoption::{
    AdoptionMutation, AdoptionNode, GuidelineDiff, GuidelineLineage, GuidelineUpdate, adoptions, fork_origin,
    notify_adopters, version_diff,
};
pub use mutation::GuidelineMutation;
pub use query::GuidelineQuery;
pub use types::{GuidelineNode, GuidelineVersionNode};
