//! When to poll next, as a pure function of what the poller knows.

use std::time::Duration;

/// Everything the schedule depends on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PollState {
    /// Time since the last submit or operation (or since the page opened).
    pub since_activity: Duration,
    /// The task reached SUCCEED or FAILED: nothing will change by itself.
    pub finished: bool,
    /// The tab is hidden: no requests at all.
    pub hidden: bool,
    /// The person paused the refresh: no requests until they resume.
    pub paused: bool,
    /// Failed polls in a row.
    pub errors: u32,
    /// A random number in [0, 1) for jitter.
    pub jitter: f64,
}

const FAST: f64 = 1.0;
const SLOW: f64 = 5.0;
const EASE_FROM: f64 = 10.0;
const EASE_TO: f64 = 60.0;
const MAX_BACKOFF: f64 = 30.0;

/// `None` = do not poll until woken (finished, hidden, or paused); otherwise the delay before the next
/// request: about 1 s for ten seconds after activity, easing to 5 s by one minute; after errors
/// an exponential back-off with ±50 % jitter, capped at 30 s.
pub fn next_delay(s: PollState) -> Option<Duration> {
    if s.hidden || s.finished || s.paused {
        return None;
    }
    if s.errors > 0 {
        let base = (2f64.powi(i32::try_from(s.errors.min(10)).unwrap_or(10))).min(MAX_BACKOFF);
        let jittered = base * (0.5 + s.jitter.clamp(0.0, 1.0));
        return Some(Duration::from_secs_f64(jittered.min(MAX_BACKOFF)));
    }
    let t = s.since_activity.as_secs_f64();
    let secs = if t <= EASE_FROM {
        FAST
    } else if t >= EASE_TO {
        SLOW
    } else {
        FAST + (SLOW - FAST) * (t - EASE_FROM) / (EASE_TO - EASE_FROM)
    };
    Some(Duration::from_secs_f64(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(since: f64) -> PollState {
        PollState {
            since_activity: Duration::from_secs_f64(since),
            finished: false,
            hidden: false,
            paused: false,
            errors: 0,
            jitter: 0.5,
        }
    }

    #[test]
    fn fast_after_activity_then_easing() {
        assert_eq!(next_delay(state(0.0)), Some(Duration::from_secs(1)));
        assert_eq!(next_delay(state(10.0)), Some(Duration::from_secs(1)));
        assert_eq!(next_delay(state(35.0)), Some(Duration::from_secs(3)));
        assert_eq!(next_delay(state(600.0)), Some(Duration::from_secs(5)));
        let mut last = 0.0;
        for t in 0..120 {
            let d = next_delay(state(f64::from(t)))
                .expect("polls")
                .as_secs_f64();
            assert!(d >= last, "never speeds up by itself");
            last = d;
        }
    }

    #[test]
    fn stops_when_finished_hidden_or_paused() {
        assert_eq!(
            next_delay(PollState {
                finished: true,
                ..state(0.0)
            }),
            None
        );
        assert_eq!(
            next_delay(PollState {
                hidden: true,
                ..state(0.0)
            }),
            None
        );
        assert_eq!(
            next_delay(PollState {
                hidden: true,
                errors: 3,
                ..state(0.0)
            }),
            None
        );
        assert_eq!(
            next_delay(PollState {
                paused: true,
                errors: 2,
                ..state(0.0)
            }),
            None,
            "a paused page asks nothing, even to recover"
        );
    }

    #[test]
    fn backs_off_with_jitter_up_to_thirty_seconds() {
        let err = |n, jitter| {
            next_delay(PollState {
                errors: n,
                jitter,
                ..state(0.0)
            })
            .expect("polls")
            .as_secs_f64()
        };
        assert_eq!(err(1, 0.5), 2.0);
        assert_eq!(err(2, 0.5), 4.0);
        assert_eq!(err(3, 0.0), 4.0);
        assert_eq!(err(3, 0.99), 8.0 * 1.49);
        assert_eq!(err(20, 0.5), 30.0);
        assert!(err(20, 0.99) <= 30.0);
        assert!((1..40).all(|n| err(n, 0.7) <= 30.0));
    }
}
