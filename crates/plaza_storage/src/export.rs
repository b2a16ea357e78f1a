//! Unfiltered reads of whole tables, for trusted operator tools only (`plaza export`, and the
//! search index rebuild). Never reachable from the API: they ignore visibility.

use plaza_domain::agency::Agency;
use plaza_domain::case_study::CaseStudy;
use plaza_domain::guideline::Guideline;
use plaza_domain::ids::GroupId;
use plaza_domain::member::Member;
use plaza_domain::practice::Practice;
use serde_json::Value as Json;

use crate::connect::Store;
use crate::error::StorageError;

impl Store {
    async fn scan<R: serde::de::DeserializeOwned>(&self, table: &'static str) -> Result<Vec<R>, StorageError> {
        self.query_rows(
            "SELECT * FROM type::table($table) ORDER BY id",
            serde_json::json!({ "table": table }),
            0,
        )
        .await
    }

    /// Every agency, oldest first.
    pub async fn all_agencies(&self) -> Result<Vec<Agency>, StorageError> {
        let rows: Vec<Json> = self.scan("agency").await?;
        rows.into_iter().map(crate::agencies::agency_from_json).collect()
    }

    /// Every member, oldest first, with their groups.
    pub async fn all_members(&self) -> Result<Vec<(Member, Vec<GroupId>)>, StorageError> {
        let rows: Vec<crate::members::MemberRow> = self.scan("member").await?;
        rows.into_iter().map(crate::members::MemberRow::into_member).collect()
    }

    /// Every case study in every status, oldest first.
    pub async fn all_case_studies(&self) -> Result<Vec<CaseStudy>, StorageError> {
        let rows: Vec<Json> = self.scan("case_study").await?;
        rows.into_iter()
            .map(crate::case_studies::case_study_from_json)
            .collect()
    }

    /// Every practice in every status, oldest first.
    pub async fn all_practices(&self) -> Result<Vec<Practice>, StorageError> {
        let rows: Vec<Json> = self.scan("practice").await?;
        rows.into_iter().map(crate::practices::practice_from_json).collect()
    }

    /// Every guideline in every status, oldest first.
    pub async fn all_guidelines(&self) -> Result<Vec<Guideline>, StorageError> {
        let rows: Vec<Json> = self.scan("guideline").await?;
        rows.into_iter().map(crate::guidelines::guideline_from_json).collect()
    }
}
