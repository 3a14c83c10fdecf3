//! Delete replicas: the zones to remove.

use obshell_protocol::obshell::replica::{
    check_delete, Locality, TenantReplicas, TopologySnapshot,
};

use super::{tx, FieldError, FormError};

/// What will be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletePlan {
    pub zones: Vec<String>,
    pub new_locality: Locality,
}

/// Checks the selection against the agent's rules (only-one-replica, Paxos majority,
/// primary-zone rules) before anything is sent.
pub fn validate_delete(
    selected: &[String],
    tenant: &TenantReplicas,
    topology: &TopologySnapshot,
) -> Result<DeletePlan, FormError> {
    if selected.is_empty() {
        return Err(FormError::Fields(vec![FieldError {
            row: 0,
            field: "zone",
            message: tx::t().delete_none_chosen.to_owned(),
        }]));
    }
    match check_delete(tenant, selected, topology) {
        Err(v) => Err(FormError::rule(v, selected)),
        Ok(None) => Err(FormError::Fields(vec![FieldError {
            row: 0,
            field: "zone",
            message: tx::t().delete_no_replica.to_owned(),
        }])),
        Ok(Some((zones, new_locality))) => Ok(DeletePlan {
            zones,
            new_locality,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::obshell::forms::FormError;

    fn tenant(locality: &str) -> TenantReplicas {
        TenantReplicas {
            name: "orders".into(),
            locality: Locality::parse(locality).expect("locality"),
            primary_zone: "zone1;zone2".into(),
            unit_num: 1,
            enable_rebalance: true,
            pools: Vec::new(),
        }
    }

    fn topo() -> TopologySnapshot {
        TopologySnapshot {
            zones: vec![
                ("zone1".into(), "hz".into(), 2),
                ("zone2".into(), "hz".into(), 2),
                ("zone3".into(), "hz".into(), 2),
            ],
            unit_configs: Vec::new(),
        }
    }

    #[test]
    fn majority_is_kept() {
        let three = tenant("FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3");
        let plan = validate_delete(&["zone3".into()], &three, &topo()).expect("3F to 2F");
        assert_eq!(plan.new_locality.to_alter_string(), "FULL@zone1,FULL@zone2");
        let err = validate_delete(&["zone2".into(), "zone3".into()], &three, &topo())
            .expect_err("3F to 1F");
        let FormError::Rule {
            violation, hint, ..
        } = err
        else {
            panic!("rule")
        };
        assert_eq!(violation.code(), "OB.Tenant.Locality.PrincipalNotAllowed");
        assert!(hint.is_some());
        assert!(matches!(
            validate_delete(&[], &three, &topo()),
            Err(FormError::Fields(_))
        ));
    }
}
