//! Server resources: what the units on a server use, the agent's "resource enough" check (the
//! shared rule of the protocol crate), and where new units go.

use obshell_protocol::obshell::catalog::{self as c, Violation};
use obshell_protocol::obshell::replica::{check_zone_room, ServerRoom, UnitNeed};
use obshell_protocol::violation;

use super::{Cluster, Server, UnitConfigRec};

/// What the units on one server use.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Used {
    pub min_cpu: f64,
    pub max_cpu: f64,
    pub memory: i64,
    pub log_disk: i64,
}

pub fn need_of(config: &UnitConfigRec) -> UnitNeed {
    UnitNeed {
        min_cpu: config.min_cpu,
        max_cpu: config.max_cpu,
        memory: config.memory_size,
        log_disk: config.log_disk_size,
    }
}

impl Cluster {
    /// Resources the units on `server` (`ip:rpc_port`) use.
    pub fn used_on(&self, server: &str) -> Used {
        let mut used = Used::default();
        for pool in &self.pools {
            let Some(config) = self.unit_config_by_id(pool.unit_config_id) else {
                continue;
            };
            for _ in pool.units.iter().filter(|u| u.server == server) {
                used.min_cpu += config.min_cpu;
                used.max_cpu += config.max_cpu;
                used.memory += config.memory_size;
                used.log_disk += config.log_disk_size;
            }
        }
        used
    }

    pub fn room_of(&self, zone: &str, server: &Server) -> ServerRoom {
        let used = self.used_on(&server.addr());
        ServerRoom {
            addr: server.addr(),
            zone: zone.to_owned(),
            free_min_cpu: server.cpu_capacity - used.min_cpu,
            free_max_cpu: server.cpu_capacity_max - used.max_cpu,
            free_memory: server.mem_capacity - used.memory,
            free_log_disk: Some(server.log_disk_capacity - used.log_disk),
        }
    }

    /// The `unit_num` servers of `zone` with the most free memory that can hold a unit of
    /// `config` (OceanBase's placement is more elaborate; this keeps the demo balanced).
    pub fn place_units(
        &self,
        zone: &str,
        config: &UnitConfigRec,
        unit_num: usize,
        exclude: &[String],
    ) -> Vec<String> {
        let Some(z) = self.zone(zone) else {
            return Vec::new();
        };
        let need = need_of(config);
        let mut fitting: Vec<ServerRoom> = z
            .servers
            .iter()
            .filter(|s| !exclude.contains(&s.addr()))
            .map(|s| self.room_of(zone, s))
            .filter(|r| r.misfit(&need).is_none())
            .collect();
        fitting.sort_by_key(|r| std::cmp::Reverse(r.free_memory));
        fitting.into_iter().take(unit_num).map(|r| r.addr).collect()
    }
}

/// The agent's check that every zone has `unit_num` servers with room for one unit.
pub fn check_resource_enough(
    cluster: &Cluster,
    zones: &[(String, String, i64)],
) -> Result<(), Violation> {
    for (zone, config, unit_num) in zones {
        let Some(config) = cluster.unit_config(config) else {
            return Err(violation!(c::UNIT_CONFIG_NOT_EXIST, config));
        };
        let rooms: Vec<ServerRoom> = cluster
            .zone(zone)
            .map(|z| z.servers.iter().map(|s| cluster.room_of(zone, s)).collect())
            .unwrap_or_default();
        check_zone_room(zone, &rooms, &need_of(config), *unit_num)?;
    }
    Ok(())
}
