//! Guidelines and their versions: types, queries and mutations.

mod mutation;
mod query;
pub(crate) use query::load;
mod types;

pub use mutation::GuidelineMutation;
pub use query::GuidelineQuery;
pub use types::{GuidelineNode, GuidelineVersionNode};
