//! Who is asking: turns an `Authorization: Bearer` token into a policy viewer.

use chrono::Utc;
use plaza_domain::policy::{MemberViewer, Viewer};
use plaza_storage::Store;

/// Why a presented credential was refused.
#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    /// Malformed, unknown, revoked or expired token.
    #[error("the token is invalid, revoked or expired")]
    Invalid,
    /// The store failed.
    #[error("storage: {0}")]
    Storage(#[from] plaza_storage::StorageError),
}

/// The viewer for a request's `Authorization` header value (anonymous when absent).
pub async fn resolve(store: &Store, authorization: Option<&str>) -> Result<Viewer, CredentialError> {
    let Some(header) = authorization else {
        return Ok(Viewer::Anonymous);
    };
    let token = plaza_auth::bearer_token(header).ok_or(CredentialError::Invalid)?;
    let hash = plaza_auth::presented_token_hash(token).map_err(|_| CredentialError::Invalid)?;
    let now = Utc::now();
    let owner = store.token_by_hash(&hash, now).await?.ok_or(CredentialError::Invalid)?;
    if !owner.token.is_active(now) {
        return Err(CredentialError::Invalid);
    }
    Ok(Viewer::Member(MemberViewer {
        id: owner.member.id,
        agency: owner.member.agency,
        roles: owner.member.roles,
        groups: owner.groups,
        scope: owner.token.scope,
    }))
}
