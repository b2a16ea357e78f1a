//! Case studies: types, queries and mutations.

mod mutation;
mod query;
pub(crate) use query::load;
mod types;

pub use mutation::CaseStudyMutation;
pub use query::CaseStudyQuery;
pub use types::CaseStudyNode;
