//! How long earlier runs of a task took on a backend: the median of its succeeded tasks of each
//! name in its task history, read once when a plan page opens. Each backend gives its tasks as
//! (name, start, end) in RFC 3339.

use std::collections::BTreeMap;

use obshell_protocol::time::rfc3339_unix_seconds;

/// Median seconds and number of succeeded runs, per task name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Durations(BTreeMap<String, (i64, usize)>);

impl Durations {
    /// From the backend's succeeded tasks, each `(name, start, end)`; a task without a readable
    /// start and end is left out.
    pub fn from_runs<'a>(tasks: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>) -> Self {
        let mut runs: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        for (name, start, end) in tasks {
            let (Some(start), Some(end)) = (rfc3339_unix_seconds(start), rfc3339_unix_seconds(end))
            else {
                continue;
            };
            if start > 0 && end >= start {
                runs.entry(name.to_owned()).or_default().push(end - start);
            }
        }
        Self(
            runs.into_iter()
                .filter_map(|(name, mut secs)| {
                    let n = secs.len();
                    Some((name, (crate::core::history::median(&mut secs)?, n)))
                })
                .collect(),
        )
    }

    /// The median seconds and the number of runs of `name`, when it ran before.
    pub fn of(&self, name: &str) -> Option<(i64, usize)> {
        self.0.get(name).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_of_the_runs_per_name() {
        let at = |s: u32| format!("2026-01-01T00:{:02}:{:02}Z", s / 60, s % 60);
        let runs = [
            ("Add", at(0), at(10)),
            ("Add", at(0), at(30)),
            ("Add", at(0), at(60)),
            ("Del", at(0), at(20)),
            ("Del", at(0), at(40)),
            ("Run", at(0), "0001-01-01T00:00:00Z".to_owned()),
            ("Bad", "yesterday".to_owned(), at(5)),
        ];
        let d = Durations::from_runs(runs.iter().map(|(n, s, e)| (*n, s.as_str(), e.as_str())));
        assert_eq!(d.of("Add"), Some((30, 3)));
        assert_eq!(d.of("Del"), Some((30, 2)));
        assert_eq!(d.of("Run"), None);
        assert_eq!(d.of("Bad"), None);
        assert_eq!(d.of("Other"), None);
    }
}
