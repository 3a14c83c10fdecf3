//! The live graph of a polled task: one signal per box, patched in place on each poll; the list
//! (and so the layout) is rebuilt only when the DAG's structure changes.

use leptos::prelude::*;
use obshell_protocol::obshell::model::task::DagDetail;

use super::model::{graph_of, GraphBox};

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
}

impl GraphStore {
    pub fn new() -> Self {
        Self {
            cells: RwSignal::new(Vec::new()),
            structure: RwSignal::new((Vec::new(), Vec::new())),
            total: RwSignal::new(None),
        }
    }

    /// Patches a poll in: only boxes whose data changed are touched; the list (and layout) is
    /// rebuilt only when the structure changed.
    pub fn apply(&self, dag: &DagDetail) {
        let (boxes, edges) = graph_of(dag);
        self.apply_boxes(boxes, edges);
    }

    /// Patches boxes from any source in (an OCP task's subtasks, `ocp::graph`).
    pub fn apply_boxes(&self, boxes: Vec<super::model::GraphBox>, edges: Vec<(usize, usize)>) {
        let total = task_time(boxes.iter().filter_map(|b| b.span));
        if self.total.get_untracked() != total {
            self.total.set(total);
        }
        let keys: Vec<String> = boxes.iter().map(|b| b.key.clone()).collect();
        let same = self
            .structure
            .with_untracked(|(k, e)| *k == keys && *e == edges);
        if same {
            self.cells.with_untracked(|cells| {
                for (cell, data) in cells.iter().zip(boxes) {
                    if cell.data.with_untracked(|d| *d != data) {
                        cell.data.set(data);
                    }
                }
            });
        } else {
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
    use super::task_time;

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
