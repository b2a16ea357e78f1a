//! The per-request credential check without a database round trip: a bounded in-memory map
//! from a credential's SHA-256 to what it resolved to, trusted for a short time.
//!
//! Revocation and logout on this node remove the entry at once; on another node of a
//! multi-node deployment they take effect within the time-to-live.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::RwLock;
use std::time::{Duration, Instant};

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
    cached_at: Instant,
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

    /// What `digest` resolved to, if cached recently.
    pub fn get(&self, digest: &Digest) -> Option<V> {
        let entries = self.entries.read().ok()?;
        let entry = entries.get(digest)?;
        (entry.cached_at.elapsed() < self.ttl).then(|| entry.value.clone())
    }

    /// Remembers what `digest` resolved to.
    pub fn put(&self, digest: Digest, value: V) {
        let Ok(mut entries) = self.entries.write() else {
            return;
        };
        if entries.len() >= self.capacity {
            let ttl = self.ttl;
            entries.retain(|_, entry| entry.cached_at.elapsed() < ttl);
            if entries.len() >= self.capacity {
                entries.clear();
            }
        }
        entries.insert(
            digest,
            Entry {
                value,
                cached_at: Instant::now(),
            },
        );
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
        let cache = CredentialCache::new(Duration::from_millis(50), 10);
        cache.put([1; 32], "a");
        cache.put([2; 32], "b");
        assert_eq!(cache.get(&[1; 32]), Some("a"));
        cache.remove(&[1; 32]);
        assert_eq!(cache.get(&[1; 32]), None);
        cache.remove_where(|value| *value == "b");
        assert!(cache.is_empty());
        cache.put([3; 32], "c");
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(cache.get(&[3; 32]), None);
    }

    #[test]
    fn the_cache_never_grows_past_its_capacity() {
        let cache = CredentialCache::new(Duration::from_secs(60), 4);
        for byte in 0..20u8 {
            cache.put([byte; 32], byte);
            assert!(cache.len() <= 4);
        }
        assert_eq!(cache.get(&[19; 32]), Some(19));
    }
}
