//! The fault switches behind the admin API (`--faults`): latency, 5xx answers, dropped
//! connections, and a log of every API request so tests can count what a page sent.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use rand_core::RngCore;
use serde::Serialize;

/// Most requests the log keeps (oldest dropped first).
const LOG_LIMIT: usize = 10_000;

/// One API request as the agent saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestRecord {
    pub seq: u64,
    pub method: String,
    pub target: String,
    pub status: u16,
    /// Milliseconds since the Unix epoch (agent clock).
    pub at_ms: i64,
    /// The request's `X-Forwarded-For` header as received (what a proxy in front passed on).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forwarded_for: Option<String>,
}

#[derive(Debug, Default)]
pub struct Faults {
    latency_ms: AtomicU64,
    /// Shares in parts per million, so they fit an atomic.
    error_ppm: AtomicU64,
    error_status: AtomicU64,
    drop_ppm: AtomicU64,
    seq: AtomicU64,
    log: Mutex<Vec<RequestRecord>>,
    /// The next mutations (of targets with this prefix) to carry out and then not answer.
    lose_answers: Mutex<Option<LoseAnswers>>,
}

/// `POST /__sim/lose-answer`: carry out the next `times` mutations whose target starts with
/// `path`, then drop their connection, as a network that fails after the request arrived; or,
/// with `status`, answer that 5xx status without an envelope instead, as a proxy that gave up
/// after the agent had made the change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoseAnswers {
    pub times: u32,
    pub path: String,
    pub status: Option<u16>,
}

/// What to do with one API request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disturbance {
    None,
    /// Answer with this status and no envelope, as a failing proxy or crashed agent would.
    Error(u16),
    /// Close the connection without a complete answer.
    Drop,
}

fn to_ppm(share: f64) -> u64 {
    (share.clamp(0.0, 1.0) * 1_000_000.0).round() as u64
}

fn roll(ppm: u64) -> bool {
    ppm > 0 && u64::from(rand_core::OsRng.next_u32() % 1_000_000) < ppm
}

impl Faults {
    pub fn set_latency_ms(&self, ms: u64) {
        self.latency_ms.store(ms, Ordering::Relaxed);
    }

    pub fn latency_ms(&self) -> u64 {
        self.latency_ms.load(Ordering::Relaxed)
    }

    pub fn set_errors(&self, share: f64, status: u16) {
        self.error_ppm.store(to_ppm(share), Ordering::Relaxed);
        self.error_status
            .store(u64::from(status), Ordering::Relaxed);
    }

    pub fn set_drops(&self, share: f64) {
        self.drop_ppm.store(to_ppm(share), Ordering::Relaxed);
    }

    pub fn reset(&self) {
        self.set_latency_ms(0);
        self.set_errors(0.0, 503);
        self.set_drops(0.0);
        self.set_lose_answers(None);
    }

    pub fn set_lose_answers(&self, rule: Option<LoseAnswers>) {
        *self.lose_answers.lock().unwrap_or_else(|p| p.into_inner()) = rule.filter(|r| r.times > 0);
    }

    /// What becomes of the answer to this request once it is carried out (counts it):
    /// [`Disturbance::None`] when its answer is not to be lost.
    pub fn take_lost_answer(&self, method: &str, target: &str) -> Disturbance {
        if method == "GET" {
            return Disturbance::None;
        }
        let mut rule = self.lose_answers.lock().unwrap_or_else(|p| p.into_inner());
        let Some(r) = rule.as_mut() else {
            return Disturbance::None;
        };
        if !target.starts_with(&r.path) {
            return Disturbance::None;
        }
        let lost = match r.status {
            Some(status) if (500..600).contains(&status) => Disturbance::Error(status),
            _ => Disturbance::Drop,
        };
        r.times -= 1;
        if r.times == 0 {
            *rule = None;
        }
        lost
    }

    /// Draws what happens to the next request.
    pub fn draw(&self) -> Disturbance {
        if roll(self.drop_ppm.load(Ordering::Relaxed)) {
            return Disturbance::Drop;
        }
        if roll(self.error_ppm.load(Ordering::Relaxed)) {
            let status = u16::try_from(self.error_status.load(Ordering::Relaxed)).unwrap_or(503);
            return Disturbance::Error(if (500..600).contains(&status) {
                status
            } else {
                503
            });
        }
        Disturbance::None
    }

    pub fn record(
        &self,
        method: &str,
        target: &str,
        status: u16,
        at_ms: i64,
        forwarded_for: Option<&str>,
    ) {
        let seq = self.seq.fetch_add(1, Ordering::Relaxed) + 1;
        if let Ok(mut log) = self.log.lock() {
            if log.len() >= LOG_LIMIT {
                log.remove(0);
            }
            log.push(RequestRecord {
                seq,
                method: method.to_owned(),
                target: target.to_owned(),
                status,
                at_ms,
                forwarded_for: forwarded_for.map(str::to_owned),
            });
        }
    }

    pub fn requests(&self) -> Vec<RequestRecord> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    pub fn clear_requests(&self) {
        if let Ok(mut log) = self.log.lock() {
            log.clear();
        }
    }
}
