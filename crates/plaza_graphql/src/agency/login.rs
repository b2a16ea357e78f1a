//! How an agency's employees sign in: its enabled identity providers, as login buttons anyone
//! may see (never their settings or secrets, which are in `identity`).

use async_graphql::{Context, SimpleObject};
use plaza_domain::ids::{AgencyId, IdentityProviderId};

use crate::context;
use crate::error::ApiResult;

/// The path that starts a login with a provider.
pub fn login_url(id: IdentityProviderId) -> String {
    format!("/auth/login?provider={id}")
}

/// A way to sign in, as shown to anyone on the login page.
#[derive(Debug, Clone, SimpleObject)]
pub struct LoginProvider {
    /// Label on the login button.
    pub label: String,
    /// Where the browser starts the login.
    pub login_url: String,
}

/// The enabled providers of an agency, for its login buttons.
pub async fn login_providers(ctx: &Context<'_>, agency: AgencyId) -> ApiResult<Vec<LoginProvider>> {
    let providers = context::store(ctx)?.identity_providers(Some(agency)).await?;
    Ok(providers
        .into_iter()
        .filter(|stored| stored.provider.enabled)
        .map(|stored| LoginProvider {
            label: stored.provider.label,
            login_url: login_url(stored.provider.id),
        })
        .collect())
}
