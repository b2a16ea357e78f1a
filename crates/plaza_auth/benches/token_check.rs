//! The per-request credential check against the raw hash it needs.
//!
//! A request's credential (bearer token or session cookie) is checked without any network call:
//! its shape is checked, it is hashed (SHA-256, the cost it cannot avoid), and the digest is
//! looked up in the in-memory cache of resolved credentials, whose entries expire with the
//! credential (idle and absolute expiry folded into the entry's deadline). This is
//! exactly the sequence `plaza serve` runs on a cache hit (`auth::resolve`). The goal: the check's
//! median within 1.5× the median of the raw SHA-256 of the same secret.
//!
//! Groups: `raw_sha256` (the floor), `token_check` (bearer header → digest → cache → expiry),
//! `session_check` (cookie value → digest → cache → expiry), each with 10,000 cached credentials.

use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use plaza_auth::cache::CredentialCache;
use sha2::{Digest, Sha256};

/// What the server caches per credential (behind an `Arc`, so a hit costs no allocation).
#[derive(Debug)]
struct Resolved {
    member: [u8; 16],
}

fn populated(secrets: &[String]) -> CredentialCache<Arc<Resolved>> {
    let cache = CredentialCache::new(Duration::from_secs(3600), 100_000);
    for (index, secret) in secrets.iter().enumerate() {
        let mut member = [0u8; 16];
        member[..8].copy_from_slice(&(index as u64).to_le_bytes());
        cache.put(
            plaza_auth::digest(secret),
            Arc::new(Resolved { member }),
            Duration::from_secs(8 * 3600),
        );
    }
    cache
}

fn credential_check(c: &mut Criterion) {
    let tokens: Vec<String> = (0..10_000)
        .map(|_| plaza_auth::reveal(&plaza_auth::issue_token()).to_owned())
        .collect();
    let sessions: Vec<String> = (0..10_000)
        .map(|_| plaza_auth::reveal(&plaza_auth::issue_session_id()).to_owned())
        .collect();
    let token_cache = populated(&tokens);
    let session_cache = populated(&sessions);
    let token = tokens[4_321].clone();
    let header = format!("Bearer {token}");
    let session = sessions[1_234].clone();

    let mut group = c.benchmark_group("credential_check");
    group.bench_function("raw_sha256", |b| {
        b.iter(|| Sha256::digest(std::hint::black_box(token.as_bytes())))
    });
    group.bench_function("token_check", |b| {
        b.iter(|| {
            let presented = plaza_auth::bearer_token(std::hint::black_box(&header))?;
            let digest = plaza_auth::presented_token_digest(presented).ok()?;
            token_cache.get(&digest).map(|found| found.member[0])
        })
    });
    group.bench_function("session_check", |b| {
        b.iter(|| {
            let digest = plaza_auth::presented_session_digest(std::hint::black_box(&session)).ok()?;
            session_cache.get(&digest).map(|found| found.member[0])
        })
    });
    group.finish();
}

criterion_group!(benches, credential_check);
criterion_main!(benches);
