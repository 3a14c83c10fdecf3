//! What each node does to the cluster model when it runs (`apply.rs`; `revert.rs`: how a
//! rollback undoes it).

mod apply;
mod revert;

use chrono::{DateTime, Utc};
use obshell_protocol::obshell::catalog::Violation;
use serde::{Deserialize, Serialize};

use crate::obshell::model::{Cluster, IdleHost, Server, Unit};

/// A pool to create for a new replica.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolSpec {
    pub zone: String,
    pub config: String,
    pub unit_num: i64,
}

/// A step failed the way a real one would, with one of the agent's error codes (logged as
/// `[errCode]: message`).
pub type StepError = Violation;

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
}

pub(super) fn set_unit_num(cluster: &mut Cluster, tenant_id: i64, to: i64, now: DateTime<Utc>) {
    let pool_ids: Vec<i64> = cluster.tenant_pools(tenant_id).map(|p| p.id).collect();
    for pool_id in pool_ids {
        let Some(pool) = cluster.pools.iter().find(|p| p.id == pool_id).cloned() else {
            continue;
        };
        let Some(config) = cluster.unit_config_by_id(pool.unit_config_id).cloned() else {
            continue;
        };
        let mut units = pool.units.clone();
        for zone in &pool.zones {
            let have: Vec<String> = units
                .iter()
                .filter(|u| &u.zone == zone)
                .map(|u| u.server.clone())
                .collect();
            let want = usize::try_from(to).unwrap_or(1);
            if have.len() < want {
                for server in cluster.place_units(zone, &config, want - have.len(), &have) {
                    units.push(Unit {
                        id: cluster.new_id(),
                        zone: zone.clone(),
                        server,
                    });
                }
            } else {
                let mut extra = have.len() - want;
                units.retain(|u| {
                    if &u.zone == zone
                        && extra > 0
                        && have.iter().skip(want).any(|s| s == &u.server)
                    {
                        extra -= 1;
                        false
                    } else {
                        true
                    }
                });
            }
        }
        if let Some(p) = cluster.pools.iter_mut().find(|p| p.id == pool_id) {
            p.units = units;
            p.unit_num = to;
            p.modified = now;
        }
    }
}
