//! Practices.

use chrono::{DateTime, Utc};
use plaza_domain::content::PublicationStatus;
use plaza_domain::ids::PracticeId;
use plaza_domain::policy::ReadScope;
use plaza_domain::practice::{Practice, PracticeContent, PracticeInput};
use serde_json::{Map, Value as Json, json};

use crate::audience::CommonRow;
use crate::connect::Store;
use crate::doc::corrupt;
use crate::error::StorageError;
use crate::page::{Page, PageRequest};

const TABLE: &str = "practice";

/// Narrows a list of practices.
pub type PracticeFilter = crate::audience::ContentFilter;

#[derive(Debug, serde::Deserialize)]
struct PracticeRow {
    #[serde(flatten)]
    common: CommonRow,
    title: String,
    summary: String,
    body: String,
    objectives: Vec<String>,
    platforms: Vec<String>,
    dimensions: Vec<String>,
    threats: Vec<String>,
    #[serde(default)]
    body_html: Option<String>,
}

impl PracticeRow {
    fn into_practice(self) -> Result<Practice, StorageError> {
        let record = self.common.audience.id.clone();
        let parts = self.common.into_parts()?;
        let input = PracticeInput {
            title: self.title,
            summary: self.summary,
            body: self.body,
            objectives: self.objectives,
            platforms: self.platforms,
            dimensions: self.dimensions,
            threats: self.threats,
            common: parts.common.to_input(),
        };
        let content = input.validate().map_err(corrupt(&record))?;
        // Rows written before HTML was stored and not yet migrated render once here.
        let body_html = self
            .body_html
            .unwrap_or_else(|| plaza_domain::markdown::render(content.body.as_str()));
        Ok(Practice {
            id: PracticeId::parse(&parts.key).map_err(corrupt(&record))?,
            content,
            audience: parts.audience,
            created_at: parts.created_at,
            updated_at: parts.updated_at,
            published_at: parts.published_at,
            body_html,
        })
    }
}

pub(crate) fn content_doc(content: &PracticeContent) -> Map<String, Json> {
    let doc = json!({
        "title": content.title.as_str(),
        "summary": content.summary.as_str(),
        "body": content.body.as_str(),
        "objectives": content.objectives.iter().map(|o| o.code()).collect::<Vec<_>>(),
        "platforms": content.platforms.iter().map(|p| p.code()).collect::<Vec<_>>(),
        "dimensions": content.dimensions.iter().map(|d| d.code()).collect::<Vec<_>>(),
        "threats": content.threats.iter().map(|t| t.code()).collect::<Vec<_>>(),
        "body_html": plaza_domain::markdown::render(content.body.as_str()),
    });
    match doc {
        Json::Object(map) => map,
        _ => Map::new(),
    }
}

impl Store {
    /// Stores a new practice. With `external_id`, importing the same practice twice returns
    /// the first one's id and changes nothing.
    pub async fn create_practice(
        &self,
        practice: &Practice,
        external_id: Option<&str>,
    ) -> Result<PracticeId, StorageError> {
        if let Some(existing) = self.existing_import::<PracticeId>(external_id).await? {
            return Ok(existing);
        }
        let times = (practice.created_at, practice.updated_at, practice.published_at);
        let content = practice.content.clone();
        let doc = crate::render::off_worker(move || content_doc(&content)).await?;
        let key = practice.id.as_string();
        self.create_content(
            TABLE,
            &key,
            doc,
            &practice.content.common,
            &practice.audience,
            times,
            external_id,
        )
        .await?;
        Ok(practice.id)
    }

    /// A practice by id, whatever its visibility (callers apply the policy).
    pub async fn practice(&self, id: PracticeId) -> Result<Option<Practice>, StorageError> {
        let row: Option<PracticeRow> = self.get_record(TABLE, &id.as_string()).await?;
        row.map(PracticeRow::into_practice).transpose()
    }

    /// Replaces the content of a practice (owner, authors and status are kept).
    pub async fn update_practice(
        &self,
        id: PracticeId,
        content: &PracticeContent,
        updated_at: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        let existing = self.practice(id).await?.ok_or(StorageError::NotFound)?;
        let content_now = content.clone();
        let doc = crate::render::off_worker(move || content_doc(&content_now)).await?;
        self.update_content(
            TABLE,
            &id.as_string(),
            doc,
            &content.common,
            &existing.audience,
            updated_at,
        )
        .await
    }

    /// Sets the publication status of a practice.
    pub async fn set_practice_status(
        &self,
        id: PracticeId,
        status: PublicationStatus,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        self.set_status(TABLE, &id.as_string(), status, now).await
    }

    /// Practices visible in `scope` and matching `filter`, newest first.
    pub async fn list_practices(
        &self,
        scope: &ReadScope,
        filter: &PracticeFilter,
        page: &PageRequest,
    ) -> Result<Page<Practice>, StorageError> {
        let (conditions, vars) = filter.conditions();
        let page = self
            .list_visible::<PracticeRow>(TABLE, scope, conditions, vars, page)
            .await?;
        page.decode_off_worker(PracticeRow::into_practice).await
    }
}

pub(crate) fn practice_from_json(row: Json) -> Result<Practice, StorageError> {
    crate::doc::from_json::<PracticeRow>(row)?.into_practice()
}
