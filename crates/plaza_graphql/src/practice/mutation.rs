//! Practice mutations: create, update, publish, withdraw.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::Utc;
use plaza_domain::content::{Audience, PublicationStatus};
use plaza_domain::ids::PracticeId;
use plaza_domain::item::ItemRef;
use plaza_domain::policy;
use plaza_domain::practice::{Practice, PracticeInput};

use crate::content::{ItemIdInput, PresentationInput, require_group_access, require_member};
use crate::context;
use crate::error::{ApiError, ApiResult};
use crate::ids::{NodeKind, decode_as};

use super::types::PracticeNode;

/// A new practice. It starts as a draft of the viewer's agency, authored by the viewer.
#[derive(Debug, Clone, InputObject)]
pub struct CreatePracticeInput {
    /// Title, 1 to 200 characters.
    pub title: String,
    /// One-paragraph summary.
    #[graphql(default)]
    pub summary: String,
    /// The tip (markdown).
    #[graphql(default)]
    pub body: String,
    /// Objective codes.
    #[graphql(default)]
    pub objectives: Vec<String>,
    /// Platform codes.
    #[graphql(default)]
    pub platforms: Vec<String>,
    /// Dimension codes.
    #[graphql(default)]
    pub dimensions: Vec<String>,
    /// Threat codes.
    #[graphql(default)]
    pub threats: Vec<String>,
    /// Files uploaded with `POST /adjuntos` to attach (their ids), at most 20.
    pub attachments: Option<Vec<ID>>,
    /// Language, licence, audience, tags.
    #[graphql(flatten)]
    pub presentation: PresentationInput,
}

/// Changes to a practice; omitted fields keep their value.
#[derive(Debug, Clone, InputObject)]
pub struct UpdatePracticeInput {
    /// Global id of the practice.
    pub id: ID,
    /// Title.
    pub title: Option<String>,
    /// Summary.
    pub summary: Option<String>,
    /// Body.
    pub body: Option<String>,
    /// Objective codes.
    pub objectives: Option<Vec<String>>,
    /// Platform codes.
    pub platforms: Option<Vec<String>>,
    /// Dimension codes.
    pub dimensions: Option<Vec<String>>,
    /// Threat codes.
    pub threats: Option<Vec<String>>,
    /// The practice's attachments (replace the whole list): files it has, and files the viewer
    /// uploaded with `POST /adjuntos`.
    pub attachments: Option<Vec<ID>>,
    /// Language, licence, audience, tags.
    #[graphql(flatten)]
    pub presentation: PresentationInput,
}

/// The result of a practice mutation.
#[derive(Debug, Clone, SimpleObject)]
pub struct PracticePayload {
    /// The practice as it now is.
    pub practice: PracticeNode,
}

async fn editable(ctx: &Context<'_>, id: &ID) -> ApiResult<Practice> {
    let viewer = context::viewer(ctx);
    require_member(viewer)?;
    let id: PracticeId = decode_as(id, NodeKind::Practice, "input.id")?;
    let practice = context::store(ctx)?
        .practice(id)
        .await?
        .ok_or(ApiError::Denied(policy::Denial::NotFound))?;
    policy::can_edit(viewer, &practice.audience)?;
    Ok(practice)
}

async fn reload(ctx: &Context<'_>, id: PracticeId) -> ApiResult<PracticePayload> {
    // Every mutation ends here after its write: make it searchable before answering.
    crate::context::refresh_search(ctx).await;
    let practice = context::store(ctx)?
        .practice(id)
        .await?
        .ok_or(ApiError::Denied(policy::Denial::NotFound))?;
    Ok(PracticePayload {
        practice: PracticeNode(practice),
    })
}

async fn set_status(ctx: &Context<'_>, input: ItemIdInput, status: PublicationStatus) -> ApiResult<PracticePayload> {
    let practice = editable(ctx, &input.id).await?;
    if status == PublicationStatus::Published {
        let item = plaza_domain::item::ItemRef::Practice(practice.id);
        crate::content::may_publish_again(ctx, item).await?;
    }
    context::store(ctx)?
        .set_practice_status(practice.id, status, Utc::now())
        .await?;
    if status == PublicationStatus::Published && practice.audience.status != PublicationStatus::Published {
        let c = &practice.content;
        let taxonomy = crate::notify::codes(&c.objectives, &c.platforms, &c.dimensions, &c.threats);
        let audience = plaza_domain::content::Audience {
            status,
            ..practice.audience.clone()
        };
        let actor = context::writer(ctx)?.id;
        let item = ItemRef::Practice(practice.id);
        crate::notify::notify_followers_of_item(ctx, actor, item, &audience, &taxonomy).await?;
    }
    reload(ctx, practice.id).await
}

/// Practice mutations.
#[derive(Debug, Default)]
pub struct PracticeMutation;

#[Object]
impl PracticeMutation {
    /// Creates a draft practice in the viewer's agency.
    async fn create_practice(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The practice.")] input: CreatePracticeInput,
    ) -> ApiResult<PracticePayload> {
        let viewer = context::viewer(ctx);
        let member = require_member(viewer)?;
        let submitted = PracticeInput {
            title: input.title,
            summary: input.summary,
            body: input.body,
            objectives: input.objectives,
            platforms: input.platforms,
            dimensions: input.dimensions,
            threats: input.threats,
            common: input.presentation.new_item()?,
        };
        let content = submitted.validate().map_err(|e| ApiError::invalid_at("input", e))?;
        policy::can_create(viewer, member.agency, content.common.visibility)?;
        let attachments = crate::attachment::checked(ctx, input.attachments.as_deref(), None, member.id).await?;
        let now = Utc::now();
        let practice = Practice {
            id: PracticeId::generate(),
            audience: Audience {
                agency: member.agency,
                visibility: content.common.visibility,
                status: PublicationStatus::Draft,
                authors: vec![member.id],
            },
            content,
            created_at: now,
            updated_at: now,
            published_at: None,
            body_html: String::new(),
        };
        let id = context::store(ctx)?.create_practice(&practice, None).await?;
        crate::attachment::save(ctx, &ItemRef::Practice(id).to_string(), member.id, attachments).await?;
        reload(ctx, id).await
    }

    /// Changes a practice; omitted fields keep their value.
    async fn update_practice(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The changes.")] input: UpdatePracticeInput,
    ) -> ApiResult<PracticePayload> {
        let practice = editable(ctx, &input.id).await?;
        let base = practice.content.to_input();
        let submitted = PracticeInput {
            title: input.title.unwrap_or(base.title),
            summary: input.summary.unwrap_or(base.summary),
            body: input.body.unwrap_or(base.body),
            objectives: input.objectives.unwrap_or(base.objectives),
            platforms: input.platforms.unwrap_or(base.platforms),
            dimensions: input.dimensions.unwrap_or(base.dimensions),
            threats: input.threats.unwrap_or(base.threats),
            common: input.presentation.onto(base.common)?,
        };
        let content = submitted.validate().map_err(|e| ApiError::invalid_at("input", e))?;
        require_group_access(context::viewer(ctx), content.common.visibility)?;
        let owner = ItemRef::Practice(practice.id).to_string();
        let editor = require_member(context::viewer(ctx))?.id;
        let attachments = crate::attachment::checked(ctx, input.attachments.as_deref(), Some(&owner), editor).await?;
        context::store(ctx)?
            .update_practice(practice.id, &content, Utc::now())
            .await?;
        crate::attachment::save(ctx, &owner, editor, attachments).await?;
        reload(ctx, practice.id).await
    }

    /// Publishes a practice to its audience.
    async fn publish_practice(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The practice.")] input: ItemIdInput,
    ) -> ApiResult<PracticePayload> {
        set_status(ctx, input, PublicationStatus::Published).await
    }

    /// Withdraws a published practice; only its editors see it afterwards.
    async fn withdraw_practice(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The practice.")] input: ItemIdInput,
    ) -> ApiResult<PracticePayload> {
        set_status(ctx, input, PublicationStatus::Withdrawn).await
    }
}
