//! The expertise directory: members found by a question and filters, ranked, and only those
//! whose profile the viewer may see (never a suspended or erased member, never an e-mail
//! address).

use std::collections::HashMap;

use chrono::Utc;
use plaza_domain::directory::{Searchable, query_words};
use plaza_domain::member::Member;
use plaza_domain::policy::{Viewer, can_see_profile};
use plaza_storage::{DirectoryFilter, StorageError, Store};

/// One member found, with what ranked them.
#[derive(Debug, Clone)]
pub struct Found {
    /// The member.
    pub member: Member,
    /// How many of the question's words matched (all members when there is no question).
    pub matched: usize,
    /// Their activity: published items open to the network they co-authored.
    pub activity: u64,
}

/// The members matching `question` (may be empty: everyone) and `filter` whom `viewer` may
/// see, best first: more of the question's words matched, then weightier fields, then more
/// activity, then by name.
pub async fn find(
    store: &Store,
    viewer: &Viewer,
    question: &str,
    mut filter: DirectoryFilter,
) -> Result<Vec<Found>, StorageError> {
    filter.public_only = viewer.member().is_none();
    let candidates = store.directory_candidates(&filter).await?;
    let now = Utc::now();
    let visible: Vec<_> = candidates
        .into_iter()
        .filter(|candidate| {
            let member = &candidate.member;
            can_see_profile(viewer, member) && !member.is_suspended(now) && member.erased_at.is_none()
        })
        .collect();
    let mut agency_ids: Vec<_> = visible.iter().map(|c| c.member.agency).collect();
    agency_ids.sort_by_key(|id| id.as_string());
    agency_ids.dedup();
    let agencies: HashMap<_, String> = store
        .agencies_by_id(&agency_ids)
        .await?
        .into_iter()
        .map(|agency| (agency.id, agency.name.as_str().to_owned()))
        .collect();
    let question = question.to_owned();
    // Ranking thousands of profiles is CPU work: it runs off the async workers.
    let ranked = tokio::task::spawn_blocking(move || rank(&question, visible, &agencies))
        .await
        .map_err(|error| StorageError::Database(format!("directory ranking stopped: {error}")))?;
    Ok(ranked)
}

fn rank(
    question: &str,
    visible: Vec<plaza_storage::DirectoryCandidate>,
    agencies: &HashMap<plaza_domain::ids::AgencyId, String>,
) -> Vec<Found> {
    let words = query_words(question);
    let mut ranked: Vec<(Found, u32)> = visible
        .into_iter()
        .filter_map(|candidate| {
            let agency = agencies
                .get(&candidate.member.agency)
                .map(String::as_str)
                .unwrap_or_default();
            let (matched, weight) = if words.is_empty() {
                (0, 0)
            } else {
                Searchable::of(&candidate.member, agency).score(&words)
            };
            (words.is_empty() || matched > 0).then_some((
                Found {
                    member: candidate.member,
                    matched,
                    activity: candidate.activity,
                },
                weight,
            ))
        })
        .collect();
    ranked.sort_by(|(a, a_weight), (b, b_weight)| {
        b.matched
            .cmp(&a.matched)
            .then(b_weight.cmp(a_weight))
            .then(b.activity.cmp(&a.activity))
            .then_with(|| a.member.name.as_str().cmp(b.member.name.as_str()))
            .then_with(|| a.member.id.as_string().cmp(&b.member.id.as_string()))
    });
    ranked.into_iter().map(|(found, _)| found).collect()
}
