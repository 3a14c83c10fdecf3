//! The simulated OceanBase cluster: topology, tenants, unit configs, pools with their units,
//! and idle hosts waiting to be scaled out. Everything the agent's checks read.

mod compaction;
mod effect;
pub mod fail_rule;
mod resources;
mod seed;
mod statistics;
mod stats;
mod tasks;
mod tenant_views;
mod views;
pub mod world;

pub use effect::{Effect, PoolSpec};
pub use fail_rule::FailRule;
pub use tasks::{
    Caps, Dag, LogLine, Node, Phase, SubTask, TaskStore, MAINTENANCE_GLOBAL, MAINTENANCE_NONE,
    MAINTENANCE_TENANT,
};
pub use tenant_views::{tenant_parameter, unit_config_dto};
pub use views::nil_when_empty;

use chrono::{DateTime, Utc};
use obshell_protocol::obshell::catalog::Violation;
use obshell_protocol::obshell::replica::{Locality, PoolView, TenantReplicas, Topology};
use serde::{Deserialize, Serialize};

pub use compaction::Compaction;
pub use resources::check_resource_enough;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Server {
    pub ip: String,
    pub rpc_port: u16,
    pub sql_port: u16,
    pub agent_port: u16,
    /// `ACTIVE`, `INACTIVE` or `DELETING`.
    pub status: String,
    pub with_rootserver: bool,
    pub cpu_capacity: f64,
    pub cpu_capacity_max: f64,
    pub mem_capacity: i64,
    pub log_disk_capacity: i64,
    pub data_disk_capacity: i64,
    pub start_time: DateTime<Utc>,
    pub data_dir: String,
    pub redo_dir: String,
}

impl Server {
    /// `ip:rpc_port`, how OceanBase names a server.
    pub fn addr(&self) -> String {
        format!("{}:{}", self.ip, self.rpc_port)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Zone {
    pub name: String,
    pub region: String,
    pub idc: String,
    /// `ACTIVE` or `INACTIVE`.
    pub status: String,
    pub servers: Vec<Server>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitConfigRec {
    pub id: i64,
    pub name: String,
    pub max_cpu: f64,
    pub min_cpu: f64,
    pub memory_size: i64,
    pub log_disk_size: i64,
    pub max_iops: i64,
    pub min_iops: i64,
    pub created: DateTime<Utc>,
    pub modified: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: i64,
    pub zone: String,
    /// `ip:rpc_port` of the server holding the unit.
    pub server: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pool {
    pub id: i64,
    pub name: String,
    pub unit_config_id: i64,
    pub unit_num: i64,
    pub tenant_id: Option<i64>,
    pub zones: Vec<String>,
    pub units: Vec<Unit>,
    pub created: DateTime<Utc>,
    pub modified: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tenant {
    pub id: i64,
    pub name: String,
    /// `MYSQL` or `ORACLE`.
    pub mode: String,
    pub status: String,
    pub locked: bool,
    pub primary_zone: String,
    /// As OceanBase reports it: `FULL{1}@zone1, FULL{1}@zone2`.
    pub locality: String,
    pub created: DateTime<Utc>,
    pub comment: String,
    pub charset: String,
    pub collation: String,
    pub whitelist: String,
    pub time_zone: String,
    /// Tenant parameters the console reads (`enable_rebalance` = `True` / `False`).
    pub parameters: Vec<(String, String)>,
    /// `root@<tenant>`'s password; the agent knows it (its password map holds it), as for a
    /// tenant created through the agent. Empty: no password.
    #[serde(default)]
    pub root_password: String,
}

impl Tenant {
    pub fn parameter(&self, name: &str) -> Option<&str> {
        self.parameters
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn locality(&self) -> Locality {
        Locality::parse(&self.locality).unwrap_or_default()
    }
}

/// A host with a `SINGLE` agent that `scale_out` can take into the cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdleHost {
    pub ip: String,
    pub port: u16,
    /// obshell version.
    pub version: String,
    pub ob_version: String,
    pub home_path: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    pub id: i64,
    pub name: String,
    pub ob_version: String,
    pub build_version: String,
    pub agent_version: String,
    pub zones: Vec<Zone>,
    pub unit_configs: Vec<UnitConfigRec>,
    pub pools: Vec<Pool>,
    pub tenants: Vec<Tenant>,
    pub idle_hosts: Vec<IdleHost>,
    /// Next id for configs, pools, units and tenants (OceanBase's ids are per kind; one counter
    /// is enough for uniqueness here).
    pub next_id: i64,
}

impl Cluster {
    pub fn new_id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }

    pub fn zone(&self, name: &str) -> Option<&Zone> {
        self.zones.iter().find(|z| z.name == name)
    }

    pub fn zone_mut(&mut self, name: &str) -> Option<&mut Zone> {
        self.zones.iter_mut().find(|z| z.name == name)
    }

    pub fn servers(&self) -> impl Iterator<Item = (&Zone, &Server)> {
        self.zones
            .iter()
            .flat_map(|z| z.servers.iter().map(move |s| (z, s)))
    }

    pub fn tenant(&self, name: &str) -> Option<&Tenant> {
        self.tenants.iter().find(|t| t.name == name)
    }

    pub fn tenant_mut(&mut self, name: &str) -> Option<&mut Tenant> {
        self.tenants.iter_mut().find(|t| t.name == name)
    }

    pub fn unit_config(&self, name: &str) -> Option<&UnitConfigRec> {
        self.unit_configs.iter().find(|u| u.name == name)
    }

    pub fn unit_config_by_id(&self, id: i64) -> Option<&UnitConfigRec> {
        self.unit_configs.iter().find(|u| u.id == id)
    }

    pub fn tenant_pools(&self, tenant_id: i64) -> impl Iterator<Item = &Pool> {
        self.pools
            .iter()
            .filter(move |p| p.tenant_id == Some(tenant_id))
    }

    /// The tenant's unit number (all its pools share it).
    pub fn tenant_unit_num(&self, tenant_id: i64) -> i64 {
        self.tenant_pools(tenant_id)
            .map(|p| p.unit_num)
            .next()
            .unwrap_or(0)
    }

    /// What the replica rules need to know about a tenant; a locality the agent cannot read is
    /// its `OB.Tenant.Locality.Format.Unexpected`.
    pub fn replica_view(&self, tenant: &Tenant) -> Result<TenantReplicas, Violation> {
        let pools = self
            .tenant_pools(tenant.id)
            .map(|p| PoolView {
                name: p.name.clone(),
                zones: p.zones.clone(),
                unit_config: self
                    .unit_config_by_id(p.unit_config_id)
                    .map(|u| u.name.clone())
                    .unwrap_or_default(),
            })
            .collect();
        Ok(TenantReplicas {
            name: tenant.name.clone(),
            locality: Locality::parse(&tenant.locality)?,
            primary_zone: tenant.primary_zone.clone(),
            unit_num: self.tenant_unit_num(tenant.id),
            enable_rebalance: tenant.parameter("enable_rebalance") == Some("True"),
            pools,
        })
    }
}

impl Topology for Cluster {
    fn zone_exists(&self, zone: &str) -> bool {
        self.zone(zone).is_some()
    }

    fn server_count(&self, zone: &str) -> usize {
        self.zone(zone).map_or(0, |z| z.servers.len())
    }

    fn region_of(&self, zone: &str) -> String {
        self.zone(zone)
            .map(|z| z.region.clone())
            .unwrap_or_default()
    }

    fn unit_config_exists(&self, name: &str) -> bool {
        self.unit_config(name).is_some()
    }
}
