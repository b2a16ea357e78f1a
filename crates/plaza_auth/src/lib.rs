//! Plaza's authentication primitives: API tokens now; OpenID Connect federation and browser
//! sessions later.
//!
//! A token is `plz_` followed by 43 base64url characters (32 random bytes). Only its SHA-256 is
//! stored; a lookup hashes the presented token and compares hashes, so the plaintext exists
//! only in the response that issued it and in the client's hands.
//!
//! Depends on the domain only; never on storage or the web layer.

use base64::Engine as _;
use rand::RngCore as _;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

/// Prefix that makes Plaza tokens recognisable (and findable by secret scanners).
pub const TOKEN_PREFIX: &str = "plz_";
/// Random bytes in a token.
const TOKEN_BYTES: usize = 32;
/// Length of a well-formed token.
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
    let mut bytes = [0u8; TOKEN_BYTES];
    rand::rng().fill_bytes(&mut bytes);
    let plaintext = format!(
        "{TOKEN_PREFIX}{}",
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
    hex::encode(Sha256::digest(plaintext.as_bytes()))
}

/// Checks a presented token's shape and returns the hash to look up.
pub fn presented_token_hash(presented: &str) -> Result<String, AuthError> {
    let well_formed = presented.len() == TOKEN_LENGTH
        && presented.starts_with(TOKEN_PREFIX)
        && presented[TOKEN_PREFIX.len()..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !well_formed {
        return Err(AuthError::Malformed);
    }
    Ok(hash_token(presented))
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
    fn malformed_tokens_are_refused_before_any_lookup() {
        for bad in [
            "",
            "plz_",
            "plz_short",
            "xyz_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
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
