//! Guidelines and their immutable versions.

use chrono::{DateTime, Utc};
use plaza_domain::content::PublicationStatus;
use plaza_domain::guideline::{Adoption, Guideline, GuidelineContent, GuidelineInput, GuidelineVersion, VersionText};
use plaza_domain::ids::{GuidelineId, GuidelineVersionId, MemberId};
use plaza_domain::policy::ReadScope;
use plaza_domain::text::{Body, Summary};
use serde_json::{Map, Value as Json, json};

use crate::audience::{CommonRow, ContentFilter};
use crate::connect::{Store, record_key};
use crate::doc::{corrupt, parse_timestamp, set_clause, timestamp};
use crate::error::StorageError;
use crate::page::{Page, PageRequest};

const TABLE: &str = "guideline";

/// Narrows a list of guidelines (taxonomy fields of [`ContentFilter`] do not apply).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GuidelineFilter {
    /// Owned by this agency.
    pub agency: Option<plaza_domain::ids::AgencyId>,
    /// From agencies at this level of government.
    pub level: Option<plaza_domain::taxonomy::Level>,
    /// From agencies in this country.
    pub country: Option<plaza_domain::text::Country>,
    /// In this status (published when omitted).
    pub status: Option<PublicationStatus>,
    /// In this language.
    pub language: Option<plaza_domain::content::Language>,
}

#[derive(Debug, serde::Deserialize)]
struct GuidelineRow {
    #[serde(flatten)]
    common: CommonRow,
    title: String,
    summary: String,
    current_version: u32,
}

impl GuidelineRow {
    fn into_guideline(self) -> Result<Guideline, StorageError> {
        let record = self.common.audience.id.clone();
        let parts = self.common.into_parts()?;
        let input = GuidelineInput {
            title: self.title,
            summary: self.summary,
            common: parts.common.to_input(),
        };
        Ok(Guideline {
            id: GuidelineId::parse(&parts.key).map_err(corrupt(&record))?,
            content: input.validate().map_err(corrupt(&record))?,
            audience: parts.audience,
            current_version: self.current_version,
            created_at: parts.created_at,
            updated_at: parts.updated_at,
            published_at: parts.published_at,
        })
    }
}

#[derive(Debug, serde::Deserialize)]
struct VersionRow {
    id: String,
    guideline: String,
    version_number: u32,
    body: String,
    changelog: String,
    author: String,
    created_at: String,
    #[serde(default)]
    body_html: Option<String>,
}

impl VersionRow {
    fn into_version(self) -> Result<GuidelineVersion, StorageError> {
        let record = self.id.clone();
        let body = Body::parse(&self.body).map_err(corrupt(&record))?;
        // Rows written before HTML was stored and not yet migrated render once here.
        let body_html = self
            .body_html
            .unwrap_or_else(|| plaza_domain::markdown::render(body.as_str()));
        Ok(GuidelineVersion {
            id: GuidelineVersionId::parse(record_key(&self.id)).map_err(corrupt(&record))?,
            guideline: GuidelineId::parse(&self.guideline).map_err(corrupt(&record))?,
            number: self.version_number,
            body_html,
            body,
            changelog: Summary::parse(&self.changelog).map_err(corrupt(&record))?,
            author: MemberId::parse(&self.author).map_err(corrupt(&record))?,
            created_at: parse_timestamp(&self.created_at, &record)?,
        })
    }
}

fn version_doc(
    guideline: GuidelineId,
    number: u32,
    text: &VersionText,
    author: MemberId,
    at: DateTime<Utc>,
) -> Map<String, Json> {
    let doc = json!({
        "guideline": guideline.as_string(),
        "version_number": number,
        "body": text.body.as_str(),
        "changelog": text.changelog.as_str(),
        "body_html": plaza_domain::markdown::render(text.body.as_str()),
        "author": author.as_string(),
        "created_at": timestamp(at),
    });
    match doc {
        Json::Object(map) => map,
        _ => Map::new(),
    }
}

impl Store {
    /// Stores a new guideline with its first version, in one transaction. With `external_id`,
    /// importing the same guideline twice returns the first one's id and changes nothing.
    pub async fn create_guideline(
        &self,
        guideline: &Guideline,
        first: &VersionText,
        external_id: Option<&str>,
    ) -> Result<GuidelineId, StorageError> {
        self.create_guideline_with(guideline, first, external_id, None).await
    }

    /// Stores a fork: the new guideline, its first version and the adoption row that records
    /// its lineage, in one transaction.
    pub async fn create_fork(
        &self,
        fork: &Guideline,
        first: &VersionText,
        adoption: &Adoption,
        external_id: Option<&str>,
    ) -> Result<GuidelineId, StorageError> {
        self.create_guideline_with(fork, first, external_id, Some(adoption))
            .await
    }

    async fn create_guideline_with(
        &self,
        guideline: &Guideline,
        first: &VersionText,
        external_id: Option<&str>,
        adoption: Option<&Adoption>,
    ) -> Result<GuidelineId, StorageError> {
        if let Some(existing) = self.existing_import::<GuidelineId>(external_id).await? {
            return Ok(existing);
        }
        let facts = self.agency_facts(guideline.audience.agency).await?;
        let mut doc = json!({
            "title": guideline.content.title.as_str(),
            "summary": guideline.content.summary.as_str(),
            "current_version": 1,
            "created_at": timestamp(guideline.created_at),
            "published_at": guideline.published_at.map(timestamp),
        })
        .as_object()
        .cloned()
        .unwrap_or_default();
        doc.extend(crate::audience::common_doc(
            &guideline.content.common,
            &guideline.audience,
            &facts,
            guideline.updated_at,
        ));
        let author = guideline
            .audience
            .authors
            .first()
            .copied()
            .unwrap_or_else(MemberId::generate);
        let (first, id, created_at) = (first.clone(), guideline.id, guideline.created_at);
        let version = crate::render::off_worker(move || version_doc(id, 1, &first, author, created_at)).await?;
        let adoption_doc = adoption.map(crate::adoptions::adoption_doc).unwrap_or_default();
        let lineage = match adoption {
            Some(_) => format!(
                "CREATE type::record('adoption', $adoption_key) SET {} RETURN NONE;",
                crate::doc::set_clause_for(&adoption_doc, "adoption")
            ),
            None => String::new(),
        };
        let sql = format!(
            "BEGIN TRANSACTION;\n\
             CREATE type::record('guideline', $key) SET {} RETURN NONE;\n\
             CREATE type::record('guideline_version', $version_key) SET {} RETURN NONE;\n\
             {lineage}\n{}\nCOMMIT TRANSACTION;",
            set_clause(&doc),
            crate::doc::set_clause_for(&version, "version"),
            crate::audience::RECORD_IMPORT_REF
        );
        self.execute(
            &sql,
            json!({
                "doc": doc,
                "version": version,
                "key": guideline.id.as_string(),
                "version_key": GuidelineVersionId::generate().as_string(),
                "external_id": external_id,
                "adoption": adoption_doc,
                "adoption_key": adoption.map(|a| a.id.as_string()),
            }),
        )
        .await?;
        Ok(guideline.id)
    }

    /// A guideline by id, whatever its visibility (callers apply the policy).
    pub async fn guideline(&self, id: GuidelineId) -> Result<Option<Guideline>, StorageError> {
        let row: Option<GuidelineRow> = self.get_record(TABLE, &id.as_string()).await?;
        row.map(GuidelineRow::into_guideline).transpose()
    }

    /// Appends version `expected_current + 1` and makes it current, in one transaction. If
    /// another writer appended first, the unique (guideline, number) index refuses it: CONFLICT.
    pub async fn add_guideline_version(
        &self,
        id: GuidelineId,
        expected_current: u32,
        text: &VersionText,
        author: MemberId,
        at: DateTime<Utc>,
    ) -> Result<GuidelineVersion, StorageError> {
        let number = expected_current + 1;
        let version_id = GuidelineVersionId::generate();
        let text_now = text.clone();
        let version = crate::render::off_worker(move || version_doc(id, number, &text_now, author, at)).await?;
        let body_html = version
            .get("body_html")
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_owned();
        let sql = format!(
            "BEGIN TRANSACTION;\n\
             LET $current = (SELECT VALUE current_version FROM type::record('guideline', $key))[0];\n\
             IF $current != $expected {{ THROW 'stale guideline version: another version was published first'; }};\n\
             CREATE type::record('guideline_version', $version_key) SET {} RETURN NONE;\n\
             UPDATE type::record('guideline', $key) SET current_version = $number, updated_at = <datetime>$now RETURN NONE;\n\
             COMMIT TRANSACTION;",
            crate::doc::set_clause_for(&version, "version")
        );
        let result = self
            .execute(
                &sql,
                json!({
                    "version": version,
                    "key": id.as_string(),
                    "version_key": version_id.as_string(),
                    "expected": expected_current,
                    "number": number,
                    "now": timestamp(at),
                }),
            )
            .await;
        match result {
            Ok(_) => {}
            Err(StorageError::Database(message)) if message.contains("stale guideline version") => {
                return Err(StorageError::Conflict("another version was published first".into()));
            }
            Err(error) => return Err(error),
        }
        Ok(GuidelineVersion {
            id: version_id,
            guideline: id,
            number,
            body: text.body.clone(),
            changelog: text.changelog.clone(),
            author,
            created_at: at,
            body_html,
        })
    }

    /// Every version of a guideline, newest first.
    pub async fn guideline_versions(&self, id: GuidelineId) -> Result<Vec<GuidelineVersion>, StorageError> {
        let rows: Vec<VersionRow> = self
            .query_rows(
                "SELECT * FROM guideline_version WHERE guideline = $guideline ORDER BY version_number DESC",
                json!({ "guideline": id.as_string() }),
                0,
            )
            .await?;
        rows.into_iter().map(VersionRow::into_version).collect()
    }

    /// One version of a guideline by number.
    pub async fn guideline_version(
        &self,
        id: GuidelineId,
        number: u32,
    ) -> Result<Option<GuidelineVersion>, StorageError> {
        let rows: Vec<VersionRow> = self
            .query_rows(
                "SELECT * FROM guideline_version WHERE guideline = $guideline AND version_number = $number LIMIT 1",
                json!({ "guideline": id.as_string(), "number": number }),
                0,
            )
            .await?;
        rows.into_iter().next().map(VersionRow::into_version).transpose()
    }

    /// Changes a guideline's own facts (title, summary, language, licence, audience, tags);
    /// its versions stay as they are.
    pub async fn update_guideline(
        &self,
        id: GuidelineId,
        content: &GuidelineContent,
        updated_at: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        let existing = self.guideline(id).await?.ok_or(StorageError::NotFound)?;
        let doc = json!({ "title": content.title.as_str(), "summary": content.summary.as_str() })
            .as_object()
            .cloned()
            .unwrap_or_default();
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

    /// Sets the publication status of a guideline.
    pub async fn set_guideline_status(
        &self,
        id: GuidelineId,
        status: PublicationStatus,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        self.set_status(TABLE, &id.as_string(), status, now).await
    }

    /// Guidelines visible in `scope` and matching `filter`, newest first.
    pub async fn list_guidelines(
        &self,
        scope: &ReadScope,
        filter: &GuidelineFilter,
        page: &PageRequest,
    ) -> Result<Page<Guideline>, StorageError> {
        let content_filter = ContentFilter {
            agency: filter.agency,
            level: filter.level,
            country: filter.country.clone(),
            status: filter.status,
            language: filter.language,
            ..ContentFilter::default()
        };
        let (conditions, vars) = content_filter.conditions();
        let page = self
            .list_visible::<GuidelineRow>(TABLE, scope, conditions, vars, page)
            .await?;
        page.decode_off_worker(GuidelineRow::into_guideline).await
    }
}

impl Store {
    /// One version by its own id.
    pub async fn guideline_version_by_id(
        &self,
        id: GuidelineVersionId,
    ) -> Result<Option<GuidelineVersion>, StorageError> {
        let row: Option<VersionRow> = self.get_record("guideline_version", &id.as_string()).await?;
        row.map(VersionRow::into_version).transpose()
    }
}

impl Store {
    /// Whether an import already created the guideline with this external id (its later
    /// versions were then imported too).
    pub async fn guideline_exists_for_import(&self, external_id: &str) -> Result<bool, StorageError> {
        Ok(self.imported_key(external_id).await?.is_some())
    }
}

pub(crate) fn guideline_from_json(row: Json) -> Result<Guideline, StorageError> {
    crate::doc::from_json::<GuidelineRow>(row)?.into_guideline()
}
