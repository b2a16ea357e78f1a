//! The network's legal pages (`/privacidad`, `/accesibilidad`, `/aviso-legal`): anyone reads
//! them; network administrators rewrite them.

use async_graphql::{Context, Object};
use chrono::{DateTime, Utc};
use plaza_app::legal::{self, LegalPage, LegalText};
use plaza_domain::markdown::Markdown;
use plaza_domain::policy;

use crate::agency::MemberNode;
use crate::context;
use crate::error::{ApiError, ApiResult};

/// A legal page as readers get it.
#[derive(Debug, Clone)]
pub struct LegalPageNode(LegalText);

/// One of the network's legal pages: the privacy statement, the accessibility statement or the
/// legal notice.
#[Object(name = "LegalPage")]
impl LegalPageNode {
    /// `privacidad`, `accesibilidad` or `aviso-legal` (its path too).
    async fn slug(&self) -> &str {
        self.0.page.slug()
    }

    /// Markdown.
    async fn body(&self) -> &str {
        &self.0.body
    }

    /// The body rendered to sanitised HTML.
    async fn body_html(&self) -> &str {
        &self.0.body_html
    }

    /// Whether this is still the model text shipped with Plaza (never saved by the network).
    async fn is_model(&self) -> bool {
        self.0.saved.is_none()
    }

    /// When it was last saved; null for the model text.
    async fn updated_at(&self) -> Option<DateTime<Utc>> {
        self.0.saved.map(|(at, _)| at)
    }

    /// Who saved it last (network administrators only; null otherwise).
    async fn updated_by(&self, ctx: &Context<'_>) -> ApiResult<Option<MemberNode>> {
        let Some((_, by)) = self.0.saved else {
            return Ok(None);
        };
        if policy::can_administer_network(context::viewer(ctx)).is_err() {
            return Ok(None);
        }
        Ok(context::member(ctx, by).await?.map(MemberNode))
    }

    /// Whether the viewer may rewrite it.
    async fn can_edit(&self, ctx: &Context<'_>) -> bool {
        policy::can_administer_network(context::viewer(ctx)).is_ok()
    }
}

fn page_of(slug: &str) -> ApiResult<LegalPage> {
    LegalPage::parse(slug).map_err(ApiError::Invalid)
}

/// Legal page queries.
#[derive(Debug, Default)]
pub struct LegalQuery;

#[Object]
impl LegalQuery {
    /// A legal page, as saved or as Plaza's model text.
    async fn legal_page(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "`privacidad`, `accesibilidad` or `aviso-legal`.")] slug: String,
    ) -> ApiResult<LegalPageNode> {
        let page = page_of(&slug)?;
        Ok(LegalPageNode(legal::read(context::store(ctx)?, page).await?))
    }
}

/// Legal page mutations.
#[derive(Debug, Default)]
pub struct LegalMutation;

#[Object]
impl LegalMutation {
    /// Rewrites a legal page (network administrators).
    async fn update_legal_page(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "`privacidad`, `accesibilidad` or `aviso-legal`.")] slug: String,
        #[graphql(desc = "Markdown, at most 100 KB.")] body: String,
    ) -> ApiResult<LegalPageNode> {
        let viewer = context::viewer(ctx);
        policy::can_administer_network(viewer)?;
        let by = context::writer(ctx)?.id;
        let page = page_of(&slug)?;
        let rendered = crate::render::bounded("body", move || Markdown::parse(&body))
            .await?
            .map_err(|e| ApiError::invalid_at("body", e))?;
        if rendered.source.as_str().trim().is_empty() {
            return Err(ApiError::invalid("body", "is required"));
        }
        Ok(LegalPageNode(
            legal::save(context::store(ctx)?, page, rendered, by).await?,
        ))
    }
}
