//! Adoptions and forks of guideline versions: the registry of who took up what, and the
//! lineage of forks.

use plaza_domain::guideline::{Adoption, AdoptionKind};
use plaza_domain::ids::{AdoptionId, AgencyId, GuidelineId, MemberId};
use serde_json::{Map, Value as Json, json};

use crate::connect::{Store, record_key};
use crate::doc::{corrupt, parse_timestamp, set_clause, timestamp};
use crate::error::StorageError;

/// Most registry rows read for one guideline.
const READ_LIMIT: usize = 5_000;

#[derive(Debug, serde::Deserialize)]
struct AdoptionRow {
    id: String,
    agency: String,
    guideline: String,
    version_number: u32,
    kind: String,
    fork: Option<String>,
    adopted_by: String,
    adopted_at: String,
}

impl AdoptionRow {
    fn into_adoption(self) -> Result<Adoption, StorageError> {
        let record = self.id.clone();
        let bad = corrupt(&record);
        Ok(Adoption {
            id: AdoptionId::parse(record_key(&self.id)).map_err(&bad)?,
            agency: AgencyId::parse(&self.agency).map_err(&bad)?,
            guideline: GuidelineId::parse(&self.guideline).map_err(&bad)?,
            version: self.version_number,
            kind: AdoptionKind::parse(&self.kind).ok_or_else(|| StorageError::Corrupt {
                record: record.clone(),
                reason: "unknown adoption kind".into(),
            })?,
            fork: self.fork.as_deref().map(GuidelineId::parse).transpose().map_err(&bad)?,
            by: MemberId::parse(&self.adopted_by).map_err(&bad)?,
            at: parse_timestamp(&self.adopted_at, &record)?,
        })
    }
}

/// An adoption as a document to write.
pub(crate) fn adoption_doc(adoption: &Adoption) -> Map<String, Json> {
    match json!({
        "agency": adoption.agency.as_string(),
        "guideline": adoption.guideline.as_string(),
        "version_number": adoption.version,
        "kind": adoption.kind.code(),
        "fork": adoption.fork.map(|fork| fork.as_string()),
        "adopted_by": adoption.by.as_string(),
        "adopted_at": timestamp(adoption.at),
    }) {
        Json::Object(map) => map,
        _ => Map::new(),
    }
}

impl Store {
    /// Records an adoption row. An adoption replaces the agency's earlier adoption of the same
    /// guideline; a fork row (new forks are stored with [`Store::create_fork`]) is added. With
    /// `external_id`, importing the same row twice stores it once.
    pub async fn adopt_guideline(&self, adoption: &Adoption, external_id: Option<&str>) -> Result<(), StorageError> {
        if self.existing_import::<AdoptionId>(external_id).await?.is_some() {
            return Ok(());
        }
        let doc = adoption_doc(adoption);
        let replace = match adoption.kind {
            AdoptionKind::Adopt => {
                "DELETE adoption WHERE agency = $doc.agency AND guideline = $doc.guideline AND kind = 'adopt';"
            }
            AdoptionKind::Fork => "",
        };
        let sql = format!(
            "BEGIN TRANSACTION;\n{replace}\n\
             CREATE type::record('adoption', $key) SET {} RETURN NONE;\n{}\n\
             COMMIT TRANSACTION;",
            set_clause(&doc),
            crate::audience::RECORD_IMPORT_REF
        );
        self.execute(
            &sql,
            json!({ "key": adoption.id.as_string(), "doc": doc, "external_id": external_id }),
        )
        .await?;
        Ok(())
    }

    /// Every adoption and fork row, oldest first (operator tools only).
    pub async fn all_adoptions(&self) -> Result<Vec<Adoption>, StorageError> {
        let rows: Vec<AdoptionRow> = self
            .query_rows("SELECT * FROM adoption ORDER BY adopted_at, id", Json::Null, 0)
            .await?;
        rows.into_iter().map(AdoptionRow::into_adoption).collect()
    }

    /// Withdraws an agency's adoption of a guideline (forks stay: they are guidelines).
    pub async fn withdraw_adoption(&self, agency: AgencyId, guideline: GuidelineId) -> Result<(), StorageError> {
        self.execute(
            "DELETE adoption WHERE agency = $agency AND guideline = $guideline AND kind = 'adopt'",
            json!({ "agency": agency.as_string(), "guideline": guideline.as_string() }),
        )
        .await?;
        Ok(())
    }

    /// Who adopted or forked a guideline, oldest first.
    pub async fn adoptions_of(&self, guideline: GuidelineId) -> Result<Vec<Adoption>, StorageError> {
        let rows: Vec<AdoptionRow> = self
            .query_rows(
                "SELECT * FROM adoption WHERE guideline = $guideline ORDER BY adopted_at ASC LIMIT $limit",
                json!({ "guideline": guideline.as_string(), "limit": READ_LIMIT }),
                0,
            )
            .await?;
        rows.into_iter().map(AdoptionRow::into_adoption).collect()
    }

    /// What an agency adopted or forked, oldest first.
    pub async fn adoptions_by(&self, agency: AgencyId) -> Result<Vec<Adoption>, StorageError> {
        let rows: Vec<AdoptionRow> = self
            .query_rows(
                "SELECT * FROM adoption WHERE agency = $agency ORDER BY adopted_at ASC LIMIT $limit",
                json!({ "agency": agency.as_string(), "limit": READ_LIMIT }),
                0,
            )
            .await?;
        rows.into_iter().map(AdoptionRow::into_adoption).collect()
    }

    /// The adoption row a fork came from: its lineage.
    pub async fn fork_origin(&self, fork: GuidelineId) -> Result<Option<Adoption>, StorageError> {
        let rows: Vec<AdoptionRow> = self
            .query_rows(
                "SELECT * FROM adoption WHERE fork = $fork LIMIT 1",
                json!({ "fork": fork.as_string() }),
                0,
            )
            .await?;
        rows.into_iter().next().map(AdoptionRow::into_adoption).transpose()
    }
}
