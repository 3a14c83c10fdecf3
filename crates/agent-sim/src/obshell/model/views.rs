//! The model as the agent's endpoints present it: the cluster (`tenant_views.rs`: its tenants,
//! pools and unit configs).

use std::collections::BTreeMap;

use obshell_protocol::obshell::model::cluster_info::{
    ClusterInfo, ClusterServer, ClusterZone, ResourceStats, RootServer, ServerStats,
};
use obshell_protocol::obshell::model::{
    AgentBrief, AgentIdentity, ObClusterBrief, ObInfo, TopologyServer,
};

use serde_json::Value;

use super::stats::cluster_stats;
use super::Cluster;
use crate::clock::go_time;

/// Go marshals a nil slice or map as `null` (docs/protocol/obshell.md §3.2). The agent builds these
/// lists by appending to a nil slice or by reading a map entry that may be missing, so an empty one
/// is `null` on the wire; every other list the simulator writes is built with `make(…, 0)` or read
/// by gorm's `Find` in the agent, which give `[]`:
/// - `obcluster/info` `zones` (`info.Zones = append(…)`, `buildZonesInfo`), each zone's `servers`
///   (`zoneToServersMap[zone]`, `collectZoneAndServerData`), `tenants` (`info.Tenants =
///   append(…)`, `buildBasicClusterInfo`; never filled in degraded mode), `tenant_stats` (the
///   same, `calculateTenantStats`);
/// - `ob/info` `obcluster_info.topology` where the agent does not build it (`GetObInfo`);
/// - `/task/dag/unfinish` `contents` on a cluster agent (`append(agentsDags, clusterDags...)`
///   with both empty stays nil, `GetUnfinishedDags`).
pub fn nil_when_empty(value: &mut Value, key: &str) {
    if let Value::Object(map) = value {
        let empty = match map.get(key) {
            Some(Value::Array(items)) => items.is_empty(),
            Some(Value::Object(items)) => items.is_empty(),
            _ => false,
        };
        if empty {
            map.insert(key.to_owned(), Value::Null);
        }
    }
}

/// Go's zero `time.Time`.
const GO_ZERO_TIME: &str = "0001-01-01T00:00:00Z";

impl Cluster {
    /// `GET /api/v1/ob/info` as the agent's `GetObInfo` answers for `identity` (`me` is the
    /// agent itself; `ob_down`: OceanBase unreachable): `SINGLE` and `SCALING IN` give only
    /// themselves and a zero `obcluster_info`; `MASTER` (and a `FOLLOWER`, which forwards to it)
    /// and a cluster agent whose OceanBase is down give the agents and the cluster's name and
    /// id from local data; in all these `topology` is `null`.
    pub fn ob_info_json(&self, identity: AgentIdentity, me: AgentBrief, ob_down: bool) -> Value {
        let mut info = self.ob_info();
        let full = match identity {
            AgentIdentity::Single | AgentIdentity::ScalingIn => {
                info.agent_info = vec![me];
                info.obcluster_info = Some(ObClusterBrief {
                    id: 0,
                    name: String::new(),
                    version: String::new(),
                    topology: BTreeMap::new(),
                    is_shared_storage: false,
                });
                false
            }
            AgentIdentity::Master | AgentIdentity::Follower => false,
            _ => !ob_down,
        };
        if !full {
            if let Some(brief) = info.obcluster_info.as_mut() {
                brief.version.clear();
            }
        }
        let mut v = serde_json::to_value(info).unwrap_or(Value::Null);
        if !full {
            if let Some(brief) = v.get_mut("obcluster_info") {
                brief["topology"] = Value::Null;
            }
        }
        v
    }

    /// `GET /api/v1/obcluster/info` as Go marshals it (see [`nil_when_empty`]); `with_totals`:
    /// `tenant_stats` carry the tenants' CPU and memory totals (4.4.2.0 and later).
    pub fn cluster_info_json(&self, with_totals: bool) -> Value {
        go_nils(serde_json::to_value(self.cluster_info(with_totals)).unwrap_or(Value::Null))
    }

    /// `GET /api/v1/obcluster/topology/info`: the zones of `obcluster/info`, or of its degraded
    /// form when OceanBase does not answer (`GetObclusterTopology`, `buildDegradedTopology`).
    pub fn topology_json(&self, ob_down: bool) -> Value {
        let info = if ob_down {
            self.degraded_cluster_info_json()
        } else {
            self.cluster_info_json(false)
        };
        serde_json::json!({ "zones": info["zones"] })
    }

    /// `buildDegradedClusterInfo` (OceanBase unreachable): name and id from local data, the
    /// status from the observer's state (`NOT RUNNING`), zones and servers from the local agent
    /// table only (a zone without agents is not there), every statistic zero, `tenants: null`.
    pub fn degraded_cluster_info_json(&self) -> Value {
        let mut zones: Vec<ClusterZone> = Vec::new();
        for (z, s) in self.servers() {
            let server = ClusterServer {
                id: 0,
                ip: s.ip.clone(),
                svr_port: s.rpc_port,
                sql_port: s.sql_port,
                version: String::new(),
                with_rootserver: false,
                // `fixObserverStatus` with no inner status and no process: PROCESS_STOPPED.
                status: "PROCESS_STOPPED".to_owned(),
                ob_status: 0,
                inner_status: String::new(),
                start_time: GO_ZERO_TIME.to_owned(),
                stop_time: GO_ZERO_TIME.to_owned(),
                stats: ServerStats::default(),
                architecture: "x86_64".to_owned(),
                data_dir: s.data_dir.clone(),
                redo_dir: s.redo_dir.clone(),
                log_dir: "/home/admin/oceanbase/log".to_owned(),
                obshell_port: s.agent_port,
            };
            match zones.iter_mut().find(|x| x.name == z.name) {
                Some(zone) => zone.servers.push(server),
                None => zones.push(ClusterZone {
                    name: z.name.clone(),
                    idc_name: String::new(),
                    region_name: String::new(),
                    // `fixZoneStatus` with no inner status.
                    status: "UNKNOWN".to_owned(),
                    inner_status: String::new(),
                    root_server: None,
                    servers: vec![server],
                }),
            }
        }
        let info = ClusterInfo {
            cluster_name: self.name.clone(),
            cluster_id: self.id,
            status: "NOT RUNNING".to_owned(),
            is_community_edition: false,
            is_standalone: false,
            ob_version: String::new(),
            dead_lock_detection_enabled: false,
            startup_mode: String::new(),
            is_shared_storage: false,
            stats: ResourceStats::default(),
            zones,
            tenants: Vec::new(),
            tenant_stats: Vec::new(),
        };
        go_nils(serde_json::to_value(info).unwrap_or(Value::Null))
    }

    /// `GET /api/v1/ob/info` of a cluster agent that reaches its OceanBase.
    pub fn ob_info(&self) -> ObInfo {
        let agent_info = self
            .servers()
            .map(|(z, s)| AgentBrief {
                ip: s.ip.clone(),
                port: s.agent_port,
                zone: z.name.clone(),
                identity: AgentIdentity::ClusterAgent,
                version: self.agent_version.clone(),
            })
            .collect();
        // `getClusterConfig` groups the servers by zone: a zone without servers is not there.
        let topology: BTreeMap<String, Vec<TopologyServer>> = self
            .zones
            .iter()
            .filter(|z| !z.servers.is_empty())
            .map(|z| {
                let servers = z
                    .servers
                    .iter()
                    .map(|s| TopologyServer {
                        svr_ip: s.ip.clone(),
                        svr_port: s.rpc_port,
                        sql_port: s.sql_port,
                        agent_port: s.agent_port,
                        with_rootserver: if s.with_rootserver { "YES" } else { "NO" }.to_owned(),
                        status: s.status.clone(),
                        build_version: self.build_version.clone(),
                    })
                    .collect();
                (z.name.clone(), servers)
            })
            .collect();
        ObInfo {
            agent_info,
            obcluster_info: Some(ObClusterBrief {
                id: self.id,
                name: self.name.clone(),
                version: self.ob_version.clone(),
                topology,
                is_shared_storage: false,
            }),
        }
    }

    /// `GET /api/v1/obcluster/info`.
    pub fn cluster_info(&self, with_totals: bool) -> ClusterInfo {
        let zones: Vec<ClusterZone> = self
            .zones
            .iter()
            .map(|z| {
                let servers: Vec<ClusterServer> = z
                    .servers
                    .iter()
                    .enumerate()
                    .map(|(i, s)| ClusterServer {
                        id: i64::try_from(i).unwrap_or_default() + 1,
                        ip: s.ip.clone(),
                        svr_port: s.rpc_port,
                        sql_port: s.sql_port,
                        version: self.build_version.clone(),
                        with_rootserver: s.with_rootserver,
                        status: if s.status == "DELETING" {
                            "DELETING"
                        } else {
                            "RUNNING"
                        }
                        .to_owned(),
                        ob_status: 3,
                        inner_status: s.status.clone(),
                        start_time: go_time(s.start_time),
                        // OceanBase's `stop_time` is NULL for a running server: Go's zero time.
                        stop_time: GO_ZERO_TIME.to_owned(),
                        stats: self.server_stats(&z.name, s),
                        architecture: "x86_64".to_owned(),
                        data_dir: s.data_dir.clone(),
                        redo_dir: s.redo_dir.clone(),
                        log_dir: "/home/admin/oceanbase/log".to_owned(),
                        obshell_port: s.agent_port,
                    })
                    .collect();
                let root_server =
                    z.servers
                        .iter()
                        .find(|s| s.with_rootserver)
                        .map(|s| RootServer {
                            ip: s.ip.clone(),
                            role: if z.name == "zone1" {
                                "LEADER"
                            } else {
                                "FOLLOWER"
                            }
                            .to_owned(),
                            zone: z.name.clone(),
                            svr_port: s.rpc_port,
                        });
                ClusterZone {
                    name: z.name.clone(),
                    idc_name: z.idc.clone(),
                    region_name: z.region.clone(),
                    status: if z.status == "ACTIVE" {
                        "RUNNING"
                    } else {
                        "STOPPED"
                    }
                    .to_owned(),
                    inner_status: z.status.clone(),
                    root_server,
                    servers,
                }
            })
            .collect();
        let stats = cluster_stats(
            zones
                .iter()
                .flat_map(|z| z.servers.iter().map(|s| &s.stats.resources)),
        );
        ClusterInfo {
            cluster_name: self.name.clone(),
            cluster_id: self.id,
            status: "AVAILABLE".to_owned(),
            is_community_edition: true,
            is_standalone: false,
            ob_version: self.ob_version.clone(),
            dead_lock_detection_enabled: true,
            startup_mode: "NORMAL".to_owned(),
            is_shared_storage: false,
            stats,
            zones,
            tenants: self.tenants.iter().map(|t| self.tenant_info(t)).collect(),
            tenant_stats: self.tenant_stats(with_totals),
        }
    }
}

/// The Go forms of `obcluster/info`: nil lists (see [`nil_when_empty`]), and a zone without a
/// root server carries the zero `RootServer` struct, not `null` (it is no pointer).
fn go_nils(mut v: Value) -> Value {
    if let Some(zones) = v.get_mut("zones").and_then(Value::as_array_mut) {
        for zone in zones {
            nil_when_empty(zone, "servers");
            if zone.get("root_server").is_some_and(Value::is_null) {
                zone["root_server"] =
                    serde_json::json!({"ip": "", "role": "", "zone": "", "svr_port": 0});
            }
        }
    }
    nil_when_empty(&mut v, "zones");
    nil_when_empty(&mut v, "tenants");
    nil_when_empty(&mut v, "tenant_stats");
    v
}
