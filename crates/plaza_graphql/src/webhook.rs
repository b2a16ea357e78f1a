//! Managing webhooks: an agency's administrators (and network administrators) subscribe
//! endpoints to events about what the agency may read, see each endpoint's delivery log, send
//! a delivery again, send a test event, and rotate the signing secret.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Duration, Utc};
use plaza_domain::ids::{AgencyId, WebhookDeliveryId, WebhookId};
use plaza_domain::policy::{Denial, can_manage_agency};
use plaza_domain::webhook::{
    Delivery, EndpointUrl, EventType, MAX_DESCRIPTION_LENGTH, MAX_FILTER_LENGTH, MAX_PER_AGENCY, Webhook,
};
use secrecy::ExposeSecret as _;

use crate::context;
use crate::error::{ApiError, ApiResult};
use crate::ids::{NodeKind, decode_as, encode};

/// Whether endpoints may be plain `http://` and resolve to private or loopback addresses
/// (development and tests only; set by the server's configuration).
#[derive(Debug, Clone, Copy, Default)]
pub struct WebhookSettings {
    /// Allow `http://` and private addresses.
    pub allow_private: bool,
}

/// How long a rotated-out secret keeps signing, so receivers can switch without losing events.
const ROTATION_OVERLAP_HOURS: i64 = 24;
/// Most deliveries listed at once.
const DELIVERIES_MAX: i32 = 100;

/// The sealing context of a webhook's secret: it opens for that webhook only.
pub fn secret_context(webhook: WebhookId) -> String {
    format!("webhook:{webhook}")
}

/// A webhook subscription.
pub struct WebhookNode(pub Webhook);

/// An agency's webhook: an HTTPS endpoint Plaza sends signed events to (Standard Webhooks).
#[Object(name = "Webhook")]
impl WebhookNode {
    /// Global id.
    async fn id(&self) -> ID {
        encode(NodeKind::Webhook, &self.0.id.as_string())
    }
    /// The agency whose readers' view decides which events it gets.
    async fn agency(&self) -> ID {
        encode(NodeKind::Agency, &self.0.agency.as_string())
    }
    /// The endpoint.
    async fn url(&self) -> &str {
        &self.0.url
    }
    /// What it is for.
    async fn description(&self) -> &str {
        &self.0.description
    }
    /// The event types it receives (`item.published`, …).
    async fn events(&self) -> Vec<&'static str> {
        self.0.events.iter().map(|e| e.code()).collect()
    }
    /// The search the items must match (words and operators); empty for every item.
    async fn filter(&self) -> &str {
        &self.0.filter
    }
    /// Whether events are sent.
    async fn enabled(&self) -> bool {
        self.0.enabled
    }
    /// Why it was switched off automatically, if it was: `too_many_failures` (30 failed
    /// attempts in a row).
    async fn disabled_reason(&self) -> Option<&str> {
        self.0.disabled_reason.as_deref()
    }
    /// Failed attempts in a row.
    async fn consecutive_failures(&self) -> u32 {
        self.0.consecutive_failures
    }
    /// When it was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When its secret last changed.
    async fn secret_rotated_at(&self) -> DateTime<Utc> {
        self.0.secret_rotated_at
    }
    /// The signing secret (`whsec_…`), to verify signatures with (a write credential of its
    /// administrators). Secret.
    async fn secret(&self, ctx: &Context<'_>) -> ApiResult<String> {
        can_manage_agency(context::viewer(ctx), self.0.agency).map_err(ApiError::Denied)?;
        let sealed = context::store(ctx)?
            .webhook_secrets(self.0.id)
            .await?
            .ok_or(ApiError::Denied(Denial::NotFound))?;
        let secret = context::seal_key(ctx)?
            .open(&sealed.current, &secret_context(self.0.id))
            .map_err(|_| ApiError::internal("a webhook secret does not open"))?;
        Ok(secret.expose_secret().to_owned())
    }
    /// The latest deliveries, newest first.
    async fn deliveries(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 20, desc = "How many (1 to 100).")] first: i32,
    ) -> ApiResult<Vec<DeliveryNode>> {
        let limit = usize::try_from(first.clamp(1, DELIVERIES_MAX)).unwrap_or(20);
        let deliveries = context::store(ctx)?.deliveries(self.0.id, limit).await?;
        Ok(deliveries.into_iter().map(DeliveryNode).collect())
    }
}

/// One event sent (or to send) to one webhook.
pub struct DeliveryNode(pub Delivery);

/// One event sent, or to send, to one webhook, with its attempts.
#[Object(name = "WebhookDelivery")]
impl DeliveryNode {
    /// Global id.
    async fn id(&self) -> ID {
        encode(NodeKind::WebhookDelivery, &self.0.id.as_string())
    }
    /// The `webhook-id` header: the same for every attempt, for receivers to ignore repeats.
    async fn message_id(&self) -> String {
        self.0.message_id()
    }
    /// The event type.
    async fn event(&self) -> &str {
        &self.0.event
    }
    /// The JSON body sent.
    async fn payload(&self) -> &str {
        &self.0.payload
    }
    /// `pending`, `delivered` or `failed`.
    async fn status(&self) -> &'static str {
        self.0.status.code()
    }
    /// Attempts made.
    async fn attempts(&self) -> u32 {
        self.0.attempts
    }
    /// When the next attempt is due.
    async fn next_attempt_at(&self) -> Option<DateTime<Utc>> {
        self.0.next_attempt_at
    }
    /// The HTTP status of the last answer.
    async fn last_status(&self) -> Option<u16> {
        self.0.last_status
    }
    /// What went wrong last time, as a code: `status` (an answer other than 2xx, see
    /// `lastStatus`), `timeout`, `connect`, `request`, `resolve` (the host name does not
    /// resolve), `private_address` (it resolves to a private, loopback or reserved address:
    /// refused), `invalid_url`, `secret`, `switched_off` (given up because the webhook was off).
    async fn last_error(&self) -> Option<&str> {
        self.0.last_error.as_deref()
    }
    /// When the event happened.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When the endpoint accepted it.
    async fn delivered_at(&self) -> Option<DateTime<Utc>> {
        self.0.delivered_at
    }
}

/// A webhook with its secret, right after it was made or its secret changed.
#[derive(SimpleObject)]
pub struct WebhookWithSecret {
    /// The webhook.
    pub webhook: WebhookNode,
    /// The signing secret (`whsec_…`).
    pub secret: String,
}

/// What a webhook receives and where.
#[derive(Debug, Clone, InputObject)]
pub struct WebhookInput {
    /// The endpoint: `https://…`.
    pub url: String,
    /// What it is for.
    #[graphql(default)]
    pub description: String,
    /// Event types (see `webhookEventTypes`); at least one.
    pub events: Vec<String>,
    /// A search the items must match, e.g. `tipo:caso plataforma:tiktok`; empty for every item.
    #[graphql(default)]
    pub filter: String,
    /// Whether events are sent (switching on clears the failures).
    #[graphql(default = true)]
    pub enabled: bool,
}

impl WebhookInput {
    fn validate(&self, allow_private: bool) -> ApiResult<(EndpointUrl, Vec<EventType>)> {
        let url = EndpointUrl::parse(&self.url, allow_private).map_err(|e| ApiError::invalid_at("input", e))?;
        let mut events = self
            .events
            .iter()
            .map(|code| EventType::parse(code))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| ApiError::invalid_at("input", e))?;
        events.sort();
        events.dedup();
        if events.is_empty() {
            return Err(ApiError::invalid("input.events", "choose at least one event"));
        }
        if self.filter.chars().count() > MAX_FILTER_LENGTH {
            return Err(ApiError::invalid(
                "input.filter",
                "is too long (at most 500 characters)",
            ));
        }
        if self.description.chars().count() > MAX_DESCRIPTION_LENGTH {
            return Err(ApiError::invalid(
                "input.description",
                "is too long (at most 200 characters)",
            ));
        }
        Ok((url, events))
    }
}

fn settings(ctx: &Context<'_>) -> WebhookSettings {
    ctx.data::<WebhookSettings>().copied().unwrap_or_default()
}

/// The webhook, if the viewer manages its agency (otherwise it does not exist for them).
async fn managed(ctx: &Context<'_>, id: &ID) -> ApiResult<Webhook> {
    let id: WebhookId = decode_as(id, NodeKind::Webhook, "id")?;
    let webhook = context::store(ctx)?
        .webhook(id)
        .await?
        .ok_or(ApiError::Denied(Denial::NotFound))?;
    match can_manage_agency(context::viewer(ctx), webhook.agency) {
        Ok(()) => Ok(webhook),
        Err(Denial::Forbidden) => Err(ApiError::Denied(Denial::NotFound)),
        Err(denial) => Err(ApiError::Denied(denial)),
    }
}

/// Queries.
#[derive(Debug, Default)]
pub struct WebhookQuery;

#[Object]
impl WebhookQuery {
    /// An agency's webhooks (its agency admins and network admins); the viewer's agency's
    /// when `agency` is not given.
    async fn webhooks(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "An agency's global id.")] agency: Option<ID>,
    ) -> ApiResult<Vec<WebhookNode>> {
        let viewer = context::viewer(ctx);
        let member = viewer.member().ok_or(ApiError::Denied(Denial::Unauthenticated))?;
        let agency: AgencyId = match agency {
            Some(agency) => decode_as(&agency, NodeKind::Agency, "agency")?,
            None => member.agency,
        };
        // Reading needs the agency's administration, with any credential.
        if !member.administers(agency) {
            return Err(ApiError::Denied(Denial::Forbidden));
        }
        let webhooks = context::store(ctx)?.webhooks(Some(agency)).await?;
        Ok(webhooks.into_iter().map(WebhookNode).collect())
    }

    /// One webhook (its agency's administrators, with a write credential: it holds the secret).
    async fn webhook(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The webhook's global id.")] id: ID,
    ) -> ApiResult<WebhookNode> {
        Ok(WebhookNode(managed(ctx, &id).await?))
    }

    /// The event types a webhook may receive.
    async fn webhook_event_types(&self) -> Vec<&'static str> {
        EventType::SUBSCRIBABLE.iter().map(|e| e.code()).collect()
    }
}

/// Mutations.
#[derive(Debug, Default)]
pub struct WebhookMutation;

#[Object]
impl WebhookMutation {
    /// Subscribes an endpoint to events about what the agency may read (the viewer's agency
    /// unless a network admin names another); returns the signing secret.
    async fn create_webhook(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What it receives and where.")] input: WebhookInput,
        #[graphql(desc = "An agency's global id (network admins).")] agency: Option<ID>,
    ) -> ApiResult<WebhookWithSecret> {
        let viewer = context::viewer(ctx);
        let member = viewer.member().ok_or(ApiError::Denied(Denial::Unauthenticated))?;
        let agency: AgencyId = match agency {
            Some(agency) => decode_as(&agency, NodeKind::Agency, "agency")?,
            None => member.agency,
        };
        can_manage_agency(viewer, agency).map_err(ApiError::Denied)?;
        let (url, events) = input.validate(settings(ctx).allow_private)?;
        let store = context::store(ctx)?;
        if store.webhooks(Some(agency)).await?.len() >= MAX_PER_AGENCY {
            return Err(ApiError::invalid("agency", "already has 20 webhooks; delete one first"));
        }
        let now = Utc::now();
        let webhook = Webhook {
            id: WebhookId::generate(),
            agency,
            url: url.as_str().to_owned(),
            description: input.description.trim().to_owned(),
            events,
            filter: input.filter.trim().to_owned(),
            enabled: input.enabled,
            disabled_reason: None,
            consecutive_failures: 0,
            created_by: member.id,
            created_at: now,
            secret_rotated_at: now,
        };
        let secret = plaza_auth::webhook::issue_secret();
        let sealed = context::seal_key(ctx)?.seal(secret.expose_secret(), &secret_context(webhook.id));
        store.insert_webhook(&webhook, &sealed).await?;
        Ok(WebhookWithSecret {
            webhook: WebhookNode(webhook),
            secret: secret.expose_secret().to_owned(),
        })
    }

    /// Changes a webhook's endpoint, events, filter or state.
    async fn update_webhook(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The webhook's global id.")] id: ID,
        #[graphql(desc = "What it receives and where, in full.")] input: WebhookInput,
    ) -> ApiResult<WebhookNode> {
        let mut webhook = managed(ctx, &id).await?;
        let (url, events) = input.validate(settings(ctx).allow_private)?;
        webhook.url = url.as_str().to_owned();
        webhook.description = input.description.trim().to_owned();
        webhook.events = events;
        webhook.filter = input.filter.trim().to_owned();
        webhook.enabled = input.enabled;
        let store = context::store(ctx)?;
        store.update_webhook(&webhook).await?;
        let updated = store
            .webhook(webhook.id)
            .await?
            .ok_or(ApiError::Denied(Denial::NotFound))?;
        Ok(WebhookNode(updated))
    }

    /// Deletes a webhook and its delivery log.
    async fn delete_webhook(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The webhook's global id.")] id: ID,
    ) -> ApiResult<bool> {
        let webhook = managed(ctx, &id).await?;
        context::store(ctx)?.delete_webhook(webhook.id).await?;
        Ok(true)
    }

    /// Gives a webhook a new secret; messages are signed with both for 24 hours, so the
    /// receiver can switch without losing events.
    async fn rotate_webhook_secret(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The webhook's global id.")] id: ID,
    ) -> ApiResult<WebhookWithSecret> {
        let webhook = managed(ctx, &id).await?;
        let secret = plaza_auth::webhook::issue_secret();
        let sealed = context::seal_key(ctx)?.seal(secret.expose_secret(), &secret_context(webhook.id));
        let now = Utc::now();
        let store = context::store(ctx)?;
        store
            .rotate_webhook_secret(webhook.id, &sealed, now + Duration::hours(ROTATION_OVERLAP_HOURS), now)
            .await?;
        let updated = store
            .webhook(webhook.id)
            .await?
            .ok_or(ApiError::Denied(Denial::NotFound))?;
        Ok(WebhookWithSecret {
            webhook: WebhookNode(updated),
            secret: secret.expose_secret().to_owned(),
        })
    }

    /// Sends a delivery again now, with a fresh run of attempts.
    async fn redeliver_webhook(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The delivery's global id.")] delivery: ID,
    ) -> ApiResult<DeliveryNode> {
        let id: WebhookDeliveryId = decode_as(&delivery, NodeKind::WebhookDelivery, "delivery")?;
        let store = context::store(ctx)?;
        let found = store.delivery(id).await?.ok_or(ApiError::Denied(Denial::NotFound))?;
        // Only those who manage the webhook may resend its deliveries.
        managed(ctx, &encode(NodeKind::Webhook, &found.webhook.as_string())).await?;
        store.redeliver(id, Utc::now()).await?;
        let updated = store.delivery(id).await?.ok_or(ApiError::Denied(Denial::NotFound))?;
        Ok(DeliveryNode(updated))
    }

    /// Queues a `webhook.test` event to the endpoint (sent within seconds).
    async fn test_webhook(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The webhook's global id.")] id: ID,
    ) -> ApiResult<DeliveryNode> {
        let webhook = managed(ctx, &id).await?;
        let now = Utc::now();
        let payload = serde_json::json!({
            "type": EventType::Test.code(),
            "timestamp": now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            "data": { "webhook": encode(NodeKind::Webhook, &webhook.id.as_string()).0 },
        })
        .to_string();
        let delivery = Delivery::pending(webhook.id, EventType::Test, payload, now);
        let store = context::store(ctx)?;
        store.insert_deliveries(std::slice::from_ref(&delivery)).await?;
        Ok(DeliveryNode(delivery))
    }
}
