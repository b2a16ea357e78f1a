//! Discussions and questions: threads with replies (threaded one level under a reply), network-
//! wide, agency-internal or inside a group; or about one case study, practice or guideline (its
//! comments), in which case the thread has that item's audience. A question's author accepts
//! one answer.

use crate::ValidationError;
use crate::content::Visibility;
use crate::ids::{CaseStudyId, GroupId, GuidelineId, PracticeId};
use crate::item::ItemRef;
use crate::markdown::Markdown;
use crate::text::Title;

/// A plain discussion or a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DiscussionKind {
    /// A conversation.
    Discussion,
    /// A question, which may get an accepted answer.
    Question,
}

impl DiscussionKind {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            DiscussionKind::Discussion => "discussion",
            DiscussionKind::Question => "question",
        }
    }

    /// Parses a stable code.
    pub fn parse(code: &str) -> Result<Self, ValidationError> {
        match code.trim() {
            "discussion" => Ok(DiscussionKind::Discussion),
            "question" => Ok(DiscussionKind::Question),
            _ => Err(ValidationError::new("kind", "use discussion or question")),
        }
    }
}

/// The item a thread is about (its comments).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subject {
    /// A case study.
    CaseStudy(CaseStudyId),
    /// A practice.
    Practice(PracticeId),
    /// A guideline.
    Guideline(GuidelineId),
}

impl Subject {
    /// The item the thread is about.
    pub fn item(self) -> ItemRef {
        match self {
            Subject::CaseStudy(id) => ItemRef::CaseStudy(id),
            Subject::Practice(id) => ItemRef::Practice(id),
            Subject::Guideline(id) => ItemRef::Guideline(id),
        }
    }

    /// `table:key`, as stored.
    pub fn code(self) -> String {
        self.item().to_string()
    }

    /// Parses `table:key`.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let invalid = || ValidationError::new("subject", "not a case study, practice or guideline");
        match ItemRef::parse(raw).map_err(|_| invalid())? {
            ItemRef::CaseStudy(id) => Ok(Subject::CaseStudy(id)),
            ItemRef::Practice(id) => Ok(Subject::Practice(id)),
            ItemRef::Guideline(id) => Ok(Subject::Guideline(id)),
            ItemRef::Discussion(_) | ItemRef::Reply(_) => Err(invalid()),
        }
    }
}

/// A thread as submitted.
#[derive(Debug, Clone, Default)]
pub struct DiscussionInput {
    /// `discussion` (default) or `question`.
    pub kind: Option<String>,
    /// Title.
    pub title: String,
    /// Markdown body.
    pub body: String,
    /// `public`, `network` (default), `agency` or `group` (ignored for comments on an item).
    pub visibility: Option<String>,
    /// The group, for group visibility.
    pub group: Option<GroupId>,
}

/// A validated new thread (its audience is settled by the caller: the author's agency, or
/// the subject's audience for comments).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDiscussion {
    /// Kind.
    pub kind: DiscussionKind,
    /// Title.
    pub title: Title,
    /// Body.
    pub body: Markdown,
    /// Visibility asked for.
    pub visibility: Visibility,
}

impl DiscussionInput {
    /// Validates the input.
    pub fn validate(&self) -> Result<NewDiscussion, ValidationError> {
        let kind = self
            .kind
            .as_deref()
            .map_or(Ok(DiscussionKind::Discussion), DiscussionKind::parse)?;
        let title = Title::parse(&self.title).map_err(|e| e.at("title"))?;
        let body = Markdown::parse(&self.body).map_err(|e| e.at("body"))?;
        let visibility = Visibility::parse(self.visibility.as_deref().unwrap_or("network"), self.group)?;
        Ok(NewDiscussion {
            kind,
            title,
            body,
            visibility,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_errors() {
        let new = DiscussionInput {
            title: "¿Alguien mide el ahorro en llamadas al 010?".into(),
            body: "Tras abrir **WhatsApp**…".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(new.kind, DiscussionKind::Discussion);
        assert_eq!(new.visibility, Visibility::Network);
        let error = DiscussionInput {
            title: "x".into(),
            body: " ".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(error.field, "body");
        let error = DiscussionInput {
            title: "x".into(),
            body: "y".into(),
            visibility: Some("group".into()),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(error.field, "group", "{error:?}");
    }

    #[test]
    fn subjects_round_trip() {
        let subject = Subject::CaseStudy(CaseStudyId::generate());
        assert_eq!(Subject::parse(&subject.code()), Ok(subject));
        assert!(Subject::parse("member:01H").is_err());
    }
}
