//! Modify replicas: per zone, a new type, unit config or unit number (blank = unchanged).

use obshell_protocol::obshell::model::tenant::ModifyReplicaZone;
use obshell_protocol::obshell::replica::{
    check_modify, ModifyPlan, ModifyZone, TenantReplicas, TopologySnapshot,
};

use super::{positive_int, tx, FieldError, FormError};

/// One zone's row as typed; empty strings mean "unchanged".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ModifyRow {
    pub zone: String,
    pub replica_type: String,
    pub unit_config: String,
    pub unit_num: String,
}

/// Checks the rows and the agent's rules; returns the body entries and what the DAG will do.
pub fn validate_modify(
    rows: &[ModifyRow],
    tenant: &TenantReplicas,
    topology: &TopologySnapshot,
) -> Result<(Vec<ModifyReplicaZone>, ModifyPlan), FormError> {
    let mut errors = Vec::new();
    let mut entries = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let unit_num = if row.unit_num.trim().is_empty() {
            None
        } else {
            match positive_int(&row.unit_num) {
                Ok(n) => Some(n),
                Err(m) => {
                    errors.push(FieldError {
                        row: i,
                        field: "unit number",
                        message: crate::core::i18n::fill(tx::t().unit_number_rule, &[&m]),
                    });
                    None
                }
            }
        };
        let entry = ModifyZone {
            zone_name: row.zone.clone(),
            replica_type: (!row.replica_type.is_empty()).then(|| row.replica_type.clone()),
            unit_config_name: (!row.unit_config.is_empty()).then(|| row.unit_config.clone()),
            unit_num,
        };
        if entry.replica_type.is_some()
            || entry.unit_config_name.is_some()
            || entry.unit_num.is_some()
        {
            entries.push(entry);
        }
    }
    if !errors.is_empty() {
        return Err(FormError::Fields(errors));
    }
    if entries.is_empty() {
        return Err(FormError::Fields(vec![FieldError {
            row: 0,
            field: "zone",
            message: tx::t().modify_nothing.to_owned(),
        }]));
    }
    let zones: Vec<String> = entries.iter().map(|e| e.zone_name.clone()).collect();
    let plan = check_modify(tenant, &entries, topology).map_err(|v| FormError::rule(v, &zones))?;
    if plan.is_empty() {
        return Err(FormError::Fields(vec![FieldError {
            row: 0,
            field: "zone",
            message: tx::t().modify_same.to_owned(),
        }]));
    }
    let body = entries
        .into_iter()
        .map(|e| ModifyReplicaZone {
            zone_name: e.zone_name,
            replica_type: e.replica_type,
            unit_config_name: e.unit_config_name,
            unit_num: e.unit_num,
        })
        .collect();
    Ok((body, plan))
}

#[cfg(test)]
mod tests {
    use obshell_protocol::obshell::replica::{Locality, PoolView};

    use super::*;
    use crate::obshell::forms::FormError;

    fn tenant(rebalance: bool) -> TenantReplicas {
        TenantReplicas {
            name: "billing".into(),
            locality: Locality::parse("FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3")
                .expect("locality"),
            primary_zone: "zone1,zone2;zone3".into(),
            unit_num: 2,
            enable_rebalance: rebalance,
            pools: ["zone1", "zone2", "zone3"]
                .iter()
                .map(|z| PoolView {
                    name: format!("p_{z}"),
                    zones: vec![(*z).into()],
                    unit_config: "u2".into(),
                })
                .collect(),
        }
    }

    fn topo() -> TopologySnapshot {
        TopologySnapshot {
            zones: vec![
                ("zone1".into(), "hz".into(), 2),
                ("zone2".into(), "hz".into(), 2),
                ("zone3".into(), "sh".into(), 2),
            ],
            unit_configs: vec!["u2".into(), "u4".into()],
        }
    }

    fn row(zone: &str, kind: &str, config: &str, n: &str) -> ModifyRow {
        ModifyRow {
            zone: zone.into(),
            replica_type: kind.into(),
            unit_config: config.into(),
            unit_num: n.into(),
        }
    }

    #[test]
    fn type_change_is_planned() {
        let (body, plan) = validate_modify(
            &[row("zone3", "READONLY", "", ""), row("zone1", "", "", "")],
            &tenant(false),
            &topo(),
        )
        .expect("valid");
        assert_eq!(body.len(), 1, "unchanged rows are not sent");
        assert_eq!(
            plan.type_changes,
            [("zone3".to_owned(), "READONLY".to_owned())]
        );
    }

    #[test]
    fn unit_number_rules_are_explained() {
        let partial = validate_modify(&[row("zone1", "", "", "3")], &tenant(true), &topo())
            .expect_err("partial");
        let FormError::Rule { violation, .. } = partial else {
            panic!("rule")
        };
        assert_eq!(
            violation.code(),
            "OB.Tenant.UnitNum.ExceedsLimit",
            "3 units need 3 servers: checked before the partial rule"
        );
        let partial = validate_modify(&[row("zone1", "", "", "1")], &tenant(true), &topo())
            .expect_err("partial");
        let FormError::Rule {
            violation, hint, ..
        } = partial
        else {
            panic!("rule")
        };
        assert_eq!(violation.code(), "OB.Tenant.ModifyUnitNumPartially");
        assert!(hint.is_some_and(|h| h.contains("tenant-wide")));
        let all: Vec<ModifyRow> = ["zone1", "zone2", "zone3"]
            .iter()
            .map(|z| row(z, "", "", "1"))
            .collect();
        let off = validate_modify(&all, &tenant(false), &topo()).expect_err("rebalance off");
        let FormError::Rule { violation, .. } = off else {
            panic!("rule")
        };
        assert_eq!(
            violation.message(),
            "modify unit num is not allowed when tenant 'enable_rebalance' is disabled."
        );
        assert!(validate_modify(&all, &tenant(true), &topo()).is_ok());
        assert!(matches!(
            validate_modify(&[row("zone1", "", "", "x")], &tenant(true), &topo()),
            Err(FormError::Fields(_))
        ));
        assert!(
            matches!(
                validate_modify(&[row("zone1", "FULL", "u2", "2")], &tenant(true), &topo()),
                Err(FormError::Fields(_))
            ),
            "same values"
        );
    }
}
