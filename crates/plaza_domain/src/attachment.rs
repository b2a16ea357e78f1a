//! Attachments: images and PDFs of evidence that belong to a content item. A file is uploaded
//! first (then it is *pending*, seen by its uploader only), and is claimed by an item when the
//! item is saved with it; from then on it has the item's audience. Bodies refer to an attached
//! image as `![text](/adjuntos/<id>)`; readers get signed, expiring links in its place.
//!
//! The type of a file is read from its first bytes, never from its name or the declared type.

use crate::ValidationError;
use crate::ids::AttachmentId;

/// Largest file accepted, in bytes (10 MiB).
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// Most attachments one item may have.
pub const MAX_PER_ITEM: usize = 20;
/// Most pending (uploaded, not yet saved with an item) attachments one member may hold.
pub const MAX_PENDING_PER_MEMBER: usize = 40;
/// Hours a pending attachment is kept before it is deleted.
pub const PENDING_HOURS: i64 = 24;
/// Most pixels an image may have (width × height): decoding a larger one would take too much
/// memory (a 100 KB PNG can claim 50,000 × 50,000 pixels).
pub const MAX_PIXELS: u64 = 40_000_000;
/// Longest side of a thumbnail, in pixels.
pub const THUMBNAIL_SIDE: u32 = 320;
/// Longest file name kept, in characters.
pub const NAME_MAX_CHARS: usize = 120;
/// The path attachments are served under (and referred to by in bodies).
pub const PATH_PREFIX: &str = "/adjuntos/";

/// The kinds of file Plaza accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MediaType {
    /// PNG image.
    Png,
    /// JPEG image.
    Jpeg,
    /// GIF image.
    Gif,
    /// WebP image.
    Webp,
    /// PDF document.
    Pdf,
}

impl MediaType {
    /// Every accepted type.
    pub const ALL: &'static [MediaType] = &[Self::Png, Self::Jpeg, Self::Gif, Self::Webp, Self::Pdf];

    /// Reads the type from a file's first bytes; `None` for anything Plaza does not accept.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
            Some(Self::Jpeg)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(Self::Gif)
        } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
            Some(Self::Webp)
        } else if bytes.starts_with(b"%PDF-") {
            Some(Self::Pdf)
        } else {
            None
        }
    }

    /// The MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Gif => "image/gif",
            Self::Webp => "image/webp",
            Self::Pdf => "application/pdf",
        }
    }

    /// Reads a stored MIME type back.
    pub fn from_mime(mime: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|kind| kind.mime() == mime)
    }

    /// Whether it is an image (shown inline, with a thumbnail).
    pub fn is_image(self) -> bool {
        self != Self::Pdf
    }
}

/// A file's display name: the last part of what the browser sent (no folders), without control
/// characters, quotes or slashes, at most [`NAME_MAX_CHARS`]; "adjunto" when nothing is left.
pub fn display_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | '`'))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let trimmed = cleaned.trim_matches('.').trim();
    if trimmed.is_empty() {
        return "adjunto".to_owned();
    }
    trimmed.chars().take(NAME_MAX_CHARS).collect()
}

/// An attachment as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// Its id (also its file's name in the blob store).
    pub id: AttachmentId,
    /// Display name.
    pub name: String,
    /// What it is.
    pub media_type: MediaType,
    /// Size in bytes.
    pub size: u64,
    /// Image width and height in pixels (images only).
    pub dimensions: Option<(u32, u32)>,
    /// SHA-256 of the content, hex (the HTTP entity tag).
    pub sha256: String,
    /// Who uploaded it (a member id).
    pub uploaded_by: String,
    /// The item it belongs to (`case_study:<key>`), or none while pending.
    pub item: Option<String>,
    /// When it was uploaded.
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl Attachment {
    /// Who may be given links to it: the item's record (`case_study:<key>`) once claimed, else
    /// its uploader (`member:<id>`).
    pub fn owner(&self) -> String {
        self.item
            .clone()
            .unwrap_or_else(|| format!("member:{}", self.uploaded_by))
    }

    /// The markdown that shows it in a body: an image, or a link to the document.
    pub fn markdown(&self) -> String {
        let text = self.name.replace(['[', ']'], "");
        let bang = if self.media_type.is_image() { "!" } else { "" };
        format!("{bang}[{text}]({PATH_PREFIX}{})", self.id)
    }
}

/// The attachment ids a list of ids names, parsed and without repeats; at most
/// [`MAX_PER_ITEM`].
pub fn parse_ids(raw: &[String]) -> Result<Vec<AttachmentId>, ValidationError> {
    if raw.len() > MAX_PER_ITEM {
        return Err(ValidationError::new(
            "attachments",
            format!("an item has at most {MAX_PER_ITEM} attachments"),
        ));
    }
    let mut ids = Vec::with_capacity(raw.len());
    for (index, one) in raw.iter().enumerate() {
        let id = AttachmentId::parse(one.trim().trim_start_matches("Attachment:"))
            .map_err(|_| ValidationError::new(format!("attachments.{index}"), "is not an attachment id"))?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// Rewrites every `"/adjuntos/<id>` in rendered HTML (inside `src="…"` or `href="…"`) with
/// what `link` gives for that id (a signed URL); ids `link` declines are left as they are (they
/// answer 404). Linear in the HTML.
pub fn link_references(html: &str, mut link: impl FnMut(AttachmentId) -> Option<String>) -> String {
    let marker = format!("\"{PATH_PREFIX}");
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(&marker) {
        let start = at + marker.len();
        out.push_str(&rest[..at]);
        let candidate = rest.get(start..start + 26);
        let closes = rest.as_bytes().get(start + 26) == Some(&b'"');
        match candidate.filter(|_| closes).and_then(|id| AttachmentId::parse(id).ok()) {
            Some(id) => match link(id) {
                Some(url) => {
                    out.push('"');
                    out.push_str(&url);
                    out.push('"');
                    rest = &rest[start + 27..];
                }
                None => {
                    out.push_str(&marker);
                    rest = &rest[start..];
                }
            },
            None => {
                out.push_str(&marker);
                rest = &rest[start..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_read_from_the_first_bytes_only() {
        assert_eq!(MediaType::sniff(b"\x89PNG\r\n\x1a\n...."), Some(MediaType::Png));
        assert_eq!(MediaType::sniff(&[0xff, 0xd8, 0xff, 0xe0]), Some(MediaType::Jpeg));
        assert_eq!(MediaType::sniff(b"GIF89a..."), Some(MediaType::Gif));
        assert_eq!(MediaType::sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(MediaType::Webp));
        assert_eq!(MediaType::sniff(b"%PDF-1.7\n"), Some(MediaType::Pdf));
        assert_eq!(MediaType::sniff(b"<svg xmlns=\"http://www.w3.org/2000/svg\">"), None);
        assert_eq!(MediaType::sniff(b"MZ\x90\0"), None);
        assert_eq!(MediaType::sniff(b"<html><script>"), None);
        assert_eq!(MediaType::sniff(b"RIFF\0\0\0\0WAVE"), None);
        assert_eq!(MediaType::sniff(b""), None);
        for kind in MediaType::ALL {
            assert_eq!(MediaType::from_mime(kind.mime()), Some(*kind));
        }
    }

    #[test]
    fn names_keep_the_file_name_only_without_what_could_break_markup() {
        assert_eq!(display_name("C:\\Users\\ana\\captura 1.png"), "captura 1.png");
        assert_eq!(display_name("../../etc/passwd"), "passwd");
        assert_eq!(display_name("a\"<b>\u{0}\n.png"), "ab.png");
        assert_eq!(display_name("   "), "adjunto");
        assert_eq!(display_name(".."), "adjunto");
        assert_eq!(display_name(&"ñ".repeat(500)).chars().count(), NAME_MAX_CHARS);
    }

    #[test]
    fn references_in_html_are_replaced_only_when_well_formed_and_accepted() {
        let id = AttachmentId::generate();
        let other = AttachmentId::generate();
        let html = format!(
            "<p><img src=\"/adjuntos/{id}\" alt=\"x\"> <a href=\"/adjuntos/{other}\">pdf</a> \
             <img src=\"/adjuntos/{id}x\"> <img src=\"/adjuntos/nope\"> \"/adjuntos/</p>"
        );
        let linked = link_references(&html, |found| (found == id).then(|| format!("/adjuntos/{found}?s=1")));
        assert!(
            linked.contains(&format!("<img src=\"/adjuntos/{id}?s=1\" alt=\"x\">")),
            "{linked}"
        );
        assert!(linked.contains(&format!("href=\"/adjuntos/{other}\"")), "{linked}");
        assert!(linked.contains(&format!("src=\"/adjuntos/{id}x\"")), "{linked}");
        assert!(
            linked.ends_with("<img src=\"/adjuntos/nope\"> \"/adjuntos/</p>"),
            "{linked}"
        );
        assert_eq!(linked.matches("?s=1").count(), 1);
    }

    #[test]
    fn ids_are_parsed_deduplicated_and_bounded() {
        let id = AttachmentId::generate();
        let raw = vec![id.to_string(), format!("Attachment:{id}")];
        assert_eq!(parse_ids(&raw).expect("ids"), vec![id]);
        let bad = parse_ids(&["x".to_owned()]).expect_err("bad id");
        assert_eq!(bad.field, "attachments.0");
        let many = vec![id.to_string(); MAX_PER_ITEM + 1];
        assert!(parse_ids(&many).is_err());
    }

    #[test]
    fn markdown_shows_images_and_links_documents() {
        let mut attachment = Attachment {
            id: AttachmentId::generate(),
            name: "foto [1].png".into(),
            media_type: MediaType::Png,
            size: 10,
            dimensions: Some((1, 1)),
            sha256: String::new(),
            uploaded_by: "M".into(),
            item: None,
            created_at: chrono::Utc::now(),
        };
        assert_eq!(
            attachment.markdown(),
            format!("![foto 1.png](/adjuntos/{})", attachment.id)
        );
        assert_eq!(attachment.owner(), "member:M");
        attachment.media_type = MediaType::Pdf;
        attachment.item = Some("case_study:K".into());
        assert!(attachment.markdown().starts_with("[foto 1.png]"));
        assert_eq!(attachment.owner(), "case_study:K");
    }
}
