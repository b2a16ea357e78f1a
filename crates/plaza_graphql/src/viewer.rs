//! The `viewer` query: who is asking.

use async_graphql::{Context, Object, SimpleObject};

use crate::agency::{AgencyNode, MemberNode};
use crate::context;
use crate::error::ApiResult;

/// Who is asking, and with what credential.
#[derive(Debug, Clone, SimpleObject)]
pub struct ViewerInfo {
    /// Whether a member is signed in (or a token is in use).
    pub signed_in: bool,
    /// The signed-in member.
    pub member: Option<MemberNode>,
    /// Their agency.
    pub agency: Option<AgencyNode>,
    /// What the credential allows: `read` or `write`; null when anonymous.
    pub scope: Option<String>,
}

/// The `viewer` query.
#[derive(Debug, Default)]
pub struct ViewerQuery;

#[Object]
impl ViewerQuery {
    /// Who is asking. Anonymous viewers see public content only.
    async fn viewer(&self, ctx: &Context<'_>) -> ApiResult<ViewerInfo> {
        let Some(member) = context::viewer(ctx).member() else {
            return Ok(ViewerInfo {
                signed_in: false,
                member: None,
                agency: None,
                scope: None,
            });
        };
        let store = context::store(ctx)?;
        let found = store.member(member.id).await?.map(|(member, _)| MemberNode(member));
        let agency = context::agency(ctx, member.agency).await?.map(AgencyNode);
        Ok(ViewerInfo {
            signed_in: true,
            member: found,
            agency,
            scope: Some(member.scope.code().to_owned()),
        })
    }
}
