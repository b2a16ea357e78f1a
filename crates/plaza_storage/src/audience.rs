//! What the three content tables share: owner, audience, status, authors, presentation and
//! dates; the read filter that mirrors `plaza_domain::policy::can_read`; and listing.

use chrono::{DateTime, Utc};
use plaza_domain::content::{Audience, Common, CommonInput, PublicationStatus, Visibility};
use plaza_domain::ids::{AgencyId, GroupId, MemberId};
use plaza_domain::policy::ReadScope;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value as Json, json};

use crate::connect::{Store, record_key, take_rows};
use crate::doc::{corrupt, parse_timestamp, timestamp};
use crate::error::StorageError;
use crate::page::{Page, PageRequest};

/// The stored shared fields of a content record.
#[derive(Debug, Clone, serde::Deserialize)]
pub(crate) struct CommonRow {
    /// Id, owner, visibility, status and authors: who may read it.
    #[serde(flatten)]
    pub audience: AudienceRow,
    pub language: String,
    pub licence: String,
    pub tags: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
    pub published_at: Option<String>,
}

/// The shared fields of a content record, read back into the domain.
pub(crate) struct CommonParts {
    pub key: String,
    pub audience: Audience,
    pub common: Common,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

/// Who may read a content record, as stored: owner, visibility (and group), status, authors.
#[derive(Debug, Clone, serde::Deserialize)]
pub(crate) struct AudienceRow {
    pub id: String,
    pub agency: String,
    pub visibility: String,
    pub group_id: Option<String>,
    pub status: String,
    pub authors: Vec<String>,
}

/// The fields [`AudienceRow`] reads.
pub(crate) const AUDIENCE_FIELDS: &str = "id, agency, visibility, group_id, status, authors";

impl AudienceRow {
    pub(crate) fn into_audience(self) -> Result<Audience, StorageError> {
        let record = self.id;
        let group = self
            .group_id
            .as_deref()
            .map(GroupId::parse)
            .transpose()
            .map_err(corrupt(&record))?;
        let visibility = Visibility::parse(&self.visibility, group).map_err(corrupt(&record))?;
        let authors = self
            .authors
            .iter()
            .map(|author| MemberId::parse(author))
            .collect::<Result<Vec<_>, _>>()
            .map_err(corrupt(&record))?;
        Ok(Audience {
            agency: AgencyId::parse(&self.agency).map_err(corrupt(&record))?,
            visibility,
            status: PublicationStatus::parse(&self.status).map_err(corrupt(&record))?,
            authors,
        })
    }
}

impl CommonRow {
    pub(crate) fn into_parts(self) -> Result<CommonParts, StorageError> {
        let record = self.audience.id.clone();
        let key = record_key(&record).to_owned();
        let audience = self.audience.into_audience()?;
        let group = audience.visibility.group();
        let common = CommonInput {
            language: Some(self.language),
            licence: Some(self.licence),
            visibility: Some(audience.visibility.code().to_owned()),
            group,
            tags: self.tags,
        }
        .validate()
        .map_err(corrupt(&record))?;
        Ok(CommonParts {
            key,
            audience,
            common,
            created_at: parse_timestamp(&self.created_at, &record)?,
            updated_at: parse_timestamp(&self.updated_at, &record)?,
            published_at: self
                .published_at
                .as_deref()
                .map(|at| parse_timestamp(at, &record))
                .transpose()?,
        })
    }
}

/// Where the owning agency sits, copied onto content so lists filter without a join.
#[derive(Debug, Clone)]
pub(crate) struct AgencyFacts {
    pub level: String,
    pub country: String,
}

/// The shared fields as a document to write.
pub(crate) fn common_doc(
    common: &Common,
    audience: &Audience,
    facts: &AgencyFacts,
    updated_at: DateTime<Utc>,
) -> Map<String, Json> {
    let doc = json!({
        "agency": audience.agency.as_string(),
        "agency_level": facts.level,
        "agency_country": facts.country,
        "visibility": common.visibility.code(),
        "group_id": common.visibility.group().map(|group| group.as_string()),
        "status": audience.status.code(),
        "authors": audience.authors.iter().map(|author| author.as_string()).collect::<Vec<_>>(),
        "language": common.language.code(),
        "licence": common.licence.code(),
        "tags": common.tags.iter().map(|tag| tag.as_str()).collect::<Vec<_>>(),
        "updated_at": timestamp(updated_at),
    });
    match doc {
        Json::Object(map) => map,
        _ => Map::new(),
    }
}

/// The read filter for `scope`, as a WHERE fragment over `$rs_*` parameters. It must select
/// exactly the records `plaza_domain::policy::can_read` allows; `tests/visibility.rs` proves it.
pub(crate) fn read_filter(scope: &ReadScope, vars: &mut Map<String, Json>) -> &'static str {
    let none = String::new();
    vars.insert("rs_signed_in".into(), Json::Bool(scope.signed_in));
    vars.insert(
        "rs_agency".into(),
        json!(scope.agency.map(|a| a.as_string()).unwrap_or_else(|| none.clone())),
    );
    vars.insert(
        "rs_groups".into(),
        json!(scope.groups.iter().map(|g| g.as_string()).collect::<Vec<_>>()),
    );
    vars.insert(
        "rs_member".into(),
        json!(scope.member.map(|m| m.as_string()).unwrap_or_else(|| none.clone())),
    );
    vars.insert(
        "rs_managed".into(),
        json!(scope.managed_agency.map(|a| a.as_string()).unwrap_or(none)),
    );
    "((status = 'published' AND (visibility = 'public' \
        OR (visibility = 'network' AND $rs_signed_in = true) \
        OR (visibility = 'agency' AND agency = $rs_agency) \
        OR (visibility = 'group' AND group_id IN $rs_groups))) \
      OR authors CONTAINS $rs_member \
      OR agency = $rs_managed)"
}

impl Store {
    /// Lists records of `table` matching `conditions` (ANDed, over `vars`) and visible in
    /// `scope`, newest first, one page at a time, with the total count.
    pub(crate) async fn list_visible<R: DeserializeOwned>(
        &self,
        table: &'static str,
        scope: &ReadScope,
        mut conditions: Vec<String>,
        mut vars: Map<String, Json>,
        page: &PageRequest,
    ) -> Result<Page<R>, StorageError> {
        conditions.push(read_filter(scope, &mut vars).to_owned());
        let filter = conditions.join(" AND ");
        let after = match &page.after {
            Some(after) => {
                let (at, key) = crate::page::parse_position(after)?;
                vars.insert("after_at".into(), timestamp(at));
                vars.insert("after_key".into(), json!(key));
                "AND (created_at < <datetime>$after_at \
                 OR (created_at = <datetime>$after_at AND id < type::record($table, $after_key)))"
            }
            None => "",
        };
        vars.insert("table".into(), json!(table));
        vars.insert("limit".into(), json!(page.first + 1));
        let sql = format!(
            "SELECT * FROM type::table($table) WHERE {filter} {after} ORDER BY created_at DESC, id DESC LIMIT $limit;\n\
             SELECT count() AS total FROM type::table($table) WHERE {filter} GROUP ALL;"
        );
        let mut response = self.execute(&sql, Json::Object(vars)).await?;
        let mut items: Vec<R> = take_rows(&mut response, 0)?;
        let totals: Vec<Json> = take_rows(&mut response, 1)?;
        let total_count = totals
            .first()
            .and_then(|row| row.get("total"))
            .and_then(Json::as_u64)
            .unwrap_or(0);
        let has_next_page = items.len() > page.first;
        items.truncate(page.first);
        Ok(Page {
            items,
            total_count,
            has_next_page,
        })
    }

    /// Reads one record of `table` by key, whatever its visibility (callers apply the policy).
    pub(crate) async fn get_record<R: DeserializeOwned>(
        &self,
        table: &str,
        key: &str,
    ) -> Result<Option<R>, StorageError> {
        let rows: Vec<R> = self
            .query_rows(
                "SELECT * FROM type::record($table, $key)",
                json!({ "table": table, "key": key }),
                0,
            )
            .await?;
        Ok(rows.into_iter().next())
    }

    /// Reads records of `table` by key in one round trip, whatever their visibility (callers
    /// apply the policy); keys with no record are left out.
    pub(crate) async fn get_records<R: DeserializeOwned>(
        &self,
        table: &str,
        keys: &[String],
    ) -> Result<Vec<R>, StorageError> {
        use surrealdb::types::RecordId;
        let ids = keys.iter().map(|key| RecordId::new(table, key.as_str())).collect();
        self.select_ids("*", ids).await
    }

    /// `SELECT <projection> FROM` the records `ids` (of any tables) in one round trip; ids
    /// with no record are left out.
    pub(crate) async fn select_ids<R: DeserializeOwned>(
        &self,
        projection: &str,
        ids: Vec<surrealdb::types::RecordId>,
    ) -> Result<Vec<R>, StorageError> {
        use surrealdb::types::{Array, Object, Value};
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<Value> = ids.into_iter().map(Value::RecordId).collect();
        let mut vars = Object::new();
        vars.insert("ids", Value::Array(Array::from(ids)));
        let mut response = self
            .execute_bound(&format!("SELECT {projection} FROM $ids"), Some(Value::Object(vars)))
            .await?;
        take_rows(&mut response, 0)
    }

    /// Sets the publication status of a content record; publishing stamps `published_at` once.
    pub(crate) async fn set_status(
        &self,
        table: &str,
        key: &str,
        status: PublicationStatus,
        now: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        let sql = "UPDATE type::record($table, $key) SET status = $status, updated_at = <datetime>$now, \
                   published_at = IF $status = 'published' AND published_at = NONE THEN <datetime>$now ELSE published_at END \
                   RETURN NONE";
        self.execute(
            sql,
            json!({ "table": table, "key": key, "status": status.code(), "now": timestamp(now) }),
        )
        .await?;
        Ok(())
    }

    /// The level and country of an agency, to copy onto its content.
    pub(crate) async fn agency_facts(&self, agency: AgencyId) -> Result<AgencyFacts, StorageError> {
        let rows: Vec<Json> = self
            .query_rows(
                "SELECT level, country FROM type::record('agency', $key)",
                json!({ "key": agency.as_string() }),
                0,
            )
            .await?;
        let row = rows.into_iter().next().ok_or(StorageError::NotFound)?;
        let field = |name: &str| row.get(name).and_then(Json::as_str).unwrap_or_default().to_owned();
        Ok(AgencyFacts {
            level: field("level"),
            country: field("country"),
        })
    }

    /// The record an import's external id created, if any.
    pub(crate) async fn imported_key(&self, external_id: &str) -> Result<Option<String>, StorageError> {
        let rows: Vec<Json> = self
            .query_rows(
                "SELECT target FROM type::record('import_ref', $ref)",
                json!({ "ref": external_id }),
                0,
            )
            .await?;
        Ok(rows
            .first()
            .and_then(|row| row.get("target"))
            .and_then(Json::as_str)
            .map(str::to_owned))
    }
}

impl Store {
    /// The key of the record an import's external id created, if any.
    pub async fn imported_record(&self, external_id: &str) -> Result<Option<String>, StorageError> {
        self.imported_key(external_id).await
    }

    /// Which of these import ids were already imported (one query for a whole batch).
    pub(crate) async fn imported_among(
        &self,
        external_ids: &[&str],
    ) -> Result<std::collections::HashSet<String>, StorageError> {
        if external_ids.is_empty() {
            return Ok(std::collections::HashSet::new());
        }
        let mut response = self
            .execute(
                "RETURN array::filter($ids, |$e| record::exists(type::record('import_ref', $e)))",
                json!({ "ids": external_ids }),
            )
            .await?;
        // The statement returns an array: its elements are the rows.
        let found: Vec<String> = response.take(0)?;
        Ok(found.into_iter().collect())
    }
}

/// The statement that records an import's external id, for use inside a write transaction.
pub(crate) const RECORD_IMPORT_REF: &str =
    "IF $external_id { CREATE type::record('import_ref', $external_id) SET target = $key RETURN NONE; };";

/// Narrows a list of content. Every given field is ANDed; status defaults to published.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContentFilter {
    /// Owned by this agency.
    pub agency: Option<AgencyId>,
    /// With this objective.
    pub objective: Option<plaza_domain::taxonomy::Objective>,
    /// Using this platform.
    pub platform: Option<plaza_domain::taxonomy::Platform>,
    /// Contributing to this dimension.
    pub dimension: Option<plaza_domain::taxonomy::Dimension>,
    /// Addressing this threat.
    pub threat: Option<plaza_domain::taxonomy::Threat>,
    /// From agencies at this level of government.
    pub level: Option<plaza_domain::taxonomy::Level>,
    /// From agencies in this country.
    pub country: Option<plaza_domain::text::Country>,
    /// In this status (published when omitted).
    pub status: Option<PublicationStatus>,
    /// In this language.
    pub language: Option<plaza_domain::content::Language>,
}

impl ContentFilter {
    /// The WHERE conditions and their bound values.
    pub(crate) fn conditions(&self) -> (Vec<String>, Map<String, Json>) {
        let mut conditions = Vec::new();
        let mut vars = Map::new();
        let mut add = |condition: &str, name: &str, value: Json| {
            conditions.push(condition.to_owned());
            vars.insert(name.to_owned(), value);
        };
        let status = self.status.unwrap_or(PublicationStatus::Published);
        add("status = $f_status", "f_status", json!(status.code()));
        if let Some(agency) = self.agency {
            add("agency = $f_agency", "f_agency", json!(agency.as_string()));
        }
        if let Some(objective) = self.objective {
            add(
                "objectives CONTAINS $f_objective",
                "f_objective",
                json!(objective.code()),
            );
        }
        if let Some(platform) = self.platform {
            add("platforms CONTAINS $f_platform", "f_platform", json!(platform.code()));
        }
        if let Some(dimension) = self.dimension {
            add(
                "dimensions CONTAINS $f_dimension",
                "f_dimension",
                json!(dimension.code()),
            );
        }
        if let Some(threat) = self.threat {
            add("threats CONTAINS $f_threat", "f_threat", json!(threat.code()));
        }
        if let Some(level) = self.level {
            add("agency_level = $f_level", "f_level", json!(level.code()));
        }
        if let Some(country) = &self.country {
            add("agency_country = $f_country", "f_country", json!(country.as_str()));
        }
        if let Some(language) = self.language {
            add("language = $f_language", "f_language", json!(language.code()));
        }
        (conditions, vars)
    }
}

/// A content record ready to be written: its table, key, full document and import id.
pub(crate) struct PreparedWrite {
    pub table: &'static str,
    pub key: String,
    pub doc: Map<String, Json>,
    pub external_id: Option<String>,
}

impl Store {
    /// Completes a content document with the shared fields and the owning agency's facts.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn prepare_content(
        &self,
        table: &'static str,
        key: &str,
        mut doc: Map<String, Json>,
        common: &Common,
        audience: &Audience,
        times: (DateTime<Utc>, DateTime<Utc>, Option<DateTime<Utc>>),
        external_id: Option<&str>,
        facts_cache: &mut std::collections::HashMap<AgencyId, AgencyFacts>,
    ) -> Result<PreparedWrite, StorageError> {
        let (created_at, updated_at, published_at) = times;
        let facts = match facts_cache.get(&audience.agency) {
            Some(facts) => facts.clone(),
            None => {
                let facts = self.agency_facts(audience.agency).await?;
                facts_cache.insert(audience.agency, facts.clone());
                facts
            }
        };
        doc.extend(common_doc(common, audience, &facts, updated_at));
        doc.insert("created_at".into(), timestamp(created_at));
        doc.insert("published_at".into(), published_at.map(timestamp).unwrap_or(Json::Null));
        Ok(PreparedWrite {
            table,
            key: key.to_owned(),
            doc,
            external_id: external_id.map(str::to_owned),
        })
    }

    /// Writes prepared content records and their import ids in one transaction: all or none.
    /// One `INSERT` per table with the rows bound as typed values.
    pub(crate) async fn write_prepared(&self, writes: Vec<PreparedWrite>) -> Result<(), StorageError> {
        use surrealdb::types::{Array, Object, RecordId, Value};
        if writes.is_empty() {
            return Ok(());
        }
        let mut tables: Vec<(&'static str, Vec<Value>)> = Vec::new();
        let mut refs = Vec::new();
        for write in writes {
            if let Some(external_id) = &write.external_id {
                let mut reference = Object::new();
                reference.insert("id", Value::RecordId(RecordId::new("import_ref", external_id.as_str())));
                reference.insert("target", write.key.clone());
                refs.push(Value::Object(reference));
            }
            let row = crate::doc::insert_row(write.table, &write.key, write.doc)?;
            match tables.iter_mut().find(|(table, _)| *table == write.table) {
                Some((_, rows)) => rows.push(row),
                None => tables.push((write.table, vec![row])),
            }
        }
        let mut sql = String::from("BEGIN TRANSACTION;\n");
        let mut vars = Object::new();
        for (index, (table, rows)) in tables.into_iter().enumerate() {
            // Table names are this crate's constants, never input.
            sql.push_str(&format!("INSERT INTO {table} $rows{index} RETURN NONE;\n"));
            vars.insert(format!("rows{index}"), Value::Array(Array::from(rows)));
        }
        if !refs.is_empty() {
            sql.push_str("INSERT INTO import_ref $refs RETURN NONE;\n");
            vars.insert("refs", Value::Array(Array::from(refs)));
        }
        sql.push_str("COMMIT TRANSACTION;");
        self.execute_bound(&sql, Some(Value::Object(vars))).await?;
        Ok(())
    }

    /// Creates a content record from its content document plus the shared fields, recording
    /// `external_id` in the same transaction.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn create_content(
        &self,
        table: &'static str,
        key: &str,
        doc: Map<String, Json>,
        common: &Common,
        audience: &Audience,
        times: (DateTime<Utc>, DateTime<Utc>, Option<DateTime<Utc>>),
        external_id: Option<&str>,
    ) -> Result<(), StorageError> {
        let mut facts = std::collections::HashMap::new();
        let write = self
            .prepare_content(table, key, doc, common, audience, times, external_id, &mut facts)
            .await?;
        self.write_prepared(vec![write]).await
    }

    /// Replaces the content document of a record, keeping owner, authors, status and dates.
    pub(crate) async fn update_content(
        &self,
        table: &'static str,
        key: &str,
        mut doc: Map<String, Json>,
        common: &Common,
        audience: &Audience,
        updated_at: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        let facts = self.agency_facts(audience.agency).await?;
        doc.extend(common_doc(common, audience, &facts, updated_at));
        let clause = crate::doc::set_clause(&doc);
        let sql = format!("UPDATE type::record($table, $key) SET {clause} RETURN NONE");
        self.execute(&sql, json!({ "doc": doc, "key": key, "table": table }))
            .await?;
        Ok(())
    }
}
