//! The `viewer` query: who is asking; and the member's secret feed key, which their private feed
//! URLs carry (`/feed.atom?q=…&key=…`) so a feed reader sees what they may read.

use async_graphql::{Context, Object, SimpleObject};
use secrecy::ExposeSecret as _;

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
    /// The member's secret feed key, if they made one: private feed URLs carry it as
    /// `key=…` (`/feed.atom?q=…&key=…`, `/feed.rss?…`) and show what the member may read.
    /// Secret: whoever has it reads those feeds. `resetFeedKey` replaces it, `revokeFeedKey`
    /// ends it.
    pub feed_key: Option<String>,
}

/// The sealing context of a member's feed key: it opens for that member only.
fn feed_key_context(member: plaza_domain::ids::MemberId) -> String {
    format!("feed_key:{member}")
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
                feed_key: None,
            });
        };
        let store = context::store(ctx)?;
        let found = store.member(member.id).await?.map(|(member, _)| MemberNode(member));
        let agency = context::agency(ctx, member.agency).await?.map(AgencyNode);
        let feed_key = if ctx.look_ahead().field("feedKey").exists() {
            match store.sealed_feed_key(member.id).await? {
                Some(sealed) => context::seal_key(ctx)?
                    .open(&sealed, &feed_key_context(member.id))
                    .ok()
                    .map(|key| key.expose_secret().to_owned()),
                None => None,
            }
        } else {
            None
        };
        Ok(ViewerInfo {
            signed_in: true,
            member: found,
            agency,
            scope: Some(member.scope.code().to_owned()),
            feed_key,
        })
    }
}

/// Managing the viewer's secret feed key.
#[derive(Debug, Default)]
pub struct FeedKeyMutation;

#[Object]
impl FeedKeyMutation {
    /// Makes a new secret feed key for the viewer, replacing the old one (whose URLs stop
    /// working at once); the new key.
    async fn reset_feed_key(&self, ctx: &Context<'_>) -> ApiResult<String> {
        let member = context::writer(ctx)?;
        let issued = plaza_auth::issue_feed_key();
        let key = plaza_auth::reveal(&issued).to_owned();
        let sealed = context::seal_key(ctx)?.seal(&key, &feed_key_context(member.id));
        context::store(ctx)?
            .set_feed_key(member.id, &issued.hash, &sealed)
            .await?;
        Ok(key)
    }

    /// Ends the viewer's secret feed key: its URLs stop working. True whether or not there was one.
    async fn revoke_feed_key(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        let member = context::writer(ctx)?;
        context::store(ctx)?.delete_feed_key(member.id).await?;
        Ok(true)
    }
}
