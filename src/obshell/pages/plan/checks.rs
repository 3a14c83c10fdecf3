//! What the runner asks the backend around a step (docs/protocol/obshell.md §4.14): whether it
//! already shows the step's result, and the step's own request (the rule again before sending:
//! [`super::recheck`]).

use obshell_protocol::obshell::model::task::DagDetail;
use obshell_protocol::obshell::plan::{Change, Expect, Operation};

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

/// Sends a step's request once: the task the agent started, or `None` when it answered that
/// nothing changes (204).
pub async fn send(s: &Session, change: &Change) -> Result<Option<DagDetail>, ApiError> {
    match change {
        Change::Tenant { tenant, operation } => send_tenant(s, tenant, operation).await,
        Change::ScaleOut {
            ip,
            port,
            zone,
            ob_configs,
        } => {
            let body = obshell_protocol::obshell::model::task::ScaleOutRequest {
                agent_info: obshell_protocol::obshell::model::task::AgentTarget {
                    ip: ip.clone(),
                    port: *port,
                },
                zone: zone.clone(),
                ob_configs: ob_configs.clone(),
                target_agent_password: String::new(),
            };
            s.scale_out(&body).await
        }
        Change::ScaleIn { ip, port } => {
            let body = obshell_protocol::obshell::model::task::ScaleInRequest {
                agent_info: obshell_protocol::obshell::model::task::AgentTarget {
                    ip: ip.clone(),
                    port: *port,
                },
                force_kill: false,
            };
            s.scale_in(&body).await
        }
    }
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

async fn send_tenant(
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
