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
const EASE_TO: f64 = 40.0;
const MAX_BACKOFF: f64 = 30.0;

/// `None` = do not poll until woken (finished, hidden, or paused); otherwise the delay before the next
/// request: about 1 s for ten seconds after activity, easing to 5 s by 40 s (a task page's
/// first minute: about 27 requests); after errors
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

/// What the page's own poller is doing, as the header's badge sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PagePoll {
    /// No page poller watches a task (or its task ended, or the tab is hidden).
    Idle,
    /// A page polls a task: its answers tell the badge when that task changes.
    Active,
    /// The person paused the page's refresh, which then says that nothing is requested.
    Paused,
}

const BADGE_BASE: f64 = 10.0;
const BADGE_IDLE: f64 = 30.0;
const BADGE_BESIDE_PAGE: f64 = 60.0;
const BADGE_EASE_TO: f64 = 60.0;

/// The header badge's schedule (the unfinished-task list): one stream per page.
/// - Beside a page that polls a task: once a minute (that page's answers wake the badge at
///   once when its task shows something the badge does not know); nothing while it is paused.
/// - Alone: every 10 s while a task runs; with nothing running, easing from 10 s to 30 s
///   between ten seconds and a minute after the last activity (page opened, submit, `r`,
///   refresh, tab shown).
/// - After errors, the page schedule's back-off, never below 10 s.
/// - Hidden or paused: nothing.
pub fn badge_delay(s: PollState, page: PagePoll, running: bool) -> Option<Duration> {
    if s.hidden || s.paused {
        return None;
    }
    let floor = match page {
        PagePoll::Paused => return None,
        PagePoll::Active => return Some(Duration::from_secs_f64(BADGE_BESIDE_PAGE)),
        PagePoll::Idle => BADGE_BASE,
    };
    if s.errors > 0 {
        let backoff = next_delay(s).map_or(MAX_BACKOFF, |d| d.as_secs_f64());
        return Some(Duration::from_secs_f64(backoff.max(floor)));
    }
    let t = s.since_activity.as_secs_f64();
    let secs = if running || t <= EASE_FROM {
        BADGE_BASE
    } else if t >= BADGE_EASE_TO {
        BADGE_IDLE
    } else {
        BADGE_BASE + (BADGE_IDLE - BADGE_BASE) * (t - EASE_FROM) / (BADGE_EASE_TO - EASE_FROM)
    };
    Some(Duration::from_secs_f64(secs))
}

/// The tasks list's schedule (a read is three requests on agents that keep three lists):
/// - every 10 s while a listed task runs (the task page is where a task is followed closely);
/// - with nothing running, easing from 10 s to 30 s as the badge alone does, so a task someone
///   else starts shows within 30 s; the badge's answer showing what the list does not, `r`, the
///   refresh button and the tab showing read it at once;
/// - after errors, the page schedule's back-off, never below 10 s; hidden or paused: nothing.
pub fn list_delay(s: PollState, running: bool) -> Option<Duration> {
    badge_delay(
        PollState {
            finished: false,
            ..s
        },
        PagePoll::Idle,
        running,
    )
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
        assert_eq!(next_delay(state(25.0)), Some(Duration::from_secs(3)));
        assert_eq!(next_delay(state(40.0)), Some(Duration::from_secs(5)));
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

    /// Requests in the first minute after activity, each answered at once.
    fn first_minute(delay: impl Fn(f64) -> f64) -> u32 {
        let (mut at, mut asked) = (0.0, 1);
        loop {
            at += delay(at);
            if at > 60.0 {
                return asked;
            }
            asked += 1;
        }
    }

    #[test]
    fn a_task_page_asks_fewer_than_thirty_times_in_its_first_minute() {
        let asked = first_minute(|t| next_delay(state(t)).expect("polls").as_secs_f64());
        assert!(
            asked <= 28,
            "{asked}: with the badge's one request, at most one per 2 s"
        );
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

    #[test]
    fn the_badge_alone_asks_every_ten_seconds_at_most_easing_to_thirty() {
        let idle = |t, running| {
            badge_delay(state(t), PagePoll::Idle, running)
                .expect("polls")
                .as_secs_f64()
        };
        assert_eq!(idle(0.0, false), 10.0);
        assert_eq!(idle(35.0, false), 20.0);
        assert_eq!(idle(60.0, false), 30.0);
        assert_eq!(idle(3600.0, false), 30.0);
        assert_eq!(idle(3600.0, true), 10.0, "a running task: back to 10 s");
        assert!((0..600).all(|t| idle(f64::from(t), false) >= 10.0));
        let asked = first_minute(|t| idle(t, false));
        assert!(asked <= 6, "{asked} requests in the first minute");
    }

    #[test]
    fn beside_a_page_poll_the_badge_asks_once_a_minute_and_nothing_while_it_is_paused() {
        assert_eq!(
            badge_delay(state(0.0), PagePoll::Active, true),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            badge_delay(
                PollState {
                    errors: 4,
                    ..state(0.0)
                },
                PagePoll::Active,
                false
            ),
            Some(Duration::from_secs(60))
        );
        assert_eq!(badge_delay(state(0.0), PagePoll::Paused, true), None);
        assert_eq!(
            badge_delay(
                PollState {
                    hidden: true,
                    ..state(0.0)
                },
                PagePoll::Idle,
                true
            ),
            None
        );
    }

    #[test]
    fn the_badge_backs_off_on_errors_but_never_below_ten_seconds() {
        let err = |n| {
            badge_delay(
                PollState {
                    errors: n,
                    ..state(0.0)
                },
                PagePoll::Idle,
                true,
            )
            .expect("polls")
            .as_secs_f64()
        };
        assert_eq!(err(1), 10.0);
        assert_eq!(err(4), 16.0);
        assert_eq!(err(20), 30.0);
    }

    #[test]
    fn the_tasks_list_reads_every_10_s_while_a_task_runs_then_less_and_less_often() {
        let ten = Some(Duration::from_secs(10));
        assert_eq!(list_delay(state(0.0), true), ten);
        assert_eq!(list_delay(state(600.0), true), ten);
        assert_eq!(list_delay(state(5.0), false), ten);
        assert_eq!(
            list_delay(state(35.0), false),
            Some(Duration::from_secs(20))
        );
        assert_eq!(
            list_delay(state(600.0), false),
            Some(Duration::from_secs(30))
        );
        let s = state(0.0);
        assert_eq!(list_delay(PollState { hidden: true, ..s }, true), None);
        assert_eq!(list_delay(PollState { paused: true, ..s }, true), None);
        for errors in 1..12 {
            let d = list_delay(PollState { errors, ..s }, true).expect("retries");
            assert!(
                d >= Duration::from_secs(10) && d <= Duration::from_secs(30),
                "{d:?}"
            );
        }
    }
}
