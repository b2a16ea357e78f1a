//! `plaza idp …` and `plaza token …`: identity providers and API tokens from the command line,
//! and the key that seals secrets at rest.

use super::*;

#[derive(Debug, Subcommand)]
pub(super) enum IdpAction {
    /// Registers an identity provider for an agency. The client secret is read from an
    /// environment variable (never from the command line, where `ps` would show it).
    Add {
        /// The agency's slug.
        #[arg(long)]
        agency: String,
        /// Label on the login button.
        #[arg(long, default_value = "Cuenta corporativa")]
        label: String,
        /// Issuer URL.
        #[arg(long)]
        issuer: String,
        /// Plaza's client id at the provider.
        #[arg(long)]
        client_id: String,
        /// Environment variable holding the client secret.
        #[arg(long, default_value = "PLAZA_IDP_CLIENT_SECRET")]
        client_secret_env: String,
        /// A scope besides openid (repeatable; default email and profile).
        #[arg(long = "scope")]
        scopes: Vec<String>,
        /// Claim with roles or groups.
        #[arg(long)]
        roles_claim: Option<String>,
        /// `value=role` (repeatable): a value of the roles claim and the role it grants.
        #[arg(long = "role-map")]
        role_map: Vec<String>,
        /// PEM file with an extra CA certificate for this provider.
        #[arg(long)]
        ca_file: Option<PathBuf>,
    },
    /// Lists identity providers (never their secrets).
    List,
    /// Removes an identity provider by id.
    Remove {
        /// The provider id (from `idp list`).
        id: String,
    },
}

#[derive(Debug, Subcommand)]
pub(super) enum TokenAction {
    /// Issues a token and prints it once: a member's personal token, or an agency's service
    /// token (for an intranet server; read scopes only).
    Issue {
        /// The member's e-mail (personal token).
        #[arg(long, conflicts_with = "agency", required_unless_present = "agency")]
        member: Option<String>,
        /// The agency's slug (service token).
        #[arg(long)]
        agency: Option<String>,
        /// `read_public`, `read_network` (or `read`) or `write`; the narrowest by default.
        #[arg(long, default_value = "read_public")]
        scope: String,
        /// A label to recognise it by.
        #[arg(long, default_value = "cli")]
        label: String,
        /// Days until it expires (never when omitted).
        #[arg(long)]
        expires_in_days: Option<i64>,
    },
    /// Revokes a token by id.
    Revoke {
        /// The token id (from `token list`).
        id: String,
    },
    /// Lists tokens (never their secrets).
    List {
        /// Only this member's tokens.
        #[arg(long)]
        member: Option<String>,
    },
}

/// The key that seals secrets at rest: `secret_key` from the configuration, or the key file in
/// the data directory (created, readable by the owner only, on first use).
pub(super) fn seal_key(config: &Config) -> Result<plaza_auth::seal::SealKey, Failure> {
    use secrecy::ExposeSecret as _;
    if let Some(key) = &config.secret_key {
        return plaza_auth::seal::SealKey::from_base64(&key.0).map_err(|e| fail(format!("secret_key: {e}")));
    }
    let path = config.data_dir.join("secret.key");
    if !path.exists() {
        std::fs::create_dir_all(&config.data_dir)
            .map_err(|e| fail(format!("cannot create {}: {e}", config.data_dir.display())))?;
        let generated = plaza_auth::seal::SealKey::generate_base64();
        write_private(&path, generated.expose_secret())
            .map_err(|e| fail(format!("cannot write {}: {e}", path.display())))?;
        tracing::warn!(
            path = %path.display(),
            "generated a secret key for sealing secrets at rest; set PLAZA_SECRET_KEY in production"
        );
    }
    let text = std::fs::read_to_string(&path).map_err(|e| fail(format!("cannot read {}: {e}", path.display())))?;
    plaza_auth::seal::SealKey::from_base64(&text).map_err(|e| fail(format!("{}: {e}", path.display())))
}

/// Creates a file only its owner can read.
fn write_private(path: &std::path::Path, contents: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(contents.as_bytes())?;
    file.sync_all()
}

pub(super) async fn idp(action: IdpAction, config: &Config) -> Result<(), Failure> {
    let store = open(config).await?;
    match action {
        IdpAction::Add {
            agency,
            label,
            issuer,
            client_id,
            client_secret_env,
            scopes,
            roles_claim,
            role_map,
            ca_file,
        } => {
            let agency = store
                .agency_by_slug(&agency)
                .await
                .map_err(fail)?
                .ok_or_else(|| fail(format!("no agency with slug '{agency}'")))?;
            let secret = std::env::var(&client_secret_env).map_err(|_| {
                fail(format!(
                    "set the client secret in the environment variable {client_secret_env}"
                ))
            })?;
            plaza_domain::identity::validate_client_secret(&secret).map_err(fail)?;
            let role_map = role_map
                .iter()
                .map(|pair| {
                    pair.split_once('=')
                        .map(|(value, role)| (value.to_owned(), role.to_owned()))
                        .ok_or_else(|| fail(format!("--role-map takes value=role, not '{pair}'")))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let ca_pem = ca_file
                .map(|path| {
                    std::fs::read_to_string(&path).map_err(|e| fail(format!("cannot read {}: {e}", path.display())))
                })
                .transpose()?;
            let provider = plaza_domain::identity::IdentityProviderInput {
                label,
                issuer,
                client_id,
                scopes: (!scopes.is_empty()).then_some(scopes),
                roles_claim,
                role_map,
                ca_pem,
                ..Default::default()
            }
            .validate(plaza_domain::ids::IdentityProviderId::generate(), agency.id)
            .map_err(fail)?;
            let sealed = seal_key(config)?.seal(&secret, &plaza_graphql::secret_context(provider.id));
            store.insert_identity_provider(&provider, &sealed).await.map_err(fail)?;
            println!(
                "identity provider {} added to {} ({})",
                provider.issuer, agency.slug, provider.id
            );
            Ok(())
        }
        IdpAction::List => {
            for stored in store.identity_providers(None).await.map_err(fail)? {
                let provider = stored.provider;
                let agency = store
                    .agency(provider.agency)
                    .await
                    .map_err(fail)?
                    .map(|agency| agency.slug.as_str().to_owned())
                    .unwrap_or_default();
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    provider.id,
                    agency,
                    provider.issuer,
                    provider.client_id,
                    if provider.enabled { "enabled" } else { "disabled" }
                );
            }
            Ok(())
        }
        IdpAction::Remove { id } => {
            let id = plaza_domain::ids::IdentityProviderId::parse(&id).map_err(|_| fail("not a provider id"))?;
            store.remove_identity_provider(id).await.map_err(|e| match e {
                plaza_storage::StorageError::NotFound => fail("no such identity provider"),
                other => fail(other),
            })?;
            println!("identity provider {id} removed");
            Ok(())
        }
    }
}

pub(super) async fn token(action: TokenAction, config: &Config) -> Result<(), Failure> {
    let store = open(config).await?;
    match action {
        TokenAction::Issue {
            member,
            agency,
            scope,
            label,
            expires_in_days,
        } => {
            let scope = Scope::parse(&scope).ok_or_else(|| fail("scope must be read_public, read_network or write"))?;
            let (subject, owner) = match (member, agency) {
                (Some(member), _) => {
                    let email = Email::parse(&member).map_err(|e| fail(e.at("member")))?;
                    let (member, _) = store
                        .member_by_email(&email)
                        .await
                        .map_err(fail)?
                        .ok_or_else(|| fail(format!("no member with e-mail {email}")))?;
                    (TokenSubject::Member(member.id), member.email.into_string())
                }
                (None, Some(slug)) => {
                    if scope == Scope::Write {
                        return Err(fail("service tokens read only: use read_public or read_network"));
                    }
                    let agency = store
                        .agency_by_slug(&slug)
                        .await
                        .map_err(fail)?
                        .ok_or_else(|| fail(format!("no agency with slug '{slug}'")))?;
                    (TokenSubject::Agency(agency.id), format!("agency {}", agency.slug))
                }
                (None, None) => return Err(fail("give --member or --agency")),
            };
            if expires_in_days.is_some_and(|days| !(1..=3650).contains(&days)) {
                return Err(fail("expires-in-days must be between 1 and 3650"));
            }
            let issued = plaza_auth::issue_token();
            let now = Utc::now();
            let stored = StoredToken {
                id: ApiTokenId::generate(),
                hash: issued.hash.clone(),
                subject,
                scope,
                label,
                created_at: now,
                expires_at: expires_in_days.map(|days| now + Duration::days(days)),
                revoked_at: None,
                last_used_at: None,
            };
            store.insert_token(&stored).await.map_err(fail)?;
            eprintln!(
                "token {} issued for {} (scope {}); it is shown only once:",
                stored.id,
                owner,
                scope.code()
            );
            println!("{}", plaza_auth::reveal(&issued));
            Ok(())
        }
        TokenAction::Revoke { id } => {
            let id = ApiTokenId::parse(&id).map_err(|_| fail("not a token id"))?;
            store.revoke_token(id, Utc::now()).await.map_err(|e| match e {
                plaza_storage::StorageError::NotFound => fail("no such token"),
                other => fail(other),
            })?;
            println!("token {id} revoked");
            Ok(())
        }
        TokenAction::List { member } => {
            let member_id = match member {
                None => None,
                Some(email) => {
                    let email = Email::parse(&email).map_err(|e| fail(e.at("member")))?;
                    Some(
                        store
                            .member_by_email(&email)
                            .await
                            .map_err(fail)?
                            .ok_or_else(|| fail(format!("no member with e-mail {email}")))?
                            .0
                            .id,
                    )
                }
            };
            for token in store
                .list_tokens(member_id.map(TokenSubject::Member))
                .await
                .map_err(fail)?
            {
                let state = if token.revoked_at.is_some() {
                    "revoked"
                } else if token.is_active(Utc::now()) {
                    "active"
                } else {
                    "expired"
                };
                let last_used = token.last_used_at.map_or("never".to_owned(), |at| at.to_rfc3339());
                println!(
                    "{}\t{}\t{}\t{}\t{}\tlast used {}",
                    token.id,
                    state,
                    token.scope.code(),
                    token.label,
                    match token.subject {
                        TokenSubject::Member(member) => format!("member {member}"),
                        TokenSubject::Agency(agency) => format!("agency {agency}"),
                    },
                    last_used
                );
            }
            Ok(())
        }
    }
}
