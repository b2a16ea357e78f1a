//! `plaza reindex`: the search index rebuilt from the database, beside the current one and
//! swapped in (the database must be free: the service stopped, or a database server); with
//! `--server URL`, a running Plaza's index, online (`POST /admin/reindex`).

use super::*;

/// Asks a running Plaza to rebuild its index while it serves.
pub(super) async fn online(server: &str) -> Result<(), Failure> {
    let (url, response) = crate::admin::ask(server, reqwest::Method::POST, "reindex")
        .await
        .map_err(fail)?;
    let report: serde_json::Value = response.json().await.map_err(|e| fail(format!("{url}: {e}")))?;
    eprintln!(
        "reindexed {} records into {} searchable documents in {:.1}s, online",
        report["applied"],
        report["documents"],
        report["seconds"].as_f64().unwrap_or_default()
    );
    Ok(())
}

/// Builds a new index from scratch in `<index>.rebuild`, then swaps it in.
pub(super) async fn offline(config: &Config) -> Result<(), Failure> {
    let store = open(config).await?;
    let live = config.index_dir();
    let fresh = live.with_extension("rebuild");
    let retired = live.with_extension("old");
    for leftover in [&fresh, &retired] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover).map_err(|e| fail(format!("cannot clear {}: {e}", leftover.display())))?;
        }
    }
    let started = std::time::Instant::now();
    let index =
        std::sync::Arc::new(plaza_search::SearchIndex::open(&fresh).map_err(|e| fail(format!("search index: {e}")))?);
    let mut total = 0;
    for kind in plaza_domain::item::ContentKind::ALL {
        total += store.record_count(kind).await.map_err(fail)?;
    }
    // A bar over every record on a terminal; silent in scripts and logs.
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(total);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("indexing {bar:40} {pos}/{len} records · {per_sec} · {eta} left")
        {
            bar.set_style(style);
        }
        bar
    });
    let applied = crate::indexer::catch_up_reporting(&store, &index, &mut crate::indexer::Recent::default(), |n| {
        if let Some(bar) = &bar {
            bar.inc(n as u64);
        }
    })
    .await
    .map_err(|e| fail(format!("reindex: {e}")))?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let documents = index.num_docs();
    drop(index);
    if live.exists() {
        std::fs::rename(&live, &retired).map_err(|e| fail(format!("cannot move the old index aside: {e}")))?;
    }
    std::fs::rename(&fresh, &live).map_err(|e| fail(format!("cannot swap in the new index: {e}")))?;
    if retired.exists() {
        std::fs::remove_dir_all(&retired).map_err(|e| fail(format!("cannot remove the old index: {e}")))?;
    }
    println!(
        "reindexed {applied} records into {documents} searchable documents in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
