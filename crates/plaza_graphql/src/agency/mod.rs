//! Agencies and members.

mod query;
mod types;

pub use query::AgencyQuery;
pub use types::{AgencyNode, MemberNode};
