//! OCP's planner (docs/protocol/ocp.md §4.6): the order of the calls, the majority after every
//! step, the refusals, and the plan document a browser keeps.

use obshell_protocol::ocp::model::*;
use obshell_protocol::ocp::plan::*;
use obshell_protocol::ocp::rules::locality_of;
use obshell_protocol::plan::{PlanDoc, PlanStep, Progress, StepState, FORMAT};

fn specs() -> Vec<UnitSpec> {
    let spec = |name: &str, cpu: f64, memory: f64| UnitSpec {
        name: name.into(),
        max_cpu_core_count: cpu,
        min_cpu_core_count: cpu,
        max_memory_size: memory,
        min_memory_size: memory,
        ..UnitSpec::default()
    };
    vec![spec("S1", 2.0, 8.0), spec("S2", 4.0, 16.0)]
}

fn config(name: &str) -> UnitConfig {
    let s = specs().into_iter().find(|s| s.name == name).expect("spec");
    UnitConfig {
        max_cpu_core_count: s.max_cpu_core_count,
        min_cpu_core_count: s.min_cpu_core_count,
        max_memory_size: s.max_memory_size,
        min_memory_size: s.min_memory_size,
    }
}

/// Five zones of two RUNNING servers each.
fn cluster() -> Cluster {
    let zones = (1..=5)
        .map(|i| Zone {
            name: format!("zone{i}"),
            servers: (1..=2)
                .map(|s| Server {
                    ip: format!("10.0.{i}.{s}"),
                    zone_name: format!("zone{i}"),
                    status: "RUNNING".into(),
                    port: 2882,
                    ..Server::default()
                })
                .collect(),
            ..Zone::default()
        })
        .collect();
    Cluster {
        id: 2,
        zones,
        ..Cluster::default()
    }
}

/// `payments`: FULL in zone1–zone3 with S1 pools of one unit, primary zone `zone1;zone2`.
fn tenant() -> Tenant {
    let zones = ["zone1", "zone2", "zone3"]
        .iter()
        .map(|z| TenantZone {
            name: (*z).into(),
            replica_type: "FULL".into(),
            resource_pool: Some(ResourcePool {
                unit_count: 1,
                unit_config: Some(config("S1")),
                ..ResourcePool::default()
            }),
            units: Vec::new(),
        })
        .collect();
    Tenant {
        id: 12,
        name: "payments".into(),
        cluster_id: 2,
        status: "NORMAL".into(),
        primary_zone: "zone1;zone2".into(),
        locality: "FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3".into(),
        zones,
        ..Tenant::default()
    }
}

fn zone(name: &str, kind: &str, spec: &str) -> OcpZoneTarget {
    OcpZoneTarget {
        zone: name.into(),
        replica_type: kind.into(),
        unit_spec: Some(spec.into()),
    }
}

fn target(zones: &[(&str, &str, &str)], count: i64, pz: &str) -> OcpTarget {
    OcpTarget {
        zones: zones.iter().map(|(z, k, s)| zone(z, k, s)).collect(),
        unit_count: count,
        primary_zone: pz.into(),
    }
}

fn ops(steps: &[OcpStep]) -> Vec<String> {
    steps
        .iter()
        .map(|s| match &s.operation {
            OcpOperation::AddReplica(r) => format!("add {} {}", r.zone_name, r.replica_type),
            OcpOperation::ModifyReplica(list) => format!(
                "modify {}",
                list.iter()
                    .map(|r| {
                        let kind = r.replica_type.map(|t| t.to_string()).unwrap_or_default();
                        let pool = r.resource_pool.as_ref().map(|p| {
                            format!(
                                "{}/{}",
                                p.unit_spec_name.clone().unwrap_or_default(),
                                p.unit_count.map(|c| c.to_string()).unwrap_or_default()
                            )
                        });
                        format!("{}:{kind}{}", r.zone_name, pool.unwrap_or_default())
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            OcpOperation::ModifyPrimaryZone(pz) => format!("primary zone {pz}"),
            OcpOperation::DeleteReplica(list) => format!(
                "delete {}",
                list.iter()
                    .map(|r| r.zone_name.as_str())
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        })
        .collect()
}

#[test]
fn a_replica_moved_out_of_the_primary_zone_changes_the_primary_zone_between_add_and_delete() {
    let goal = target(
        &[
            ("zone4", "FULL", "S1"),
            ("zone2", "FULL", "S1"),
            ("zone3", "FULL", "S1"),
        ],
        1,
        "zone4;zone2",
    );
    let steps = plan_ocp(&tenant(), &goal, &cluster(), &specs()).expect("plan");
    assert_eq!(
        ops(&steps),
        ["add zone4 FULL", "primary zone zone4;zone2", "delete zone1"]
    );
    assert_eq!(steps[0].paxos_after, 4);
    assert_eq!((steps[2].paxos_before, steps[2].paxos_after), (4, 3));
    assert!(goal.is_reached_by(&steps[2].after, &specs()));
}

#[test]
fn a_target_already_reached_needs_no_step() {
    let now = OcpTarget::of(&tenant(), &specs());
    assert_eq!(now.zones.len(), 3);
    assert_eq!(now.zones[0].unit_spec.as_deref(), Some("S1"));
    assert_eq!(
        plan_ocp(&tenant(), &now, &cluster(), &specs()),
        Ok(Vec::new())
    );
}

#[test]
fn each_type_change_goes_alone_because_ocp_drops_types_in_a_batch() {
    let goal = target(
        &[
            ("zone1", "FULL", "S1"),
            ("zone2", "READONLY", "S1"),
            ("zone3", "LOGONLY", "S1"),
            ("zone4", "FULL", "S1"),
        ],
        1,
        "zone1",
    );
    let steps = plan_ocp(&tenant(), &goal, &cluster(), &specs()).expect("plan");
    assert_eq!(
        ops(&steps),
        [
            "add zone4 FULL",
            "primary zone zone1",
            "modify zone3:LOGONLY",
            "modify zone2:READONLY",
        ]
    );
    for s in &steps {
        if let OcpOperation::ModifyReplica(list) = &s.operation {
            assert_eq!(list.len(), 1, "a type change is alone in its call");
        }
    }
    assert!(goal.is_reached_by(&steps.last().expect("steps").after, &specs()));
}

#[test]
fn spec_and_count_changes_go_in_one_call_naming_the_count_for_every_zone_after_the_deletes() {
    let goal = target(
        &[
            ("zone1", "FULL", "S2"),
            ("zone2", "FULL", "S1"),
            ("zone3", "FULL", "S1"),
        ],
        2,
        "zone1;zone2",
    );
    let steps = plan_ocp(&tenant(), &goal, &cluster(), &specs()).expect("plan");
    assert_eq!(ops(&steps), ["modify zone1:S2/2,zone2:/2,zone3:/2"]);
    let goal = target(
        &[("zone1", "FULL", "S1"), ("zone2", "FULL", "S1")],
        2,
        "zone1",
    );
    let steps = plan_ocp(&tenant(), &goal, &cluster(), &specs()).expect("plan");
    assert_eq!(
        ops(&steps),
        [
            "primary zone zone1",
            "delete zone3",
            "modify zone1:/2,zone2:/2"
        ]
    );
}

#[test]
fn paxos_members_go_a_majoritys_worth_at_a_time_and_too_many_at_once_is_refused() {
    // Five FULL replicas to three: one call may take two.
    let five = {
        let mut t = tenant();
        let steps = plan_ocp(
            &t,
            &target(
                &[
                    ("zone1", "FULL", "S1"),
                    ("zone2", "FULL", "S1"),
                    ("zone3", "FULL", "S1"),
                    ("zone4", "FULL", "S1"),
                    ("zone5", "FULL", "S1"),
                ],
                1,
                "zone1;zone2",
            ),
            &cluster(),
            &specs(),
        )
        .expect("plan");
        t = steps.last().expect("steps").after.clone();
        t
    };
    let goal = target(
        &[
            ("zone1", "FULL", "S1"),
            ("zone2", "FULL", "S1"),
            ("zone3", "FULL", "S1"),
        ],
        1,
        "zone1;zone2",
    );
    let steps = plan_ocp(&five, &goal, &cluster(), &specs()).expect("plan");
    assert_eq!(ops(&steps), ["delete zone4,zone5"]);
    // Three to one cannot keep a majority at any step.
    let goal = target(&[("zone1", "FULL", "S1")], 1, "zone1");
    match plan_ocp(&tenant(), &goal, &cluster(), &specs()) {
        Err(OcpPlanRefusal::MajorityLost { zones, before }) => {
            assert_eq!(before, 2);
            assert_eq!(zones, ["zone3"]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn targets_ocp_or_safety_refuses_are_refused_before_anything_is_sent() {
    let none_full = target(&[("zone1", "READONLY", "S1")], 1, "");
    assert_eq!(
        plan_ocp(&tenant(), &none_full, &cluster(), &specs()),
        Err(OcpPlanRefusal::NoFullReplica)
    );
    let outside = target(
        &[("zone2", "FULL", "S1"), ("zone3", "FULL", "S1")],
        1,
        "zone1",
    );
    assert_eq!(
        plan_ocp(&tenant(), &outside, &cluster(), &specs()),
        Err(OcpPlanRefusal::PrimaryZoneOutside("zone1".into()))
    );
    let unknown = target(&[("zone9", "FULL", "S1")], 1, "");
    assert_eq!(
        plan_ocp(&tenant(), &unknown, &cluster(), &specs()),
        Err(OcpPlanRefusal::UnknownZone("zone9".into()))
    );
    // Three units where each zone has two ACTIVE servers: OCP's 60011 on the pool call.
    let too_many = target(
        &[
            ("zone1", "FULL", "S1"),
            ("zone2", "FULL", "S1"),
            ("zone3", "FULL", "S1"),
        ],
        3,
        "zone1;zone2",
    );
    match plan_ocp(&tenant(), &too_many, &cluster(), &specs()) {
        Err(OcpPlanRefusal::StepRefused {
            step, violation, ..
        }) => {
            assert_eq!(step, 1);
            assert_eq!(violation.code.code, 60011);
        }
        other => panic!("{other:?}"),
    }
}

/// Every target over zone1–zone5 with FULL/READONLY/none per zone: a plan either reaches it with
/// a majority of the Paxos members after every step and OCP's rules passing at each, or is
/// refused.
#[test]
fn every_reachable_target_is_reached_with_a_majority_after_every_step() {
    let kinds = [None, Some("FULL"), Some("READONLY")];
    let (mut planned, mut refused) = (0, 0);
    for code in 0..3usize.pow(5) {
        let mut zones = Vec::new();
        let mut c = code;
        for i in 1..=5 {
            if let Some(kind) = kinds[c % 3] {
                zones.push(zone(&format!("zone{i}"), kind, "S1"));
            }
            c /= 3;
        }
        let first_full = zones
            .iter()
            .find(|z| z.replica_type == "FULL")
            .map(|z| z.zone.clone());
        let goal = OcpTarget {
            zones,
            unit_count: 1,
            primary_zone: first_full.unwrap_or_default(),
        };
        match plan_ocp(&tenant(), &goal, &cluster(), &specs()) {
            Ok(steps) => {
                planned += 1;
                let mut state = tenant();
                for s in &steps {
                    assert!(s.operation.check(&state, &cluster(), &specs()).is_empty());
                    assert!(
                        s.paxos_before.saturating_sub(s.paxos_after) <= max_removed(s.paxos_before)
                    );
                    state = apply(&state, &s.operation, &specs());
                    assert_eq!(state, s.after);
                }
                assert!(goal.is_reached_by(&state, &specs()), "{goal:?}");
            }
            Err(_) => refused += 1,
        }
    }
    assert!(
        planned > 100 && refused > 10,
        "{planned} planned, {refused} refused"
    );
}

#[test]
fn the_document_round_trips_and_tells_where_it_stands() {
    let goal = target(
        &[
            ("zone4", "FULL", "S1"),
            ("zone2", "FULL", "S1"),
            ("zone3", "FULL", "S1"),
        ],
        1,
        "zone4;zone2",
    );
    let steps = plan_ocp(&tenant(), &goal, &cluster(), &specs()).expect("plan");
    let mut doc: OcpPlanDoc = PlanDoc {
        format: FORMAT,
        id: "p1".into(),
        backend: "ocp".into(),
        goal: OcpGoal {
            cluster_id: 2,
            tenant_id: 12,
            tenant: "payments".into(),
            target: goal,
            moved: Some(("zone1".into(), "zone4".into())),
        },
        created_at: 1,
        start: Some(OcpExpect::of(&tenant(), &specs())),
        steps: steps
            .iter()
            .map(|s| PlanStep {
                change: OcpChange {
                    cluster_id: 2,
                    tenant_id: 12,
                    tenant: "payments".into(),
                    operation: s.operation.clone(),
                },
                expect: OcpExpect::of(&s.after, &specs()),
                state: StepState::Pending,
            })
            .collect(),
        paused: false,
        abandoned: false,
    };
    let text = doc.to_json();
    assert!(text.contains(r#""op":"add_replica""#), "{text}");
    assert!(
        text.contains(r#""op":"modify_primary_zone","args":"zone4;zone2""#),
        "{text}"
    );
    assert_eq!(OcpPlanDoc::from_json(&text).as_ref(), Some(&doc));
    assert_eq!(doc.progress(), Progress::Next(0));
    doc.steps[0].state = after_task("41", TaskStatus::Successful, || true);
    doc.steps[1].state = StepState::Sending { sent_at: 5 };
    assert_eq!(doc.progress(), Progress::OutcomeUnknown(1));
    assert_eq!(
        after_task("42", TaskStatus::Successful, || false),
        StepState::Failed {
            task_id: "42".into()
        }
    );
    assert_eq!(
        after_task("42", TaskStatus::Running, || true),
        StepState::Running {
            task_id: "42".into()
        }
    );
    // The read-back: the tenant after the add shows the first step's expectation, and not the
    // second's (the primary zone is not changed yet); a MODIFYING tenant shows none.
    let after_add = &steps[0].after;
    assert!(doc.steps[0].expect.met_by(after_add, &specs()));
    assert!(!doc.steps[1].expect.met_by(after_add, &specs()));
    // OCP lists the zones by name: the order does not count.
    let by_name = Tenant {
        locality: "FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3, FULL{1}@zone4".into(),
        ..after_add.clone()
    };
    assert!(doc.steps[0].expect.met_by(&by_name, &specs()));
    let busy = Tenant {
        status: "MODIFYING".into(),
        ..after_add.clone()
    };
    assert!(!doc.steps[0].expect.met_by(&busy, &specs()));
    assert_eq!(locality_of(after_add).get("zone4"), Some("FULL"));
}
