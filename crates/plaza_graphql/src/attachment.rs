//! Attachments in the API: the files an item has (with signed links for its readers), the
//! links put in place of `/adjuntos/<id>` in rendered bodies, and the `attachments` list an
//! item is saved with. Uploading is plain HTTP (`POST /adjuntos`), not GraphQL.

use async_graphql::{ID, Object};
use chrono::Utc;
use plaza_auth::attachment_url::LinkSigner;
use plaza_domain::attachment::{self, Attachment};
use plaza_domain::ids::{AttachmentId, MemberId};

use crate::context;
use crate::error::{ApiError, ApiResult};

/// An attached file with its links.
#[derive(Debug, Clone)]
pub struct AttachmentNode {
    attachment: Attachment,
    url: String,
    thumbnail_url: Option<String>,
}

/// A file attached to an item: an image (shown in bodies, with a thumbnail) or a PDF of
/// evidence. Its links are signed for the item's readers and expire within two hours; ask
/// again for fresh ones.
#[Object(name = "Attachment")]
impl AttachmentNode {
    /// Its id (as given by the upload; used in an item's `attachments` list).
    async fn id(&self) -> ID {
        ID(self.attachment.id.as_string())
    }

    /// The file's name.
    async fn name(&self) -> &str {
        &self.attachment.name
    }

    /// Its MIME type (`image/png`, `application/pdf`…), read from its content.
    async fn media_type(&self) -> &str {
        self.attachment.media_type.mime()
    }

    /// Size in bytes.
    async fn size(&self) -> u64 {
        self.attachment.size
    }

    /// Width in pixels (images).
    async fn width(&self) -> Option<u32> {
        self.attachment.dimensions.map(|(width, _)| width)
    }

    /// Height in pixels (images).
    async fn height(&self) -> Option<u32> {
        self.attachment.dimensions.map(|(_, height)| height)
    }

    /// Whether it is an image.
    async fn is_image(&self) -> bool {
        self.attachment.media_type.is_image()
    }

    /// A signed, expiring link to the file.
    async fn url(&self) -> &str {
        &self.url
    }

    /// A signed, expiring link to a small JPEG of it (images only).
    async fn thumbnail_url(&self) -> Option<&str> {
        self.thumbnail_url.as_deref()
    }

    /// The markdown that shows it in a body (`![name](/adjuntos/<id>)`, or a link for a PDF).
    async fn markdown(&self) -> String {
        self.attachment.markdown()
    }
}

/// The link signer for the server's key.
fn signer(ctx: &async_graphql::Context<'_>) -> ApiResult<LinkSigner> {
    Ok(LinkSigner::new(context::seal_key(ctx)?))
}

/// The attachments of an item (`case_study:<key>`), for a viewer who may read the item.
pub(crate) async fn of_item(ctx: &async_graphql::Context<'_>, owner: &str) -> ApiResult<Vec<AttachmentNode>> {
    let signer = signer(ctx)?;
    let now = Utc::now().timestamp();
    let found = context::store(ctx)?.attachments_of(owner).await?;
    Ok(found
        .into_iter()
        .map(|attachment| {
            let (url, thumbnail_url) = signer.links(&attachment, now);
            AttachmentNode {
                attachment,
                url,
                thumbnail_url,
            }
        })
        .collect())
}

/// Rendered HTML of an item (`case_study:<key>`) with each `/adjuntos/<id>` replaced by a link
/// signed for the item: the server serves it only if the file is the item's.
pub(crate) fn linked_html(ctx: &async_graphql::Context<'_>, html: &str, owner: &str) -> ApiResult<String> {
    if !html.contains(attachment::PATH_PREFIX) {
        return Ok(html.to_owned());
    }
    let signer = signer(ctx)?;
    let now = Utc::now().timestamp();
    Ok(attachment::link_references(html, |id| {
        let key = id.as_string();
        Some(format!(
            "{}{key}?{}",
            attachment::PATH_PREFIX,
            signer.query(&key, owner, now)
        ))
    }))
}

/// The `attachments` an item is saved with, checked before anything is written: each one the
/// item's already (`owner`, for an existing item) or a file `member` uploaded that is pending.
pub(crate) async fn checked(
    ctx: &async_graphql::Context<'_>,
    raw: Option<&[ID]>,
    owner: Option<&str>,
    member: MemberId,
) -> ApiResult<Option<Vec<AttachmentId>>> {
    let Some(raw) = raw else {
        return Ok(None);
    };
    let strings: Vec<String> = raw.iter().map(|id| id.0.clone()).collect();
    let ids = attachment::parse_ids(&strings).map_err(|e| ApiError::invalid_at("input", e))?;
    let store = context::store(ctx)?;
    for (index, id) in ids.iter().enumerate() {
        let claimable = store.attachment(*id).await?.is_some_and(|found| match &found.item {
            Some(item) => Some(item.as_str()) == owner,
            None => found.uploaded_by == member.as_string(),
        });
        if !claimable {
            return Err(ApiError::invalid(
                format!("input.attachments.{index}"),
                "is not a file you uploaded or one of this item's",
            ));
        }
    }
    Ok(Some(ids))
}

/// Saves an item's attachments (after [`checked`]).
pub(crate) async fn save(
    ctx: &async_graphql::Context<'_>,
    owner: &str,
    member: MemberId,
    ids: Option<Vec<AttachmentId>>,
) -> ApiResult<()> {
    if let Some(ids) = ids {
        context::store(ctx)?.set_item_attachments(owner, member, &ids).await?;
    }
    Ok(())
}

/// Adds files to an item's attachments, keeping those it has (after [`checked`]): a guideline's
/// earlier versions keep showing their images.
pub(crate) async fn add(
    ctx: &async_graphql::Context<'_>,
    owner: &str,
    member: MemberId,
    ids: Option<Vec<AttachmentId>>,
) -> ApiResult<()> {
    let Some(mut ids) = ids else {
        return Ok(());
    };
    let store = context::store(ctx)?;
    for existing in store.attachments_of(owner).await? {
        if !ids.contains(&existing.id) {
            ids.push(existing.id);
        }
    }
    store.set_item_attachments(owner, member, &ids).await?;
    Ok(())
}
