//! Agency and member types.

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};
use plaza_domain::agency::Agency;
use plaza_domain::member::Role;
use plaza_domain::member::{Member, Suspension};
use plaza_domain::policy::{can_see_profile, can_suspend};

use crate::context;
use crate::error::ApiResult;
use crate::ids::{NodeKind, encode};
use crate::taxonomy::{IntoTaxon, Taxon};

/// An administration taking part in the network.
#[derive(Debug, Clone)]
pub struct AgencyNode(pub Agency);

/// An administration taking part in the network: a city council, a province, a region, a
/// ministry, a public agency.
#[Object(name = "Agency")]
impl AgencyNode {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(NodeKind::Agency, &self.0.id.as_string())
    }

    /// Stable short name, used in URLs and filters.
    async fn slug(&self) -> &str {
        self.0.slug.as_str()
    }

    /// Display name.
    async fn name(&self) -> &str {
        self.0.name.as_str()
    }

    /// Level of government.
    async fn level(&self) -> Taxon {
        self.0.level.taxon()
    }

    /// ISO 3166-1 country code.
    async fn country(&self) -> &str {
        self.0.country.as_str()
    }

    /// Region (autonomous community, province, state).
    async fn region(&self) -> Option<&str> {
        self.0.region.as_deref()
    }

    /// E-mail domains the agency has verified; its employees sign in with addresses there.
    async fn email_domains(&self) -> Vec<&str> {
        self.0.email_domains.iter().map(|domain| domain.as_str()).collect()
    }

    /// How its employees sign in: the agency's enabled identity providers.
    async fn login_providers(&self, ctx: &Context<'_>) -> ApiResult<Vec<super::login::LoginProvider>> {
        super::login::login_providers(ctx, self.0.id).await
    }

    /// Web origins allowed to embed Plaza's widgets (its agency admins and network admins only;
    /// null for everyone else).
    async fn allowed_origins(&self, ctx: &Context<'_>) -> ApiResult<Option<Vec<String>>> {
        if plaza_domain::policy::can_manage_agency(crate::context::viewer(ctx), self.0.id).is_err() {
            return Ok(None);
        }
        Ok(Some(crate::context::store(ctx)?.allowed_origins(self.0.id).await?))
    }
}

/// A member of the network.
#[derive(Debug, Clone)]
pub struct MemberNode(pub Member);

/// An employee of an agency. The e-mail address is shown only to the member themself.
#[Object(name = "Member")]
impl MemberNode {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(NodeKind::Member, &self.0.id.as_string())
    }

    /// Display name.
    async fn name(&self) -> &str {
        self.0.name.as_str()
    }

    /// Work e-mail; null unless the viewer is this member.
    async fn email(&self, ctx: &Context<'_>) -> Option<&str> {
        let is_self = context::viewer(ctx)
            .member()
            .is_some_and(|viewer| viewer.id == self.0.id);
        is_self.then(|| self.0.email.as_str())
    }

    /// Roles (`member`, `editor`, `moderator`, `agency_admin`, `network_admin`); empty for
    /// anonymous viewers, who see authors' names only.
    async fn roles(&self, ctx: &Context<'_>) -> Vec<&str> {
        if context::viewer(ctx).member().is_none() {
            return Vec::new();
        }
        self.0.roles.iter().map(|role: &Role| role.code()).collect()
    }

    /// The agency the member belongs to.
    async fn agency(&self, ctx: &Context<'_>) -> ApiResult<Option<AgencyNode>> {
        Ok(context::agency(ctx, self.0.agency).await?.map(AgencyNode))
    }

    /// The suspension in force, shown to the member and to the administrators who may lift it;
    /// null otherwise.
    async fn suspension(&self, ctx: &Context<'_>) -> Option<SuspensionNode> {
        let viewer = context::viewer(ctx).member()?;
        let may_see = viewer.id == self.0.id || can_suspend(viewer, &self.0);
        let suspension = self.0.suspension.as_ref().filter(|s| s.in_force(Utc::now()))?;
        may_see.then(|| SuspensionNode(suspension.clone()))
    }

    /// What they say of themself; null when their profile is not visible to the viewer
    /// (hidden profiles, network profiles to anonymous viewers) and for an erased member.
    async fn profile(&self, ctx: &Context<'_>) -> Option<super::profile::ProfileNode> {
        let viewer = context::viewer(ctx);
        let is_self = viewer.member().is_some_and(|v| v.id == self.0.id);
        let shown = self.0.erased_at.is_none() && can_see_profile(viewer, &self.0);
        shown.then(|| super::profile::ProfileNode {
            profile: self.0.profile.clone(),
            is_self,
        })
    }

    /// Whether the viewer may edit this profile (their own, with a credential that writes).
    async fn can_edit_profile(&self, ctx: &Context<'_>) -> bool {
        context::viewer(ctx)
            .member()
            .is_some_and(|v| v.id == self.0.id && v.scope >= plaza_domain::policy::Scope::Write)
    }

    /// Whether an administrator erased the member: only this tombstone is left (its name is
    /// a placeholder interfaces show as "former member" in their language).
    async fn erased(&self) -> bool {
        self.0.erased_at.is_some()
    }

    /// Whether the viewer may suspend or reinstate this member.
    async fn can_suspend(&self, ctx: &Context<'_>) -> bool {
        context::viewer(ctx)
            .member()
            .is_some_and(|viewer| can_suspend(viewer, &self.0))
    }
}

/// A suspension in force.
#[derive(Debug, Clone)]
pub struct SuspensionNode(pub Suspension);

/// A member's suspension: while it is in force they cannot sign in and none of their
/// sessions or tokens works.
#[Object(name = "Suspension")]
impl SuspensionNode {
    /// When it started.
    async fn since(&self) -> DateTime<Utc> {
        self.0.since
    }

    /// When it ends by itself; null until an administrator reinstates the member.
    async fn until(&self) -> Option<DateTime<Utc>> {
        self.0.until
    }

    /// Why.
    async fn reason(&self) -> &str {
        &self.0.reason
    }

    /// Who suspended the member.
    async fn suspended_by(&self, ctx: &Context<'_>) -> ApiResult<Option<MemberNode>> {
        Ok(context::member(ctx, self.0.by).await?.map(MemberNode))
    }
}
