//! Reshape a tenant (and move one of its replicas): one row per zone of the cluster with the
//! replica wanted there, one unit number and the primary zone; the plan that gets there is
//! worked out while the person types (docs/protocol/obshell.md §4.13), or refused with the reason.

use leptos::prelude::*;

use crate::ui::components::PageHeader;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use obshell_protocol::obshell::plan::{
    plan, Change, Expect, Goal, Placement, Plan, PlanDoc, PlanRefusal, PlanStep, StepState,
    ZonePlacement, FORMAT,
};
use obshell_protocol::obshell::replica::{FULL, READONLY};
use obshell_protocol::obshell::version::Feature;

use super::steps::describe;
use crate::core::i18n::fill;
use crate::core::plan::store;
use crate::obshell::context::expect_obshell;
use crate::obshell::forms::violation_message;
use crate::obshell::pages::replicas::{load_context, ReplicaContext};
use crate::ui::components::ErrorPanel;

crate::texts! {
    /// The reshape page.
    mod tx {
        title: "Plan a change of tenant {0}" => "规划租户 {0} 的变更",
        intro: "State the placement you want; the console works out the agent's operations that reach it, keeping a majority of FULL replicas after every step. Nothing is sent until you start the plan." => "填写期望的副本分布；控制台会计算出达到该分布的 Agent 操作序列，并保证每一步之后全能型副本仍保有多数派。在您启动计划之前不会发送任何请求。",
        unavailable: "Planning a change" => "规划变更",
        loading: "Loading the tenant…" => "正在加载租户…",
        zone: "zone" => "Zone",
        region: "region" => "Region",
        servers: "servers" => "服务器",
        replica: "replica" => "副本",
        unit_config: "unit config" => "资源单元规格",
        none: "none" => "无",
        replica_in: "Replica in {0}" => "{0} 中的副本",
        config_in: "Unit config in {0}" => "{0} 的资源单元规格",
        unit_num: "Unit number (every zone)" => "单元数量（所有 Zone）",
        primary_zone: "Primary zone" => "Primary Zone",
        primary_zone_hint: "Zones in priority order: ';' between priorities, ',' within one; RANDOM for none." => "按优先级排列的 Zone：优先级之间用 ';'，同一优先级内用 ','；RANDOM 表示不指定。",
        move_from: "Move the replica in" => "将副本从",
        move_to: "to" => "移动到",
        move_fill: "Fill in the move" => "填入此移动",
        move_none: "Every zone already has a replica of this tenant: there is nowhere to move one." => "每个 Zone 都已有此租户的副本：无处可移。",
        unit_num_bad: "Unit number: {0} is not a whole number of at least 1." => "单元数量：{0} 不是不小于 1 的整数。",
        reached: "The tenant is already placed like this: there is nothing to do." => "租户已是此分布：无需任何操作。",
        steps: "The plan: {0} step(s)" => "计划：{0} 步",
        refused_step: "Step {0} ({1}) would be refused: {2} ({3})" => "第 {0} 步（{1}）会被拒绝：{2}（{3}）",
        refused_target: "This placement breaks the agent's rule: {0} ({1})" => "此分布违反 Agent 的规则：{0}（{1}）",
        no_full: "The placement needs at least one FULL replica." => "分布中至少需要一个全能型副本（FULL）。",
        majority: "The FULL replica of {0} cannot go: of {1} FULL replicas, a step may take away at most {2} and keep a majority. Add FULL replicas elsewhere first." => "{0} 的全能型副本无法移除：{1} 个全能型副本中，一步最多只能移除 {2} 个才能保有多数派。请先在其他 Zone 添加全能型副本。",
        review: "Review the plan" => "查看计划",
        not_saved: "The browser refused to keep the plan (storage full or disabled): it cannot be run safely." => "浏览器拒绝保存计划（存储已满或被禁用）：无法安全运行。",
    }
}

/// One zone's row.
#[derive(Debug, Clone)]
struct ZoneRow {
    zone: String,
    region: String,
    servers: usize,
    kind: RwSignal<String>,
    config: RwSignal<String>,
}

/// The refusal in words, in the console's language (tracked).
pub fn refusal_text(refusal: &PlanRefusal) -> String {
    let t = tx::t();
    match refusal {
        PlanRefusal::Target(v) => fill(t.refused_target, &[&violation_message(v), &v.code()]),
        PlanRefusal::NoFullReplica => t.no_full.to_owned(),
        PlanRefusal::StepRefused {
            step,
            operation,
            violation,
        } => fill(
            t.refused_step,
            &[
                step,
                &operation.dag_name(),
                &violation_message(violation),
                &violation.code(),
            ],
        ),
        PlanRefusal::MajorityLost { zones, full_before } => fill(
            t.majority,
            &[
                &zones.join(", "),
                full_before,
                &obshell_protocol::obshell::plan::max_full_removed(*full_before),
            ],
        ),
        PlanRefusal::Unreachable { .. } => refusal.to_string(),
    }
}

#[component]
pub fn ReshapePage() -> impl IntoView {
    if let Err(reason) = crate::obshell::context::agent_profile().offer(Feature::ReplicaForms) {
        return view! { {move || view! { <crate::ui::components::Unavailable what=tx::t().unavailable.to_owned() reason=reason.clone()/> }} }.into_any();
    }
    let params = use_params_map();
    let query = use_query_map();
    let name = move || params.read().get("name").unwrap_or_default();
    let session = expect_obshell().session;
    let context = LocalResource::new(move || load_context(session.clone(), name()));
    view! {
        <Transition fallback=|| view! { <p class="muted">{move || tx::t().loading}</p> }>
            {move || Suspend::new(async move {
                match context.await {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok(ctx) => match crate::obshell::pages::replicas::tenant_status_refusal(&ctx.info) {
                        Some(reason) => view! { <crate::ui::components::Unavailable what=tx::t().unavailable.to_owned() reason=reason/> }.into_any(),
                        None => form(ctx, query.read_untracked().get("move")).into_any(),
                    },
                }
            })}
        </Transition>
    }
    .into_any()
}

fn form(ctx: ReplicaContext, move_from: Option<String>) -> impl IntoView {
    let tenant = ctx.tenant.clone();
    let first_config = ctx
        .configs
        .first()
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let rows: Vec<ZoneRow> = ctx
        .topology
        .zones
        .iter()
        .map(|(zone, region, servers)| ZoneRow {
            zone: zone.clone(),
            region: region.clone(),
            servers: *servers,
            kind: RwSignal::new(tenant.locality.get(zone).unwrap_or_default().to_owned()),
            config: RwSignal::new(
                tenant
                    .unit_config_of(zone)
                    .map_or_else(|| first_config.clone(), str::to_owned),
            ),
        })
        .collect();
    let unit_num = RwSignal::new(tenant.unit_num.to_string());
    let primary_zone = RwSignal::new(tenant.primary_zone.clone());
    let moved = RwSignal::new(None::<(String, String)>);
    let rows = StoredValue::new(rows);
    let target = Memo::new(move |_| -> Result<Placement, String> {
        let text = unit_num.get();
        let n = text.trim().parse::<i64>().ok().filter(|n| *n >= 1);
        let Some(n) = n else {
            return Err(fill(tx::t().unit_num_bad, &[&text]));
        };
        Ok(Placement {
            zones: rows.with_value(|rows| {
                rows.iter()
                    .filter(|r| !r.kind.get().is_empty())
                    .map(|r| ZonePlacement {
                        zone: r.zone.clone(),
                        replica_type: r.kind.get(),
                        unit_config: r.config.get(),
                    })
                    .collect()
            }),
            unit_num: n,
            primary_zone: primary_zone.get(),
        })
    });
    let (current, topology) = (ctx.tenant.clone(), ctx.topology.clone());
    let planned = Memo::new(move |_| {
        target
            .get()
            .map(|t| plan(&current, &t, &topology).map(|p| (t, p)))
    });
    let fill_move = move |from: String, to: String| {
        rows.with_value(|rows| {
            let (kind, config) = rows
                .iter()
                .find(|r| r.zone == from)
                .map(|r| (r.kind.get_untracked(), r.config.get_untracked()))
                .unwrap_or_default();
            for r in rows {
                if r.zone == to {
                    r.kind.set(kind.clone());
                    r.config.set(config.clone());
                } else if r.zone == from {
                    r.kind.set(String::new());
                }
            }
        });
        primary_zone.update(|pz| *pz = rename_zone(pz, &from, &to));
        moved.set(Some((from, to)));
    };
    let scope = expect_obshell();
    let navigate = use_navigate();
    let tenant_name = tenant.name.clone();
    let start = ctx.tenant.clone();
    let save_error = RwSignal::new(false);
    let review = move |_| {
        let Some(Ok((target, p))) = planned.get_untracked().ok() else {
            return;
        };
        let doc = new_doc(
            scope.links.name(),
            &tenant_name,
            &start,
            target,
            &p,
            moved.get_untracked(),
        );
        if store::save(&doc) {
            navigate(&scope.links.plan(&doc.id), Default::default());
        } else {
            save_error.set(true);
        }
    };
    let configs: Vec<String> = ctx.configs.iter().map(|c| c.name.clone()).collect();
    view! {
        <section class="plan-reshape">
            <PageHeader trail=crate::obshell::sections::tenant(&expect_obshell().links, &tenant.name) title={let n = tenant.name.clone(); Signal::derive(move || fill(tx::t().title, &[&n]))}/>
            <p class="muted">{move || tx::t().intro}</p>
            {move_form(&ctx, move_from, fill_move)}
            <div class="scroll-x"><table class="replicas" data-testid="reshape-table">
                <thead><tr>
                    <th>{move || tx::t().zone}</th><th>{move || tx::t().region}</th><th>{move || tx::t().servers}</th>
                    <th>{move || tx::t().replica}</th><th>{move || tx::t().unit_config}</th>
                </tr></thead>
                <tbody>{rows.get_value().into_iter().map(|r| zone_row(r, configs.clone())).collect_view()}</tbody>
            </table></div>
            <div class="fields">
                <label>{move || tx::t().unit_num}
                    <input type="text" inputmode="numeric" prop:value=unit_num on:input=move |ev| unit_num.set(event_target_value(&ev))/>
                </label>
                <label>{move || tx::t().primary_zone}
                    <input type="text" class="mono" prop:value=primary_zone on:input=move |ev| primary_zone.set(event_target_value(&ev))/>
                    <span class="muted">{move || tx::t().primary_zone_hint}</span>
                </label>
            </div>
            <div data-testid="plan-outcome" role="status" aria-live="polite">{move || outcome(planned.get())}</div>
            <div class="page-actions">
                <button type="button" data-testid="plan-review"
                    disabled=move || !matches!(planned.get(), Ok(Ok((_, ref p))) if !p.is_empty())
                    on:click=review>{move || tx::t().review}</button>
            </div>
            {move || save_error.get().then(|| view! { <p class="error" role="alert">{tx::t().not_saved}</p> })}
        </section>
    }
}

fn zone_row(r: ZoneRow, configs: Vec<String>) -> impl IntoView {
    let (zone, zone2) = (r.zone.clone(), r.zone.clone());
    let kinds = [("", true), (FULL, false), (READONLY, false)];
    view! {
        <tr data-zone=r.zone.clone()>
            <td>{r.zone.clone()}</td><td>{r.region.clone()}</td><td>{r.servers}</td>
            <td><select aria-label=move || fill(tx::t().replica_in, &[&zone]) prop:value=r.kind
                on:change=move |ev| r.kind.set(event_target_value(&ev))>
                {kinds.map(|(k, none)| view! {
                    <option value=k selected=move || r.kind.get() == k>{move || if none { tx::t().none.to_owned() } else { k.to_owned() }}</option>
                }).collect_view()}
            </select></td>
            <td><select aria-label=move || fill(tx::t().config_in, &[&zone2]) prop:value=r.config
                disabled=move || r.kind.get().is_empty()
                on:change=move |ev| r.config.set(event_target_value(&ev))>
                {configs.into_iter().map(|c| {
                    let (v, value) = (c.clone(), c.clone());
                    view! { <option value=value selected=move || r.config.get() == v>{c}</option> }
                }).collect_view()}
            </select></td>
        </tr>
    }
}

fn move_form(
    ctx: &ReplicaContext,
    move_from: Option<String>,
    fill_move: impl Fn(String, String) + Copy + 'static,
) -> impl IntoView {
    let holding: Vec<String> = ctx.tenant.locality.zones().map(str::to_owned).collect();
    let free: Vec<String> = ctx
        .topology
        .zones
        .iter()
        .map(|(z, _, _)| z.clone())
        .filter(|z| !holding.contains(z))
        .collect();
    if free.is_empty() {
        return view! { <p class="muted" data-testid="move-none">{move || tx::t().move_none}</p> }
            .into_any();
    }
    let from = RwSignal::new(
        move_from
            .filter(|z| holding.contains(z))
            .or_else(|| holding.first().cloned())
            .unwrap_or_default(),
    );
    let to = RwSignal::new(free[0].clone());
    view! {
        <div class="fields move" role="group" aria-label=move || tx::t().move_fill>
            <label>{move || tx::t().move_from}
                <select prop:value=from on:change=move |ev| from.set(event_target_value(&ev))>
                    {holding.into_iter().map(|z| { let (v, value) = (z.clone(), z.clone()); view! { <option value=value selected=move || from.get() == v>{z}</option> } }).collect_view()}
                </select>
            </label>
            <label>{move || tx::t().move_to}
                <select prop:value=to on:change=move |ev| to.set(event_target_value(&ev))>
                    {free.into_iter().map(|z| { let (v, value) = (z.clone(), z.clone()); view! { <option value=value selected=move || to.get() == v>{z}</option> } }).collect_view()}
                </select>
            </label>
            <button type="button" class="secondary" on:click=move |_| fill_move(from.get_untracked(), to.get_untracked())>{move || tx::t().move_fill}</button>
        </div>
    }
    .into_any()
}

/// `pz` with zone `from` named `to` instead (`RANDOM` stays).
pub(super) fn rename_zone(pz: &str, from: &str, to: &str) -> String {
    pz.split(';')
        .map(|group| {
            group
                .split(',')
                .map(|z| if z.trim() == from { to } else { z.trim() })
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect::<Vec<_>>()
        .join(";")
}

fn outcome(planned: Result<Result<(Placement, Plan), PlanRefusal>, String>) -> AnyView {
    match planned {
        Err(field) => view! { <p class="error" role="alert">{field}</p> }.into_any(),
        Ok(Err(refusal)) => view! { <p class="error" role="alert" data-testid="plan-refused">{refusal_text(&refusal)}</p> }.into_any(),
        Ok(Ok((_, p))) if p.is_empty() => view! { <p class="muted">{tx::t().reached}</p> }.into_any(),
        Ok(Ok((_, p))) => {
            let count = p.steps.len();
            view! {
                <p>{fill(tx::t().steps, &[&count])}</p>
                <ol data-testid="plan-preview">{p.steps.iter().map(|s| {
                    let what = describe(&Change::Tenant { tenant: s.after.name.clone(), operation: s.operation.clone() });
                    view! { <li>{what}" → "<span class="mono">{s.preview.locality_after.clone()}</span></li> }
                }).collect_view()}</ol>
            }.into_any()
        }
    }
}

fn new_doc(
    backend: &str,
    tenant: &str,
    start: &obshell_protocol::obshell::replica::TenantReplicas,
    target: Placement,
    p: &Plan,
    moved: Option<(String, String)>,
) -> PlanDoc {
    PlanDoc {
        format: FORMAT,
        id: store::new_plan_id(),
        backend: backend.to_owned(),
        goal: Goal::Tenant {
            tenant: tenant.to_owned(),
            target,
            moved,
        },
        created_at: (js_sys::Date::now() / 1000.0) as i64,
        start: Some(Expect::tenant(start)),
        steps: steps_of(tenant, p),
        paused: false,
        abandoned: false,
    }
}

/// The planner's steps as a document's, not sent yet.
pub fn steps_of(tenant: &str, p: &Plan) -> Vec<PlanStep> {
    p.steps
        .iter()
        .map(|s| PlanStep {
            change: Change::Tenant {
                tenant: tenant.to_owned(),
                operation: s.operation.clone(),
            },
            expect: Expect::tenant(&s.after),
            state: StepState::Pending,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_moved_zone_is_renamed_in_the_primary_zone() {
        assert_eq!(super::rename_zone("z1;z2,z3", "z1", "z4"), "z4;z2,z3");
        assert_eq!(super::rename_zone("z2, z1", "z1", "z4"), "z2,z4");
        assert_eq!(super::rename_zone("RANDOM", "z1", "z4"), "RANDOM");
    }
}
