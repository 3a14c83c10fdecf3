//! The locality preview: the tenant as the agent forms' preview reads it, and the locality
//! before and after a plan.

use obshell_protocol::obshell::replica::{preview, Locality, Preview, TenantReplicas};
use obshell_protocol::ocp::rules;
use obshell_protocol::ocp::Tenant;

/// The tenant as the agent forms' preview reads it.
pub fn replicas_view(tenant: &Tenant) -> TenantReplicas {
    TenantReplicas {
        name: tenant.name.clone(),
        locality: rules::locality_of(tenant),
        primary_zone: tenant.primary_zone.clone(),
        unit_num: rules::tenant_unit_count(tenant).unwrap_or(1),
        enable_rebalance: true,
        pools: Vec::new(),
    }
}

/// Locality before and after, FULL count and majority.
pub fn preview_of(tenant: &Tenant, after: &Locality) -> Preview {
    preview(&replicas_view(tenant), after)
}
