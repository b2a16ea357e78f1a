//! Practices: short, actionable tips with the same taxonomies as case studies.

use chrono::{DateTime, Utc};

use crate::ValidationError;
use crate::content::{Audience, Common, CommonInput};
use crate::ids::PracticeId;
use crate::taxonomy::{Dimension, Objective, Platform, Threat, parse_codes};
use crate::text::{Body, Summary, Title};

/// The editable content of a practice, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct PracticeContent {
    /// Title.
    pub title: Title,
    /// One-paragraph summary.
    pub summary: Summary,
    /// The tip itself (markdown).
    pub body: Body,
    /// Objectives it serves.
    pub objectives: Vec<Objective>,
    /// Platforms it applies to.
    pub platforms: Vec<Platform>,
    /// Dimensions it contributes to.
    pub dimensions: Vec<Dimension>,
    /// Threats it addresses.
    pub threats: Vec<Threat>,
    /// Language, licence, visibility, tags.
    pub common: Common,
}

/// A stored practice.
#[derive(Debug, Clone, PartialEq)]
pub struct Practice {
    /// Identifier.
    pub id: PracticeId,
    /// The content.
    pub content: PracticeContent,
    /// Owner, audience, status, authors.
    pub audience: Audience,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was last changed.
    pub updated_at: DateTime<Utc>,
    /// When it was first published.
    pub published_at: Option<DateTime<Utc>>,
    /// The body as sanitised HTML, rendered when written. Storage fills it on read and renders
    /// it afresh on every write (what a caller puts here is not stored).
    pub body_html: String,
}

/// The content of a practice as submitted.
#[derive(Debug, Clone, PartialEq)]
pub struct PracticeInput {
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Body.
    pub body: String,
    /// Objective codes.
    pub objectives: Vec<String>,
    /// Platform codes.
    pub platforms: Vec<String>,
    /// Dimension codes.
    pub dimensions: Vec<String>,
    /// Threat codes.
    pub threats: Vec<String>,
    /// Language, licence, visibility, tags.
    pub common: CommonInput,
}

impl PracticeInput {
    /// Validates every field; the error names the first offending field.
    pub fn validate(&self) -> Result<PracticeContent, ValidationError> {
        let title = Title::parse(&self.title).map_err(|e| e.at("title"))?;
        let summary = Summary::parse(&self.summary).map_err(|e| e.at("summary"))?;
        let body = Body::parse(&self.body).map_err(|e| e.at("body"))?;
        if body.is_empty() && summary.as_str().is_empty() {
            return Err(ValidationError::new("body", "a practice needs a summary or a body"));
        }
        Ok(PracticeContent {
            title,
            summary,
            body,
            objectives: parse_codes(&self.objectives, Objective::parse).map_err(|e| e.at("objectives"))?,
            platforms: parse_codes(&self.platforms, Platform::parse).map_err(|e| e.at("platforms"))?,
            dimensions: parse_codes(&self.dimensions, Dimension::parse).map_err(|e| e.at("dimensions"))?,
            threats: parse_codes(&self.threats, Threat::parse).map_err(|e| e.at("threats"))?,
            common: self.common.validate_for(&[&self.title, &self.summary, &self.body])?,
        })
    }
}

impl PracticeContent {
    /// Back to the submitted form, for applying a partial update.
    pub fn to_input(&self) -> PracticeInput {
        PracticeInput {
            title: self.title.as_str().to_owned(),
            summary: self.summary.as_str().to_owned(),
            body: self.body.as_str().to_owned(),
            objectives: self.objectives.iter().map(|o| o.code().to_owned()).collect(),
            platforms: self.platforms.iter().map(|p| p.code().to_owned()).collect(),
            dimensions: self.dimensions.iter().map(|d| d.code().to_owned()).collect(),
            threats: self.threats.iter().map(|t| t.code().to_owned()).collect(),
            common: self.common.to_input(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tip() -> PracticeInput {
        PracticeInput {
            title: "Responde en menos de una hora".into(),
            summary: "".into(),
            body: "Fija un tiempo máximo de respuesta.".into(),
            objectives: vec!["conversation".into()],
            platforms: vec!["x".into()],
            dimensions: vec![],
            threats: vec![],
            common: CommonInput {
                language: None,
                licence: None,
                visibility: None,
                group: None,
                tags: vec![],
            },
        }
    }

    #[test]
    fn a_practice_defaults_to_network_visibility_and_round_trips() {
        let content = tip().validate().unwrap();
        assert_eq!(content.common.visibility, crate::content::Visibility::Network);
        assert_eq!(content.to_input().validate().unwrap(), content);
    }

    #[test]
    fn a_practice_needs_some_text_and_known_codes() {
        let empty = PracticeInput {
            body: "".into(),
            ..tip()
        };
        assert_eq!(empty.validate().unwrap_err().field, "body");
        let bad = PracticeInput {
            platforms: vec!["orkut".into()],
            ..tip()
        };
        assert_eq!(bad.validate().unwrap_err().field, "platforms.0");
    }
}
