//! Discussion queries.

use async_graphql::{Context, ID, InputObject, Object};
use plaza_domain::discussion::Subject;
use plaza_domain::policy::ReadScope;
use plaza_storage::DiscussionFilter;

use super::types::{DiscussionKindValue, DiscussionNode, load};
use crate::connection::{connection, connection_complexity, page_request};
use crate::context;
use crate::error::{ApiError, ApiResult};
use crate::ids::{NodeKind, decode, decode_as, group_id};

connection!(DiscussionConnection, DiscussionEdge, DiscussionNode, "discussions");

/// Narrows a list of threads.
#[derive(Debug, Clone, Default, InputObject)]
pub struct DiscussionFilterInput {
    /// Only this group's threads (the group's global id).
    pub group_id: Option<ID>,
    /// Only the comments on this case study, practice or guideline (its global id).
    pub subject_id: Option<ID>,
    /// Only discussions or only questions.
    pub kind: Option<DiscussionKindValue>,
}

pub(super) fn subject_of(id: &ID, field: &str) -> ApiResult<Subject> {
    let (kind, key) = decode(id, field)?;
    let invalid = || ApiError::invalid(field, "is not the id of a case study, practice or guideline");
    match kind {
        NodeKind::CaseStudy => key.parse().map(Subject::CaseStudy).map_err(|_| invalid()),
        NodeKind::Practice => key.parse().map(Subject::Practice).map_err(|_| invalid()),
        NodeKind::Guideline => key.parse().map(Subject::Guideline).map_err(|_| invalid()),
        _ => Err(invalid()),
    }
}

/// Discussion queries.
#[derive(Debug, Default)]
pub struct DiscussionQuery;

#[Object]
impl DiscussionQuery {
    /// A discussion or question by global id; null if it does not exist or the viewer may not
    /// read it.
    async fn discussion(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global id.")] id: ID,
    ) -> ApiResult<Option<DiscussionNode>> {
        load(ctx, decode_as(&id, NodeKind::Discussion, "id")?).await
    }

    /// Threads the viewer may read, newest first.
    #[graphql(complexity = "connection_complexity(child_complexity, first)")]
    async fn discussions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Narrows the list.")] filter: Option<DiscussionFilterInput>,
        #[graphql(desc = "Page size, 0 to 100 (20 by default).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last item of the previous page.")] after: Option<String>,
    ) -> ApiResult<DiscussionConnection> {
        let filter = filter.unwrap_or_default();
        let parsed = DiscussionFilter {
            group: filter
                .group_id
                .as_ref()
                .map(|id| group_id(id, "filter.groupId"))
                .transpose()?,
            subject: filter
                .subject_id
                .as_ref()
                .map(|id| subject_of(id, "filter.subjectId"))
                .transpose()?,
            kind: filter.kind.map(DiscussionKindValue::domain),
        };
        let had_after = after.is_some();
        let page = page_request(first, after)?;
        let scope = ReadScope::of(context::viewer(ctx));
        let found = context::store(ctx)?.list_discussions(&scope, &parsed, &page).await?;
        Ok(DiscussionConnection::from_page(
            found,
            had_after,
            |discussion| plaza_storage::position(discussion.created_at, &discussion.id.as_string()),
            DiscussionNode,
        ))
    }
}
