//! The notification use cases (`plaza_app::notify`) as resolvers call them: the store and the
//! live buses taken from the schema's data.

use async_graphql::Context;
use plaza_app::notify::{About, send};
use plaza_app::{NotificationBus, PublishedBus};
use plaza_domain::content::Audience;
use plaza_domain::ids::{DiscussionId, MemberId, ReplyId};
use plaza_domain::item::{ItemRef, Taxon};
use plaza_domain::notification::NotificationKind;

use crate::context;
use crate::error::ApiResult;

pub(crate) use plaza_app::notify::taxa as codes;

/// Tells those who follow an item's authors, agency, group or taxonomy codes that it was
/// published, each only if they may read it, and announces it to live widgets.
pub(crate) async fn notify_followers_of_item(
    ctx: &Context<'_>,
    actor: MemberId,
    item: ItemRef,
    audience: &Audience,
    taxonomy: &[Taxon],
) -> ApiResult<()> {
    let buses = (ctx.data::<NotificationBus>().ok(), ctx.data::<PublishedBus>().ok());
    plaza_app::notify::item_published(context::store(ctx)?, buses, actor, item, audience, taxonomy).await?;
    Ok(())
}

/// Notifies `recipient` of `kind` by `actor` in a thread with `audience`, unless the recipient is
/// the actor or may not read the thread.
pub(crate) async fn notify(
    ctx: &Context<'_>,
    recipient: MemberId,
    kind: NotificationKind,
    actor: MemberId,
    discussion: (DiscussionId, &Audience),
    reply: Option<ReplyId>,
) -> ApiResult<()> {
    if recipient == actor {
        return Ok(());
    }
    let about = About::Thread {
        discussion: discussion.0,
        audience: discussion.1,
        reply,
    };
    let bus = ctx.data::<NotificationBus>().ok();
    send(context::store(ctx)?, bus, recipient, kind, actor, about).await?;
    Ok(())
}
