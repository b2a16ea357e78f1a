//! What the content areas share: visibility and status enums, presentation inputs, the list
//! filter, and helpers for resolving owners and authors under the policy.

mod freshness;
mod moderation;

use async_graphql::{Context, Enum, ID, InputObject};
use plaza_domain::content::{Audience, CommonInput, Language, PublicationStatus, Visibility};
use plaza_domain::ids::MemberId;
use plaza_domain::item::{ContentKind, FollowTarget, ItemRef, SignalKind};
use plaza_domain::policy::{self, Viewer};
use plaza_domain::taxonomy::{Dimension, Level, Objective, Platform, Threat};
use plaza_domain::text::Country;
use plaza_storage::ContentFilter;

use crate::agency::{AgencyNode, MemberNode};
use crate::context;
use crate::error::{ApiError, ApiResult};

pub(crate) use moderation::{hidden_reason, may_publish_again, moderates};

pub use freshness::{Freshness, FreshnessMutation, freshness};

/// What kind of item a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum SearchKind {
    /// A case study.
    CaseStudy,
    /// A practice.
    Practice,
    /// A guideline.
    Guideline,
    /// A discussion or question.
    Discussion,
}

impl SearchKind {
    pub(crate) fn of(kind: ContentKind) -> Self {
        match kind {
            ContentKind::CaseStudy => SearchKind::CaseStudy,
            ContentKind::Practice => SearchKind::Practice,
            ContentKind::Guideline => SearchKind::Guideline,
            ContentKind::Discussion => SearchKind::Discussion,
        }
    }
}

/// Who may read an item once it is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum VisibilityValue {
    /// Anyone, without signing in.
    Public,
    /// Any signed-in member of any agency.
    Network,
    /// Members of the owning agency only.
    Agency,
    /// Members of one group only.
    Group,
}

impl VisibilityValue {
    /// The stable code.
    pub(crate) fn code(self) -> &'static str {
        match self {
            VisibilityValue::Public => "public",
            VisibilityValue::Network => "network",
            VisibilityValue::Agency => "agency",
            VisibilityValue::Group => "group",
        }
    }

    /// The GraphQL form of a visibility.
    pub fn of(visibility: Visibility) -> Self {
        match visibility {
            Visibility::Public => VisibilityValue::Public,
            Visibility::Network => VisibilityValue::Network,
            Visibility::Agency => VisibilityValue::Agency,
            Visibility::Group(_) => VisibilityValue::Group,
        }
    }
}

/// Where an item is in its publication life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum StatusValue {
    /// Visible to its editors only.
    Draft,
    /// Visible to its audience.
    Published,
    /// Taken down; visible to its editors only.
    Withdrawn,
}

impl StatusValue {
    /// The GraphQL form of a status.
    pub fn of(status: PublicationStatus) -> Self {
        match status {
            PublicationStatus::Draft => StatusValue::Draft,
            PublicationStatus::Published => StatusValue::Published,
            PublicationStatus::Withdrawn => StatusValue::Withdrawn,
        }
    }

    fn domain(self) -> PublicationStatus {
        match self {
            StatusValue::Draft => PublicationStatus::Draft,
            StatusValue::Published => PublicationStatus::Published,
            StatusValue::Withdrawn => PublicationStatus::Withdrawn,
        }
    }
}

/// Language, licence, audience and tags of an item.
#[derive(Debug, Clone, Default, InputObject)]
pub struct PresentationInput {
    /// ISO 639-1 language code (`es`, `ca`, `gl`, `eu`, `pt`, `en`, `fr`, `it`); when omitted on
    /// creation, the language the text is detected to be in (`es` when it cannot be told).
    pub language: Option<String>,
    /// Licence identifier (`CC-BY-4.0` by default, `CC0-1.0`, `CC-BY-SA-4.0`…).
    pub licence: Option<String>,
    /// Who may read it once published; `NETWORK` by default.
    pub visibility: Option<VisibilityValue>,
    /// The group, with `GROUP` visibility.
    pub group_id: Option<ID>,
    /// Free tags.
    pub tags: Option<Vec<String>>,
}

impl PresentationInput {
    /// Overlays the given fields on `base` (the stored values when updating).
    pub fn onto(&self, base: CommonInput) -> ApiResult<CommonInput> {
        let group = match &self.group_id {
            Some(id) => Some(crate::ids::group_id(id, "input.groupId")?),
            None if self.visibility.is_some() => None,
            None => base.group,
        };
        Ok(CommonInput {
            language: self.language.clone().or(base.language),
            licence: self.licence.clone().or(base.licence),
            visibility: self.visibility.map(|v| v.code().to_owned()).or(base.visibility),
            group,
            tags: self.tags.clone().unwrap_or(base.tags),
        })
    }

    /// The presentation of a new item.
    pub fn new_item(&self) -> ApiResult<CommonInput> {
        self.onto(CommonInput {
            language: None,
            licence: None,
            visibility: None,
            group: None,
            tags: Vec::new(),
        })
    }
}

/// Narrows a list of content. Codes are those of `taxonomies`.
#[derive(Debug, Clone, Default, InputObject)]
pub struct ContentFilterInput {
    /// Slug of the owning agency.
    pub agency: Option<String>,
    /// Objective code.
    pub objective: Option<String>,
    /// Platform code.
    pub platform: Option<String>,
    /// Public-value dimension code.
    pub dimension: Option<String>,
    /// Threat code.
    pub threat: Option<String>,
    /// Level of government code of the owning agency.
    pub level: Option<String>,
    /// ISO country code of the owning agency.
    pub country: Option<String>,
    /// Publication status; `PUBLISHED` by default (drafts list only what the viewer manages).
    pub status: Option<StatusValue>,
    /// ISO 639-1 language code.
    pub language: Option<String>,
}

fn parse_optional<T>(
    raw: &Option<String>,
    field: &str,
    parse: impl Fn(&str) -> Result<T, plaza_domain::ValidationError>,
) -> ApiResult<Option<T>> {
    raw.as_deref()
        .map(|value| parse(value.trim()))
        .transpose()
        .map_err(|e| ApiError::invalid(format!("filter.{field}"), e.message))
}

impl ContentFilterInput {
    /// Parses the filter; unknown codes and agencies are bad input.
    pub async fn parse(&self, ctx: &Context<'_>) -> ApiResult<ContentFilter> {
        let agency = match &self.agency {
            None => None,
            Some(slug) => Some(
                context::store(ctx)?
                    .agency_by_slug(slug.trim())
                    .await?
                    .ok_or_else(|| ApiError::invalid("filter.agency", "no agency has this slug"))?
                    .id,
            ),
        };
        Ok(ContentFilter {
            agency,
            objective: parse_optional(&self.objective, "objective", Objective::parse)?,
            platform: parse_optional(&self.platform, "platform", Platform::parse)?,
            dimension: parse_optional(&self.dimension, "dimension", Dimension::parse)?,
            threat: parse_optional(&self.threat, "threat", Threat::parse)?,
            level: parse_optional(&self.level, "level", Level::parse)?,
            country: parse_optional(&self.country, "country", Country::parse)?,
            status: self.status.map(StatusValue::domain),
            language: parse_optional(&self.language, "language", Language::parse)?,
        })
    }
}

/// Identifies the item a status change applies to.
#[derive(Debug, Clone, InputObject)]
pub struct ItemIdInput {
    /// Global id of the item.
    pub id: ID,
}

/// The owning agency of an item.
pub async fn owner(ctx: &Context<'_>, audience: &Audience) -> ApiResult<Option<AgencyNode>> {
    Ok(context::agency(ctx, audience.agency).await?.map(AgencyNode))
}

/// The authors of an item.
pub async fn authors(ctx: &Context<'_>, authors: &[MemberId]) -> ApiResult<Vec<MemberNode>> {
    let mut found = Vec::with_capacity(authors.len());
    for author in authors {
        if let Some(member) = context::member(ctx, *author).await? {
            found.push(MemberNode(member));
        }
    }
    Ok(found)
}

/// The global id of the group that may read an item with `GROUP` visibility.
pub fn group_id(audience: &Audience) -> Option<async_graphql::ID> {
    audience
        .visibility
        .group()
        .map(|group| crate::ids::encode(crate::ids::NodeKind::Group, &group.as_string()))
}

/// Whether the viewer may edit an item.
pub fn viewer_can_edit(ctx: &Context<'_>, audience: &Audience) -> bool {
    policy::can_edit(context::viewer(ctx), audience).is_ok()
}

/// Returns the item only if the viewer may read it.
pub fn readable<T>(viewer: &Viewer, item: Option<T>, audience: impl Fn(&T) -> &Audience) -> Option<T> {
    item.filter(|item| policy::can_read(viewer, audience(item)))
}

/// Refuses anonymous viewers before any other check.
pub fn require_member(viewer: &Viewer) -> ApiResult<&plaza_domain::policy::MemberViewer> {
    viewer.member().ok_or(ApiError::Denied(policy::Denial::Unauthenticated))
}

/// Refuses a group visibility for a group the viewer does not belong to.
pub fn require_group_access(viewer: &Viewer, visibility: Visibility) -> ApiResult<()> {
    let member = require_member(viewer)?;
    match visibility.group() {
        Some(group) if !member.groups.contains(&group) => Err(ApiError::Denied(policy::Denial::Forbidden)),
        _ => Ok(()),
    }
}

/// The markdown preview editors show while writing.
#[derive(Default)]
pub struct MarkdownQuery;

#[async_graphql::Object]
impl MarkdownQuery {
    /// Markdown rendered exactly as Plaza will show it: sanitised HTML with no scripts, event
    /// handlers, styles, frames or unsafe links. Up to 100 KB; nothing is stored.
    async fn preview_markdown(
        &self,
        #[graphql(desc = "Markdown as the author is writing it, up to 100 KB.")] markdown: String,
    ) -> ApiResult<String> {
        let body =
            plaza_domain::text::Body::parse(&markdown).map_err(|error| ApiError::invalid_at("markdown", error))?;
        crate::render::bounded("markdown", move || plaza_domain::markdown::render(body.as_str())).await
    }
}

/// How many endorsed an item, and whether the viewer did (for the item types).
pub(crate) async fn endorsements(ctx: &Context<'_>, item: ItemRef) -> ApiResult<(u64, bool)> {
    if let Some(loaded) = context::facts(ctx, item).and_then(|facts| facts.endorsements) {
        return Ok(loaded);
    }
    let store = context::store(ctx)?;
    let target = FollowTarget::Item(item);
    let count = store.signal_count(SignalKind::Endorse, &target).await?;
    let mine = match context::viewer(ctx).member() {
        Some(member) => store.has_signal(SignalKind::Endorse, member.id, &target).await?,
        None => false,
    };
    Ok((count, mine))
}
