//! An OCP plan's steps in words: each call, its request, and where the step stands.

use leptos::prelude::*;
use obshell_protocol::ocp::plan::{OcpChange, OcpOperation, OcpPlanDoc};
use obshell_protocol::ocp::{calls, paths};
use obshell_protocol::plan::StepState;

use crate::core::i18n::fill;
use crate::core::plan::Durations;

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
        running: "running" => "运行中",
        done: "done" => "已完成",
        failed: "failed" => "失败",
        refused: "refused: {0} {1}" => "被拒绝：{0} {1}",
        unknown: "outcome unknown" => "结果未知",
        task: "task {0}" => "任务 {0}",
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
        // The task's link follows the state.
        StepState::Running { .. } => t.running.to_owned(),
        StepState::Done { .. } => t.done.to_owned(),
        StepState::Failed { .. } => t.failed.to_owned(),
        StepState::Refused { code, message } => fill(t.refused, &[code, message]),
        StepState::Unknown { .. } => t.unknown.to_owned(),
    }
}

/// The steps of a plan, numbered, each with its request, the tenant after it, how long such
/// tasks took on this OCP, and where it stands (with its task).
#[component]
pub fn OcpStepList(doc: Signal<OcpPlanDoc>, durations: Signal<Durations>) -> impl IntoView {
    let links = crate::ocp::expect_ocp().links();
    let rows = move || {
        doc.with(|d| {
            d.steps
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let label = fill("{0}. {1}", &[&(i + 1), &describe(&s.change.operation)]);
                    let aria = label.clone();
                    let state = s.state.clone();
                    let e = s.expect.clone();
                    let after = move || fill(tx::t().after, &[&e.locality, &e.primary_zone, &e.unit_count]);
                    let took = s.change.operation.task_name().map(|name| durations.with(|h| h.of(name)));
                    let task = state.task_id().map(|id| (links.task(id.parse().unwrap_or_default()), id.to_owned()));
                    view! {
                        <li class=crate::ui::plan::step_class(&state) data-testid="plan-step" aria-label=aria>
                            <p class="step-what">{label}</p>
                            <p class="mono muted">{request_line(&s.change)}</p>
                            <p>{after}</p>
                            {took.map(|t| view! { <p class="muted">{crate::ui::plan::took_text(t)}</p> })}
                            <p role="status">
                                {let state = state.clone(); move || state_text(&state)}
                                {task.map(|(href, id)| view! { " · " <a href=href>{fill(tx::t().task, &[&id])}</a> })}
                            </p>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <h2>{move || tx::t().steps}</h2>
        <ol class="plan-steps" data-testid="plan-steps">{rows}</ol>
    }
}
