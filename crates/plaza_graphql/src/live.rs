//! Live publication events for embedded widgets: `contentPublished` pushes each case study,
//! practice or guideline as it is first published (and a published guideline again at each new
//! version), only to subscribers who may read it and whose filter it matches (an anonymous
//! widget hears of public items only).

use async_graphql::{Context, ID, InputObject, SimpleObject};
use futures::Stream;
use plaza_app::PublishedBus;
use plaza_domain::item::ItemRef;
use plaza_domain::policy::can_read;
use plaza_domain::taxonomy::{Level, Platform};
use plaza_storage::Store;
use tokio::sync::broadcast;

use crate::content::SearchKind;
use crate::context;
use crate::error::{ApiError, ApiResult};
use crate::ids::encode_item;

/// What a live subscriber wants to hear about.
#[derive(Debug, Clone, Default, InputObject)]
pub struct LiveFilterInput {
    /// Only items that used this platform (code).
    pub platform: Option<String>,
    /// Only items of agencies at this level of government (code).
    pub level: Option<String>,
    /// Only items of this agency (slug).
    pub agency: Option<String>,
}

/// A newly published item.
#[derive(Debug, Clone, SimpleObject)]
pub struct PublishedItem {
    /// Global id.
    pub id: ID,
    /// The kind of item.
    pub kind: SearchKind,
    /// Its title.
    pub title: String,
}

struct Wanted {
    platform: Option<Platform>,
    level: Option<Level>,
    agency: Option<String>,
}

/// The published item behind `item`, if the viewer may read it and it matches `wanted`.
async fn matching(
    store: &Store,
    viewer: &plaza_domain::policy::Viewer,
    item: ItemRef,
    wanted: &Wanted,
) -> Option<PublishedItem> {
    let (kind, title, audience, platforms) = match item {
        ItemRef::CaseStudy(id) => {
            let case = store.case_study(id).await.ok()??;
            let platforms = case.content.platforms.clone();
            (
                SearchKind::CaseStudy,
                case.content.title.into_string(),
                case.audience,
                Some(platforms),
            )
        }
        ItemRef::Practice(id) => {
            let practice = store.practice(id).await.ok()??;
            let platforms = practice.content.platforms.clone();
            (
                SearchKind::Practice,
                practice.content.title.into_string(),
                practice.audience,
                Some(platforms),
            )
        }
        ItemRef::Guideline(id) => {
            let guideline = store.guideline(id).await.ok()??;
            (
                SearchKind::Guideline,
                guideline.content.title.into_string(),
                guideline.audience,
                None,
            )
        }
        ItemRef::Discussion(_) | ItemRef::Reply(_) => return None,
    };
    if !can_read(viewer, &audience) {
        return None;
    }
    if let Some(platform) = wanted.platform
        && !platforms.is_some_and(|list| list.contains(&platform))
    {
        return None;
    }
    if wanted.level.is_some() || wanted.agency.is_some() {
        let agency = store.agency(audience.agency).await.ok()??;
        if wanted.level.is_some_and(|level| agency.level != level)
            || wanted
                .agency
                .as_deref()
                .is_some_and(|slug| agency.slug.as_str() != slug)
        {
            return None;
        }
    }
    Some(PublishedItem {
        id: encode_item(item),
        kind,
        title,
    })
}

/// The `contentPublished` stream.
pub(crate) fn content_published(
    ctx: &Context<'_>,
    filter: LiveFilterInput,
) -> ApiResult<impl Stream<Item = PublishedItem> + use<>> {
    let parse_platform =
        |raw: &str| Platform::parse(raw.trim()).map_err(|e| ApiError::invalid_at("filter.platform", e));
    let parse_level = |raw: &str| Level::parse(raw.trim()).map_err(|e| ApiError::invalid_at("filter.level", e));
    let wanted = Wanted {
        platform: filter.platform.as_deref().map(parse_platform).transpose()?,
        level: filter.level.as_deref().map(parse_level).transpose()?,
        agency: filter.agency.map(|slug| slug.trim().to_owned()),
    };
    let store = context::store(ctx)?.clone();
    let viewer = context::viewer(ctx).clone();
    let receiver = ctx
        .data::<PublishedBus>()
        .map_err(|_| ApiError::internal("no publication bus"))?
        .subscribe();
    Ok(futures::stream::unfold(
        (receiver, store, viewer, wanted),
        |(mut receiver, store, viewer, wanted)| async move {
            loop {
                let item = match receiver.recv().await {
                    Ok(item) => item,
                    Err(broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(broadcast::error::RecvError::Closed) => return None,
                };
                if let Some(published) = matching(&store, &viewer, item, &wanted).await {
                    return Some((published, (receiver, store, viewer, wanted)));
                }
            }
        },
    ))
}
