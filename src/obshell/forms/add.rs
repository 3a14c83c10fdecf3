//! Add replicas: one row per new zone.

use obshell_protocol::obshell::capacity::parse_capacity;
use obshell_protocol::obshell::model::tenant::{AddReplicaZone, NewUnitConfig};
use obshell_protocol::obshell::replica::{
    check_add, AddZone, Locality, TenantReplicas, TopologySnapshot,
};

use super::{positive_int, tx, FieldError, FormError};
use crate::core::i18n::fill;

/// A unit config defined inline, created only when the whole request is valid.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewSpec {
    pub name: String,
    pub cpu: String,
    pub memory: String,
    pub log_disk: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitChoice {
    Existing(String),
    New(NewSpec),
}

/// One row as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddRow {
    pub zone: String,
    /// `FULL` or `READONLY`.
    pub replica_type: String,
    pub unit: UnitChoice,
    pub unit_num: String,
}

/// What will be sent.
#[derive(Debug, Clone, PartialEq)]
pub struct AddPlan {
    pub zones: Vec<AddReplicaZone>,
    /// Unit configs to create first (and to delete again if the replicas are refused).
    pub new_configs: Vec<NewUnitConfig>,
    pub new_locality: Locality,
}

fn check_spec(
    row: usize,
    spec: &NewSpec,
    existing: &[String],
    min_memory_gib: f64,
    errors: &mut Vec<FieldError>,
) -> Option<NewUnitConfig> {
    let mut err = |field, message: String| {
        errors.push(FieldError {
            row,
            field,
            message,
        })
    };
    let name = spec.name.trim();
    if name.is_empty() {
        err("name", tx::t().spec_name_required.to_owned());
    } else if existing.iter().any(|n| n == name) {
        err("name", fill(tx::t().spec_name_taken, &[&name]));
    }
    let cpu = spec.cpu.trim().parse::<f64>().ok().filter(|c| *c >= 1.0);
    if cpu.is_none() {
        err("CPU", fill(tx::t().spec_cpu, &[&spec.cpu.trim()]));
    }
    let memory = parse_capacity(spec.memory.trim());
    match memory {
        None => err("memory", fill(tx::t().spec_memory, &[&spec.memory.trim()])),
        Some(bytes) if (bytes as f64) < min_memory_gib * f64::from(1u32 << 30) => {
            err("memory", fill(tx::t().spec_memory_min, &[&min_memory_gib]))
        }
        Some(_) => {}
    }
    let log_disk = spec.log_disk.trim();
    if !log_disk.is_empty() && parse_capacity(log_disk).is_none() {
        err("log disk", fill(tx::t().spec_log_disk, &[&log_disk]));
    }
    Some(NewUnitConfig {
        name: name.to_owned(),
        memory_size: spec.memory.trim().to_owned(),
        max_cpu: cpu?,
        min_cpu: None,
        log_disk_size: (!log_disk.is_empty()).then(|| log_disk.to_owned()),
    })
    .filter(|_| memory.is_some())
}

/// Checks every field, then the agent's rules (docs/protocol/obshell.md §4.6 steps 1–7) on the
/// whole request.
pub fn validate_add(
    rows: &[AddRow],
    tenant: &TenantReplicas,
    topology: &TopologySnapshot,
    min_memory_gib: f64,
) -> Result<AddPlan, FormError> {
    let mut errors = Vec::new();
    let mut zones = Vec::new();
    let mut new_configs: Vec<NewUnitConfig> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        if row.zone.trim().is_empty() {
            errors.push(FieldError {
                row: i,
                field: "zone",
                message: tx::t().zone_required.to_owned(),
            });
        }
        let unit_num = positive_int(&row.unit_num).map_err(|m| {
            errors.push(FieldError {
                row: i,
                field: "unit number",
                message: fill(tx::t().unit_number_rule, &[&m]),
            })
        });
        let config = match &row.unit {
            UnitChoice::Existing(name) if name.trim().is_empty() => {
                errors.push(FieldError {
                    row: i,
                    field: "unit config",
                    message: tx::t().unit_config_required.to_owned(),
                });
                String::new()
            }
            UnitChoice::Existing(name) => name.trim().to_owned(),
            UnitChoice::New(spec) => {
                let mut taken = topology.unit_configs.clone();
                taken.extend(new_configs.iter().map(|c| c.name.clone()));
                if let Some(config) = check_spec(i, spec, &taken, min_memory_gib, &mut errors) {
                    new_configs.push(config);
                }
                spec.name.trim().to_owned()
            }
        };
        zones.push(AddZone {
            name: row.zone.trim().to_owned(),
            replica_type: row.replica_type.clone(),
            unit_config_name: config,
            unit_num: unit_num.unwrap_or(0),
        });
    }
    if !errors.is_empty() {
        return Err(FormError::Fields(errors));
    }
    let topology = new_configs
        .iter()
        .fold(topology.clone(), |t, c| t.with_config(&c.name));
    let names: Vec<String> = zones.iter().map(|z| z.name.clone()).collect();
    let new_locality =
        check_add(tenant, &mut zones, &topology).map_err(|v| FormError::rule(v, &names))?;
    Ok(AddPlan {
        zones: zones
            .into_iter()
            .map(|z| AddReplicaZone {
                name: z.name,
                replica_type: z.replica_type,
                unit_config_name: z.unit_config_name,
                unit_num: z.unit_num,
            })
            .collect(),
        new_configs,
        new_locality,
    })
}

#[cfg(test)]
mod tests {
    use obshell_protocol::obshell::replica::PoolView;

    use super::*;
    use crate::obshell::forms::FormError;

    fn tenant() -> TenantReplicas {
        TenantReplicas {
            name: "logs".into(),
            locality: Locality::parse("FULL{1}@zone1").expect("locality"),
            primary_zone: "zone1".into(),
            unit_num: 1,
            enable_rebalance: true,
            pools: vec![PoolView {
                name: "p1".into(),
                zones: vec!["zone1".into()],
                unit_config: "unit_2c8g".into(),
            }],
        }
    }

    fn topology() -> TopologySnapshot {
        TopologySnapshot {
            zones: vec![
                ("zone1".into(), "hz".into(), 2),
                ("zone2".into(), "hz".into(), 2),
                ("zone3".into(), "sh".into(), 2),
            ],
            unit_configs: vec!["unit_2c8g".into()],
        }
    }

    fn row(zone: &str, unit: UnitChoice, n: &str) -> AddRow {
        AddRow {
            zone: zone.into(),
            replica_type: "FULL".into(),
            unit,
            unit_num: n.into(),
        }
    }

    fn existing(name: &str) -> UnitChoice {
        UnitChoice::Existing(name.into())
    }

    #[test]
    fn two_zones_with_a_new_spec() {
        let spec = NewSpec {
            name: "logs_u2".into(),
            cpu: "2".into(),
            memory: "8G".into(),
            log_disk: String::new(),
        };
        let plan = validate_add(
            &[
                row("zone2", existing("unit_2c8g"), "1"),
                row("zone3", UnitChoice::New(spec), "1"),
            ],
            &tenant(),
            &topology(),
            2.0,
        )
        .expect("valid");
        assert_eq!(plan.zones.len(), 2);
        assert_eq!(plan.new_configs[0].name, "logs_u2");
        assert_eq!(
            plan.new_locality.to_alter_string(),
            "FULL@zone1,FULL@zone2,FULL@zone3"
        );
    }

    #[test]
    fn fields_are_named() {
        let spec = NewSpec {
            name: "unit_2c8g".into(),
            cpu: "0.5".into(),
            memory: "8 GB".into(),
            log_disk: "x".into(),
        };
        let Err(FormError::Fields(errors)) = validate_add(
            &[
                row("", existing(""), "0"),
                row("zone3", UnitChoice::New(spec), "1"),
            ],
            &tenant(),
            &topology(),
            2.0,
        ) else {
            panic!("field errors expected");
        };
        let fields: Vec<(usize, &str)> = errors.iter().map(|e| (e.row, e.field)).collect();
        assert_eq!(
            fields,
            [
                (0, "zone"),
                (0, "unit number"),
                (0, "unit config"),
                (1, "name"),
                (1, "CPU"),
                (1, "memory"),
                (1, "log disk")
            ]
        );
        assert_eq!(
            errors[1].message,
            "Unit number: must be a whole number greater than 0 (got '0')"
        );
        let small = NewSpec {
            name: "tiny".into(),
            cpu: "1".into(),
            memory: "1G".into(),
            log_disk: String::new(),
        };
        let Err(FormError::Fields(errors)) = validate_add(
            &[row("zone3", UnitChoice::New(small), "1")],
            &tenant(),
            &topology(),
            2.0,
        ) else {
            panic!("field errors expected");
        };
        assert_eq!(
            errors[0].message,
            "Memory: the cluster's minimum for a unit is 2G"
        );
    }

    #[test]
    fn agent_rules_point_at_the_row() {
        let err = validate_add(
            &[
                row("zone2", existing("unit_2c8g"), "1"),
                row("zone1", existing("unit_2c8g"), "1"),
            ],
            &tenant(),
            &topology(),
            2.0,
        )
        .expect_err("refused");
        let FormError::Rule {
            violation,
            row: at,
            field,
            ..
        } = err
        else {
            panic!("rule expected")
        };
        assert_eq!(
            (violation.code(), at, field),
            ("OB.Tenant.ZoneAlreadyHasReplica", Some(1), Some("zone"))
        );
        let err = validate_add(
            &[row("zone2", existing("unit_2c8g"), "2")],
            &tenant(),
            &topology(),
            2.0,
        )
        .expect_err("refused");
        let FormError::Rule {
            violation, hint, ..
        } = err
        else {
            panic!("rule expected")
        };
        assert_eq!(violation.code(), "OB.Tenant.UnitNum.Inconsistent");
        assert!(hint.is_some_and(|h| h.contains("current unit number")));
    }
}
