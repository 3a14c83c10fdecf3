//! The live graph of a polled task: one signal per box, patched in place on each poll; the list
//! (and so the layout) is rebuilt only when the DAG's structure changes.

use leptos::prelude::*;
use obshell_protocol::obshell::model::task::DagDetail;

use super::model::{sources_of, BoxSource, GraphBox};
use super::seen::LastPoll;

/// One box's live state.
#[derive(Debug, Clone, Copy)]
pub struct BoxCell {
    pub key: StoredValue<String>,
    pub data: RwSignal<GraphBox>,
}

/// Box keys and edges: all the layout depends on.
type Structure = (Vec<String>, Vec<(usize, usize)>);

/// The live graph: box cells and the structure the layout depends on.
#[derive(Debug, Clone, Copy)]
pub struct GraphStore {
    pub cells: RwSignal<Vec<BoxCell>>,
    pub structure: RwSignal<Structure>,
    /// The task's time so far (seconds): from the first step's start to the last step's end,
    /// once a step has ended. Kept here, with each poll, so that a steps list row reads one
    /// signal: a memo over every box, read by every row, cost each row's read a copy of the
    /// memo's thousand sources (docs/benchmarks.md, issue 25).
    pub total: RwSignal<Option<i64>>,
    /// The boxes (indexes) whose state the last poll that changed one changed, for the steps
    /// list to say.
    pub state_changed: RwSignal<Vec<usize>>,
    /// What the last DAG applied said of each box: a poll compares its DAG with it and builds
    /// only the boxes that say something else.
    last: StoredValue<LastPoll>,
}

impl GraphStore {
    pub fn new() -> Self {
        Self {
            cells: RwSignal::new(Vec::new()),
            structure: RwSignal::new((Vec::new(), Vec::new())),
            total: RwSignal::new(None),
            state_changed: RwSignal::new(Vec::new()),
            last: StoredValue::new(LastPoll::default()),
        }
    }

    /// Patches a poll in: only the boxes whose words differ from the last poll's are built and
    /// compared with the box shown (an unchanged box costs a comparison of its words, no time
    /// parsed, nothing allocated); the list (and layout) is rebuilt only when the structure
    /// changed.
    pub fn apply(&self, dag: &DagDetail) {
        let Some(changes) = self.last.with_value(|last| last.changes(dag)) else {
            let (sources, edges) = sources_of(dag);
            let boxes: Vec<GraphBox> = sources.iter().map(BoxSource::to_box).collect();
            let last = LastPoll::of(sources.iter().zip(&boxes).map(|(s, b)| (s, b.span)));
            self.apply_boxes(boxes, edges);
            return self.last.set_value(last);
        };
        if changes.is_empty() {
            return;
        }
        let boxes: Vec<(usize, GraphBox)> = self
            .last
            .try_update_value(|last| {
                let boxes = changes.iter().map(|(i, source)| {
                    let b = source.to_box();
                    last.note(*i, source, b.span);
                    (*i, b)
                });
                boxes.collect()
            })
            .unwrap_or_default();
        self.set_total(self.last.with_value(|last| task_time(last.spans())));
        self.patch(boxes.into_iter());
    }

    /// Patches boxes from any source in (an OCP task's subtasks, `ocp::graph`).
    pub fn apply_boxes(&self, boxes: Vec<GraphBox>, edges: Vec<(usize, usize)>) {
        self.last.set_value(LastPoll::default());
        self.set_total(task_time(boxes.iter().filter_map(|b| b.span)));
        if self.same_structure(boxes.iter().map(|b| b.key.as_str()), &edges) {
            self.patch(boxes.into_iter().enumerate());
        } else {
            let keys = boxes.iter().map(|b| b.key.clone()).collect();
            let cells = boxes
                .into_iter()
                .map(|b| BoxCell {
                    key: StoredValue::new(b.key.clone()),
                    data: RwSignal::new(b),
                })
                .collect();
            self.cells.set(cells);
            self.structure.set((keys, edges));
        }
    }

    fn set_total(&self, total: Option<i64>) {
        if self.total.get_untracked() != total {
            self.total.set(total);
        }
    }

    /// The boxes have these keys, in this order, and these edges.
    fn same_structure<'k>(
        &self,
        keys: impl ExactSizeIterator<Item = &'k str>,
        edges: &[(usize, usize)],
    ) -> bool {
        self.structure.with_untracked(|(k, e)| {
            k.len() == keys.len() && k.iter().zip(keys).all(|(k, n)| k == n) && e == edges
        })
    }

    /// Sets each cell (by index) whose box differs from the one given, and notes the boxes whose
    /// state changed.
    fn patch(&self, boxes: impl Iterator<Item = (usize, GraphBox)>) {
        let mut changed = Vec::new();
        self.cells.with_untracked(|cells| {
            for (i, b) in boxes {
                let Some(cell) = cells.get(i) else { continue };
                let (same, same_state) =
                    cell.data.with_untracked(|d| (*d == b, d.state == b.state));
                if !same_state {
                    changed.push(i);
                }
                if !same {
                    cell.data.set(b);
                }
            }
        });
        if !changed.is_empty() {
            self.state_changed.set(changed);
        }
    }
}

/// The task's time so far from its ended steps' spans: the first start to the last end; `None`
/// before any step has ended.
fn task_time(spans: impl Iterator<Item = (i64, i64)>) -> Option<i64> {
    spans
        .reduce(|(a, b), (s, e)| (a.min(s), b.max(e)))
        .map(|(first, last)| last - first)
}

impl Default for GraphStore {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use leptos::prelude::*;

    use obshell_protocol::obshell::model::task::{DagDetail, SubTaskDetail, TaskState};

    use super::{task_time, GraphStore};
    use crate::ui::graph::model::{graph_of, synthetic_dag, two_agents_dag};

    /// A box as shown: its key, state and span.
    type Shown = (String, TaskState, Option<(i64, i64)>);

    fn shown(store: &GraphStore) -> Vec<Shown> {
        store.cells.with_untracked(|cells| {
            cells
                .iter()
                .map(|c| c.data.with_untracked(|b| (b.key.clone(), b.state, b.span)))
                .collect()
        })
    }

    /// Node `i` of `dag`, ended from 00:00:00 to `end`.
    fn ended(dag: &mut DagDetail, i: usize, end: &str) {
        let node = &mut dag.nodes.as_mut().expect("nodes")[i];
        node.state = TaskState::Succeed;
        node.start_time = "2026-01-01T00:00:00Z".into();
        node.end_time = end.into();
    }

    #[test]
    fn a_poll_names_the_steps_whose_state_it_changed_and_keeps_the_task_time() {
        Owner::new().with(|| {
            let store = GraphStore::new();
            store.apply(&synthetic_dag(4, 1));
            assert!(
                store.state_changed.get_untracked().is_empty(),
                "a first show says nothing"
            );
            assert_eq!(store.total.get_untracked(), None);
            let first = store.cells.with_untracked(|c| c[0]);

            // Step 2 ended at 00:00:05 after 00:00:00, step 3 runs.
            let mut next = synthetic_dag(4, 2);
            if let Some(node) = next.nodes.as_mut().and_then(|n| n.get_mut(1)) {
                node.start_time = "2026-01-01T00:00:00Z".into();
                node.end_time = "2026-01-01T00:00:05Z".into();
            }
            store.apply(&next);
            assert_eq!(store.state_changed.get_untracked(), [1, 2]);
            assert_eq!(store.total.get_untracked(), Some(5));
            // Patched in place: the same cells, not a rebuilt list.
            assert_eq!(store.cells.with_untracked(|c| c[0].data), first.data);

            // A poll that changes nothing leaves the last changes as they were (none said again).
            store.state_changed.set(Vec::new());
            store.apply(&next);
            assert!(store.state_changed.get_untracked().is_empty());
        });
    }

    #[test]
    fn the_task_time_spans_its_ended_steps_and_is_none_before_any() {
        assert_eq!(task_time(std::iter::empty()), None);
        // Two agents' steps in parallel, then one after: 100 → 160.
        assert_eq!(
            task_time([(100, 130), (105, 140), (140, 160)].into_iter()),
            Some(60)
        );
    }

    #[test]
    fn a_changed_end_time_alone_redraws_its_step_and_the_task_time() {
        Owner::new().with(|| {
            let store = GraphStore::new();
            let mut dag = synthetic_dag(3, 1);
            ended(&mut dag, 0, "2026-01-01T00:00:05Z");
            store.apply(&dag);
            assert_eq!(store.total.get_untracked(), Some(5));
            let cells = store
                .cells
                .with_untracked(|c| c.iter().map(|c| c.data).collect::<Vec<_>>());

            // The agent wrote a later end: the same state, another span.
            ended(&mut dag, 0, "2026-01-01T00:00:08Z");
            store.apply(&dag);
            assert_eq!(shown(&store)[0].2, Some((1_767_225_600, 1_767_225_608)));
            assert_eq!(store.total.get_untracked(), Some(8));
            assert!(
                store.state_changed.get_untracked().is_empty(),
                "no state changed"
            );
            let now = store
                .cells
                .with_untracked(|c| c.iter().map(|c| c.data).collect::<Vec<_>>());
            assert_eq!(now, cells, "patched in place");

            // A running step's times are no span: it shows as it did.
            let before = shown(&store);
            dag.nodes.as_mut().expect("nodes")[1].start_time = "2026-01-01T00:00:08Z".into();
            store.apply(&dag);
            assert_eq!(shown(&store), before);
        });
    }

    /// The sub-tasks of the DAG's second step (the one fanned out on two agents).
    fn second_step_tasks(dag: &mut DagDetail) -> &mut Vec<SubTaskDetail> {
        dag.nodes.as_mut().expect("nodes")[1]
            .sub_tasks
            .as_mut()
            .expect("tasks")
    }

    #[test]
    fn a_changed_sub_task_state_redraws_its_box_and_is_said() {
        Owner::new().with(|| {
            let store = GraphStore::new();
            let mut dag = two_agents_dag(3);
            store.apply(&dag);
            let tasks = second_step_tasks(&mut dag);
            tasks[1].state = TaskState::Failed;
            store.apply(&dag);
            let states: Vec<_> = shown(&store).into_iter().map(|(k, s, _)| (k, s)).collect();
            assert_eq!(
                states,
                [
                    ("11".to_owned(), TaskState::Succeed),
                    ("12".to_owned(), TaskState::Running),
                    ("199".to_owned(), TaskState::Failed),
                    ("13".to_owned(), TaskState::Pending),
                ]
            );
            assert_eq!(store.state_changed.get_untracked(), [2]);
        });
    }

    #[test]
    fn a_structure_change_rebuilds_the_list_and_later_polls_patch_it() {
        Owner::new().with(|| {
            let store = GraphStore::new();
            store.apply(&synthetic_dag(3, 1));
            let mut dag = two_agents_dag(3);
            store.apply(&dag);
            assert_eq!(
                store.structure.get_untracked(),
                (
                    ["11", "12", "199", "13"].map(String::from).to_vec(),
                    vec![(0, 1), (0, 2), (1, 3), (2, 3)]
                )
            );
            let cells = store.cells.get_untracked();

            let tasks = second_step_tasks(&mut dag);
            tasks[0].state = TaskState::Succeed;
            store.apply(&dag);
            assert_eq!(shown(&store)[1].1, TaskState::Succeed);
            assert_eq!(store.state_changed.get_untracked(), [1]);
            let now = store.cells.get_untracked();
            assert!(
                now.iter().zip(&cells).all(|(a, b)| a.data == b.data),
                "patched in place"
            );
        });
    }

    #[test]
    fn boxes_from_elsewhere_between_two_dags_leave_the_graph_right() {
        Owner::new().with(|| {
            let store = GraphStore::new();
            let dag = synthetic_dag(3, 1);
            store.apply(&dag);
            let before = shown(&store);
            // Boxes of the same structure, another state, patched in by the other path.
            let (boxes, edges) = graph_of(&synthetic_dag(3, 2));
            store.apply_boxes(boxes, edges);
            assert_eq!(shown(&store)[1].1, TaskState::Succeed);
            // The first DAG again: compared with what is shown, not with what it said before.
            store.apply(&dag);
            assert_eq!(shown(&store), before);
        });
    }
}
