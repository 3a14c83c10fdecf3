//! The simulated OceanBase cluster: zones, servers and their agents.

use std::collections::BTreeMap;

use obshell_protocol::model::{AgentBrief, AgentIdentity, ObClusterBrief, ObInfo, TopologyServer};

/// One OBServer with the agent beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    pub ip: String,
    pub rpc_port: u16,
    pub sql_port: u16,
    pub agent_port: u16,
    /// OceanBase's status: `ACTIVE`, `INACTIVE`, `DELETING`, or `STOPPED`.
    pub status: String,
    pub with_rootserver: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    pub name: String,
    pub region: String,
    pub idc: String,
    pub servers: Vec<Server>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    pub id: i64,
    pub name: String,
    /// OceanBase version, e.g. `4.3.5.2`.
    pub ob_version: String,
    pub build_version: String,
    pub agent_version: String,
    pub zones: Vec<Zone>,
}

impl Cluster {
    /// The demo cluster that `make run` starts: three zones in two regions, two servers each.
    pub fn demo() -> Self {
        let zone = |n: u8, region: &str| Zone {
            name: format!("zone{n}"),
            region: region.to_owned(),
            idc: format!("idc{n}"),
            servers: (1..=2u8)
                .map(|s| Server {
                    ip: format!("10.0.{n}.{s}"),
                    rpc_port: 2882,
                    sql_port: 2881,
                    agent_port: 2886,
                    status: "ACTIVE".to_owned(),
                    with_rootserver: s == 1,
                })
                .collect(),
        };
        Self {
            id: 1_732_500_000,
            name: "demo".to_owned(),
            ob_version: "4.3.5.2".to_owned(),
            build_version: "4.3.5.2_102000042025060614-e0b4fb54b7d4d8b4a2e3e8e3b1b2b5cbbe9f3e47(Jun  6 2025 14:00:00)".to_owned(),
            agent_version: "4.5.0.0-100000012026050800".to_owned(),
            zones: vec![zone(1, "hangzhou"), zone(2, "hangzhou"), zone(3, "shanghai")],
        }
    }

    /// `GET /api/v1/ob/info`.
    pub fn ob_info(&self) -> ObInfo {
        let agent_info = self
            .zones
            .iter()
            .flat_map(|z| {
                z.servers.iter().map(|s| AgentBrief {
                    ip: s.ip.clone(),
                    port: s.agent_port,
                    zone: z.name.clone(),
                    identity: AgentIdentity::ClusterAgent,
                    version: self.agent_version.clone(),
                })
            })
            .collect();
        let topology: BTreeMap<String, Vec<TopologyServer>> = self
            .zones
            .iter()
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
}
