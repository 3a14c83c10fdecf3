//! Every payload the console decodes survives what a Go agent really sends: for each sample
//! answer, every list and map position is replaced by `null` (Go's nil slice or map) and every
//! struct gains a field this console does not know; each variant must decode, a `null` must
//! mean the same as the empty list or map, and an unknown field must change nothing. Enum texts
//! the console does not know are kept as written.

use std::fmt::Debug;

use obshell_protocol::obshell::model::cluster_info::{
    ClusterInfo, ClusterTopology, UnitConfigLimit,
};
use obshell_protocol::obshell::model::dashboard::{
    ClusterStatistics, ParameterTemplate, TenantCompaction, TenantCompactionHistory,
    TenantPrecheck, TenantSlowSqlCount,
};
use obshell_protocol::obshell::model::task::{
    DagDetail, NodeDetail, SubTaskDetail, SubTaskLog, TaskState,
};
use obshell_protocol::obshell::model::tenant::{
    ResourcePool, TenantInfo, TenantOverview, TenantParameter, UnitConfig,
};
use obshell_protocol::obshell::model::{AgentIdentity, AgentInfo, ObInfo, SecretInfo};
use obshell_protocol::obshell::{Contents, Envelope};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

mod samples;
use samples::*;

#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn at<'a>(root: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(root, |v, step| match step {
        Step::Key(k) => &mut v[k.as_str()],
        Step::Index(i) => &mut v[*i],
    })
}

/// Every position below the root that holds an array or an object.
fn containers(value: &Value, path: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    let children: Vec<(Step, &Value)> = match value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (Step::Index(i), v))
            .collect(),
        Value::Object(map) => map.iter().map(|(k, v)| (Step::Key(k.clone()), v)).collect(),
        _ => return,
    };
    for (step, child) in children {
        path.push(step);
        if child.is_array() || child.is_object() {
            out.push(path.clone());
        }
        containers(child, path, out);
        path.pop();
    }
}

fn decode<T: DeserializeOwned>(v: &Value) -> Result<T, String> {
    serde_json::from_value(v.clone()).map_err(|e| e.to_string())
}

/// Runs every variant of `sample` through `T`; returns how many were checked.
fn survives_go<T: DeserializeOwned + PartialEq + Debug>(name: &str, sample: Value) -> usize {
    let original: T = decode(&sample).unwrap_or_else(|e| panic!("{name}: sample: {e}"));
    let mut positions = Vec::new();
    containers(&sample, &mut Vec::new(), &mut positions);
    let mut checked = 0;
    // Structs (objects that need their fields) gain an unknown field, the root included.
    let mut structs: Vec<Vec<Step>> = vec![Vec::new()];
    for path in &positions {
        let mut empty = sample.clone();
        let slot = at(&mut empty, path);
        let is_array = slot.is_array();
        *slot = if is_array { json!([]) } else { json!({}) };
        let with_empty = decode::<T>(&empty);
        if !is_array && with_empty.is_err() {
            structs.push(path.clone());
            continue;
        }
        let with_empty =
            with_empty.unwrap_or_else(|e| panic!("{name}: empty list at {path:?}: {e}"));
        let mut nulled = sample.clone();
        *at(&mut nulled, path) = Value::Null;
        match decode::<T>(&nulled) {
            Ok(v) => {
                // `Option<Vec<_>>` keeps `None` apart from `Some([])`; both read as "none".
                let same = v == with_empty || format!("{v:?}").contains("None");
                assert!(same, "{name}: null and empty differ at {path:?}");
            }
            Err(e) => panic!("{name}: null at {path:?} (Go's nil) does not decode: {e}"),
        }
        checked += 1;
    }
    for path in structs {
        let mut extended = sample.clone();
        if let Value::Object(map) = at(&mut extended, &path) {
            map.insert("field_from_a_newer_agent".into(), json!({"x": [1, null]}));
        }
        let decoded: T = decode(&extended)
            .unwrap_or_else(|e| panic!("{name}: unknown field at {path:?} breaks decoding: {e}"));
        assert_eq!(
            decoded, original,
            "{name}: unknown field at {path:?} changed the value"
        );
        checked += 1;
    }
    checked
}

/// `obcluster/statistics` (only this test reads it).
fn statistics() -> Value {
    json!({"telemetryEnabled": true, "clusterId": "1", "reporter": "obshell-dashboard",
        "obshellVersion": "obshell 4.5.0.0 (for OceanBase_CE)", "obshellRevision": "1-abc",
        "reportTime": 1767225600, "telemetryVersion": 1,
        "hosts": [{"os": {"os": "\"centos\"", "version": "7"},
            "cpuInfo": {"frequency": "2500.000", "modelName": "Xeon", "logicalCores": 16, "physicalCores": 1},
            "basic": {"hostHash": "5fd3", "hostType": "kvm"},
            "disks": [{"used": "18G", "total": "100G", "mountHash": "4209", "deviceName": "/dev/vda1"}],
            "memoryInfo": {"free": "1 kB", "total": "2 kB", "available": "1 kB"},
            "ulimit": {"nofileHard": "1", "nofileSoft": "1", "maxUserProcessesHard": "1",
                "maxUserProcessesSoft": "1"}}],
        "instances": [{"type": "oceanbase-ce", "version": "4.3.5.2", "revision": "1", "cpuCount": 16,
            "memoryLimit": "64G", "dataFileSize": "1024G", "logDiskSize": "256G", "hostHash": "5fd3"}]})
}

#[test]
fn every_payload_survives_nil_lists_and_new_fields() {
    let mut checked = 0;
    checked += survives_go::<AgentInfo>(
        "info",
        json!({"ip": "10.0.1.1", "port": 2886, "zone": "zone1",
        "identity": "CLUSTER AGENT", "version": "4.5.0.0", "pid": 1, "state": 2, "startAt": 1,
        "homePath": "/h", "obVersion": "4.3.5.0", "architecture": "x86_64", "isObproxyAgent": false,
        "security": true, "supportedAuth": ["v2"]}),
    );
    checked += survives_go::<SecretInfo>(
        "secret",
        json!({"ip": "10.0.1.1", "port": 2886, "public_key": "AAAA"}),
    );
    let topo_server = json!({"svr_ip": "10.0.1.1", "svr_port": 2882, "sql_port": 2881, "agent_port": 2886,
        "with_rootserver": "YES", "status": "ACTIVE", "build_version": "4.3.5.0"});
    checked += survives_go::<ObInfo>(
        "ob/info",
        json!({
        "agent_info": [{"ip": "10.0.1.1", "port": 2886, "zone": "zone1", "identity": "CLUSTER AGENT", "version": "4.5.0.0"}],
        "obcluster_info": {"id": 1, "name": "demo", "version": "4.3.5.0", "is_shared_storage": false,
            "topology": {"zone1": [topo_server.clone()], "zone2": [topo_server]}}}),
    );
    checked += survives_go::<ClusterInfo>("obcluster/info", cluster_info());
    checked += survives_go::<ClusterTopology>(
        "obcluster/topology/info",
        json!({"zones": cluster_info()["zones"].clone()}),
    );
    checked += survives_go::<ClusterStatistics>("obcluster/statistics", statistics());
    checked += survives_go::<TenantPrecheck>(
        "tenant precheck",
        json!({"is_connectable": true, "is_password_exists": false, "is_empty_root_password": false}),
    );
    checked += survives_go::<TenantCompaction>(
        "tenant compaction",
        json!({"tenant_id": 1002, "frozen_scn": 1767204000000000000_i64, "frozen_time": "t",
        "global_broadcast_scn": 1767204000000000000_i64, "last_scn": 1767204000000000000_i64,
        "last_finish_time": "t", "start_time": "t", "status": "IDLE", "is_error": "NO", "is_suspended": "NO"}),
    );
    checked += survives_go::<Contents<TenantCompactionHistory>>(
        "top-compactions",
        json!({"contents": [{"tenant_id": 1002, "tenant_name": "t1", "status": "IDLE",
        "cost_time": 64, "start_time": "t", "last_finish_time": "t"}]}),
    );
    checked += survives_go::<Contents<TenantSlowSqlCount>>(
        "top-slow-sqls",
        json!({"contents": [{"tenant_id": 1002, "tenant_name": "t1", "count": 3}]}),
    );
    checked += survives_go::<Contents<ParameterTemplate>>(
        "support-templates",
        json!({"contents": [{"scenario": "OLAP", "description": "d"}]}),
    );
    checked += survives_go::<UnitConfigLimit>(
        "unit-config-limit",
        json!({"min_memory": 1.0, "min_cpu": 1}),
    );
    checked += survives_go::<Contents<TenantOverview>>(
        "tenants/overview",
        json!({"contents": [{
        "tenant_id": 1002, "tenant_name": "t1", "mode": "MYSQL", "status": "NORMAL", "locked": "NO",
        "primary_zone": "RANDOM", "locality": "FULL{1}@zone1", "in_recyclebin": "NO", "created_time": "t",
        "read_only": false, "comment": "", "connection_strings": tenant()["connection_strings"].clone()}]}),
    );
    checked += survives_go::<TenantInfo>("tenant", tenant());
    checked +=
        survives_go::<Contents<UnitConfig>>("units/config", json!({"contents": [unit_config()]}));
    checked += survives_go::<TenantParameter>(
        "parameter",
        json!({"name": "enable_rebalance", "value": "True",
        "data_type": "BOOL", "info": "", "edit_level": "DYNAMIC_EFFECTIVE"}),
    );
    checked += survives_go::<Contents<ResourcePool>>(
        "resource-pools",
        json!({"contents": [{"id": 1,
        "name": "p1", "zone_list": "zone1", "unit_num": 1, "unit_config_id": 1001, "tenant_id": 1002,
        "replica_type": "FULL", "UnitCount": 1, "CreateTime": "t", "ModifyTime": "t"}]}),
    );
    checked += survives_go::<DagDetail>("dag", dag());
    checked += survives_go::<Contents<DagDetail>>("dags", json!({"contents": [dag()]}));
    checked += survives_go::<NodeDetail>("node", node());
    checked += survives_go::<SubTaskDetail>("sub_task", sub_task());
    checked += survives_go::<Contents<SubTaskLog>>(
        "logs",
        json!({"contents": [{"id": 1, "sub_task_id": 11001,
        "execute_times": 1, "log_content": "start", "is_sync": false, "create_time": "t", "update_time": "t"}]}),
    );
    checked += survives_go::<Envelope<Value>>(
        "error envelope",
        json!({"successful": false,
        "timestamp": "t", "duration": 1, "status": 400, "traceId": "abc", "data": null,
        "error": {"code": 1001, "errCode": "OB.Zone.NotExist", "message": "m", "subErrors": [{"x": 1}]}}),
    );
    assert!(checked > 60, "only {checked} variants");
}

#[test]
fn the_agents_rough_edges_decode() {
    // A zone without servers (after a scale-in, or a half-failed new-zone scale-out), and a
    // degraded cluster whose tenants are unknown.
    let mut degraded = cluster_info();
    degraded["zones"][0]["servers"] = Value::Null;
    degraded["tenants"] = Value::Null;
    degraded["tenant_stats"] = Value::Null;
    let info: ClusterInfo = decode(&degraded).expect("degraded");
    assert!(info.zones[0].servers.is_empty() && info.tenants.is_empty());
    assert!(info.tenant_stats.is_empty());
    // Before 4.4.2 a tenant's stats carry no totals; before 4.3.0 there are none at all, and a
    // server's stats lack the disk's use.
    let mut old = cluster_info();
    old["tenant_stats"][0]
        .as_object_mut()
        .map(|m| m.remove("cpu_core_total"));
    old.as_object_mut().map(|m| m.remove("tenant_stats"));
    old["zones"][0]["servers"][0]["stats"]
        .as_object_mut()
        .map(|m| m.remove("disk_in_bytes_used"));
    let info: ClusterInfo = decode(&old).expect("older agents");
    assert!(info.tenant_stats.is_empty());
    assert_eq!(info.zones[0].servers[0].stats.disk_in_bytes_used, 0);
    let mut stat = cluster_info()["tenant_stats"][0].clone();
    stat.as_object_mut().map(|m| m.remove("cpu_core_total"));
    let stat: obshell_protocol::obshell::model::cluster_info::TenantResourceStat =
        decode(&stat).expect("a 4.4.1 tenant stat");
    assert_eq!(stat.cpu_core_total, None);
    // A SINGLE agent's ob/info: a zero cluster with `topology: null`.
    let single: ObInfo = decode(&json!({"agent_info": null,
        "obcluster_info": {"id": 0, "name": "", "version": "", "is_shared_storage": false, "topology": null}}))
    .expect("single");
    assert!(single
        .obcluster_info
        .expect("zero object")
        .topology
        .is_empty());
    // An old agent's error: a numeric code only.
    let old: Envelope<Value> = decode(&json!({"successful": false, "timestamp": "t", "duration": 0,
        "status": 401, "traceId": "", "error": {"code": 10008, "message": "Verification failed: auth expired"}}))
    .expect("old error");
    let error = old.error.expect("error");
    assert_eq!((error.code, error.err_code.as_str()), (Some(10008), ""));
}

#[test]
fn unknown_enum_values_are_kept_as_written() {
    let mut d = dag();
    d["state"] = json!("PAUSED");
    d["operator"] = json!("SUSPEND");
    let dag: DagDetail = decode(&d).expect("new state");
    assert_eq!(dag.state.as_str(), "PAUSED");
    assert!(dag.state.is_unknown() && !dag.state.is_final());
    assert_eq!(dag.operator.as_str(), "SUSPEND");
    assert_eq!(
        serde_json::to_value(dag.state).expect("ser"),
        json!("PAUSED")
    );
    assert_eq!(TaskState::from_wire("FAILED"), TaskState::Failed);
    let info: AgentInfo = decode(
        &json!({"ip": "a", "port": 1, "identity": "TAKE OVER SOMETHING", "version": "4.6.0.0"}),
    )
    .expect("new identity");
    assert_eq!(info.identity.as_str(), "TAKE OVER SOMETHING");
    assert_eq!(AgentIdentity::from_wire("SINGLE"), AgentIdentity::Single);
}
