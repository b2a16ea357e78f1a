//! Practices: types, queries and mutations.

mod mutation;
mod query;
pub(crate) use query::load;
mod types;

pub use mutation::PracticeMutation;
pub use query::PracticeQuery;
pub use types::PracticeNode;
