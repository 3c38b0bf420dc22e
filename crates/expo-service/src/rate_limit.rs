//! Per-client token buckets, kept in memory. With several service instances each instance
//! limits on its own, so a client behind a load balancer may get up to N times the rate.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::api::ApiError;

/// Most clients tracked at once. Each entry is about 40 bytes.
const MAX_TRACKED_CLIENTS: usize = 100_000;
/// How often full buckets, which behave exactly like missing ones, are dropped.
const SWEEP_INTERVAL: Duration = Duration::from_secs(60);

#[derive(Debug)]
pub struct RateLimiter {
    capacity: f64,
    refill_per_second: f64,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    buckets: HashMap<IpAddr, Bucket>,
    last_sweep: Instant,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

impl RateLimiter {
    /// Creates a limiter that allows `burst` requests at once and `per_minute` on average.
    pub fn new(per_minute: u32, burst: u32) -> RateLimiter {
        RateLimiter {
            capacity: f64::from(burst.max(1)),
            refill_per_second: f64::from(per_minute.max(1)) / 60.0,
            state: Mutex::new(State {
                buckets: HashMap::new(),
                last_sweep: Instant::now(),
            }),
        }
    }

    /// Takes one token for `client`, or returns 429 with the seconds until one is available.
    pub fn check(&self, client: IpAddr) -> Result<(), ApiError> {
        self.check_at(client, Instant::now())
            .map_err(ApiError::rate_limited)
    }

    fn check_at(&self, client: IpAddr, now: Instant) -> Result<(), u64> {
        let key = client_key(client);

        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let since_sweep = now.saturating_duration_since(state.last_sweep);
        let at_capacity =
            state.buckets.len() >= MAX_TRACKED_CLIENTS && !state.buckets.contains_key(&key);
        // At capacity, sweep at most once a second, because a sweep visits every bucket.
        if since_sweep >= SWEEP_INTERVAL || (at_capacity && since_sweep >= Duration::from_secs(1)) {
            self.drop_full_buckets(&mut state.buckets, now);
            state.last_sweep = now;
            if at_capacity && state.buckets.len() >= MAX_TRACKED_CLIENTS {
                tracing::warn!(
                    clients = state.buckets.len(),
                    "rate limiter is full: new clients pass unlimited until buckets refill"
                );
            }
        }

        let buckets = &mut state.buckets;
        // NOTE: when every tracked client is active, new clients pass unlimited rather than
        // being locked out.
        if buckets.len() >= MAX_TRACKED_CLIENTS && !buckets.contains_key(&key) {
            return Ok(());
        }

        let bucket = buckets.entry(key).or_insert(Bucket {
            tokens: self.capacity,
            updated: now,
        });
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.refill_per_second).min(self.capacity);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            return Ok(());
        }
        let wait = (1.0 - bucket.tokens) / self.refill_per_second;
        Err(wait.ceil().max(1.0) as u64)
    }

    fn drop_full_buckets(&self, buckets: &mut HashMap<IpAddr, Bucket>, now: Instant) {
        buckets.retain(|_, bucket| {
            let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
            bucket.tokens + elapsed * self.refill_per_second < self.capacity
        });
    }
}

/// Groups IPv6 clients by their /64 network, which one subscriber usually gets whole, so that
/// changing addresses inside it does not reset the limit. IPv4-mapped IPv6 addresses count
/// as the IPv4 address.
fn client_key(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let segments = v6.segments();
                IpAddr::V6(Ipv6Addr::new(
                    segments[0],
                    segments[1],
                    segments[2],
                    segments[3],
                    0,
                    0,
                    0,
                    0,
                ))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_average_rate() {
        let limiter = RateLimiter::new(60, 3);
        let client: IpAddr = "203.0.113.7".parse().unwrap();
        let start = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check_at(client, start).is_ok());
        }
        assert_eq!(limiter.check_at(client, start), Err(1));
        assert!(
            limiter
                .check_at(client, start + Duration::from_millis(1000))
                .is_ok()
        );
        assert!(
            limiter
                .check_at(client, start + Duration::from_millis(1000))
                .is_err()
        );
    }

    #[test]
    fn retry_after_rounds_up() {
        let limiter = RateLimiter::new(6, 1);
        let client: IpAddr = "203.0.113.8".parse().unwrap();
        let start = Instant::now();
        assert!(limiter.check_at(client, start).is_ok());
        assert_eq!(limiter.check_at(client, start), Err(10));
        assert_eq!(
            limiter.check_at(client, start + Duration::from_secs(5)),
            Err(5)
        );
    }

    #[test]
    fn clients_are_limited_separately() {
        let limiter = RateLimiter::new(1, 1);
        let start = Instant::now();
        assert!(
            limiter
                .check_at("198.51.100.1".parse().unwrap(), start)
                .is_ok()
        );
        assert!(
            limiter
                .check_at("198.51.100.2".parse().unwrap(), start)
                .is_ok()
        );
        assert!(
            limiter
                .check_at("198.51.100.1".parse().unwrap(), start)
                .is_err()
        );
    }

    #[test]
    fn idle_clients_are_forgotten() {
        let limiter = RateLimiter::new(60, 2);
        let start = Instant::now();
        assert!(
            limiter
                .check_at("198.51.100.1".parse().unwrap(), start)
                .is_ok()
        );
        assert_eq!(limiter.state.lock().unwrap().buckets.len(), 1);
        let later = start + SWEEP_INTERVAL + Duration::from_secs(1);
        assert!(
            limiter
                .check_at("198.51.100.2".parse().unwrap(), later)
                .is_ok()
        );
        let buckets = &limiter.state.lock().unwrap().buckets;
        assert_eq!(
            buckets.len(),
            1,
            "the first client's bucket refilled and was dropped"
        );
    }

    #[test]
    fn ipv6_clients_share_their_64() {
        let limiter = RateLimiter::new(1, 1);
        let start = Instant::now();
        assert!(
            limiter
                .check_at("2001:db8:1:2::1".parse().unwrap(), start)
                .is_ok()
        );
        assert!(
            limiter
                .check_at("2001:db8:1:2::ffff".parse().unwrap(), start)
                .is_err()
        );
        assert!(
            limiter
                .check_at("2001:db8:1:3::1".parse().unwrap(), start)
                .is_ok()
        );
    }
}
