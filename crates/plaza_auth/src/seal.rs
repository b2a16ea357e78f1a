//! Secrets at rest: an identity provider's client secret, a login's PKCE verifier and nonce,
//! a session's ID token. Sealed with XChaCha20-Poly1305 under a key from configuration, with
//! the record they belong to as associated data, so a sealed value copied into another record
//! does not open.
//!
//! Sealed form: `v1.` followed by base64url(24-byte nonce ‖ ciphertext ‖ tag).

use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore as _;
use secrecy::{ExposeSecret, SecretBox, SecretString};

const PREFIX: &str = "v1.";
const NONCE_BYTES: usize = 24;
/// Length of a key in bytes.
pub const KEY_BYTES: usize = 32;

/// Why a key or a sealed value was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    /// The configured key is not 32 bytes of base64.
    #[error("the secret key must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`)")]
    BadKey,
    /// The value was not sealed under this key for this record, or was altered.
    #[error("a sealed secret does not open with the configured key")]
    Unopenable,
}

/// The key that seals secrets at rest. Its debug form shows nothing.
pub struct SealKey {
    key: SecretBox<[u8; KEY_BYTES]>,
}

impl std::fmt::Debug for SealKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealKey(…)")
    }
}

impl SealKey {
    /// Reads a key from its base64 form (standard or url-safe, padding optional).
    pub fn from_base64(encoded: &str) -> Result<Self, SealError> {
        let trimmed = encoded.trim().trim_end_matches('=');
        let engines = [
            base64::engine::general_purpose::STANDARD_NO_PAD,
            base64::engine::general_purpose::URL_SAFE_NO_PAD,
        ];
        let bytes = engines
            .iter()
            .find_map(|engine| engine.decode(trimmed).ok())
            .ok_or(SealError::BadKey)?;
        let key: [u8; KEY_BYTES] = bytes.try_into().map_err(|_| SealError::BadKey)?;
        Ok(Self {
            key: SecretBox::new(Box::new(key)),
        })
    }

    /// A fresh random key, in base64 (for `plaza` to write a development key file).
    pub fn generate_base64() -> SecretString {
        let mut key = [0u8; KEY_BYTES];
        rand::rng().fill_bytes(&mut key);
        SecretString::from(base64::engine::general_purpose::STANDARD.encode(key))
    }

    /// A key for one purpose derived from this one: SHA-256 of this (fixed-length, secret) key,
    /// a zero byte and the purpose. What it signs cannot be confused with what another purpose
    /// signs, and it reveals nothing of this key.
    pub fn derive(&self, purpose: &str) -> [u8; 32] {
        use sha2::Digest as _;
        let mut hasher = sha2::Sha256::new();
        hasher.update(self.key.expose_secret());
        hasher.update([0u8]);
        hasher.update(purpose.as_bytes());
        hasher.finalize().into()
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(self.key.expose_secret().into())
    }

    /// Seals `plaintext` for the record named by `context` (e.g. `identity_provider:01H…/secret`).
    pub fn seal(&self, plaintext: &str, context: &str) -> String {
        let mut nonce = [0u8; NONCE_BYTES];
        rand::rng().fill_bytes(&mut nonce);
        let payload = Payload {
            msg: plaintext.as_bytes(),
            aad: context.as_bytes(),
        };
        // Encryption with a valid key and nonce length cannot fail; an empty ciphertext would
        // simply not open later, which the caller reports.
        let sealed = self
            .cipher()
            .encrypt(XNonce::from_slice(&nonce), payload)
            .unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        format!(
            "{PREFIX}{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(out)
        )
    }

    /// Opens a value sealed for `context`.
    pub fn open(&self, sealed: &str, context: &str) -> Result<SecretString, SealError> {
        let encoded = sealed.strip_prefix(PREFIX).ok_or(SealError::Unopenable)?;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(encoded)
            .map_err(|_| SealError::Unopenable)?;
        if bytes.len() <= NONCE_BYTES {
            return Err(SealError::Unopenable);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_BYTES);
        let payload = Payload {
            msg: ciphertext,
            aad: context.as_bytes(),
        };
        let plaintext = self
            .cipher()
            .decrypt(XNonce::from_slice(nonce), payload)
            .map_err(|_| SealError::Unopenable)?;
        String::from_utf8(plaintext)
            .map(SecretString::from)
            .map_err(|_| SealError::Unopenable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SealKey {
        SealKey::from_base64(SealKey::generate_base64().expose_secret()).unwrap()
    }

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_and_context() {
        let key = key();
        let sealed = key.seal("s3cret-client-secret", "identity_provider:a/secret");
        assert!(!sealed.contains("s3cret"));
        assert_eq!(
            key.open(&sealed, "identity_provider:a/secret").unwrap().expose_secret(),
            "s3cret-client-secret"
        );
        assert!(key.open(&sealed, "identity_provider:b/secret").is_err());
        assert!(self::key().open(&sealed, "identity_provider:a/secret").is_err());
    }

    #[test]
    fn sealing_twice_gives_different_ciphertexts() {
        let key = key();
        assert_ne!(key.seal("x", "c"), key.seal("x", "c"));
    }

    #[test]
    fn tampered_or_malformed_values_do_not_open() {
        let key = key();
        let sealed = key.seal("value", "c");
        let mut tampered = sealed.clone().into_bytes();
        let last = tampered.len() - 1;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).unwrap();
        for bad in ["", "v1.", "v1.AAAA", "value", tampered.as_str()] {
            assert!(key.open(bad, "c").is_err(), "{bad}");
        }
    }

    #[test]
    fn keys_must_be_32_bytes_of_base64() {
        assert!(SealKey::from_base64("short").is_err());
        assert!(SealKey::from_base64("").is_err());
        assert!(SealKey::from_base64(&"A".repeat(43)).is_ok());
        assert_eq!(format!("{:?}", key()), "SealKey(…)");
    }
}
