//! The per-request credential check against the raw hash it needs: the check's parsing and
//! validation should add little on top of SHA-256. Compare the two medians in the report.

use criterion::{Criterion, criterion_group, criterion_main};
use sha2::{Digest, Sha256};

fn token_check(c: &mut Criterion) {
    let token = plaza_auth::issue_token();
    let presented = plaza_auth::reveal(&token).to_owned();
    let header = format!("Bearer {presented}");
    let mut group = c.benchmark_group("token_check");
    group.bench_function("raw_sha256", |b| {
        b.iter(|| Sha256::digest(std::hint::black_box(presented.as_bytes())))
    });
    group.bench_function("bearer_parse_and_hash", |b| {
        b.iter(|| {
            let token = plaza_auth::bearer_token(std::hint::black_box(&header)).unwrap_or_default();
            plaza_auth::presented_token_hash(token)
        })
    });
    group.finish();
}

criterion_group!(benches, token_check);
criterion_main!(benches);
