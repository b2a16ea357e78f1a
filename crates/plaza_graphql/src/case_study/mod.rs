//! Case studies: types, queries and mutations.

mod mutation;
mod query;
mod replication;
pub(crate) use query::load;
mod types;

pub use mutation::CaseStudyMutation;
pub use query::CaseStudyQuery;
pub(crate) use replication::load_cases;
pub use replication::{Replication, ReplicationMutation, replicated, replications};
pub use types::CaseStudyNode;
