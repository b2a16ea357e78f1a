//! Guidelines: long documents that evolve. Every edit is a new immutable version with a
//! changelog; the guideline points at its current version.

use chrono::{DateTime, Utc};

use crate::ValidationError;
use crate::content::{Audience, Common, CommonInput, PublicationStatus};
use crate::ids::{AdoptionId, AgencyId, GuidelineId, GuidelineVersionId, MemberId};
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

impl Guideline {
    /// A new draft of `agency` written by `author` at `now`, at version 1.
    pub fn draft(content: GuidelineContent, agency: AgencyId, author: MemberId, now: DateTime<Utc>) -> Self {
        Self {
            id: GuidelineId::generate(),
            audience: Audience {
                agency,
                visibility: content.common.visibility,
                status: PublicationStatus::Draft,
                authors: vec![author],
            },
            content,
            current_version: 1,
            created_at: now,
            updated_at: now,
            published_at: None,
        }
    }
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
    /// The text as sanitised HTML, rendered once when the version was written.
    pub body_html: String,
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
            common: self.common.validate_for(&[&self.title, &self.summary])?,
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

/// How an agency took up a guideline version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AdoptionKind {
    /// Adopted as published.
    Adopt,
    /// Forked: a new guideline of the agency, starting from the version, with its amendments.
    Fork,
}

impl AdoptionKind {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            AdoptionKind::Adopt => "adopt",
            AdoptionKind::Fork => "fork",
        }
    }

    /// Parses a stable code.
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "adopt" => Some(AdoptionKind::Adopt),
            "fork" => Some(AdoptionKind::Fork),
            _ => None,
        }
    }
}

/// An agency's adoption or fork of a guideline version.
#[derive(Debug, Clone, PartialEq)]
pub struct Adoption {
    /// Identifier.
    pub id: AdoptionId,
    /// The adopting agency.
    pub agency: AgencyId,
    /// The source guideline.
    pub guideline: GuidelineId,
    /// The source version adopted or forked.
    pub version: u32,
    /// Adopt or fork.
    pub kind: AdoptionKind,
    /// The fork, for a fork.
    pub fork: Option<GuidelineId>,
    /// Who recorded it.
    pub by: MemberId,
    /// When.
    pub at: DateTime<Utc>,
}

/// What happened to a line between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineChange {
    /// Unchanged, shown as context.
    Context,
    /// Only in the newer version.
    Added,
    /// Only in the older version.
    Removed,
}

/// One line of a diff, with its 1-based number in each version it appears in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffLine {
    /// What happened to it.
    pub change: LineChange,
    /// Number in the older version.
    pub old_number: Option<u32>,
    /// Number in the newer version.
    pub new_number: Option<u32>,
    /// The text, without its line break.
    pub text: String,
}

/// The changes between two versions: hunks of changed lines with up to three lines of context.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VersionDiff {
    /// Lines added.
    pub added: usize,
    /// Lines removed.
    pub removed: usize,
    /// The hunks, in text order.
    pub hunks: Vec<Vec<DiffLine>>,
}

/// Lines of unchanged context around each change.
const DIFF_CONTEXT: usize = 3;

/// A line diff (Myers, with a one-second deadline after which it falls back to a coarser
/// diff) between two versions' texts.
pub fn diff_versions(old: &str, new: &str) -> VersionDiff {
    // The last line compares equal whether or not the text ends with a line break.
    let terminated = |text: &str| format!("{}\n", text.trim_end_matches(['\n', '\r']));
    let (old, new) = (terminated(old), terminated(new));
    let diff = similar::TextDiff::configure()
        .timeout(std::time::Duration::from_secs(1))
        .diff_lines(&old, &new);
    let number = |index: Option<usize>| index.and_then(|i| u32::try_from(i + 1).ok());
    let mut result = VersionDiff::default();
    for group in diff.grouped_ops(DIFF_CONTEXT) {
        let mut hunk = Vec::new();
        for op in &group {
            for change in diff.iter_changes(op) {
                let kind = match change.tag() {
                    similar::ChangeTag::Equal => LineChange::Context,
                    similar::ChangeTag::Insert => {
                        result.added += 1;
                        LineChange::Added
                    }
                    similar::ChangeTag::Delete => {
                        result.removed += 1;
                        LineChange::Removed
                    }
                };
                hunk.push(DiffLine {
                    change: kind,
                    old_number: number(change.old_index()),
                    new_number: number(change.new_index()),
                    text: change.value().trim_end_matches(['\n', '\r']).to_owned(),
                });
            }
        }
        if !hunk.is_empty() {
            result.hunks.push(hunk);
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_shows_added_and_removed_lines_with_context() {
        let old = "uno\ndos\ntres\ncuatro\ncinco\nseis\nsiete\nocho\nnueve\n";
        let new = "uno\ndos\ntres\ncuatro\nCINCO\nseis\nsiete\nocho\nnueve\ndiez\n";
        let diff = diff_versions(old, new);
        assert_eq!((diff.added, diff.removed), (2, 1));
        assert_eq!(diff.hunks.len(), 1);
        let hunk = &diff.hunks[0];
        assert_eq!(hunk.first().map(|l| l.text.as_str()), Some("dos"));
        let removed = hunk.iter().find(|l| l.change == LineChange::Removed).unwrap();
        assert_eq!(
            (removed.text.as_str(), removed.old_number, removed.new_number),
            ("cinco", Some(5), None)
        );
        let added: Vec<(&str, Option<u32>)> = hunk
            .iter()
            .filter(|l| l.change == LineChange::Added)
            .map(|l| (l.text.as_str(), l.new_number))
            .collect();
        assert_eq!(added, vec![("CINCO", Some(5)), ("diez", Some(10))]);
        assert_eq!(diff_versions(old, old), VersionDiff::default());
        let unterminated = diff_versions("uno\ndos", "uno\ndos\ntres\n");
        assert_eq!((unterminated.added, unterminated.removed), (1, 0));
    }

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
