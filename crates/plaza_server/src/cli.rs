//! The command line: `plaza serve | seed-demo | import | export | agency | member | token | idp | schema`.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{Duration, Utc};
use clap::{Parser, Subcommand};
use plaza_domain::agency::AgencyInput;
use plaza_domain::ids::{ApiTokenId, MemberId};
use plaza_domain::member::{Member, parse_roles};
use plaza_domain::policy::Scope;
use plaza_domain::text::{Email, Name};
use plaza_storage::{Store, StoredToken, TokenSubject};

use crate::AppState;
use crate::config::Config;

/// Plaza: a knowledge-sharing network for public employees.
#[derive(Debug, Parser)]
#[command(name = "plaza", version, about)]
struct Cli {
    /// Configuration file (missing is fine: defaults and PLAZA_* variables apply).
    #[arg(long, global = true, default_value = "plaza.toml")]
    config: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serves the GraphQL API, health and readiness checks.
    Serve {
        /// Loads the demo network first if the database has no agencies yet.
        #[arg(long)]
        demo: bool,
    },
    /// Loads the demo network (idempotent).
    SeedDemo,
    /// Imports a JSONL file (idempotent by external_id); reports rejected lines.
    Import {
        /// The file to import.
        file: PathBuf,
    },
    /// Writes every record as JSONL (the import format).
    Export {
        /// Where to write; standard output when omitted.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Manages agencies.
    Agency {
        #[command(subcommand)]
        action: AgencyAction,
    },
    /// Manages members.
    Member {
        #[command(subcommand)]
        action: MemberAction,
    },
    /// Manages API tokens.
    Token {
        #[command(subcommand)]
        action: TokenAction,
    },
    /// Manages agencies' OpenID Connect identity providers.
    Idp {
        #[command(subcommand)]
        action: IdpAction,
    },
    /// Prints the GraphQL schema (SDL).
    Schema,
    /// Rebuilds the search index from the database beside the current one, then swaps them.
    Reindex,
}

#[derive(Debug, Subcommand)]
enum AgencyAction {
    /// Adds an agency.
    Add {
        /// Short name for URLs (`ayto-madrid`).
        #[arg(long)]
        slug: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// Level of government (`local`, `provincial`, `regional`, `national`, `supranational`, `other_public_body`).
        #[arg(long)]
        level: String,
        /// ISO 3166-1 country code.
        #[arg(long)]
        country: String,
        /// Region.
        #[arg(long)]
        region: Option<String>,
        /// A verified e-mail domain (repeatable).
        #[arg(long = "domain")]
        domains: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
enum MemberAction {
    /// Adds a member to an agency.
    Add {
        /// Work e-mail.
        #[arg(long)]
        email: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// The agency's slug.
        #[arg(long)]
        agency: String,
        /// A role (repeatable): editor, moderator, agency_admin, network_admin.
        #[arg(long = "role")]
        roles: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
enum IdpAction {
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
enum TokenAction {
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

/// A command failure: printed as `plaza: <message>`, exit status 1.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct Failure(String);

fn fail(message: impl std::fmt::Display) -> Failure {
    Failure(message.to_string())
}

/// Parses the command line and runs it.
pub async fn run() -> ExitCode {
    let cli = Cli::parse();
    let env: HashMap<String, String> = std::env::vars().collect();
    let config = match Config::load(&cli.config, &env) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("plaza: {error}");
            return ExitCode::from(2);
        }
    };
    crate::telemetry::init(&config.log_format);
    let outcome = execute(cli.command, &config).await;
    // The last database handle is gone by now; SurrealDB stops its background tasks and
    // releases the data directory shortly after (there is no awaitable shutdown upstream).
    tokio::time::sleep(DATABASE_SETTLE).await;
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("plaza: {message}");
            ExitCode::FAILURE
        }
    }
}

/// How long to let the database wind down before the process exits.
const DATABASE_SETTLE: std::time::Duration = std::time::Duration::from_millis(150);

async fn open(config: &Config) -> Result<Store, Failure> {
    if config.db_url.is_none() {
        std::fs::create_dir_all(&config.data_dir).map_err(|e| {
            fail(format!(
                "cannot create the data directory {}: {e}",
                config.data_dir.display()
            ))
        })?;
    }
    Store::connect(&config.store()).await.map_err(|error| {
        let message = error.to_string();
        if message.contains("lock") || message.contains("Lock") {
            fail(format!(
                "the database in {} is in use by another process (a running `plaza serve`?): stop it, or use the API",
                config.data_dir.display()
            ))
        } else {
            fail(format!("cannot open the database: {message}"))
        }
    })
}

async fn execute(command: Command, config: &Config) -> Result<(), Failure> {
    match command {
        Command::Schema => {
            print!("{}", plaza_graphql::sdl());
            Ok(())
        }
        Command::Serve { demo } => {
            let store = open(config).await?;
            let first_agency = plaza_storage::PageRequest { first: 1, after: None };
            let empty = store
                .list_agencies(&plaza_storage::AgencyFilter::default(), &first_agency)
                .await
                .map_err(fail)?
                .items
                .is_empty();
            if demo && empty {
                seed_demo(&store).await?;
            }
            let indexer = crate::indexer::Indexer::start(store.clone(), config.index_dir())
                .await
                .map_err(|e| fail(format!("search index: {e}")))?;
            let seal = std::sync::Arc::new(seal_key(config)?);
            let creds = std::sync::Arc::new(crate::auth::Credentials::new());
            let schema = plaza_graphql::build(Some(plaza_graphql::Services {
                store: store.clone(),
                search: indexer.handle(),
                seal: seal.clone(),
                credentials: creds.clone(),
            }));
            let state = AppState {
                schema,
                store,
                seal,
                creds,
            };
            crate::serve::serve(state, config)
                .await
                .map_err(|e| fail(format!("server: {e}")))
        }
        Command::SeedDemo => seed_demo(&open(config).await?).await,
        Command::Import { file } => import(config, &file).await,
        Command::Export { out } => {
            let store = open(config).await?;
            let lines = match out {
                Some(path) => {
                    let file = std::fs::File::create(&path)
                        .map_err(|e| fail(format!("cannot create {}: {e}", path.display())))?;
                    let mut writer = std::io::BufWriter::new(file);
                    let lines = crate::export::export_jsonl(&store, &mut writer).await.map_err(fail)?;
                    writer.flush().map_err(fail)?;
                    lines
                }
                None => {
                    let mut stdout = std::io::stdout().lock();
                    crate::export::export_jsonl(&store, &mut stdout).await.map_err(fail)?
                }
            };
            eprintln!("exported {lines} records");
            Ok(())
        }
        Command::Agency {
            action:
                AgencyAction::Add {
                    slug,
                    name,
                    level,
                    country,
                    region,
                    domains,
                },
        } => {
            let agency = AgencyInput {
                slug,
                name,
                level,
                country,
                region,
                email_domains: domains,
            }
            .validate()
            .map_err(fail)?;
            let store = open(config).await?;
            let id = store.create_agency(&agency, None).await.map_err(fail)?;
            println!("agency {} added ({id})", agency.slug);
            Ok(())
        }
        Command::Member {
            action:
                MemberAction::Add {
                    email,
                    name,
                    agency,
                    roles,
                },
        } => {
            let store = open(config).await?;
            let agency = store
                .agency_by_slug(&agency)
                .await
                .map_err(fail)?
                .ok_or_else(|| fail(format!("no agency with slug '{agency}'")))?;
            let member = Member {
                id: MemberId::generate(),
                email: Email::parse(&email).map_err(|e| fail(e.at("email")))?,
                name: Name::parse(&name).map_err(|e| fail(e.at("name")))?,
                agency: agency.id,
                roles: parse_roles(&roles).map_err(fail)?,
            };
            let id = store.create_member(&member, None).await.map_err(fail)?;
            println!("member {} added to {} ({id})", member.email, agency.slug);
            Ok(())
        }
        Command::Token { action } => token(action, config).await,
        Command::Idp { action } => idp(action, config).await,
        Command::Reindex => reindex(config).await,
    }
}

/// The key that seals secrets at rest: `secret_key` from the configuration, or the key file in
/// the data directory (created, readable by the owner only, on first use).
fn seal_key(config: &Config) -> Result<plaza_auth::seal::SealKey, Failure> {
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

async fn idp(action: IdpAction, config: &Config) -> Result<(), Failure> {
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

/// Builds a new index from scratch in `<index>.rebuild`, then swaps it in.
async fn reindex(config: &Config) -> Result<(), Failure> {
    let store = open(config).await?;
    let live = config.index_dir();
    let fresh = live.with_extension("rebuild");
    let retired = live.with_extension("old");
    for leftover in [&fresh, &retired] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover).map_err(|e| fail(format!("cannot clear {}: {e}", leftover.display())))?;
        }
    }
    let started = std::time::Instant::now();
    let index =
        std::sync::Arc::new(plaza_search::SearchIndex::open(&fresh).map_err(|e| fail(format!("search index: {e}")))?);
    let spinner = std::io::stderr().is_terminal().then(|| {
        let spinner = indicatif::ProgressBar::new_spinner();
        spinner.set_message("indexing every published item…");
        spinner.enable_steady_tick(std::time::Duration::from_millis(120));
        spinner
    });
    let applied = crate::indexer::catch_up(&store, &index, &mut crate::indexer::Recent::default())
        .await
        .map_err(|e| fail(format!("reindex: {e}")))?;
    if let Some(spinner) = spinner {
        spinner.finish_and_clear();
    }
    let documents = index.num_docs();
    drop(index);
    if live.exists() {
        std::fs::rename(&live, &retired).map_err(|e| fail(format!("cannot move the old index aside: {e}")))?;
    }
    std::fs::rename(&fresh, &live).map_err(|e| fail(format!("cannot swap in the new index: {e}")))?;
    if retired.exists() {
        std::fs::remove_dir_all(&retired).map_err(|e| fail(format!("cannot remove the old index: {e}")))?;
    }
    println!(
        "reindexed {applied} records into {documents} searchable documents in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn token(action: TokenAction, config: &Config) -> Result<(), Failure> {
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

/// `plaza import`: stores the records, then brings the search index up to date so the import
/// is searchable when the server starts (an embedded database is this process's alone).
async fn import(config: &Config, file: &std::path::Path) -> Result<(), Failure> {
    let open_file = || std::fs::File::open(file).map_err(|e| fail(format!("cannot read {}: {e}", file.display())));
    let reader = std::io::BufReader::with_capacity(1 << 20, open_file()?);
    let store = open(config).await?;
    let bar = if std::io::stderr().is_terminal() {
        let total = std::io::BufRead::lines(std::io::BufReader::new(open_file()?)).count();
        let bar = indicatif::ProgressBar::new(u64::try_from(total).unwrap_or(u64::MAX));
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} records ({per_sec}, eta {eta})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Some(bar)
    } else {
        None
    };
    // The index follows the import as it goes (on the other core), then catches up the rest.
    let dir = config.index_dir();
    let index = match tokio::task::spawn_blocking(move || plaza_search::SearchIndex::open(&dir)).await {
        Ok(Ok(index)) => Some(std::sync::Arc::new(index)),
        Ok(Err(error)) => {
            println!("search index not updated ({error}); the server catches up when it starts");
            None
        }
        Err(error) => return Err(fail(format!("search index: {error}"))),
    };
    let importing = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let follower = index.clone().map(|index| {
        let (store, importing) = (store.clone(), importing.clone());
        tokio::spawn(async move {
            let (mut applied, mut recent) = (0, crate::indexer::Recent::default());
            while importing.load(std::sync::atomic::Ordering::Relaxed) {
                tokio::time::sleep(std::time::Duration::from_millis(500)).await;
                applied += crate::indexer::catch_up(&store, &index, &mut recent).await?;
            }
            Ok::<_, crate::indexer::IndexerError>((applied, recent))
        })
    });
    let started = std::time::Instant::now();
    let report = crate::import::import_reader(&store, reader, |done| {
        if let Some(bar) = &bar {
            bar.set_position(u64::try_from(done).unwrap_or(u64::MAX));
        }
    })
    .await;
    importing.store(false, std::sync::atomic::Ordering::Relaxed);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    println!(
        "imported {} of {} records in {:.1}s",
        report.accepted,
        report.lines,
        started.elapsed().as_secs_f64()
    );
    for (line, reason) in &report.rejected {
        println!("  line {line}: {reason}");
    }
    if let (Some(index), Some(follower)) = (index, follower) {
        let (followed, mut recent) = follower
            .await
            .map_err(|e| fail(format!("search index: {e}")))?
            .map_err(|e| fail(format!("search index: {e}")))?;
        let applied = crate::indexer::catch_up(&store, &index, &mut recent)
            .await
            .map_err(|e| fail(format!("search index: {e}")))?;
        println!(
            "search index up to date: {} changed records applied, {} searchable documents, {:.1}s after the start",
            followed + applied,
            index.num_docs(),
            started.elapsed().as_secs_f64()
        );
    }
    if report.rejected.is_empty() {
        Ok(())
    } else {
        Err(fail(format!("{} lines rejected", report.rejected.len())))
    }
}

async fn seed_demo(store: &Store) -> Result<(), Failure> {
    let report = crate::demo::seed(store).await;
    tracing::info!(accepted = report.accepted, lines = report.lines, "demo network loaded");
    if report.rejected.is_empty() {
        let threads = crate::demo::seed_collaboration(store)
            .await
            .map_err(|e| fail(format!("the demo groups and threads: {e}")))?;
        tracing::info!(threads, "demo groups and threads loaded");
        Ok(())
    } else {
        Err(fail(format!(
            "the demo network has rejected lines: {:?}",
            report.rejected
        )))
    }
}
