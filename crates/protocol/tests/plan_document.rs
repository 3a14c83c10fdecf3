//! The stored form of a plan and where a plan stands after a reload (docs/protocol/obshell.md
//! §4.14): the format a browser keeps, the progress read from it, and what a step becomes from
//! the state of its task and the read-back.

use obshell_protocol::obshell::model::task::TaskState;
use obshell_protocol::obshell::plan::{
    after_task, Change, Expect, Goal, Operation, Placement, PlanDoc, PlanStep, Progress, StepState,
    ZonePlacement, FORMAT,
};
use obshell_protocol::obshell::replica::{Locality, TenantReplicas};

fn tenant_step(op: Operation, locality: &str, state: StepState) -> PlanStep {
    PlanStep {
        change: Change::Tenant {
            tenant: "t1".into(),
            operation: op,
        },
        expect: Expect::Tenant {
            locality: locality.into(),
            unit_num: 1,
            primary_zone: "z2;z3".into(),
            unit_configs: Default::default(),
        },
        state,
    }
}

fn doc(states: [StepState; 3]) -> PlanDoc {
    let [a, b, c] = states;
    PlanDoc {
        format: FORMAT,
        id: "6751abc0001".into(),
        backend: "agent".into(),
        goal: Goal::Tenant {
            tenant: "t1".into(),
            target: Placement {
                zones: vec![
                    ZonePlacement {
                        zone: "z2".into(),
                        replica_type: "FULL".into(),
                        unit_config: "small".into(),
                    },
                    ZonePlacement {
                        zone: "z3".into(),
                        replica_type: "FULL".into(),
                        unit_config: "small".into(),
                    },
                    ZonePlacement {
                        zone: "z4".into(),
                        replica_type: "FULL".into(),
                        unit_config: "small".into(),
                    },
                ],
                unit_num: 1,
                primary_zone: "z2;z3".into(),
            },
            moved: Some(("z1".into(), "z4".into())),
        },
        created_at: 1_765_000_000,
        start: None,
        steps: vec![
            tenant_step(
                Operation::AddReplicas(vec![obshell_protocol::obshell::replica::AddZone {
                    name: "z4".into(),
                    replica_type: "FULL".into(),
                    unit_config_name: "small".into(),
                    unit_num: 1,
                }]),
                "FULL{1}@z1, FULL{1}@z2, FULL{1}@z3, FULL{1}@z4",
                a,
            ),
            tenant_step(
                Operation::SetPrimaryZone("z2;z3".into()),
                "FULL{1}@z1, FULL{1}@z2, FULL{1}@z3, FULL{1}@z4",
                b,
            ),
            tenant_step(
                Operation::DeleteReplicas(vec!["z1".into()]),
                "FULL{1}@z2, FULL{1}@z3, FULL{1}@z4",
                c,
            ),
        ],
        paused: false,
        abandoned: false,
    }
}

fn done(id: &str) -> StepState {
    StepState::Done {
        task_id: Some(id.into()),
    }
}

#[test]
fn the_stored_form_reads_back_and_keeps_its_shape() {
    let d = doc([
        done("11"),
        StepState::Running {
            task_id: "12".into(),
        },
        StepState::Pending,
    ]);
    let text = d.to_json();
    assert_eq!(PlanDoc::from_json(&text), Some(d));
    let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(value["format"], 1);
    assert_eq!(value["goal"]["kind"], "tenant");
    assert_eq!(value["steps"][0]["change"]["kind"], "tenant");
    assert_eq!(
        value["steps"][0]["change"]["operation"]["op"],
        "add_replicas"
    );
    assert_eq!(
        value["steps"][0]["change"]["operation"]["args"][0]["name"],
        "z4"
    );
    assert_eq!(value["steps"][1]["state"]["state"], "running");
    assert_eq!(value["steps"][1]["state"]["task_id"], "12");
    assert_eq!(value["steps"][2]["change"]["operation"]["args"][0], "z1");
    for secret in ["password", "session", "key", "token"] {
        assert!(!text.to_lowercase().contains(secret), "{secret} in {text}");
    }
}

#[test]
fn a_document_of_another_format_or_malformed_is_not_resumed() {
    let mut d = doc([StepState::Pending, StepState::Pending, StepState::Pending]);
    d.format = FORMAT + 1;
    assert_eq!(PlanDoc::from_json(&d.to_json()), None);
    assert_eq!(PlanDoc::from_json("{\"format\":1}"), None);
    assert_eq!(PlanDoc::from_json("not json"), None);
}

#[test]
fn progress_is_read_from_the_first_step_not_done() {
    let p = |states| doc(states).progress();
    use StepState as S;
    assert_eq!(p([S::Pending, S::Pending, S::Pending]), Progress::Next(0));
    assert_eq!(
        p([
            done("1"),
            S::Running {
                task_id: "2".into()
            },
            S::Pending
        ]),
        Progress::Following(1)
    );
    // Left while the answer was awaited: the outcome is unknown, nothing is sent again.
    assert_eq!(
        p([done("1"), S::Sending { sent_at: 5 }, S::Pending]),
        Progress::OutcomeUnknown(1)
    );
    assert_eq!(
        p([done("1"), S::Unknown { sent_at: 5 }, S::Pending]),
        Progress::OutcomeUnknown(1)
    );
    assert_eq!(
        p([
            done("1"),
            done("2"),
            S::Failed {
                task_id: "3".into()
            }
        ]),
        Progress::Stopped(2)
    );
    assert_eq!(
        p([
            S::Refused {
                code: "OB.Tenant.UnderMaintenance".into(),
                message: "locked".into()
            },
            S::Pending,
            S::Pending
        ]),
        Progress::Stopped(0)
    );
    assert_eq!(
        p([done("1"), S::Done { task_id: None }, done("3")]),
        Progress::Finished
    );
    let mut paused = doc([done("1"), S::Pending, S::Pending]);
    paused.paused = true;
    assert_eq!(paused.progress(), Progress::Paused(1));
    assert_eq!(paused.done(), 1);
    assert!(paused.is_open());
    // A pause asked while a task runs takes effect after it: the running step is followed.
    paused.steps[1].state = S::Running {
        task_id: "2".into(),
    };
    assert_eq!(paused.progress(), Progress::Following(1));
    paused.abandoned = true;
    assert_eq!(paused.progress(), Progress::Abandoned);
    assert!(!paused.is_open());
}

#[test]
fn a_step_is_done_only_when_its_task_succeeded_and_the_read_back_shows_it() {
    assert_eq!(after_task("7", TaskState::Succeed, || true), done("7"));
    // Rolled back, or passed without the change: the task ended SUCCEED, the change is not there.
    assert_eq!(
        after_task("7", TaskState::Succeed, || false),
        StepState::Failed {
            task_id: "7".into()
        }
    );
    assert_eq!(
        after_task("7", TaskState::Failed, || true),
        StepState::Failed {
            task_id: "7".into()
        }
    );
    for running in [TaskState::Running, TaskState::Ready, TaskState::Pending] {
        assert_eq!(
            after_task("7", running, || panic!("no read-back while it runs")),
            StepState::Running {
                task_id: "7".into()
            }
        );
    }
}

#[test]
fn the_read_back_compares_as_the_agent_does() {
    let expect = Expect::Tenant {
        locality: "FULL{1}@z2, READONLY{1}@z3".into(),
        unit_num: 1,
        primary_zone: "z2;z3".into(),
        unit_configs: [("z2".to_owned(), "small".to_owned())].into(),
    };
    let mut now = TenantReplicas {
        name: "t1".into(),
        locality: Locality::parse("FULL{1}@z2, READONLY{1}@z3").expect("locality"),
        primary_zone: "z2;z3".into(),
        unit_num: 1,
        enable_rebalance: true,
        pools: vec![obshell_protocol::obshell::replica::PoolView {
            name: "t1_z2".into(),
            zones: vec!["z2".into(), "z3".into()],
            unit_config: "small".into(),
        }],
    };
    assert!(expect.met_by_tenant(&now));
    now.pools[0].unit_config = "large".into();
    assert!(!expect.met_by_tenant(&now), "a unit config not changed yet");
    now.pools[0].unit_config = "small".into();
    // The agent's own test would count this as reached; a step that drops z4 is not done.
    now.primary_zone = "z2;z3;z4".into();
    assert!(!expect.met_by_tenant(&now));
    now.primary_zone = "z2; z3".into();
    assert!(expect.met_by_tenant(&now));
    now.unit_num = 2;
    assert!(!expect.met_by_tenant(&now));
    now.unit_num = 1;
    now.primary_zone = "z3;z2".into();
    assert!(!expect.met_by_tenant(&now));
    now.primary_zone = "z2;z3".into();
    now.locality = Locality::parse("FULL{1}@z2, FULL{1}@z3").expect("locality");
    assert!(!expect.met_by_tenant(&now));
    let server = Expect::Server {
        ip: "10.0.0.9".into(),
        zone: "z1".into(),
    };
    assert!(!server.met_by_tenant(&now));
}

#[test]
fn primary_zones_compare_priority_by_priority() {
    use obshell_protocol::obshell::plan::same_primary_zone;
    assert!(same_primary_zone("z1,z2;z3", "z2, z1;z3"));
    assert!(same_primary_zone("RANDOM", "random"));
    assert!(same_primary_zone("", "RANDOM"));
    assert!(!same_primary_zone("z1;z2", "z2;z1"));
    assert!(!same_primary_zone("z1,z2;z3", "z1,z2"));
    assert!(!same_primary_zone("z1", "RANDOM"));
}
