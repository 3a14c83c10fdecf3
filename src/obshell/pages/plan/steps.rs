//! A plan's steps as a person reads them: what each does in words, the request it sends, the
//! placement it leaves (locality, FULL count, majority kept), how long such tasks took on this
//! agent, and, once running, where it stands.

use leptos::prelude::*;
use obshell_protocol::obshell::plan::{Change, Expect, Operation, PlanDoc, StepState};
use obshell_protocol::obshell::replica::Locality;
use obshell_protocol::obshell::{calls, catalog};

use crate::core::i18n::fill;
use crate::core::plan::Durations;
use crate::obshell::context::expect_obshell;
use crate::obshell::pages::Blockers;

crate::texts! {
    /// The steps of a plan.
    pub(super) mod tx {
        add: "Add {0} in {1} (unit config {2}, {3} unit(s))" => "在 {1} 添加{0}副本（资源单元规格 {2}，{3} 个单元）",
        modify: "Modify {0}" => "修改 {0}",
        to_type: "{0} → {1}" => "{0} → {1}",
        to_config: "unit config of {0} → {1}" => "{0} 的资源单元规格 → {1}",
        to_units: "unit number → {0}" => "单元数量 → {0}",
        primary_zone: "Set the primary zone to {0}" => "将 Primary Zone 设为 {0}",
        delete: "Delete the replica in {0}" => "删除 {0} 中的副本",
        scale_out: "Add server {0}:{1} to {2}" => "将服务器 {0}:{1} 加入 {2}",
        scale_in: "Remove server {0} (agent port {1})" => "移除服务器 {0}（Agent 端口 {1}）",
        gone_after: "After: server {0} gone" => "之后：服务器 {0} 已移除",
        tenant_of: " · tenant {0}" => " · 租户 {0}",
        after: "After: {0} · {1} FULL · {2}" => "之后：{0} · {1} 个全能型副本 · {2}",
        majority: "majority kept" => "保有多数派",
        no_majority: "majority lost" => "多数派丢失",
        primary_after: " · primary zone {0}" => " · Primary Zone {0}",
        server_after: "After: server {0} in {1}" => "之后：服务器 {0} 位于 {1}",
        pending: "not sent" => "未发送",
        sending: "sent, answer awaited" => "已发送，等待应答",
        running: "task running" => "任务运行中",
        done: "done" => "已完成",
        done_nothing: "done (already in place)" => "已完成（已是目标状态）",
        failed: "stopped: the task did not end with the change" => "已停止：任务结束时未见变更",
        refused: "refused: {0}" => "被拒绝：{0}",
        pz_not_applied: "The tenant, read back, shows the primary zone unchanged: it was not applied." => "回读租户显示 Primary Zone 未变：变更未生效。",
        unknown: "outcome unknown: no answer, and no task found yet" => "结果未知：没有应答，尚未找到任务",
        task: "task {0}" => "任务 {0}",
        checked: "Checked with the agent's rules against the state the earlier steps leave." => "已按 Agent 的规则，对前面步骤留下的状态做了检查。",
    }
}

/// One change in words (tracked: call it in a closure).
pub fn describe(change: &Change) -> String {
    let t = tx::t();
    match change {
        Change::Tenant { tenant, operation } => {
            let what = match operation {
                Operation::AddReplicas(zones) => zones
                    .iter()
                    .map(|z| {
                        fill(
                            t.add,
                            &[&z.replica_type, &z.name, &z.unit_config_name, &z.unit_num],
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
                Operation::ModifyReplicas(entries) => {
                    let mut parts = Vec::new();
                    for e in entries {
                        if let Some(kind) = &e.replica_type {
                            parts.push(fill(t.to_type, &[&e.zone_name, kind]));
                        }
                        if let Some(config) = &e.unit_config_name {
                            parts.push(fill(t.to_config, &[&e.zone_name, config]));
                        }
                    }
                    if let Some(n) = entries.iter().find_map(|e| e.unit_num) {
                        parts.push(fill(t.to_units, &[&n]));
                    }
                    fill(t.modify, &[&parts.join(", ")])
                }
                Operation::SetPrimaryZone(pz) => fill(t.primary_zone, &[pz]),
                Operation::DeleteReplicas(zones) => fill(t.delete, &[&zones.join(", ")]),
            };
            format!("{what}{}", fill(t.tenant_of, &[tenant]))
        }
        Change::ScaleOut { ip, port, zone, .. } => fill(t.scale_out, &[ip, port, zone]),
        Change::ScaleIn { ip, port } => fill(t.scale_in, &[ip, port]),
    }
}

/// The request a change sends, as `METHOD /path`.
pub fn request_line(change: &Change) -> String {
    let call = match change {
        Change::Tenant { operation, .. } => match operation {
            Operation::AddReplicas(_) => calls::ADD_REPLICAS,
            Operation::ModifyReplicas(_) => calls::MODIFY_REPLICAS,
            Operation::SetPrimaryZone(_) => calls::SET_PRIMARY_ZONE,
            Operation::DeleteReplicas(_) => calls::DELETE_REPLICAS,
        },
        Change::ScaleOut { .. } => calls::SCALE_OUT,
        Change::ScaleIn { .. } => calls::SCALE_IN,
    };
    match change {
        Change::Tenant { tenant, .. } => call.replace(":name", tenant),
        Change::ScaleOut { .. } | Change::ScaleIn { .. } => call.to_owned(),
    }
}

fn full_of(locality: &str) -> usize {
    Locality::parse(locality).map_or(0, |l| l.full_count())
}

/// The placement a step leaves, in words (tracked).
fn after_text(expect: &Expect, full_before: Option<usize>) -> String {
    let t = tx::t();
    match expect {
        Expect::Tenant {
            locality,
            primary_zone,
            ..
        } => {
            let full = full_of(locality);
            let kept = full_before.is_none_or(|before| full * 2 > before || full >= before);
            let majority = if kept { t.majority } else { t.no_majority };
            format!(
                "{}{}",
                fill(t.after, &[locality, &full, &majority]),
                fill(t.primary_after, &[primary_zone])
            )
        }
        Expect::Server { ip, zone } => fill(t.server_after, &[ip, zone]),
        Expect::ServerGone { ip } => fill(t.gone_after, &[ip]),
    }
}

/// Whether the agent (or the re-check before sending) refused the step because a task holds a
/// maintenance lock (docs/protocol/obshell-tasks.md §5.5).
fn held_by_lock(state: &StepState) -> bool {
    matches!(state, StepState::Refused { code, .. } if [
        catalog::CLUSTER_UNDER_MAINTENANCE.code,
        catalog::CLUSTER_UNDER_MAINTENANCE_WITH_DAG.code,
        catalog::TENANT_UNDER_MAINTENANCE.code,
    ].contains(&code.as_str()))
}

fn state_text(change: &Change, state: &StepState) -> String {
    let t = tx::t();
    let pz = matches!(
        change,
        Change::Tenant {
            operation: Operation::SetPrimaryZone(_),
            ..
        }
    );
    match state {
        StepState::Refused { code, message } if pz => format!(
            "{} {}",
            fill(t.refused, &[&format!("{message} ({code})")]),
            t.pz_not_applied
        ),
        StepState::Pending => t.pending.to_owned(),
        StepState::Sending { .. } => t.sending.to_owned(),
        StepState::Running { .. } => t.running.to_owned(),
        StepState::Done { task_id: Some(_) } => t.done.to_owned(),
        StepState::Done { task_id: None } => t.done_nothing.to_owned(),
        StepState::Failed { .. } => t.failed.to_owned(),
        StepState::Refused { code, message } if code.is_empty() => fill(t.refused, &[message]),
        StepState::Refused { code, message } => fill(t.refused, &[&format!("{message} ({code})")]),
        StepState::Unknown { .. } => t.unknown.to_owned(),
    }
}

/// The steps of `doc`, numbered, each with its request, the placement after it and its state.
#[component]
pub fn StepList(doc: Signal<PlanDoc>, durations: Signal<Durations>) -> impl IntoView {
    let links = expect_obshell().links;
    let rows = move || {
        let d = doc.get();
        let mut full_before = d.start.as_ref().and_then(|e| match e {
            Expect::Tenant { locality, .. } => Some(full_of(locality)),
            Expect::Server { .. } | Expect::ServerGone { .. } => None,
        });
        d.steps
            .iter()
            .enumerate()
            .map(|(i, step)| {
                let after = after_text(&step.expect, full_before);
                if let Expect::Tenant { locality, .. } = &step.expect {
                    full_before = Some(full_of(locality));
                }
                let change = step.change.clone();
                let state = step.state.clone();
                let task = state.task_id().map(|id| (links.task(id), id.to_owned()));
                // Refused because a task holds a lock: that task, and the ways to clear it.
                let held = held_by_lock(&state).then(|| match &change {
                    Change::Tenant { tenant, .. } => view! { <Blockers list=Vec::new() tenant=tenant.clone() check_now=true/> }.into_any(),
                    _ => view! { <Blockers list=Vec::new() check_now=true/> }.into_any(),
                });
                let took = durations.with(|h| h.of(change.dag_name()));
                let label = fill("{0}. {1}", &[&(i + 1), &describe(&change)]);
                let aria = label.clone();
                view! {
                    <li class=crate::ui::plan::step_class(&state) data-testid="plan-step" aria-label=aria>
                        <p class="step-what">{label}</p>
                        <p class="mono muted">{request_line(&change)}</p>
                        <p data-testid="plan-step-after">{after}</p>
                        <p class="muted">{crate::ui::plan::took_text(took)}</p>
                        <p data-testid="plan-step-state" role="status">
                            {state_text(&change, &state)}
                            {task.map(|(href, id)| view! { " · " <a href=href>{fill(tx::t().task, &[&id])}</a> })}
                        </p>
                        {held}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <p class="muted">{move || tx::t().checked}</p>
        <ol class="plan-steps" data-testid="plan-steps">{rows}</ol>
    }
}
