//! Discussions and questions: network-wide, agency-internal, inside a group, or about a case
//! study, practice or guideline (its comments, with that item's audience). Replies thread one
//! level under a reply; a question's author accepts one answer. Bodies are markdown rendered to
//! sanitised HTML; `@work-email` mentions must name members.

mod mutation;
mod query;
mod types;

pub use mutation::DiscussionMutation;
pub use query::DiscussionQuery;
pub use types::DiscussionNode;
pub(crate) use types::load;
