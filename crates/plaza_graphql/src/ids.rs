//! Opaque global ids (`base64url("CaseStudy:01H…")`) and cursors.

use base64::Engine as _;

use plaza_domain::item::{ContentKind, ItemRef};

use crate::error::ApiError;

const ENGINE: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The kinds of node a global id can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// An agency.
    Agency,
    /// A member.
    Member,
    /// A case study.
    CaseStudy,
    /// A practice.
    Practice,
    /// A guideline.
    Guideline,
    /// A guideline version.
    GuidelineVersion,
    /// An identity provider.
    IdentityProvider,
    /// An API token (never its secret).
    ApiToken,
    /// A group.
    Group,
    /// A discussion or question.
    Discussion,
    /// A reply.
    Reply,
    /// A notification.
    Notification,
    /// An agency's rating of a platform.
    PlatformRating,
    /// An agency's threat self-assessment.
    ThreatAssessment,
    /// A webhook subscription.
    Webhook,
    /// A webhook delivery.
    WebhookDelivery,
}

impl NodeKind {
    const ALL: &'static [NodeKind] = &[
        NodeKind::Agency,
        NodeKind::Member,
        NodeKind::CaseStudy,
        NodeKind::Practice,
        NodeKind::Guideline,
        NodeKind::GuidelineVersion,
        NodeKind::IdentityProvider,
        NodeKind::ApiToken,
        NodeKind::Group,
        NodeKind::Discussion,
        NodeKind::Reply,
        NodeKind::Notification,
        NodeKind::PlatformRating,
        NodeKind::ThreatAssessment,
        NodeKind::Webhook,
        NodeKind::WebhookDelivery,
    ];

    fn name(self) -> &'static str {
        match self {
            NodeKind::Agency => "Agency",
            NodeKind::Member => "Member",
            NodeKind::CaseStudy => "CaseStudy",
            NodeKind::Practice => "Practice",
            NodeKind::Guideline => "Guideline",
            NodeKind::GuidelineVersion => "GuidelineVersion",
            NodeKind::IdentityProvider => "IdentityProvider",
            NodeKind::ApiToken => "ApiToken",
            NodeKind::Group => "Group",
            NodeKind::Discussion => "Discussion",
            NodeKind::Reply => "Reply",
            NodeKind::Notification => "Notification",
            NodeKind::PlatformRating => "PlatformRating",
            NodeKind::ThreatAssessment => "ThreatAssessment",
            NodeKind::Webhook => "Webhook",
            NodeKind::WebhookDelivery => "WebhookDelivery",
        }
    }
}

impl From<ContentKind> for NodeKind {
    fn from(kind: ContentKind) -> Self {
        match kind {
            ContentKind::CaseStudy => NodeKind::CaseStudy,
            ContentKind::Practice => NodeKind::Practice,
            ContentKind::Guideline => NodeKind::Guideline,
            ContentKind::Discussion => NodeKind::Discussion,
        }
    }
}

impl NodeKind {
    /// The content kind, for a case study, practice, guideline or discussion.
    pub fn content_kind(self) -> Option<ContentKind> {
        ContentKind::ALL.into_iter().find(|kind| NodeKind::from(*kind) == self)
    }
}

/// The global id of an item.
pub fn encode_item(item: ItemRef) -> async_graphql::ID {
    let kind = item.content_kind().map_or(NodeKind::Reply, NodeKind::from);
    encode(kind, &item.key())
}

/// Decodes a global id naming a case study, practice, guideline, discussion or reply.
pub fn decode_item(id: &str, field: &str) -> Result<ItemRef, ApiError> {
    let (kind, key) = decode(id, field)?;
    let item = match kind.content_kind() {
        Some(content) => ItemRef::of(content, &key).ok(),
        None if kind == NodeKind::Reply => key.parse().ok().map(ItemRef::Reply),
        None => {
            return Err(ApiError::invalid(
                field,
                "is not a case study, practice, guideline, discussion or reply",
            ));
        }
    };
    item.ok_or_else(|| ApiError::invalid(field, "is not a valid id"))
}

/// Encodes a global id.
pub fn encode(kind: NodeKind, key: &str) -> async_graphql::ID {
    async_graphql::ID(ENGINE.encode(format!("{}:{key}", kind.name())))
}

/// Decodes any global id into its kind and key.
pub fn decode(id: &str, field: &str) -> Result<(NodeKind, String), ApiError> {
    let invalid = || ApiError::invalid(field, "is not a valid id");
    let bytes = ENGINE.decode(id.trim()).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let (name, key) = text.split_once(':').ok_or_else(invalid)?;
    let kind = NodeKind::ALL
        .iter()
        .copied()
        .find(|kind| kind.name() == name)
        .ok_or_else(invalid)?;
    Ok((kind, key.to_owned()))
}

/// Decodes a global id that must be of `kind` into a typed domain id.
pub fn decode_as<T: std::str::FromStr>(id: &str, kind: NodeKind, field: &str) -> Result<T, ApiError> {
    let (found, key) = decode(id, field)?;
    if found != kind {
        return Err(ApiError::invalid(field, format!("is not the id of a {}", kind.name())));
    }
    key.parse::<T>()
        .map_err(|_| ApiError::invalid(field, "is not a valid id"))
}

/// A group id given either as a group's global id or as its bare identifier.
pub fn group_id(raw: &str, field: &str) -> Result<plaza_domain::ids::GroupId, ApiError> {
    raw.trim()
        .parse::<plaza_domain::ids::GroupId>()
        .or_else(|_| decode_as(raw, NodeKind::Group, field))
        .map_err(|_| ApiError::invalid(field, "is not a valid group id"))
}

/// Encodes a pagination cursor around a storage position.
pub fn cursor(position: &str) -> String {
    ENGINE.encode(format!("cursor:{position}"))
}

/// Decodes a pagination cursor back to a storage position (storage checks its structure).
pub fn decode_cursor(cursor: &str) -> Result<String, ApiError> {
    let invalid = || ApiError::invalid("after", "is not a cursor from this list");
    let bytes = ENGINE.decode(cursor.trim()).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let position = text.strip_prefix("cursor:").ok_or_else(invalid)?;
    let well_formed = !position.is_empty()
        && position.len() <= 64
        && position
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    if !well_formed {
        return Err(invalid());
    }
    Ok(position.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use plaza_domain::ids::{AgencyId, CaseStudyId};

    #[test]
    fn a_global_id_round_trips_and_is_typed() {
        let key = CaseStudyId::generate();
        let id = encode(NodeKind::CaseStudy, &key.as_string());
        assert_eq!(decode_as::<CaseStudyId>(&id, NodeKind::CaseStudy, "id").unwrap(), key);
        assert!(decode_as::<AgencyId>(&id, NodeKind::Agency, "id").is_err());
    }

    #[test]
    fn garbage_ids_and_cursors_are_bad_input() {
        for bad in ["", "!!!", "Q2FzZVN0dWR5", "WDp5"] {
            assert!(decode(bad, "id").is_err(), "{bad}");
            assert!(decode_cursor(bad).is_err(), "{bad}");
        }
        let key = CaseStudyId::generate().as_string();
        assert_eq!(decode_cursor(&cursor(&key)).unwrap(), key);
    }
}
