//! Guidelines: long documents that evolve. Every edit is a new immutable version with a
//! changelog; the guideline points at its current version.

use chrono::{DateTime, Utc};

use crate::ValidationError;
use crate::content::{Audience, Common, CommonInput};
use crate::ids::{GuidelineId, GuidelineVersionId, MemberId};
use crate::text::{Body, Summary, Title};

/// Longest changelog, in characters.
pub const CHANGELOG_MAX_CHARS: usize = 2_000;

/// The guideline's own facts (not versioned).
#[derive(Debug, Clone, PartialEq)]
pub struct GuidelineContent {
    /// Title of the guideline as a whole.
    pub title: Title,
    /// What it covers.
    pub summary: Summary,
    /// Language, licence, visibility, tags.
    pub common: Common,
}

/// A stored guideline.
#[derive(Debug, Clone, PartialEq)]
pub struct Guideline {
    /// Identifier.
    pub id: GuidelineId,
    /// The content.
    pub content: GuidelineContent,
    /// Owner, audience, status, authors.
    pub audience: Audience,
    /// The number of the current version (1-based).
    pub current_version: u32,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was last changed.
    pub updated_at: DateTime<Utc>,
    /// When it was first published.
    pub published_at: Option<DateTime<Utc>>,
}

/// One immutable version of a guideline.
#[derive(Debug, Clone, PartialEq)]
pub struct GuidelineVersion {
    /// Identifier.
    pub id: GuidelineVersionId,
    /// The guideline it belongs to.
    pub guideline: GuidelineId,
    /// Its number, 1 for the first.
    pub number: u32,
    /// The text (markdown).
    pub body: Body,
    /// What changed from the previous version.
    pub changelog: Summary,
    /// Who wrote it.
    pub author: MemberId,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

/// A guideline as submitted at creation.
#[derive(Debug, Clone, PartialEq)]
pub struct GuidelineInput {
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Language, licence, visibility, tags.
    pub common: CommonInput,
}

impl GuidelineInput {
    /// Validates the guideline's own facts.
    pub fn validate(&self) -> Result<GuidelineContent, ValidationError> {
        Ok(GuidelineContent {
            title: Title::parse(&self.title).map_err(|e| e.at("title"))?,
            summary: Summary::parse(&self.summary).map_err(|e| e.at("summary"))?,
            common: self.common.validate()?,
        })
    }
}

/// The text of a new version, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionText {
    /// The full text.
    pub body: Body,
    /// What changed.
    pub changelog: Summary,
}

/// Validates a version's text: a non-empty body and, after the first version, a changelog.
pub fn validate_version(body: &str, changelog: &str, is_first: bool) -> Result<VersionText, ValidationError> {
    let body = Body::parse(body).map_err(|e| e.at("body"))?;
    if body.is_empty() {
        return Err(ValidationError::new("body", "a guideline version needs its text"));
    }
    let changelog = Summary::parse(changelog).map_err(|e| e.at("changelog"))?;
    if changelog.as_str().chars().count() > CHANGELOG_MAX_CHARS {
        return Err(ValidationError::new(
            "changelog",
            format!("at most {CHANGELOG_MAX_CHARS} characters"),
        ));
    }
    if !is_first && changelog.as_str().is_empty() {
        return Err(ValidationError::new("changelog", "say what changed in this version"));
    }
    Ok(VersionText { body, changelog })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_later_version_needs_a_changelog_and_every_version_a_body() {
        assert!(validate_version("Texto", "", true).is_ok());
        assert_eq!(validate_version("Texto", " ", false).unwrap_err().field, "changelog");
        assert_eq!(validate_version("", "cambios", false).unwrap_err().field, "body");
        assert!(validate_version("Texto", "Añade TikTok", false).is_ok());
    }

    #[test]
    fn a_guideline_needs_a_title() {
        let input = GuidelineInput {
            title: " ".into(),
            summary: "".into(),
            common: CommonInput {
                language: Some("ca".into()),
                licence: None,
                visibility: None,
                group: None,
                tags: vec![],
            },
        };
        assert_eq!(input.validate().unwrap_err().field, "title");
    }
}
