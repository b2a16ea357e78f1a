//! Rate limits: a generic cell rate algorithm per key (a token, a client address). Each key
//! may make `burst` requests at once and then one every `1 / rate` seconds; a refused request
//! learns how long to wait (the `Retry-After` of a 429).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// A keyed rate limiter.
///
/// Across replicas: [`RateLimiter::share_among`] gives each of `n` replicas a `1/n` share of
/// the rate and of the burst, so the network as a whole never admits more than the configured
/// limit whichever replicas a client's requests reach (a client whose requests all reach one
/// replica is held to that replica's share: stricter, never looser).
pub struct RateLimiter<K> {
    /// Sustained requests per second for the whole network.
    per_second: f64,
    /// Requests admitted at once, for the whole network.
    burst: u32,
    /// Time between two requests at this replica's share of the rate, in nanoseconds.
    interval_ns: AtomicU64,
    /// How far ahead of now a key's theoretical arrival time may run (this replica's share of
    /// the burst), in nanoseconds.
    tolerance_ns: AtomicU64,
    state: Mutex<HashMap<K, Instant>>,
    capacity: usize,
}

impl<K> std::fmt::Debug for RateLimiter<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimiter")
            .field("per_second", &self.per_second)
            .field("burst", &self.burst)
            .finish()
    }
}

/// This replica's interval and tolerance when the limit is shared among `replicas`.
fn shares(per_second: f64, burst: u32, replicas: u32) -> (u64, u64) {
    let replicas = replicas.max(1);
    let interval = Duration::from_secs_f64(f64::from(replicas) / per_second);
    let burst = (burst.max(1) / replicas).max(1);
    let tolerance = interval.saturating_mul(burst - 1);
    let nanos = |duration: Duration| u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX);
    (nanos(interval), nanos(tolerance))
}

impl<K: Hash + Eq + Clone> RateLimiter<K> {
    /// `per_second` sustained requests per key, `burst` at once; at most `capacity` keys are
    /// tracked (idle ones are dropped first).
    pub fn new(per_second: f64, burst: u32, capacity: usize) -> Self {
        let per_second = if per_second.is_finite() && per_second > 0.0 {
            per_second
        } else {
            1.0
        };
        let (interval, tolerance) = shares(per_second, burst, 1);
        Self {
            per_second,
            burst,
            interval_ns: AtomicU64::new(interval),
            tolerance_ns: AtomicU64::new(tolerance),
            state: Mutex::new(HashMap::new()),
            capacity: capacity.max(1),
        }
    }

    /// Holds this replica to a `1/replicas` share of the limit (see the type's documentation).
    pub fn share_among(&self, replicas: u32) {
        let (interval, tolerance) = shares(self.per_second, self.burst, replicas);
        self.interval_ns.store(interval, Ordering::Relaxed);
        self.tolerance_ns.store(tolerance, Ordering::Relaxed);
    }

    /// Admits a request for `key` at `now`, or says how long to wait.
    pub fn check(&self, key: &K, now: Instant) -> Result<(), Duration> {
        let Ok(mut state) = self.state.lock() else {
            return Ok(());
        };
        if state.len() >= self.capacity && !state.contains_key(key) {
            state.retain(|_, arrival| *arrival > now);
            if state.len() >= self.capacity {
                // Under a flood of distinct keys, forget the oldest half rather than refuse all.
                let mut arrivals: Vec<Instant> = state.values().copied().collect();
                arrivals.sort();
                let cut = arrivals[arrivals.len() / 2];
                state.retain(|_, arrival| *arrival > cut);
            }
        }
        let interval = Duration::from_nanos(self.interval_ns.load(Ordering::Relaxed));
        let tolerance = Duration::from_nanos(self.tolerance_ns.load(Ordering::Relaxed));
        let arrival = state.get(key).copied().filter(|at| *at > now).unwrap_or(now);
        let earliest = arrival.checked_sub(tolerance).unwrap_or(now);
        if earliest > now {
            return Err(earliest - now);
        }
        state.insert(key.clone(), arrival + interval);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_admitted_then_requests_wait_for_the_rate() {
        let limiter = RateLimiter::new(10.0, 3, 100);
        let start = Instant::now();
        for _ in 0..3 {
            assert_eq!(limiter.check(&"a", start), Ok(()));
        }
        let wait = limiter.check(&"a", start).unwrap_err();
        assert!(wait > Duration::ZERO && wait <= Duration::from_millis(100), "{wait:?}");
        // Another key has its own budget.
        assert_eq!(limiter.check(&"b", start), Ok(()));
        // After the interval one more request passes.
        assert_eq!(limiter.check(&"a", start + Duration::from_millis(101)), Ok(()));
        assert!(limiter.check(&"a", start + Duration::from_millis(102)).is_err());
        // After a long pause the whole burst is back.
        let later = start + Duration::from_secs(5);
        for _ in 0..3 {
            assert_eq!(limiter.check(&"a", later), Ok(()));
        }
    }

    #[test]
    fn replicas_sharing_a_limit_admit_no_more_than_it_together() {
        // The network allows a burst of 8 and then 10 per second; two replicas share it.
        let (a, b) = (RateLimiter::new(10.0, 8, 100), RateLimiter::new(10.0, 8, 100));
        a.share_among(2);
        b.share_among(2);
        let start = Instant::now();
        let admitted = (0..40)
            .filter(|i| {
                if i % 2 == 0 {
                    a.check(&"k", start)
                } else {
                    b.check(&"k", start)
                }
                .is_ok()
            })
            .count();
        assert_eq!(admitted, 8, "the burst is the network's, not each replica's");
        // Sustained: a request every 10 ms for 10 s, alternating, admits the burst and then
        // the network's 10 per second.
        let later = start + Duration::from_secs(60);
        let sustained = (0..1000u32)
            .filter(|i| {
                let at = later + Duration::from_millis(u64::from(*i) * 10);
                if i % 2 == 0 {
                    a.check(&"k", at)
                } else {
                    b.check(&"k", at)
                }
                .is_ok()
            })
            .count();
        assert!((100..=110).contains(&sustained), "{sustained} in 10 s at 10 per second");
        // Alone again, a replica gets the whole limit back.
        a.share_among(1);
        let much_later = start + Duration::from_secs(600);
        assert_eq!((0..20).filter(|_| a.check(&"k", much_later).is_ok()).count(), 8);
    }

    #[test]
    fn many_distinct_keys_do_not_grow_the_state_without_bound() {
        let limiter = RateLimiter::new(1.0, 1, 64);
        let now = Instant::now();
        for key in 0..10_000u32 {
            assert_eq!(limiter.check(&key, now), Ok(()));
        }
        assert!(limiter.state.lock().map(|state| state.len()).unwrap_or(0) <= 64);
    }
}
