//! Bulk writes for imports: many new records in one transaction (one commit, one fsync).

use std::collections::HashMap;

use plaza_domain::case_study::CaseStudy;
use plaza_domain::practice::Practice;

use crate::connect::Store;
use crate::error::StorageError;

/// A new content record for [`Store::create_contents`].
#[derive(Debug, Clone, Copy)]
pub enum NewContent<'a> {
    /// A case study.
    CaseStudy(&'a CaseStudy),
    /// A practice.
    Practice(&'a Practice),
}

impl Store {
    /// Creates many content records in one transaction, each with its import id. Records whose
    /// import id was already imported are skipped (imports stay idempotent). All or nothing: if
    /// one record is refused nothing is written, and the caller retries one by one to tell the
    /// refused record apart. Returns how many records were written.
    pub async fn create_contents(&self, items: &[(NewContent<'_>, Option<&str>)]) -> Result<usize, StorageError> {
        let mut facts = HashMap::new();
        let mut writes = Vec::with_capacity(items.len());
        let external_ids: Vec<&str> = items.iter().filter_map(|(_, external_id)| *external_id).collect();
        let imported = self.imported_among(&external_ids).await?;
        for (item, external_id) in items {
            if external_id.is_some_and(|external_id| imported.contains(external_id)) {
                continue;
            }
            let write = match item {
                NewContent::CaseStudy(case) => {
                    let times = (case.created_at, case.updated_at, case.published_at);
                    let doc = crate::case_studies::content_doc(&case.content);
                    let key = case.id.as_string();
                    self.prepare_content(
                        "case_study",
                        &key,
                        doc,
                        &case.content.common,
                        &case.audience,
                        times,
                        *external_id,
                        &mut facts,
                    )
                    .await?
                }
                NewContent::Practice(practice) => {
                    let times = (practice.created_at, practice.updated_at, practice.published_at);
                    let doc = crate::practices::content_doc(&practice.content);
                    let key = practice.id.as_string();
                    self.prepare_content(
                        "practice",
                        &key,
                        doc,
                        &practice.content.common,
                        &practice.audience,
                        times,
                        *external_id,
                        &mut facts,
                    )
                    .await?
                }
            };
            writes.push(write);
        }
        let written = writes.len();
        self.write_prepared(writes).await?;
        Ok(written)
    }
}
