//! "We replicated this": a case study linked to the one it replicates, and the outcome delta
//! where both measured the same kind of metric.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::Utc;
use plaza_domain::case_study::CaseStudy;
use plaza_domain::evidence::{CaseEvidenceMetrics, OutcomeDelta, outcome_deltas};
use plaza_domain::ids::CaseStudyId;
use plaza_domain::policy::{self, Denial, can_read};

use crate::case_study::CaseStudyNode;
use crate::context;
use crate::error::{ApiError, ApiResult};
use crate::ids::{NodeKind, decode_as};
use crate::taxonomy::{IntoTaxon, Taxon};

/// Case studies by id that the viewer may read, in order.
pub(crate) async fn load_cases(
    ctx: &Context<'_>,
    ids: impl IntoIterator<Item = CaseStudyId>,
) -> ApiResult<Vec<CaseStudyNode>> {
    let store = context::store(ctx)?;
    let viewer = context::viewer(ctx);
    let mut cases = Vec::new();
    for id in ids {
        if let Some(case) = store.case_study(id).await?
            && can_read(viewer, &case.audience)
        {
            cases.push(CaseStudyNode(case));
        }
    }
    Ok(cases)
}

/// How a replication's outcome compares with the original's on one metric kind.
#[derive(Debug, Clone, SimpleObject)]
pub struct OutcomeDeltaNode {
    /// The metric kind both measured.
    pub metric_kind: Taxon,
    /// The original's relative change.
    pub original: f64,
    /// The replication's relative change.
    pub replication: f64,
    /// Replication minus original (0.05 is five points more).
    pub difference: f64,
}

impl From<OutcomeDelta> for OutcomeDeltaNode {
    fn from(delta: OutcomeDelta) -> Self {
        Self {
            metric_kind: delta.kind.taxon(),
            original: delta.original,
            replication: delta.replication,
            difference: delta.difference,
        }
    }
}

/// A case study that replicates another, with the outcome deltas.
#[derive(Debug, Clone, SimpleObject)]
pub struct Replication {
    /// The replicating case study.
    pub case_study: CaseStudyNode,
    /// Per metric kind both measured: original, replication and difference.
    pub deltas: Vec<OutcomeDeltaNode>,
}

/// The case `case` replicates, if any and if the viewer may read it.
pub async fn replicated(ctx: &Context<'_>, case: CaseStudyId) -> ApiResult<Option<CaseStudyNode>> {
    let Some(original) = context::store(ctx)?.replicated_case(case).await? else {
        return Ok(None);
    };
    Ok(load_cases(ctx, [original]).await?.into_iter().next())
}

/// The readable replications of `original`, with their outcome deltas.
pub async fn replications(ctx: &Context<'_>, original: &CaseStudy) -> ApiResult<Vec<Replication>> {
    let ids = context::store(ctx)?.replications_of(original.id).await?;
    Ok(load_cases(ctx, ids)
        .await?
        .into_iter()
        .map(|replica| Replication {
            deltas: outcome_deltas(
                &CaseEvidenceMetrics(&original.content.metrics),
                &CaseEvidenceMetrics(&replica.0.content.metrics),
            )
            .into_iter()
            .map(OutcomeDeltaNode::from)
            .collect(),
            case_study: replica,
        })
        .collect())
}

/// Links a case study to the one it replicates.
#[derive(Debug, Clone, InputObject)]
pub struct LinkReplicationInput {
    /// The replicating case study (one the viewer edits).
    pub case_study_id: ID,
    /// The original (one the viewer may read).
    pub original_id: ID,
}

/// Removes a replication link.
#[derive(Debug, Clone, InputObject)]
pub struct UnlinkReplicationInput {
    /// The replicating case study.
    pub case_study_id: ID,
}

/// The result of a replication mutation.
#[derive(Debug, Clone, SimpleObject)]
pub struct ReplicationPayload {
    /// The replicating case study as it now is.
    pub case_study: CaseStudyNode,
}

async fn editable_case(ctx: &Context<'_>, id: &ID, field: &str) -> ApiResult<CaseStudy> {
    let viewer = context::viewer(ctx);
    context::writer(ctx)?;
    let id: CaseStudyId = decode_as(id, NodeKind::CaseStudy, field)?;
    let case = context::store(ctx)?
        .case_study(id)
        .await?
        .ok_or(ApiError::Denied(Denial::NotFound))?;
    policy::can_edit(viewer, &case.audience)?;
    Ok(case)
}

/// Replication mutations.
#[derive(Debug, Default)]
pub struct ReplicationMutation;

#[Object]
impl ReplicationMutation {
    /// Says a case study replicates another ("we replicated this"); replaces an earlier link.
    async fn link_replication(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The replica and the original.")] input: LinkReplicationInput,
    ) -> ApiResult<ReplicationPayload> {
        let replica = editable_case(ctx, &input.case_study_id, "input.caseStudyId").await?;
        let original_id: CaseStudyId = decode_as(&input.original_id, NodeKind::CaseStudy, "input.originalId")?;
        let store = context::store(ctx)?;
        let original = store
            .case_study(original_id)
            .await?
            .filter(|case| policy::can_read(context::viewer(ctx), &case.audience))
            .ok_or(ApiError::Denied(Denial::NotFound))?;
        if original.id == replica.id {
            return Err(ApiError::invalid(
                "input.originalId",
                "a case study cannot replicate itself",
            ));
        }
        if store.replicated_case(original.id).await? == Some(replica.id) {
            return Err(ApiError::invalid(
                "input.originalId",
                "that case study already replicates this one",
            ));
        }
        let member = context::writer(ctx)?;
        store
            .link_replication(replica.id, original.id, member.id, Utc::now())
            .await?;
        Ok(ReplicationPayload {
            case_study: CaseStudyNode(replica),
        })
    }

    /// Removes a case study's replication link.
    async fn unlink_replication(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The replica.")] input: UnlinkReplicationInput,
    ) -> ApiResult<ReplicationPayload> {
        let replica = editable_case(ctx, &input.case_study_id, "input.caseStudyId").await?;
        context::store(ctx)?.unlink_replication(replica.id).await?;
        Ok(ReplicationPayload {
            case_study: CaseStudyNode(replica),
        })
    }
}
