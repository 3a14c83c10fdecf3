//! The steps of the primary-zone and zone-delete DAGs (docs/protocol/obshell.md §4.3, §4.7):
//! running them on the model and undoing them.

use obshell_protocol::obshell::catalog as c;
use obshell_protocol::obshell::replica::primary_zone_reached;
use obshell_protocol::violation;

use super::StepError;
use crate::obshell::model::{Cluster, Zone};

/// "Modify tenant primary zone": the route altered it already, so the step normally finds the
/// target reached; otherwise (changed again in between) it alters it once more.
pub(super) fn alter_primary_zone(
    cluster: &mut Cluster,
    tenant: &str,
    to: &str,
) -> Result<Vec<String>, StepError> {
    let t = cluster
        .tenant_mut(tenant)
        .ok_or_else(|| violation!(c::TENANT_NOT_EXIST, tenant))?;
    if primary_zone_reached(&t.primary_zone, to) {
        return Ok(vec![format!(
            "Tenant {tenant} primary zone is already {to}"
        )]);
    }
    t.primary_zone = to.to_owned();
    Ok(vec![
        format!("Alter tenant {tenant} primary zone to {to}"),
        format!("Wait for tenant {tenant} primary zone to be altered to {to}"),
    ])
}

pub(super) fn stop_zone(cluster: &mut Cluster, zone: &str) -> Result<Vec<String>, StepError> {
    let z = cluster
        .zone_mut(zone)
        .ok_or_else(|| violation!(c::ZONE_NOT_EXIST, zone))?;
    z.status = "INACTIVE".to_owned();
    Ok(vec![
        format!("stop zone {zone}"),
        format!("wait for {zone} to be inactive"),
    ])
}

pub(super) fn start_zone(cluster: &mut Cluster, zone: &str) -> Vec<String> {
    if let Some(z) = cluster.zone_mut(zone) {
        z.status = "ACTIVE".to_owned();
    }
    vec![format!("rollback stop zone {zone}")]
}

/// Deletes the zone if it is still there (a retry finds it gone and succeeds).
pub(super) fn remove_zone(
    cluster: &mut Cluster,
    zone: &str,
    removed: &mut Option<Zone>,
) -> Result<Vec<String>, StepError> {
    if let Some(at) = cluster.zones.iter().position(|z| z.name == zone) {
        *removed = Some(cluster.zones.remove(at));
        return Ok(vec![format!("Delete zone {zone}")]);
    }
    Ok(vec![format!("Zone {zone} is already deleted")])
}

pub(super) fn restore_zone(cluster: &mut Cluster, removed: &mut Option<Zone>) -> Vec<String> {
    match removed.take() {
        Some(zone) if cluster.zone(&zone.name).is_none() => {
            let line = format!("Add zone {} in region {}", zone.name, zone.region);
            cluster.zones.push(zone);
            vec![line]
        }
        _ => vec!["Nothing to roll back".to_owned()],
    }
}
