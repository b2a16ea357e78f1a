//! Machine credentials: personal tokens (a member's scripts) and agency service tokens (an
//! intranet server calling the API for its widgets). Scopes are `READ_PUBLIC`, `READ_NETWORK`
//! and `WRITE`; a token carries exactly the scope it was issued with. Only a hash is stored;
//! the plaintext is in the issuing response and nowhere else.

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Duration, Utc};
use plaza_domain::ids::{AgencyId, ApiTokenId};
use plaza_domain::member::Role;
use plaza_domain::policy::{self, Denial, Scope};
use plaza_storage::{StoredToken, TokenSubject};

use crate::agency::AgencyNode;
use crate::context;
use crate::context::CredentialEvents;
use crate::error::{ApiError, ApiResult};
use crate::ids::{NodeKind, decode_as, encode};

/// Longest a token may live, in days.
const EXPIRY_MAX_DAYS: i64 = 3650;
/// Lifetime of a token when none is asked for, in days.
const EXPIRY_DEFAULT_DAYS: i64 = 365;
/// Longest label.
const LABEL_MAX: usize = 100;

/// What a token allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum TokenScope {
    /// Public content only, as an anonymous visitor.
    ReadPublic,
    /// What members may read: network content and the agency's own.
    ReadNetwork,
    /// Read and write (personal tokens only).
    Write,
}

impl From<TokenScope> for Scope {
    fn from(scope: TokenScope) -> Self {
        match scope {
            TokenScope::ReadPublic => Scope::ReadPublic,
            TokenScope::ReadNetwork => Scope::Read,
            TokenScope::Write => Scope::Write,
        }
    }
}

impl From<Scope> for TokenScope {
    fn from(scope: Scope) -> Self {
        match scope {
            Scope::ReadPublic => TokenScope::ReadPublic,
            Scope::Read => TokenScope::ReadNetwork,
            Scope::Write => TokenScope::Write,
        }
    }
}

/// A token to issue.
#[derive(Debug, Clone, InputObject)]
pub struct IssueTokenInput {
    /// What it allows.
    pub scope: TokenScope,
    /// A label to recognise it by ("intranet widgets").
    pub label: String,
    /// Days until it expires (1 to 3650; default 365).
    pub expires_in_days: Option<i32>,
}

/// An API token (never its secret).
#[derive(Debug, Clone)]
pub struct ApiTokenNode(pub StoredToken);

/// An API token. The secret is shown once, when issued.
#[Object(name = "ApiToken")]
impl ApiTokenNode {
    /// Global id.
    async fn id(&self) -> ID {
        encode(NodeKind::ApiToken, &self.0.id.as_string())
    }

    /// Label.
    async fn label(&self) -> &str {
        &self.0.label
    }

    /// What it allows.
    async fn scope(&self) -> TokenScope {
        self.0.scope.into()
    }

    /// The agency of a service token; null for a personal token.
    async fn agency(&self, ctx: &Context<'_>) -> ApiResult<Option<AgencyNode>> {
        match self.0.subject {
            TokenSubject::Agency(agency) => Ok(context::agency(ctx, agency).await?.map(AgencyNode)),
            TokenSubject::Member(_) => Ok(None),
        }
    }

    /// When it was issued.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// When it stops working.
    async fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.0.expires_at
    }

    /// When it was revoked.
    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.0.revoked_at
    }

    /// When it was last used (to the minute).
    async fn last_used_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_used_at
    }

    /// Whether it works now.
    async fn active(&self) -> bool {
        self.0.is_active(Utc::now())
    }
}

/// A token just issued: its secret, shown this once.
#[derive(Debug, Clone, SimpleObject)]
pub struct IssuedToken {
    /// The secret to send as `Authorization: Bearer …`. It cannot be shown again.
    pub token: String,
    /// The token's record.
    pub api_token: ApiTokenNode,
}

fn issue(subject: TokenSubject, input: &IssueTokenInput) -> ApiResult<(String, StoredToken)> {
    let label = input.label.trim();
    if label.is_empty() || label.chars().count() > LABEL_MAX || label.chars().any(char::is_control) {
        return Err(ApiError::invalid(
            "input.label",
            format!("1 to {LABEL_MAX} characters, no control characters"),
        ));
    }
    let days = input.expires_in_days.map_or(EXPIRY_DEFAULT_DAYS, i64::from);
    if !(1..=EXPIRY_MAX_DAYS).contains(&days) {
        return Err(ApiError::invalid(
            "input.expiresInDays",
            format!("between 1 and {EXPIRY_MAX_DAYS}"),
        ));
    }
    let issued = plaza_auth::issue_token();
    let now = Utc::now();
    let stored = StoredToken {
        id: ApiTokenId::generate(),
        hash: issued.hash.clone(),
        subject,
        scope: input.scope.into(),
        label: label.to_owned(),
        created_at: now,
        expires_at: Some(now + Duration::days(days)),
        revoked_at: None,
        last_used_at: None,
    };
    Ok((plaza_auth::reveal(&issued).to_owned(), stored))
}

/// Queries.
#[derive(Debug, Default)]
pub struct TokenQuery;

#[Object]
impl TokenQuery {
    /// Without `agency`: the viewer's personal tokens. With it: that agency's service tokens
    /// (its agency admins and network admins).
    async fn api_tokens(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "An agency's global id, for its service tokens.")] agency: Option<ID>,
    ) -> ApiResult<Vec<ApiTokenNode>> {
        let member = context::viewer(ctx)
            .member()
            .ok_or(ApiError::Denied(Denial::Unauthenticated))?;
        let subject = match agency {
            Some(agency) => {
                let agency: AgencyId = decode_as(&agency, NodeKind::Agency, "agency")?;
                if !member.administers(agency) {
                    return Err(ApiError::Denied(Denial::Forbidden));
                }
                TokenSubject::Agency(agency)
            }
            None => TokenSubject::Member(member.id),
        };
        let tokens = context::store(ctx)?.list_tokens(Some(subject)).await?;
        Ok(tokens.into_iter().map(ApiTokenNode).collect())
    }
}

/// Mutations.
#[derive(Debug, Default)]
pub struct TokenMutation;

/// Longest life of a widget token, in minutes.
const WIDGET_TOKEN_MAX_MINUTES: i32 = 60;

/// A short-lived token for the widgets of one intranet page view.
#[derive(Debug, Clone, SimpleObject)]
pub struct WidgetToken {
    /// The secret, for `Authorization: Bearer` (the widgets send it themselves).
    pub token: String,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
}

#[Object]
impl TokenMutation {
    /// Mints a short-lived read token for intranet widgets (1 to 60 minutes; 15 by default).
    /// Only an agency's service token may ask, from the intranet's server: the page then gets a
    /// token that expires soon instead of the long-lived secret, with the same read scope.
    async fn issue_widget_token(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Minutes until it expires (1 to 60).", default = 15)] minutes: i32,
    ) -> ApiResult<WidgetToken> {
        let member = context::viewer(ctx)
            .member()
            .ok_or(ApiError::Denied(Denial::Unauthenticated))?;
        if !(1..=WIDGET_TOKEN_MAX_MINUTES).contains(&minutes) {
            return Err(ApiError::invalid(
                "minutes",
                format!("between 1 and {WIDGET_TOKEN_MAX_MINUTES}"),
            ));
        }
        // A service token's viewer carries the token's own id (see the credential resolver).
        let store = context::store(ctx)?;
        let service = match ApiTokenId::parse(&member.id.as_string()) {
            Ok(id) => store.token(id).await?,
            Err(_) => None,
        };
        // Widget tokens themselves may not mint more: that would outlive their expiry.
        let short_lived = |token: &StoredToken| {
            token
                .expires_at
                .is_some_and(|until| until - token.created_at <= Duration::minutes(i64::from(WIDGET_TOKEN_MAX_MINUTES)))
        };
        let Some(service) =
            service.filter(|token| matches!(token.subject, TokenSubject::Agency(_)) && !short_lived(token))
        else {
            return Err(ApiError::Denied(Denial::Forbidden));
        };
        let now = Utc::now();
        let expires_at = now + Duration::minutes(i64::from(minutes));
        let issued = plaza_auth::issue_token();
        let stored = StoredToken {
            id: ApiTokenId::generate(),
            hash: issued.hash.clone(),
            subject: service.subject,
            scope: service.scope.min(Scope::Read),
            label: "widget".to_owned(),
            created_at: now,
            expires_at: Some(expires_at),
            revoked_at: None,
            last_used_at: None,
        };
        store.insert_token(&stored).await?;
        Ok(WidgetToken {
            token: plaza_auth::reveal(&issued).to_owned(),
            expires_at,
        })
    }

    /// Issues a personal token for the signed-in member (needs a write credential). The
    /// secret is in the response and nowhere else.
    async fn issue_personal_token(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Scope, label and lifetime.")] input: IssueTokenInput,
    ) -> ApiResult<IssuedToken> {
        let member = context::writer(ctx)?;
        let (secret, stored) = issue(TokenSubject::Member(member.id), &input)?;
        context::store(ctx)?.insert_token(&stored).await?;
        Ok(IssuedToken {
            token: secret,
            api_token: ApiTokenNode(stored),
        })
    }

    /// Issues a service token for an agency's intranet server (agency admins and network
    /// admins). Service tokens read only: `READ_PUBLIC` or `READ_NETWORK`.
    async fn issue_service_token(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The agency's global id.")] agency: ID,
        #[graphql(desc = "Scope (read only), label and lifetime.")] input: IssueTokenInput,
    ) -> ApiResult<IssuedToken> {
        let agency: AgencyId = decode_as(&agency, NodeKind::Agency, "agency")?;
        policy::can_manage_agency(context::viewer(ctx), agency)?;
        if input.scope == TokenScope::Write {
            return Err(ApiError::invalid(
                "input.scope",
                "service tokens read only: READ_PUBLIC or READ_NETWORK",
            ));
        }
        let store = context::store(ctx)?;
        if store.agency(agency).await?.is_none() {
            return Err(ApiError::Denied(Denial::NotFound));
        }
        let (secret, stored) = issue(TokenSubject::Agency(agency), &input)?;
        store.insert_token(&stored).await?;
        Ok(IssuedToken {
            token: secret,
            api_token: ApiTokenNode(stored),
        })
    }

    /// Revokes a token at once: one's own personal tokens, or (for its admins) an agency's
    /// service tokens.
    async fn revoke_api_token(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The token's global id.")] id: ID,
    ) -> ApiResult<ApiTokenNode> {
        let token_id: ApiTokenId = decode_as(&id, NodeKind::ApiToken, "id")?;
        let viewer = context::viewer(ctx);
        let member = viewer.member().ok_or(ApiError::Denied(Denial::Unauthenticated))?;
        let store = context::store(ctx)?;
        let token = store.token(token_id).await?.ok_or(ApiError::Denied(Denial::NotFound))?;
        let allowed = match token.subject {
            TokenSubject::Member(owner) => owner == member.id || member.has_role(Role::NetworkAdmin),
            TokenSubject::Agency(agency) => member.administers(agency),
        };
        if !allowed {
            // Someone else's token does not exist for this viewer.
            return Err(ApiError::Denied(Denial::NotFound));
        }
        if member.scope < Scope::Write {
            return Err(ApiError::Denied(Denial::ReadOnlyCredential));
        }
        store.revoke_token(token_id, Utc::now()).await?;
        if let Ok(events) = ctx.data::<Arc<dyn CredentialEvents>>() {
            events.token_revoked(&token.hash);
        }
        let revoked = store.token(token_id).await?.unwrap_or(token);
        Ok(ApiTokenNode(revoked))
    }
}
