//! Response payloads of the agent endpoints the console reads (docs/protocol/obshell.md §4.1–§4.2)
//! and of the routes the agent's own dashboard reads (§4.12).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::nullable::{nullable, nullable_lists};

/// `GET /api/v1/secret`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretInfo {
    pub ip: String,
    pub port: u16,
    pub public_key: String,
}

crate::open_enum! {
    /// What an agent is, as `/api/v1/info` reports it.
    pub enum AgentIdentity {
        Master = "MASTER",
        Follower = "FOLLOWER",
        Single = "SINGLE",
        ClusterAgent = "CLUSTER AGENT",
        TakeOverMaster = "TAKE OVER MASTER",
        TakeOverFollower = "TAKE OVER FOLLOWER",
        ScalingOut = "SCALING OUT",
        ScalingIn = "SCALING IN",
        Unidentified = "UNIDENTIFIED",
    }
}

/// `GET /api/v1/info`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentInfo {
    pub ip: String,
    pub port: u16,
    #[serde(default)]
    pub zone: String,
    pub identity: AgentIdentity,
    pub version: String,
    #[serde(default)]
    pub pid: i64,
    #[serde(default)]
    pub state: i32,
    #[serde(rename = "startAt", default)]
    pub start_at: i64,
    #[serde(rename = "homePath", default)]
    pub home_path: String,
    #[serde(rename = "obVersion", default)]
    pub ob_version: String,
    #[serde(default)]
    pub architecture: String,
    #[serde(rename = "isObproxyAgent", default)]
    pub is_obproxy_agent: bool,
    #[serde(default)]
    pub security: bool,
    /// Absent before 4.2.5; `None` then, so the console can tell "not said" from "none".
    #[serde(
        rename = "supportedAuth",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub supported_auth: Option<Vec<String>>,
}

/// One agent in `ob/info`'s `agent_info`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentBrief {
    pub ip: String,
    pub port: u16,
    pub zone: String,
    pub identity: AgentIdentity,
    pub version: String,
}

/// One OBServer in `ob/info`'s topology.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopologyServer {
    pub svr_ip: String,
    /// RPC port (2882 by default).
    pub svr_port: u16,
    /// MySQL port (2881 by default).
    pub sql_port: u16,
    pub agent_port: u16,
    /// `"YES"` or `"NO"`.
    pub with_rootserver: String,
    /// `ACTIVE`, `INACTIVE`, `DELETING`, or `STOPPED`.
    pub status: String,
    pub build_version: String,
}

impl TopologyServer {
    pub fn is_root_service(&self) -> bool {
        self.with_rootserver.eq_ignore_ascii_case("YES")
    }
}

/// `ob/info`'s `obcluster_info`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObClusterBrief {
    pub id: i64,
    pub name: String,
    pub version: String,
    /// Zone name → servers; zones come sorted by name, as Go marshals a map.
    /// `null` for SINGLE, MASTER and SCALING IN agents and when OceanBase is unreachable.
    #[serde(default, deserialize_with = "nullable_lists")]
    pub topology: BTreeMap<String, Vec<TopologyServer>>,
    #[serde(default)]
    pub is_shared_storage: bool,
}

/// `GET /api/v1/ob/info`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObInfo {
    #[serde(default, deserialize_with = "nullable")]
    pub agent_info: Vec<AgentBrief>,
    #[serde(default)]
    pub obcluster_info: Option<ObClusterBrief>,
}

pub mod cluster_info;
pub mod dashboard;
pub mod task;
pub mod tenant;
