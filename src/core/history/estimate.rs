//! What the history says about a run: the time left of a running task, and the slow rule.
//!
//! - **Time left** of a running task: the usual times of the steps not started yet, plus the
//!   running step's usual time minus how long it has run (never below zero). A running step
//!   past its usual time is "longer than usual". Any step without a usual time (no earlier runs,
//!   or a step earlier runs did not have) makes the time left unknown: no figure is made up.
//! - **Slow**: a step or task that has run (or took) more than twice its usual time *and* at
//!   least [`SLOW_MARGIN_SECS`] beyond it. The margin keeps a 2 s step that took 5 s from being
//!   called slow.

use super::{History, StepKey};

/// How far beyond its usual time a step or task must be, at least, to be slow.
pub const SLOW_MARGIN_SECS: i64 = 30;

/// The slow rule: `secs` (taken, or run so far) against `usual`.
pub fn is_slow(secs: i64, usual: i64) -> bool {
    secs > 2 * usual && secs - usual >= SLOW_MARGIN_SECS
}

/// Where a step of the run on screen is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Not started yet.
    Waiting,
    /// Running for these seconds.
    Running(i64),
    /// Ended after these seconds (`None`: its times are not readable).
    Ended(Option<i64>),
}

/// A step of the run on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepNow {
    pub key: StepKey,
    pub progress: Progress,
}

impl StepNow {
    /// Its time so far: taken, or run until now.
    pub fn secs(&self) -> Option<i64> {
        match self.progress {
            Progress::Waiting => None,
            Progress::Running(secs) => Some(secs),
            Progress::Ended(secs) => secs,
        }
    }
}

/// A step against its history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepUsual {
    /// Its usual time; `None` when earlier runs did not have it.
    pub usual: Option<i64>,
    /// Its own time so far (taken, or run until now).
    pub secs: Option<i64>,
    pub slow: bool,
}

/// A step of the run on screen against the history.
pub fn step_usual(history: &History, step: &StepNow) -> StepUsual {
    let usual = history.step(&step.key);
    let secs = step.secs();
    StepUsual {
        usual,
        secs,
        slow: matches!((secs, usual), (Some(s), Some(u)) if is_slow(s, u)),
    }
}

/// The time left of a running task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeLeft {
    /// A step to come or the running one has no usual time.
    Unknown,
    /// About `secs` left; `over`: a running step is past its usual time (its share counted as 0).
    About { secs: i64, over: bool },
}

/// The time left of the run whose steps are `steps`, by their usual times.
pub fn time_left(history: &History, steps: &[StepNow]) -> TimeLeft {
    let mut secs = 0;
    let mut over = false;
    for step in steps {
        let share = match step.progress {
            Progress::Ended(_) => continue,
            Progress::Waiting => history.step(&step.key),
            Progress::Running(ran) => history.step(&step.key).map(|usual| {
                over |= ran > usual;
                (usual - ran).max(0)
            }),
        };
        match share {
            Some(s) => secs += s,
            None => return TimeLeft::Unknown,
        }
    }
    TimeLeft::About { secs, over }
}

#[cfg(test)]
mod tests {
    use super::super::Run;
    use super::*;

    /// Earlier runs of a three-step task: usually 10 s, 20 s and 30 s (60 s in all).
    fn history() -> History {
        let run = |id: &str, a: i64, b: i64, c: i64| Run {
            id: id.to_owned(),
            took: Some(a + b + c),
            steps: vec![
                ("Prepare".to_owned(), Some(a)),
                ("Move".to_owned(), Some(b)),
                ("Finish".to_owned(), Some(c)),
            ],
        };
        History::of(
            &[
                run("11", 8, 20, 30),
                run("12", 10, 18, 29),
                run("13", 12, 22, 31),
            ],
            "",
        )
    }

    fn now(progress: [Progress; 3]) -> Vec<StepNow> {
        let keys = StepKey::all(["Prepare", "Move", "Finish"]);
        keys.into_iter()
            .zip(progress)
            .map(|(key, progress)| StepNow { key, progress })
            .collect()
    }

    use Progress::{Ended, Running, Waiting};

    #[test]
    fn nothing_started_is_the_sum_of_the_usual_times() {
        let steps = now([Waiting, Waiting, Waiting]);
        assert_eq!(
            time_left(&history(), &steps),
            TimeLeft::About {
                secs: 60,
                over: false
            }
        );
    }

    #[test]
    fn a_running_step_before_its_usual_time_counts_what_it_has_left() {
        let steps = now([Ended(Some(9)), Running(5), Waiting]);
        assert_eq!(
            time_left(&history(), &steps),
            TimeLeft::About {
                secs: 45,
                over: false
            }
        );
    }

    #[test]
    fn a_running_step_past_its_usual_time_is_longer_than_usual_and_never_negative() {
        let steps = now([Ended(Some(9)), Running(50), Waiting]);
        assert_eq!(
            time_left(&history(), &steps),
            TimeLeft::About {
                secs: 30,
                over: true
            }
        );
        let last = now([Ended(Some(9)), Ended(Some(20)), Running(45)]);
        assert_eq!(
            time_left(&history(), &last),
            TimeLeft::About {
                secs: 0,
                over: true
            }
        );
        let exactly = now([Ended(Some(9)), Ended(Some(20)), Running(30)]);
        assert_eq!(
            time_left(&history(), &exactly),
            TimeLeft::About {
                secs: 0,
                over: false
            }
        );
    }

    #[test]
    fn no_history_or_a_step_never_seen_leaves_the_time_unknown() {
        let steps = now([Ended(Some(9)), Running(5), Waiting]);
        assert_eq!(time_left(&History::default(), &steps), TimeLeft::Unknown);
        let mut new_step = steps.clone();
        new_step[2].key.name = "Split".to_owned();
        assert_eq!(time_left(&history(), &new_step), TimeLeft::Unknown);
        // A step never seen that has ended already does not matter.
        let mut ended = now([Ended(Some(9)), Running(5), Waiting]);
        ended[0].key.name = "Check".to_owned();
        assert_eq!(
            time_left(&history(), &ended),
            TimeLeft::About {
                secs: 45,
                over: false
            }
        );
    }

    #[test]
    fn slow_is_past_twice_the_usual_time_and_thirty_seconds_beyond() {
        // Twice the usual time alone is not enough for a short step…
        assert!(!is_slow(25, 10));
        // …nor 30 s beyond it for a long one.
        assert!(!is_slow(150, 100));
        assert!(is_slow(41, 10));
        assert!(is_slow(201, 100));
        // The bounds: exactly twice, and 29 s beyond.
        assert!(!is_slow(60, 30));
        assert!(!is_slow(39, 10));
        assert!(is_slow(40, 10));
        // A step that usually takes no time at all.
        assert!(is_slow(30, 0));
        assert!(!is_slow(29, 0));
    }

    #[test]
    fn a_step_against_its_history() {
        let h = history();
        let steps = now([Ended(Some(45)), Running(25), Waiting]);
        assert_eq!(
            step_usual(&h, &steps[0]),
            StepUsual {
                usual: Some(10),
                secs: Some(45),
                slow: true
            }
        );
        assert_eq!(
            step_usual(&h, &steps[1]),
            StepUsual {
                usual: Some(20),
                secs: Some(25),
                slow: false
            }
        );
        assert_eq!(
            step_usual(&h, &steps[2]),
            StepUsual {
                usual: Some(30),
                secs: None,
                slow: false
            }
        );
        assert_eq!(
            step_usual(&History::default(), &steps[0]),
            StepUsual {
                usual: None,
                secs: Some(45),
                slow: false
            }
        );
    }
}
