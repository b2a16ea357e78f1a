//! Identity providers: agency admins (and network admins) register their agency's OpenID
//! Connect providers; network admins set which e-mail domains an agency has verified. The
//! client secret is sealed before it reaches storage and never leaves the server again.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use plaza_domain::agency::DOMAINS_MAX;
use plaza_domain::identity::{IdentityProvider, IdentityProviderInput, validate_client_secret};
use plaza_domain::ids::{AgencyId, IdentityProviderId};
use plaza_domain::policy;
use plaza_domain::text::EmailDomain;
use plaza_storage::StorageError;

use crate::agency::{AgencyNode, login_url};
use crate::context;
use crate::error::{ApiError, ApiResult};
use crate::ids::{NodeKind, decode_as, encode};

/// The sealing context of a provider's client secret: the sealed value opens for this record only.
pub fn secret_context(id: IdentityProviderId) -> String {
    format!("identity_provider:{id}/client_secret")
}

/// One value of the roles claim and the Plaza role it grants.
#[derive(Debug, Clone, InputObject, SimpleObject)]
#[graphql(input_name = "RoleMappingInput")]
pub struct RoleMapping {
    /// A value of the roles claim (a group, an app role).
    pub value: String,
    /// `member`, `editor`, `moderator` or `agency_admin`.
    pub role: String,
}

/// An identity provider's settings. The client secret is a separate argument.
#[derive(Debug, Clone, InputObject)]
#[graphql(name = "IdentityProviderInput")]
pub struct ProviderInput {
    /// Label on the login button ("Cuenta corporativa").
    pub label: String,
    /// Issuer URL, exactly as the provider names itself (https; http only on loopback).
    pub issuer: String,
    /// Plaza's client id at the provider.
    pub client_id: String,
    /// Scopes besides `openid` (default `email profile`).
    pub scopes: Option<Vec<String>>,
    /// Claim with the e-mail (default `email`).
    pub email_claim: Option<String>,
    /// Claim with the display name (default `name`).
    pub name_claim: Option<String>,
    /// Claim with roles or groups; when set, roles follow it at every login.
    pub roles_claim: Option<String>,
    /// Values of the roles claim and the roles they grant.
    pub role_map: Option<Vec<RoleMapping>>,
    /// Extra CA certificate (PEM) to trust for this provider only.
    pub ca_certificate: Option<String>,
    /// Whether logins are accepted (default true).
    pub enabled: Option<bool>,
}

impl ProviderInput {
    fn to_domain(&self) -> IdentityProviderInput {
        IdentityProviderInput {
            label: self.label.clone(),
            issuer: self.issuer.clone(),
            client_id: self.client_id.clone(),
            scopes: self.scopes.clone(),
            email_claim: self.email_claim.clone(),
            name_claim: self.name_claim.clone(),
            roles_claim: self.roles_claim.clone(),
            role_map: self
                .role_map
                .iter()
                .flatten()
                .map(|mapping| (mapping.value.clone(), mapping.role.clone()))
                .collect(),
            ca_pem: self.ca_certificate.clone(),
            enabled: self.enabled,
        }
    }
}

/// An agency's OpenID Connect identity provider (never its secret).
#[derive(Debug, Clone)]
pub struct ProviderNode(pub IdentityProvider);

/// An agency's OpenID Connect identity provider. The client secret is write-only.
#[Object(name = "IdentityProvider")]
impl ProviderNode {
    /// Global id.
    async fn id(&self) -> ID {
        encode(NodeKind::IdentityProvider, &self.0.id.as_string())
    }

    /// The agency whose employees sign in here.
    async fn agency(&self, ctx: &Context<'_>) -> ApiResult<Option<AgencyNode>> {
        Ok(context::agency(ctx, self.0.agency).await?.map(AgencyNode))
    }

    /// Label on the login button.
    async fn label(&self) -> &str {
        &self.0.label
    }

    /// Issuer URL.
    async fn issuer(&self) -> &str {
        &self.0.issuer
    }

    /// Plaza's client id at the provider.
    async fn client_id(&self) -> &str {
        &self.0.client_id
    }

    /// Scopes asked for besides `openid`.
    async fn scopes(&self) -> &[String] {
        &self.0.scopes
    }

    /// Claim with the e-mail.
    async fn email_claim(&self) -> &str {
        &self.0.claims.email
    }

    /// Claim with the display name.
    async fn name_claim(&self) -> &str {
        &self.0.claims.name
    }

    /// Claim with roles or groups.
    async fn roles_claim(&self) -> Option<&str> {
        self.0.claims.roles.as_deref()
    }

    /// Values of the roles claim and the roles they grant.
    async fn role_map(&self) -> Vec<RoleMapping> {
        self.0
            .claims
            .role_map
            .iter()
            .map(|mapping| RoleMapping {
                value: mapping.value.clone(),
                role: mapping.role.code().to_owned(),
            })
            .collect()
    }

    /// Whether an extra CA certificate is configured.
    async fn has_ca_certificate(&self) -> bool {
        self.0.ca_pem.is_some()
    }

    /// Whether logins are accepted.
    async fn enabled(&self) -> bool {
        self.0.enabled
    }

    /// Where a browser starts a login with this provider.
    async fn login_url(&self) -> String {
        login_url(self.0.id)
    }
}

/// Queries.
#[derive(Debug, Default)]
pub struct IdentityQuery;

#[Object]
impl IdentityQuery {
    /// An agency's identity providers (its agency admins and network admins only).
    async fn identity_providers(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The agency's global id.")] agency: ID,
    ) -> ApiResult<Vec<ProviderNode>> {
        let agency: AgencyId = decode_as(&agency, NodeKind::Agency, "agency")?;
        let viewer = context::viewer(ctx);
        let member = viewer
            .member()
            .ok_or(ApiError::Denied(policy::Denial::Unauthenticated))?;
        if !member.administers(agency) {
            return Err(ApiError::Denied(policy::Denial::Forbidden));
        }
        let providers = context::store(ctx)?.identity_providers(Some(agency)).await?;
        Ok(providers
            .into_iter()
            .map(|stored| ProviderNode(stored.provider))
            .collect())
    }
}

/// Mutations.
#[derive(Debug, Default)]
pub struct IdentityMutation;

async fn existing(ctx: &Context<'_>, id: &ID) -> ApiResult<plaza_storage::StoredProvider> {
    let id: IdentityProviderId = decode_as(id, NodeKind::IdentityProvider, "id")?;
    let stored = context::store(ctx)?.identity_provider(id).await?;
    let viewer = context::viewer(ctx);
    match stored {
        Some(stored) => {
            policy::can_manage_agency(viewer, stored.provider.agency)?;
            Ok(stored)
        }
        None => {
            // Unknown and foreign providers look the same to a viewer who cannot manage them.
            viewer
                .member()
                .ok_or(ApiError::Denied(policy::Denial::Unauthenticated))?;
            Err(ApiError::Denied(policy::Denial::NotFound))
        }
    }
}

#[Object]
impl IdentityMutation {
    /// Registers an OpenID Connect provider for an agency. The secret is stored sealed.
    async fn register_identity_provider(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The agency's global id.")] agency: ID,
        #[graphql(desc = "The provider's settings.")] input: ProviderInput,
        #[graphql(secret, desc = "Plaza's client secret at the provider (write-only).")] client_secret: String,
    ) -> ApiResult<ProviderNode> {
        let agency: AgencyId = decode_as(&agency, NodeKind::Agency, "agency")?;
        policy::can_manage_agency(context::viewer(ctx), agency)?;
        let provider = input
            .to_domain()
            .validate(IdentityProviderId::generate(), agency)
            .map_err(|error| ApiError::invalid_at("input", error))?;
        validate_client_secret(&client_secret).map_err(ApiError::Invalid)?;
        let sealed = context::seal_key(ctx)?.seal(&client_secret, &secret_context(provider.id));
        context::store(ctx)?
            .insert_identity_provider(&provider, &sealed)
            .await?;
        Ok(ProviderNode(provider))
    }

    /// Changes a provider's settings; the secret stays unless a new one is given.
    async fn update_identity_provider(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The provider's global id.")] id: ID,
        #[graphql(desc = "The provider's new settings (all of them).")] input: ProviderInput,
        #[graphql(secret, desc = "A new client secret (write-only); omit to keep the current one.")]
        client_secret: Option<String>,
    ) -> ApiResult<ProviderNode> {
        let stored = existing(ctx, &id).await?;
        let provider = input
            .to_domain()
            .validate(stored.provider.id, stored.provider.agency)
            .map_err(|error| ApiError::invalid_at("input", error))?;
        let sealed = match client_secret {
            Some(secret) => {
                validate_client_secret(&secret).map_err(ApiError::Invalid)?;
                context::seal_key(ctx)?.seal(&secret, &secret_context(provider.id))
            }
            None => stored.client_secret_sealed,
        };
        context::store(ctx)?
            .update_identity_provider(&provider, &sealed)
            .await?;
        Ok(ProviderNode(provider))
    }

    /// Removes a provider. Its members keep their accounts; sessions it opened end.
    async fn remove_identity_provider(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The provider's global id.")] id: ID,
    ) -> ApiResult<ID> {
        let stored = existing(ctx, &id).await?;
        context::store(ctx)?
            .remove_identity_provider(stored.provider.id)
            .await?;
        Ok(id)
    }

    /// Sets the e-mail domains an agency has verified (network admins only): only addresses
    /// there are provisioned at first login through the agency's providers.
    async fn set_agency_email_domains(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The agency's global id.")] agency: ID,
        #[graphql(desc = "Domains such as `madrid.es`.")] domains: Vec<String>,
    ) -> ApiResult<AgencyNode> {
        let agency: AgencyId = decode_as(&agency, NodeKind::Agency, "agency")?;
        policy::can_administer_network(context::viewer(ctx))?;
        if domains.len() > DOMAINS_MAX {
            return Err(ApiError::invalid("domains", format!("at most {DOMAINS_MAX} domains")));
        }
        let mut parsed: Vec<EmailDomain> = Vec::new();
        for (index, raw) in domains.iter().enumerate() {
            let domain = EmailDomain::parse(raw).map_err(|e| ApiError::invalid_at(&format!("domains.{index}"), e))?;
            if !parsed.contains(&domain) {
                parsed.push(domain);
            }
        }
        let store = context::store(ctx)?;
        store
            .set_agency_email_domains(agency, &parsed)
            .await
            .map_err(|error| match error {
                StorageError::NotFound => ApiError::Denied(policy::Denial::NotFound),
                other => ApiError::Storage(other),
            })?;
        let updated = store
            .agency(agency)
            .await?
            .ok_or(ApiError::Denied(policy::Denial::NotFound))?;
        Ok(AgencyNode(updated))
    }

    /// Sets the web origins allowed to embed Plaza's widgets for an agency (its agency admins
    /// and network admins); replaces the list. Pages from these origins may read the API
    /// anonymously (CORS, never with Plaza's session cookie).
    async fn set_agency_allowed_origins(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The agency's global id.")] agency: ID,
        #[graphql(desc = "Origins such as `https://intranet.example.gob.es` (at most 20).")] origins: Vec<String>,
    ) -> ApiResult<Vec<String>> {
        let agency: AgencyId = decode_as(&agency, NodeKind::Agency, "agency")?;
        policy::can_manage_agency(context::viewer(ctx), agency)?;
        let origins = plaza_domain::agency::parse_origins(&origins).map_err(|e| ApiError::invalid_at("origins", e))?;
        let store = context::store(ctx)?;
        store
            .agency(agency)
            .await?
            .ok_or(ApiError::Denied(policy::Denial::NotFound))?;
        store.set_allowed_origins(agency, &origins).await?;
        Ok(origins)
    }
}
