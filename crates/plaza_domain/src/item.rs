//! References between things, parsed and printed in one place: the content kinds, a reference
//! to one item (`case_study:01H…`, the form stored in signals, notifications, revisions and the
//! change feed) and what a member can follow. Every other crate maps these; none spells a
//! `table:key` string itself.

use std::fmt;
use std::str::FromStr;

use crate::ValidationError;
use crate::ids::{AgencyId, CaseStudyId, DiscussionId, GroupId, GuidelineId, MemberId, PracticeId, ReplyId};
use crate::taxonomy::{Dimension, Objective, Platform, Threat};

/// The kinds of content: what is published, searched, reviewed and endorsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ContentKind {
    /// A structured case study.
    CaseStudy,
    /// A practice.
    Practice,
    /// A versioned guideline.
    Guideline,
    /// A discussion or question.
    Discussion,
}

impl ContentKind {
    /// Every kind, in a stable order.
    pub const ALL: [ContentKind; 4] = [
        ContentKind::CaseStudy,
        ContentKind::Practice,
        ContentKind::Guideline,
        ContentKind::Discussion,
    ];

    /// The stable code, which is also the table name: `case_study`, `practice`, `guideline`,
    /// `discussion`.
    pub fn code(self) -> &'static str {
        match self {
            ContentKind::CaseStudy => "case_study",
            ContentKind::Practice => "practice",
            ContentKind::Guideline => "guideline",
            ContentKind::Discussion => "discussion",
        }
    }

    /// Parses a stable code.
    pub fn parse(code: &str) -> Result<Self, ValidationError> {
        ContentKind::ALL
            .into_iter()
            .find(|kind| kind.code() == code.trim())
            .ok_or_else(|| ValidationError::new("kind", "use case_study, practice, guideline or discussion"))
    }
}

impl fmt::Display for ContentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One item a member can endorse, bookmark, follow, comment on or be notified about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemRef {
    /// A case study.
    CaseStudy(CaseStudyId),
    /// A practice.
    Practice(PracticeId),
    /// A guideline.
    Guideline(GuidelineId),
    /// A discussion or question.
    Discussion(DiscussionId),
    /// A reply in a discussion.
    Reply(ReplyId),
}

impl ItemRef {
    /// The content kind (`None` for a reply, which lives inside its discussion).
    pub fn content_kind(self) -> Option<ContentKind> {
        match self {
            ItemRef::CaseStudy(_) => Some(ContentKind::CaseStudy),
            ItemRef::Practice(_) => Some(ContentKind::Practice),
            ItemRef::Guideline(_) => Some(ContentKind::Guideline),
            ItemRef::Discussion(_) => Some(ContentKind::Discussion),
            ItemRef::Reply(_) => None,
        }
    }

    /// The table the item lives in.
    pub fn table(self) -> &'static str {
        match self.content_kind() {
            Some(kind) => kind.code(),
            None => "reply",
        }
    }

    /// The record key (the ULID).
    pub fn key(self) -> String {
        match self {
            ItemRef::CaseStudy(id) => id.as_string(),
            ItemRef::Practice(id) => id.as_string(),
            ItemRef::Guideline(id) => id.as_string(),
            ItemRef::Discussion(id) => id.as_string(),
            ItemRef::Reply(id) => id.as_string(),
        }
    }

    /// The item of `kind` with record key `key`.
    pub fn of(kind: ContentKind, key: &str) -> Result<Self, ValidationError> {
        Ok(match kind {
            ContentKind::CaseStudy => ItemRef::CaseStudy(CaseStudyId::parse(key)?),
            ContentKind::Practice => ItemRef::Practice(PracticeId::parse(key)?),
            ContentKind::Guideline => ItemRef::Guideline(GuidelineId::parse(key)?),
            ContentKind::Discussion => ItemRef::Discussion(DiscussionId::parse(key)?),
        })
    }

    /// Parses `table:key`.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let invalid = || ValidationError::new("item", "not a case study, practice, guideline, discussion or reply");
        let (table, key) = raw.trim().split_once(':').ok_or_else(invalid)?;
        if table == "reply" {
            return ReplyId::parse(key).map(ItemRef::Reply).map_err(|_| invalid());
        }
        let kind = ContentKind::parse(table).map_err(|_| invalid())?;
        ItemRef::of(kind, key).map_err(|_| invalid())
    }
}

impl fmt::Display for ItemRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.table(), self.key())
    }
}

impl FromStr for ItemRef {
    type Err = ValidationError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        ItemRef::parse(raw)
    }
}

impl From<CaseStudyId> for ItemRef {
    fn from(id: CaseStudyId) -> Self {
        ItemRef::CaseStudy(id)
    }
}

impl From<PracticeId> for ItemRef {
    fn from(id: PracticeId) -> Self {
        ItemRef::Practice(id)
    }
}

impl From<GuidelineId> for ItemRef {
    fn from(id: GuidelineId) -> Self {
        ItemRef::Guideline(id)
    }
}

impl From<DiscussionId> for ItemRef {
    fn from(id: DiscussionId) -> Self {
        ItemRef::Discussion(id)
    }
}

/// A code of one of the followable taxonomies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Taxon {
    /// A platform (`platform:tiktok`).
    Platform(Platform),
    /// An objective.
    Objective(Objective),
    /// A public-value dimension.
    Dimension(Dimension),
    /// A threat.
    Threat(Threat),
}

impl Taxon {
    /// Parses `dimension:code`, such as `platform:tiktok`.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let (taxonomy, code) = raw
            .trim()
            .split_once(':')
            .ok_or_else(|| ValidationError::new("taxonomy", "use dimension:code, such as platform:tiktok"))?;
        let unknown = |_| ValidationError::new("taxonomy", "not a platform, objective, dimension or threat code");
        match taxonomy {
            "platform" => Platform::parse(code).map(Taxon::Platform).map_err(unknown),
            "objective" => Objective::parse(code).map(Taxon::Objective).map_err(unknown),
            "dimension" => Dimension::parse(code).map(Taxon::Dimension).map_err(unknown),
            "threat" => Threat::parse(code).map(Taxon::Threat).map_err(unknown),
            _ => Err(ValidationError::new(
                "taxonomy",
                "not a platform, objective, dimension or threat code",
            )),
        }
    }
}

impl fmt::Display for Taxon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Taxon::Platform(code) => write!(f, "platform:{}", code.code()),
            Taxon::Objective(code) => write!(f, "objective:{}", code.code()),
            Taxon::Dimension(code) => write!(f, "dimension:{}", code.code()),
            Taxon::Threat(code) => write!(f, "threat:{}", code.code()),
        }
    }
}

/// What a signal points at: an item, or (for follows) a member, agency, group or taxonomy code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FollowTarget {
    /// A member.
    Member(MemberId),
    /// An agency.
    Agency(AgencyId),
    /// A group.
    Group(GroupId),
    /// A case study, practice, guideline, discussion or reply.
    Item(ItemRef),
    /// A taxonomy code.
    Taxonomy(Taxon),
}

impl FollowTarget {
    /// Parses the stored form: `member:…`, `agency:…`, `group:…`, an item's `table:key`, or
    /// `taxonomy:platform:tiktok`.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let raw = raw.trim();
        let invalid = || ValidationError::new("target", "not a member, agency, group, item or taxonomy code");
        let (table, key) = raw.split_once(':').ok_or_else(invalid)?;
        match table {
            "member" => MemberId::parse(key).map(FollowTarget::Member).map_err(|_| invalid()),
            "agency" => AgencyId::parse(key).map(FollowTarget::Agency).map_err(|_| invalid()),
            "group" => GroupId::parse(key).map(FollowTarget::Group).map_err(|_| invalid()),
            "taxonomy" => Taxon::parse(key).map(FollowTarget::Taxonomy),
            _ => ItemRef::parse(raw).map(FollowTarget::Item),
        }
    }

    /// The item, when the target is one.
    pub fn item(self) -> Option<ItemRef> {
        match self {
            FollowTarget::Item(item) => Some(item),
            _ => None,
        }
    }
}

impl fmt::Display for FollowTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FollowTarget::Member(id) => write!(f, "member:{id}"),
            FollowTarget::Agency(id) => write!(f, "agency:{id}"),
            FollowTarget::Group(id) => write!(f, "group:{id}"),
            FollowTarget::Item(item) => item.fmt(f),
            FollowTarget::Taxonomy(taxon) => write!(f, "taxonomy:{taxon}"),
        }
    }
}

impl From<ItemRef> for FollowTarget {
    fn from(item: ItemRef) -> Self {
        FollowTarget::Item(item)
    }
}

/// Which signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignalKind {
    /// "Útil": counted on the item.
    Endorse,
    /// Saved for later, private.
    Bookmark,
    /// Following a member, agency, group, taxonomy code or item, private.
    Follow,
}

impl SignalKind {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            SignalKind::Endorse => "endorse",
            SignalKind::Bookmark => "bookmark",
            SignalKind::Follow => "follow",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_references_print_and_parse_back() {
        let items = [
            ItemRef::CaseStudy(CaseStudyId::generate()),
            ItemRef::Practice(PracticeId::generate()),
            ItemRef::Guideline(GuidelineId::generate()),
            ItemRef::Discussion(DiscussionId::generate()),
            ItemRef::Reply(ReplyId::generate()),
        ];
        for item in items {
            let printed = item.to_string();
            assert!(printed.starts_with(&format!("{}:", item.table())), "{printed}");
            assert_eq!(ItemRef::parse(&printed).unwrap(), item);
            assert_eq!(FollowTarget::parse(&printed).unwrap(), FollowTarget::Item(item));
        }
        assert_eq!(items[0].content_kind(), Some(ContentKind::CaseStudy));
        assert_eq!(items[4].content_kind(), None);
    }

    #[test]
    fn malformed_references_are_refused() {
        for raw in [
            "",
            "case_study",
            "case_study:",
            "case_study:nope",
            "member:01H",
            "casestudy:01H",
            ":",
        ] {
            assert!(ItemRef::parse(raw).is_err(), "{raw}");
        }
        let member = MemberId::generate();
        // A member's id is not a case study's, even with a valid ULID.
        assert!(ItemRef::parse(&format!("member:{member}")).is_err());
        assert!(FollowTarget::parse("taxonomy:platform:myspace").is_err());
        assert!(FollowTarget::parse("taxonomy:colour:red").is_err());
    }

    #[test]
    fn follow_targets_print_and_parse_back() {
        let targets = [
            FollowTarget::Member(MemberId::generate()),
            FollowTarget::Agency(AgencyId::generate()),
            FollowTarget::Group(GroupId::generate()),
            FollowTarget::Taxonomy(Taxon::parse("platform:tiktok").unwrap()),
            FollowTarget::Taxonomy(Taxon::parse("threat:no_strategy").unwrap()),
        ];
        for target in targets {
            assert_eq!(FollowTarget::parse(&target.to_string()).unwrap(), target);
        }
        assert_eq!(targets[3].to_string(), "taxonomy:platform:tiktok");
    }

    #[test]
    fn content_kinds_round_trip() {
        for kind in ContentKind::ALL {
            assert_eq!(ContentKind::parse(kind.code()).unwrap(), kind);
        }
        assert!(ContentKind::parse("reply").is_err());
    }
}
