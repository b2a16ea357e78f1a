//! Agencies.

use chrono::Utc;
use plaza_domain::agency::{Agency, AgencyInput};
use plaza_domain::ids::AgencyId;
use plaza_domain::taxonomy::Level;
use plaza_domain::text::Country;
use serde_json::{Map, Value as Json, json};

use crate::connect::{Store, record_key};
use crate::doc::{corrupt, set_clause, timestamp};
use crate::error::StorageError;
use crate::page::{Page, PageRequest};

/// Narrows the list of agencies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgencyFilter {
    /// Only this level of government.
    pub level: Option<Level>,
    /// Only this country.
    pub country: Option<Country>,
}

#[derive(Debug, serde::Deserialize)]
struct AgencyRow {
    id: String,
    slug: String,
    name: String,
    level: String,
    country: String,
    region: Option<String>,
    email_domains: Vec<String>,
}

impl AgencyRow {
    fn into_agency(self) -> Result<Agency, StorageError> {
        let record = self.id.clone();
        let id = AgencyId::parse(record_key(&self.id)).map_err(corrupt(&record))?;
        let input = AgencyInput {
            slug: self.slug,
            name: self.name,
            level: self.level,
            country: self.country,
            region: self.region,
            email_domains: self.email_domains,
        };
        let agency = input.validate().map_err(corrupt(&record))?;
        Ok(Agency { id, ..agency })
    }
}

impl Store {
    /// Stores a new agency; a taken slug is a conflict. With `external_id`, importing the same
    /// agency twice returns the first one's id instead.
    pub async fn create_agency(&self, agency: &Agency, external_id: Option<&str>) -> Result<AgencyId, StorageError> {
        if let Some(existing) = self.existing_import::<AgencyId>(external_id).await? {
            return Ok(existing);
        }
        let doc = json!({
            "slug": agency.slug.as_str(),
            "name": agency.name.as_str(),
            "level": agency.level.code(),
            "country": agency.country.as_str(),
            "region": agency.region,
            "email_domains": agency.email_domains.iter().map(|d| d.as_str()).collect::<Vec<_>>(),
            "created_at": timestamp(Utc::now()),
        });
        let clause = set_clause(doc.as_object().unwrap_or(&Map::new()));
        let sql = format!(
            "BEGIN TRANSACTION;\nCREATE type::record('agency', $key) SET {clause} RETURN NONE;\n{}\nCOMMIT TRANSACTION;",
            crate::audience::RECORD_IMPORT_REF
        );
        self.execute(
            &sql,
            json!({ "doc": doc, "key": agency.id.as_string(), "external_id": external_id }),
        )
        .await?;
        Ok(agency.id)
    }

    /// An agency by id.
    pub async fn agency(&self, id: AgencyId) -> Result<Option<Agency>, StorageError> {
        let row: Option<AgencyRow> = self.get_record("agency", &id.as_string()).await?;
        row.map(AgencyRow::into_agency).transpose()
    }

    /// Agencies by id, in one round trip; ids with no agency are left out.
    pub async fn agencies_by_id(&self, ids: &[AgencyId]) -> Result<Vec<Agency>, StorageError> {
        let keys: Vec<String> = ids.iter().map(AgencyId::as_string).collect();
        let rows: Vec<AgencyRow> = self.get_records("agency", &keys).await?;
        rows.into_iter().map(AgencyRow::into_agency).collect()
    }

    /// An agency by slug.
    pub async fn agency_by_slug(&self, slug: &str) -> Result<Option<Agency>, StorageError> {
        let rows: Vec<AgencyRow> = self
            .query_rows(
                "SELECT * FROM agency WHERE slug = $slug LIMIT 1",
                json!({ "slug": slug }),
                0,
            )
            .await?;
        rows.into_iter().next().map(AgencyRow::into_agency).transpose()
    }

    /// Agencies, newest first. Agencies are public facts of the network.
    pub async fn list_agencies(&self, filter: &AgencyFilter, page: &PageRequest) -> Result<Page<Agency>, StorageError> {
        let mut conditions = vec!["true".to_owned()];
        let mut vars = Map::new();
        if let Some(level) = filter.level {
            conditions.push("level = $level".into());
            vars.insert("level".into(), json!(level.code()));
        }
        if let Some(country) = &filter.country {
            conditions.push("country = $country".into());
            vars.insert("country".into(), json!(country.as_str()));
        }
        let filter_sql = conditions.join(" AND ");
        let after = match &page.after {
            Some(after) => {
                vars.insert("after".into(), json!(after));
                "AND id < type::record('agency', $after)"
            }
            None => "",
        };
        vars.insert("limit".into(), json!(page.first + 1));
        let sql = format!(
            "SELECT * FROM agency WHERE {filter_sql} {after} ORDER BY id DESC LIMIT $limit;\n\
             SELECT count() AS total FROM agency WHERE {filter_sql} GROUP ALL;"
        );
        let mut response = self.execute(&sql, Json::Object(vars)).await?;
        let mut rows: Vec<AgencyRow> = crate::connect::take_rows(&mut response, 0)?;
        let totals: Vec<Json> = crate::connect::take_rows(&mut response, 1)?;
        let has_next_page = rows.len() > page.first;
        rows.truncate(page.first);
        Ok(Page {
            items: rows.into_iter().map(AgencyRow::into_agency).collect::<Result<_, _>>()?,
            total_count: totals
                .first()
                .and_then(|t| t.get("total"))
                .and_then(Json::as_u64)
                .unwrap_or(0),
            has_next_page,
        })
    }

    /// The id an earlier import of `external_id` created, if any.
    pub(crate) async fn existing_import<I: std::str::FromStr>(
        &self,
        external_id: Option<&str>,
    ) -> Result<Option<I>, StorageError> {
        let Some(external_id) = external_id else {
            return Ok(None);
        };
        let Some(key) = self.imported_key(external_id).await? else {
            return Ok(None);
        };
        key.parse::<I>().map(Some).map_err(|_| StorageError::Corrupt {
            record: format!("import_ref:{external_id}"),
            reason: "target is not an id".into(),
        })
    }
}

pub(crate) fn agency_from_json(row: Json) -> Result<Agency, StorageError> {
    crate::doc::from_json::<AgencyRow>(row)?.into_agency()
}

impl Store {
    /// Replaces the web origins an agency allows to embed widgets.
    pub async fn set_allowed_origins(&self, agency: AgencyId, origins: &[String]) -> Result<(), StorageError> {
        self.execute(
            "UPDATE type::record('agency', $key) SET allowed_origins = $origins RETURN NONE",
            json!({ "key": agency.as_string(), "origins": origins }),
        )
        .await?;
        Ok(())
    }

    /// The web origins an agency allows.
    pub async fn allowed_origins(&self, agency: AgencyId) -> Result<Vec<String>, StorageError> {
        let rows: Vec<Option<Vec<String>>> = self
            .query_rows(
                "SELECT VALUE allowed_origins FROM type::record('agency', $key)",
                json!({ "key": agency.as_string() }),
                0,
            )
            .await?;
        Ok(rows.into_iter().flatten().flatten().collect())
    }

    /// Every origin any agency allows (what CORS on `/graphql` accepts).
    pub async fn all_allowed_origins(&self) -> Result<std::collections::HashSet<String>, StorageError> {
        let rows: Vec<Option<Vec<String>>> = self
            .query_rows("SELECT VALUE allowed_origins FROM agency", Json::Null, 0)
            .await?;
        Ok(rows.into_iter().flatten().flatten().collect())
    }
}
