//! The network's legal pages: a privacy statement (GDPR and LOPDGDD), an accessibility
//! statement (RD 1112/2018, EN 301 549) and a legal notice. Each starts as a model text shipped
//! with Plaza, with the blanks a deployment fills in; network administrators rewrite them.

use std::fmt;

use chrono::{DateTime, Utc};
use plaza_domain::ValidationError;
use plaza_domain::ids::MemberId;
use plaza_domain::markdown::Markdown;
use plaza_storage::{StorageError, Store, StoredLegalPage};

/// One of the legal pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LegalPage {
    /// `/privacidad`.
    Privacy,
    /// `/accesibilidad`.
    Accessibility,
    /// `/aviso-legal`.
    LegalNotice,
}

impl LegalPage {
    /// Every page, in footer order.
    pub const ALL: [LegalPage; 3] = [Self::Privacy, Self::Accessibility, Self::LegalNotice];

    /// Its slug, which is also its path.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Privacy => "privacidad",
            Self::Accessibility => "accesibilidad",
            Self::LegalNotice => "aviso-legal",
        }
    }

    /// Parses a slug.
    pub fn parse(slug: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|page| page.slug() == slug.trim())
            .ok_or_else(|| ValidationError::new("slug", "unknown page; use privacidad, accesibilidad or aviso-legal"))
    }

    /// The model text shipped with Plaza.
    pub fn model(self) -> &'static str {
        match self {
            Self::Privacy => include_str!("../legal/privacidad.md"),
            Self::Accessibility => include_str!("../legal/accesibilidad.md"),
            Self::LegalNotice => include_str!("../legal/aviso-legal.md"),
        }
    }
}

impl fmt::Display for LegalPage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// A legal page as readers get it.
#[derive(Debug, Clone)]
pub struct LegalText {
    /// Which page.
    pub page: LegalPage,
    /// Its Markdown.
    pub body: String,
    /// Its HTML.
    pub body_html: String,
    /// When and by whom it was last saved; `None` for the model text.
    pub saved: Option<(DateTime<Utc>, MemberId)>,
}

/// The page as saved, or its model text rendered.
pub async fn read(store: &Store, page: LegalPage) -> Result<LegalText, StorageError> {
    if let Some(stored) = store.legal_page(page.slug()).await? {
        return Ok(LegalText {
            page,
            body: stored.body,
            body_html: stored.body_html,
            saved: Some((stored.updated_at, stored.updated_by)),
        });
    }
    let model =
        Markdown::parse(page.model()).map_err(|e| StorageError::Database(format!("model {page}: {}", e.message)))?;
    Ok(LegalText {
        page,
        body: model.source.as_str().to_owned(),
        body_html: model.html,
        saved: None,
    })
}

/// Saves a page already rendered (the caller renders off the async workers).
pub async fn save(store: &Store, page: LegalPage, body: Markdown, by: MemberId) -> Result<LegalText, StorageError> {
    let stored = StoredLegalPage {
        body: body.source.as_str().to_owned(),
        body_html: body.html,
        updated_at: Utc::now(),
        updated_by: by,
    };
    store.save_legal_page(page.slug(), &stored).await?;
    Ok(LegalText {
        page,
        body: stored.body,
        body_html: stored.body_html,
        saved: Some((stored.updated_at, by)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_model_text_renders_and_slugs_round_trip() {
        for page in LegalPage::ALL {
            assert_eq!(LegalPage::parse(page.slug()).unwrap(), page);
            let model = Markdown::parse(page.model()).unwrap();
            assert!(model.html.contains("<h2"), "{page} has sections");
        }
        assert!(LegalPage::parse("cookies").is_err());
    }
}
