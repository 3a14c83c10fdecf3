//! What a node does to the cluster model, as a DAG stores it (`engine/effects`: how it runs and
//! how a rollback undoes it).

use serde::{Deserialize, Serialize};

use super::{IdleHost, Server, Zone};

/// A pool to create for a new replica.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolSpec {
    pub zone: String,
    pub config: String,
    pub unit_num: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Effect {
    /// Only writes its log lines.
    Log(Vec<String>),
    CreatePools {
        tenant: String,
        pools: Vec<PoolSpec>,
        ts: i64,
    },
    /// `to: None` removes the zone's replica; `prev` is filled when applied.
    AlterLocality {
        tenant: String,
        zone: String,
        to: Option<String>,
        prev: Option<String>,
    },
    SplitPools {
        tenant: String,
        pools: Vec<String>,
    },
    DropPools {
        tenant: String,
        zones: Vec<String>,
    },
    AlterUnitConfig {
        tenant: String,
        changes: Vec<(String, String)>,
        prev: Vec<(i64, i64)>,
    },
    AlterUnitNum {
        tenant: String,
        to: i64,
        prev: Option<i64>,
    },
    AddZone {
        zone: String,
        region: String,
    },
    AddServer {
        zone: String,
        ip: String,
        rpc_port: u16,
        sql_port: u16,
        agent_port: u16,
    },
    /// The new host's agent joins: it leaves the idle hosts.
    AddAgent {
        ip: String,
        port: u16,
        taken: Option<IdleHost>,
    },
    MarkServerDeleting {
        ip: String,
        agent_port: u16,
    },
    RemoveServer {
        ip: String,
        agent_port: u16,
        removed: Option<(String, Server)>,
    },
    RemoveAgent {
        ip: String,
        port: u16,
        version: String,
        ob_version: String,
    },
    /// The primary-zone DAG's step: the route has already altered it, so it usually finds the
    /// target reached and only says so.
    AlterPrimaryZone {
        tenant: String,
        to: String,
    },
    /// `ALTER SYSTEM STOP ZONE`, until the zone is inactive.
    StopZone {
        zone: String,
    },
    /// `ALTER SYSTEM DELETE ZONE`; `removed` keeps the zone for a rollback.
    RemoveZone {
        zone: String,
        removed: Option<Zone>,
    },
    /// Several of the above in one step, in order (a rollback undoes them backwards).
    Steps(Vec<Effect>),
}
