//! The replica checks OCP makes before it creates a task (docs/protocol/ocp.md §4.3), in OCP's
//! order, shared by the simulated OCP, which refuses with the first, and the console, which shows
//! them all before sending. Refusals that only OceanBase makes while OCP runs the change (a
//! locality OceanBase rejects) come back as 10011 with the OceanBase error as a sub-error; those
//! the console can foresee are here too.

use super::codes::{self, OcpCode};
use super::envelope::SubError;
use super::model::{Cluster, Tenant, UnitSpec};
use super::request::{DeleteReplica, ModifyReplica, ReplicaSpec, ReplicaType};
use crate::obshell::replica::Locality;

/// OceanBase's `OB_OP_NOT_ALLOW`, as OCP passes it on.
pub const OB_OP_NOT_ALLOW: i64 = 4179;

/// One refusal: the code, OCP's message, the element of the array and the field it is about,
/// and for 10011 the OceanBase error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcpViolation {
    pub code: OcpCode,
    pub message: String,
    /// Index into the request array; `None` for the tenant as a whole.
    pub index: Option<usize>,
    /// `zoneName`, `replicaType`, `resourcePool.unitSpecName`, `resourcePool.unitCount`.
    pub field: Option<&'static str>,
    pub sub_error: Option<SubError>,
}

fn v(code: OcpCode, arg: &str, index: Option<usize>, field: Option<&'static str>) -> OcpViolation {
    OcpViolation {
        code,
        message: code.message(arg),
        index,
        field,
        sub_error: None,
    }
}

fn ob_refusal(message: &str, index: Option<usize>, field: Option<&'static str>) -> OcpViolation {
    let mut out = v(codes::COMMON_OB_OPERATION_FAILED, message, index, field);
    out.sub_error = Some(SubError::oceanbase(OB_OP_NOT_ALLOW, "HY000", message));
    out
}

/// The tenant's locality, read leniently (an unreadable one counts as empty).
pub fn locality_of(tenant: &Tenant) -> Locality {
    let mut locality = Locality::parse(&tenant.locality).unwrap_or_default();
    for zone in &tenant.zones {
        if !locality.contains(&zone.name) && !zone.replica_type.is_empty() {
            locality.set(&zone.name, &zone.replica_type);
        }
    }
    locality
}

/// The tenant's unit count (the same in every zone on OceanBase 4), if it has pools.
pub fn tenant_unit_count(tenant: &Tenant) -> Option<i64> {
    tenant
        .zones
        .iter()
        .filter_map(|z| z.resource_pool.as_ref().map(|p| p.unit_count))
        .max()
}

fn tenant_normal(tenant: &Tenant) -> Option<OcpViolation> {
    (!tenant.is_normal()).then(|| {
        v(
            codes::OB_TENANT_STATUS_NOT_NORMAL,
            &format!("{} is {}", tenant.name, tenant.status),
            None,
            None,
        )
    })
}

fn unit_count_rules(
    cluster: &Cluster,
    zone: &str,
    count: i64,
    index: usize,
    out: &mut Vec<OcpViolation>,
) {
    const FIELD: Option<&str> = Some("resourcePool.unitCount");
    if count <= 0 {
        out.push(v(
            codes::OB_TENANT_UNIT_COUNT_NOT_VALID,
            &format!("{count} (must be at least 1)"),
            Some(index),
            FIELD,
        ));
        return;
    }
    if let Some(z) = cluster.zones.iter().find(|z| z.name == zone) {
        let active = z.active_servers() as i64;
        if count > active {
            out.push(v(
                codes::OB_TENANT_UNIT_COUNT_EXCEED_ACTIVE_SERVER,
                &format!("{count} units, zone {zone} has {active} ACTIVE servers"),
                Some(index),
                FIELD,
            ));
        }
    }
}

fn spec_known(specs: &[UnitSpec], name: &str, index: usize) -> Option<OcpViolation> {
    (!specs.iter().any(|s| s.name == name)).then(|| {
        v(
            codes::COMMON_NOT_FOUND,
            &format!("unit spec {name}"),
            Some(index),
            Some("resourcePool.unitSpecName"),
        )
    })
}

/// What every replica call checks first: a request naming something, then the tenant NORMAL.
/// `Err` when nothing more can be checked.
fn first_checks(
    tenant: &Tenant,
    empty: bool,
    what: &str,
) -> Result<Vec<OcpViolation>, Vec<OcpViolation>> {
    if empty {
        let arg = format!("no replica to {what}");
        return Err(vec![v(codes::COMMON_ILLEGAL_ARGUMENT, &arg, None, None)]);
    }
    Ok(tenant_normal(tenant).into_iter().collect())
}

/// Every refusal of `addReplica`, in OCP's order.
pub fn check_add(
    tenant: &Tenant,
    cluster: &Cluster,
    specs: &[UnitSpec],
    request: &[ReplicaSpec],
) -> Vec<OcpViolation> {
    let mut out = match first_checks(tenant, request.is_empty(), "add") {
        Ok(out) => out,
        Err(refused) => return refused,
    };
    let locality = locality_of(tenant);
    for (i, r) in request.iter().enumerate() {
        let zone = r.zone_name.as_str();
        if r.replica_type.is_unknown() {
            out.push(v(
                codes::COMMON_ILLEGAL_ARGUMENT,
                &format!("replicaType {} (FULL, LOGONLY or READONLY)", r.replica_type),
                Some(i),
                Some("replicaType"),
            ));
        }
        if !cluster.zones.iter().any(|z| z.name == zone) {
            out.push(v(
                codes::OB_ZONE_NAME_NOT_FOUND,
                zone,
                Some(i),
                Some("zoneName"),
            ));
            continue;
        }
        out.extend(spec_known(specs, &r.resource_pool.unit_spec_name, i));
        unit_count_rules(cluster, zone, r.resource_pool.unit_count, i, &mut out);
        if locality.contains(zone) {
            out.push(v(
                codes::OB_TENANT_ZONE_NOT_VALID,
                &format!("{zone} already has a replica of {}", tenant.name),
                Some(i),
                Some("zoneName"),
            ));
        } else if request[..i].iter().any(|o| o.zone_name == zone) {
            out.push(v(
                codes::OB_TENANT_ZONE_NOT_VALID,
                &format!("{zone} is listed twice"),
                Some(i),
                Some("zoneName"),
            ));
        }
    }
    if out.is_empty() {
        // What OceanBase refuses when OCP alters the locality: the units of a tenant's pools are
        // the same in every zone.
        if let Some(count) = tenant_unit_count(tenant) {
            for (i, r) in request.iter().enumerate() {
                if r.resource_pool.unit_count != count {
                    out.push(ob_refusal(
                        &format!(
                            "unit_num {} of the new pool in {} differs from the tenant's unit_num {count}, not allowed",
                            r.resource_pool.unit_count, r.zone_name
                        ),
                        Some(i),
                        Some("resourcePool.unitCount"),
                    ));
                }
            }
        }
    }
    out
}

/// Every refusal of `deleteReplica`, in OCP's order.
pub fn check_delete(tenant: &Tenant, request: &[DeleteReplica]) -> Vec<OcpViolation> {
    let mut out = match first_checks(tenant, request.is_empty(), "delete") {
        Ok(out) => out,
        Err(refused) => return refused,
    };
    let mut after = locality_of(tenant);
    for (i, r) in request.iter().enumerate() {
        if after.remove(&r.zone_name).is_none() {
            out.push(v(
                codes::OB_TENANT_ZONE_NOT_FOUND,
                &r.zone_name,
                Some(i),
                Some("zoneName"),
            ));
        }
    }
    if out.is_empty() && after.full_count() == 0 {
        out.push(v(
            codes::OB_TENANT_REMAIN_ZONE_COUNT_INVALID,
            &format!("{} would keep no FULL replica", tenant.name),
            None,
            None,
        ));
    }
    out
}

/// Every refusal of `modifyReplica`, in OCP's order.
pub fn check_modify(
    tenant: &Tenant,
    cluster: &Cluster,
    specs: &[UnitSpec],
    request: &[ModifyReplica],
) -> Vec<OcpViolation> {
    let mut out = match first_checks(tenant, request.is_empty(), "modify") {
        Ok(out) => out,
        Err(refused) => return refused,
    };
    let locality = locality_of(tenant);
    for (i, r) in request.iter().enumerate() {
        let zone = r.zone_name.as_str();
        if !locality.contains(zone) {
            out.push(v(
                codes::OB_TENANT_ZONE_NOT_FOUND,
                zone,
                Some(i),
                Some("zoneName"),
            ));
            continue;
        }
        if let Some(t) = r.replica_type {
            if t.is_unknown() {
                out.push(v(
                    codes::COMMON_ILLEGAL_ARGUMENT,
                    &format!("replicaType {t} (FULL, LOGONLY or READONLY)"),
                    Some(i),
                    Some("replicaType"),
                ));
            }
        }
        if let Some(pool) = &r.resource_pool {
            if let Some(name) = &pool.unit_spec_name {
                out.extend(spec_known(specs, name, i));
            }
            if let Some(count) = pool.unit_count {
                unit_count_rules(cluster, zone, count, i, &mut out);
            }
        }
    }
    // OceanBase 4 keeps one unit count per tenant: a change must reach every zone alike.
    let changed: Vec<(usize, i64)> = request
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.resource_pool.as_ref()?.unit_count.map(|c| (i, c)))
        .collect();
    if let Some(&(i, count)) = changed.first() {
        let current = tenant_unit_count(tenant);
        let uneven = changed.iter().any(|&(_, c)| c != count);
        let partial = current != Some(count)
            && locality.zones().any(|z| {
                !request.iter().any(|r| {
                    r.zone_name == z
                        && r.resource_pool
                            .as_ref()
                            .and_then(|p| p.unit_count)
                            .is_some()
                })
            });
        if uneven || partial {
            out.push(v(
                codes::OB_TENANT_UNIT_COUNT_NOT_SAME_IN_EACH_ZONES,
                &format!(
                    "a new unit count ({count}) must be given for every zone of {}",
                    tenant.name
                ),
                Some(i),
                Some("resourcePool.unitCount"),
            ));
        }
    }
    out
}

/// Every refusal of `modifyPrimaryZone`, in OCP's order (§4.5): each zone named must be one of
/// the tenant's zones; the sys tenant's may not be `RANDOM` nor put two zones first. OCP does
/// not ask the tenant to be NORMAL.
pub fn check_primary_zone(tenant: &Tenant, primary_zone: &str) -> Vec<OcpViolation> {
    const FIELD: Option<&str> = Some("primaryZone");
    let mut out = Vec::new();
    for zone in crate::plan::primary_zone_zones(primary_zone) {
        if !tenant.zones.iter().any(|z| z.name == zone) {
            out.push(v(codes::OB_TENANT_ZONE_NOT_FOUND, zone, None, FIELD));
        }
    }
    if tenant.name == "sys" {
        let pz = primary_zone.trim();
        let first = pz.split(';').next().unwrap_or("");
        let reason = if pz.eq_ignore_ascii_case("RANDOM") {
            Some("sys tenant primary zone RANDOM not supported")
        } else if first.split(',').count() > 1 {
            Some("more than 1 zone in first priority")
        } else {
            None
        };
        out.extend(reason.map(|r| v(codes::OB_CLUSTER_PRIMARY_ZONE_INVALID, r, None, FIELD)));
    }
    out
}

/// The locality after a change, for the preview.
pub fn locality_after(
    tenant: &Tenant,
    add: &[ReplicaSpec],
    delete: &[DeleteReplica],
    modify: &[ModifyReplica],
) -> Locality {
    let mut after = locality_of(tenant);
    for r in add {
        after.set(&r.zone_name, r.replica_type.as_str());
    }
    for r in delete {
        after.remove(&r.zone_name);
    }
    // OCP applies a type change only when the call modifies one zone (§4.4).
    for r in modify.iter().filter(|_| modify.len() == 1) {
        if let Some(t) = r.replica_type {
            after.set(&r.zone_name, t.as_str());
        }
    }
    after
}

/// The replica type of a LOGONLY/READONLY/FULL text, for forms.
pub fn replica_type(text: &str) -> ReplicaType {
    ReplicaType::from_wire(text)
}
