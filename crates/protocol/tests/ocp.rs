//! OCP payloads against OCP's own samples, and the replica rules OCP applies.

use obshell_protocol::ocp::codes;
use obshell_protocol::ocp::envelope::OcpEnvelope;
use obshell_protocol::ocp::model::*;
use obshell_protocol::ocp::request::*;
use obshell_protocol::ocp::rules::{check_add, check_delete, check_modify, locality_after};

const RESPONSE: &str = include_str!("fixtures/ocp-add-replica-response.json");
const REQUEST: &str = include_str!("fixtures/ocp-add-replica-request.json");

#[test]
fn the_seed_sample_response_decodes_exactly() {
    let env: OcpEnvelope<Task> = serde_json::from_str(RESPONSE).expect("decodes");
    assert!(env.successful);
    assert_eq!(env.status, Some(200));
    assert_eq!(env.duration, Some(220));
    assert_eq!(env.server.as_deref(), Some("192.168.0.3"));
    assert_eq!(env.trace_id.as_deref(), Some("3c390d0597744316"));
    assert_eq!(
        env.timestamp.as_deref(),
        Some("2021-06-30T11:33:14.316+08:00")
    );
    let task = env.data.expect("data");
    assert_eq!(task.id, 239151);
    assert_eq!(task.name, "Add tenant replica");
    assert_eq!(task.cluster_id, Some(9));
    assert_eq!(task.tenant_id, Some(18));
    assert_eq!(task.task_definition_id, Some(-1));
    assert_eq!(
        task.creator,
        Creator {
            id: None,
            name: "admin".into()
        }
    );
    assert_eq!(task.executor.as_deref(), Some("192.168.0.1"));
    assert_eq!(task.kind, "MANUAL");
    assert_eq!(task.status, TaskStatus::Running);
    assert_eq!(task.operation, Operation::Execute);
    assert_eq!(
        task.start_time.as_deref(),
        Some("2021-06-30T11:33:14.296+08:00")
    );
    assert_eq!(task.context["stringMap"]["zone_name"], "zone2");
    assert_eq!(task.context["parallelIdx"], -1);
    let mut by_series: Vec<&Subtask> = task.subtasks.iter().collect();
    by_series.sort_by_key(|s| s.series_id);
    let names: Vec<&str> = by_series.iter().map(|s| s.name.as_str()).collect();
    // The seed's series ids put "Prepare" last; its edges put it first. The graph follows the
    // edges, so the test reads both.
    assert_eq!(
        names,
        [
            "Wait alter locality",
            "Sync tenant information",
            "Update tenant status",
            "Prepare alter tenant"
        ]
    );
    let prepare = task
        .subtasks
        .iter()
        .find(|s| s.id == 304129)
        .expect("prepare");
    assert_eq!(prepare.status, SubtaskStatus::Ready);
    assert!(prepare.upstreams.is_empty());
    assert_eq!(prepare.downstreams, [304130]);
    assert_eq!(prepare.timeout, Some(300));
    assert_eq!(prepare.parallel_idx, -1);
    assert!(!prepare.is_parallel());
    assert_eq!(prepare.node_type, "JAVA_TASK");
    assert_eq!(prepare.run_time, 1);
    assert_eq!(
        prepare.class_name,
        "com.alipay.ocp.service.task.business.tenant.PrepareAlterTenantTask"
    );
    let wait = task.subtasks.iter().find(|s| s.id == 304130).expect("wait");
    assert_eq!(
        (wait.upstreams.as_slice(), wait.downstreams.as_slice()),
        (&[304129][..], &[304131][..])
    );
    assert_eq!(wait.timeout, Some(3600));
    assert_eq!(wait.status, SubtaskStatus::Pending);
}

#[test]
fn the_seed_sample_request_round_trips() {
    let body: Vec<ReplicaSpec> = serde_json::from_str(REQUEST).expect("decodes");
    assert_eq!(
        body,
        [ReplicaSpec {
            zone_name: "zone1".into(),
            replica_type: ReplicaType::Full,
            resource_pool: PoolSpec {
                unit_spec_name: "S0".into(),
                unit_count: 1
            },
        }]
    );
    let again: serde_json::Value = serde_json::to_value(&body).expect("encodes");
    let original: serde_json::Value = serde_json::from_str(REQUEST).expect("json");
    assert_eq!(again, original);
}

#[test]
fn doc_spellings_and_shapes_are_accepted() {
    let text = r#"{"id":5,"creator":{"id":1,"name":"admin"},"status":"FAILED","operation":"rollback",
        "context":"{\"stringMap\":{\"a\":\"b\"}}","subtasks":[{"id":1,"paralleIdx":2,"downstream":[2],
        "upstreams":null,"status":"CANCELING","operation":"Skip","extra":1}],"unknown":true}"#;
    let task: Task = serde_json::from_str(text).expect("decodes");
    assert_eq!(
        task.creator,
        Creator {
            id: Some(1),
            name: "admin".into()
        }
    );
    assert_eq!(task.operation, Operation::Rollback);
    assert_eq!(task.context["stringMap"]["a"], "b");
    let s = &task.subtasks[0];
    assert_eq!((s.parallel_idx, s.downstreams.as_slice()), (2, &[2][..]));
    assert!(s.upstreams.is_empty());
    assert_eq!(
        (s.status, s.operation),
        (SubtaskStatus::Canceling, Operation::Skip)
    );
    let odd: Task =
        serde_json::from_str(r#"{"id":1,"status":"PAUSED","subtasks":null,"creator":null}"#)
            .expect("decodes");
    assert_eq!(odd.status.as_str(), "PAUSED");
    assert!(odd.status.is_unknown());
    let page: obshell_protocol::ocp::Page<Task> = serde_json::from_str(
        r#"{"contents":null,"page":{"number":1,"size":10,"totalElements":0,"totalPage":0}}"#,
    )
    .expect("page");
    assert!(page.contents.is_empty());
}

#[test]
fn error_envelopes_carry_sub_errors() {
    let text = r#"{"successful":false,"status":500,"traceId":"t1","server":"ocp1","timestamp":"x","duration":3,
      "error":{"code":10011,"message":"Operation on OceanBase failed","subErrors":[{"SQLState":"HY000","code":4179,"message":"not allowed"}]}}"#;
    let env: OcpEnvelope<serde_json::Value> = serde_json::from_str(text).expect("decodes");
    let err = env.error.expect("error");
    assert_eq!(err.code, 10011);
    assert_eq!(
        err.sub_errors[0].describe(),
        "OceanBase error 4179 (HY000): not allowed"
    );
    let bare: OcpEnvelope<serde_json::Value> = serde_json::from_str(
        r#"{"successful":false,"error":{"code":0,"message":"Too many requests","subErrors":null}}"#,
    )
    .expect("decodes");
    assert!(bare.error.expect("error").sub_errors.is_empty());
}

fn server(ip: &str, zone: &str, status: &str) -> Server {
    Server {
        ip: ip.into(),
        zone_name: zone.into(),
        status: status.into(),
        port: 2882,
        ..Server::default()
    }
}

fn cluster() -> Cluster {
    let zone = |name: &str, servers: Vec<Server>| Zone {
        name: name.into(),
        servers,
        ..Zone::default()
    };
    Cluster {
        id: 1,
        name: "c1".into(),
        zones: vec![
            zone("zone1", vec![server("10.0.0.1", "zone1", "RUNNING")]),
            zone("zone2", vec![server("10.0.0.2", "zone2", "RUNNING")]),
            zone(
                "zone3",
                vec![
                    server("10.0.0.3", "zone3", "RUNNING"),
                    server("10.0.0.4", "zone3", "STOPPED"),
                ],
            ),
        ],
        ..Cluster::default()
    }
}

fn tenant(status: &str) -> Tenant {
    let pool = |n: i64| {
        Some(ResourcePool {
            id: n,
            name: format!("p{n}"),
            unit_count: 1,
            unit_config: None,
        })
    };
    Tenant {
        id: 2,
        name: "t1".into(),
        status: status.into(),
        locality: "FULL{1}@zone1, FULL{1}@zone2".into(),
        zones: vec![
            TenantZone {
                name: "zone1".into(),
                replica_type: "FULL".into(),
                resource_pool: pool(1),
                units: vec![],
            },
            TenantZone {
                name: "zone2".into(),
                replica_type: "FULL".into(),
                resource_pool: pool(2),
                units: vec![],
            },
        ],
        ..Tenant::default()
    }
}

fn specs() -> Vec<UnitSpec> {
    vec![UnitSpec {
        name: "S0".into(),
        ..UnitSpec::default()
    }]
}

fn add(zone: &str, count: i64) -> ReplicaSpec {
    ReplicaSpec {
        zone_name: zone.into(),
        replica_type: ReplicaType::Full,
        resource_pool: PoolSpec {
            unit_spec_name: "S0".into(),
            unit_count: count,
        },
    }
}

#[test]
fn add_replica_rules_in_ocps_order() {
    assert!(check_add(&tenant("NORMAL"), &cluster(), &specs(), &[add("zone3", 1)]).is_empty());
    let codes_of = |v: Vec<obshell_protocol::ocp::rules::OcpViolation>| {
        v.iter().map(|x| x.code.code).collect::<Vec<_>>()
    };
    assert_eq!(
        codes_of(check_add(
            &tenant("MODIFYING"),
            &cluster(),
            &specs(),
            &[add("zone3", 1)]
        )),
        [60003]
    );
    assert_eq!(
        codes_of(check_add(
            &tenant("NORMAL"),
            &cluster(),
            &specs(),
            &[add("zone1", 1)]
        )),
        [60007]
    );
    assert_eq!(
        codes_of(check_add(
            &tenant("NORMAL"),
            &cluster(),
            &specs(),
            &[add("zone3", 0)]
        )),
        [60010]
    );
    // zone3 has two servers but one is STOPPED: two units exceed its ACTIVE servers.
    let over = check_add(&tenant("NORMAL"), &cluster(), &specs(), &[add("zone3", 2)]);
    assert_eq!(codes_of(over.clone()), [60011]);
    assert_eq!(over[0].field, Some("resourcePool.unitCount"));
    assert_eq!(
        codes_of(check_add(
            &tenant("NORMAL"),
            &cluster(),
            &specs(),
            &[add("zone9", 1)]
        )),
        [codes::OB_ZONE_NAME_NOT_FOUND.code]
    );
    let mut unknown_spec = add("zone3", 1);
    unknown_spec.resource_pool.unit_spec_name = "S9".into();
    assert_eq!(
        codes_of(check_add(
            &tenant("NORMAL"),
            &cluster(),
            &specs(),
            &[unknown_spec]
        )),
        [10002]
    );
    assert_eq!(
        codes_of(check_add(
            &tenant("NORMAL"),
            &cluster(),
            &specs(),
            &[add("zone3", 1), add("zone3", 1)]
        )),
        [60007]
    );
}

#[test]
fn oceanbase_refuses_a_pool_of_another_unit_count() {
    let mut t = tenant("NORMAL");
    for z in &mut t.zones {
        if let Some(p) = &mut z.resource_pool {
            p.unit_count = 2;
        }
    }
    let mut c = cluster();
    c.zones[2].servers[1].status = "RUNNING".into();
    let refused = check_add(&t, &c, &specs(), &[add("zone3", 1)]);
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].code, codes::COMMON_OB_OPERATION_FAILED);
    assert_eq!(
        refused[0].sub_error.as_ref().and_then(|s| s.code),
        Some(4179)
    );
    assert!(check_add(&t, &c, &specs(), &[add("zone3", 2)]).is_empty());
}

#[test]
fn delete_and_modify_rules() {
    let t = tenant("NORMAL");
    assert!(check_delete(
        &t,
        &[DeleteReplica {
            zone_name: "zone2".into()
        }]
    )
    .is_empty());
    assert_eq!(
        check_delete(
            &t,
            &[DeleteReplica {
                zone_name: "zone3".into()
            }]
        )[0]
        .code
        .code,
        60008
    );
    let both = [
        DeleteReplica {
            zone_name: "zone1".into(),
        },
        DeleteReplica {
            zone_name: "zone2".into(),
        },
    ];
    assert_eq!(check_delete(&t, &both)[0].code.code, 60006);
    let to_readonly = ModifyReplica {
        zone_name: "zone2".into(),
        replica_type: Some(ReplicaType::ReadOnly),
        resource_pool: None,
    };
    assert!(check_modify(&t, &cluster(), &specs(), std::slice::from_ref(&to_readonly)).is_empty());
    assert_eq!(
        locality_after(&t, &[], &[], &[to_readonly]).to_ob_string(),
        "FULL{1}@zone1, READONLY{1}@zone2"
    );
    let one_zone_count = ModifyReplica {
        zone_name: "zone1".into(),
        replica_type: None,
        resource_pool: Some(PoolChange {
            unit_spec_name: None,
            unit_count: Some(2),
        }),
    };
    let refused = check_modify(&t, &cluster(), &specs(), &[one_zone_count]);
    assert_eq!(
        refused.iter().map(|v| v.code.code).collect::<Vec<_>>(),
        [60011, 60012]
    );
}
