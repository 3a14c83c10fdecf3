use obshell_protocol::obshell::model::task::{AgentAddr, TaskOperator};

use super::*;
use crate::ui::graph::model::synthetic_dag;
use crate::ui::timeline::model::{axis_of, lanes_of};

const T: &str = "2026-12-01T10:00:00Z";
const T0: i64 = 1_796_119_200_000;

fn at(secs: i64) -> String {
    let s = 10 * 3600 + secs;
    format!(
        "2026-12-01T{:02}:{:02}:{:02}.250+00:00",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

fn row(task: i64, execution: i64, secs: i64, text: &str) -> SubTaskLog {
    SubTaskLog {
        id: secs,
        sub_task_id: task,
        execute_times: execution,
        log_content: text.to_owned(),
        is_sync: false,
        create_time: at(secs),
        update_time: at(secs),
    }
}

/// Three steps: done, running, pending; times from the agent.
fn dag() -> DagDetail {
    let mut d = synthetic_dag(3, 1);
    let nodes = d.nodes.as_mut().expect("nodes");
    for (i, n) in nodes.iter_mut().enumerate() {
        let t = &mut n.sub_tasks.as_mut().expect("tasks")[0];
        t.start_time = at(i as i64 * 10);
        t.end_time = at(i as i64 * 10 + 5);
    }
    let pending = &mut nodes[2].sub_tasks.as_mut().expect("tasks")[0];
    pending.execute_times = 0;
    pending.start_time = T.into();
    pending.end_time = T.into();
    d
}

#[test]
fn reads_times_to_the_millisecond_and_refuses_the_epoch() {
    assert_eq!(millis(T), Some(T0));
    assert_eq!(millis(&at(1)), Some(T0 + 1_250));
    assert_eq!(millis("2026-12-01T10:00:00.5Z"), Some(T0 + 500));
    assert_eq!(millis("1970-01-01T00:00:00Z"), None);
    assert_eq!(millis("1970-01-01T08:00:00+08:00"), None);
    assert_eq!(millis("0001-01-01T00:00:00Z"), None);
    assert_eq!(millis(""), None);
}

#[test]
fn one_bar_per_started_sub_task_without_logs() {
    let d = dag();
    let bars = attempts_of(&[&d], &BTreeMap::new());
    assert_eq!(bars.len(), 2, "the pending step has no bar: {bars:?}");
    assert_eq!(bars[0].state, TaskState::Succeed);
    assert_eq!(
        (bars[0].start_ms, bars[0].end_ms),
        (T0 + 250, Some(T0 + 5_250))
    );
    assert_eq!(bars[1].state, TaskState::Running);
    assert_eq!(bars[1].end_ms, None, "the running one grows");
    assert_eq!(bars[1].lane, "10.0.1.1:2886");
    assert!(bars.iter().all(|b| b.whole));
}

#[test]
fn a_cancelled_step_reset_to_the_epoch_draws_nothing_from_1970() {
    let mut d = dag();
    let nodes = d.nodes.as_mut().expect("nodes");
    nodes[1].state = TaskState::Failed;
    nodes[1].operator = TaskOperator::Cancel;
    let t = &mut nodes[1].sub_tasks.as_mut().expect("tasks")[0];
    t.state = TaskState::Failed;
    t.start_time = "1970-01-01T08:00:00+08:00".into();
    t.end_time = "1970-01-01T08:00:00+08:00".into();
    let bars = attempts_of(&[&d], &BTreeMap::new());
    assert_eq!(bars.len(), 1);
    let axis = axis_of(&bars, T0 + 60_000).expect("axis");
    assert_eq!(axis.t0, T0 + 250, "the axis starts at the first real start");
    // Its end reset but its start kept: a bar of no length at its start, never to 1970.
    let t = &mut d.nodes.as_mut().expect("nodes")[1]
        .sub_tasks
        .as_mut()
        .expect("tasks")[0];
    t.start_time = at(10);
    let bars = attempts_of(&[&d], &BTreeMap::new());
    assert_eq!(bars[1].end_ms, Some(bars[1].start_ms));
}

#[test]
fn a_retried_step_shows_each_execution() {
    let mut d = dag();
    let t = &mut d.nodes.as_mut().expect("nodes")[1]
        .sub_tasks
        .as_mut()
        .expect("tasks")[0];
    t.state = TaskState::Succeed;
    t.execute_times = 3;
    t.end_time = at(40);
    let id = t.id.clone();
    let logs = BTreeMap::from([(
        id,
        vec![
            row(2, 1, 10, "Start Step 2"),
            row(2, 1, 15, "ERROR: [Common.Unexpected]: boom"),
            row(2, 2, 30, "Roll back the failed attempt before retrying"),
            row(2, 3, 31, "Start Step 2"),
            row(2, 3, 38, "done"),
        ],
    )]);
    let bars = attempts_of(&[&d], &logs);
    let step2: Vec<_> = bars.iter().filter(|b| b.name == "Step 2").collect();
    assert_eq!(step2.len(), 3);
    assert_eq!(
        step2.iter().map(|b| b.state).collect::<Vec<_>>(),
        [TaskState::Failed, TaskState::Succeed, TaskState::Succeed]
    );
    assert_eq!(
        step2.iter().map(|b| b.execution).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert!(step2.iter().all(|b| b.executions == 3 && !b.whole));
    assert_eq!(
        (step2[0].start_ms, step2[0].end_ms),
        (T0 + 10_250, Some(T0 + 15_250))
    );
    // The last one ends with the sub-task, after its last line.
    assert_eq!(step2[2].end_ms, Some(T0 + 40_250));
    let keys: std::collections::BTreeSet<_> = bars.iter().map(|b| b.key.clone()).collect();
    assert_eq!(keys.len(), bars.len(), "keys are unique");
    // Numbered on the bars; the failed one says its error under it.
    assert_eq!(
        step2.iter().map(|b| b.attempt_mark()).collect::<Vec<_>>(),
        [Some("#1".into()), Some("#2".into()), Some("#3".into())]
    );
    assert_eq!(
        step2[0].failure.as_deref(),
        Some("ERROR: [Common.Unexpected]: boom")
    );
    assert_eq!(step2[1].failure, None);
    assert_eq!(step2[0].elsewhere, "", "the page's own DAG is not named");
}

#[test]
fn a_failed_step_without_rows_says_its_last_error() {
    let mut d = dag();
    let t = &mut d.nodes.as_mut().expect("nodes")[1]
        .sub_tasks
        .as_mut()
        .expect("tasks")[0];
    t.state = TaskState::Failed;
    t.execute_times = 2;
    t.task_logs = Some(vec![
        "Start".into(),
        "ERROR: [Old]: first try".into(),
        "ERROR: [Tenant.Locality]: the locality is being changed\ndetails".into(),
        "sub task end".into(),
    ]);
    let bars = attempts_of(&[&d], &BTreeMap::new());
    assert_eq!(bars[1].state, TaskState::Failed);
    assert_eq!(
        bars[1].failure.as_deref(),
        Some("ERROR: [Tenant.Locality]: the locality is being changed")
    );
    assert_eq!(bars[1].attempt_mark().as_deref(), Some("×2"));
    assert_eq!(bars[0].failure, None);
    assert_eq!(
        bars[0].attempt_mark(),
        None,
        "a step that ran once has no number"
    );
}

#[test]
fn a_running_execution_not_yet_in_the_logs_runs_from_its_start() {
    let mut d = dag();
    let t = &mut d.nodes.as_mut().expect("nodes")[1]
        .sub_tasks
        .as_mut()
        .expect("tasks")[0];
    t.execute_times = 2;
    let logs = BTreeMap::from([(
        t.id.clone(),
        vec![row(2, 1, 10, "Start"), row(2, 1, 12, "ERROR: x")],
    )]);
    let bars = attempts_of(&[&d], &logs);
    let step2: Vec<_> = bars.iter().filter(|b| b.name == "Step 2").collect();
    assert_eq!(step2.len(), 2);
    assert_eq!(step2[0].state, TaskState::Failed);
    assert_eq!(step2[1].state, TaskState::Running);
    assert_eq!(step2[1].start_ms, T0 + 12_250);
}

#[test]
fn lanes_per_agent_in_order_of_first_work_and_overlaps_stack() {
    let d = dag();
    let mut local = synthetic_dag(2, 0);
    local.id = "2000000000102886".into();
    for n in local.nodes.as_mut().expect("nodes") {
        let t = &mut n.sub_tasks.as_mut().expect("tasks")[0];
        t.id = format!("9{}", t.id);
        t.execute_agent = AgentAddr {
            ip: "10.0.4.1".into(),
            port: 2886,
        };
        t.start_time = at(12);
        t.end_time = at(14);
    }
    let mut bars = attempts_of(&[&d, &local], &BTreeMap::new());
    let lanes = lanes_of(&mut bars);
    assert_eq!(
        lanes.iter().map(|(a, _)| a.as_str()).collect::<Vec<_>>(),
        ["10.0.1.1:2886", "10.0.4.1:2886"]
    );
    assert_eq!(
        lanes[1].1.len(),
        1,
        "the local DAG's pending step has no bar"
    );
    assert_eq!(bars[2].dag_id, "2000000000102886");
    // Two bars at once on one agent: the second goes to a second row.
    bars[0].end_ms = Some(T0 + 20_000);
    let lanes = lanes_of(&mut bars);
    assert_eq!(
        lanes[0].1.iter().map(|&i| bars[i].row).collect::<Vec<_>>(),
        [0, 1]
    );
}

#[test]
fn finds_the_local_dag_of_a_scale_out() {
    let mut d = dag();
    assert_eq!(linked_dag_id(&d), None);
    d.nodes.as_mut().expect("nodes")[0]
        .sub_tasks
        .as_mut()
        .expect("tasks")[0]
        .task_logs = Some(vec![
        "Start".into(),
        "create local scale out dag success, genericID: 20167772161028861".into(),
    ]);
    assert_eq!(linked_dag_id(&d).as_deref(), Some("20167772161028861"));
}
