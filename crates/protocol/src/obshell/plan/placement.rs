//! The placement an operator asks for: per zone the replica type and unit config, the tenant's
//! one unit number and its primary zone (docs/protocol/obshell.md §4.3, §4.6, §4.13).

use crate::obshell::catalog::{self as c, Violation};
use crate::obshell::replica::{
    check_primary_zone, normalise_primary_zone, primary_zone_reached, Locality, TenantReplicas,
    Topology, FULL, READONLY,
};
use crate::violation;

/// One zone's replica in a placement.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ZonePlacement {
    pub zone: String,
    /// `FULL` or `READONLY`.
    pub replica_type: String,
    pub unit_config: String,
}

/// A tenant's placement. The agent keeps one unit number for every zone of a tenant
/// (docs/protocol/obshell.md §4.3), so there is one `unit_num`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Placement {
    /// Zones holding a replica, in display order.
    pub zones: Vec<ZonePlacement>,
    pub unit_num: i64,
    /// As the operator wrote it; `""` and `random` mean `RANDOM`.
    pub primary_zone: String,
}

impl Placement {
    /// The placement `tenant` has now (a zone without a pool reads with an empty unit config).
    pub fn of(tenant: &TenantReplicas) -> Self {
        Self {
            zones: tenant
                .locality
                .iter()
                .map(|(zone, kind)| ZonePlacement {
                    zone: zone.to_owned(),
                    replica_type: kind.to_owned(),
                    unit_config: tenant.unit_config_of(zone).unwrap_or_default().to_owned(),
                })
                .collect(),
            unit_num: tenant.unit_num,
            primary_zone: tenant.primary_zone.clone(),
        }
    }

    pub fn get(&self, zone: &str) -> Option<&ZonePlacement> {
        self.zones.iter().find(|z| z.zone == zone)
    }

    /// The locality this placement asks for.
    pub fn locality(&self) -> Locality {
        let mut locality = Locality::default();
        for z in &self.zones {
            locality.set(&z.zone, &z.replica_type);
        }
        locality
    }

    /// The primary zone as the agent stores it (§4.3 step 3).
    pub fn normalised_primary_zone(&self) -> String {
        normalise_primary_zone(&self.primary_zone)
    }

    /// `tenant` is at this placement: the same replicas, types, unit configs and unit number,
    /// and a primary zone the agent's DAG would count as reached.
    pub fn is_reached_by(&self, tenant: &TenantReplicas) -> bool {
        tenant.locality.len() == self.zones.len()
            && self.zones.iter().all(|z| {
                tenant.locality.get(&z.zone) == Some(z.replica_type.as_str())
                    && tenant.unit_config_of(&z.zone) == Some(z.unit_config.as_str())
            })
            && tenant.unit_num == self.unit_num
            && primary_zone_reached(&tenant.primary_zone, &self.normalised_primary_zone())
    }

    /// What the target itself must satisfy, whatever the path: each type is one the routes take,
    /// the unit number is positive, and the primary zone passes the agent's primary-zone checks
    /// against the target's own replicas (so it names only zones that keep a replica).
    pub(super) fn check_target(
        &self,
        tenant: &TenantReplicas,
        topo: &impl Topology,
    ) -> Result<(), Violation> {
        let mut seen: Vec<&str> = Vec::new();
        for z in &self.zones {
            if seen.contains(&z.zone.as_str()) {
                return Err(violation!(c::ZONE_REPEATED, z.zone));
            }
            seen.push(&z.zone);
            if z.replica_type != FULL && z.replica_type != READONLY {
                return Err(violation!(c::REPLICA_TYPE_INVALID, z.replica_type));
            }
            if z.unit_config.is_empty() {
                return Err(violation!(c::UNIT_CONFIG_NAME_EMPTY));
            }
        }
        if self.unit_num <= 0 {
            return Err(violation!(
                c::UNIT_NUM_INVALID,
                self.unit_num,
                "unit num should be greater than 0"
            ));
        }
        let end = TenantReplicas {
            locality: self.locality(),
            primary_zone: self.normalised_primary_zone(),
            enable_rebalance: true,
            ..tenant.clone()
        };
        check_primary_zone(&end, &end.primary_zone, topo)
    }
}
