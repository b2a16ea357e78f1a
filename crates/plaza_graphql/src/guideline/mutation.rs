//! Guideline mutations: create (with version 1), publish a new version, publish, withdraw.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::Utc;
use plaza_domain::content::PublicationStatus;
use plaza_domain::guideline::{Guideline, GuidelineInput, validate_version};
use plaza_domain::ids::GuidelineId;
use plaza_domain::item::ItemRef;
use plaza_domain::policy;

use crate::content::{ItemIdInput, PresentationInput, require_group_access, require_member};
use crate::context;
use crate::error::{ApiError, ApiResult};
use crate::ids::{NodeKind, decode_as};

use super::types::{GuidelineNode, GuidelineVersionNode};

/// A new guideline with its first version. It starts as a draft of the viewer's agency.
#[derive(Debug, Clone, InputObject)]
pub struct CreateGuidelineInput {
    /// Title, 1 to 200 characters.
    pub title: String,
    /// What it covers.
    #[graphql(default)]
    pub summary: String,
    /// The text of version 1 (markdown, up to 100 KB).
    pub body: String,
    /// A note on version 1.
    #[graphql(default)]
    pub changelog: String,
    /// Files uploaded with `POST /adjuntos` to attach (their ids), at most 20.
    pub attachments: Option<Vec<ID>>,
    /// Language, licence, audience, tags.
    #[graphql(flatten)]
    pub presentation: PresentationInput,
}

/// Changes to a guideline's own facts; omitted fields keep their value. Its text changes
/// through `publishGuidelineVersion`.
#[derive(Debug, Clone, InputObject)]
pub struct UpdateGuidelineInput {
    /// Global id of the guideline.
    pub id: ID,
    /// Title.
    pub title: Option<String>,
    /// What it covers.
    pub summary: Option<String>,
    /// Language, licence, audience, tags.
    #[graphql(flatten)]
    pub presentation: PresentationInput,
}

/// A new version of a guideline.
#[derive(Debug, Clone, InputObject)]
pub struct PublishGuidelineVersionInput {
    /// Global id of the guideline.
    pub guideline_id: ID,
    /// The full text of the new version.
    pub body: String,
    /// What changed; required.
    pub changelog: String,
    /// The version this one was written from; if another version was published since, the
    /// mutation fails with CONFLICT instead of silently replacing it.
    pub based_on_version: Option<u32>,
    /// Files uploaded with `POST /adjuntos` to add to the guideline (their ids); the files of
    /// earlier versions stay, so every version keeps its images.
    pub attachments: Option<Vec<ID>>,
}

/// The result of a guideline mutation.
#[derive(Debug, Clone, SimpleObject)]
pub struct GuidelinePayload {
    /// The guideline as it now is.
    pub guideline: GuidelineNode,
}

/// The result of publishing a guideline version.
#[derive(Debug, Clone, SimpleObject)]
pub struct GuidelineVersionPayload {
    /// The guideline as it now is.
    pub guideline: GuidelineNode,
    /// The new version.
    pub version: GuidelineVersionNode,
}

async fn editable(ctx: &Context<'_>, id: &ID, field: &str) -> ApiResult<Guideline> {
    let viewer = context::viewer(ctx);
    require_member(viewer)?;
    let id: GuidelineId = decode_as(id, NodeKind::Guideline, field)?;
    let guideline = context::store(ctx)?
        .guideline(id)
        .await?
        .ok_or(ApiError::Denied(policy::Denial::NotFound))?;
    policy::can_edit(viewer, &guideline.audience)?;
    Ok(guideline)
}

async fn reload(ctx: &Context<'_>, id: GuidelineId) -> ApiResult<GuidelineNode> {
    // Every mutation ends here after its write: make it searchable before answering.
    crate::context::refresh_search(ctx).await;
    let guideline = context::store(ctx)?
        .guideline(id)
        .await?
        .ok_or(ApiError::Denied(policy::Denial::NotFound))?;
    Ok(GuidelineNode(guideline))
}

async fn set_status(ctx: &Context<'_>, input: ItemIdInput, status: PublicationStatus) -> ApiResult<GuidelinePayload> {
    let guideline = editable(ctx, &input.id, "input.id").await?;
    if status == PublicationStatus::Published {
        let item = plaza_domain::item::ItemRef::Guideline(guideline.id);
        crate::content::may_publish_again(ctx, item).await?;
    }
    context::store(ctx)?
        .set_guideline_status(guideline.id, status, Utc::now())
        .await?;
    if status == PublicationStatus::Published && guideline.audience.status != PublicationStatus::Published {
        let audience = plaza_domain::content::Audience {
            status,
            ..guideline.audience.clone()
        };
        let actor = context::writer(ctx)?.id;
        let item = ItemRef::Guideline(guideline.id);
        crate::notify::notify_followers_of_item(ctx, actor, item, &audience, &[]).await?;
    }
    Ok(GuidelinePayload {
        guideline: reload(ctx, guideline.id).await?,
    })
}

/// Guideline mutations.
#[derive(Debug, Default)]
pub struct GuidelineMutation;

#[Object]
impl GuidelineMutation {
    /// Creates a draft guideline in the viewer's agency, with its first version.
    async fn create_guideline(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The guideline.")] input: CreateGuidelineInput,
    ) -> ApiResult<GuidelinePayload> {
        let viewer = context::viewer(ctx);
        let member = require_member(viewer)?;
        let mut common = input.presentation.new_item()?;
        // Without a language, the first version's text tells it (the guideline's own facts are
        // only a title and a summary).
        if common.language.is_none() {
            let sample = format!("{}\n{}\n{}", input.title, input.summary, input.body);
            common.language =
                plaza_domain::content::Language::detect(&sample).map(|language| language.code().to_owned());
        }
        let submitted = GuidelineInput {
            title: input.title,
            summary: input.summary,
            common,
        };
        let content = submitted.validate().map_err(|e| ApiError::invalid_at("input", e))?;
        let first =
            validate_version(&input.body, &input.changelog, true).map_err(|e| ApiError::invalid_at("input", e))?;
        policy::can_create(viewer, member.agency, content.common.visibility)?;
        let attachments = crate::attachment::checked(ctx, input.attachments.as_deref(), None, member.id).await?;
        let guideline = Guideline::draft(content, member.agency, member.id, Utc::now());
        let id = context::store(ctx)?.create_guideline(&guideline, &first, None).await?;
        crate::attachment::save(ctx, &ItemRef::Guideline(id).to_string(), member.id, attachments).await?;
        Ok(GuidelinePayload {
            guideline: reload(ctx, id).await?,
        })
    }

    /// Changes a guideline's title, summary, language, licence, audience or tags (its editors).
    async fn update_guideline(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The changes.")] input: UpdateGuidelineInput,
    ) -> ApiResult<GuidelinePayload> {
        let guideline = editable(ctx, &input.id, "input.id").await?;
        let base = &guideline.content;
        let submitted = GuidelineInput {
            title: input.title.unwrap_or_else(|| base.title.as_str().to_owned()),
            summary: input.summary.unwrap_or_else(|| base.summary.as_str().to_owned()),
            common: input.presentation.onto(base.common.to_input())?,
        };
        let content = submitted.validate().map_err(|e| ApiError::invalid_at("input", e))?;
        require_group_access(context::viewer(ctx), content.common.visibility)?;
        context::store(ctx)?
            .update_guideline(guideline.id, &content, Utc::now())
            .await?;
        Ok(GuidelinePayload {
            guideline: reload(ctx, guideline.id).await?,
        })
    }

    /// Publishes a new immutable version of a guideline and makes it current.
    async fn publish_guideline_version(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new version.")] input: PublishGuidelineVersionInput,
    ) -> ApiResult<GuidelineVersionPayload> {
        let guideline = editable(ctx, &input.guideline_id, "input.guidelineId").await?;
        let member = require_member(context::viewer(ctx))?;
        let text =
            validate_version(&input.body, &input.changelog, false).map_err(|e| ApiError::invalid_at("input", e))?;
        let expected = input.based_on_version.unwrap_or(guideline.current_version);
        if expected != guideline.current_version {
            return Err(plaza_storage::StorageError::Conflict(format!(
                "version {} was published since version {expected}",
                guideline.current_version
            ))
            .into());
        }
        let owner = ItemRef::Guideline(guideline.id).to_string();
        let attachments =
            crate::attachment::checked(ctx, input.attachments.as_deref(), Some(&owner), member.id).await?;
        let version = context::store(ctx)?
            .add_guideline_version(guideline.id, expected, &text, member.id, Utc::now())
            .await?;
        crate::attachment::add(ctx, &owner, member.id, attachments).await?;
        if guideline.audience.status == PublicationStatus::Published {
            // Embedded guideline widgets show the current text: a new version is news to them.
            if let Ok(live) = ctx.data::<plaza_app::PublishedBus>() {
                live.publish(ItemRef::Guideline(guideline.id));
            }
            crate::guideline::notify_adopters(ctx, &guideline, version.number, member.id).await?;
        }
        Ok(GuidelineVersionPayload {
            guideline: reload(ctx, guideline.id).await?,
            version: GuidelineVersionNode(version),
        })
    }

    /// Publishes a guideline to its audience.
    async fn publish_guideline(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The guideline.")] input: ItemIdInput,
    ) -> ApiResult<GuidelinePayload> {
        set_status(ctx, input, PublicationStatus::Published).await
    }

    /// Withdraws a guideline; only its editors see it afterwards.
    async fn withdraw_guideline(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The guideline.")] input: ItemIdInput,
    ) -> ApiResult<GuidelinePayload> {
        set_status(ctx, input, PublicationStatus::Withdrawn).await
    }
}
