//! The add form: zones to add a replica in, each with its type, unit spec and unit count.

use obshell_protocol::obshell::replica::Locality;
use obshell_protocol::ocp::rules;
use obshell_protocol::ocp::{Cluster, PoolSpec, ReplicaSpec, Tenant, UnitSpec};

use super::violations::from_violations;
use super::{parse_count, typed, OcpFormError};

crate::texts! {
    /// The add form's unfinished fields.
    mod tx {
        choose_zone: "choose a zone" => "请选择 Zone",
        choose_spec: "choose a unit spec" => "请选择资源单元规格",
    }
}

/// One zone of the add form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddRowInput {
    pub zone: String,
    pub replica_type: String,
    pub unit_spec: String,
    pub unit_count: String,
}

/// What an add form sends, and the locality it leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddPlan {
    pub request: Vec<ReplicaSpec>,
    pub after: Locality,
}

/// Checks the add form: every problem, or the request.
pub fn validate_add(
    rows: &[AddRowInput],
    tenant: &Tenant,
    cluster: &Cluster,
    specs: &[UnitSpec],
) -> Result<AddPlan, Vec<OcpFormError>> {
    let mut errors = Vec::new();
    let mut request = Vec::new();
    let mut index = Vec::new();
    let zones: Vec<String> = rows.iter().map(|r| r.zone.clone()).collect();
    for (i, r) in rows.iter().enumerate() {
        let mut ok = true;
        if r.zone.trim().is_empty() {
            errors.push(typed(i, "", "zoneName", tx::t().choose_zone.into()));
            ok = false;
        }
        if r.unit_spec.trim().is_empty() {
            errors.push(typed(
                i,
                &r.zone,
                "resourcePool.unitSpecName",
                tx::t().choose_spec.into(),
            ));
            ok = false;
        }
        let count = match parse_count(&r.unit_count) {
            Ok(c) => Some(c),
            Err(m) => {
                errors.push(typed(i, &r.zone, "resourcePool.unitCount", m));
                None
            }
        };
        if let (true, Some(count)) = (ok, count) {
            request.push(ReplicaSpec {
                zone_name: r.zone.trim().to_owned(),
                replica_type: rules::replica_type(r.replica_type.trim()),
                resource_pool: PoolSpec {
                    unit_spec_name: r.unit_spec.trim().to_owned(),
                    unit_count: count,
                },
            });
            index.push(i);
        }
    }
    if !request.is_empty() || errors.is_empty() {
        errors.extend(from_violations(
            rules::check_add(tenant, cluster, specs, &request),
            &index,
            &zones,
            tenant,
        ));
    }
    if errors.is_empty() {
        let after = rules::locality_after(tenant, &request, &[], &[]);
        Ok(AddPlan { request, after })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{cluster, codes_of, row, specs, tenant};
    use super::super::preview_of;
    use super::*;
    use obshell_protocol::ocp::ReplicaType;

    #[test]
    fn adding_two_zones_previews_the_locality() {
        let plan = validate_add(
            &[
                row("zone3", "FULL", "S0", "1"),
                row("zone4", "READONLY", "S1", "1"),
            ],
            &tenant("NORMAL"),
            &cluster(),
            &specs(),
        )
        .expect("valid");
        assert_eq!(plan.request.len(), 2);
        assert_eq!(plan.request[1].replica_type, ReplicaType::ReadOnly);
        let p = preview_of(&tenant("NORMAL"), &plan.after);
        assert_eq!(p.locality_before, "FULL{1}@zone1, FULL{1}@zone2");
        assert_eq!(
            p.locality_after,
            "FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3, READONLY{1}@zone4"
        );
        assert_eq!((p.full_before, p.full_after, p.majority_kept), (2, 3, true));
    }

    #[test]
    fn every_add_rule_names_its_field_and_code() {
        let t = tenant("NORMAL");
        // Tenant not NORMAL: 60003, for the tenant.
        let e = validate_add(
            &[row("zone3", "FULL", "S0", "1")],
            &tenant("MODIFYING"),
            &cluster(),
            &specs(),
        )
        .expect_err("busy");
        assert_eq!(codes_of(&e), [60003]);
        assert_eq!((e[0].row, e[0].field), (None, None));
        assert_eq!(e[0].place(), "tenant");
        // The zone already has a replica: 60007 on zoneName.
        let e = validate_add(&[row("zone1", "FULL", "S0", "1")], &t, &cluster(), &specs())
            .expect_err("in locality");
        assert_eq!(codes_of(&e), [60007]);
        assert_eq!(e[0].place(), "zone1 · zone (zoneName)");
        assert!(e[0].from_rules);
        // Unit count 0: 60010; above the ACTIVE servers: 60011.
        let e = validate_add(&[row("zone3", "FULL", "S0", "0")], &t, &cluster(), &specs())
            .expect_err("zero");
        assert_eq!(codes_of(&e), [60010]);
        assert_eq!(e[0].field, Some("resourcePool.unitCount"));
        let e = validate_add(&[row("zone3", "FULL", "S0", "2")], &t, &cluster(), &specs())
            .expect_err("too many");
        assert_eq!(codes_of(&e), [60011]);
        assert_eq!(
            e[0].code_text(),
            "OCP 60011 OB_TENANT_UNIT_COUNT_EXCEED_ACTIVE_SERVER"
        );
        assert_eq!(e[0].place(), "zone3 · unit count (resourcePool.unitCount)");
        // An unknown replica type.
        let e = validate_add(
            &[row("zone3", "PAXOS", "S0", "1")],
            &t,
            &cluster(),
            &specs(),
        )
        .expect_err("type");
        assert_eq!(codes_of(&e), [10001]);
        assert_eq!(e[0].field, Some("replicaType"));
        // A unit count other than the tenant's: OceanBase refuses (10011, error 4179).
        let mut c = cluster();
        c.zones[2].servers[1].status = "RUNNING".into();
        let e =
            validate_add(&[row("zone3", "FULL", "S0", "2")], &t, &c, &specs()).expect_err("uneven");
        assert_eq!(codes_of(&e), [10011]);
        assert!(e[0].detail.as_deref().is_some_and(|d| d.contains("4179")));
    }

    #[test]
    fn unfinished_rows_are_named_and_the_others_still_checked() {
        let e = validate_add(
            &[row("", "FULL", "", "x"), row("zone1", "FULL", "S0", "1")],
            &tenant("NORMAL"),
            &cluster(),
            &specs(),
        )
        .expect_err("unfinished");
        let places: Vec<String> = e.iter().map(OcpFormError::place).collect();
        assert_eq!(
            places,
            [
                "row 1 · zone (zoneName)",
                "row 1 · unit spec (resourcePool.unitSpecName)",
                "row 1 · unit count (resourcePool.unitCount)",
                "zone1 · zone (zoneName)",
            ]
        );
        assert_eq!(codes_of(&e), [10001, 10001, 10001, 60007]);
        assert_eq!(
            e.iter().map(|x| x.from_rules).collect::<Vec<_>>(),
            [false, false, false, true]
        );
        // The same zone twice.
        let e = validate_add(
            &[
                row("zone3", "FULL", "S0", "1"),
                row("zone3", "FULL", "S0", "1"),
            ],
            &tenant("NORMAL"),
            &cluster(),
            &specs(),
        )
        .expect_err("twice");
        assert_eq!((e[0].row, e[0].code.code), (Some(1), 60007));
    }
}
