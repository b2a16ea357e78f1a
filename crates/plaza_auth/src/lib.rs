//! Plaza's authentication primitives: API tokens and browser session ids (random secrets of
//! which only a hash is stored), the OpenID Connect relying party ([`oidc`]), sealing secrets
//! at rest ([`seal`]), the in-memory credential cache ([`cache`]) and rate limits
//! ([`ratelimit`]).
//!
//! A token is `plz_` followed by 43 base64url characters (32 random bytes). Only its SHA-256 is
//! stored; a lookup hashes the presented token and compares hashes, so the plaintext exists
//! only in the response that issued it and in the client's hands.
//!
//! Depends on the domain only; never on storage or the web layer.

pub mod attachment_url;
pub mod cache;
pub mod oidc;
pub mod ratelimit;
pub mod seal;
pub mod webhook;

use base64::Engine as _;
use rand::RngCore as _;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

/// Prefix that makes Plaza tokens recognisable (and findable by secret scanners).
pub const TOKEN_PREFIX: &str = "plz_";
/// Prefix of a browser session id (the value of the session cookie).
pub const SESSION_PREFIX: &str = "plzs_";
/// Prefix of a member's secret feed key (it only opens their feeds, never the API).
pub const FEED_KEY_PREFIX: &str = "plzf_";
/// Random bytes in a token.
const TOKEN_BYTES: usize = 32;
/// Length of a well-formed token.
#[cfg(test)]
const TOKEN_LENGTH: usize = TOKEN_PREFIX.len() + 43;

/// A freshly issued token: the plaintext to show once, and the hash to store.
#[derive(Debug)]
pub struct IssuedToken {
    /// The token, to give to the client exactly once.
    pub plaintext: SecretString,
    /// Hex SHA-256 of the token, to store.
    pub hash: String,
}

/// Why a presented credential was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// Not a Plaza token at all.
    #[error("malformed token")]
    Malformed,
}

impl AuthError {
    /// The client-visible code.
    pub fn code(self) -> plaza_domain::ErrorCode {
        plaza_domain::ErrorCode::Unauthenticated
    }
}

/// Issues a new random token.
pub fn issue_token() -> IssuedToken {
    issue_secret(TOKEN_PREFIX)
}

/// Issues a new random browser session id.
pub fn issue_session_id() -> IssuedToken {
    issue_secret(SESSION_PREFIX)
}

/// Issues a new secret feed key: the part of a member's private feed URLs that says who reads.
pub fn issue_feed_key() -> IssuedToken {
    issue_secret(FEED_KEY_PREFIX)
}

/// Checks a presented feed key's shape and returns the hash to look up.
pub fn presented_feed_key_hash(presented: &str) -> Result<String, AuthError> {
    if well_formed(presented, FEED_KEY_PREFIX) {
        Ok(hash_token(presented))
    } else {
        Err(AuthError::Malformed)
    }
}

/// A random 256-bit secret with a recognisable prefix, and its hash.
fn issue_secret(prefix: &str) -> IssuedToken {
    let mut bytes = [0u8; TOKEN_BYTES];
    rand::rng().fill_bytes(&mut bytes);
    let plaintext = format!(
        "{prefix}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    );
    let hash = hash_token(&plaintext);
    IssuedToken {
        plaintext: SecretString::from(plaintext),
        hash,
    }
}

/// Hex SHA-256 of a token. Tokens carry 256 bits of randomness, so a fast hash is enough:
/// there is nothing to brute-force that a slow hash would protect.
pub fn hash_token(plaintext: &str) -> String {
    hex::encode(digest(plaintext))
}

/// SHA-256 of a secret (the key of the credential cache).
pub fn digest(plaintext: &str) -> cache::Digest {
    Sha256::digest(plaintext.as_bytes()).into()
}

/// Whether `presented` has the shape of a secret with `prefix`: the prefix and 43 more bytes.
/// The characters themselves are not checked: a forged value simply hashes to a digest that
/// matches nothing, and skipping the scan keeps the per-request check close to the hash.
fn well_formed(presented: &str, prefix: &str) -> bool {
    presented.len() == prefix.len() + 43 && presented.starts_with(prefix)
}

/// Checks a presented token's shape and returns the hash to look up.
pub fn presented_token_hash(presented: &str) -> Result<String, AuthError> {
    presented_token_digest(presented).map(hex::encode)
}

/// Checks a presented token's shape and returns its digest.
pub fn presented_token_digest(presented: &str) -> Result<cache::Digest, AuthError> {
    if well_formed(presented, TOKEN_PREFIX) {
        Ok(digest(presented))
    } else {
        Err(AuthError::Malformed)
    }
}

/// Checks a presented session id's shape and returns its digest.
pub fn presented_session_digest(presented: &str) -> Result<cache::Digest, AuthError> {
    if well_formed(presented, SESSION_PREFIX) {
        Ok(digest(presented))
    } else {
        Err(AuthError::Malformed)
    }
}

/// Extracts the token from an `Authorization: Bearer …` header value.
pub fn bearer_token(header: &str) -> Option<&str> {
    let (scheme, token) = header.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Exposes a token's plaintext (for printing it once).
pub fn reveal(token: &IssuedToken) -> &str {
    token.plaintext.expose_secret()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_issued_token_is_well_formed_and_hashes_to_its_stored_hash() {
        let token = issue_token();
        let plaintext = reveal(&token);
        assert!(plaintext.starts_with("plz_"));
        assert_eq!(plaintext.len(), TOKEN_LENGTH);
        assert_eq!(presented_token_hash(plaintext), Ok(token.hash.clone()));
        assert_ne!(token.hash, plaintext);
    }

    #[test]
    fn two_tokens_differ() {
        assert_ne!(issue_token().hash, issue_token().hash);
    }

    #[test]
    fn session_ids_and_tokens_are_not_interchangeable() {
        let session = issue_session_id();
        let token = issue_token();
        assert!(reveal(&session).starts_with(SESSION_PREFIX));
        assert_eq!(
            presented_session_digest(reveal(&session)).map(hex::encode),
            Ok(session.hash.clone())
        );
        assert_eq!(presented_session_digest(reveal(&token)), Err(AuthError::Malformed));
        assert_eq!(presented_token_digest(reveal(&session)), Err(AuthError::Malformed));
    }

    #[test]
    fn malformed_tokens_are_refused_before_any_lookup() {
        for bad in [
            "",
            "plz_",
            "plz_short",
            "xyz_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "plz_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            &format!("plz_{}", "é".repeat(43)),
        ] {
            assert_eq!(presented_token_hash(bad), Err(AuthError::Malformed), "{bad}");
        }
    }

    #[test]
    fn the_bearer_scheme_is_case_insensitive_and_required() {
        assert_eq!(bearer_token("Bearer abc"), Some("abc"));
        assert_eq!(bearer_token("bearer  abc "), Some("abc"));
        assert_eq!(bearer_token("Basic abc"), None);
        assert_eq!(bearer_token("abc"), None);
    }

    #[test]
    fn the_debug_form_of_an_issued_token_hides_the_plaintext() {
        let token = issue_token();
        let shown = format!("{token:?}");
        assert!(!shown.contains(reveal(&token)));
    }
}
