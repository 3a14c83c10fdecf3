//! What the last poll's DAG said of each box, as the agent wrote it: the next poll compares its
//! DAG with it word for word (no time parsed, nothing allocated for a box that did not change)
//! and so finds the few boxes to redraw without building the thousand others
//! (docs/benchmarks.md, issue 25).

use obshell_protocol::obshell::model::task::{DagDetail, TaskOperator, TaskState};

use super::model::{fanned, BoxSource};

/// What a poll said of one box: the fields its box is made of, the words back to back in one
/// text (one allocation a box), and the span read from its times.
#[derive(Debug)]
struct Said {
    /// The key, node id, title, agent's address and start and end times, back to back.
    text: String,
    /// The length of each of those words.
    lens: [usize; WORDS],
    port: Option<u16>,
    state: TaskState,
    operator: TaskOperator,
    stage: usize,
    span: Option<(i64, i64)>,
}

const WORDS: usize = 6;

/// A box's words, its key first. A node's own box (no agent) has its node id for key
/// (`BoxSource::of_node`): its node id is said as its key only.
fn words_of<'a>(s: &BoxSource<'a>) -> [&'a str; WORDS] {
    let (node_id, ip) = match s.agent {
        Some(a) => (s.node_id, a.ip.as_str()),
        None => ("", ""),
    };
    [s.key, node_id, s.title, ip, s.start, s.end]
}

/// How a box's source compares with what the box said last time.
#[derive(Debug, PartialEq, Eq)]
enum Compared {
    Same,
    /// Something it shows differs.
    Changed,
    /// Another key or stage at this place: the graph's structure changed.
    Moved,
}

impl Said {
    fn of(s: &BoxSource, span: Option<(i64, i64)>) -> Self {
        let words = words_of(s);
        Self {
            text: words.concat(),
            lens: words.map(str::len),
            port: s.agent.map(|a| a.port),
            state: s.state,
            operator: s.operator,
            stage: s.stage,
            span,
        }
    }

    /// Compares the source's place (key and stage), then its state, operator and agent's port,
    /// then its other words. Plain loops: the release build is optimised for size, where
    /// iterator adapters and small functions stay calls, each costing more than the comparison
    /// (docs/benchmarks.md, issue 25).
    fn compare(&self, s: &BoxSource) -> Compared {
        let text = self.text.as_bytes();
        let (key, mut rest) = text.split_at_checked(self.lens[0]).unwrap_or_default();
        if self.stage != s.stage || !same_bytes(key, s.key.as_bytes()) {
            return Compared::Moved;
        }
        if self.state != s.state
            || self.operator != s.operator
            || self.port != s.agent.map(|a| a.port)
        {
            return Compared::Changed;
        }
        let words = words_of(s);
        let (mut words, mut lens) = (&words[1..], &self.lens[1..]);
        while let (Some((word, more_words)), Some((len, more_lens))) =
            (words.split_first(), lens.split_first())
        {
            let Some((said, after)) = rest.split_at_checked(*len) else {
                return Compared::Changed;
            };
            if !same_bytes(said, word.as_bytes()) {
                return Compared::Changed;
            }
            (words, lens, rest) = (more_words, more_lens, after);
        }
        Compared::Same
    }
}

/// Two byte strings are equal: eight bytes at a time, then four, two and one (for `==` the
/// size-optimised build calls a `memcmp` that goes byte by byte, and costs more than a short
/// word's letters).
#[inline(always)]
fn same_bytes(mut a: &[u8], mut b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    while let (Some((x, after_a)), Some((y, after_b))) =
        (a.split_first_chunk::<8>(), b.split_first_chunk::<8>())
    {
        if u64::from_ne_bytes(*x) != u64::from_ne_bytes(*y) {
            return false;
        }
        (a, b) = (after_a, after_b);
    }
    if let (Some((x, after_a)), Some((y, after_b))) =
        (a.split_first_chunk::<4>(), b.split_first_chunk::<4>())
    {
        if u32::from_ne_bytes(*x) != u32::from_ne_bytes(*y) {
            return false;
        }
        (a, b) = (after_a, after_b);
    }
    if let (Some((x, after_a)), Some((y, after_b))) =
        (a.split_first_chunk::<2>(), b.split_first_chunk::<2>())
    {
        if u16::from_ne_bytes(*x) != u16::from_ne_bytes(*y) {
            return false;
        }
        (a, b) = (after_a, after_b);
    }
    a.first() == b.first()
}

/// What the last DAG applied said of each box, in the graph's order (empty before the first and
/// after boxes from elsewhere were applied).
#[derive(Debug, Default)]
pub struct LastPoll(Vec<Said>);

impl LastPoll {
    /// Notes what each source said, with its box's span.
    pub fn of<'a>(sources: impl Iterator<Item = (&'a BoxSource<'a>, Option<(i64, i64)>)>) -> Self {
        Self(sources.map(|(s, span)| Said::of(s, span)).collect())
    }

    /// The boxes of `dag` (index and source) that say something else than last time; `None`
    /// when the graph's structure changed (another box count, key or stage at some place).
    /// Node by node (not through `boxes_of`, whose nested iterators cost more than the
    /// comparison in the size-optimised build).
    pub fn changes<'a>(&self, dag: &'a DagDetail) -> Option<Vec<(usize, BoxSource<'a>)>> {
        let mut changed = Vec::new();
        let mut i = 0;
        for (n, node) in dag.nodes.as_deref().unwrap_or_default().iter().enumerate() {
            let tasks = fanned(node);
            if tasks.is_empty() {
                self.compare(i, BoxSource::of_node(node, n + 1), &mut changed)?;
                i += 1;
            }
            for t in tasks {
                self.compare(i, BoxSource::of_task(node, t, n + 1), &mut changed)?;
                i += 1;
            }
        }
        (i == self.0.len()).then_some(changed)
    }

    /// Notes the `i`th source in `changed` if it says something else; `None` if it moved.
    fn compare<'a>(
        &self,
        i: usize,
        source: BoxSource<'a>,
        changed: &mut Vec<(usize, BoxSource<'a>)>,
    ) -> Option<()> {
        match self.0.get(i)?.compare(&source) {
            Compared::Same => {}
            Compared::Changed => changed.push((i, source)),
            Compared::Moved => return None,
        }
        Some(())
    }

    /// Notes what the `i`th box says now.
    pub fn note(&mut self, i: usize, source: &BoxSource, span: Option<(i64, i64)>) {
        if let Some(said) = self.0.get_mut(i) {
            *said = Said::of(source, span);
        }
    }

    /// The spans of the boxes that have ended.
    pub fn spans(&self) -> impl Iterator<Item = (i64, i64)> + '_ {
        self.0.iter().filter_map(|s| s.span)
    }
}

#[cfg(test)]
mod tests {
    use obshell_protocol::obshell::model::task::{AgentAddr, DagDetail, TaskOperator, TaskState};

    use super::LastPoll;
    use crate::ui::graph::model::{sources_of, synthetic_dag, two_agents_dag};

    fn seen(dag: &DagDetail) -> LastPoll {
        let (sources, _) = sources_of(dag);
        LastPoll::of(sources.iter().map(|s| (s, s.span())))
    }

    /// Which boxes (indexes) of `next` say something else than `dag` did.
    fn changed(dag: &DagDetail, next: &DagDetail) -> Option<Vec<usize>> {
        seen(dag)
            .changes(next)
            .map(|c| c.into_iter().map(|(i, _)| i).collect())
    }

    #[test]
    fn two_words_are_the_same_letter_for_letter() {
        use super::same_bytes;
        let time = b"2026-01-01T00:00:05Z";
        assert!(same_bytes(time, b"2026-01-01T00:00:05Z") && same_bytes(b"", b""));
        assert!(
            !same_bytes(time, b"2026-01-01T00:00:06Z"),
            "the last letter"
        );
        assert!(
            !same_bytes(time, b"2026-01-02T00:00:05Z"),
            "in the first eight"
        );
        assert!(!same_bytes(time, b"2026-01-01T00:00:05"), "one shorter");
        assert!(
            !same_bytes(b"12345678", b"123456789"),
            "one longer past eight"
        );
        assert!(!same_bytes(b"", b"1"));
        for n in 1..20 {
            let word: Vec<u8> = (0..n).map(|i| b'a' + i).collect();
            for at in 0..usize::from(n) {
                let mut other = word.clone();
                other[at] = b'Z';
                assert!(
                    same_bytes(&word, &word.clone()) && !same_bytes(&word, &other),
                    "{n} {at}"
                );
            }
        }
    }

    #[test]
    fn the_same_dag_changes_nothing() {
        let dag = two_agents_dag(4);
        assert_eq!(changed(&dag, &dag), Some(vec![]));
        assert_eq!(
            changed(&synthetic_dag(0, 0), &synthetic_dag(0, 0)),
            Some(vec![])
        );
    }

    #[test]
    fn a_changed_time_alone_is_a_change() {
        let dag = synthetic_dag(3, 1);
        let mut next = dag.clone();
        next.nodes.as_mut().expect("nodes")[2].start_time = "2026-01-01T00:00:00Z".into();
        assert_eq!(changed(&dag, &next), Some(vec![2]), "a start time");
        let mut later = next.clone();
        later.nodes.as_mut().expect("nodes")[2].end_time = "2026-01-01T00:00:09Z".into();
        assert_eq!(changed(&next, &later), Some(vec![2]), "an end time");
    }

    #[test]
    fn a_changed_sub_task_is_a_change_of_its_box_only() {
        let dag = two_agents_dag(4);
        let task = |d: &mut DagDetail, t: usize| {
            let node = &mut d.nodes.as_mut().expect("nodes")[1];
            node.sub_tasks.as_mut().expect("tasks")[t].clone()
        };
        let set = |d: &mut DagDetail, t: usize, s| {
            let node = &mut d.nodes.as_mut().expect("nodes")[1];
            node.sub_tasks.as_mut().expect("tasks")[t] = s;
        };
        let mut next = dag.clone();
        let mut second = task(&mut next, 1);
        second.state = TaskState::Succeed;
        set(&mut next, 1, second.clone());
        assert_eq!(changed(&dag, &next), Some(vec![2]), "a state");

        let mut next = dag.clone();
        second = task(&mut next, 1);
        second.execute_agent.port = 28860;
        set(&mut next, 1, second.clone());
        assert_eq!(changed(&dag, &next), Some(vec![2]), "a port");
        second.execute_agent = AgentAddr {
            ip: "10.0.2.11".into(),
            port: 2886,
        };
        set(&mut next, 1, second);
        assert_eq!(changed(&dag, &next), Some(vec![2]), "an agent");

        // A letter moved from one word to the next is still a change.
        let mut before = dag.clone();
        before.nodes.as_mut().expect("nodes")[0].start_time = "X".into();
        let mut next = dag.clone();
        next.nodes.as_mut().expect("nodes")[0].name = "Step 1X".into();
        assert_eq!(changed(&before, &next), Some(vec![0]), "a title");

        let mut next = dag.clone();
        next.nodes.as_mut().expect("nodes")[3].operator = TaskOperator::Retry;
        assert_eq!(changed(&dag, &next), Some(vec![4]), "an operator");
    }

    #[test]
    fn a_structure_change_is_no_list_of_changes() {
        let dag = two_agents_dag(4);
        assert_eq!(
            changed(&dag, &synthetic_dag(4, 1)),
            None,
            "a sub-task fewer"
        );
        assert_eq!(changed(&synthetic_dag(4, 1), &dag), None, "a sub-task more");
        assert_eq!(changed(&dag, &synthetic_dag(5, 1)), None, "a node more");
        let mut other = dag.clone();
        other.nodes.as_mut().expect("nodes")[3].id = "99".into();
        assert_eq!(changed(&dag, &other), None, "another key");
        // The same keys in another grouping: the second agent's box a stage of its own.
        let mut regrouped = synthetic_dag(5, 1);
        let nodes = regrouped.nodes.as_mut().expect("nodes");
        for (node, id) in nodes.iter_mut().zip(["11", "12", "199", "13", "14"]) {
            node.id = id.into();
        }
        assert_eq!(changed(&dag, &regrouped), None, "another stage");
    }
}
