//! Freshness: review-by dates on case studies, practices and guidelines, the "possibly
//! outdated" mark, who last confirmed an item is current and who marked it obsolete, and the
//! mutations editors use to set a date, verify an item, or mark it obsolete.

use async_graphql::{ComplexObject, Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use plaza_domain::content::Audience;
use plaza_domain::freshness::{
    ReviewMark, ReviewMarks, next_review, possibly_outdated, review_by, validate_obsolete_reason, validate_review_date,
};
use plaza_domain::item::ItemRef;
use plaza_domain::policy::{self, Denial};

use crate::context;
use crate::error::{ApiError, ApiResult};
use crate::ids::{NodeKind, decode, decode_item};
use crate::scalars::Date;

/// An item's review state.
#[derive(Debug, Clone, SimpleObject)]
#[graphql(complex)]
pub struct Freshness {
    /// The date the item is due for review.
    pub review_by: Date,
    /// Whether it is published and past its review date: readers should check it is still
    /// current.
    pub possibly_outdated: bool,
    #[graphql(skip)]
    item: ItemRef,
    /// The marks, read once when either is asked for.
    #[graphql(skip)]
    marks: std::sync::Arc<tokio::sync::OnceCell<ReviewMarks>>,
}

impl Freshness {
    async fn marks(&self, ctx: &Context<'_>) -> ApiResult<&ReviewMarks> {
        let store = context::store(ctx)?;
        Ok(self.marks.get_or_try_init(|| store.review_marks(self.item)).await?)
    }
}

#[ComplexObject]
impl Freshness {
    /// The last confirmation by an editor that the item is still current: who and when.
    async fn verified(&self, ctx: &Context<'_>) -> ApiResult<Option<ReviewMarkNode>> {
        Ok(self.marks(ctx).await?.verified.clone().map(ReviewMarkNode))
    }

    /// The "obsolete" mark, while it stands: who put it, when and why. Readers should not rely
    /// on an obsolete item; a new confirmation lifts the mark.
    async fn obsolete(&self, ctx: &Context<'_>) -> ApiResult<Option<ReviewMarkNode>> {
        Ok(self.marks(ctx).await?.obsolete.clone().map(ReviewMarkNode))
    }
}

/// A mark on an item's review state.
#[derive(Debug, Clone)]
pub struct ReviewMarkNode(ReviewMark);

/// A mark an editor put on an item's review state ("still current" or "obsolete").
#[Object(name = "ReviewMark")]
impl ReviewMarkNode {
    /// When it was put.
    async fn at(&self) -> crate::scalars::DateTime {
        crate::scalars::DateTime(self.0.at)
    }

    /// Who put it (absent if that member is gone).
    async fn by(&self, ctx: &Context<'_>) -> ApiResult<Option<crate::agency::MemberNode>> {
        Ok(context::member(ctx, self.0.by).await?.map(crate::agency::MemberNode))
    }

    /// Why (an obsolete mark's reason).
    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }
}

/// The review state of `item` with `audience`, last updated at `updated_at`.
pub async fn freshness(
    ctx: &Context<'_>,
    item: ItemRef,
    audience: &Audience,
    updated_at: DateTime<Utc>,
) -> ApiResult<Freshness> {
    let set = match context::facts(ctx, item).and_then(|facts| facts.review_by) {
        Some(loaded) => loaded,
        None => context::store(ctx)?.review_dates(&[item]).await?.remove(&item),
    };
    let due = review_by(updated_at, set);
    Ok(Freshness {
        review_by: Date(due),
        possibly_outdated: possibly_outdated(audience.status, due, Utc::now().date_naive()),
        item,
        marks: std::sync::Arc::default(),
    })
}

/// The item behind a global id, its audience and last update; only for its editors.
async fn editable_item(ctx: &Context<'_>, id: &ID) -> ApiResult<(ItemRef, Audience, DateTime<Utc>)> {
    let viewer = context::viewer(ctx);
    context::writer(ctx)?;
    let store = context::store(ctx)?;
    let not_found = || ApiError::Denied(Denial::NotFound);
    let unreviewed = || {
        ApiError::invalid(
            "input.id",
            "only case studies, practices and guidelines have review dates",
        )
    };
    let (kind, _) = decode(id, "input.id")?;
    if !matches!(kind, NodeKind::CaseStudy | NodeKind::Practice | NodeKind::Guideline) {
        return Err(unreviewed());
    }
    let item = decode_item(id, "input.id")?;
    let (audience, updated_at) = match item {
        ItemRef::CaseStudy(id) => {
            let case = store.case_study(id).await?.ok_or_else(not_found)?;
            (case.audience, case.updated_at)
        }
        ItemRef::Practice(id) => {
            let practice = store.practice(id).await?.ok_or_else(not_found)?;
            (practice.audience, practice.updated_at)
        }
        ItemRef::Guideline(id) => {
            let guideline = store.guideline(id).await?.ok_or_else(not_found)?;
            (guideline.audience, guideline.updated_at)
        }
        ItemRef::Discussion(_) | ItemRef::Reply(_) => return Err(unreviewed()),
    };
    policy::can_edit(viewer, &audience)?;
    Ok((item, audience, updated_at))
}

/// Sets when an item is next due for review.
#[derive(Debug, Clone, InputObject)]
pub struct SetReviewDateInput {
    /// Global id of a case study, practice or guideline.
    pub id: ID,
    /// The review-by date: not in the past, at most five years ahead.
    pub review_by: Date,
}

/// Confirms an item is still current.
#[derive(Debug, Clone, InputObject)]
pub struct VerifyContentInput {
    /// Global id of a case study, practice or guideline.
    pub id: ID,
    /// The next review-by date; a year from today by default.
    pub next_review_by: Option<Date>,
}

/// Marks an item obsolete.
#[derive(Debug, Clone, InputObject)]
pub struct MarkObsoleteInput {
    /// Global id of a case study, practice or guideline.
    pub id: ID,
    /// Why it is obsolete (what replaced it, what changed): 1 to 500 characters.
    pub reason: String,
}

/// Lifts an item's obsolete mark.
#[derive(Debug, Clone, InputObject)]
pub struct ClearObsoleteInput {
    /// Global id of a case study, practice or guideline.
    pub id: ID,
}

/// The result of a freshness mutation.
#[derive(Debug, Clone, SimpleObject)]
pub struct FreshnessPayload {
    /// Global id of the item.
    pub id: ID,
    /// Its review state now.
    pub freshness: Freshness,
}

/// Sets the review date; with `verify`, also records the viewer's confirmation.
async fn set(ctx: &Context<'_>, id: ID, date: chrono::NaiveDate, verify: bool) -> ApiResult<FreshnessPayload> {
    let (item, audience, updated_at) = editable_item(ctx, &id).await?;
    let date = validate_review_date(date, Utc::now().date_naive()).map_err(|e| ApiError::invalid_at("input", e))?;
    let store = context::store(ctx)?;
    match context::viewer(ctx).member() {
        Some(member) if verify => store.record_verification(item, date, member.id, Utc::now()).await?,
        _ => store.set_review_date(item, date).await?,
    }
    Ok(FreshnessPayload {
        id,
        freshness: freshness(ctx, item, &audience, updated_at).await?,
    })
}

/// Freshness mutations.
#[derive(Debug, Default)]
pub struct FreshnessMutation;

#[Object]
impl FreshnessMutation {
    /// Sets when an item is next due for review (its editors).
    async fn set_review_date(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The item and date.")] input: SetReviewDateInput,
    ) -> ApiResult<FreshnessPayload> {
        set(ctx, input.id, input.review_by.0, false).await
    }

    /// Confirms an item is still current (its editors): clears the "possibly outdated" mark
    /// until the next review date, lifts an obsolete mark, and records who confirmed it.
    async fn verify_content(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The item and the next review date.")] input: VerifyContentInput,
    ) -> ApiResult<FreshnessPayload> {
        let next = input
            .next_review_by
            .map(|d| d.0)
            .unwrap_or_else(|| next_review(Utc::now().date_naive()));
        set(ctx, input.id, next, true).await
    }

    /// Marks an item obsolete (its editors), with the reason readers will see beside it.
    async fn mark_obsolete(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The item and why it is obsolete.")] input: MarkObsoleteInput,
    ) -> ApiResult<FreshnessPayload> {
        let (item, audience, updated_at) = editable_item(ctx, &input.id).await?;
        let reason = validate_obsolete_reason(&input.reason).map_err(|e| ApiError::invalid_at("input", e))?;
        let member = crate::content::require_member(context::viewer(ctx))?;
        context::store(ctx)?
            .set_obsolete(item, Some((member.id, Utc::now(), &reason)))
            .await?;
        Ok(FreshnessPayload {
            id: input.id,
            freshness: freshness(ctx, item, &audience, updated_at).await?,
        })
    }

    /// Lifts an item's obsolete mark (its editors) without confirming it current.
    async fn clear_obsolete(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The item.")] input: ClearObsoleteInput,
    ) -> ApiResult<FreshnessPayload> {
        let (item, audience, updated_at) = editable_item(ctx, &input.id).await?;
        context::store(ctx)?.set_obsolete(item, None).await?;
        Ok(FreshnessPayload {
            id: input.id,
            freshness: freshness(ctx, item, &audience, updated_at).await?,
        })
    }
}
