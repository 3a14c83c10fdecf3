//! How long earlier runs of a task took, step by step, and what that says about the run on
//! screen: each step's usual time (the median of earlier runs), the time left of a running task,
//! and whether a step or the task runs far beyond its history ([`estimate`]). Backend-neutral:
//! each backend turns its succeeded runs into [`Run`]s and its run on screen into
//! [`estimate::StepNow`]s. The rules are in docs/design.md ("Durations in context").

pub mod estimate;

use std::collections::BTreeMap;

/// The median of whole seconds (of an even count, the mean of the two middle ones, rounded
/// down); `None` for none.
pub fn median(secs: &mut [i64]) -> Option<i64> {
    obshell_protocol::sort::natural(secs);
    let n = secs.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(secs[n / 2]),
        _ => Some((secs[n / 2 - 1] + secs[n / 2]) / 2),
    }
}

/// A step as runs are matched: its name and which of the run's steps of that name it is (0 for
/// the first). A task that adds two zones has two "Alter tenant locality" steps; each is
/// matched with the step of the same name and the same rank in earlier runs, so a run with one
/// more or one fewer step elsewhere still matches the others.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StepKey {
    pub name: String,
    pub nth: usize,
}

impl StepKey {
    /// The keys of a run's steps, in its order, from their names.
    pub fn all<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<StepKey> {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        names
            .into_iter()
            .map(|name| {
                let nth = seen.entry(name).or_default();
                let key = StepKey {
                    name: name.to_owned(),
                    nth: *nth,
                };
                *nth += 1;
                key
            })
            .collect()
    }
}

/// An earlier run that succeeded: its id, how long it took in all, and how long each of its
/// steps took, in the run's order (`None` where the times are not readable).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub id: String,
    pub took: Option<i64>,
    pub steps: Vec<(String, Option<i64>)>,
}

/// The usual times of a task: the median of earlier runs, for the whole task and per step.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    runs: usize,
    task: Option<i64>,
    steps: BTreeMap<StepKey, i64>,
}

impl History {
    /// From the earlier runs but the one on screen (`except`, its id).
    pub fn of(runs: &[Run], except: &str) -> Self {
        let runs: Vec<&Run> = runs.iter().filter(|r| r.id != except).collect();
        let mut task: Vec<i64> = runs.iter().filter_map(|r| r.took).collect();
        let mut steps: BTreeMap<StepKey, Vec<i64>> = BTreeMap::new();
        for run in &runs {
            let keys = StepKey::all(run.steps.iter().map(|(name, _)| name.as_str()));
            for (key, (_, took)) in keys.into_iter().zip(&run.steps) {
                if let Some(took) = took {
                    steps.entry(key).or_default().push(*took);
                }
            }
        }
        Self {
            runs: runs.len(),
            task: median(&mut task),
            steps: steps
                .into_iter()
                .filter_map(|(key, mut secs)| Some((key, median(&mut secs)?)))
                .collect(),
        }
    }

    /// How many earlier runs there are (0: none on this backend).
    pub fn runs(&self) -> usize {
        self.runs
    }

    /// The task's usual time in all.
    pub fn task(&self) -> Option<i64> {
        self.task
    }

    /// A step's usual time, when earlier runs had that step.
    pub fn step(&self, key: &StepKey) -> Option<i64> {
        self.steps.get(key).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(id: &str, took: i64, steps: &[(&str, i64)]) -> Run {
        Run {
            id: id.to_owned(),
            took: Some(took),
            steps: steps
                .iter()
                .map(|(n, s)| ((*n).to_owned(), Some(*s)))
                .collect(),
        }
    }

    fn key(name: &str, nth: usize) -> StepKey {
        StepKey {
            name: name.to_owned(),
            nth,
        }
    }

    #[test]
    fn the_median_of_odd_and_even_counts_and_of_none() {
        assert_eq!(median(&mut [30, 10, 60]), Some(30));
        assert_eq!(median(&mut [40, 20]), Some(30));
        assert_eq!(median(&mut [7]), Some(7));
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn each_step_is_matched_by_name_and_rank_across_runs() {
        let runs = [
            run("11", 20, &[("Pools", 3), ("Locality", 8), ("Locality", 9)]),
            run(
                "12",
                30,
                &[("Pools", 5), ("Locality", 12), ("Locality", 13)],
            ),
            // One zone only: its one locality step is the first of that name.
            run("13", 60, &[("Pools", 4), ("Locality", 50)]),
        ];
        let h = History::of(&runs, "99");
        assert_eq!(h.runs(), 3);
        assert_eq!(h.task(), Some(30));
        assert_eq!(h.step(&key("Pools", 0)), Some(4));
        assert_eq!(h.step(&key("Locality", 0)), Some(12));
        assert_eq!(
            h.step(&key("Locality", 1)),
            Some(11),
            "the second of two runs"
        );
        assert_eq!(h.step(&key("Split", 0)), None, "never ran before");
    }

    #[test]
    fn the_run_on_screen_is_no_earlier_run_of_itself() {
        let runs = [run("11", 20, &[("A", 20)]), run("12", 40, &[("A", 40)])];
        let h = History::of(&runs, "12");
        assert_eq!(
            (h.runs(), h.task(), h.step(&key("A", 0))),
            (1, Some(20), Some(20))
        );
        let none = History::of(&runs[1..], "12");
        assert_eq!(
            (none.runs(), none.task(), none.step(&key("A", 0))),
            (0, None, None)
        );
    }

    #[test]
    fn unreadable_times_are_left_out() {
        let mut blank = run("11", 0, &[("A", 0)]);
        blank.took = None;
        blank.steps[0].1 = None;
        let h = History::of(&[blank, run("12", 10, &[("A", 10)])], "");
        assert_eq!(
            (h.runs(), h.task(), h.step(&key("A", 0))),
            (2, Some(10), Some(10))
        );
    }

    #[test]
    fn keys_count_each_name_apart() {
        let keys = StepKey::all(["A", "B", "A", "A"]);
        assert_eq!(keys.iter().map(|k| k.nth).collect::<Vec<_>>(), [0, 0, 1, 2]);
    }
}
