//! API tokens. Only the SHA-256 of a token is stored; the plaintext never reaches this crate.

use chrono::{DateTime, Duration, Utc};
use plaza_domain::ids::{AgencyId, ApiTokenId, GroupId, MemberId};
use plaza_domain::member::Member;
use plaza_domain::policy::Scope;
use serde_json::{Map, json};

use crate::connect::{Store, record_key};
use crate::doc::{corrupt, parse_timestamp, set_clause, timestamp};
use crate::error::StorageError;

/// How stale `last_used_at` may get before a use writes it again (saves a write per request).
const LAST_USED_GRANULARITY: Duration = Duration::seconds(60);

/// A stored API token (its hash, never its plaintext).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredToken {
    /// Identifier.
    pub id: ApiTokenId,
    /// Hex SHA-256 of the token.
    pub hash: String,
    /// Whose token it is: a member's personal token or an agency's service token.
    pub subject: TokenSubject,
    /// What it allows.
    pub scope: Scope,
    /// A label to recognise it by.
    pub label: String,
    /// When it was issued.
    pub created_at: DateTime<Utc>,
    /// When it stops working, if ever.
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<DateTime<Utc>>,
    /// When it was last used (to the minute).
    pub last_used_at: Option<DateTime<Utc>>,
}

impl StoredToken {
    /// Whether the token still works at `now`.
    pub fn is_active(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|expiry| now < expiry)
    }
}

/// Who a token acts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenSubject {
    /// A member (personal token).
    Member(MemberId),
    /// An agency (service token of an intranet server; never writes).
    Agency(AgencyId),
}

/// A token together with who it acts for.
#[derive(Debug, Clone)]
pub struct TokenOwner {
    /// The token.
    pub token: StoredToken,
    /// Its member (personal tokens).
    pub member: Option<Member>,
    /// The member's groups.
    pub groups: Vec<GroupId>,
}

#[derive(Debug, serde::Deserialize)]
struct TokenRow {
    id: String,
    token_hash: String,
    member: Option<String>,
    agency: Option<String>,
    scope: String,
    label: String,
    created_at: String,
    expires_at: Option<String>,
    revoked_at: Option<String>,
    last_used_at: Option<String>,
}

impl TokenRow {
    fn into_token(self) -> Result<StoredToken, StorageError> {
        let record = self.id.clone();
        let optional = |raw: &Option<String>| raw.as_deref().map(|at| parse_timestamp(at, &record)).transpose();
        Ok(StoredToken {
            id: ApiTokenId::parse(record_key(&self.id)).map_err(corrupt(&record))?,
            subject: match (self.member.as_deref(), self.agency.as_deref()) {
                (Some(member), None) => TokenSubject::Member(MemberId::parse(member).map_err(corrupt(&record))?),
                (None, Some(agency)) => TokenSubject::Agency(AgencyId::parse(agency).map_err(corrupt(&record))?),
                _ => {
                    return Err(StorageError::Corrupt {
                        record: record.clone(),
                        reason: "a token belongs to exactly one member or agency".into(),
                    });
                }
            },
            scope: Scope::parse(&self.scope).ok_or_else(|| StorageError::Corrupt {
                record: record.clone(),
                reason: "unknown scope".into(),
            })?,
            label: self.label,
            created_at: parse_timestamp(&self.created_at, &record)?,
            expires_at: optional(&self.expires_at)?,
            revoked_at: optional(&self.revoked_at)?,
            last_used_at: optional(&self.last_used_at)?,
            hash: self.token_hash,
        })
    }
}

impl Store {
    /// Stores a newly issued token.
    pub async fn insert_token(&self, token: &StoredToken) -> Result<(), StorageError> {
        let doc = json!({
            "token_hash": token.hash,
            "member": match token.subject {
                TokenSubject::Member(member) => Some(member.as_string()),
                TokenSubject::Agency(_) => None,
            },
            "agency": match token.subject {
                TokenSubject::Agency(agency) => Some(agency.as_string()),
                TokenSubject::Member(_) => None,
            },
            "scope": token.scope.code(),
            "label": token.label,
            "created_at": timestamp(token.created_at),
            "expires_at": token.expires_at.map(timestamp),
        });
        let clause = set_clause(doc.as_object().unwrap_or(&Map::new()));
        let sql = format!("CREATE type::record('api_token', $key) SET {clause} RETURN NONE");
        self.execute(&sql, json!({ "doc": doc, "key": token.id.as_string() }))
            .await?;
        Ok(())
    }

    /// The token with this hash and its member, whatever its state (the caller checks it),
    /// recording the use at most once a minute.
    pub async fn token_by_hash(&self, hash: &str, now: DateTime<Utc>) -> Result<Option<TokenOwner>, StorageError> {
        let rows: Vec<TokenRow> = self
            .query_rows(
                "SELECT * FROM api_token WHERE token_hash = $hash LIMIT 1",
                json!({ "hash": hash }),
                0,
            )
            .await?;
        let Some(token) = rows.into_iter().next().map(TokenRow::into_token).transpose()? else {
            return Ok(None);
        };
        let (member, groups) = match token.subject {
            TokenSubject::Member(id) => match self.member(id).await? {
                Some((member, groups)) => (Some(member), groups),
                None => return Ok(None),
            },
            TokenSubject::Agency(id) => {
                if self.agency(id).await?.is_none() {
                    return Ok(None);
                }
                (None, Vec::new())
            }
        };
        let stale = token.last_used_at.is_none_or(|at| now - at > LAST_USED_GRANULARITY);
        if token.is_active(now) && stale {
            self.execute(
                "UPDATE type::record('api_token', $key) SET last_used_at = <datetime>$now RETURN NONE",
                json!({ "key": token.id.as_string(), "now": timestamp(now) }),
            )
            .await?;
        }
        Ok(Some(TokenOwner { token, member, groups }))
    }

    /// Revokes a token; revoking twice keeps the first time.
    pub async fn revoke_token(&self, id: ApiTokenId, now: DateTime<Utc>) -> Result<(), StorageError> {
        let rows: Vec<serde_json::Value> = self
            .query_rows(
                "UPDATE type::record('api_token', $key) SET revoked_at = revoked_at ?? <datetime>$now WHERE id != NONE RETURN id",
                json!({ "key": id.as_string(), "now": timestamp(now) }),
                0,
            )
            .await?;
        if rows.is_empty() {
            return Err(StorageError::NotFound);
        }
        Ok(())
    }

    /// A token by id.
    pub async fn token(&self, id: ApiTokenId) -> Result<Option<StoredToken>, StorageError> {
        let row: Option<TokenRow> = self.get_record("api_token", &id.as_string()).await?;
        row.map(TokenRow::into_token).transpose()
    }

    /// Tokens, newest first, optionally of one member or agency.
    pub async fn list_tokens(&self, subject: Option<TokenSubject>) -> Result<Vec<StoredToken>, StorageError> {
        let rows: Vec<TokenRow> = match subject {
            Some(TokenSubject::Member(member)) => {
                self.query_rows(
                    "SELECT * FROM api_token WHERE member = $member ORDER BY id DESC",
                    json!({ "member": member.as_string() }),
                    0,
                )
                .await?
            }
            Some(TokenSubject::Agency(agency)) => {
                self.query_rows(
                    "SELECT * FROM api_token WHERE agency = $agency ORDER BY id DESC",
                    json!({ "agency": agency.as_string() }),
                    0,
                )
                .await?
            }
            None => {
                self.query_rows("SELECT * FROM api_token ORDER BY id DESC", serde_json::Value::Null, 0)
                    .await?
            }
        };
        rows.into_iter().map(TokenRow::into_token).collect()
    }
}
