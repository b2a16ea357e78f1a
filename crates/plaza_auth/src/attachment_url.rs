//! Signed, expiring links to attachments. A link names the attachment, who it was issued for
//! (the item it belongs to, or for a pending file its uploader), and when it expires; the
//! signature is HMAC-SHA256 of the three under a key derived from the server's key. Links are
//! issued only to viewers who may read the item, so whoever holds one may fetch the file until
//! it expires; nobody can forge one, extend one, or point one at another item's file.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::seal::SealKey;

/// How long a link lasts at least. Links expire on the hour after that, so the links issued
/// within one hour are the same (the browser's cache keeps working).
pub const LINK_LIFETIME_SECS: i64 = 3600;

/// Signs and checks attachment links.
#[derive(Clone)]
pub struct LinkSigner {
    key: [u8; 32],
}

impl std::fmt::Debug for LinkSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkSigner(…)")
    }
}

/// The parts of a signed link's query string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkQuery {
    /// Who the link was issued for (`case_study:<key>`, `member:<id>`).
    pub owner: String,
    /// Expiry, seconds since the epoch.
    pub expires: i64,
    /// The signature (base64url).
    pub signature: String,
}

/// Why a link is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// The signature does not match (tampered or forged).
    #[error("the link is not valid")]
    Invalid,
    /// The link is past its expiry.
    #[error("the link has expired; reload the page for a new one")]
    Expired,
}

impl LinkSigner {
    /// The signer for the server's key.
    pub fn new(seal: &SealKey) -> Self {
        Self {
            key: seal.derive("plaza attachment links v1"),
        }
    }

    fn mac(&self, id: &str, owner: &str, expires: i64) -> Hmac<Sha256> {
        // HMAC pads a short key with zeros to the hash's block: padding it here is the same
        // key, and the fixed-size constructor cannot fail.
        let mut block = [0u8; 64];
        block[..32].copy_from_slice(&self.key);
        let mut mac = <Hmac<Sha256> as hmac::digest::KeyInit>::new(&block.into());
        mac.update(id.as_bytes());
        mac.update(b"\n");
        mac.update(owner.as_bytes());
        mac.update(b"\n");
        mac.update(expires.to_string().as_bytes());
        mac
    }

    /// When a link issued at `now` (seconds) expires.
    pub fn expiry(now: i64) -> i64 {
        let at_least = now + LINK_LIFETIME_SECS;
        at_least + (3600 - at_least.rem_euclid(3600)) % 3600
    }

    /// The query string (`o=…&e=…&s=…`) of a link to attachment `id` for `owner`.
    pub fn query(&self, id: &str, owner: &str, now: i64) -> String {
        let expires = Self::expiry(now);
        let signature = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(self.mac(id, owner, expires).finalize().into_bytes());
        let owner: String = url::form_urlencoded::byte_serialize(owner.as_bytes()).collect();
        format!("o={owner}&e={expires}&s={signature}")
    }

    /// The links to an attachment and (for images) its thumbnail, issued at `now` (seconds),
    /// for whoever may read its owner.
    pub fn links(&self, attachment: &plaza_domain::attachment::Attachment, now: i64) -> (String, Option<String>) {
        let prefix = plaza_domain::attachment::PATH_PREFIX;
        let key = attachment.id.as_string();
        let query = self.query(&key, &attachment.owner(), now);
        let file = format!("{prefix}{key}?{query}");
        let thumbnail = attachment
            .media_type
            .is_image()
            .then(|| format!("{prefix}{key}/mini?{query}"));
        (file, thumbnail)
    }

    /// Checks a link to attachment `id` at `now` (seconds).
    pub fn verify(&self, id: &str, link: &LinkQuery, now: i64) -> Result<(), LinkError> {
        let signature = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(link.signature.as_bytes())
            .map_err(|_| LinkError::Invalid)?;
        self.mac(id, &link.owner, link.expires)
            .verify_slice(&signature)
            .map_err(|_| LinkError::Invalid)?;
        if link.expires < now {
            return Err(LinkError::Expired);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret as _;

    fn signer() -> LinkSigner {
        LinkSigner::new(&SealKey::from_base64(SealKey::generate_base64().expose_secret()).unwrap())
    }

    fn parse(query: &str) -> LinkQuery {
        let pairs: std::collections::HashMap<String, String> =
            url::form_urlencoded::parse(query.as_bytes()).into_owned().collect();
        LinkQuery {
            owner: pairs["o"].clone(),
            expires: pairs["e"].parse().unwrap(),
            signature: pairs["s"].clone(),
        }
    }

    #[test]
    fn a_link_opens_its_file_for_its_owner_until_it_expires() {
        let signer = signer();
        let now = 1_800_000_123;
        let link = parse(&signer.query("A1", "case_study:K", now));
        assert_eq!(link.owner, "case_study:K");
        assert!(link.expires >= now + LINK_LIFETIME_SECS && link.expires < now + LINK_LIFETIME_SECS + 3600);
        assert_eq!(link.expires % 3600, 0);
        assert_eq!(signer.verify("A1", &link, now), Ok(()));
        assert_eq!(signer.verify("A1", &link, link.expires + 1), Err(LinkError::Expired));
        // Another file, another owner, a later expiry or another server key: refused.
        assert_eq!(signer.verify("A2", &link, now), Err(LinkError::Invalid));
        let moved = LinkQuery {
            owner: "case_study:L".into(),
            ..link.clone()
        };
        assert_eq!(signer.verify("A1", &moved, now), Err(LinkError::Invalid));
        let extended = LinkQuery {
            expires: link.expires + 3600,
            ..link.clone()
        };
        assert_eq!(signer.verify("A1", &extended, now), Err(LinkError::Invalid));
        assert_eq!(self::signer().verify("A1", &link, now), Err(LinkError::Invalid));
        let garbage = LinkQuery {
            signature: "%%%".into(),
            ..link
        };
        assert_eq!(signer.verify("A1", &garbage, now), Err(LinkError::Invalid));
    }

    #[test]
    fn links_issued_within_one_hour_are_the_same() {
        let signer = signer();
        let hour: i64 = 500_000 * 3600;
        assert_eq!(signer.query("A", "o", hour + 1), signer.query("A", "o", hour + 3599));
        assert_ne!(signer.query("A", "o", hour + 1), signer.query("A", "o", hour + 3601));
        assert_eq!(LinkSigner::expiry(hour), hour + 3600);
    }
}
