//! An OCP plan's steps in words: each call, its request, and where the step stands.

use leptos::prelude::*;
use obshell_protocol::ocp::plan::{OcpChange, OcpOperation, OcpPlanDoc};
use obshell_protocol::ocp::{calls, paths};
use obshell_protocol::plan::StepState;

use crate::core::i18n::fill;

crate::texts! {
    /// The steps of an OCP plan.
    pub mod tx {
        steps: "Steps" => "步骤",
        add: "Add a {0} replica in {1} (unit spec {2}, {3} unit(s))" => "在 {1} 添加 {0} 副本（规格 {2}，{3} 个资源单元）",
        modify_type: "Turn the replica of {0} into {1}" => "将 {0} 的副本改为 {1}",
        modify_pools: "Change the pools of {0}" => "修改 {0} 的资源池",
        primary_zone: "Set the primary zone to {0} (applied at once, no task)" => "将 Primary Zone 设为 {0}（立即生效，无任务）",
        delete: "Delete the replica of {0}" => "删除 {0} 的副本",
        pending: "not sent" => "未发送",
        sending: "sent, answer awaited" => "已发送，等待应答",
        running: "task {0} running" => "任务 {0} 运行中",
        done: "done" => "已完成",
        done_task: "done (task {0})" => "已完成（任务 {0}）",
        failed: "task {0} failed" => "任务 {0} 失败",
        refused: "refused: {0} {1}" => "被拒绝：{0} {1}",
        unknown: "outcome unknown" => "结果未知",
        after: "after it: {0}; primary zone {1}; {2} unit(s) per zone" => "之后：{0}；Primary Zone {1}；每个 Zone {2} 个资源单元",
    }
}

/// One call in words.
pub fn describe(op: &OcpOperation) -> String {
    let t = tx::t();
    match op {
        OcpOperation::AddReplica(r) => fill(
            t.add,
            &[
                &r.replica_type,
                &r.zone_name,
                &r.resource_pool.unit_spec_name,
                &r.resource_pool.unit_count,
            ],
        ),
        OcpOperation::ModifyReplica(list) => match list.as_slice() {
            [one] if one.replica_type.is_some() => fill(
                t.modify_type,
                &[
                    &one.zone_name,
                    &one.replica_type.map(|k| k.to_string()).unwrap_or_default(),
                ],
            ),
            _ => fill(t.modify_pools, &[&op.zones().join(", ")]),
        },
        OcpOperation::ModifyPrimaryZone(pz) => fill(t.primary_zone, &[pz]),
        OcpOperation::DeleteReplica(_) => fill(t.delete, &[&op.zones().join(", ")]),
    }
}

/// The request a step sends: method, path and body.
pub fn request_line(change: &OcpChange) -> String {
    let (cid, tid) = (change.cluster_id, change.tenant_id);
    let (call, path, body) = match &change.operation {
        OcpOperation::AddReplica(r) => (
            calls::ADD_REPLICA,
            paths::add_replica(cid, tid),
            serde_json::json!([r]),
        ),
        OcpOperation::ModifyReplica(l) => (
            calls::MODIFY_REPLICA,
            paths::modify_replica(cid, tid),
            serde_json::json!(l),
        ),
        OcpOperation::DeleteReplica(l) => (
            calls::DELETE_REPLICA,
            paths::delete_replica(cid, tid),
            serde_json::json!(l),
        ),
        OcpOperation::ModifyPrimaryZone(pz) => (
            calls::MODIFY_PRIMARY_ZONE,
            paths::modify_primary_zone(cid, tid),
            serde_json::json!({ "primaryZone": pz }),
        ),
    };
    let method = call.split(' ').next().unwrap_or("POST");
    format!("{method} {path} {body}")
}

fn state_text(state: &StepState) -> String {
    let t = tx::t();
    match state {
        StepState::Pending => t.pending.to_owned(),
        StepState::Sending { .. } => t.sending.to_owned(),
        StepState::Running { task_id } => fill(t.running, &[task_id]),
        StepState::Done { task_id: None } => t.done.to_owned(),
        StepState::Done { task_id: Some(id) } => fill(t.done_task, &[id]),
        StepState::Failed { task_id } => fill(t.failed, &[task_id]),
        StepState::Refused { code, message } => fill(t.refused, &[code, message]),
        StepState::Unknown { .. } => t.unknown.to_owned(),
    }
}

/// The steps of a plan, each with its request, its locality after, and where it stands.
#[component]
pub fn OcpStepList(doc: Signal<OcpPlanDoc>) -> impl IntoView {
    view! {
        <section class="plan-steps" aria-labelledby="ocp-plan-steps">
            <h2 id="ocp-plan-steps">{move || tx::t().steps}</h2>
            <ol>
                {move || doc.with(|d| d.steps.iter().map(|s| {
                    let (what, request, state) = (describe(&s.change.operation), request_line(&s.change), s.state.clone());
                    let e = s.expect.clone();
                    let after = move || fill(tx::t().after, &[&e.locality, &e.primary_zone, &e.unit_count]);
                    view! {
                        <li data-testid="plan-step">
                            <p><strong>{what}</strong>" — "<span class="step-state">{move || state_text(&state)}</span></p>
                            <p class="muted"><code class="request">{request}</code></p>
                            <p class="muted">{after}</p>
                        </li>
                    }
                }).collect_view())}
            </ol>
        </section>
    }
}
