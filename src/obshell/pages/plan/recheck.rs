//! A step's rule again, against a fresh read, just before the runner sends it
//! (docs/protocol/obshell.md §4.14): a tenant change with the replica rules and its tenant's
//! locks, a scale-out with the scale-out form's rules and the cluster's lock. What would be
//! refused stops the plan as "refused", naming the reason, with nothing sent.

use obshell_protocol::obshell::catalog;
use obshell_protocol::obshell::plan::{check_step, Change, StepState};

use crate::core::error::ApiError;
use crate::obshell::client::Session;
use crate::obshell::forms::locks::Blocker;
use crate::obshell::forms::{validate_scale_out, ScaleOutForm};
use crate::obshell::pages::replicas::load_context;
use crate::obshell::pages::scale_out::load as load_cluster;

/// A read that failed: the step is not sent.
fn unread(e: ApiError) -> StepState {
    StepState::Refused {
        code: e.err_code().unwrap_or_default().to_owned(),
        message: e.to_string(),
    }
}

/// "task 12 (Cluster scale out) holds …: RUNNING".
fn held(b: &Blocker, code: &str, lock: &str) -> StepState {
    StepState::Refused {
        code: code.to_owned(),
        message: format!(
            "task {} ({}) holds {lock}: {}",
            b.id,
            b.name,
            b.state.as_str()
        ),
    }
}

/// The step's rule against the state as it is now, and no task holding a lock that would make
/// the agent refuse it. Scale-ins are checked by the agent alone.
pub(super) async fn recheck(s: &Session, change: &Change) -> Result<(), StepState> {
    match change {
        Change::Tenant { tenant, operation } => {
            let ctx = load_context(s.clone(), tenant.clone())
                .await
                .map_err(unread)?;
            if let Some(reason) = crate::obshell::pages::replicas::tenant_status_refusal(&ctx.info)
            {
                return Err(StepState::Refused {
                    code: catalog::TENANT_STATUS_NOT_NORMAL.code.to_owned(),
                    message: reason,
                });
            }
            if let Some(b) = ctx.blockers.first() {
                let code = match b.lock {
                    crate::obshell::forms::locks::Lock::Cluster => {
                        catalog::CLUSTER_UNDER_MAINTENANCE_WITH_DAG.code
                    }
                    _ => catalog::TENANT_UNDER_MAINTENANCE.code,
                };
                return Err(held(b, code, &b.lock.text()));
            }
            check_step(&ctx.tenant, operation, &ctx.topology)
                .map(|_| ())
                .map_err(|v| StepState::Refused {
                    code: v.code().to_owned(),
                    message: crate::obshell::forms::violation_message(&v),
                })
        }
        Change::ScaleOut {
            ip,
            port,
            zone,
            ob_configs,
        } => {
            let (cluster, blockers) = load_cluster(s.clone()).await.map_err(unread)?;
            if let Some(b) = blockers.first() {
                let code = catalog::CLUSTER_UNDER_MAINTENANCE_WITH_DAG.code;
                return Err(held(b, code, &b.lock.text()));
            }
            // The form as the plan's page filled it: what the single form checks in the
            // browser (the address, the zone's name, the configs, not already an agent or a
            // server of the cluster).
            let form = ScaleOutForm {
                ip: ip.clone(),
                port: port.to_string(),
                zone: zone.clone(),
                common: Default::default(),
                extra: ob_configs
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
                target_agent_password: String::new(),
            };
            validate_scale_out(&form, &cluster.servers, &cluster.agents)
                .map(|_| ())
                .map_err(|errors| StepState::Refused {
                    code: String::new(),
                    message: errors
                        .into_iter()
                        .map(|e| e.message)
                        .collect::<Vec<_>>()
                        .join("; "),
                })
        }
        Change::ScaleIn { .. } => Ok(()),
    }
}
