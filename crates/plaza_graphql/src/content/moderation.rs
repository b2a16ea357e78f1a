//! Who moderates an item or a thread, and what moderation means for an item's own lifecycle
//! (its hidden reason; no publishing it again while hidden). The moderation actions themselves
//! are in `crate::moderation`.

use async_graphql::Context;
use plaza_domain::content::Audience;
use plaza_domain::item::ItemRef;
use plaza_domain::member::Role;
use plaza_domain::policy::MemberViewer;

use crate::context;
use crate::error::{ApiError, ApiResult};

/// Whether `member` moderates a thread or an item with `audience`.
pub(crate) async fn moderates(ctx: &Context<'_>, member: &MemberViewer, audience: &Audience) -> ApiResult<bool> {
    if member.has_role(Role::NetworkAdmin) {
        return Ok(true);
    }
    let agency_moderator = member.has_role(Role::Moderator) || member.has_role(Role::AgencyAdmin);
    if member.agency == audience.agency && agency_moderator {
        return Ok(true);
    }
    match audience.visibility.group() {
        Some(group) => Ok(context::store(ctx)?
            .membership(group, member.id)
            .await?
            .is_some_and(|membership| membership.runs_group())),
        None => Ok(false),
    }
}

/// Why moderators hid `item`, for those who manage or moderate it (`None` otherwise, or when it
/// is not hidden).
pub(crate) async fn hidden_reason(ctx: &Context<'_>, item: ItemRef, audience: &Audience) -> ApiResult<Option<String>> {
    let Some(member) = context::viewer(ctx).member() else {
        return Ok(None);
    };
    let manages =
        plaza_domain::policy::can_edit(context::viewer(ctx), audience).is_ok() || audience.authors.contains(&member.id);
    if !manages && !moderates(ctx, member, audience).await? {
        return Ok(None);
    }
    Ok(context::store(ctx)?.hidden_reason(item).await?)
}

/// Refuses to publish an item its moderators hid: the way back is `restorePost`, theirs to
/// decide (a moderator who also edits it restores it rather than publishing it).
pub(crate) async fn may_publish_again(ctx: &Context<'_>, item: ItemRef) -> ApiResult<()> {
    match context::store(ctx)?.hidden_reason(item).await? {
        None => Ok(()),
        Some(reason) => Err(ApiError::invalid(
            "id",
            format!("its moderators hid it ({reason}); ask them to restore it"),
        )),
    }
}
