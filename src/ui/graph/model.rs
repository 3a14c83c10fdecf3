//! A DAG detail as boxes and edges: one box per node, or one per sub-task when a node runs on
//! several agents (fan-out), joined again at the next stage.

use obshell_protocol::obshell::model::task::{
    AgentAddr, DagDetail, NodeDetail, SubTaskDetail, TaskOperator, TaskState,
};

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
/// what a poll compares with what the last one said of the box (`seen::LastPoll`), so that an
/// unchanged box costs no allocation and no time parsing (`GraphStore::apply`).
#[derive(Debug, Clone, Copy)]
pub struct BoxSource<'a> {
    pub key: &'a str,
    pub node_id: &'a str,
    pub title: &'a str,
    /// The executing agent of a fanned-out node's sub-task; `None` for a node's own box.
    pub agent: Option<&'a AgentAddr>,
    pub state: TaskState,
    pub operator: TaskOperator,
    pub stage: usize,
    /// The start and end times as the agent wrote them (read only for a box that ended).
    pub start: &'a str,
    pub end: &'a str,
}

impl BoxSource<'_> {
    /// When it started and ended, once it has ended.
    pub fn span(&self) -> Option<(i64, i64)> {
        ended_span(self.state, self.start, self.end)
    }

    pub fn to_box(&self) -> GraphBox {
        // The second line: the sub-task's agent, or the stage.
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
            span: self.span(),
        }
    }
}

impl<'a> BoxSource<'a> {
    /// A node's own box, at its stage.
    pub fn of_node(node: &'a NodeDetail, stage: usize) -> Self {
        Self {
            key: &node.id,
            node_id: &node.id,
            title: &node.name,
            agent: None,
            state: node.state,
            operator: node.operator,
            stage,
            start: &node.start_time,
            end: &node.end_time,
        }
    }

    /// The box of one of a fanned-out node's sub-tasks.
    pub fn of_task(node: &'a NodeDetail, t: &'a SubTaskDetail, stage: usize) -> Self {
        Self {
            key: &t.id,
            node_id: &node.id,
            title: &node.name,
            agent: Some(&t.execute_agent),
            state: t.state,
            operator: t.operator,
            stage,
            start: &t.start_time,
            end: &t.end_time,
        }
    }
}

/// The sub-tasks of a node that has a box for each (several); none for a node of one box.
pub fn fanned(node: &NodeDetail) -> &[SubTaskDetail] {
    match node.sub_tasks.as_deref() {
        Some(tasks) if tasks.len() > 1 => tasks,
        _ => &[],
    }
}

/// Each box's source in stage order: a node's own box, or one per sub-task when it has several.
pub fn boxes_of(dag: &DagDetail) -> impl Iterator<Item = BoxSource<'_>> {
    dag.nodes
        .iter()
        .flatten()
        .enumerate()
        .flat_map(|(i, node)| {
            let tasks = fanned(node);
            let own = tasks.is_empty().then(|| BoxSource::of_node(node, i + 1));
            let each = tasks
                .iter()
                .map(move |t| BoxSource::of_task(node, t, i + 1));
            own.into_iter().chain(each)
        })
}

/// Each box's source in stage order, and the edges between consecutive stages: every box of a
/// stage to every box of the next.
pub fn sources_of(dag: &DagDetail) -> (Vec<BoxSource<'_>>, Vec<(usize, usize)>) {
    let boxes: Vec<_> = boxes_of(dag).collect();
    let mut edges = Vec::new();
    let mut previous = 0..0;
    let mut start = 0;
    while start < boxes.len() {
        let stage = boxes[start].stage;
        let end = start
            + boxes[start..]
                .iter()
                .take_while(|b| b.stage == stage)
                .count();
        for p in previous.clone() {
            edges.extend((start..end).map(|c| (p, c)));
        }
        previous = start..end;
        start = end;
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

/// A synthetic chain of `n` nodes whose second, running, runs on two agents (boxes: 1, 2a, 2b,
/// 3, …): a step fanned out, for tests.
#[cfg(test)]
pub fn two_agents_dag(n: usize) -> DagDetail {
    let mut dag = synthetic_dag(n, 1);
    if let Some(tasks) = dag
        .nodes
        .as_mut()
        .and_then(|nodes| nodes[1].sub_tasks.as_mut())
    {
        let mut second = tasks[0].clone();
        second.id = "199".into();
        second.execute_agent = obshell_protocol::obshell::model::task::AgentAddr {
            ip: "10.0.2.1".into(),
            port: 2886,
        };
        tasks.push(second);
    }
    dag
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
    }
}
