//! Suspending and reinstating members. Network admins suspend anyone but themselves; agency
//! admins the members of their agency who hold no administrator role (`policy::can_suspend`).
//! A suspension ends the member's sessions and revokes their tokens in the same transaction
//! that records it, then every replica's credential cache forgets the member, so their next
//! request is refused wherever it lands. Erasing a member (the right to erasure) follows the
//! same rule of who may. Every action goes to the audit log.

use std::sync::Arc;

use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use plaza_domain::ValidationError;
use plaza_domain::ids::MemberId;
use plaza_domain::member::{Member, Suspension, suspension_reason};
use plaza_domain::policy::{Denial, can_suspend};
use plaza_storage::{AuditEntry, AuditTarget};

use crate::agency::MemberNode;
use crate::context::{self, CredentialEvents};
use crate::error::{ApiError, ApiResult};
use crate::ids::{NodeKind, decode_as};

/// A member to suspend.
#[derive(Debug, Clone, InputObject)]
pub struct SuspendMemberInput {
    /// The member's global id.
    pub member: ID,
    /// Why (1 to 500 characters), shown to the member and to administrators.
    pub reason: String,
    /// When the suspension ends by itself (within five years); empty to suspend until an
    /// administrator reinstates the member.
    pub until: Option<DateTime<Utc>>,
}

/// A member to erase.
#[derive(Debug, Clone, InputObject)]
pub struct EraseMemberInput {
    /// The member's global id.
    pub member: ID,
    /// Why (1 to 500 characters), kept in the audit log.
    pub reason: String,
}

/// A suspended member to reinstate.
#[derive(Debug, Clone, InputObject)]
pub struct ReinstateMemberInput {
    /// The member's global id.
    pub member: ID,
    /// Why (1 to 500 characters).
    pub reason: String,
}

/// Suspension mutations.
#[derive(Debug, Default)]
pub struct SuspensionMutation;

/// The member named by `id`, if the viewer (who must hold a write credential) may suspend or
/// reinstate them. A member the viewer may not act on is `FORBIDDEN` (members are listed to
/// every signed-in member, so their existence is no secret).
async fn target(ctx: &Context<'_>, id: &ID) -> ApiResult<Member> {
    let viewer = context::writer(ctx)?;
    let member_id: MemberId = decode_as(id, NodeKind::Member, "input.member")?;
    let not_found = || ApiError::Denied(Denial::NotFound);
    if member_id == viewer.id {
        return Err(ApiError::invalid(
            "input.member",
            "you cannot suspend, reinstate or erase yourself",
        ));
    }
    let (member, _) = context::store(ctx)?.member(member_id).await?.ok_or_else(not_found)?;
    if !can_suspend(viewer, &member) {
        return Err(ApiError::Denied(Denial::Forbidden));
    }
    Ok(member)
}

fn audit(ctx: &Context<'_>, member: &Member, action: &str, reason: String, at: DateTime<Utc>) -> ApiResult<AuditEntry> {
    Ok(AuditEntry {
        actor: context::writer(ctx)?.id,
        action: action.to_owned(),
        target: AuditTarget::Member(member.id),
        agency: member.agency,
        group: None,
        reason,
        at,
    })
}

/// Every replica's cached credentials of `member` are dropped (here at once, elsewhere through
/// the cluster's events).
fn forget(ctx: &Context<'_>, member: MemberId) {
    if let Ok(events) = ctx.data::<Arc<dyn CredentialEvents>>() {
        events.member_changed(member);
    }
}

/// The member as stored after the change.
async fn reloaded(ctx: &Context<'_>, member: MemberId) -> ApiResult<MemberNode> {
    let (member, _) = context::store(ctx)?
        .member(member)
        .await?
        .ok_or(ApiError::Denied(Denial::NotFound))?;
    Ok(MemberNode(member))
}

#[Object]
impl SuspensionMutation {
    /// Suspends a member (network admins; agency admins for their agency's non-admin members):
    /// their sessions end and their tokens are revoked at once, on every replica, and they
    /// cannot sign in until the suspension ends or they are reinstated. Audited.
    async fn suspend_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Who, why and until when.")] input: SuspendMemberInput,
    ) -> ApiResult<MemberNode> {
        let member = target(ctx, &input.member).await?;
        let now = Utc::now();
        let by = context::writer(ctx)?.id;
        let suspension = Suspension::new(&input.reason, input.until, by, now)
            .map_err(|error: ValidationError| ApiError::invalid_at("input", error))?;
        let entry = audit(ctx, &member, "suspend", suspension.reason.clone(), now)?;
        context::store(ctx)?
            .suspend_member(member.id, &suspension, &entry)
            .await?;
        forget(ctx, member.id);
        reloaded(ctx, member.id).await
    }

    /// Erases a member (the same administrators): what they wrote stays, under their agency,
    /// signed "former member"; their personal data leaves the database and the search index
    /// (see `Store::erase_member`), their sessions and tokens end at once on every replica,
    /// and the action is audited. Cannot be undone.
    async fn erase_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Who and why.")] input: EraseMemberInput,
    ) -> ApiResult<MemberNode> {
        let member = target(ctx, &input.member).await?;
        if member.erased_at.is_some() {
            return Err(ApiError::invalid("input.member", "the member is already erased"));
        }
        let reason = suspension_reason(&input.reason).map_err(|error| ApiError::invalid_at("input", error))?;
        let entry = audit(ctx, &member, "erase", reason, Utc::now())?;
        context::store(ctx)?.erase_member(member.id, &entry).await?;
        forget(ctx, member.id);
        crate::context::refresh_search(ctx).await;
        reloaded(ctx, member.id).await
    }

    /// Ends a member's suspension (the same administrators); their revoked tokens stay
    /// revoked. Audited.
    async fn reinstate_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Who and why.")] input: ReinstateMemberInput,
    ) -> ApiResult<MemberNode> {
        let member = target(ctx, &input.member).await?;
        let reason = suspension_reason(&input.reason).map_err(|error| ApiError::invalid_at("input", error))?;
        let now = Utc::now();
        if !member.is_suspended(now) {
            return Err(ApiError::invalid("input.member", "the member is not suspended"));
        }
        let entry = audit(ctx, &member, "reinstate", reason, now)?;
        context::store(ctx)?.reinstate_member(member.id, &entry).await?;
        forget(ctx, member.id);
        reloaded(ctx, member.id).await
    }
}
