//! The modify form: per zone, a new replica type, unit spec or unit count; what is left empty
//! stays as it is, and only the zones that change are sent.

use obshell_protocol::obshell::replica::Locality;
use obshell_protocol::ocp::codes;
use obshell_protocol::ocp::rules;
use obshell_protocol::ocp::{Cluster, ModifyReplica, PoolChange, ReplicaType, Tenant, UnitSpec};

use super::violations::from_violations;
use super::{parse_count, typed, OcpFormError};

crate::texts! {
    /// The modify form's empty request.
    mod tx {
        change_something: "change the type, unit spec or unit count of at least one zone" => "请至少修改一个 Zone 的副本类型、资源单元规格或单元数量",
    }
}

/// One zone of the modify form; an empty field keeps what the zone has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModifyRowInput {
    pub zone: String,
    pub replica_type: String,
    pub unit_spec: String,
    pub unit_count: String,
}

/// What a modify form sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModifyPlan {
    pub request: Vec<ModifyReplica>,
    pub after: Locality,
}

/// Checks the modify form: rows with a change become the request.
pub fn validate_modify(
    rows: &[ModifyRowInput],
    tenant: &Tenant,
    cluster: &Cluster,
    specs: &[UnitSpec],
) -> Result<ModifyPlan, Vec<OcpFormError>> {
    let locality = rules::locality_of(tenant);
    let current_count = rules::tenant_unit_count(tenant);
    let mut errors = Vec::new();
    let mut request = Vec::new();
    let mut index = Vec::new();
    let zones: Vec<String> = rows.iter().map(|r| r.zone.clone()).collect();
    for (i, r) in rows.iter().enumerate() {
        let kind = r.replica_type.trim();
        let replica_type = (!kind.is_empty() && locality.get(&r.zone) != Some(kind))
            .then(|| ReplicaType::from_wire(kind));
        // OCP's tenant detail gives the pool's unit config, not the spec's name: a chosen spec
        // is a change.
        let spec = r.unit_spec.trim();
        let unit_spec_name = (!spec.is_empty()).then(|| spec.to_owned());
        let unit_count = if r.unit_count.trim().is_empty() {
            None
        } else {
            match parse_count(&r.unit_count) {
                Ok(c) if Some(c) == current_count => None,
                Ok(c) => Some(c),
                Err(m) => {
                    errors.push(typed(i, &r.zone, "resourcePool.unitCount", m));
                    continue;
                }
            }
        };
        if replica_type.is_none() && unit_spec_name.is_none() && unit_count.is_none() {
            continue;
        }
        let resource_pool =
            (unit_spec_name.is_some() || unit_count.is_some()).then_some(PoolChange {
                unit_spec_name,
                unit_count,
            });
        request.push(ModifyReplica {
            zone_name: r.zone.clone(),
            replica_type,
            resource_pool,
        });
        index.push(i);
    }
    if request.is_empty() && errors.is_empty() {
        errors.push(OcpFormError {
            row: None,
            zone: None,
            field: None,
            message: tx::t().change_something.into(),
            ocp_message: None,
            code: codes::COMMON_ILLEGAL_ARGUMENT,
            detail: None,
            from_rules: false,
        });
    } else if !request.is_empty() {
        errors.extend(from_violations(
            rules::check_modify(tenant, cluster, specs, &request),
            &index,
            &zones,
            tenant,
        ));
    }
    if errors.is_empty() {
        let after = rules::locality_after(tenant, &[], &[], &request);
        Ok(ModifyPlan { request, after })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{cluster, codes_of, specs, tenant};
    use super::*;

    fn mrow(zone: &str, kind: &str, spec: &str, count: &str) -> ModifyRowInput {
        ModifyRowInput {
            zone: zone.into(),
            replica_type: kind.into(),
            unit_spec: spec.into(),
            unit_count: count.into(),
        }
    }

    #[test]
    fn modify_sends_only_changes_and_keeps_the_unit_count_even() {
        let t = tenant("NORMAL");
        let plan = validate_modify(
            &[
                mrow("zone1", "FULL", "", "1"),
                mrow("zone2", "READONLY", "S1", ""),
            ],
            &t,
            &cluster(),
            &specs(),
        )
        .expect("valid");
        assert_eq!(plan.request.len(), 1);
        assert_eq!(plan.request[0].zone_name, "zone2");
        assert_eq!(plan.request[0].replica_type, Some(ReplicaType::ReadOnly));
        assert_eq!(
            plan.request[0].resource_pool,
            Some(PoolChange {
                unit_spec_name: Some("S1".into()),
                unit_count: None
            })
        );
        assert_eq!(
            plan.after.to_ob_string(),
            "FULL{1}@zone1, READONLY{1}@zone2"
        );
        // Nothing changed.
        let e = validate_modify(&[mrow("zone1", "FULL", "", "1")], &t, &cluster(), &specs())
            .expect_err("no change");
        assert_eq!((e[0].field, e[0].code.code), (None, 10001));
        // A new unit count for one zone only: 60012 (and zone1 has one ACTIVE server: 60011).
        let e = validate_modify(
            &[mrow("zone1", "", "", "2"), mrow("zone2", "", "", "")],
            &t,
            &cluster(),
            &specs(),
        )
        .expect_err("uneven");
        assert_eq!(codes_of(&e), [60011, 60012]);
        assert!(e.iter().all(|x| x.field == Some("resourcePool.unitCount")));
        let e = validate_modify(&[mrow("zone1", "", "", "two")], &t, &cluster(), &specs())
            .expect_err("not a number");
        assert_eq!(e[0].place(), "zone1 · unit count (resourcePool.unitCount)");
    }
}
