//! Rate limits: a generic cell rate algorithm per key (a token, a client address). Each key
//! may make `burst` requests at once and then one every `1 / rate` seconds; a refused request
//! learns how long to wait (the `Retry-After` of a 429).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A keyed rate limiter.
pub struct RateLimiter<K> {
    /// Time between two requests at the sustained rate.
    interval: Duration,
    /// How far ahead of now a key's theoretical arrival time may run (the burst).
    tolerance: Duration,
    state: Mutex<HashMap<K, Instant>>,
    capacity: usize,
}

impl<K> std::fmt::Debug for RateLimiter<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimiter")
            .field("interval", &self.interval)
            .field("tolerance", &self.tolerance)
            .finish()
    }
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
        let interval = Duration::from_secs_f64(1.0 / per_second);
        Self {
            interval,
            tolerance: interval.saturating_mul(burst.max(1).saturating_sub(1)),
            state: Mutex::new(HashMap::new()),
            capacity: capacity.max(1),
        }
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
        let arrival = state.get(key).copied().filter(|at| *at > now).unwrap_or(now);
        let earliest = arrival.checked_sub(self.tolerance).unwrap_or(now);
        if earliest > now {
            return Err(earliest - now);
        }
        state.insert(key.clone(), arrival + self.interval);
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
    fn many_distinct_keys_do_not_grow_the_state_without_bound() {
        let limiter = RateLimiter::new(1.0, 1, 64);
        let now = Instant::now();
        for key in 0..10_000u32 {
            assert_eq!(limiter.check(&key, now), Ok(()));
        }
        assert!(limiter.state.lock().map(|state| state.len()).unwrap_or(0) <= 64);
    }
}
