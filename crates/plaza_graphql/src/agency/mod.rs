//! Agencies and members (with their profiles), and how an agency's employees sign in.

mod login;
mod profile;
mod query;
mod types;

pub use login::login_url;
pub use query::AgencyQuery;
pub use types::{AgencyNode, MemberNode};
