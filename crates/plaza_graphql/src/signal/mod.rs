//! Signals: endorsements ("útil", counted on the item), bookmarks and follows (private to the
//! member). A signal is given only to what the viewer may read, and lists of bookmarks and
//! follows show only what the viewer may still read.

use async_graphql::{Context, ID, Object, SimpleObject};
use plaza_domain::item::{FollowTarget, ItemRef, SignalKind, Taxon};
use plaza_domain::policy::Denial;

use crate::context;
use crate::error::{ApiError, ApiResult};
use crate::ids::{NodeKind, decode, decode_item, encode, encode_item};
use crate::node::{Node, resolve};

/// Most bookmarks or follows listed.
const LIST_MAX: usize = 200;

/// A case study, practice, guideline, discussion or reply the viewer may read.
pub(crate) async fn readable_item(ctx: &Context<'_>, id: &ID, field: &str) -> ApiResult<ItemRef> {
    let item = decode_item(id, field)?;
    if let ItemRef::Reply(reply_id) = item {
        let reply = context::store(ctx)?
            .reply(reply_id)
            .await?
            .filter(|reply| reply.hidden_reason.is_none())
            .ok_or(ApiError::Denied(Denial::NotFound))?;
        crate::discussion::load(ctx, reply.discussion)
            .await?
            .ok_or(ApiError::Denied(Denial::NotFound))?;
        return Ok(item);
    }
    resolve(ctx, id).await?.ok_or(ApiError::Denied(Denial::NotFound))?;
    Ok(item)
}

/// A followable target: a member, agency, group or item (by global id), or a taxonomy code.
async fn follow_target(ctx: &Context<'_>, target_id: Option<&ID>, taxonomy: Option<&str>) -> ApiResult<FollowTarget> {
    match (target_id, taxonomy) {
        (Some(id), None) => {
            let (kind, key) = decode(id, "targetId")?;
            let invalid = || ApiError::invalid("targetId", "is not a valid id");
            let target = match kind {
                NodeKind::Member => FollowTarget::Member(key.parse().map_err(|_| invalid())?),
                NodeKind::Agency => FollowTarget::Agency(key.parse().map_err(|_| invalid())?),
                NodeKind::Group => FollowTarget::Group(key.parse().map_err(|_| invalid())?),
                _ => return Ok(FollowTarget::Item(readable_item(ctx, id, "targetId").await?)),
            };
            resolve(ctx, id).await?.ok_or(ApiError::Denied(Denial::NotFound))?;
            Ok(target)
        }
        (None, Some(code)) => Ok(FollowTarget::Taxonomy(Taxon::parse(code).map_err(ApiError::Invalid)?)),
        _ => Err(ApiError::invalid(
            "targetId",
            "give exactly one of targetId and taxonomy",
        )),
    }
}

/// Something the viewer follows.
#[derive(Debug, Clone, SimpleObject)]
pub struct Followed {
    /// The followed member, agency, group or item's global id.
    pub target_id: Option<ID>,
    /// The followed taxonomy code (`platform:tiktok`).
    pub taxonomy: Option<String>,
}

fn global_id(target: FollowTarget) -> Option<ID> {
    match target {
        FollowTarget::Member(id) => Some(encode(NodeKind::Member, &id.as_string())),
        FollowTarget::Agency(id) => Some(encode(NodeKind::Agency, &id.as_string())),
        FollowTarget::Group(id) => Some(encode(NodeKind::Group, &id.as_string())),
        FollowTarget::Item(item) => Some(encode_item(item)),
        FollowTarget::Taxonomy(_) => None,
    }
}

/// Signal queries.
#[derive(Debug, Default)]
pub struct SignalQuery;

#[Object]
impl SignalQuery {
    /// The viewer's bookmarks that they may still read, newest first.
    async fn bookmarks(&self, ctx: &Context<'_>) -> ApiResult<Vec<Node>> {
        let member = context::viewer(ctx)
            .member()
            .ok_or(ApiError::Denied(Denial::Unauthenticated))?;
        let mut out = Vec::new();
        for (target, _) in context::store(ctx)?
            .signals_of(SignalKind::Bookmark, member.id, LIST_MAX)
            .await?
        {
            if let Some(id) = global_id(target)
                && let Some(node) = resolve(ctx, &id).await?
            {
                out.push(node);
            }
        }
        Ok(out)
    }

    /// What the viewer follows (what they may no longer see is left out).
    async fn follows(&self, ctx: &Context<'_>) -> ApiResult<Vec<Followed>> {
        let member = context::viewer(ctx)
            .member()
            .ok_or(ApiError::Denied(Denial::Unauthenticated))?;
        let mut out = Vec::new();
        for (target, _) in context::store(ctx)?
            .signals_of(SignalKind::Follow, member.id, LIST_MAX)
            .await?
        {
            if let FollowTarget::Taxonomy(taxon) = target {
                out.push(Followed {
                    target_id: None,
                    taxonomy: Some(taxon.to_string()),
                });
            } else if let Some(id) = global_id(target)
                && resolve(ctx, &id).await?.is_some()
            {
                out.push(Followed {
                    target_id: Some(id),
                    taxonomy: None,
                });
            }
        }
        Ok(out)
    }
}

/// Signal mutations.
#[derive(Debug, Default)]
pub struct SignalMutation;

/// Gives or takes back the viewer's endorsement of a readable item; returns the new count.
async fn set_endorsement(ctx: &Context<'_>, target_id: &ID, give: bool) -> ApiResult<u64> {
    let member = context::writer(ctx)?.id;
    let target = FollowTarget::Item(readable_item(ctx, target_id, "targetId").await?);
    let store = context::store(ctx)?;
    if give {
        store.give_signal(SignalKind::Endorse, member, &target).await?;
    } else {
        store.take_signal(SignalKind::Endorse, member, &target).await?;
    }
    Ok(store.signal_count(SignalKind::Endorse, &target).await?)
}

#[Object]
impl SignalMutation {
    /// Marks an item the viewer can read as useful ("útil"); returns its endorsement count.
    async fn endorse(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A case study, practice, guideline, discussion or reply.")] target_id: ID,
    ) -> ApiResult<u64> {
        set_endorsement(ctx, &target_id, true).await
    }

    /// Takes an endorsement back; returns the count.
    async fn withdraw_endorsement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A case study, practice, guideline, discussion or reply.")] target_id: ID,
    ) -> ApiResult<u64> {
        set_endorsement(ctx, &target_id, false).await
    }

    /// Bookmarks an item the viewer can read.
    async fn bookmark(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A case study, practice, guideline or discussion.")] target_id: ID,
    ) -> ApiResult<bool> {
        let member = context::writer(ctx)?.id;
        let target = FollowTarget::Item(readable_item(ctx, &target_id, "targetId").await?);
        context::store(ctx)?
            .give_signal(SignalKind::Bookmark, member, &target)
            .await?;
        Ok(true)
    }

    /// Removes a bookmark.
    async fn remove_bookmark(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The bookmarked item.")] target_id: ID,
    ) -> ApiResult<bool> {
        let member = context::writer(ctx)?.id;
        let item = decode_item(&target_id, "targetId")?;
        context::store(ctx)?
            .take_signal(SignalKind::Bookmark, member, &FollowTarget::Item(item))
            .await?;
        Ok(true)
    }

    /// Follows a member, agency, group or item (`targetId`), or a taxonomy code (`taxonomy`,
    /// such as `platform:tiktok`).
    async fn follow(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A member, agency, group or item.")] target_id: Option<ID>,
        #[graphql(desc = "A taxonomy code, `dimension:code`.")] taxonomy: Option<String>,
    ) -> ApiResult<bool> {
        set_follow(ctx, target_id, taxonomy, true).await
    }

    /// Stops following.
    async fn unfollow(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A member, agency, group or item.")] target_id: Option<ID>,
        #[graphql(desc = "A taxonomy code, `dimension:code`.")] taxonomy: Option<String>,
    ) -> ApiResult<bool> {
        set_follow(ctx, target_id, taxonomy, false).await
    }
}

/// Starts (`on`) or stops following a target.
async fn set_follow(ctx: &Context<'_>, target_id: Option<ID>, taxonomy: Option<String>, on: bool) -> ApiResult<bool> {
    let member = context::writer(ctx)?.id;
    let target = follow_target(ctx, target_id.as_ref(), taxonomy.as_deref()).await?;
    let store = context::store(ctx)?;
    if on {
        store.give_signal(SignalKind::Follow, member, &target).await?;
    } else {
        store.take_signal(SignalKind::Follow, member, &target).await?;
    }
    Ok(true)
}
