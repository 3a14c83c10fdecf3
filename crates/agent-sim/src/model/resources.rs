//! Server resources: what the units on a server use, the agent's "resource enough" check, and
//! where new units go.

use obshell_protocol::catalog::{self as c, Violation};
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

    /// Why one unit of `config` does not fit on `server`, if it does not.
    fn misfit(&self, server: &Server, config: &UnitConfigRec) -> Option<&'static str> {
        let used = self.used_on(&server.addr());
        if server.cpu_capacity - used.min_cpu < config.min_cpu
            || server.cpu_capacity_max - used.max_cpu < config.max_cpu
        {
            Some("CPU")
        } else if server.mem_capacity - used.memory < config.memory_size {
            Some("MEMORY_SIZE")
        } else if server.log_disk_capacity - used.log_disk < config.log_disk_size {
            Some("LOG_DISK_SIZE")
        } else {
            None
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
        let Some(zone) = self.zone(zone) else {
            return Vec::new();
        };
        let mut fitting: Vec<(&Server, i64)> = zone
            .servers
            .iter()
            .filter(|s| !exclude.contains(&s.addr()) && self.misfit(s, config).is_none())
            .map(|s| (s, s.mem_capacity - self.used_on(&s.addr()).memory))
            .collect();
        fitting.sort_by_key(|entry| std::cmp::Reverse(entry.1));
        fitting
            .into_iter()
            .take(unit_num)
            .map(|(s, _)| s.addr())
            .collect()
    }
}

/// The agent's check that every zone has `unit_num` servers with room for one unit: it reports
/// the last server that did not fit.
pub fn check_resource_enough(
    cluster: &Cluster,
    zones: &[(String, String, i64)],
) -> Result<(), Violation> {
    for (zone, config, unit_num) in zones {
        let servers = cluster
            .zone(zone)
            .map(|z| z.servers.as_slice())
            .unwrap_or_default();
        let Some(config) = cluster.unit_config(config) else {
            return Err(violation!(c::UNIT_CONFIG_NOT_EXIST, config));
        };
        if usize::try_from(*unit_num).unwrap_or(usize::MAX) > servers.len() {
            return Err(violation!(
                c::UNIT_NUM_EXCEEDS_LIMIT,
                unit_num,
                servers.len(),
                zone
            ));
        }
        let mut valid = 0i64;
        let mut last = None;
        for server in servers {
            match cluster.misfit(server, config) {
                Some(what) => last = Some(violation!(c::RESOURCE_NOT_ENOUGH, server.addr(), what)),
                None => valid += 1,
            }
        }
        if valid < *unit_num {
            if let Some(v) = last {
                return Err(v);
            }
        }
    }
    Ok(())
}
