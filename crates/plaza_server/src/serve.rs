//! `plaza serve`: bind, serve, shut down gracefully.

use std::time::Duration;

use poem::Server;
use poem::listener::{Acceptor, Listener, TcpListener};

use crate::AppState;
use crate::config::Config;
use crate::http;

/// Serves until SIGINT or SIGTERM, then waits up to the configured timeout for open requests.
/// On a shared database, `cluster` relays events to and from the other replicas.
pub async fn serve(
    state: AppState,
    config: &Config,
    demo: bool,
    cluster: Option<(crate::cluster::Link, crate::cluster::Parts)>,
) -> Result<(), std::io::Error> {
    let acceptor = TcpListener::bind(config.listen).into_acceptor().await?;
    let addresses: Vec<String> = acceptor
        .local_addr()
        .iter()
        .filter_map(|addr| addr.as_socket_addr().map(ToString::to_string))
        .collect();
    let address = addresses.first().cloned().unwrap_or_default();
    // Printed on stdout (not only logged) so scripts and tests can read the chosen port.
    println!("plaza listening on http://{address}");
    tracing::info!(%address, "listening");
    let public_url = config.public_url.clone().unwrap_or_else(|| format!("http://{address}"));
    let demo_idp = demo_sign_in(&state, &public_url, demo).await;
    let auth = std::sync::Arc::new(crate::auth::Auth::new(
        config,
        state.seal.clone(),
        state.creds.clone(),
        public_url.clone(),
    ));
    // Background jobs hold database handles: they are stopped when serving ends, so the
    // embedded database can close at once (it closes when its last handle goes).
    let mut jobs = vec![crate::auth::spawn_housekeeping(state.store.clone(), auth.clone())];
    // With other replicas on the database, events are relayed among them and the singleton
    // jobs run where the lease is held.
    let leader = match cluster {
        Some((link, parts)) => {
            if config.attachments_s3_bucket.is_none() {
                tracing::warn!(
                    "attachments are kept on this replica's disk: with several replicas, set \
                     PLAZA_ATTACHMENTS_S3_BUCKET so every replica serves every file"
                );
            }
            jobs.extend(crate::cluster::spawn(state.store.clone(), link, parts, auth.clone()));
            let (leader, election) = crate::lease::Leader::elect(state.store.clone(), "singleton-jobs");
            jobs.push(election);
            leader
        }
        None => crate::lease::Leader::alone(),
    };
    jobs.push(crate::reviews::spawn_daily(state.store.clone(), leader.clone()));
    jobs.extend(crate::webhooks::spawn(
        state.store.clone(),
        state.seal.clone(),
        public_url.clone(),
        crate::webhooks::send::SendSettings {
            allow_private: config.webhook_allow_private,
            retry_scale: config.webhook_retry_scale,
            timeout: Duration::from_millis(config.webhook_timeout_ms),
        },
        leader,
    ));
    let (store, blobs) = (state.store.clone(), state.blobs.clone());
    jobs.push(tokio::spawn(async move {
        let mut hourly = tokio::time::interval(Duration::from_secs(3600));
        loop {
            hourly.tick().await;
            crate::attachments::purge_pending(&store, &blobs).await;
        }
    }));
    jobs.push(crate::search_stats::spawn_flush(
        state.search_stats.clone(),
        state.store.clone(),
        Duration::from_millis(config.search_stats_flush_ms),
    ));
    let search_stats = (state.search_stats.clone(), state.store.clone());
    let web = crate::web::WebDir::choose(config.web_dir.clone(), config.web_dir());
    match &web {
        crate::web::WebDir::Dir(dir) => tracing::info!(dir = %dir.display(), "serving the web app"),
        crate::web::WebDir::Embedded => tracing::info!("serving the web app embedded in the binary"),
        crate::web::WebDir::None => tracing::info!("no built web app: serving the API only"),
    }
    let metrics = crate::metrics::MetricsToken(config.metrics_token.as_ref().map(|token| token.0.clone()));
    let admin = crate::admin::AdminToken(config.admin_token.clone());
    let app = http::routes(state, auth, config.body_limit, web, demo_idp, metrics, admin);
    Server::new_with_acceptor(acceptor)
        .run_with_graceful_shutdown(
            app,
            shutdown_signal(),
            Some(Duration::from_secs(config.shutdown_timeout_secs)),
        )
        .await?;
    for job in &jobs {
        job.abort();
    }
    // Searches counted since the last flush are written before the process ends.
    crate::search_stats::flush(&search_stats.0, &search_stats.1).await;
    tracing::info!("stopped");
    Ok(())
}

/// In demo mode, the demo identity provider and its personas; otherwise the providers a demo
/// run registered are switched off.
async fn demo_sign_in(
    state: &AppState,
    public_url: &str,
    demo: bool,
) -> Option<std::sync::Arc<crate::demo_idp::DemoIdp>> {
    if !demo {
        match crate::demo_idp::disable(&state.store, &state.seal).await {
            Ok(0) => {}
            Ok(count) => tracing::info!(count, "demo sign-in switched off (not in demo mode)"),
            Err(error) => tracing::warn!(%error, "cannot switch off the demo sign-in"),
        }
        return None;
    }
    match crate::demo_idp::install(&state.store, &state.seal, public_url).await {
        Ok(idp) => {
            println!("demo: sign in as one of the demo personas at {public_url}/entrar");
            Some(idp)
        }
        Err(error) => {
            tracing::warn!(%error, "the demo sign-in is not available");
            None
        }
    }
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(signal) => signal,
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                let _ = interrupt.await;
                return;
            }
        };
        tokio::select! {
            _ = interrupt => {},
            _ = terminate.recv() => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
    tracing::info!("shutting down");
}
