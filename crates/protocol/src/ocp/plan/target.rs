//! The placement a person asks OCP for (docs/protocol/ocp.md §4.6): per zone the replica type and
//! the unit spec, one unit count for the tenant, and the primary zone.

use serde::{Deserialize, Serialize};

use crate::ocp::model::{Tenant, UnitSpec};
use crate::ocp::rules::{locality_of, tenant_unit_count};

/// One zone of the target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OcpZoneTarget {
    pub zone: String,
    /// FULL, LOGONLY or READONLY.
    pub replica_type: String,
    /// The unit spec wanted; `None` keeps a zone's pool as it is (a pool no spec matches).
    pub unit_spec: Option<String>,
}

/// A tenant's target placement on OCP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OcpTarget {
    pub zones: Vec<OcpZoneTarget>,
    pub unit_count: i64,
    pub primary_zone: String,
}

/// The unit spec whose CPU and memory a zone's pool has, when one does: OCP's tenant detail gives
/// a pool's unit config, not the spec's name.
pub fn spec_of<'a>(tenant: &Tenant, zone: &str, specs: &'a [UnitSpec]) -> Option<&'a str> {
    let config = tenant
        .zones
        .iter()
        .find(|z| z.name == zone)?
        .resource_pool
        .as_ref()?
        .unit_config?;
    specs
        .iter()
        .find(|s| {
            s.max_cpu_core_count == config.max_cpu_core_count
                && s.max_memory_size == config.max_memory_size
        })
        .map(|s| s.name.as_str())
}

impl OcpTarget {
    /// Where the tenant is now, as a target (the table's first rows).
    pub fn of(tenant: &Tenant, specs: &[UnitSpec]) -> Self {
        Self {
            zones: locality_of(tenant)
                .iter()
                .map(|(zone, kind)| OcpZoneTarget {
                    zone: zone.to_owned(),
                    replica_type: kind.to_owned(),
                    unit_spec: spec_of(tenant, zone, specs).map(str::to_owned),
                })
                .collect(),
            unit_count: tenant_unit_count(tenant).unwrap_or(1),
            primary_zone: tenant.primary_zone.clone(),
        }
    }

    pub fn get(&self, zone: &str) -> Option<&OcpZoneTarget> {
        self.zones.iter().find(|z| z.zone == zone)
    }

    /// The primary zone as OCP keeps it: trimmed, `RANDOM` for none.
    pub fn normalised_primary_zone(&self) -> String {
        let pz = self.primary_zone.trim();
        if pz.is_empty() || pz.eq_ignore_ascii_case("RANDOM") {
            "RANDOM".to_owned()
        } else {
            pz.split(';')
                .map(|g| g.split(',').map(str::trim).collect::<Vec<_>>().join(","))
                .collect::<Vec<_>>()
                .join(";")
        }
    }

    /// `tenant` shows this target: the same zones and types, the unit count, each zone's spec
    /// where one is asked, and the primary zone.
    pub fn is_reached_by(&self, tenant: &Tenant, specs: &[UnitSpec]) -> bool {
        let locality = locality_of(tenant);
        locality.iter().count() == self.zones.len()
            && self.zones.iter().all(|z| {
                locality.get(&z.zone) == Some(z.replica_type.as_str())
                    && z.unit_spec
                        .as_deref()
                        .is_none_or(|s| spec_of(tenant, &z.zone, specs) == Some(s))
            })
            && tenant_unit_count(tenant) == Some(self.unit_count)
            && crate::plan::same_primary_zone(&tenant.primary_zone, &self.primary_zone)
    }
}
