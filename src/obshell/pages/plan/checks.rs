//! What the runner asks the backend around a step (docs/protocol/obshell.md §4.14): whether it
//! already shows the step's result, whether the step's rule and the locks still let it be sent,
//! and the step's own request.

use obshell_protocol::obshell::model::task::DagDetail;
use obshell_protocol::obshell::plan::{check_step, Change, Expect, Operation, StepState};

use crate::core::error::ApiError;
use crate::obshell::client::Session;
use crate::obshell::pages::replicas::load_context;

/// Whether the backend shows what a step expects, from a fresh read.
pub async fn shows(s: &Session, change: &Change, expect: &Expect) -> Result<bool, ApiError> {
    match (change, expect) {
        (Change::Tenant { tenant, .. }, _) => {
            let ctx = load_context(s.clone(), tenant.clone()).await?;
            Ok(expect.met_by_tenant(&ctx.tenant))
        }
        (Change::ScaleIn { .. }, Expect::ServerGone { ip }) => {
            let ob = s.ob_info().await?;
            Ok(!ob
                .obcluster_info
                .is_some_and(|c| c.topology.values().flatten().any(|sv| &sv.svr_ip == ip)))
        }
        (Change::ScaleOut { .. }, Expect::Server { ip, zone }) => {
            let ob = s.ob_info().await?;
            Ok(ob.obcluster_info.is_some_and(|c| {
                c.topology
                    .get(zone)
                    .is_some_and(|servers| servers.iter().any(|sv| &sv.svr_ip == ip))
            }))
        }
        _ => Ok(false),
    }
}

/// The step's rule against the state as it is now, and no task holding a lock that would
/// make the agent refuse it.
pub async fn recheck(s: &Session, change: &Change) -> Result<(), StepState> {
    let Change::Tenant { tenant, operation } = change else {
        return Ok(());
    };
    let ctx = load_context(s.clone(), tenant.clone())
        .await
        .map_err(|e| StepState::Refused {
            code: e.err_code().unwrap_or_default().to_owned(),
            message: e.to_string(),
        })?;
    if let Some(reason) = crate::obshell::pages::replicas::tenant_status_refusal(&ctx.info) {
        return Err(StepState::Refused {
            code: obshell_protocol::obshell::catalog::TENANT_STATUS_NOT_NORMAL
                .code
                .to_owned(),
            message: reason,
        });
    }
    if let Some(b) = ctx.blockers.first() {
        use crate::obshell::forms::locks::Lock;
        use obshell_protocol::obshell::catalog as c;
        let code = match b.lock {
            Lock::Cluster => c::CLUSTER_UNDER_MAINTENANCE_WITH_DAG.code,
            _ => c::TENANT_UNDER_MAINTENANCE.code,
        };
        return Err(StepState::Refused {
            code: code.to_owned(),
            message: format!(
                "task {} ({}, {}) holds {}",
                b.id,
                b.name,
                b.state.as_str(),
                b.lock.text()
            ),
        });
    }
    check_step(&ctx.tenant, operation, &ctx.topology)
        .map(|_| ())
        .map_err(|v| StepState::Refused {
            code: v.code().to_owned(),
            message: crate::obshell::forms::violation_message(&v),
        })
}

pub fn is_primary_zone(change: &Change) -> bool {
    matches!(
        change,
        Change::Tenant {
            operation: Operation::SetPrimaryZone(_),
            ..
        }
    )
}

pub async fn send_tenant(
    s: &Session,
    tenant: &str,
    operation: &Operation,
) -> Result<Option<DagDetail>, ApiError> {
    match operation {
        Operation::AddReplicas(zones) => s.add_replicas(tenant, zones.clone()).await,
        Operation::ModifyReplicas(zones) => s.modify_replicas(tenant, zones.clone()).await,
        Operation::SetPrimaryZone(pz) => s.set_primary_zone(tenant, pz).await,
        Operation::DeleteReplicas(zones) => s.delete_replicas(tenant, zones.clone()).await,
    }
}
