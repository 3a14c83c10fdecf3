//! The agent's "resource enough" check (docs/protocol/obshell.md §4.6 step 8): every zone needs
//! `unit_num` servers with room for one more unit; the agent reports the last server that did not
//! fit.

use crate::obshell::catalog::{self as c, Violation};
use crate::violation;

/// Free room of one server.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerRoom {
    /// `ip:rpc_port`.
    pub addr: String,
    pub zone: String,
    /// CPU capacity minus the `min_cpu` of its units.
    pub free_min_cpu: f64,
    /// CPU capacity (max) minus the `max_cpu` of its units.
    pub free_max_cpu: f64,
    pub free_memory: i64,
    /// `None` when not known: `obcluster/info` reports each server's data disk only, never its
    /// log disk, so the console cannot check the log disk the agent checks.
    pub free_log_disk: Option<i64>,
}

/// What one unit of a unit config needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitNeed {
    pub min_cpu: f64,
    pub max_cpu: f64,
    pub memory: i64,
    pub log_disk: i64,
}

impl UnitNeed {
    /// What one unit of `config` needs.
    pub fn of(config: &crate::obshell::model::tenant::UnitConfig) -> Self {
        Self {
            min_cpu: config.min_cpu,
            max_cpu: config.max_cpu,
            memory: config.memory_size,
            log_disk: config.log_disk_size,
        }
    }
}

/// How many servers of `zone` have room for one unit of `need`.
pub fn servers_with_room(zone: &str, rooms: &[ServerRoom], need: &UnitNeed) -> usize {
    rooms
        .iter()
        .filter(|r| r.zone == zone && r.misfit(need).is_none())
        .count()
}

impl ServerRoom {
    /// Which resource is short for one unit, if any (in the agent's order).
    pub fn misfit(&self, need: &UnitNeed) -> Option<&'static str> {
        if self.free_min_cpu < need.min_cpu || self.free_max_cpu < need.max_cpu {
            Some("CPU")
        } else if self.free_memory < need.memory {
            Some("MEMORY_SIZE")
        } else if self.free_log_disk.is_some_and(|free| free < need.log_disk) {
            Some("LOG_DISK_SIZE")
        } else {
            None
        }
    }
}

/// Checks one zone: `unit_num` units of `need` on distinct servers of `rooms` (the zone's servers).
pub fn check_zone_room(
    zone: &str,
    rooms: &[ServerRoom],
    need: &UnitNeed,
    unit_num: i64,
) -> Result<(), Violation> {
    let servers: Vec<&ServerRoom> = rooms.iter().filter(|r| r.zone == zone).collect();
    if usize::try_from(unit_num).unwrap_or(usize::MAX) > servers.len() {
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
        match server.misfit(need) {
            Some(what) => last = Some(violation!(c::RESOURCE_NOT_ENOUGH, server.addr, what)),
            None => valid += 1,
        }
    }
    match last {
        Some(v) if valid < unit_num => Err(v),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn room(addr: &str, memory_gib: i64) -> ServerRoom {
        ServerRoom {
            addr: addr.into(),
            zone: "z".into(),
            free_min_cpu: 8.0,
            free_max_cpu: 8.0,
            free_memory: memory_gib << 30,
            free_log_disk: Some(100 << 30),
        }
    }

    #[test]
    fn reports_the_last_server_that_does_not_fit() {
        let need = UnitNeed {
            min_cpu: 2.0,
            max_cpu: 2.0,
            memory: 8 << 30,
            log_disk: 24 << 30,
        };
        let rooms = [room("a:2882", 4), room("b:2882", 16), room("c:2882", 6)];
        assert!(check_zone_room("z", &rooms, &need, 1).is_ok());
        let v = check_zone_room("z", &rooms, &need, 2).expect_err("one server has room");
        assert_eq!(
            v.message(),
            "Server c:2882 MEMORY_SIZE resource not enough."
        );
        assert_eq!(
            check_zone_room("z", &rooms, &need, 4)
                .expect_err("three servers")
                .code(),
            "OB.Tenant.UnitNum.ExceedsLimit"
        );
        let cpu = UnitNeed {
            min_cpu: 9.0,
            ..need
        };
        assert_eq!(
            check_zone_room("z", &rooms, &cpu, 1)
                .expect_err("cpu")
                .message(),
            "Server c:2882 CPU resource not enough."
        );
        let log = UnitNeed {
            memory: 1 << 30,
            log_disk: 200 << 30,
            ..need
        };
        assert_eq!(
            check_zone_room("z", &rooms, &log, 1)
                .expect_err("log disk")
                .message(),
            "Server c:2882 LOG_DISK_SIZE resource not enough."
        );
        let unknown: Vec<ServerRoom> = rooms
            .iter()
            .map(|r| ServerRoom {
                free_log_disk: None,
                ..r.clone()
            })
            .collect();
        assert!(
            check_zone_room("z", &unknown, &log, 1).is_ok(),
            "an unknown log disk is not checked (and not guessed from the data disk)"
        );
    }
}
