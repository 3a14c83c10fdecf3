use super::*;

const SEED: &str =
    include_str!("../../../../../crates/protocol/tests/fixtures/ocp-add-replica-response.json");

/// 2026-12-01T10:00:00Z.
const T0: i64 = 1_796_119_200_000;

/// `secs` after T0, as OCP writes a time (Beijing).
fn at(secs: i64) -> String {
    let s = 18 * 3600 + secs;
    format!(
        "2026-12-01T{:02}:{:02}:{:02}.000+08:00",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// A log line `secs` after T0, as the simulated OCP writes one.
fn line(secs: i64, level: &str, text: &str) -> String {
    let s = 18 * 3600 + secs;
    format!(
        "2026-12-01 {:02}:{:02}:{:02}.000 {level:>5} [task-executor-1] AlterLocality: {text}",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

fn header(op: &str, secs: i64) -> String {
    format!("############{{{op}}}{{{}}}############", at(secs))
}

fn seed() -> Task {
    let env: obshell_protocol::ocp::OcpEnvelope<Task> =
        serde_json::from_str(SEED).expect("seed decodes");
    env.data.expect("data")
}

/// The seed with its first two subtasks (by series) done and running on the task's node, the
/// third failed on a subtask that names no executor.
fn task() -> Task {
    let mut t = seed();
    for s in &mut t.subtasks {
        match s.series_id {
            0 => {
                s.status = SubtaskStatus::Successful;
                s.executor = Some("192.168.0.1".into());
                s.start_time = Some(at(0));
                s.finish_time = Some(at(5));
            }
            1 => {
                s.status = SubtaskStatus::Running;
                s.executor = Some("192.168.0.1".into());
                s.start_time = Some(at(5));
            }
            2 => {
                s.status = SubtaskStatus::Failed;
                s.start_time = Some(at(6));
                s.finish_time = Some(at(8));
            }
            _ => {}
        }
    }
    t
}

#[test]
fn subtasks_not_started_have_no_bar() {
    assert_eq!(bars_of(&seed(), &BTreeMap::new()), []);
}

#[test]
fn each_started_subtask_is_a_bar_on_its_executors_lane() {
    let bars = bars_of(&task(), &BTreeMap::new());
    let names: Vec<&str> = bars.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Wait alter locality",
            "Sync tenant information",
            "Update tenant status"
        ]
    );
    assert_eq!(bars[0].state, TaskState::Other("SUCCESSFUL"));
    assert_eq!((bars[0].start_ms, bars[0].end_ms), (T0, Some(T0 + 5_000)));
    assert_eq!(bars[0].lane, "192.168.0.1");
    assert_eq!(bars[1].state, TaskState::Running);
    assert_eq!(bars[1].end_ms, None, "the running one grows");
    // No executor in the payload: an unknown lane, never a made-up one.
    assert_eq!(bars[2].lane, "");
    assert_eq!(bars[2].state, TaskState::Failed);
    assert_eq!(bars[2].failure, None, "its log is not read yet");
    assert_eq!(
        (bars[0].node_id.as_str(), bars[0].dag_id.as_str()),
        ("304130", "239151")
    );
    assert!(bars
        .iter()
        .all(|b| b.attempt_mark().is_none() && b.elsewhere.is_empty()));
    // Which logs are worth reading: a failed subtask's (and one that ran again).
    let keys: Vec<_> = task().subtasks.iter().map(log_key).collect();
    assert_eq!(keys.iter().filter(|k| k.is_some()).count(), 1);
}

#[test]
fn a_retried_subtask_shows_each_run_numbered_and_its_failure() {
    let mut t = task();
    let s = t
        .subtasks
        .iter_mut()
        .find(|s| s.series_id == 1)
        .expect("sub");
    s.run_time = 2;
    s.status = SubtaskStatus::Successful;
    s.start_time = Some(at(30));
    s.finish_time = Some(at(40));
    let id = s.id;
    let log = [
        header("EXECUTE", 5),
        line(5, "INFO", "Start subtask: Sync tenant information"),
        line(
            9,
            "ERROR",
            "Subtask failed: ERROR 4012 (HY000): Timeout\nat OceanBase",
        ),
        header("RETRY", 30),
        line(30, "INFO", "Start subtask: Sync tenant information"),
        line(39, "INFO", "Subtask finished"),
    ]
    .join("\n");
    assert_eq!(blocks(&log).len(), 2);
    let bars = bars_of(&t, &BTreeMap::from([(id, log)]));
    let runs: Vec<&Bar> = bars
        .iter()
        .filter(|b| b.task_id == id.to_string())
        .collect();
    assert_eq!(runs.len(), 2);
    assert_eq!(
        runs.iter().map(|b| b.attempt_mark()).collect::<Vec<_>>(),
        [Some("#1".into()), Some("#2".into())]
    );
    assert_eq!(runs[0].state, TaskState::Failed);
    assert_eq!(
        (runs[0].start_ms, runs[0].end_ms),
        (T0 + 5_000, Some(T0 + 9_000)),
        "the first run ends at its last line, not when the retry began"
    );
    assert_eq!(
        runs[0].failure.as_deref(),
        Some("ERROR [task-executor-1] AlterLocality: Subtask failed: ERROR 4012 (HY000): Timeout")
    );
    assert_eq!(runs[1].state, TaskState::Other("SUCCESSFUL"));
    assert_eq!(
        (runs[1].start_ms, runs[1].end_ms),
        (T0 + 30_000, Some(T0 + 40_000))
    );
    assert_eq!(runs[1].failure, None);
    assert_ne!(runs[0].key, runs[1].key);
}

#[test]
fn a_log_older_than_the_run_keeps_the_run_from_its_own_times() {
    let mut t = task();
    let s = t
        .subtasks
        .iter_mut()
        .find(|s| s.series_id == 2)
        .expect("sub");
    s.run_time = 2;
    s.status = SubtaskStatus::Running;
    s.start_time = Some(at(20));
    s.finish_time = None;
    let id = s.id;
    let log = [header("EXECUTE", 6), line(8, "ERROR", "boom")].join("\n");
    let bars = bars_of(&t, &BTreeMap::from([(id, log)]));
    let runs: Vec<&Bar> = bars
        .iter()
        .filter(|b| b.task_id == id.to_string())
        .collect();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0].state, TaskState::Failed);
    assert_eq!(runs[0].end_ms, Some(T0 + 8_000));
    assert_eq!(runs[1].state, TaskState::Running);
    assert_eq!((runs[1].execution, runs[1].end_ms), (2, None));
    // Without a log at all: one bar for both runs, marked so.
    let bars = bars_of(&t, &BTreeMap::new());
    let whole = bars
        .iter()
        .find(|b| b.task_id == id.to_string())
        .expect("bar");
    assert_eq!(whole.attempt_mark().as_deref(), Some("×2"));
    // A log whose headers carry no time: the subtask's own times.
    let bars = bars_of(&t, &BTreeMap::from([(id, "#####{X}{?}#####".to_owned())]));
    assert_eq!(
        bars.iter().filter(|b| b.task_id == id.to_string()).count(),
        1
    );
}
