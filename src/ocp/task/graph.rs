//! An OCP task as graph boxes (`docs/protocol/ocp.md` §2.3): one box per subtask, edges from
//! `upstreams` and `downstreams`. Layers follow the edges (the longest path from a subtask
//! without upstreams); within a layer boxes go by `seriesId`, then `parallelIdx`. The seed's
//! `seriesId`s do not follow the edges (they put "Prepare alter tenant" last), so they only
//! order a layer, never the layers.

use std::collections::{BTreeSet, HashMap, VecDeque};

use obshell_protocol::obshell::model::task::{TaskOperator, TaskState};
use obshell_protocol::ocp::{Operation, Subtask, SubtaskStatus, Task};

use crate::ui::graph::model::{span_of, GraphBox};

crate::texts! {
    /// The boxes' subtitles.
    mod tx {
        parallel: "#{0} · parallel {1}" => "#{0} · 并行 {1}",
    }
}

/// The agent graph's state for an OCP subtask status; OCP's own words are kept for SUCCESSFUL
/// and CANCELING (colour, glyph and word in `graph::model::state_cue`).
pub fn box_state(status: SubtaskStatus) -> TaskState {
    match status {
        SubtaskStatus::Pending => TaskState::Pending,
        SubtaskStatus::Ready => TaskState::Ready,
        SubtaskStatus::Running => TaskState::Running,
        SubtaskStatus::Failed => TaskState::Failed,
        SubtaskStatus::Successful => TaskState::Other("SUCCESSFUL"),
        SubtaskStatus::Canceling => TaskState::Other("CANCELING"),
        SubtaskStatus::Other(text) => TaskState::Other(text),
    }
}

/// The graph's operator for an OCP operation.
pub fn box_operator(op: Operation) -> TaskOperator {
    match op {
        Operation::Execute => TaskOperator::Run,
        Operation::Retry => TaskOperator::Retry,
        Operation::Rollback => TaskOperator::Rollback,
        Operation::Skip => TaskOperator::Pass,
        Operation::Cancel => TaskOperator::Cancel,
        Operation::RollbackSkip => TaskOperator::Other("ROLLBACK_SKIP"),
        Operation::Other(text) => TaskOperator::Other(text),
    }
}

/// Each subtask's layer (0-based), by id.
pub fn layers(subtasks: &[Subtask]) -> HashMap<i64, usize> {
    let ids: BTreeSet<i64> = subtasks.iter().map(|s| s.id).collect();
    let edges = edge_ids(subtasks, &ids);
    let mut outgoing: HashMap<i64, Vec<i64>> = HashMap::new();
    let mut indegree: HashMap<i64, usize> = ids.iter().map(|&i| (i, 0)).collect();
    for &(from, to) in &edges {
        outgoing.entry(from).or_default().push(to);
        *indegree.entry(to).or_default() += 1;
    }
    let mut layer: HashMap<i64, usize> = ids.iter().map(|&i| (i, 0)).collect();
    let mut ready: VecDeque<i64> = ids.iter().copied().filter(|i| indegree[i] == 0).collect();
    let mut seen = BTreeSet::new();
    while let Some(i) = ready.pop_front() {
        seen.insert(i);
        let here = layer[&i];
        for &next in outgoing.get(&i).map(Vec::as_slice).unwrap_or_default() {
            let l = layer.entry(next).or_default();
            *l = (*l).max(here + 1);
            if let Some(d) = indegree.get_mut(&next) {
                *d -= 1;
                if *d == 0 {
                    ready.push_back(next);
                }
            }
        }
    }
    // A subtask on a cycle (a malformed answer) goes one further than its predecessors so far.
    for i in &ids {
        if !seen.contains(i) {
            if let Some(l) = layer.get_mut(i) {
                *l += 1;
            }
        }
    }
    layer
}

/// Edges between known subtasks, from both sides, once each.
fn edge_ids(subtasks: &[Subtask], ids: &BTreeSet<i64>) -> BTreeSet<(i64, i64)> {
    let mut edges = BTreeSet::new();
    for s in subtasks {
        for &u in &s.upstreams {
            if ids.contains(&u) && u != s.id {
                edges.insert((u, s.id));
            }
        }
        for &d in &s.downstreams {
            if ids.contains(&d) && d != s.id {
                edges.insert((s.id, d));
            }
        }
    }
    edges
}

/// The subtasks in box order: by layer, then `seriesId`, then `parallelIdx`, then id.
pub fn ordered(task: &Task) -> Vec<&Subtask> {
    let layer = layers(&task.subtasks);
    let mut out: Vec<&Subtask> = task.subtasks.iter().collect();
    obshell_protocol::sort::by_key(&mut out, |s| {
        (
            layer.get(&s.id).copied().unwrap_or_default(),
            s.series_id,
            s.parallel_idx,
            s.id,
        )
    });
    out
}

/// Boxes in order and the edges between them (indices into the boxes).
pub fn graph_of_task(task: &Task) -> (Vec<GraphBox>, Vec<(usize, usize)>) {
    let layer = layers(&task.subtasks);
    let order = ordered(task);
    let index: HashMap<i64, usize> = order.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
    let boxes = order
        .iter()
        .map(|s| GraphBox {
            key: s.id.to_string(),
            node_id: s.id.to_string(),
            title: s.name.clone(),
            subtitle: if s.is_parallel() {
                crate::core::i18n::fill(tx::t_untracked().parallel, &[&s.id, &s.parallel_idx])
            } else {
                format!("#{}", s.id)
            },
            state: box_state(s.status),
            operator: box_operator(s.operation),
            stage: layer.get(&s.id).copied().unwrap_or_default() + 1,
            span: s
                .start_time
                .as_deref()
                .zip(s.finish_time.as_deref())
                .and_then(|(a, b)| span_of(a, b)),
        })
        .collect();
    let ids: BTreeSet<i64> = task.subtasks.iter().map(|s| s.id).collect();
    let mut edges: Vec<(usize, usize)> = edge_ids(&task.subtasks, &ids)
        .into_iter()
        .filter_map(|(a, b)| Some((*index.get(&a)?, *index.get(&b)?)))
        .collect();
    obshell_protocol::sort::natural(&mut edges);
    (boxes, edges)
}

/// The subtask the page shows when none is chosen: a failed one, else the first running (or
/// canceling), else the last successful, else the first.
pub fn current_subtask(task: &Task) -> Option<i64> {
    let order = ordered(task);
    order
        .iter()
        .find(|s| s.status == SubtaskStatus::Failed)
        .or_else(|| {
            order
                .iter()
                .find(|s| matches!(s.status, SubtaskStatus::Running | SubtaskStatus::Canceling))
        })
        .or_else(|| {
            order
                .iter()
                .rev()
                .find(|s| s.status == SubtaskStatus::Successful)
        })
        .or_else(|| order.first())
        .map(|s| s.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::graph::layout::{layout, Metrics};

    const SEED: &str =
        include_str!("../../../crates/protocol/tests/fixtures/ocp-add-replica-response.json");

    fn seed() -> Task {
        let env: obshell_protocol::ocp::OcpEnvelope<Task> =
            serde_json::from_str(SEED).expect("seed decodes");
        env.data.expect("data")
    }

    #[test]
    fn the_seed_layers_by_its_edges_not_its_series_ids() {
        let task = seed();
        let (boxes, edges) = graph_of_task(&task);
        let names: Vec<&str> = boxes.iter().map(|b| b.title.as_str()).collect();
        assert_eq!(
            names,
            [
                "Prepare alter tenant",
                "Wait alter locality",
                "Sync tenant information",
                "Update tenant status"
            ]
        );
        assert_eq!(edges, [(0, 1), (1, 2), (2, 3)]);
        assert_eq!(
            boxes.iter().map(|b| b.stage).collect::<Vec<_>>(),
            [1, 2, 3, 4]
        );
        assert_eq!(boxes[0].key, "304129");
        assert_eq!(boxes[0].state, TaskState::Ready);
        assert_eq!(boxes[1].state, TaskState::Pending);
        assert_eq!(current_subtask(&task), Some(304129));
    }

    fn sub(id: i64, series: i64, parallel: i64, up: &[i64], down: &[i64]) -> Subtask {
        Subtask {
            id,
            name: format!("s{id}"),
            series_id: series,
            parallel_idx: parallel,
            upstreams: up.to_vec(),
            downstreams: down.to_vec(),
            ..Subtask::default()
        }
    }

    #[test]
    fn a_parallel_group_sits_side_by_side_in_one_column() {
        // 1 → {2, 3, 4} → 5, listed out of order, the group ordered by parallelIdx, and one
        // edge given only on the downstream side.
        let task = Task {
            subtasks: vec![
                sub(5, 5, -1, &[2, 3, 4], &[]),
                sub(3, 2, 1, &[1], &[5]),
                sub(4, 2, 2, &[1], &[5]),
                sub(2, 2, 0, &[], &[5]),
                sub(1, 1, -1, &[], &[2, 3, 4]),
            ],
            ..Task::default()
        };
        let (boxes, edges) = graph_of_task(&task);
        let keys: Vec<&str> = boxes.iter().map(|b| b.key.as_str()).collect();
        assert_eq!(keys, ["1", "2", "3", "4", "5"]);
        assert_eq!(edges, [(0, 1), (0, 2), (0, 3), (1, 4), (2, 4), (3, 4)]);
        assert_eq!(boxes[2].subtitle, "#3 · parallel 1");
        assert_eq!(
            boxes.iter().map(|b| b.stage).collect::<Vec<_>>(),
            [1, 2, 2, 2, 3]
        );
        let m = Metrics::default();
        let l = layout(boxes.len(), &edges, &m, 4);
        assert_eq!(l.boxes[1].x, l.boxes[2].x);
        assert_eq!(l.boxes[2].x, l.boxes[3].x);
        assert!(l.boxes[1].y < l.boxes[2].y && l.boxes[2].y < l.boxes[3].y);
        assert!(l.boxes[0].x < l.boxes[1].x && l.boxes[3].x < l.boxes[4].x);
    }

    #[test]
    fn the_six_states_map_to_boxes_with_words() {
        use crate::ui::graph::model::state_cue;
        let words: Vec<&str> = [
            SubtaskStatus::Pending,
            SubtaskStatus::Ready,
            SubtaskStatus::Running,
            SubtaskStatus::Canceling,
            SubtaskStatus::Failed,
            SubtaskStatus::Successful,
        ]
        .into_iter()
        .map(|s| state_cue(box_state(s)).1)
        .collect();
        assert_eq!(
            words,
            [
                "pending",
                "ready",
                "running",
                "canceling",
                "failed",
                "successful"
            ]
        );
        let glyphs: BTreeSet<&str> = [
            SubtaskStatus::Pending,
            SubtaskStatus::Ready,
            SubtaskStatus::Running,
            SubtaskStatus::Canceling,
            SubtaskStatus::Failed,
            SubtaskStatus::Successful,
        ]
        .into_iter()
        .map(|s| state_cue(box_state(s)).0)
        .collect();
        assert_eq!(glyphs.len(), 6);
        assert_eq!(box_state(SubtaskStatus::Successful).as_str(), "SUCCESSFUL");
        assert_eq!(box_operator(Operation::Skip), TaskOperator::Pass);
    }

    #[test]
    fn a_cycle_does_not_hang() {
        let task = Task {
            subtasks: vec![sub(1, 1, -1, &[2], &[2]), sub(2, 2, -1, &[1], &[1])],
            ..Task::default()
        };
        let (boxes, _) = graph_of_task(&task);
        assert_eq!(boxes.len(), 2);
    }
}
