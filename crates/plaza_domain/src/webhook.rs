//! Webhooks, following the Standard Webhooks specification (<https://www.standardwebhooks.com>):
//! an agency subscribes an HTTPS endpoint to events about the content it may read, filtered like
//! a search; each event is signed (`webhook-id`, `webhook-timestamp`, `webhook-signature`), tried
//! again with growing delays when the endpoint fails, logged, and the endpoint is switched off
//! after failing for too long.

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::ValidationError;
use crate::ids::{AgencyId, MemberId, WebhookDeliveryId, WebhookId};

/// What happened, as the `type` of the payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventType {
    /// An item became readable (first publication, or published again).
    Published,
    /// A published item changed.
    Updated,
    /// A published item was withdrawn (or taken back to draft).
    Withdrawn,
    /// A published guideline got a new version.
    NewVersion,
    /// A discussion got a reply.
    Replied,
    /// A test event sent on request from the management screen.
    Test,
}

impl EventType {
    /// Every event a subscription may choose.
    pub const SUBSCRIBABLE: &'static [EventType] = &[
        EventType::Published,
        EventType::Updated,
        EventType::Withdrawn,
        EventType::NewVersion,
        EventType::Replied,
    ];

    /// The stable code, dotted as the specification suggests.
    pub fn code(self) -> &'static str {
        match self {
            EventType::Published => "item.published",
            EventType::Updated => "item.updated",
            EventType::Withdrawn => "item.withdrawn",
            EventType::NewVersion => "guideline.version_published",
            EventType::Replied => "discussion.replied",
            EventType::Test => "webhook.test",
        }
    }

    /// Parses a stable code (a subscribable one).
    pub fn parse(code: &str) -> Result<Self, ValidationError> {
        EventType::SUBSCRIBABLE
            .iter()
            .copied()
            .find(|event| event.code() == code.trim())
            .ok_or_else(|| {
                ValidationError::new(
                    "events",
                    "unknown event; use item.published, item.updated, item.withdrawn, guideline.version_published or discussion.replied",
                )
            })
    }
}

/// A validated endpoint URL: `https://` (or `http://` where the network allows private
/// endpoints, for development), with a host and without credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointUrl(String);

/// Longest endpoint URL accepted.
pub const MAX_URL_LENGTH: usize = 2000;

impl EndpointUrl {
    /// Checks the URL's shape. `allow_plain_http` is the network's development switch.
    pub fn parse(raw: &str, allow_plain_http: bool) -> Result<Self, ValidationError> {
        let raw = raw.trim();
        let bad = |message: &str| ValidationError::new("url", message);
        if raw.len() > MAX_URL_LENGTH {
            return Err(bad("the URL is too long (at most 2000 characters)"));
        }
        let parsed = url::Url::parse(raw).map_err(|_| bad("not a valid URL"))?;
        match parsed.scheme() {
            "https" => {}
            "http" if allow_plain_http => {}
            _ => return Err(bad("the URL must start with https://")),
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(bad("the URL needs a host"));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(bad("the URL must not hold a user name or password"));
        }
        if parsed.fragment().is_some() {
            return Err(bad("the URL must not hold a fragment (#…)"));
        }
        Ok(EndpointUrl(parsed.to_string()))
    }

    /// The URL.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether an address is one a webhook must never reach unless the network allows private
/// endpoints: loopback, private, link-local (cloud metadata), shared, unspecified, multicast,
/// broadcast, documentation and other reserved ranges, in IPv4, IPv6 and IPv4-mapped IPv6.
pub fn is_private_address(address: IpAddr) -> bool {
    match address {
        IpAddr::V4(v4) => is_private_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_private_v4(v4);
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00 // unique local
                || (first & 0xffc0) == 0xfe80 // link-local
                || (first & 0xffc0) == 0xfec0 // site-local (deprecated)
                || first == 0x2001 && v6.segments()[1] == 0x0db8 // documentation
                || first == 0x0064 && v6.segments()[1] == 0xff9b // NAT64 (embeds IPv4)
                || (v6.segments()[..6] == [0, 0, 0, 0, 0, 0]) // IPv4-compatible
        }
    }
}

fn is_private_v4(v4: Ipv4Addr) -> bool {
    let [a, b, c, _] = v4.octets();
    v4.is_private()
        || v4.is_loopback()
        || v4.is_link_local()
        || v4.is_unspecified()
        || v4.is_multicast()
        || v4.is_broadcast()
        || v4.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240 // reserved
}

/// Attempts made for one event before it is given up (the first try and the retries).
pub const MAX_ATTEMPTS: u32 = 8;

/// Consecutive failed attempts (across events) after which an endpoint is switched off.
pub const DISABLE_AFTER_FAILURES: u32 = 30;

/// How long to wait after `attempts` failed attempts before the next one, or `None` when the
/// event is given up: 5 s, 30 s, 2 min, 10 min, 30 min, 2 h, 6 h (about 9 hours in all), each
/// with up to 10 % of jitter so endpoints coming back are not hit all at once. `scale` shrinks
/// the schedule (tests; 1.0 in production).
pub fn retry_delay(attempts: u32, scale: f64, jitter: f64) -> Option<Duration> {
    const SCHEDULE: [u64; 7] = [5, 30, 120, 600, 1800, 7200, 21600];
    if attempts == 0 || attempts >= MAX_ATTEMPTS {
        return None;
    }
    let base = SCHEDULE[(attempts as usize - 1).min(SCHEDULE.len() - 1)] as f64;
    let jitter = jitter.clamp(0.0, 1.0) * 0.1;
    Some(Duration::from_secs_f64(base * (1.0 + jitter) * scale.max(0.0)))
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryStatus {
    /// Waiting for its next attempt.
    Pending,
    /// The endpoint answered 2xx.
    Delivered,
    /// Given up after [`MAX_ATTEMPTS`], or the endpoint was switched off.
    Failed,
}

impl DeliveryStatus {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Failed => "failed",
        }
    }

    /// Parses a stable code.
    pub fn parse(code: &str) -> Option<Self> {
        [
            DeliveryStatus::Pending,
            DeliveryStatus::Delivered,
            DeliveryStatus::Failed,
        ]
        .into_iter()
        .find(|status| status.code() == code)
    }
}

/// A subscription.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// Its id.
    pub id: WebhookId,
    /// The agency it belongs to: events are those this agency's members may read.
    pub agency: AgencyId,
    /// The endpoint.
    pub url: String,
    /// What it was set up for (shown in the list).
    pub description: String,
    /// The events it receives.
    pub events: Vec<EventType>,
    /// A search (words and operators such as `tipo:caso plataforma:tiktok`) the item must
    /// match; empty for every item.
    pub filter: String,
    /// Whether events are sent.
    pub enabled: bool,
    /// Why it was switched off automatically, if it was.
    pub disabled_reason: Option<String>,
    /// Failed attempts in a row.
    pub consecutive_failures: u32,
    /// Who created it.
    pub created_by: MemberId,
    /// When.
    pub created_at: DateTime<Utc>,
    /// When its secret last changed.
    pub secret_rotated_at: DateTime<Utc>,
}

/// One event for one subscription, with where its delivery stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    /// Its id (the event id sent as `webhook-id` is `msg_` followed by it).
    pub id: WebhookDeliveryId,
    /// The subscription.
    pub webhook: WebhookId,
    /// The event type.
    pub event: String,
    /// The JSON payload sent, exactly.
    pub payload: String,
    /// Where it stands.
    pub status: DeliveryStatus,
    /// Attempts made.
    pub attempts: u32,
    /// When the next attempt is due (pending deliveries).
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// The HTTP status of the last attempt, if an answer came.
    pub last_status: Option<u16>,
    /// What went wrong in the last attempt, if anything.
    pub last_error: Option<String>,
    /// When the event happened.
    pub created_at: DateTime<Utc>,
    /// When the endpoint accepted it.
    pub delivered_at: Option<DateTime<Utc>>,
}

impl Delivery {
    /// A new event for `webhook`, due now.
    pub fn pending(webhook: WebhookId, event: EventType, payload: String, now: DateTime<Utc>) -> Delivery {
        Delivery {
            id: WebhookDeliveryId::generate(),
            webhook,
            event: event.code().to_owned(),
            payload,
            status: DeliveryStatus::Pending,
            attempts: 0,
            next_attempt_at: Some(now),
            last_status: None,
            last_error: None,
            created_at: now,
            delivered_at: None,
        }
    }

    /// The `webhook-id` header: the same for every attempt of this event.
    pub fn message_id(&self) -> String {
        format!("msg_{}", self.id)
    }
}

/// Longest filter accepted.
pub const MAX_FILTER_LENGTH: usize = 500;
/// Longest description accepted.
pub const MAX_DESCRIPTION_LENGTH: usize = 200;
/// Most subscriptions an agency may hold.
pub const MAX_PER_AGENCY: usize = 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_must_be_https_with_a_host_and_no_credentials() {
        assert!(EndpointUrl::parse("https://hooks.example.es/plaza", false).is_ok());
        assert!(EndpointUrl::parse("http://hooks.example.es/plaza", false).is_err());
        assert!(EndpointUrl::parse("http://127.0.0.1:9000/hook", true).is_ok());
        assert!(EndpointUrl::parse("https://user:pw@hooks.example.es/", false).is_err());
        assert!(EndpointUrl::parse("ftp://hooks.example.es/", true).is_err());
        assert!(EndpointUrl::parse("https://hooks.example.es/#x", false).is_err());
        assert!(EndpointUrl::parse("not a url", true).is_err());
        let long = format!("https://example.es/{}", "a".repeat(MAX_URL_LENGTH));
        assert!(EndpointUrl::parse(&long, false).is_err());
    }

    #[test]
    fn private_loopback_metadata_and_mapped_addresses_are_refused() {
        for address in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
        ] {
            assert!(is_private_address(address.parse().unwrap()), "{address}");
        }
        for address in ["8.8.8.8", "195.235.92.1", "2a00:1450:4003:80f::200e"] {
            assert!(!is_private_address(address.parse().unwrap()), "{address}");
        }
    }

    #[test]
    fn retries_grow_and_end() {
        assert_eq!(retry_delay(0, 1.0, 0.0), None);
        assert_eq!(retry_delay(1, 1.0, 0.0), Some(Duration::from_secs(5)));
        assert_eq!(retry_delay(2, 1.0, 0.0), Some(Duration::from_secs(30)));
        assert!(retry_delay(3, 1.0, 1.0).unwrap() > Duration::from_secs(120));
        assert!(retry_delay(3, 1.0, 1.0).unwrap() <= Duration::from_secs(132));
        assert_eq!(retry_delay(MAX_ATTEMPTS, 1.0, 0.0), None);
        assert_eq!(retry_delay(1, 0.01, 0.0), Some(Duration::from_millis(50)));
    }

    #[test]
    fn event_codes_round_trip() {
        for event in EventType::SUBSCRIBABLE {
            assert_eq!(EventType::parse(event.code()), Ok(*event));
        }
        assert!(EventType::parse("webhook.test").is_err());
        assert_eq!(DeliveryStatus::parse("failed"), Some(DeliveryStatus::Failed));
    }
}
