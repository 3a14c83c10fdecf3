use super::*;

const T0: i64 = 1_796_119_200_000;

/// A bar of step `name` on `lane` from `start` to `end` seconds after T0.
fn bar(name: &str, lane: &str, start: i64, end: Option<i64>) -> Bar {
    Bar {
        key: format!("{name}#1"),
        lane: lane.into(),
        dag_id: "1".into(),
        elsewhere: String::new(),
        node_id: name.into(),
        task_id: name.into(),
        name: name.into(),
        execution: 1,
        executions: 1,
        whole: false,
        state: if end.is_some() {
            TaskState::Succeed
        } else {
            TaskState::Running
        },
        start_ms: T0 + start * 1000,
        end_ms: end.map(|e| T0 + e * 1000),
        failure: None,
        row: 0,
    }
}

#[test]
fn attempts_are_numbered_only_when_a_step_ran_more_than_once() {
    let mut b = bar("a", "x", 0, Some(1));
    assert_eq!(b.attempt_mark(), None);
    b.executions = 3;
    b.execution = 2;
    assert_eq!(b.attempt_mark().as_deref(), Some("#2"));
    b.whole = true;
    assert_eq!(
        b.attempt_mark().as_deref(),
        Some("×3"),
        "one bar for all three"
    );
}

#[test]
fn a_failure_is_said_by_its_first_line() {
    assert_eq!(
        first_line("\n  ERROR 4012: Timeout \nat line 2").as_deref(),
        Some("ERROR 4012: Timeout")
    );
    assert_eq!(first_line(" \n "), None);
}

#[test]
fn lanes_in_order_of_first_work_and_overlaps_stack() {
    let mut bars = vec![
        bar("b", "10.0.4.1:2886", 12, Some(14)),
        bar("a", "10.0.1.1:2886", 0, Some(20)),
        bar("c", "10.0.1.1:2886", 10, Some(15)),
        bar("d", "10.0.1.1:2886", 15, None),
        bar("e", "10.0.1.1:2886", 21, Some(22)),
        bar("f", "", 3, Some(4)),
    ];
    let lanes = lanes_of(&mut bars);
    assert_eq!(
        lanes.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>(),
        ["10.0.4.1:2886", "10.0.1.1:2886", ""],
        "in the order given; an unknown executor is a lane of its own"
    );
    assert_eq!(lanes[1].1, [1, 2, 3, 4]);
    // a holds row 0 until 20 s; c overlaps it; d starts as c ends (row 1); e after a (row 0).
    assert_eq!(
        [bars[1].row, bars[2].row, bars[3].row, bars[4].row],
        [0, 1, 1, 0]
    );
    // The running one holds its row for good: a bar after it never takes that row.
    bars.push(bar("g", "10.0.1.1:2886", 30, Some(31)));
    lanes_of(&mut bars);
    assert_eq!(bars[6].row, 0);
    assert_ne!(bars[6].row, bars[3].row);
}

#[test]
fn bars_are_placed_on_a_round_axis_and_the_live_one_grows() {
    let bars = vec![bar("a", "x", 0, Some(5)), bar("b", "x", 10, None)];
    let now = T0 + 20_000;
    let axis = axis_of(&bars, now).expect("axis");
    assert_eq!(axis.t0, T0);
    assert!(axis.span_ms >= 20_000 && axis.span_ms % axis.step_ms == 0);
    let (left, width) = place(&bars[0], &axis, now);
    assert_eq!(left, 0.0);
    assert!((width - 5_000.0 / axis.span_ms as f64 * 100.0).abs() < 1e-9);
    let (_, w1) = place(&bars[1], &axis, now);
    let (_, w2) = place(&bars[1], &axis, now + 1_000);
    assert!(w2 > w1, "a second later the running bar is longer");
    assert!(axis_holds(&axis, &bars, now + 1_000));
    assert!(!axis_holds(&axis, &bars, now + 3_600_000));
    assert_eq!(axis_of(&[], now), None);
}

#[test]
fn axes_pick_round_steps() {
    assert_eq!(axis(0, 5_000).step_ms, 2_000);
    assert_eq!(axis(0, 5_000).span_ms, 12_000);
    let long = axis(0, 25 * 60_000);
    assert_eq!((long.step_ms, long.span_ms), (300_000, 30 * 60_000));
    assert_eq!(elapsed_label(90_000), "1m 30s");
    assert_eq!(elapsed_label(120_000), "2m");
    assert_eq!(elapsed_label(3_900_000), "1h 05m");
}
