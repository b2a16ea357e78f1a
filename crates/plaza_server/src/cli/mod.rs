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

mod credentials;
mod digest;
mod reindex;

use credentials::{IdpAction, TokenAction, idp, seal_key, token};

/// Plaza: a knowledge-sharing network for public employees.
#[derive(Debug, Parser)]
#[command(
    name = "plaza",
    version,
    about = "Plaza: a knowledge-sharing network for public employees (GraphQL API, web app, widgets).",
    after_help = "Start with `plaza serve --demo` and open the printed URL: the demo network, and sign-in as a demo persona.\n\
                  Settings come from plaza.toml and PLAZA_* variables (see infra/plaza.example.toml); \
                  `plaza <command> --help` explains each command."
)]
struct Cli {
    /// Configuration file (missing is fine: defaults and PLAZA_* variables apply).
    #[arg(long, global = true, default_value = "plaza.toml")]
    config: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serves the web app, the widgets, GraphiQL and the GraphQL API (and health checks).
    Serve {
        /// Demo mode: loads the demo network into an empty database, and lets visitors sign in
        /// as demo personas through a built-in OpenID provider (never use it in production).
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
    /// Writes content, members, agencies, evidence and attachments, whatever their audience, as
    /// JSONL (the import format, which `plaza import` reads). Not open data: that is /datos.
    Export {
        /// Where to write; standard output when omitted.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Writes a consistent snapshot of every table (and the attachment files into FILE.files/)
    /// while the service runs: from the database server, or with --server from a running
    /// `plaza serve` (PLAZA_ADMIN_TOKEN). `plaza restore FILE` puts it back.
    Backup {
        /// The snapshot file to write.
        #[arg(long)]
        out: PathBuf,
        /// A running Plaza to ask (`http://127.0.0.1:8080`), for the embedded database it holds.
        #[arg(long)]
        server: Option<String>,
    },
    /// Restores a snapshot written by `plaza backup` into an empty database.
    Restore {
        /// The snapshot file.
        file: PathBuf,
    },
    /// Prints each table's record count and digest (to compare two databases).
    Tables,
    /// Asks a running Plaza whether it is ready (exit status 0 when `/readyz` answers 200): a
    /// container health check without a shell or curl.
    Probe {
        /// The address to ask.
        #[arg(long, default_value = "http://127.0.0.1:8080/readyz")]
        url: String,
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
    /// E-mails members their notification digest (run daily and weekly, e.g. from cron).
    Digest {
        /// `daily` or `weekly`: which members to e-mail.
        #[arg(long)]
        frequency: String,
        /// Prints the digests instead of sending them.
        #[arg(long)]
        dry_run: bool,
    },
    /// Reminds owners of published items due for review within two weeks (run daily, e.g.
    /// from cron; the server also runs it once a day).
    RemindReviews {
        /// The day to remind as of (YYYY-MM-DD); today by default.
        #[arg(long)]
        today: Option<chrono::NaiveDate>,
    },
    /// Prints the GraphQL schema (SDL).
    Schema,
    /// Rebuilds the search index from the database beside the current one, then swaps them;
    /// with --server, a running Plaza's index, online (PLAZA_ADMIN_TOKEN).
    Reindex {
        /// A running Plaza (`http://127.0.0.1:8080`) whose index to rebuild while it serves.
        #[arg(long)]
        server: Option<String>,
    },
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
    /// Sets the web origins allowed to embed Plaza's widgets (replaces the list; none clears it).
    Origins {
        /// The agency's slug.
        #[arg(long)]
        slug: String,
        /// An origin such as https://intranet.example.gob.es (repeatable).
        #[arg(long = "origin")]
        origins: Vec<String>,
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
    // The last database handle is gone by now; SurrealDB shuts its storage down in a task of its
    // own (there is no awaitable shutdown upstream), so wait until it releases the data directory.
    // A failed command (e.g. the directory is another process's) does not wait for anyone.
    if config.db_url.is_none() && outcome.is_ok() && OPENED.load(std::sync::atomic::Ordering::Relaxed) {
        database_released(&config.data_dir.join("db").join("LOCK")).await;
    }
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("plaza: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Whether this process opened the embedded database (only then is its lock ours to wait for:
/// a command refused because another process holds it must not wait for that one).
static OPENED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Longest wait for the embedded database to close before the process exits.
const DATABASE_SETTLE: std::time::Duration = std::time::Duration::from_secs(10);

/// Waits until the embedded database has closed: its lock file can be locked again.
async fn database_released(lock: &std::path::Path) {
    let deadline = tokio::time::Instant::now() + DATABASE_SETTLE;
    while tokio::time::Instant::now() < deadline {
        match std::fs::File::open(lock) {
            // Never opened (a command that failed first), or gone.
            Err(_) => return,
            Ok(file) => {
                if file.try_lock().is_ok() {
                    let _ = file.unlock();
                    return;
                }
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    tracing::warn!("the database took more than {DATABASE_SETTLE:?} to close");
}

async fn open(config: &Config) -> Result<Store, Failure> {
    if config.db_url.is_none() {
        std::fs::create_dir_all(&config.data_dir).map_err(|e| {
            fail(format!(
                "cannot create the data directory {}: {e}",
                config.data_dir.display()
            ))
        })?;
    }
    let store = Store::connect(&config.store()).await.map_err(|error| {
        let message = error.to_string();
        if message.contains("lock") || message.contains("Lock") {
            fail(format!(
                "the database in {} is in use by another process (a running `plaza serve`?): stop it, or use the API",
                config.data_dir.display()
            ))
        } else {
            fail(format!("cannot open the database: {message}"))
        }
    })?;
    OPENED.store(true, std::sync::atomic::Ordering::Relaxed);
    Ok(store)
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
            // On a database other processes share, events are relayed to the other replicas.
            let link = crate::cluster::is_shared(&config.store().url).then(crate::cluster::link);
            let outbox = link.as_ref().map(crate::cluster::Link::outbox).unwrap_or_default();
            let buses = plaza_app::Buses::new(outbox.clone());
            let creds = std::sync::Arc::new(crate::auth::Credentials::new(outbox.clone()));
            let search_stats = std::sync::Arc::new(plaza_graphql::SearchStatsRecorder::new());
            let schema = plaza_graphql::build(Some(plaza_graphql::Services {
                store: store.clone(),
                search: indexer.handle(outbox),
                seal: seal.clone(),
                credentials: creds.clone(),
                search_stats: search_stats.clone(),
                webhooks: plaza_graphql::WebhookSettings {
                    allow_private: config.webhook_allow_private,
                },
                search_timer: Some(plaza_graphql::SearchTimer(std::sync::Arc::new(crate::metrics::search))),
                buses: buses.clone(),
            }));
            let cluster = link.map(|link| {
                let parts = crate::cluster::Parts {
                    buses,
                    indexer: indexer.clone(),
                };
                (link, parts)
            });
            let state = AppState {
                schema,
                store,
                seal,
                creds,
                search_stats,
                publisher: crate::open_data::Publisher::of(
                    config.open_data_publisher.as_deref(),
                    config.open_data_publisher_name.as_deref(),
                ),
                persisted: std::sync::Arc::new(
                    crate::persisted::PersistedQueries::load(
                        config.trusted_documents.as_deref(),
                        config.trusted_documents_only,
                    )
                    .map_err(|e| fail(format!("trusted documents: {e}")))?,
                ),
                blobs: crate::attachments::Blobs::open(config).map_err(fail)?,
                indexer,
                remote_db: crate::snapshot::RemoteDb::of(config),
            };
            crate::serve::serve(state, config, demo, cluster)
                .await
                .map_err(|e| fail(format!("server: {e}")))
        }
        Command::SeedDemo => seed_demo(&open(config).await?).await,
        Command::Import { file } => import(config, &file).await,
        Command::Export { out } => crate::backup::export_command(&open(config).await?, config, out.as_deref())
            .await
            .map_err(fail),
        Command::Backup { out, server } => {
            let store = match server {
                Some(_) => None,
                None => Some(open(config).await?),
            };
            crate::snapshot::backup(config, &out, server.as_deref(), store)
                .await
                .map_err(fail)
        }
        Command::Restore { file } => {
            if config.db_url.is_none() {
                std::fs::create_dir_all(&config.data_dir).map_err(fail)?;
            }
            crate::snapshot::restore(config, &file).await.map(drop).map_err(fail)
        }
        Command::Tables => crate::snapshot::tables(&open(config).await?).await.map_err(fail),
        Command::Probe { url } => crate::admin::probe(&url).await.map_err(fail),
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
        Command::Agency {
            action: AgencyAction::Origins { slug, origins },
        } => {
            let origins = plaza_domain::agency::parse_origins(&origins).map_err(|e| fail(e.at("origin")))?;
            let store = open(config).await?;
            let agency = store
                .agency_by_slug(&slug)
                .await
                .map_err(fail)?
                .ok_or_else(|| fail(format!("no agency with slug '{slug}'")))?;
            store.set_allowed_origins(agency.id, &origins).await.map_err(fail)?;
            println!("{} allows {} origin(s)", agency.slug, origins.len());
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
                suspension: None,
                profile: Default::default(),
                erased_at: None,
            };
            let id = store.create_member(&member, None).await.map_err(fail)?;
            println!("member {} added to {} ({id})", member.email, agency.slug);
            Ok(())
        }
        Command::Token { action } => token(action, config).await,
        Command::Idp { action } => idp(action, config).await,
        Command::Digest { frequency, dry_run } => digest::digest(config, &frequency, dry_run).await,
        Command::RemindReviews { today } => {
            let store = open(config).await?;
            let today = today.unwrap_or_else(|| Utc::now().date_naive());
            let sent = plaza_app::reviews::send_reminders(&store, today).await.map_err(fail)?;
            println!("{sent} review reminders sent");
            Ok(())
        }
        Command::Reindex { server: Some(server) } => reindex::online(&server).await,
        Command::Reindex { server: None } => reindex::offline(config).await,
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
    let mut report = report;
    if !report.attachments.is_empty() {
        let blobs = crate::attachments::Blobs::open(config).map_err(fail)?;
        let dir = crate::attachments::archive::files_dir(file);
        let lines = std::mem::take(&mut report.attachments);
        let (restored, refused) = crate::attachments::archive::restore(&store, &blobs, &dir, lines).await;
        println!("restored {restored} attachments from {}", dir.display());
        report.accepted += restored;
        report.rejected.extend(refused);
        report.rejected.sort_by_key(|(line, _)| *line);
    }
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
        let evidence = crate::demo_evidence::seed_evidence(store)
            .await
            .map_err(|e| fail(format!("the demo evidence: {e}")))?;
        tracing::info!(evidence, "demo evidence loaded");
        let profiles = crate::demo::seed_profiles(store)
            .await
            .map_err(|e| fail(format!("the demo profiles: {e}")))?;
        tracing::info!(profiles, "demo profiles loaded");
        Ok(())
    } else {
        Err(fail(format!(
            "the demo network has rejected lines: {:?}",
            report.rejected
        )))
    }
}
