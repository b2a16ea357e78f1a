//! Groups: communities of practice across agencies. Joining follows the group's policy (open,
//! request and approve, invite only); owners and moderators approve and invite. A membership
//! change takes effect on the member's very next request (cached credentials are dropped).

use std::sync::Arc;

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use plaza_domain::group::{Group, GroupInput, GroupRole, JoinPolicy, Membership, MembershipStatus, can_see_group};
use plaza_domain::ids::{GroupId, MemberId};
use plaza_domain::policy::Denial;
use plaza_domain::text::Email;

use crate::agency::MemberNode;
use crate::context;
use crate::context::CredentialEvents;
use crate::error::{ApiError, ApiResult};
use crate::ids::{NodeKind, decode_as, encode};

/// Most groups listed at once.
const GROUPS_MAX: usize = 200;
/// Most memberships listed at once.
const MEMBERS_MAX: usize = 500;

/// A group as the API shows it.
#[derive(Debug, Clone)]
pub struct GroupNode(pub Group);

/// A membership as the API shows it.
#[derive(Debug, Clone, SimpleObject)]
pub struct GroupMembership {
    /// `owner`, `moderator` or `member`.
    pub role: String,
    /// `active`, `requested` or `invited`.
    pub status: String,
    /// The member.
    pub member: MemberNode,
}

fn membership_of(membership: &Membership, member: MemberNode) -> GroupMembership {
    GroupMembership {
        role: membership.role.code().to_owned(),
        status: membership.status.code().to_owned(),
        member,
    }
}

/// The viewer's membership of a group, if signed in.
async fn viewer_membership(ctx: &Context<'_>, group: GroupId) -> ApiResult<Option<Membership>> {
    match context::viewer(ctx).member() {
        Some(member) => Ok(context::store(ctx)?.membership(group, member.id).await?),
        None => Ok(None),
    }
}

/// A community of practice spanning agencies. Its content is readable by its members only.
#[Object(name = "Group")]
impl GroupNode {
    /// Global id (use it as `groupId` for group visibility).
    pub async fn id(&self) -> ID {
        encode(NodeKind::Group, &self.0.id.as_string())
    }

    /// Short name for URLs.
    async fn slug(&self) -> &str {
        self.0.slug.as_str()
    }

    /// Display name.
    async fn name(&self) -> &str {
        self.0.name.as_str()
    }

    /// What it is about.
    async fn description(&self) -> &str {
        self.0.description.as_str()
    }

    /// How members join: `open`, `request` or `invite`.
    async fn join_policy(&self) -> &str {
        self.0.join_policy.code()
    }

    /// Who sees that the group exists: `public`, `network` or `members`.
    async fn listing(&self) -> &str {
        self.0.listing.code()
    }

    /// Active members.
    async fn member_count(&self, ctx: &Context<'_>) -> ApiResult<u64> {
        Ok(context::store(ctx)?.group_size(self.0.id).await?)
    }

    /// The viewer's membership (role and status), if any.
    async fn viewer_membership(&self, ctx: &Context<'_>) -> ApiResult<Option<GroupMembership>> {
        let Some(membership) = viewer_membership(ctx, self.0.id).await? else {
            return Ok(None);
        };
        let Some(member) = context::member(ctx, membership.member).await? else {
            return Ok(None);
        };
        Ok(Some(membership_of(&membership, MemberNode(member))))
    }

    /// Memberships: active ones for members; requests and invitations too for those who run
    /// the group. Empty for non-members.
    async fn members(&self, ctx: &Context<'_>) -> ApiResult<Vec<GroupMembership>> {
        let Some(mine) = viewer_membership(ctx, self.0.id).await? else {
            return Ok(Vec::new());
        };
        if mine.status != MembershipStatus::Active {
            return Ok(Vec::new());
        }
        let all = context::store(ctx)?.group_members(self.0.id, MEMBERS_MAX).await?;
        Ok(all
            .into_iter()
            .filter(|(membership, _)| mine.runs_group() || membership.status == MembershipStatus::Active)
            .map(|(membership, member)| membership_of(&membership, MemberNode(member)))
            .collect())
    }
}

/// Loads a group the viewer may see.
pub(crate) async fn load(ctx: &Context<'_>, id: GroupId) -> ApiResult<Option<GroupNode>> {
    let Some(group) = context::store(ctx)?.group(id).await? else {
        return Ok(None);
    };
    let membership = viewer_membership(ctx, id).await?;
    let signed_in = context::viewer(ctx).member().is_some();
    Ok(can_see_group(signed_in, group.listing, membership.as_ref()).then_some(GroupNode(group)))
}

/// A group to create.
#[derive(Debug, Clone, InputObject)]
pub struct CreateGroupInput {
    /// Short name for URLs (`cm-locales`).
    pub slug: String,
    /// Display name.
    pub name: String,
    /// What it is about.
    pub description: Option<String>,
    /// `open`, `request` (default) or `invite`.
    pub join_policy: Option<String>,
    /// `public`, `network` (default) or `members`.
    pub listing: Option<String>,
}

/// Group queries.
#[derive(Debug, Default)]
pub struct GroupQuery;

#[Object]
impl GroupQuery {
    /// A group by slug; null if it does not exist or is not listed to the viewer.
    async fn group(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The group's slug.")] slug: String,
    ) -> ApiResult<Option<GroupNode>> {
        match context::store(ctx)?.group_by_slug(&slug).await? {
            Some(group) => load(ctx, group.id).await,
            None => Ok(None),
        }
    }

    /// Groups listed to the viewer, by name.
    async fn groups(&self, ctx: &Context<'_>) -> ApiResult<Vec<GroupNode>> {
        let member = context::viewer(ctx).member().map(|member| member.id);
        let groups = context::store(ctx)?.visible_groups(member, GROUPS_MAX).await?;
        Ok(groups.into_iter().map(GroupNode).collect())
    }
}

/// Group mutations.
#[derive(Debug, Default)]
pub struct GroupMutation;

/// The group, if the viewer may see it (otherwise it does not exist for them).
async fn visible_group(ctx: &Context<'_>, id: &ID, field: &str) -> ApiResult<Group> {
    let id: GroupId = decode_as(id, NodeKind::Group, field)?;
    load(ctx, id)
        .await?
        .map(|node| node.0)
        .ok_or(ApiError::Denied(Denial::NotFound))
}

/// The viewer's membership, which must let them run the group.
async fn require_runs(ctx: &Context<'_>, group: GroupId, viewer: MemberId) -> ApiResult<()> {
    let membership = context::store(ctx)?.membership(group, viewer).await?;
    if membership.is_some_and(|membership| membership.runs_group()) {
        Ok(())
    } else {
        Err(ApiError::Denied(Denial::Forbidden))
    }
}

fn membership_changed(ctx: &Context<'_>, member: MemberId) {
    if let Ok(events) = ctx.data::<Arc<dyn CredentialEvents>>() {
        events.member_changed(member);
    }
}

async fn answer(ctx: &Context<'_>, membership: Membership) -> ApiResult<GroupMembership> {
    let member = context::store(ctx)?
        .member(membership.member)
        .await?
        .map(|(member, _)| member)
        .ok_or(ApiError::Denied(Denial::NotFound))?;
    Ok(membership_of(&membership, MemberNode(member)))
}

#[Object]
impl GroupMutation {
    /// Creates a group; the creator becomes its owner.
    async fn create_group(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new group.")] input: CreateGroupInput,
    ) -> ApiResult<GroupNode> {
        let member = context::writer(ctx)?;
        let group = GroupInput {
            slug: input.slug,
            name: input.name,
            description: input.description,
            join_policy: input.join_policy,
            listing: input.listing,
        }
        .validate(member.id)
        .map_err(|error| ApiError::invalid_at("input", error))?;
        context::store(ctx)?.create_group(&group).await?;
        membership_changed(ctx, member.id);
        Ok(GroupNode(group))
    }

    /// Joins a group: at once if it is open or the viewer was invited; as a request waiting
    /// for approval if it asks for one; refused if it is invite-only.
    async fn join_group(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The group's global id.")] group: ID,
    ) -> ApiResult<GroupMembership> {
        let member = context::writer(ctx)?.id;
        let group = visible_group(ctx, &group, "group").await?;
        let store = context::store(ctx)?;
        let existing = store.membership(group.id, member).await?;
        let status = match (existing.map(|m| m.status), group.join_policy) {
            (Some(MembershipStatus::Active), _) => MembershipStatus::Active,
            (Some(MembershipStatus::Invited), _) | (None | Some(MembershipStatus::Requested), JoinPolicy::Open) => {
                MembershipStatus::Active
            }
            (None | Some(MembershipStatus::Requested), JoinPolicy::Request) => MembershipStatus::Requested,
            (None | Some(MembershipStatus::Requested), JoinPolicy::Invite) => {
                return Err(ApiError::Denied(Denial::Forbidden));
            }
        };
        let membership = Membership {
            group: group.id,
            member,
            role: existing.map_or(GroupRole::Member, |m| m.role),
            status,
        };
        store.set_membership(&membership).await?;
        membership_changed(ctx, member);
        answer(ctx, membership).await
    }

    /// Invites a member (by work e-mail) into a group (its owners and moderators).
    async fn invite_to_group(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The group's global id.")] group: ID,
        #[graphql(desc = "The invitee's work e-mail.")] email: String,
    ) -> ApiResult<GroupMembership> {
        let viewer = context::writer(ctx)?.id;
        let group = visible_group(ctx, &group, "group").await?;
        require_runs(ctx, group.id, viewer).await?;
        let email = Email::parse(&email).map_err(|e| ApiError::invalid_at("email", e))?;
        let store = context::store(ctx)?;
        let (invitee, _) = store
            .member_by_email(&email)
            .await?
            .ok_or_else(|| ApiError::invalid("email", "no member has this e-mail"))?;
        let existing = store.membership(group.id, invitee.id).await?;
        let status = match existing.map(|m| m.status) {
            Some(MembershipStatus::Active) => MembershipStatus::Active,
            // Inviting someone who asked to join lets them in.
            Some(MembershipStatus::Requested) => MembershipStatus::Active,
            Some(MembershipStatus::Invited) | None => MembershipStatus::Invited,
        };
        let membership = Membership {
            group: group.id,
            member: invitee.id,
            role: existing.map_or(GroupRole::Member, |m| m.role),
            status,
        };
        store.set_membership(&membership).await?;
        membership_changed(ctx, invitee.id);
        answer(ctx, membership).await
    }

    /// Approves a request to join (owners and moderators).
    async fn approve_group_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The group's global id.")] group: ID,
        #[graphql(desc = "The member's global id.")] member: ID,
    ) -> ApiResult<GroupMembership> {
        let viewer = context::writer(ctx)?.id;
        let group = visible_group(ctx, &group, "group").await?;
        require_runs(ctx, group.id, viewer).await?;
        let member: MemberId = decode_as(&member, NodeKind::Member, "member")?;
        let store = context::store(ctx)?;
        let Some(request) = store
            .membership(group.id, member)
            .await?
            .filter(|m| m.status == MembershipStatus::Requested)
        else {
            return Err(ApiError::invalid("member", "has not asked to join this group"));
        };
        let membership = Membership {
            status: MembershipStatus::Active,
            ..request
        };
        store.set_membership(&membership).await?;
        membership_changed(ctx, member);
        answer(ctx, membership).await
    }

    /// Leaves a group (or withdraws a request, or declines an invitation). The last owner
    /// cannot leave.
    async fn leave_group(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The group's global id.")] group: ID,
    ) -> ApiResult<bool> {
        let member = context::writer(ctx)?.id;
        let group = visible_group(ctx, &group, "group").await?;
        let store = context::store(ctx)?;
        let Some(mine) = store.membership(group.id, member).await? else {
            return Ok(false);
        };
        if mine.role == GroupRole::Owner && mine.status == MembershipStatus::Active {
            let owners = store
                .group_members(group.id, MEMBERS_MAX)
                .await?
                .into_iter()
                .filter(|(m, _)| m.role == GroupRole::Owner && m.status == MembershipStatus::Active)
                .count();
            if owners <= 1 {
                return Err(ApiError::invalid("group", "the last owner cannot leave the group"));
            }
        }
        store.remove_membership(group.id, member).await?;
        membership_changed(ctx, member);
        Ok(true)
    }
}
