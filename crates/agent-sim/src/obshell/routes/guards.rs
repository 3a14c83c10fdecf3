//! Checks handlers make before they read their body.

use obshell_protocol::obshell::catalog;
use obshell_protocol::obshell::model::AgentIdentity;

use crate::obshell::failure::Failure;
use crate::obshell::model::Tenant;
use crate::obshell::state::AppState;

/// Handlers marked "CA" in the spec refuse on agents that are not `CLUSTER AGENT`.
pub(super) fn require_cluster_agent(state: &AppState) -> Result<(), Failure> {
    let c = state.config();
    if c.identity == AgentIdentity::ClusterAgent {
        return Ok(());
    }
    Err(Failure::from_spec(
        catalog::AGENT_NOT_CLUSTER,
        &[
            format!("{}:{}", c.ip, c.port),
            c.identity.as_str().to_owned(),
            "CLUSTER AGENT".to_owned(),
        ],
    ))
}

/// The tenant check that runs before the body of every replica route is read.
pub(super) fn normal_tenant(state: &AppState, name: &str) -> Result<Tenant, Failure> {
    state.sql()?;
    if name.is_empty() {
        return Err(Failure::from_spec(catalog::TENANT_NAME_EMPTY, &[]));
    }
    let tenant = state
        .read(|w| w.cluster.tenant(name).cloned())
        .ok_or_else(|| Failure::from_spec(catalog::TENANT_NOT_EXIST, &[name.to_owned()]))?;
    if tenant.status != "NORMAL" {
        return Err(Failure::from_spec(
            catalog::TENANT_STATUS_NOT_NORMAL,
            &[name.to_owned(), tenant.status.clone()],
        ));
    }
    Ok(tenant)
}
