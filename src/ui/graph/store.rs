//! The live graph of a polled task: one signal per box, patched in place on each poll; the list
//! (and so the layout) is rebuilt only when the DAG's structure changes.

use leptos::prelude::*;
use obshell_protocol::obshell::model::task::{DagDetail, TaskState};

use super::model::{sources_of, BoxSource, GraphBox};

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
}

impl GraphStore {
    pub fn new() -> Self {
        Self {
            cells: RwSignal::new(Vec::new()),
            structure: RwSignal::new((Vec::new(), Vec::new())),
            total: RwSignal::new(None),
            state_changed: RwSignal::new(Vec::new()),
        }
    }

    /// Patches a poll in: only boxes whose data changed are touched (compared with the DAG as
    /// it is, so an unchanged box costs no allocation); the list (and layout) is rebuilt only
    /// when the structure changed.
    pub fn apply(&self, dag: &DagDetail) {
        let (sources, edges) = sources_of(dag);
        if !self.same_structure(sources.iter().map(|s| s.key), &edges) {
            let boxes = sources.iter().map(BoxSource::to_box).collect();
            return self.apply_boxes(boxes, edges);
        }
        self.set_total(sources.iter().filter_map(|s| s.span));
        self.patch(sources, BoxSource::shows_as, |s| s.state, |s| s.to_box());
    }

    /// Patches boxes from any source in (an OCP task's subtasks, `ocp::graph`).
    pub fn apply_boxes(&self, boxes: Vec<GraphBox>, edges: Vec<(usize, usize)>) {
        self.set_total(boxes.iter().filter_map(|b| b.span));
        if self.same_structure(boxes.iter().map(|b| b.key.as_str()), &edges) {
            self.patch(boxes, |b, d| b == d, |b| b.state, |b| b);
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

    fn set_total(&self, spans: impl Iterator<Item = (i64, i64)>) {
        let total = task_time(spans);
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

    /// Sets each cell whose box `shows_as` says differs from its item (one per cell, in order),
    /// and notes the boxes whose state changed.
    fn patch<T>(
        &self,
        items: Vec<T>,
        shows_as: impl Fn(&T, &GraphBox) -> bool,
        state: impl Fn(&T) -> TaskState,
        make: impl Fn(T) -> GraphBox,
    ) {
        let mut changed = Vec::new();
        self.cells.with_untracked(|cells| {
            for (i, (cell, item)) in cells.iter().zip(items).enumerate() {
                let (same, same_state) = cell
                    .data
                    .with_untracked(|d| (shows_as(&item, d), d.state == state(&item)));
                if !same_state {
                    changed.push(i);
                }
                if !same {
                    cell.data.set(make(item));
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

    use super::{task_time, GraphStore};
    use crate::ui::graph::model::synthetic_dag;

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
}
