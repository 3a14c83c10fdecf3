//! The checks of add / delete / modify replicas, in the agent's order. Resource and
//! maintenance-lock checks come after these and need the cluster's live state, so they stay
//! with the caller.

use std::collections::BTreeSet;

use super::locality::{Locality, FULL, READONLY};
use super::types::{AddZone, ModifyPlan, ModifyZone, TenantReplicas, Topology};
use crate::obshell::catalog::{self as c, Violation};
use crate::violation;

pub(super) const RANDOM: &str = "RANDOM";

/// The FULL zones of the first `;`-group of `primary_zone` that has any (all FULL zones for
/// `RANDOM`): the leaders' preferred place. Compared as a set.
pub fn first_priority_full_zones(locality: &Locality, primary_zone: &str) -> BTreeSet<String> {
    if primary_zone == RANDOM {
        return locality
            .iter()
            .filter(|(_, t)| *t == FULL)
            .map(|(z, _)| z.to_owned())
            .collect();
    }
    for group in primary_zone.split(';') {
        let zones: BTreeSet<String> = group
            .split(',')
            .filter(|z| locality.get(z) == Some(FULL))
            .map(str::to_owned)
            .collect();
        if !zones.is_empty() {
            return zones;
        }
    }
    BTreeSet::new()
}

fn check_rebalance_rule(t: &TenantReplicas, new: &Locality) -> Result<(), Violation> {
    let before = first_priority_full_zones(&t.locality, &t.primary_zone);
    let after = first_priority_full_zones(new, &t.primary_zone);
    if before != after && !t.enable_rebalance {
        return Err(violation!(
            c::REBALANCE_DISABLED,
            "Change first priority zone of locality"
        ));
    }
    Ok(())
}

pub(super) fn check_region_rule(
    primary_zone: &str,
    new: &Locality,
    topo: &impl Topology,
) -> Result<(), Violation> {
    let first: Vec<String> = if primary_zone == RANDOM {
        new.zones().map(str::to_owned).collect()
    } else {
        primary_zone
            .split(';')
            .next()
            .unwrap_or_default()
            .split(',')
            .map(str::to_owned)
            .collect()
    };
    let mut region = String::new();
    for zone in &first {
        let r = topo.region_of(zone);
        if region.is_empty() {
            region = r;
        } else if region != r {
            return Err(violation!(c::PRIMARY_ZONE_CROSS_REGION, primary_zone));
        }
    }
    let region = first.first().map(|z| topo.region_of(z)).unwrap_or_default();
    if new.zones().all(|z| topo.region_of(z) == region) {
        return Ok(());
    }
    let full = new
        .iter()
        .filter(|(z, t)| topo.region_of(z) == region && matches!(*t, FULL | "F" | ""))
        .count();
    if full < 2 {
        return Err(violation!(c::PRIMARY_REGION_FULL_NOT_ENOUGH, region, full));
    }
    Ok(())
}

fn check_replica_type(kind: &str) -> Result<(), Violation> {
    if kind != FULL && kind != READONLY && !kind.is_empty() {
        return Err(violation!(c::REPLICA_TYPE_INVALID, kind));
    }
    Ok(())
}

/// Add replicas (docs/protocol/obshell.md §4.6 steps 1–7). Normalises `replica_type` in place
/// (empty → FULL, else upper-cased) as the agent does, and returns the new locality.
pub fn check_add(
    t: &TenantReplicas,
    zones: &mut [AddZone],
    topo: &impl Topology,
) -> Result<Locality, Violation> {
    for z in zones.iter_mut() {
        z.replica_type = if z.replica_type.is_empty() {
            FULL.to_owned()
        } else {
            z.replica_type.to_uppercase()
        };
    }
    if zones.is_empty() {
        return Err(violation!(c::ZONE_LIST_EMPTY));
    }
    let mut seen: Vec<&str> = Vec::new();
    let mut unit_num = 0;
    for z in zones.iter() {
        if seen.contains(&z.name.as_str()) {
            return Err(violation!(c::ZONE_REPEATED, z.name));
        }
        seen.push(&z.name);
        if z.unit_config_name.is_empty() {
            return Err(violation!(c::UNIT_CONFIG_NAME_EMPTY));
        }
        check_replica_type(&z.replica_type)?;
        if z.unit_num <= 0 {
            return Err(violation!(
                c::UNIT_NUM_INVALID,
                z.unit_num,
                "unit num should be greater than 0"
            ));
        }
        if unit_num != 0 && z.unit_num != unit_num {
            return Err(violation!(c::UNIT_NUM_INCONSISTENT));
        }
        unit_num = z.unit_num;
    }
    for z in zones.iter() {
        if !topo.zone_exists(&z.name) {
            return Err(violation!(c::ZONE_NOT_EXIST, z.name));
        }
        if !topo.unit_config_exists(&z.unit_config_name) {
            return Err(violation!(c::UNIT_CONFIG_NOT_EXIST, z.unit_config_name));
        }
        let servers = topo.server_count(&z.name);
        if usize::try_from(z.unit_num).unwrap_or(usize::MAX) > servers {
            return Err(violation!(
                c::UNIT_NUM_EXCEEDS_LIMIT,
                z.unit_num,
                servers,
                z.name
            ));
        }
    }
    if let Some(z) = zones.iter().find(|z| t.locality.contains(&z.name)) {
        return Err(violation!(c::ZONE_ALREADY_HAS_REPLICA, z.name));
    }
    if zones[0].unit_num != t.unit_num {
        return Err(violation!(c::UNIT_NUM_INCONSISTENT));
    }
    let mut new = t.locality.clone();
    for z in zones.iter() {
        new.set(&z.name, &z.replica_type);
        if t.has_pool_on(&z.name) {
            return Err(violation!(c::HAS_POOL_ON_ZONE, z.name));
        }
    }
    check_rebalance_rule(t, &new)?;
    check_region_rule(&t.primary_zone, &new, topo)?;
    Ok(new)
}

/// Delete replicas (docs/protocol/obshell.md §4.6). `Ok(None)` when none of `zones` has a replica
/// (the agent answers 204); otherwise the zones that will go, in request order, and the new
/// locality.
pub fn check_delete(
    t: &TenantReplicas,
    zones: &[String],
    topo: &impl Topology,
) -> Result<Option<(Vec<String>, Locality)>, Violation> {
    let kept: Vec<String> = zones
        .iter()
        .filter(|z| t.locality.contains(z))
        .cloned()
        .collect();
    if kept.is_empty() {
        return Ok(None);
    }
    if t.locality.len() == 1 {
        return Err(violation!(c::ONLY_ONE_REPLICA, t.name));
    }
    let before = t.locality.full_count();
    let after = t
        .locality
        .iter()
        .filter(|(z, k)| *k == FULL && !kept.iter().any(|d| d == z))
        .count();
    if !(after > 1 || (after == 1 && before == 1)) {
        return Err(violation!(c::LOCALITY_PRINCIPAL_NOT_ALLOWED));
    }
    let mut new = t.locality.clone();
    for z in &kept {
        new.remove(z);
    }
    check_rebalance_rule(t, &new)?;
    check_region_rule(&t.primary_zone, &new, topo)?;
    Ok(Some((kept, new)))
}

/// Modify replicas (docs/protocol/obshell.md §4.6). `replica_type` is *not* upper-cased on this
/// route.
pub fn check_modify(
    t: &TenantReplicas,
    entries: &[ModifyZone],
    topo: &impl Topology,
) -> Result<ModifyPlan, Violation> {
    if entries.is_empty() {
        return Err(violation!(c::ZONE_LIST_EMPTY));
    }
    if let Some(e) = entries.iter().find(|e| !t.locality.contains(&e.zone_name)) {
        return Err(violation!(c::ZONE_WITHOUT_REPLICA, e.zone_name));
    }
    let (mut given, mut unit_num) = (0usize, 0i64);
    for e in entries {
        if let Some(kind) = &e.replica_type {
            check_replica_type(kind)?;
        }
        if let Some(n) = e.unit_num {
            if n <= 0 {
                return Err(violation!(
                    c::UNIT_NUM_INVALID,
                    n,
                    "unit num must be greater than 0"
                ));
            }
            let servers = topo.server_count(&e.zone_name);
            if usize::try_from(n).unwrap_or(usize::MAX) > servers {
                return Err(violation!(
                    c::UNIT_NUM_EXCEEDS_LIMIT,
                    n,
                    servers,
                    e.zone_name
                ));
            }
            if unit_num != 0 && n != unit_num {
                return Err(violation!(c::UNIT_NUM_INCONSISTENT));
            }
            unit_num = n;
            given += 1;
        }
        if let Some(name) = &e.unit_config_name {
            if !topo.unit_config_exists(name) {
                return Err(violation!(c::UNIT_CONFIG_NOT_EXIST, name));
            }
        }
    }
    if unit_num != 0 && given != t.locality.len() && unit_num != t.unit_num {
        return Err(violation!(c::MODIFY_UNIT_NUM_PARTIALLY));
    }
    if unit_num != 0 && unit_num != t.unit_num && !t.enable_rebalance {
        return Err(violation!(c::REBALANCE_DISABLED, "modify unit num"));
    }
    let before = t.locality.full_count();
    let mut after = before;
    for e in entries {
        let current = t.locality.get(&e.zone_name);
        match e.replica_type.as_deref() {
            Some(FULL) if current != Some(FULL) => after += 1,
            Some(READONLY) if current == Some(FULL) => after = after.saturating_sub(1),
            _ => {}
        }
    }
    if after < 1 || (after == 1 && before > 1) {
        return Err(violation!(c::LOCALITY_PRINCIPAL_NOT_ALLOWED));
    }
    let mut new = t.locality.clone();
    for e in entries {
        if let Some(kind) = &e.replica_type {
            new.set(&e.zone_name, kind);
        }
    }
    check_rebalance_rule(t, &new)?;
    check_region_rule(&t.primary_zone, &new, topo)?;
    Ok(plan_modify(t, entries, new))
}

fn plan_modify(t: &TenantReplicas, entries: &[ModifyZone], new_locality: Locality) -> ModifyPlan {
    let mut changes: Vec<(String, String)> = Vec::new();
    let mut configs: Vec<(String, String)> = Vec::new();
    let mut unit_num_change = None;
    for e in entries {
        if let Some(kind) = &e.replica_type {
            if t.locality.get(&e.zone_name) != Some(kind.as_str()) {
                upsert(&mut changes, &e.zone_name, kind);
            }
        }
        if let Some(n) = e.unit_num {
            if n != t.unit_num {
                unit_num_change = Some(n);
            }
        }
        if let Some(name) = &e.unit_config_name {
            if t.unit_config_of(&e.zone_name) != Some(name.as_str()) {
                upsert(&mut configs, &e.zone_name, name);
            }
        }
    }
    // Zones becoming FULL first, so a FULL→READONLY swap never dips below the majority.
    let mut type_changes: Vec<(String, String)> =
        changes.iter().filter(|(_, k)| k == FULL).cloned().collect();
    type_changes.extend(changes.iter().filter(|(_, k)| k == READONLY).cloned());
    let split_pools = t
        .pools
        .iter()
        .filter(|pool| {
            let targets: Vec<&str> = pool
                .zones
                .iter()
                .filter_map(|z| {
                    configs
                        .iter()
                        .find(|(cz, _)| cz == z)
                        .map(|(_, n)| n.as_str())
                })
                .collect();
            let mixed = targets.windows(2).any(|w| w[0] != w[1]);
            mixed || (!targets.is_empty() && targets.len() != pool.zones.len())
        })
        .map(|p| p.name.clone())
        .collect();
    ModifyPlan {
        type_changes,
        split_pools,
        unit_config_changes: configs,
        unit_num_change,
        new_locality,
    }
}

fn upsert(list: &mut Vec<(String, String)>, zone: &str, value: &str) {
    match list.iter_mut().find(|(z, _)| z == zone) {
        Some(entry) => entry.1 = value.to_owned(),
        None => list.push((zone.to_owned(), value.to_owned())),
    }
}
