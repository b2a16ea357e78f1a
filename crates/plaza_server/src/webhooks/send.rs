//! Sending deliveries: signed as the Standard Webhooks specification says, to an address
//! checked before connecting (no private, loopback or metadata address unless the network
//! allows them), without following redirects, within a timeout; then recorded, with the next
//! attempt scheduled or the delivery given up.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use plaza_auth::seal::SealKey;
use plaza_domain::webhook::{DISABLE_AFTER_FAILURES, Delivery, is_private_address, retry_delay};
use plaza_storage::{AttemptOutcome, Store};
use secrecy::ExposeSecret as _;

/// How the sender behaves.
#[derive(Debug, Clone, Copy)]
pub struct SendSettings {
    /// Allow private and loopback addresses (development, tests).
    pub allow_private: bool,
    /// Scale of the retry schedule.
    pub retry_scale: f64,
    /// How long an endpoint has to answer.
    pub timeout: Duration,
}

/// Deliveries sent per round.
const ROUND: usize = 50;

/// Sends the deliveries that are due; returns how many were attempted.
pub async fn send_due(store: &Store, seal: &Arc<SealKey>, settings: SendSettings) -> Result<usize, String> {
    let due = store
        .due_deliveries(Utc::now(), ROUND)
        .await
        .map_err(|e| e.to_string())?;
    let count = due.len();
    let sends = due.into_iter().map(|delivery| async move {
        if let Err(error) = attempt(store, seal, settings, &delivery).await {
            tracing::warn!(%error, delivery = %delivery.id, "webhook attempt not recorded");
        }
    });
    futures::future::join_all(sends).await;
    Ok(count)
}

async fn attempt(
    store: &Store,
    seal: &Arc<SealKey>,
    settings: SendSettings,
    delivery: &Delivery,
) -> Result<(), String> {
    let Some(webhook) = store.webhook(delivery.webhook).await.map_err(|e| e.to_string())? else {
        return Ok(());
    };
    if !webhook.enabled {
        store
            .fail_pending_deliveries(webhook.id, "switched_off")
            .await
            .map_err(|e| e.to_string())?;
        return Ok(());
    }
    let now = Utc::now();
    let (status, error) = match post(store, seal, settings, &webhook.url, delivery).await {
        Ok(status) if (200..300).contains(&status) => (Some(status), None),
        Ok(status) => (Some(status), Some("status".to_owned())),
        Err(error) => (None, Some(error)),
    };
    let delivered = error.is_none();
    let attempts = delivery.attempts + 1;
    let retry_at = if delivered {
        None
    } else {
        retry_delay(attempts, settings.retry_scale, rand::random::<f64>())
            .and_then(|delay| chrono::Duration::from_std(delay).ok())
            .map(|delay| now + delay)
    };
    let outcome = AttemptOutcome {
        status,
        error,
        delivered,
        retry_at,
        at: now,
    };
    let disabled = store
        .record_attempt(delivery, &outcome, DISABLE_AFTER_FAILURES)
        .await
        .map_err(|e| e.to_string())?;
    if disabled {
        tracing::warn!(webhook = %webhook.id, url = %webhook.url, "webhook switched off after repeated failures");
        store
            .fail_pending_deliveries(webhook.id, "switched_off")
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Posts the delivery; the HTTP status, or why there was none as a code the screens translate:
/// `invalid_url`, `resolve`, `private_address`, `secret`, `timeout`, `connect`, `request`.
async fn post(
    store: &Store,
    seal: &Arc<SealKey>,
    settings: SendSettings,
    url: &str,
    delivery: &Delivery,
) -> Result<u16, String> {
    let parsed = reqwest::Url::parse(url).map_err(|_| "invalid_url".to_owned())?;
    let host = parsed.host_str().ok_or("invalid_url")?.to_owned();
    let port = parsed.port_or_known_default().ok_or("invalid_url")?;
    let addresses: Vec<SocketAddr> = tokio::net::lookup_host((host.trim_matches(['[', ']']), port))
        .await
        .map_err(|_| "resolve".to_owned())?
        .collect();
    let Some(address) = addresses.first().copied() else {
        return Err("resolve".to_owned());
    };
    // Every address the name resolves to must be allowed, and the connection goes to the one
    // checked (pinned below), so a name cannot switch to a private address after the check.
    if !settings.allow_private && addresses.iter().any(|a| is_private_address(a.ip())) {
        return Err("private_address".to_owned());
    }
    let secrets = store
        .webhook_secrets(delivery.webhook)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("secret")?;
    let context = plaza_graphql::webhook_secret_context(delivery.webhook);
    let now = Utc::now();
    let mut plaintexts = vec![seal.open(&secrets.current, &context).map_err(|_| "secret".to_owned())?];
    if let Some((previous, until)) = &secrets.previous
        && *until > now
        && let Ok(previous) = seal.open(previous, &context)
    {
        plaintexts.push(previous);
    }
    let keys: Vec<&str> = plaintexts.iter().map(|s| s.expose_secret()).collect();
    let message_id = delivery.message_id();
    let timestamp = now.timestamp();
    let signature = plaza_auth::webhook::signature_header(&keys, &message_id, timestamp, &delivery.payload)
        .map_err(|_| "secret".to_owned())?;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        // Straight to the address checked above: a proxy would resolve the name again.
        .no_proxy()
        .timeout(settings.timeout)
        .connect_timeout(settings.timeout)
        .resolve(&host, address)
        .user_agent(concat!("Plaza-Webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| e.to_string())?;
    let response = client
        .post(parsed)
        .header("content-type", "application/json")
        .header("webhook-id", &message_id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(delivery.payload.clone())
        .send()
        .await
        .map_err(|e| {
            if e.is_timeout() {
                "timeout".to_owned()
            } else if e.is_connect() {
                "connect".to_owned()
            } else {
                "request".to_owned()
            }
        })?;
    // The answer's body is never read: only its status counts, and an endpoint could send
    // anything.
    Ok(response.status().as_u16())
}
