//! Guideline adoption: an agency adopts a version or forks it with local amendments; the
//! registry lists who took up what; adopters and forkers hear of new versions with a diff.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::Utc;
use plaza_domain::content::PublicationStatus;
use plaza_domain::guideline::{
    Adoption, AdoptionKind, Guideline, GuidelineInput, LineChange, VersionDiff, diff_versions, validate_version,
};
use plaza_domain::ids::{AdoptionId, GuidelineId, MemberId};
use plaza_domain::policy::{self, Denial, can_read};

use crate::agency::AgencyNode;
use crate::content::VisibilityValue;
use crate::context;
use crate::error::{ApiError, ApiResult};
use crate::guideline::GuidelineNode;
use crate::ids::{NodeKind, decode_as};
use crate::scalars::DateTime;

/// What happened to a line between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum LineChangeValue {
    /// Unchanged context.
    Context,
    /// Only in the newer version.
    Added,
    /// Only in the older version.
    Removed,
}

/// One line of a diff.
#[derive(Debug, Clone, SimpleObject)]
pub struct DiffLineNode {
    /// What happened to it.
    pub change: LineChangeValue,
    /// Its number in the older version.
    pub old_number: Option<u32>,
    /// Its number in the newer version.
    pub new_number: Option<u32>,
    /// The text.
    pub text: String,
}

/// A run of changed lines with up to three lines of context.
#[derive(Debug, Clone, SimpleObject)]
pub struct DiffHunk {
    /// The lines, in order.
    pub lines: Vec<DiffLineNode>,
}

/// The changes between two versions of a guideline.
#[derive(Debug, Clone, SimpleObject)]
pub struct GuidelineDiff {
    /// The older version's number.
    pub from_version: u32,
    /// The newer version's number.
    pub to_version: u32,
    /// Lines added.
    pub added: usize,
    /// Lines removed.
    pub removed: usize,
    /// The hunks, in text order.
    pub hunks: Vec<DiffHunk>,
}

fn diff_node(from: u32, to: u32, diff: VersionDiff) -> GuidelineDiff {
    GuidelineDiff {
        from_version: from,
        to_version: to,
        added: diff.added,
        removed: diff.removed,
        hunks: diff
            .hunks
            .into_iter()
            .map(|lines| DiffHunk {
                lines: lines
                    .into_iter()
                    .map(|line| DiffLineNode {
                        change: match line.change {
                            LineChange::Context => LineChangeValue::Context,
                            LineChange::Added => LineChangeValue::Added,
                            LineChange::Removed => LineChangeValue::Removed,
                        },
                        old_number: line.old_number,
                        new_number: line.new_number,
                        text: line.text,
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The diff between versions `from` and `to` of a guideline the caller checked readable;
/// null when either version does not exist.
pub async fn version_diff(
    ctx: &Context<'_>,
    guideline: GuidelineId,
    from: u32,
    to: u32,
) -> ApiResult<Option<GuidelineDiff>> {
    let store = context::store(ctx)?;
    let (Some(old), Some(new)) = (
        store.guideline_version(guideline, from).await?,
        store.guideline_version(guideline, to).await?,
    ) else {
        return Ok(None);
    };
    // Diffing two 100 KB texts is CPU work (Myers with a one-second deadline): off the workers.
    let diff = crate::render::bounded("to", move || diff_versions(old.body.as_str(), new.body.as_str())).await?;
    Ok(Some(diff_node(from, to, diff)))
}

/// A guideline the recipient's agency took up published a new version.
#[derive(Debug, Clone)]
pub struct GuidelineUpdate {
    guideline: GuidelineId,
    from: u32,
    to: u32,
}

impl GuidelineUpdate {
    /// An update of `guideline` from version `from` to `to`.
    pub fn new(guideline: GuidelineId, from: u32, to: u32) -> Self {
        Self { guideline, from, to }
    }

    async fn readable(&self, ctx: &Context<'_>) -> ApiResult<Option<Guideline>> {
        let found = context::store(ctx)?.guideline(self.guideline).await?;
        Ok(found.filter(|g| can_read(context::viewer(ctx), &g.audience)))
    }
}

/// A new version of a guideline your agency adopted or forked.
#[Object]
impl GuidelineUpdate {
    /// The guideline (null if you may no longer read it).
    async fn guideline(&self, ctx: &Context<'_>) -> ApiResult<Option<GuidelineNode>> {
        Ok(self.readable(ctx).await?.map(GuidelineNode))
    }

    /// The version your agency adopted or forked.
    async fn from_version(&self) -> u32 {
        self.from
    }

    /// The new version.
    async fn to_version(&self) -> u32 {
        self.to
    }

    /// What changed between them (null if you may no longer read the guideline).
    async fn diff(&self, ctx: &Context<'_>) -> ApiResult<Option<GuidelineDiff>> {
        match self.readable(ctx).await? {
            Some(_) => version_diff(ctx, self.guideline, self.from, self.to).await,
            None => Ok(None),
        }
    }
}

/// Adopt or fork.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum AdoptionKindValue {
    /// Adopted as published.
    Adopt,
    /// Forked with local amendments.
    Fork,
}

/// One row of a guideline's adoption registry.
#[derive(Debug, Clone)]
pub struct AdoptionNode {
    adoption: Adoption,
    fork: Option<Guideline>,
    current_version: u32,
}

/// An agency's adoption or fork of a guideline version.
#[Object(name = "GuidelineAdoption")]
impl AdoptionNode {
    /// The adopting agency.
    async fn agency(&self, ctx: &Context<'_>) -> ApiResult<Option<AgencyNode>> {
        Ok(context::agency(ctx, self.adoption.agency).await?.map(AgencyNode))
    }

    /// Adopt or fork.
    async fn kind(&self) -> AdoptionKindValue {
        match self.adoption.kind {
            AdoptionKind::Adopt => AdoptionKindValue::Adopt,
            AdoptionKind::Fork => AdoptionKindValue::Fork,
        }
    }

    /// The version adopted or forked.
    async fn version_number(&self) -> u32 {
        self.adoption.version
    }

    /// Whether the source has published a newer version since.
    async fn behind(&self) -> bool {
        self.adoption.version < self.current_version
    }

    /// The fork, for a fork.
    async fn fork(&self) -> Option<GuidelineNode> {
        self.fork.clone().map(GuidelineNode)
    }

    /// When.
    async fn adopted_at(&self) -> DateTime {
        DateTime(self.adoption.at)
    }
}

/// Where a fork comes from.
#[derive(Debug, Clone, SimpleObject)]
pub struct GuidelineLineage {
    /// The source guideline.
    pub guideline: GuidelineNode,
    /// The source version the fork started from.
    pub version_number: u32,
    /// Whether the source has published a newer version since.
    pub behind: bool,
}

/// The registry of `guideline`: adoptions, and forks the viewer may read.
pub async fn adoptions(ctx: &Context<'_>, guideline: &Guideline) -> ApiResult<Vec<AdoptionNode>> {
    let store = context::store(ctx)?;
    let viewer = context::viewer(ctx);
    let mut rows = Vec::new();
    for adoption in store.adoptions_of(guideline.id).await? {
        let fork = match adoption.fork {
            Some(id) => match store.guideline(id).await?.filter(|g| can_read(viewer, &g.audience)) {
                Some(fork) => Some(fork),
                None => continue,
            },
            None => None,
        };
        rows.push(AdoptionNode {
            adoption,
            fork,
            current_version: guideline.current_version,
        });
    }
    Ok(rows)
}

/// The source of a fork, if `guideline` is one and the viewer may read the source.
pub async fn fork_origin(ctx: &Context<'_>, guideline: &Guideline) -> ApiResult<Option<GuidelineLineage>> {
    let store = context::store(ctx)?;
    let Some(origin) = store.fork_origin(guideline.id).await? else {
        return Ok(None);
    };
    let source = store
        .guideline(origin.guideline)
        .await?
        .filter(|g| can_read(context::viewer(ctx), &g.audience));
    Ok(source.map(|source| GuidelineLineage {
        behind: origin.version < source.current_version,
        guideline: GuidelineNode(source),
        version_number: origin.version,
    }))
}

/// Tells adopters and forkers of `guideline` that version `to` is out (see
/// `plaza_app::notify::guideline_updated`).
pub async fn notify_adopters(ctx: &Context<'_>, guideline: &Guideline, to: u32, actor: MemberId) -> ApiResult<()> {
    let bus = ctx.data::<plaza_app::NotificationBus>().ok();
    plaza_app::notify::guideline_updated(context::store(ctx)?, bus, guideline, to, actor).await?;
    Ok(())
}

/// Adopts a version of a guideline.
#[derive(Debug, Clone, InputObject)]
pub struct AdoptGuidelineInput {
    /// The guideline (published, readable, of another agency).
    pub guideline_id: ID,
    /// The version adopted; the current one by default.
    pub version_number: Option<u32>,
}

/// Withdraws an adoption.
#[derive(Debug, Clone, InputObject)]
pub struct WithdrawAdoptionInput {
    /// The guideline.
    pub guideline_id: ID,
}

/// Forks a version of a guideline into a new draft guideline of the viewer's agency.
#[derive(Debug, Clone, InputObject)]
pub struct ForkGuidelineInput {
    /// The source guideline (published, readable).
    pub guideline_id: ID,
    /// The version forked; the current one by default.
    pub version_number: Option<u32>,
    /// Title of the fork; the source's by default.
    pub title: Option<String>,
    /// Summary of the fork; the source's by default.
    pub summary: Option<String>,
    /// Who may read the fork once published; `NETWORK` by default (group forks are not
    /// supported).
    pub visibility: Option<VisibilityValue>,
}

/// The result of an adoption mutation.
#[derive(Debug, Clone, SimpleObject)]
pub struct AdoptionPayload {
    /// The source guideline as it now is.
    pub guideline: GuidelineNode,
}

/// The result of a fork.
#[derive(Debug, Clone, SimpleObject)]
pub struct ForkPayload {
    /// The new fork (a draft of the viewer's agency; amend it with `publishGuidelineVersion`).
    pub fork: GuidelineNode,
}

async fn source(ctx: &Context<'_>, id: &ID, version: Option<u32>) -> ApiResult<(Guideline, u32)> {
    let id: GuidelineId = decode_as(id, NodeKind::Guideline, "input.guidelineId")?;
    let guideline = context::store(ctx)?
        .guideline(id)
        .await?
        .filter(|g| can_read(context::viewer(ctx), &g.audience))
        .ok_or(ApiError::Denied(Denial::NotFound))?;
    if guideline.audience.status != PublicationStatus::Published {
        return Err(ApiError::invalid(
            "input.guidelineId",
            "only a published guideline can be adopted or forked",
        ));
    }
    let version = version.unwrap_or(guideline.current_version);
    if version == 0 || version > guideline.current_version {
        return Err(ApiError::invalid(
            "input.versionNumber",
            format!("the guideline has versions 1 to {}", guideline.current_version),
        ));
    }
    Ok((guideline, version))
}

/// Adoption mutations.
#[derive(Debug, Default)]
pub struct AdoptionMutation;

#[Object]
impl AdoptionMutation {
    /// Records that the viewer's agency adopted a guideline version (its editors and admins);
    /// replaces the agency's earlier adoption of the same guideline. The agency hears of later
    /// versions.
    async fn adopt_guideline(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The guideline and version.")] input: AdoptGuidelineInput,
    ) -> ApiResult<AdoptionPayload> {
        let member = policy::can_speak_for_agency(context::viewer(ctx))?;
        let (guideline, version) = source(ctx, &input.guideline_id, input.version_number).await?;
        if guideline.audience.agency == member.agency {
            return Err(ApiError::invalid(
                "input.guidelineId",
                "an agency does not adopt its own guideline",
            ));
        }
        let adoption = Adoption {
            id: AdoptionId::generate(),
            agency: member.agency,
            guideline: guideline.id,
            version,
            kind: AdoptionKind::Adopt,
            fork: None,
            by: member.id,
            at: Utc::now(),
        };
        context::store(ctx)?.adopt_guideline(&adoption, None).await?;
        Ok(AdoptionPayload {
            guideline: GuidelineNode(guideline),
        })
    }

    /// Withdraws the viewer's agency's adoption of a guideline.
    async fn withdraw_adoption(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The guideline.")] input: WithdrawAdoptionInput,
    ) -> ApiResult<AdoptionPayload> {
        let member = policy::can_speak_for_agency(context::viewer(ctx))?;
        let id: GuidelineId = decode_as(&input.guideline_id, NodeKind::Guideline, "input.guidelineId")?;
        let guideline = context::store(ctx)?
            .guideline(id)
            .await?
            .filter(|g| can_read(context::viewer(ctx), &g.audience))
            .ok_or(ApiError::Denied(Denial::NotFound))?;
        context::store(ctx)?
            .withdraw_adoption(member.agency, guideline.id)
            .await?;
        Ok(AdoptionPayload {
            guideline: GuidelineNode(guideline),
        })
    }

    /// Forks a guideline version into a new draft guideline of the viewer's agency (its
    /// editors and admins). Version 1 of the fork is the source text; amendments are new
    /// versions. The fork's lineage points at the source version, and its authors hear of
    /// new source versions.
    async fn fork_guideline(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The source and the fork's presentation.")] input: ForkGuidelineInput,
    ) -> ApiResult<ForkPayload> {
        let viewer = context::viewer(ctx);
        let member = policy::can_speak_for_agency(viewer)?;
        let (source, version) = source(ctx, &input.guideline_id, input.version_number).await?;
        let store = context::store(ctx)?;
        let text = store
            .guideline_version(source.id, version)
            .await?
            .ok_or(ApiError::Denied(Denial::NotFound))?;
        let visibility = input.visibility.unwrap_or(VisibilityValue::Network);
        if visibility == VisibilityValue::Group {
            return Err(ApiError::invalid(
                "input.visibility",
                "a fork is public, network or agency",
            ));
        }
        let mut common = source.content.common.to_input();
        common.visibility = Some(visibility.code().to_owned());
        common.group = None;
        let content = GuidelineInput {
            title: input.title.unwrap_or_else(|| source.content.title.as_str().to_owned()),
            summary: input
                .summary
                .unwrap_or_else(|| source.content.summary.as_str().to_owned()),
            common,
        }
        .validate()
        .map_err(|e| ApiError::invalid_at("input", e))?;
        let changelog = format!("Fork of «{}», version {version}.", source.content.title.as_str());
        let first =
            validate_version(text.body.as_str(), &changelog, true).map_err(|e| ApiError::invalid_at("input", e))?;
        policy::can_create(viewer, member.agency, content.common.visibility)?;
        let now = Utc::now();
        let fork = Guideline::draft(content, member.agency, member.id, now);
        let adoption = Adoption {
            id: AdoptionId::generate(),
            agency: member.agency,
            guideline: source.id,
            version,
            kind: AdoptionKind::Fork,
            fork: Some(fork.id),
            by: member.id,
            at: now,
        };
        store.create_fork(&fork, &first, &adoption, None).await?;
        Ok(ForkPayload {
            fork: GuidelineNode(fork),
        })
    }
}
