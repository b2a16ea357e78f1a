//! Domain items → search documents. Unpublished items map to `None`: they are not indexed.

use chrono::{DateTime, Utc};
use plaza_domain::agency::Agency;
use plaza_domain::case_study::CaseStudy;
use plaza_domain::content::{Audience, Common};
use plaza_domain::guideline::{Guideline, GuidelineVersion};
use plaza_domain::practice::Practice;
use plaza_domain::taxonomy::{Dimension, LabelLanguage, Objective, Platform, Threat};

use crate::document::{SearchDocument, audience_keys};
use plaza_domain::item::ContentKind;

struct Taxa<'a> {
    objectives: &'a [Objective],
    platforms: &'a [Platform],
    dimensions: &'a [Dimension],
    threats: &'a [Threat],
}

impl Taxa<'_> {
    fn filters(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        out.extend(self.objectives.iter().map(|v| ("objective", v.code().to_owned())));
        out.extend(self.platforms.iter().map(|v| ("platform", v.code().to_owned())));
        out.extend(self.dimensions.iter().map(|v| ("dimension", v.code().to_owned())));
        out.extend(self.threats.iter().map(|v| ("threat", v.code().to_owned())));
        out
    }

    /// Labels in Spanish and English, so "atención a la ciudadanía" finds citizen_service cases.
    fn labels(&self) -> String {
        let mut labels: Vec<&str> = Vec::new();
        for language in [LabelLanguage::Es, LabelLanguage::En] {
            labels.extend(self.objectives.iter().map(|v| v.label(language)));
            labels.extend(self.platforms.iter().map(|v| v.label(language)));
            labels.extend(self.dimensions.iter().map(|v| v.label(language)));
            labels.extend(self.threats.iter().map(|v| v.label(language)));
        }
        labels.join(". ")
    }
}

#[allow(clippy::too_many_arguments)]
fn document(
    kind: ContentKind,
    key: String,
    title: &str,
    summary: &str,
    body: String,
    common: &Common,
    audience: &Audience,
    taxa: &Taxa<'_>,
    agency: &Agency,
    published: DateTime<Utc>,
) -> Option<SearchDocument> {
    let audience = audience_keys(audience)?;
    let tags: Vec<String> = common.tags.iter().map(|tag| tag.as_str().to_owned()).collect();
    Some(SearchDocument {
        kind,
        key,
        title: title.to_owned(),
        summary: summary.to_owned(),
        about: format!("{}. {}", taxa.labels(), tags.join(", ")),
        body,
        language: common.language,
        agency: (agency.id.as_string(), agency.slug.as_str().to_owned()),
        level: agency.level.code().to_owned(),
        country: agency.country.as_str().to_owned(),
        taxonomy: taxa.filters(),
        tags,
        published,
        audience,
    })
}

/// The search document of a discussion or question (its opening post), if it is visible
/// (hidden threads are withdrawn and leave the index).
pub fn discussion_document(
    key: String,
    title: &str,
    body: &str,
    audience: &Audience,
    agency: &Agency,
    started: DateTime<Utc>,
) -> Option<SearchDocument> {
    Some(SearchDocument {
        kind: ContentKind::Discussion,
        key,
        title: title.to_owned(),
        summary: String::new(),
        about: String::new(),
        // Members' addresses never enter the index (snippets would show them): a mention is
        // indexed by the address's local part.
        body: plaza_domain::markdown::replace_mentions(body, |email| {
            format!("@{}", email.as_str().split('@').next().unwrap_or_default())
        }),
        language: plaza_domain::content::Language::Es,
        agency: (agency.id.as_string(), agency.slug.as_str().to_owned()),
        level: agency.level.code().to_owned(),
        country: agency.country.as_str().to_owned(),
        taxonomy: Vec::new(),
        tags: Vec::new(),
        published: started,
        audience: audience_keys(audience)?,
    })
}

/// The search document of a case study, if it is published.
pub fn case_study_document(case: &CaseStudy, agency: &Agency) -> Option<SearchDocument> {
    let c = &case.content;
    let metrics: Vec<&str> = c.metrics.iter().map(|m| m.metric.as_str()).collect();
    let body = [
        c.context.as_str(),
        c.actions.as_str(),
        &metrics.join(". "),
        c.lessons.as_str(),
        &c.formats.join(", "),
        &c.tools.join(", "),
    ]
    .iter()
    .filter(|part| !part.is_empty())
    .copied()
    .collect::<Vec<_>>()
    .join("\n\n");
    let taxa = Taxa {
        objectives: &c.objectives,
        platforms: &c.platforms,
        dimensions: &c.dimensions,
        threats: &c.threats,
    };
    document(
        ContentKind::CaseStudy,
        case.id.as_string(),
        c.title.as_str(),
        c.summary.as_str(),
        body,
        &c.common,
        &case.audience,
        &taxa,
        agency,
        case.published_at.unwrap_or(case.created_at),
    )
}

/// The search document of a practice, if it is published.
pub fn practice_document(practice: &Practice, agency: &Agency) -> Option<SearchDocument> {
    let c = &practice.content;
    let taxa = Taxa {
        objectives: &c.objectives,
        platforms: &c.platforms,
        dimensions: &c.dimensions,
        threats: &c.threats,
    };
    document(
        ContentKind::Practice,
        practice.id.as_string(),
        c.title.as_str(),
        c.summary.as_str(),
        c.body.as_str().to_owned(),
        &c.common,
        &practice.audience,
        &taxa,
        agency,
        practice.published_at.unwrap_or(practice.created_at),
    )
}

/// The search document of a guideline (the text of its current version), if it is published.
pub fn guideline_document(
    guideline: &Guideline,
    current: &GuidelineVersion,
    agency: &Agency,
) -> Option<SearchDocument> {
    let c = &guideline.content;
    let taxa = Taxa {
        objectives: &[],
        platforms: &[],
        dimensions: &[],
        threats: &[],
    };
    document(
        ContentKind::Guideline,
        guideline.id.as_string(),
        c.title.as_str(),
        c.summary.as_str(),
        current.body.as_str().to_owned(),
        &c.common,
        &guideline.audience,
        &taxa,
        agency,
        guideline.published_at.unwrap_or(guideline.created_at),
    )
}
