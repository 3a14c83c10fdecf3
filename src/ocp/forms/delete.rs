//! The delete form: the zones whose replica goes, ticked in the tenant's order.

use obshell_protocol::obshell::replica::Locality;
use obshell_protocol::ocp::rules;
use obshell_protocol::ocp::{DeleteReplica, Tenant};

use super::violations::from_violations;
use super::OcpFormError;

crate::texts! {
    /// The delete form's unfinished choice.
    mod tx {
        tick_zones: "tick the zones whose replicas go" => "请勾选要删除副本的 Zone",
    }
}

/// What a delete form sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletePlan {
    pub request: Vec<DeleteReplica>,
    pub after: Locality,
}

/// Checks the delete form (the zones ticked, in the tenant's order).
pub fn validate_delete(zones: &[String], tenant: &Tenant) -> Result<DeletePlan, Vec<OcpFormError>> {
    let request: Vec<DeleteReplica> = zones
        .iter()
        .map(|z| DeleteReplica {
            zone_name: z.clone(),
        })
        .collect();
    let index: Vec<usize> = (0..zones.len()).collect();
    let mut errors = from_violations(rules::check_delete(tenant, &request), &index, zones, tenant);
    if request.is_empty() {
        for e in &mut errors {
            e.from_rules = false;
            e.message = tx::t().tick_zones.into();
            e.ocp_message = None;
            e.field = Some("zoneName");
        }
    }
    if errors.is_empty() {
        let after = rules::locality_after(tenant, &[], &request, &[]);
        Ok(DeletePlan { request, after })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{codes_of, tenant};
    use super::super::preview_of;
    use super::*;

    #[test]
    fn delete_keeps_a_full_replica() {
        let t = tenant("NORMAL");
        let plan = validate_delete(&["zone2".into()], &t).expect("valid");
        let p = preview_of(&t, &plan.after);
        assert_eq!(p.locality_after, "FULL{1}@zone1");
        assert!(!p.majority_kept);
        let e = validate_delete(&["zone1".into(), "zone2".into()], &t).expect_err("none left");
        assert_eq!(codes_of(&e), [60006]);
        let e = validate_delete(&[], &t).expect_err("nothing");
        assert_eq!(e[0].field, Some("zoneName"));
        assert!(!e[0].from_rules);
        let e = validate_delete(&["zone2".into()], &tenant("DELETING")).expect_err("busy");
        assert_eq!(codes_of(&e), [60003]);
    }
}
