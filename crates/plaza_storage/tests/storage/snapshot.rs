//! Whole-database snapshots: a snapshot restored into an empty database holds the same records
//! in every table, reads back through the ordinary API, and is refused by a database that
//! already holds data.

use super::*;
use futures::StreamExt as _;

async fn snapshot_file(store: &Store, dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("plaza.surql");
    let mut stream = store.snapshot().await.unwrap();
    let mut text = Vec::new();
    while let Some(piece) = stream.next().await {
        text.extend(piece.unwrap());
    }
    std::fs::write(&path, &text).unwrap();
    path
}

#[tokio::test]
async fn a_restored_snapshot_holds_every_record_of_every_table() {
    // The embedded engine's export and import (a server's go through its HTTP interface:
    // tests/blackbox/cluster.rs).
    let source = Store::connect(&StoreConfig::in_memory()).await.unwrap();
    let owner = agency(&source, "vallverde").await;
    let author = member(&source, &owner, "lucia", vec![Role::Member, Role::Editor]).await;
    let case = case_study(
        case_input("WhatsApp y el 010", "network", None),
        &owner,
        author.id,
        PublicationStatus::Published,
    );
    source.create_case_study(&case, None).await.unwrap();
    source.broadcast("replica-a", "beat").await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = snapshot_file(&source, dir.path()).await;

    let restored = Store::restore(&StoreConfig::in_memory(), &path).await.unwrap();
    let before = source.table_digests().await.unwrap();
    let after = restored.table_digests().await.unwrap();
    assert_eq!(before, after);
    let tables: Vec<&str> = after.iter().map(|digest| digest.table.as_str()).collect();
    for table in ["agency", "member", "case_study", "migration"] {
        assert!(tables.contains(&table), "{table} missing from {tables:?}");
    }
    assert!(
        after
            .iter()
            .any(|digest| digest.table == "case_study" && digest.records == 1)
    );
    // The records read back through the ordinary API.
    let read = restored.case_study(case.id).await.unwrap().expect("restored");
    assert_eq!(read.content, case.content);
    assert_eq!(read.audience, case.audience);

    // A database that holds anything is not restored into, and is left as it was.
    let occupied_dir = tempfile::tempdir().unwrap();
    let occupied_config = StoreConfig::embedded(&occupied_dir.path().join("db"));
    let occupied = Store::connect(&occupied_config).await.unwrap();
    agency(&occupied, "otra").await;
    drop(occupied);
    // SurrealKV frees its directory lock shortly after the last handle goes.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let error = Store::restore(&occupied_config, &path).await.expect_err("refused");
    assert!(matches!(error, StorageError::Conflict(_)), "{error}");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let reopened = Store::connect(&occupied_config).await.unwrap();
    let kept = reopened.table_digests().await.unwrap();
    assert!(
        kept.iter()
            .any(|digest| digest.table == "agency" && digest.records == 1),
        "{kept:?}"
    );
    assert!(
        !kept
            .iter()
            .any(|digest| digest.table == "case_study" && digest.records > 0),
        "{kept:?}"
    );
}
