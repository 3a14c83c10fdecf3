//! A DAG detail as boxes and edges: one box per node, or one per sub-task when a node runs on
//! several agents (fan-out), joined again at the next stage.

use obshell_protocol::obshell::model::task::{AgentAddr, DagDetail, TaskOperator, TaskState};

/// What one box shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphBox {
    /// Stable key: the node's generic id, or the sub-task's for a fanned-out node.
    pub key: String,
    pub node_id: String,
    pub title: String,
    /// `stage 3` or the executing agent of a fanned-out sub-task.
    pub subtitle: String,
    pub state: TaskState,
    pub operator: TaskOperator,
    pub stage: usize,
    /// When it started and ended (Unix seconds), once it has ended.
    pub span: Option<(i64, i64)>,
}

/// The span of a step from its start and end times, once both are there and in order.
pub fn span_of(start: &str, end: &str) -> Option<(i64, i64)> {
    use obshell_protocol::time::rfc3339_unix_seconds as secs;
    let (s, e) = (secs(start)?, secs(end)?);
    (e >= s).then_some((s, e))
}

/// The span of a step of the agent once it has ended: a step not started yet shows its creation
/// time as both its start and its end (docs/protocol/obshell-tasks.md §5.1), which is no span.
fn ended_span(state: TaskState, start: &str, end: &str) -> Option<(i64, i64)> {
    state.is_final().then(|| span_of(start, end)).flatten()
}

/// One box as the DAG has it, borrowed from it: what [`graph_of`] makes a [`GraphBox`] of, and
/// what a poll compares with the box already shown, so that an unchanged box costs no
/// allocation (`GraphStore::apply`).
#[derive(Debug, Clone, Copy)]
pub struct BoxSource<'a> {
    pub key: &'a str,
    node_id: &'a str,
    title: &'a str,
    /// The executing agent of a fanned-out node's sub-task; `None` for a node's own box.
    agent: Option<&'a AgentAddr>,
    pub state: TaskState,
    operator: TaskOperator,
    stage: usize,
    pub span: Option<(i64, i64)>,
}

impl BoxSource<'_> {
    pub fn to_box(&self) -> GraphBox {
        // The second line: the sub-task's agent, or the stage (`shows_as` reads it back).
        let subtitle = match self.agent {
            Some(a) => format!("{}:{}", a.ip, a.port),
            None => format!("stage {}", self.stage),
        };
        GraphBox {
            key: self.key.to_owned(),
            node_id: self.node_id.to_owned(),
            title: self.title.to_owned(),
            subtitle,
            state: self.state,
            operator: self.operator,
            stage: self.stage,
            span: self.span,
        }
    }

    /// `b` is the box this source makes (compared field by field, formatting nothing).
    pub fn shows_as(&self, b: &GraphBox) -> bool {
        let subtitle = match self.agent {
            Some(a) => b
                .subtitle
                .strip_prefix(a.ip.as_str())
                .and_then(|rest| rest.strip_prefix(':'))
                .is_some_and(|port| is_decimal(port, u64::from(a.port))),
            None => b
                .subtitle
                .strip_prefix("stage ")
                .is_some_and(|n| is_decimal(n, self.stage as u64)),
        };
        subtitle
            && b.state == self.state
            && b.operator == self.operator
            && b.stage == self.stage
            && b.span == self.span
            && b.key == self.key
            && b.node_id == self.node_id
            && b.title == self.title
    }
}

/// `text` is `n` in decimal, as `format!("{n}")` writes it.
fn is_decimal(text: &str, mut n: u64) -> bool {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    text.as_bytes() == &digits[at..]
}

/// Each box's source in stage order, and the edges between consecutive stages.
pub fn sources_of(dag: &DagDetail) -> (Vec<BoxSource<'_>>, Vec<(usize, usize)>) {
    let mut boxes = Vec::new();
    let mut edges = Vec::new();
    let mut previous = 0..0;
    for (i, node) in dag.nodes.iter().flatten().enumerate() {
        let stage = i + 1;
        let tasks = node.sub_tasks.as_deref().unwrap_or_default();
        let start = boxes.len();
        if tasks.len() > 1 {
            boxes.extend(tasks.iter().map(|t| BoxSource {
                key: &t.id,
                node_id: &node.id,
                title: &node.name,
                agent: Some(&t.execute_agent),
                state: t.state,
                operator: t.operator,
                stage,
                span: ended_span(t.state, &t.start_time, &t.end_time),
            }));
        } else {
            boxes.push(BoxSource {
                key: &node.id,
                node_id: &node.id,
                title: &node.name,
                agent: None,
                state: node.state,
                operator: node.operator,
                stage,
                span: ended_span(node.state, &node.start_time, &node.end_time),
            });
        }
        let current = start..boxes.len();
        for p in previous.clone() {
            for c in current.clone() {
                edges.push((p, c));
            }
        }
        previous = current;
    }
    (boxes, edges)
}

/// Boxes in stage order and the edges between consecutive stages.
pub fn graph_of(dag: &DagDetail) -> (Vec<GraphBox>, Vec<(usize, usize)>) {
    let (sources, edges) = sources_of(dag);
    (sources.iter().map(BoxSource::to_box).collect(), edges)
}

crate::texts! {
    /// The console's own words for task states and operators (beside the agent's word).
    mod tx {
        pending: "pending" => "等待中",
        ready: "ready" => "就绪",
        running: "running" => "运行中",
        failed: "failed" => "失败",
        succeeded: "succeeded" => "成功",
        successful: "successful" => "成功",
        canceling: "canceling" => "取消中",
        forward: "forward" => "正向执行",
        retried: "retried" => "已重试",
        rolling_back: "rolling back" => "回滚中",
        cancelled: "cancelled" => "已取消",
        passed: "passed" => "已跳过",
        stage: "stage {0}" => "阶段 {0}",
    }
}

/// A cue besides colour: a glyph and a word for each state (in the current language).
pub fn state_cue(state: TaskState) -> (&'static str, &'static str) {
    let t = tx::t();
    match state {
        TaskState::Pending => ("○", t.pending),
        TaskState::Ready => ("◌", t.ready),
        TaskState::Running => ("▶", t.running),
        TaskState::Failed => ("✖", t.failed),
        TaskState::Succeed => ("✔", t.succeeded),
        // OCP's words for a subtask (src/ocp/graph.rs).
        TaskState::Other("SUCCESSFUL") => ("✔", t.successful),
        TaskState::Other("CANCELING") => ("◍", t.canceling),
        // A state this console does not know: shown as the agent wrote it.
        TaskState::Other(text) => ("?", text),
    }
}

/// How the operator reads to a person (in the current language).
pub fn operator_label(operator: TaskOperator) -> &'static str {
    let t = tx::t();
    match operator {
        TaskOperator::Run => t.forward,
        TaskOperator::Retry => t.retried,
        TaskOperator::Rollback => t.rolling_back,
        TaskOperator::Cancel => t.cancelled,
        TaskOperator::Pass => t.passed,
        TaskOperator::Other(text) => text,
    }
}

/// A state as one text: the glyph, the agent's word and its gloss (`▶ RUNNING（运行中）`), or
/// the console's word where there is no gloss (`▶ RUNNING (running)`).
pub fn state_text(state: TaskState) -> String {
    let (glyph, word) = state_cue(state);
    match crate::core::i18n::gloss(state.as_str()) {
        Some(g) => format!("{glyph} {}（{g}）", state.as_str()),
        None => format!("{glyph} {} ({word})", state.as_str()),
    }
}

/// A box's second line as shown: `stage 3` in the current language, or the executing agent of
/// a fanned-out sub-task.
pub fn subtitle_text(b: &GraphBox) -> String {
    if b.key == b.node_id {
        crate::core::i18n::fill(tx::t().stage, &[&b.stage])
    } else {
        b.subtitle.clone()
    }
}

/// A synthetic chain of `n` nodes (the benchmark's input), the first `done` succeeded and the
/// next one running.
pub fn synthetic_dag(n: usize, done: usize) -> DagDetail {
    let names: Vec<String> = (0..n).map(|i| format!("Step {}", i + 1)).collect();
    chain_dag("Synthetic", &names, done)
}

/// A serial DAG with these node names (one sub-task each, as every real DAG has), the first
/// `done` succeeded and the next one running.
pub fn chain_dag<S: AsRef<str>>(name: &str, names: &[S], done: usize) -> DagDetail {
    use obshell_protocol::obshell::model::task::{NodeDetail, SubTaskDetail};
    let n = names.len();
    let nodes = names
        .iter()
        .enumerate()
        .map(|(i, node_name)| {
            let state = if i < done {
                TaskState::Succeed
            } else if i == done {
                TaskState::Running
            } else {
                TaskState::Pending
            };
            NodeDetail {
                id: format!("1{}", i + 1),
                node_id: i64::try_from(i).unwrap_or_default() + 1,
                name: node_name.as_ref().to_owned(),
                state,
                operator: TaskOperator::Run,
                start_time: String::new(),
                end_time: String::new(),
                additional_data: None,
                sub_tasks: Some(vec![SubTaskDetail {
                    id: format!("1{}", i + 1),
                    task_id: i64::try_from(i).unwrap_or_default() + 1,
                    name: node_name.as_ref().to_owned(),
                    state,
                    operator: TaskOperator::Run,
                    start_time: String::new(),
                    end_time: String::new(),
                    additional_data: None,
                    execute_times: 1,
                    execute_agent: AgentAddr {
                        ip: "10.0.1.1".into(),
                        port: 2886,
                    },
                    task_logs: None,
                }]),
            }
        })
        .collect();
    DagDetail {
        id: "11".into(),
        dag_id: 1,
        name: name.to_owned(),
        stage: i64::try_from(done + 1).unwrap_or_default(),
        max_stage: i64::try_from(n).unwrap_or_default(),
        maintenance_type: 1,
        maintenance_key: String::new(),
        state: TaskState::Running,
        operator: TaskOperator::Run,
        start_time: String::new(),
        end_time: String::new(),
        additional_data: None,
        nodes: Some(nodes),
    }
}

#[cfg(test)]
mod tests {
    use obshell_protocol::obshell::model::task::{AgentAddr, SubTaskDetail};

    use super::*;

    #[test]
    fn only_an_ended_step_has_a_span() {
        let mut dag = synthetic_dag(3, 1);
        for node in dag.nodes.iter_mut().flatten() {
            node.start_time = "2026-01-01T00:00:00Z".into();
            node.end_time = "2026-01-01T00:00:05Z".into();
        }
        let (boxes, _) = graph_of(&dag);
        let spans: Vec<_> = boxes.iter().map(|b| b.span).collect();
        assert_eq!(spans, [Some((1_767_225_600, 1_767_225_605)), None, None]);
    }

    #[test]
    fn a_number_is_read_as_it_is_written() {
        assert!(is_decimal("0", 0) && is_decimal("2886", 2886) && is_decimal("10", 10));
        assert!(!is_decimal("010", 10) && !is_decimal("", 0) && !is_decimal("1 ", 1));
    }

    #[test]
    fn serial_nodes_chain() {
        let dag = synthetic_dag(4, 1);
        let (boxes, edges) = graph_of(&dag);
        assert_eq!(boxes.len(), 4);
        assert_eq!(edges, [(0, 1), (1, 2), (2, 3)]);
        assert_eq!(
            (boxes[1].state, boxes[1].subtitle.as_str()),
            (TaskState::Running, "stage 2")
        );
    }

    #[test]
    fn a_parallel_node_fans_out_per_agent_and_joins() {
        let mut dag = synthetic_dag(3, 0);
        let nodes = dag.nodes.as_mut().expect("nodes");
        let first = nodes[1].sub_tasks.as_ref().expect("tasks")[0].clone();
        let second = SubTaskDetail {
            id: "199".into(),
            execute_agent: AgentAddr {
                ip: "10.0.2.1".into(),
                port: 2886,
            },
            ..first.clone()
        };
        nodes[1].sub_tasks = Some(vec![first, second]);
        let (boxes, edges) = graph_of(&dag);
        assert_eq!(boxes.len(), 4);
        assert_eq!(edges, [(0, 1), (0, 2), (1, 3), (2, 3)]);
        assert_eq!(boxes[2].subtitle, "10.0.2.1:2886");
        assert_eq!(boxes[1].node_id, boxes[2].node_id);
        let layout = super::super::layout::layout(boxes.len(), &edges, &Default::default(), 4);
        assert_eq!(layout.boxes[1].x, layout.boxes[2].x);

        // A poll compares each box with the DAG as it is: the same box, and not another.
        let (sources, _) = sources_of(&dag);
        for (source, b) in sources.iter().zip(&boxes) {
            assert!(source.shows_as(b), "{}", b.key);
        }
        assert!(!sources[1].shows_as(&boxes[2]), "another agent");
        let mut ended = boxes[0].clone();
        ended.state = TaskState::Succeed;
        assert!(!sources[0].shows_as(&ended), "another state");
        let mut later = boxes[3].clone();
        later.subtitle = "stage 4".into();
        assert!(!sources[3].shows_as(&later), "another stage's words");
        let mut port = boxes[2].clone();
        port.subtitle = "10.0.2.1:28860".into();
        assert!(!sources[2].shows_as(&port), "another port");
    }
}
