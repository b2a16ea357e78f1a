//! Live publication events for embedded widgets: `contentPublished` pushes each case study,
//! practice or guideline as it is first published (and a published guideline again at each new
//! version), only to subscribers who may read it and whose filter it matches (an anonymous
//! widget hears of public items only).

use async_graphql::{Context, ID, InputObject, SimpleObject};
use futures::Stream;
use plaza_domain::policy::can_read;
use plaza_domain::taxonomy::{Level, Platform};
use plaza_storage::Store;
use tokio::sync::broadcast;

use crate::context;
use crate::error::{ApiError, ApiResult};
use crate::ids::{NodeKind, encode};
use crate::search::SearchKind;

/// Carries first publications (`table:key`) to live subscribers of this process.
#[derive(Debug, Clone)]
pub struct PublishedBus {
    sender: broadcast::Sender<String>,
}

impl Default for PublishedBus {
    fn default() -> Self {
        let (sender, _) = broadcast::channel(256);
        Self { sender }
    }
}

impl PublishedBus {
    /// Announces a first publication, or a published guideline's new version (no subscriber is fine).
    pub(crate) fn publish(&self, item: &str) {
        let _ = self.sender.send(item.to_owned());
    }
}

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
    item: &str,
    wanted: &Wanted,
) -> Option<PublishedItem> {
    let (table, key) = item.split_once(':')?;
    let (kind, node_kind, title, audience, platforms) = match table {
        "case_study" => {
            let case = store.case_study(key.parse().ok()?).await.ok()??;
            let platforms = case.content.platforms.clone();
            (
                SearchKind::CaseStudy,
                NodeKind::CaseStudy,
                case.content.title.into_string(),
                case.audience,
                Some(platforms),
            )
        }
        "practice" => {
            let practice = store.practice(key.parse().ok()?).await.ok()??;
            let platforms = practice.content.platforms.clone();
            (
                SearchKind::Practice,
                NodeKind::Practice,
                practice.content.title.into_string(),
                practice.audience,
                Some(platforms),
            )
        }
        "guideline" => {
            let guideline = store.guideline(key.parse().ok()?).await.ok()??;
            (
                SearchKind::Guideline,
                NodeKind::Guideline,
                guideline.content.title.into_string(),
                guideline.audience,
                None,
            )
        }
        _ => return None,
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
        id: encode(node_kind, key),
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
        .map_err(|_| ApiError::Storage(plaza_storage::StorageError::Database("no publication bus".into())))?
        .sender
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
                if let Some(published) = matching(&store, &viewer, &item, &wanted).await {
                    return Some((published, (receiver, store, viewer, wanted)));
                }
            }
        },
    ))
}
