//! Tests of the scale-in checks: which server may leave, against the tenants' placement, the
//! unfinished tasks and the agent's rules.

use super::*;

fn server(zone: &str, ip: &str) -> ScaleInServer {
    ScaleInServer {
        zone: zone.into(),
        ip: ip.into(),
        rpc_port: 2882,
        agent_port: 2886,
        status: "RUNNING".into(),
    }
}

fn tenant(name: &str, locality: &str, pools: &[(&str, i64, &[&str])]) -> TenantPlacement {
    TenantPlacement {
        name: name.into(),
        locality: Locality::parse(locality).expect("locality"),
        pools: pools
            .iter()
            .map(|(zones, unit_num, servers)| PoolPlacement {
                zones: zones.split(';').map(str::to_owned).collect(),
                unit_num: *unit_num,
                servers: servers.iter().map(|s| (*s).to_owned()).collect(),
            })
            .collect(),
    }
}

/// zone1: two servers (the console is connected to 10.0.1.1); zone2: two; zone3: one, with
/// tenant `t` (FULL in zone1 and zone2, one unit on 10.0.1.2 and 10.0.2.1) and `wide`
/// (two units per zone in zone1, zone2), and zone4: one server and no tenant.
fn cluster() -> ScaleInContext {
    ScaleInContext {
        connected: "10.0.1.1:2886".into(),
        servers: vec![
            server("zone1", "10.0.1.1"),
            server("zone1", "10.0.1.2"),
            server("zone2", "10.0.2.1"),
            server("zone2", "10.0.2.2"),
            server("zone3", "10.0.3.1"),
            server("zone4", "10.0.4.1"),
        ],
        tenants: vec![
            tenant(
                "sys",
                "FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3",
                &[("zone1;zone2;zone3", 1, &[])],
            ),
            tenant(
                "t",
                "FULL{1}@zone1, FULL{1}@zone2",
                &[("zone1;zone2", 1, &["10.0.1.2:2882", "10.0.2.1:2882"])],
            ),
        ],
        busy: Vec::new(),
    }
}

fn form(agent: &str, force_kill: bool) -> ScaleInForm {
    ScaleInForm {
        agent: agent.into(),
        force_kill,
    }
}

fn refusals(f: &ScaleInForm, ctx: &ScaleInContext) -> Vec<(&'static str, String)> {
    validate_scale_in(f, ctx)
        .expect_err("refused")
        .into_iter()
        .map(|e| (e.field, e.message))
        .collect()
}

#[test]
fn a_server_of_a_zone_that_keeps_servers_is_sent_snake_case() {
    let plan = validate_scale_in(&form("10.0.2.2:2886", false), &cluster()).expect("valid");
    assert_eq!(
        serde_json::to_string(&plan.request).expect("json"),
        r#"{"agent_info":{"ip":"10.0.2.2","port":2886},"force_kill":false}"#
    );
    assert!(plan.notes.is_empty());
    let empty = validate_scale_in(&form("10.0.4.1:2886", false), &cluster()).expect("valid");
    assert_eq!(
        empty.notes,
        ["Zone zone4 will have no server left; it stays in the cluster, empty."]
    );
}

#[test]
fn the_connected_agent_cannot_remove_itself() {
    assert_eq!(
        refusals(&form("10.0.1.1:2886", false), &cluster()),
        [(
            "server",
            "Server: 10.0.1.1:2886 is the agent this console is connected to, and an agent \
             cannot remove itself (OB.Server.DeleteSelf). Connect to another agent of the \
             cluster to remove this server."
                .to_owned()
        )]
    );
}

#[test]
fn the_last_server_of_a_zone_with_units_cannot_go() {
    let errors = refusals(&form("10.0.3.1:2886", false), &cluster());
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].0, "server");
    assert!(
        errors[0].1.starts_with(
            "Server: 10.0.3.1:2882 is the last server of zone zone3, which holds units of sys;"
        ),
        "{}",
        errors[0].1
    );
}

#[test]
fn units_per_zone_must_fit_the_servers_left() {
    let mut ctx = cluster();
    ctx.tenants.push(tenant(
        "wide",
        "FULL@zone1, FULL@zone2",
        &[("zone1;zone2", 2, &[])],
    ));
    let errors = refusals(&form("10.0.2.2:2886", false), &ctx);
    assert_eq!(
        errors,
        [(
            "server",
            "Server: tenant wide keeps 2 units in zone zone2, but after removing \
             10.0.2.2:2882 only 1 server is left there, and OceanBase puts at most one unit \
             of a tenant on a server (DELETE SERVER refuses). Lower the tenant's unit number \
             or scale out zone zone2 first."
                .to_owned()
        )]
    );
    // A server already being deleted cannot take a unit either.
    ctx.tenants.pop();
    ctx.servers[3].status = "DELETING".into();
    assert!(refusals(&form("10.0.2.1:2886", false), &ctx)[0]
        .1
        .contains("is the last server of zone zone2"));
}

#[test]
fn force_kill_needs_a_live_majority_of_every_replica_on_the_server() {
    // t has FULL replicas in two zones, one of them on 10.0.2.1: killing it leaves 1 of 2.
    let errors = refusals(&form("10.0.2.1:2886", true), &cluster());
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].0, "force kill");
    assert!(
        errors[0].1.starts_with(
            "Force kill: tenant t has FULL replicas in zone1, zone2; with 10.0.2.1:2882 \
             killed first only 1 of 2 would be alive, not a majority \
             (OB.Cluster.MultiPaxosNotAlive)."
        ),
        "{}",
        errors[0].1
    );
    // 10.0.2.2 holds only sys (three FULL zones): 2 of 3 stay alive.
    assert!(validate_scale_in(&form("10.0.2.2:2886", true), &cluster()).is_ok());
    // ... unless zone3's only server is down too.
    let mut ctx = cluster();
    ctx.servers[4].status = "UNAVAILABLE".into();
    let errors = refusals(&form("10.0.2.2:2886", true), &ctx);
    assert!(
        errors[0].1.contains("only 1 of 3 would be alive"),
        "{errors:?}"
    );
    // Without force kill OceanBase moves the units first: no majority check.
    assert!(validate_scale_in(&form("10.0.2.2:2886", false), &ctx).is_ok());
}

#[test]
fn a_task_holding_the_cluster_lock_refuses_the_form() {
    let mut ctx = cluster();
    ctx.busy.push(BusyTask {
        id: "1042".into(),
        name: "Scale out tenant replicas".into(),
        state: TaskState::Running,
    });
    let errors = refusals(&form("10.0.2.2:2886", false), &ctx);
    assert_eq!(errors[0].0, "task");
    assert!(errors[0].1.starts_with(
        "Task: 'Scale out tenant replicas' (1042) is RUNNING and keeps the cluster under \
         maintenance"
    ));
    assert_eq!(
        refusals(&form("", false), &cluster()),
        [("server", "Server: choose the OBServer to remove".to_owned())]
    );
    assert_eq!(
        refusals(&form("10.9.9.9:2886", false), &cluster())[0].1,
        "Server: 10.9.9.9:2886 is not the agent of an OBServer of this cluster"
    );
}

fn dag(id: &str, name: &str, state: TaskState, maintenance_type: i64, stage: i64) -> DagDetail {
    serde_json::from_value(serde_json::json!({
        "id": id, "dag_id": 42, "name": name, "stage": stage, "max_stage": 5,
        "maintenance_type": maintenance_type, "maintenance_key": "",
        "state": state.as_str(), "operator": "RUN",
        "start_time": "2026-12-01T07:00:00Z", "end_time": "1970-01-01T00:00:00Z"
    }))
    .expect("dag")
}

#[test]
fn which_unfinished_tasks_hold_the_cluster_lock() {
    use TaskState::{Failed, Running};
    assert!(holds_cluster_lock(&dag(
        "142",
        "Scale out tenant replicas",
        Running,
        3,
        1
    )));
    assert!(
        holds_cluster_lock(&dag("142", "Cluster scale out", Running, 0, 1)),
        "pre-4.3.1"
    );
    // A failed replica task released its tenant lock; a failed scale-out keeps the global one.
    assert!(!holds_cluster_lock(&dag(
        "142",
        "Scale out tenant replicas",
        Failed,
        3,
        1
    )));
    assert!(holds_cluster_lock(&dag(
        "142",
        "Cluster scale out",
        Failed,
        2,
        4
    )));
    // Scale-in's first step releases the lock when it fails; later steps do not.
    assert!(!holds_cluster_lock(&dag(
        "142",
        "Cluster scale in",
        Failed,
        2,
        1
    )));
    assert!(holds_cluster_lock(&dag(
        "142",
        "Cluster scale in",
        Failed,
        2,
        3
    )));
    // A local DAG locks only its own agent.
    assert!(!holds_cluster_lock(&dag(
        "20167772161028865",
        "Local scale out",
        Running,
        2,
        1
    )));
}

#[test]
fn an_older_agents_topology_and_tenant_details_give_the_same_rules() {
    let server = |ip: &str, status: &str| {
        serde_json::json!({"svr_ip": ip, "svr_port": 2882, "sql_port": 2881, "agent_port": 2886,
            "with_rootserver": "NO", "status": status, "build_version": "4.2.1.0"})
    };
    let ob: ObInfo = serde_json::from_value(serde_json::json!({
        "agent_info": [],
        "obcluster_info": {"id": 1, "name": "c", "version": "4.2.1.0", "topology": {
            "zone1": [server("10.0.1.1", "ACTIVE"), server("10.0.1.2", "ACTIVE")],
            "zone2": [server("10.0.2.1", "ACTIVE"), server("10.0.2.2", "INACTIVE")]
        }}
    }))
    .expect("ob info");
    let tenant: TenantInfo = serde_json::from_value(serde_json::json!({
        "tenant_name": "t", "tenant_id": 1002, "created_time": "2026-11-01T00:00:00Z",
        "mode": "MYSQL", "status": "NORMAL", "locked": "NO", "in_recyclebin": "NO",
        "primary_zone": "zone1", "locality": "FULL{1}@zone1, FULL{1}@zone2", "charset": "",
        "collation": "", "whitelist": "%", "read_only": false, "time_zone": "+08:00",
        "lower_case_table_names": "1", "dead_lock_detection_enabled": true,
        "connection_strings": null,
        "pools": [{"pool_name": "t_pool", "pool_id": 7, "zone_list": "zone1;zone2",
            "observer_list": "10.0.1.2:2882,10.0.2.2:2882", "unit_num": 1,
            "unit_config": {"unit_config_id": 3, "name": "u", "max_cpu": 1.0, "min_cpu": 1.0,
                "memory_size": 1, "log_disk_size": 1, "max_iops": 1, "min_iops": 1,
                "create_time": "", "modify_time": ""}}]
    }))
    .expect("tenant");
    let running = dag("1042", "Cluster scale out", TaskState::Running, 0, 3);
    let ctx = ScaleInContext::from_ob_info(
        "10.0.1.1:2886".into(),
        &ob,
        std::slice::from_ref(&tenant),
        std::slice::from_ref(&running),
    );
    assert_eq!(ctx.servers.len(), 4);
    assert_eq!(
        ctx.tenants[0].pools[0].servers,
        ["10.0.1.2:2882", "10.0.2.2:2882"]
    );
    assert_eq!(ctx.busy.len(), 1);
    let idle = ScaleInContext {
        busy: Vec::new(),
        ..ctx
    };
    // 10.0.1.2 holds t's unit in zone1, and t's other member (on 10.0.2.2) is INACTIVE.
    let errors = refusals(&form("10.0.1.2:2886", true), &idle);
    assert!(
        errors[0].1.contains("only 0 of 2 would be alive"),
        "{errors:?}"
    );
    // 10.0.1.1 holds no unit of t: force kill does not touch its log streams.
    let errors = refusals(&form("10.0.1.1:2886", true), &idle);
    assert_eq!(errors.len(), 1, "only DeleteSelf: {errors:?}");
}
