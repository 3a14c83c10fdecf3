//! The cluster's figures as a client reads them (docs/protocol/obshell.md §4.2, §4.12):
//! `obcluster/statistics`, `obcluster/topology/info`, and `obcluster/info`'s per-server disk use
//! and `tenant_stats`, each consistent with what the other routes say of the same cluster.

mod support;

use axum::http::StatusCode;
use obshell_protocol::obshell::model::cluster_info::{ClusterInfo, ClusterTopology};
use obshell_protocol::obshell::model::dashboard::ClusterStatistics;
use obshell_protocol::obshell::model::AgentIdentity;
use obshell_sim::obshell::AgentConfig;
use serde_json::{json, Value};
use support::Agent;

const GIB: i64 = 1 << 30;

async fn data(agent: &Agent, uri: &str) -> Value {
    let answer = agent.call("GET", uri, None).await;
    assert_eq!(answer.status, StatusCode::OK, "{uri}: {:?}", answer.body);
    answer.body["data"].clone()
}

async fn cluster_info(agent: &Agent) -> ClusterInfo {
    serde_json::from_value(data(agent, "/api/v1/obcluster/info").await).expect("ClusterInfo")
}

#[tokio::test]
async fn statistics_describe_every_host_and_observer_of_the_summary() {
    let agent = Agent::new();
    let info = cluster_info(&agent).await;
    let stats: ClusterStatistics =
        serde_json::from_value(data(&agent, "/api/v1/obcluster/statistics").await).expect("stats");
    assert_eq!(stats.telemetry_enabled, Some(true));
    assert_eq!(stats.cluster_id, info.cluster_id.to_string());
    assert_eq!(stats.reporter, "obshell-dashboard");
    assert_eq!(stats.obshell_version, "obshell 4.5.0.0 (for OceanBase_CE)");
    assert!(stats.obshell_revision.starts_with("100000012026050800-"));
    assert_eq!(stats.report_time, agent.now());
    let servers: Vec<_> = info.zones.iter().flat_map(|z| &z.servers).collect();
    assert_eq!(stats.hosts.len(), servers.len());
    assert_eq!(stats.instances.len(), servers.len());
    // The host hash is SHA-1 of the IP: the same for a host and its observer.
    assert_eq!(
        stats.instances[0].host_hash,
        "5fd399c0cff1fe99157a80eb0ac92c0e6f7603f7"
    );
    for (server, instance) in servers.iter().zip(&stats.instances) {
        let host = stats
            .hosts
            .iter()
            .find(|h| h.basic.host_hash == instance.host_hash)
            .unwrap_or_else(|| panic!("a host for {}", server.ip));
        assert_eq!(instance.kind, "oceanbase-ce");
        assert_eq!(instance.version, info.ob_version);
        assert_eq!(instance.revision, "102000042025060614");
        let r = &server.stats.resources;
        assert_eq!(instance.cpu_count as f64, r.cpu_core_total);
        assert_eq!(
            instance.memory_limit,
            format!("{}G", r.memory_in_bytes_total / GIB)
        );
        assert_eq!(
            instance.data_file_size,
            format!("{}G", r.disk_in_bytes_total / GIB)
        );
        let cores = host.cpu.logical_cores as f64;
        assert!(cores >= r.cpu_core_total, "the host holds its observer");
        assert_eq!(host.os.os, "\"centos\"");
        assert_eq!(host.disks.len(), 2);
    }
}

#[tokio::test]
async fn statistics_leave_out_what_the_agent_cannot_read() {
    let agent = Agent::new();
    agent.state.set_ob_down(true);
    let down = data(&agent, "/api/v1/obcluster/statistics").await;
    assert_eq!(down["hosts"], json!([]), "the agent table is in OceanBase");
    let instances = down["instances"].as_array().expect("from the local table");
    assert_eq!(instances.len(), 6);
    assert_eq!(
        instances[0],
        json!({"type": "oceanbase", "version": "", "revision": "", "cpuCount": 0,
            "memoryLimit": "", "dataFileSize": "", "logDiskSize": "",
            "hostHash": "5fd399c0cff1fe99157a80eb0ac92c0e6f7603f7"})
    );
    assert_ne!(down["clusterId"], "0");
    let single = Agent::with_config(AgentConfig {
        identity: AgentIdentity::Single,
        ..AgentConfig::default()
    });
    let lone = data(&single, "/api/v1/obcluster/statistics").await;
    assert_eq!(
        (&lone["clusterId"], &lone["hosts"], &lone["instances"]),
        (&json!("0"), &json!([]), &json!([]))
    );
}

#[tokio::test]
async fn topology_is_the_summarys_zones_degraded_alike_for_cluster_agents_only() {
    let agent = Agent::new();
    let info = data(&agent, "/api/v1/obcluster/info").await;
    let topology = data(&agent, "/api/v1/obcluster/topology/info").await;
    assert_eq!(topology.as_object().map(|o| o.len()), Some(1));
    assert_eq!(topology["zones"], info["zones"]);
    let typed: ClusterTopology = serde_json::from_value(topology).expect("ClusterTopology");
    assert_eq!(typed.zones.len(), 3);
    agent.state.set_ob_down(true);
    let info = data(&agent, "/api/v1/obcluster/info").await;
    let topology = data(&agent, "/api/v1/obcluster/topology/info").await;
    assert_eq!(topology["zones"], info["zones"]);
    assert_eq!(
        topology["zones"][0]["servers"][0]["status"],
        "PROCESS_STOPPED"
    );
    // Not a pointer in Go: a zone without a known root server has the zero struct.
    assert_eq!(
        topology["zones"][0]["root_server"],
        json!({"ip": "", "role": "", "zone": "", "svr_port": 0})
    );
    let single = Agent::with_config(AgentConfig {
        identity: AgentIdentity::Single,
        ..AgentConfig::default()
    });
    let refused = single
        .call("GET", "/api/v1/obcluster/topology/info", None)
        .await;
    assert_eq!(
        (refused.status.as_u16(), refused.err_code()),
        (400, "Agent.Identify.NotSupportOperation")
    );
}

#[tokio::test]
async fn server_disk_use_is_the_data_disk_and_adds_up_to_the_cluster() {
    let agent = Agent::new();
    let info = cluster_info(&agent).await;
    let raw = data(&agent, "/api/v1/obcluster/info").await;
    let mut used = 0;
    for (z, zone) in info.zones.iter().enumerate() {
        for (s, server) in zone.servers.iter().enumerate() {
            let st = &server.stats;
            let r = &st.resources;
            assert_eq!(r.disk_in_bytes_total, 1024 * GIB, "the data disk");
            assert_eq!(st.disk_in_bytes_used, r.disk_in_bytes_assigned);
            assert_eq!(
                st.disk_in_bytes_used + st.disk_in_bytes_free,
                r.disk_in_bytes_total
            );
            assert!(st.disk_in_bytes_used > 0);
            assert_eq!(
                st.disk_used_percent,
                st.disk_in_bytes_used as f64 / r.disk_in_bytes_total as f64 * 100.0
            );
            assert_eq!(r.memory_total, "64.00 GB");
            assert_eq!(server.stop_time, "0001-01-01T00:00:00Z");
            // The agent writes all five keys.
            let keys = &raw["zones"][z]["servers"][s]["stats"];
            for key in [
                "disk_in_bytes_used",
                "disk_in_bytes_free",
                "disk_used_percent",
            ] {
                assert!(keys.get(key).is_some(), "{key}");
            }
            used += st.disk_in_bytes_used;
        }
    }
    assert_eq!(info.stats.disk_in_bytes_assigned, used);
    let tenants: i64 = info.tenant_stats.iter().map(|t| t.data_disk_usage).sum();
    assert_eq!(tenants, used, "the tenants' units are what the disks hold");
}

/// Each tenant's CPU and memory totals as its pools in `GET /tenant/:name` give them: one unit per
/// server of a pool's `observer_list`, each the pool's unit config.
async fn unit_totals(agent: &Agent, tenant: &str) -> (f64, i64) {
    let info = data(agent, &format!("/api/v1/tenant/{tenant}")).await;
    let mut totals = (0.0, 0);
    for pool in info["pools"].as_array().expect("pools") {
        let units = pool["observer_list"]
            .as_str()
            .map_or(0, |l| l.split(',').filter(|s| !s.is_empty()).count());
        let config = &pool["unit_config"];
        totals.0 += config["max_cpu"].as_f64().unwrap_or_default() * units as f64;
        totals.1 += config["memory_size"].as_i64().unwrap_or_default() * units as i64;
    }
    totals
}

#[tokio::test]
async fn tenant_stats_follow_the_units_the_tenants_have() {
    let agent = Agent::new();
    let info = cluster_info(&agent).await;
    let names: Vec<&str> = info
        .tenants
        .iter()
        .map(|t| t.tenant_name.as_str())
        .collect();
    let stat_names: Vec<&str> = info
        .tenant_stats
        .iter()
        .map(|t| t.tenant_name.as_str())
        .collect();
    assert_eq!(stat_names, names);
    for stat in &info.tenant_stats {
        let (cpu, memory) = unit_totals(&agent, &stat.tenant_name).await;
        assert_eq!(stat.cpu_core_total, Some(cpu), "{}", stat.tenant_name);
        assert_eq!(
            stat.memory_in_bytes_total,
            Some(memory),
            "{}",
            stat.tenant_name
        );
        assert!((0.0..=100.0).contains(&stat.cpu_used_percent));
        assert!((0.0..=100.0).contains(&stat.memory_used_percent));
        assert!(stat.data_disk_usage > 0);
    }
    let before = info.tenant_stats[1].clone();
    assert_eq!(before.tenant_name, "orders");
    let added = agent
        .call(
            "POST",
            "/api/v1/tenant/orders/replicas",
            Some(
                r#"{"zone_list":[{"name":"zone3","unit_config_name":"unit_8c32g","unit_num":1}]}"#,
            ),
        )
        .await;
    let id = added.body["data"]["id"].as_str().expect("a DAG").to_owned();
    assert_eq!(agent.run_dag(&id).await["state"], "SUCCEED");
    let after = cluster_info(&agent).await.tenant_stats[1].clone();
    assert_eq!(after.cpu_core_total, before.cpu_core_total.map(|c| c + 8.0));
    assert_eq!(
        after.memory_in_bytes_total,
        before.memory_in_bytes_total.map(|m| m + 32 * GIB)
    );
    assert_eq!(
        after.data_disk_usage * 2,
        before.data_disk_usage * 3,
        "a third replica of the same data"
    );
    agent.state.set_ob_down(true);
    assert_eq!(
        data(&agent, "/api/v1/obcluster/info").await["tenant_stats"],
        Value::Null
    );
}
