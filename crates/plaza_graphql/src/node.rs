//! The Relay `Node` interface and the `node`/`nodes` queries.

use async_graphql::{Context, ID, Interface, Object};
use plaza_domain::ids::{AgencyId, CaseStudyId, GuidelineId, GuidelineVersionId, MemberId, PracticeId};

use crate::agency::{AgencyNode, MemberNode};
use crate::case_study::CaseStudyNode;
use crate::context;
use crate::error::{ApiError, ApiResult};
use crate::guideline::{GuidelineNode, GuidelineVersionNode};
use crate::ids::{NodeKind, decode};
use crate::practice::PracticeNode;
use plaza_domain::profile::ProfileVisibility;

/// Most ids one `nodes` call may ask for.
const MAX_NODES: usize = 100;

/// Anything with a global id.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID", desc = "Global, opaque id."))]
#[allow(clippy::large_enum_variant)]
pub enum Node {
    /// An agency.
    Agency(AgencyNode),
    /// A member.
    Member(MemberNode),
    /// A case study.
    CaseStudy(CaseStudyNode),
    /// A practice.
    Practice(PracticeNode),
    /// A guideline.
    Guideline(GuidelineNode),
    /// A guideline version.
    GuidelineVersion(GuidelineVersionNode),
    /// A discussion or question.
    Discussion(crate::discussion::DiscussionNode),
    /// A group.
    Group(crate::group::GroupNode),
}

fn parse_key<T: std::str::FromStr>(key: &str) -> ApiResult<T> {
    key.parse::<T>()
        .map_err(|_| ApiError::invalid("id", "is not a valid id"))
}

/// Resolves a global id to a node the viewer may read.
pub(crate) async fn resolve(ctx: &Context<'_>, id: &ID) -> ApiResult<Option<Node>> {
    let (kind, key) = decode(id, "id")?;
    let store = context::store(ctx)?;
    let viewer = context::viewer(ctx);
    Ok(match kind {
        NodeKind::Agency => store
            .agency(parse_key::<AgencyId>(&key)?)
            .await?
            .map(|a| Node::Agency(AgencyNode(a))),
        NodeKind::Member => {
            // Signed-in members see every member (authors' names show beside their content);
            // anonymous viewers only those whose profile is public.
            store
                .member(parse_key::<MemberId>(&key)?)
                .await?
                .filter(|(m, _)| viewer.member().is_some() || m.profile.visibility == ProfileVisibility::Public)
                .map(|(m, _)| Node::Member(MemberNode(m)))
        }
        NodeKind::CaseStudy => crate::case_study::load(ctx, parse_key::<CaseStudyId>(&key)?)
            .await?
            .map(Node::CaseStudy),
        NodeKind::Practice => crate::practice::load(ctx, parse_key::<PracticeId>(&key)?)
            .await?
            .map(Node::Practice),
        NodeKind::Guideline => crate::guideline::load(ctx, parse_key::<GuidelineId>(&key)?)
            .await?
            .map(Node::Guideline),
        NodeKind::GuidelineVersion => {
            let version_id: GuidelineVersionId = parse_key(&key)?;
            let Some(version) = store.guideline_version_by_id(version_id).await? else {
                return Ok(None);
            };
            // A version is readable exactly when its guideline is.
            crate::guideline::load(ctx, version.guideline)
                .await?
                .map(|_| Node::GuidelineVersion(GuidelineVersionNode(version)))
        }
        // Identity providers are settings, read through `identityProviders` by admins.
        NodeKind::Discussion => crate::discussion::load(ctx, parse_key(&key)?)
            .await?
            .map(Node::Discussion),
        NodeKind::Group => crate::group::load(ctx, parse_key(&key)?).await?.map(Node::Group),
        // Settings, replies, ratings and assessments are reached through their owners.
        NodeKind::IdentityProvider
        | NodeKind::ApiToken
        | NodeKind::Reply
        | NodeKind::Notification
        | NodeKind::PlatformRating
        | NodeKind::ThreatAssessment
        | NodeKind::Webhook
        | NodeKind::WebhookDelivery => None,
    })
}

/// The `node` and `nodes` queries.
#[derive(Debug, Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Anything by global id; null if it does not exist or the viewer may not read it.
    async fn node(&self, ctx: &Context<'_>, #[graphql(desc = "Global id.")] id: ID) -> ApiResult<Option<Node>> {
        resolve(ctx, &id).await
    }

    /// Several things by global id, in order; null where one does not exist or is not readable.
    #[graphql(complexity = "ids.len().saturating_mul(child_complexity)")]
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global ids, at most 100.")] ids: Vec<ID>,
    ) -> ApiResult<Vec<Option<Node>>> {
        if ids.len() > MAX_NODES {
            return Err(ApiError::invalid("ids", format!("at most {MAX_NODES} ids")));
        }
        let mut found = Vec::with_capacity(ids.len());
        for id in &ids {
            found.push(resolve(ctx, id).await?);
        }
        Ok(found)
    }
}
