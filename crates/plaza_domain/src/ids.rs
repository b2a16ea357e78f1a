//! Identifiers. Every entity has a ULID key: sortable by creation time, opaque, URL-safe.
//! Storage keeps them as record keys; the GraphQL layer wraps them in global ids.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use crate::ValidationError;

/// Marker types naming what an [`Id`] points at.
pub mod kind {
    /// An agency (administration).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct Agency;
    /// A member (employee).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct Member;
    /// A case study.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct CaseStudy;
    /// A practice.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct Practice;
    /// A guideline.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct Guideline;
    /// One immutable version of a guideline.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct GuidelineVersion;
    /// A group (community of practice).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct Group;
    /// An API token.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct ApiToken;
    /// A discussion or question.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct Discussion;
    /// A reply in a discussion.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct Reply;
    /// A notification.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct Notification;
    /// An agency's OpenID Connect identity provider.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct IdentityProvider;
    /// An agency's dated rating of a platform.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct PlatformRating;
    /// An agency's dated threat self-assessment.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct ThreatAssessment;
    /// An agency's adoption or fork of a guideline version.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct Adoption;
    /// An agency's webhook subscription.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct Webhook;
    /// One event to deliver to one webhook, with its attempts.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct WebhookDelivery;
    /// A file attached to a content item (an image, a PDF of evidence).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct Attachment;
}

/// A typed ULID identifier.
pub struct Id<K> {
    value: ulid::Ulid,
    kind: PhantomData<K>,
}

impl<K> Id<K> {
    /// A new identifier, ordered after every earlier one from this process (monotonic within
    /// a millisecond too, so bulk imports keep their order).
    pub fn generate() -> Self {
        static GENERATOR: std::sync::Mutex<ulid::Generator> = std::sync::Mutex::new(ulid::Generator::new());
        let next = GENERATOR
            .lock()
            .ok()
            .and_then(|mut generator| generator.generate().ok());
        // Ulid::default() is the nil id: on the (theoretical) overflow take a fresh random one.
        match next {
            Some(ulid) => Self::from_ulid(ulid),
            None => Self::from_ulid(ulid::Ulid::new()),
        }
    }

    fn from_ulid(value: ulid::Ulid) -> Self {
        Self {
            value,
            kind: PhantomData,
        }
    }

    /// Parses the canonical 26-character form.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        ulid::Ulid::from_string(raw)
            .map(Self::from_ulid)
            .map_err(|_| ValidationError::new("id", "is not a valid identifier"))
    }

    /// The canonical 26-character form.
    pub fn as_string(&self) -> String {
        self.value.to_string()
    }
}

impl<K> Clone for Id<K> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<K> Copy for Id<K> {}
impl<K> PartialEq for Id<K> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}
impl<K> Eq for Id<K> {}
impl<K> std::hash::Hash for Id<K> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}
impl<K> PartialOrd for Id<K> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<K> Ord for Id<K> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.value.cmp(&other.value)
    }
}
impl<K> fmt::Debug for Id<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({})", self.value)
    }
}
impl<K> fmt::Display for Id<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.value, f)
    }
}
impl<K> FromStr for Id<K> {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}
impl<K> serde::Serialize for Id<K> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.as_string())
    }
}
impl<'de, K> serde::Deserialize<'de> for Id<K> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

/// Identifier of an agency.
pub type AgencyId = Id<kind::Agency>;
/// Identifier of a member.
pub type MemberId = Id<kind::Member>;
/// Identifier of a case study.
pub type CaseStudyId = Id<kind::CaseStudy>;
/// Identifier of a practice.
pub type PracticeId = Id<kind::Practice>;
/// Identifier of a guideline.
pub type GuidelineId = Id<kind::Guideline>;
/// Identifier of a guideline version.
pub type GuidelineVersionId = Id<kind::GuidelineVersion>;
/// Identifier of a group.
pub type GroupId = Id<kind::Group>;
/// Identifier of an API token.
pub type ApiTokenId = Id<kind::ApiToken>;
/// Identifier of a discussion or question.
pub type DiscussionId = Id<kind::Discussion>;
/// Identifier of a reply.
pub type ReplyId = Id<kind::Reply>;
/// Identifier of a notification.
pub type NotificationId = Id<kind::Notification>;
/// Identifier of an identity provider.
pub type IdentityProviderId = Id<kind::IdentityProvider>;
/// Identifier of a platform rating.
pub type PlatformRatingId = Id<kind::PlatformRating>;
/// Identifier of a threat self-assessment.
pub type ThreatAssessmentId = Id<kind::ThreatAssessment>;
/// Identifier of a guideline adoption or fork.
pub type AdoptionId = Id<kind::Adoption>;
/// Identifies a webhook subscription.
pub type WebhookId = Id<kind::Webhook>;
/// Identifies a webhook delivery (its event id, `webhook-id`, is `msg_` and this).
pub type WebhookDeliveryId = Id<kind::WebhookDelivery>;
/// Identifies an attachment.
pub type AttachmentId = Id<kind::Attachment>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_id_round_trips_through_its_string_form() {
        let id = CaseStudyId::generate();
        assert_eq!(CaseStudyId::parse(&id.as_string()), Ok(id));
    }

    #[test]
    fn garbage_is_not_an_id() {
        assert!(AgencyId::parse("not-an-id").is_err());
        assert!(AgencyId::parse("").is_err());
        assert!(AgencyId::parse("case_study:01H").is_err());
    }

    #[test]
    fn ids_generated_in_the_same_millisecond_keep_their_order() {
        let ids: Vec<CaseStudyId> = (0..1000).map(|_| CaseStudyId::generate()).collect();
        assert!(ids.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn later_ids_sort_after_earlier_ones() {
        let first = MemberId::generate();
        std::thread::sleep(std::time::Duration::from_millis(2));
        let second = MemberId::generate();
        assert!(first < second);
    }
}
