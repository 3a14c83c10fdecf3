//! Sample answers of the agent, one per payload the console decodes, shared by the null-list
//! test and the property tests.

use serde_json::{json, Value};

pub fn sub_task() -> Value {
    json!({"id": "11001", "task_id": 1001, "name": "Alter tenant locality", "state": "FAILED",
        "operator": "RUN", "start_time": "2026-12-01T10:00:00+08:00", "end_time": "2026-12-01T10:00:05+08:00",
        "additional_data": {"zone": "zone3"}, "execute_times": 1,
        "execute_agent": {"ip": "10.0.1.1", "port": 2886}, "task_logs": ["start", "ERROR: boom"]})
}

pub fn node() -> Value {
    json!({"id": "1101", "node_id": 101, "name": "Alter locality", "state": "FAILED", "operator": "RUN",
        "start_time": "t", "end_time": "t", "additional_data": {"k": 1}, "sub_tasks": [sub_task()]})
}

pub fn dag() -> Value {
    json!({"id": "1201", "dag_id": 201, "name": "Scale out tenant replicas", "stage": 2, "max_stage": 3,
        "maintenance_type": 1, "maintenance_key": "t1", "state": "FAILED", "operator": "RUN",
        "start_time": "t", "end_time": "t", "additional_data": {}, "nodes": [node(), node()]})
}

pub fn unit_config() -> Value {
    json!({"unit_config_id": 1001, "name": "small", "max_cpu": 2.0, "min_cpu": 2.0,
        "memory_size": 4294967296_i64, "log_disk_size": 12884901888_i64, "data_disk_size": 0,
        "max_iops": 1000, "min_iops": 1000, "create_time": "t", "modify_time": "t"})
}

pub fn tenant() -> Value {
    let conn = json!({"type": "direct", "obproxy_address": "10.0.1.1", "obproxy_port": 2881,
        "connection_string": "obclient -h10.0.1.1 -P2881 -uroot@t1 -p"});
    json!({"tenant_name": "t1", "tenant_id": 1002, "created_time": "t", "mode": "MYSQL",
        "status": "NORMAL", "locked": "NO", "in_recyclebin": "NO", "comment": "", "primary_zone": "RANDOM",
        "locality": "FULL{1}@zone1, FULL{1}@zone2", "charset": "utf8mb4", "collation": "utf8mb4_general_ci",
        "whitelist": "%", "read_only": false, "time_zone": "+08:00", "lower_case_table_names": "1",
        "dead_lock_detection_enabled": true,
        "pools": [{"pool_name": "p1", "pool_id": 1, "zone_list": "zone1", "observer_list": "10.0.1.1:2882",
            "unit_num": 1, "unit_config": unit_config()}],
        "connection_strings": [conn]})
}

pub fn stats() -> Value {
    json!({"cpu_core_total": 16.0, "cpu_core_assigned": 4.0, "cpu_core_assigned_percent": 25.0,
        "memory_total": "32.0G", "memory_assigned": "8.0G", "memory_in_bytes_total": 34359738368_i64,
        "memory_in_bytes_assigned": 8589934592_i64, "memory_assigned_percent": 25.0,
        "disk_total": "100.0G", "disk_assigned": "10.0G", "disk_in_bytes_total": 107374182400_i64,
        "disk_in_bytes_assigned": 10737418240_i64, "disk_assigned_percent": 10.0})
}

pub fn cluster_info() -> Value {
    let mut server_stats = stats();
    if let Value::Object(m) = &mut server_stats {
        m.insert("ip".into(), json!("10.0.1.1"));
        m.insert("port".into(), json!(2882));
        m.insert("zone".into(), json!("zone1"));
        m.insert("disk_used".into(), json!("10.00 GB"));
        m.insert("disk_free".into(), json!("90.00 GB"));
        m.insert("disk_in_bytes_used".into(), json!(10737418240_i64));
        m.insert("disk_in_bytes_free".into(), json!(96636764160_i64));
        m.insert("disk_used_percent".into(), json!(10.0));
    }
    let server = json!({"id": 1, "ip": "10.0.1.1", "svr_port": 2882, "sql_port": 2881, "version": "4.3.5.0",
        "with_rootserver": true, "status": "RUNNING", "ob_status": 1, "inner_status": "ACTIVE",
        "start_time": "t", "stop_time": "", "stats": server_stats, "architecture": "x86_64",
        "data_dir": "/d", "redo_dir": "/r", "log_dir": "/l", "obshell_port": 2886});
    json!({"cluster_name": "demo", "cluster_id": 1, "status": "RUNNING", "is_community_edition": true,
        "is_standalone": false, "ob_version": "4.3.5.0", "dead_lock_detection_enabled": true,
        "startup_mode": "NORMAL", "is_shared_storage": false, "stats": stats(),
        "zones": [{"name": "zone1", "idc_name": "idc1", "region_name": "hz", "status": "RUNNING",
            "inner_status": "ACTIVE", "root_server": {"ip": "10.0.1.1", "role": "LEADER", "zone": "zone1",
            "svr_port": 2882}, "servers": [server]}],
        "tenants": [tenant()],
        "tenant_stats": [{"tenant_id": 1002, "tenant_name": "t1", "cpu_used_percent": 12.5,
            "memory_used_percent": 40.0, "data_disk_usage": 10737418240_i64, "cpu_core_total": 4.0,
            "memory_in_bytes_total": 8589934592_i64}]})
}
