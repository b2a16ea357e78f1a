//! The per-request credential check without a database round trip: a bounded in-memory map
//! from a credential's SHA-256 to what it resolved to, trusted for a short time.
//!
//! Revocation and logout on this node remove the entry at once; on another node of a
//! multi-node deployment they take effect within the time-to-live.
//!
//! Time is read from a coarse clock (a counter of milliseconds advanced every
//! [`COARSE_RESOLUTION`] by a background thread), so a cache hit costs one atomic load rather
//! than a clock call: with hardware SHA-256 a clock call would cost a third of the hash.
//! Deadlines are therefore honoured within [`COARSE_RESOLUTION`].

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{OnceLock, RwLock};
use std::time::{Duration, Instant};

/// How often the coarse clock advances.
pub const COARSE_RESOLUTION: Duration = Duration::from_millis(50);

struct CoarseClock {
    started: Instant,
    millis: AtomicU64,
}

fn clock() -> &'static CoarseClock {
    static CLOCK: OnceLock<&'static CoarseClock> = OnceLock::new();
    CLOCK.get_or_init(|| {
        let clock: &'static CoarseClock = Box::leak(Box::new(CoarseClock {
            started: Instant::now(),
            millis: AtomicU64::new(0),
        }));
        let spawned = std::thread::Builder::new()
            .name("plaza-coarse-clock".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(COARSE_RESOLUTION);
                    let elapsed = u64::try_from(clock.started.elapsed().as_millis()).unwrap_or(u64::MAX);
                    clock.millis.store(elapsed, Ordering::Relaxed);
                }
            });
        if spawned.is_err() {
            // Without the ticker the clock stands still and every entry lives its whole TTL
            // measured from the first use; make entries expire at once instead.
            clock.millis.store(u64::MAX / 2, Ordering::Relaxed);
        }
        clock
    })
}

/// Milliseconds on the coarse clock.
pub fn coarse_now() -> u64 {
    clock().millis.load(Ordering::Relaxed)
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// The keys are SHA-256 digests of 256-bit random secrets: uniformly distributed and not
/// choosable by a client, so their first eight bytes are already a good hash.
#[derive(Default)]
pub struct DigestHasher(u64);

impl Hasher for DigestHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut word = [0u8; 8];
        let take = bytes.len().min(8);
        word[..take].copy_from_slice(&bytes[..take]);
        self.0 ^= u64::from_le_bytes(word);
    }
}

/// A credential digest.
pub type Digest = [u8; 32];

struct Entry<V> {
    value: V,
    /// Coarse-clock millisecond at which the entry stops being trusted.
    deadline: u64,
}

/// Credentials resolved recently.
pub struct CredentialCache<V> {
    entries: RwLock<HashMap<Digest, Entry<V>, BuildHasherDefault<DigestHasher>>>,
    ttl: Duration,
    capacity: usize,
}

impl<V> std::fmt::Debug for CredentialCache<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CredentialCache").field("ttl", &self.ttl).finish()
    }
}

impl<V: Clone> CredentialCache<V> {
    /// A cache trusting entries for `ttl`, holding at most `capacity` of them.
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        Self {
            entries: RwLock::new(HashMap::default()),
            ttl,
            capacity: capacity.max(1),
        }
    }

    /// What `digest` resolved to, if cached recently and still valid.
    pub fn get(&self, digest: &Digest) -> Option<V> {
        let now = coarse_now();
        let entries = self.entries.read().ok()?;
        let entry = entries.get(digest)?;
        (now < entry.deadline).then(|| entry.value.clone())
    }

    /// Remembers what `digest` resolved to, for the time-to-live or `valid_for`, whichever is
    /// shorter (a credential expiring sooner is not trusted past its expiry).
    pub fn put(&self, digest: Digest, value: V, valid_for: Duration) {
        let now = coarse_now();
        let Ok(mut entries) = self.entries.write() else {
            return;
        };
        if entries.len() >= self.capacity {
            entries.retain(|_, entry| now < entry.deadline);
            if entries.len() >= self.capacity {
                entries.clear();
            }
        }
        let deadline = now.saturating_add(millis(self.ttl.min(valid_for)));
        entries.insert(digest, Entry { value, deadline });
    }

    /// Forgets one credential (logout, revocation).
    pub fn remove(&self, digest: &Digest) {
        if let Ok(mut entries) = self.entries.write() {
            entries.remove(digest);
        }
    }

    /// Forgets every credential whose value matches (e.g. all of a member's sessions).
    pub fn remove_where(&self, matches: impl Fn(&V) -> bool) {
        if let Ok(mut entries) = self.entries.write() {
            entries.retain(|_, entry| !matches(&entry.value));
        }
    }

    /// How many entries are held.
    pub fn len(&self) -> usize {
        self.entries.read().map(|entries| entries.len()).unwrap_or(0)
    }

    /// Whether nothing is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_expire_and_can_be_removed() {
        let hour = Duration::from_secs(3600);
        let cache = CredentialCache::new(Duration::from_millis(200), 10);
        cache.put([1; 32], "a", hour);
        cache.put([2; 32], "b", hour);
        assert_eq!(cache.get(&[1; 32]), Some("a"));
        cache.remove(&[1; 32]);
        assert_eq!(cache.get(&[1; 32]), None);
        cache.remove_where(|value| *value == "b");
        assert!(cache.is_empty());
        // The time-to-live bounds every entry; a sooner expiry bounds it further.
        cache.put([3; 32], "c", hour);
        cache.put([4; 32], "d", Duration::ZERO);
        assert_eq!(cache.get(&[4; 32]), None);
        assert_eq!(cache.get(&[3; 32]), Some("c"));
        std::thread::sleep(Duration::from_millis(200) + 3 * COARSE_RESOLUTION);
        assert_eq!(cache.get(&[3; 32]), None);
    }

    #[test]
    fn the_coarse_clock_advances() {
        let before = coarse_now();
        std::thread::sleep(4 * COARSE_RESOLUTION);
        assert!(coarse_now() > before);
    }

    #[test]
    fn the_cache_never_grows_past_its_capacity() {
        let cache = CredentialCache::new(Duration::from_secs(60), 4);
        for byte in 0..20u8 {
            cache.put([byte; 32], byte, Duration::from_secs(60));
            assert!(cache.len() <= 4);
        }
        assert_eq!(cache.get(&[19; 32]), Some(19));
    }
}
