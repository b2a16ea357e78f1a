//! Federated login records: identity providers (client secret sealed by the caller), the
//! identities that link (issuer, subject) to a member, pending logins and browser sessions.
//! Pending logins and sessions are keyed by the SHA-256 of their secret, so the database never
//! holds a usable state or session id.

use chrono::{DateTime, Utc};
use plaza_domain::identity::{ClaimMapping, IdentityProvider, RoleMapping};
use plaza_domain::ids::{AgencyId, GroupId, IdentityProviderId, MemberId};
use plaza_domain::member::{Member, Role};
use serde_json::{Map, json};

use crate::connect::{Store, record_key};
use crate::doc::{corrupt, parse_timestamp, set_clause, timestamp};
use crate::error::StorageError;

/// An identity provider with its sealed client secret.
#[derive(Debug, Clone)]
pub struct StoredProvider {
    /// The provider.
    pub provider: IdentityProvider,
    /// The client secret, sealed for this record.
    pub client_secret_sealed: String,
}

#[derive(Debug, serde::Deserialize)]
struct RoleMappingRow {
    value: String,
    role: String,
}

#[derive(Debug, serde::Deserialize)]
struct ProviderRow {
    id: String,
    agency: String,
    label: String,
    issuer: String,
    client_id: String,
    client_secret_sealed: String,
    scopes: Vec<String>,
    email_claim: String,
    name_claim: String,
    roles_claim: Option<String>,
    role_map: Vec<RoleMappingRow>,
    ca_pem: Option<String>,
    enabled: bool,
}

impl ProviderRow {
    fn into_stored(self) -> Result<StoredProvider, StorageError> {
        let record = self.id.clone();
        let role_map = self
            .role_map
            .into_iter()
            .map(|row| {
                Ok(RoleMapping {
                    value: row.value,
                    role: Role::parse(&row.role).map_err(corrupt(&record))?,
                })
            })
            .collect::<Result<Vec<_>, StorageError>>()?;
        Ok(StoredProvider {
            provider: IdentityProvider {
                id: IdentityProviderId::parse(record_key(&self.id)).map_err(corrupt(&record))?,
                agency: AgencyId::parse(&self.agency).map_err(corrupt(&record))?,
                label: self.label,
                issuer: self.issuer,
                client_id: self.client_id,
                scopes: self.scopes,
                claims: ClaimMapping {
                    email: self.email_claim,
                    name: self.name_claim,
                    roles: self.roles_claim,
                    role_map,
                },
                ca_pem: self.ca_pem,
                enabled: self.enabled,
            },
            client_secret_sealed: self.client_secret_sealed,
        })
    }
}

fn provider_doc(provider: &IdentityProvider, sealed: &str, now: DateTime<Utc>) -> serde_json::Value {
    json!({
        "agency": provider.agency.as_string(),
        "label": provider.label,
        "issuer": provider.issuer,
        "client_id": provider.client_id,
        "client_secret_sealed": sealed,
        "scopes": provider.scopes,
        "email_claim": provider.claims.email,
        "name_claim": provider.claims.name,
        "roles_claim": provider.claims.roles,
        "role_map": provider.claims.role_map.iter()
            .map(|mapping| json!({ "value": mapping.value, "role": mapping.role.code() }))
            .collect::<Vec<_>>(),
        "ca_pem": provider.ca_pem,
        "enabled": provider.enabled,
        "updated_at": timestamp(now),
    })
}

/// A login between the redirect to the provider and the callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingLogin {
    /// The provider the browser was sent to.
    pub provider: IdentityProviderId,
    /// Its agency.
    pub agency: AgencyId,
    /// Nonce and PKCE verifier, sealed for this record.
    pub secrets_sealed: String,
    /// Where to go after login (a validated local path).
    pub return_to: String,
    /// When it stops being accepted.
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, serde::Deserialize)]
struct PendingRow {
    id: String,
    provider: String,
    agency: String,
    secrets_sealed: String,
    return_to: String,
    expires_at: String,
}

/// A browser session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSession {
    /// Hex SHA-256 of the session id.
    pub hash: String,
    /// Whose session.
    pub member: MemberId,
    /// The provider that signed them in.
    pub provider: Option<IdentityProviderId>,
    /// The ID token (for RP-initiated logout), sealed for this record.
    pub id_token_sealed: Option<String>,
    /// When it was created (the absolute expiry counts from here).
    pub created_at: DateTime<Utc>,
    /// Last request seen (to the minute; the idle expiry counts from here).
    pub last_seen_at: DateTime<Utc>,
    /// Absolute expiry.
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, serde::Deserialize)]
struct SessionRow {
    id: String,
    member: String,
    provider: Option<String>,
    id_token_sealed: Option<String>,
    created_at: String,
    last_seen_at: String,
    expires_at: String,
}

impl SessionRow {
    fn into_session(self) -> Result<StoredSession, StorageError> {
        let record = self.id.clone();
        Ok(StoredSession {
            hash: record_key(&self.id).to_owned(),
            member: MemberId::parse(&self.member).map_err(corrupt(&record))?,
            provider: self
                .provider
                .as_deref()
                .map(IdentityProviderId::parse)
                .transpose()
                .map_err(corrupt(&record))?,
            id_token_sealed: self.id_token_sealed,
            created_at: parse_timestamp(&self.created_at, &record)?,
            last_seen_at: parse_timestamp(&self.last_seen_at, &record)?,
            expires_at: parse_timestamp(&self.expires_at, &record)?,
        })
    }
}

impl Store {
    /// Registers an identity provider.
    pub async fn insert_identity_provider(
        &self,
        provider: &IdentityProvider,
        sealed_secret: &str,
    ) -> Result<(), StorageError> {
        if self.agency(provider.agency).await?.is_none() {
            return Err(plaza_domain::ValidationError::new("agency", "no such agency").into());
        }
        let now = Utc::now();
        let mut doc = provider_doc(provider, sealed_secret, now);
        doc["created_at"] = timestamp(now);
        let clause = set_clause(doc.as_object().unwrap_or(&Map::new()));
        let sql = format!("CREATE type::record('identity_provider', $key) SET {clause} RETURN NONE");
        self.execute(&sql, json!({ "key": provider.id.as_string(), "doc": doc }))
            .await?;
        Ok(())
    }

    /// Replaces a provider's settings (and its sealed secret).
    pub async fn update_identity_provider(
        &self,
        provider: &IdentityProvider,
        sealed_secret: &str,
    ) -> Result<(), StorageError> {
        let doc = provider_doc(provider, sealed_secret, Utc::now());
        let clause = set_clause(doc.as_object().unwrap_or(&Map::new()));
        let sql = format!("UPDATE type::record('identity_provider', $key) SET {clause} WHERE id != NONE RETURN id");
        let rows: Vec<serde_json::Value> = self
            .query_rows(&sql, json!({ "key": provider.id.as_string(), "doc": doc }), 0)
            .await?;
        if rows.is_empty() {
            return Err(StorageError::NotFound);
        }
        Ok(())
    }

    /// Removes a provider; its members keep their accounts, their sessions end.
    pub async fn remove_identity_provider(&self, id: IdentityProviderId) -> Result<(), StorageError> {
        let rows: Vec<serde_json::Value> = self
            .query_rows(
                "DELETE type::record('identity_provider', $key) RETURN BEFORE;
                 DELETE session WHERE provider = $key;
                 DELETE login_flow WHERE provider = $key;",
                json!({ "key": id.as_string() }),
                0,
            )
            .await?;
        if rows.is_empty() {
            return Err(StorageError::NotFound);
        }
        Ok(())
    }

    /// One provider.
    pub async fn identity_provider(&self, id: IdentityProviderId) -> Result<Option<StoredProvider>, StorageError> {
        let row: Option<ProviderRow> = self.get_record("identity_provider", &id.as_string()).await?;
        row.map(ProviderRow::into_stored).transpose()
    }

    /// An agency's providers (all of them with `None`), oldest first.
    pub async fn identity_providers(&self, agency: Option<AgencyId>) -> Result<Vec<StoredProvider>, StorageError> {
        let rows: Vec<ProviderRow> = match agency {
            Some(agency) => {
                self.query_rows(
                    "SELECT * FROM identity_provider WHERE agency = $agency ORDER BY id",
                    json!({ "agency": agency.as_string() }),
                    0,
                )
                .await?
            }
            None => {
                self.query_rows(
                    "SELECT * FROM identity_provider ORDER BY id",
                    serde_json::Value::Null,
                    0,
                )
                .await?
            }
        };
        rows.into_iter().map(ProviderRow::into_stored).collect()
    }

    /// Agencies that verified this e-mail domain.
    pub async fn agencies_by_email_domain(&self, domain: &str) -> Result<Vec<AgencyId>, StorageError> {
        let rows: Vec<String> = self
            .query_rows(
                "SELECT VALUE meta::id(id) FROM agency WHERE email_domains CONTAINS $domain",
                json!({ "domain": domain.trim().to_lowercase() }),
                0,
            )
            .await?;
        rows.iter()
            .map(|raw| AgencyId::parse(raw).map_err(corrupt(raw)))
            .collect()
    }

    /// Replaces the e-mail domains an agency has verified.
    pub async fn set_agency_email_domains(
        &self,
        agency: AgencyId,
        domains: &[plaza_domain::text::EmailDomain],
    ) -> Result<(), StorageError> {
        let rows: Vec<serde_json::Value> = self
            .query_rows(
                "UPDATE type::record('agency', $key) SET email_domains = $domains WHERE id != NONE RETURN id",
                json!({
                    "key": agency.as_string(),
                    "domains": domains.iter().map(|domain| domain.as_str()).collect::<Vec<_>>(),
                }),
                0,
            )
            .await?;
        if rows.is_empty() {
            return Err(StorageError::NotFound);
        }
        Ok(())
    }

    /// Stores a pending login under the hash of its state.
    pub async fn insert_pending_login(
        &self,
        state_hash: &str,
        login: &PendingLogin,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        self.execute(
            "CREATE type::record('login_flow', $key) SET provider = $provider, agency = $agency,
                secrets_sealed = $secrets, return_to = $return_to, created_at = <datetime>$now,
                expires_at = <datetime>$expires RETURN NONE",
            json!({
                "key": state_hash,
                "provider": login.provider.as_string(),
                "agency": login.agency.as_string(),
                "secrets": login.secrets_sealed,
                "return_to": login.return_to,
                "now": timestamp(now),
                "expires": timestamp(login.expires_at),
            }),
        )
        .await?;
        Ok(())
    }

    /// Takes (reads and deletes, once) the pending login with this state hash, if unexpired.
    pub async fn take_pending_login(
        &self,
        state_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<PendingLogin>, StorageError> {
        let rows: Vec<PendingRow> = self
            .query_rows(
                "DELETE type::record('login_flow', $key) RETURN BEFORE",
                json!({ "key": state_hash }),
                0,
            )
            .await?;
        let Some(row) = rows.into_iter().next() else {
            return Ok(None);
        };
        let record = row.id.clone();
        let login = PendingLogin {
            provider: IdentityProviderId::parse(&row.provider).map_err(corrupt(&record))?,
            agency: AgencyId::parse(&row.agency).map_err(corrupt(&record))?,
            secrets_sealed: row.secrets_sealed,
            return_to: row.return_to,
            expires_at: parse_timestamp(&row.expires_at, &record)?,
        };
        Ok((login.expires_at > now).then_some(login))
    }

    /// Deletes expired pending logins and sessions; returns how many.
    pub async fn purge_expired_logins(&self, now: DateTime<Utc>) -> Result<usize, StorageError> {
        let mut response = self
            .execute(
                "DELETE login_flow WHERE expires_at <= <datetime>$now RETURN BEFORE;
                 DELETE session WHERE expires_at <= <datetime>$now RETURN BEFORE;",
                json!({ "now": timestamp(now) }),
            )
            .await?;
        let flows: Vec<serde_json::Value> = crate::connect::take_rows(&mut response, 0)?;
        let sessions: Vec<serde_json::Value> = crate::connect::take_rows(&mut response, 1)?;
        Ok(flows.len() + sessions.len())
    }

    /// The member an (issuer, subject) identity is linked to.
    pub async fn identity_member(&self, issuer: &str, subject: &str) -> Result<Option<MemberId>, StorageError> {
        let rows: Vec<String> = self
            .query_rows(
                "SELECT VALUE member FROM identity WHERE issuer = $issuer AND subject = $subject LIMIT 1",
                json!({ "issuer": issuer, "subject": subject }),
                0,
            )
            .await?;
        rows.first()
            .map(|raw| MemberId::parse(raw).map_err(corrupt(raw)))
            .transpose()
    }

    /// Whether any identity is linked to the member.
    pub async fn member_has_identity(&self, member: MemberId) -> Result<bool, StorageError> {
        let rows: Vec<serde_json::Value> = self
            .query_rows(
                "SELECT id FROM identity WHERE member = $member LIMIT 1",
                json!({ "member": member.as_string() }),
                0,
            )
            .await?;
        Ok(!rows.is_empty())
    }

    /// Links an identity to a member (a second link of the same identity is a conflict).
    pub async fn link_identity(
        &self,
        issuer: &str,
        subject: &str,
        member: MemberId,
        provider: IdentityProviderId,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        self.execute(
            "CREATE identity SET issuer = $issuer, subject = $subject, member = $member,
                provider = $provider, created_at = <datetime>$now, last_login_at = <datetime>$now RETURN NONE",
            json!({
                "issuer": issuer, "subject": subject, "member": member.as_string(),
                "provider": provider.as_string(), "now": timestamp(now),
            }),
        )
        .await?;
        Ok(())
    }

    /// Moves every identity of one issuer to another (a provider now served at another
    /// address, e.g. the demo provider on another port): members keep their accounts.
    pub async fn rename_identity_issuer(&self, from: &str, to: &str) -> Result<(), StorageError> {
        self.execute(
            "UPDATE identity SET issuer = $to WHERE issuer = $from RETURN NONE",
            json!({ "from": from, "to": to }),
        )
        .await?;
        Ok(())
    }

    /// Records a login of a linked identity.
    pub async fn touch_identity(&self, issuer: &str, subject: &str, now: DateTime<Utc>) -> Result<(), StorageError> {
        self.execute(
            "UPDATE identity SET last_login_at = <datetime>$now WHERE issuer = $issuer AND subject = $subject RETURN NONE",
            json!({ "issuer": issuer, "subject": subject, "now": timestamp(now) }),
        )
        .await?;
        Ok(())
    }

    /// Replaces a member's roles and name (from the identity provider's claims at login).
    pub async fn update_member_from_login(&self, member: &Member) -> Result<(), StorageError> {
        self.execute(
            "UPDATE type::record('member', $key) SET roles = $roles, name = $name RETURN NONE",
            json!({
                "key": member.id.as_string(),
                "roles": member.roles.iter().map(|role| role.code()).collect::<Vec<_>>(),
                "name": member.name.as_str(),
            }),
        )
        .await?;
        Ok(())
    }

    /// Stores a new session.
    pub async fn insert_session(&self, session: &StoredSession) -> Result<(), StorageError> {
        let doc = json!({
            "member": session.member.as_string(),
            "provider": session.provider.map(|id| id.as_string()),
            "id_token_sealed": session.id_token_sealed,
            "created_at": timestamp(session.created_at),
            "last_seen_at": timestamp(session.last_seen_at),
            "expires_at": timestamp(session.expires_at),
        });
        let clause = set_clause(doc.as_object().unwrap_or(&Map::new()));
        let sql = format!("CREATE type::record('session', $key) SET {clause} RETURN NONE");
        self.execute(&sql, json!({ "key": session.hash, "doc": doc })).await?;
        Ok(())
    }

    /// A session by the hash of its id, with its member and their groups.
    pub async fn session(&self, hash: &str) -> Result<Option<(StoredSession, Member, Vec<GroupId>)>, StorageError> {
        let row: Option<SessionRow> = self.get_record("session", hash).await?;
        let Some(session) = row.map(SessionRow::into_session).transpose()? else {
            return Ok(None);
        };
        let Some((member, groups)) = self.member(session.member).await? else {
            return Ok(None);
        };
        Ok(Some((session, member, groups)))
    }

    /// Records activity on a session.
    pub async fn touch_session(&self, hash: &str, now: DateTime<Utc>) -> Result<(), StorageError> {
        self.execute(
            "UPDATE type::record('session', $key) SET last_seen_at = <datetime>$now WHERE id != NONE RETURN NONE",
            json!({ "key": hash, "now": timestamp(now) }),
        )
        .await?;
        Ok(())
    }

    /// Ends a session; returns it if it existed.
    pub async fn delete_session(&self, hash: &str) -> Result<Option<StoredSession>, StorageError> {
        let rows: Vec<SessionRow> = self
            .query_rows(
                "DELETE type::record('session', $key) RETURN BEFORE",
                json!({ "key": hash }),
                0,
            )
            .await?;
        rows.into_iter().next().map(SessionRow::into_session).transpose()
    }
}
