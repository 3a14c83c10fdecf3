//! Reshape an OCP tenant (docs/protocol/ocp.md §4.6): one row per zone of the cluster with the
//! replica wanted there and its unit spec, the tenant's unit count and primary zone; the plan
//! worked out while the person types, or refused with the reason. "Move…" on a zone of the
//! tenant page opens it with that zone's replica to move.

use leptos::prelude::*;

use crate::ui::components::PageHeader;
use leptos_router::hooks::{use_navigate, use_query_map};
use obshell_protocol::ocp::model::{Cluster, Tenant, UnitSpec};
use obshell_protocol::ocp::plan::{
    plan_ocp, OcpChange, OcpExpect, OcpGoal, OcpPlanDoc, OcpPlanRefusal, OcpPlanStep, OcpStep,
    OcpTarget, OcpZoneTarget,
};
use obshell_protocol::plan::{PlanStep, StepState, FORMAT};

use super::steps::describe;
use crate::core::i18n::fill;
use crate::core::plan::store;
use crate::ocp::expect_ocp;
use crate::ocp::links::id_param;
use crate::ui::components::ErrorPanel;

crate::texts! {
    /// The reshape page.
    mod tx {
        loading: "Loading the tenant, its cluster and the unit specs…" => "正在加载租户、集群与资源规格…",
        title: "Plan a change of tenant {0}" => "规划租户 {0} 的变更",
        intro: "State the placement you want; the console works out OCP's calls in a safe order. Nothing is sent until you start the plan." => "填写期望的副本分布；控制台会按安全的顺序算出 OCP 调用。启动计划之前不会发送任何请求。",
        move_label: "Move the replica of {0} to" => "将 {0} 的副本迁移到",
        pick: "choose a zone" => "选择 Zone",
        zone: "zone" => "Zone",
        replica: "replica" => "副本",
        spec: "unit spec" => "资源规格",
        none: "none" => "无",
        keep_spec: "as it is" => "保持不变",
        replica_in: "Replica in {0}" => "{0} 的副本",
        spec_in: "Unit spec in {0}" => "{0} 的资源规格",
        unit_count: "Units per zone" => "每个 Zone 的资源单元数",
        primary_zone: "Primary zone (zones by priority: ; between priorities, , within one)" => "Primary Zone（按优先级：优先级之间用 ;，同级之间用 ,）",
        count_rule: "Units per zone: a whole number of at least 1." => "每个 Zone 的资源单元数：至少为 1 的整数。",
        nothing: "The tenant is already so: nothing to do." => "租户已是如此：无需变更。",
        plan_title: "The plan: {0} step(s)" => "计划：{0} 步",
        save: "Keep this plan and open it" => "保存此计划并打开",
        saved_fail: "The browser refused to keep the plan (storage full or disabled)." => "浏览器拒绝保存此计划（存储已满或被禁用）。",
        no_full: "Refused: the target keeps no FULL replica." => "已拒绝：目标中没有 FULL 副本。",
        unknown_zone: "Refused: {0} is not a zone of the cluster." => "已拒绝：{0} 不是集群的 Zone。",
        pz_outside: "Refused: the primary zone names {0}, which keeps no replica." => "已拒绝：Primary Zone 包含 {0}，但该 Zone 没有副本。",
        no_spec: "Refused: the new replica in {0} needs a unit spec." => "已拒绝：{0} 的新副本需要资源规格。",
        step_refused: "Refused: step {0} ({1}) would be refused by OCP: {2} {3}" => "已拒绝：第 {0} 步（{1}）会被 OCP 拒绝：{2} {3}",
        majority: "Refused: the Paxos member of {0} cannot go: of {1} FULL and LOGONLY replicas, a step may take away at most {2} and keep a majority." => "已拒绝：无法移除 {0} 的 Paxos 成员：{1} 个 FULL/LOGONLY 副本中，每一步最多移除 {2} 个才能保持多数派。",
    }
}

#[component]
pub fn OcpReshapePage() -> impl IntoView {
    let ocp = expect_ocp();
    let (cid, tid) = (id_param("cid"), id_param("tid"));
    let data = LocalResource::new(move || {
        let (cid, tid, s) = (cid.get(), tid.get(), ocp.session());
        async move {
            let (Some(cid), Some(tid)) = (cid, tid) else {
                return Ok(None);
            };
            let tenant = s.tenant(cid, tid).await?;
            let cluster = s.cluster(cid).await?;
            let specs = s.unit_specs().await?;
            Ok(Some((cluster, tenant, specs)))
        }
    });
    let moved = use_query_map().read_untracked().get("move");
    view! {
        <section class="plan-reshape">
            <Transition fallback=|| view! { <p class="muted">{move || tx::t().loading}</p> }>
                {move || {
                    let moved = moved.clone();
                    Suspend::new(async move {
                        match data.await {
                            Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                            Ok(None) => crate::ocp::pages::not_found().into_any(),
                            Ok(Some((c, t, s))) => reshape_form(c, t, s, moved).into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

/// One zone's row: the replica wanted ("" for none) and the unit spec ("" keeps the pool).
#[derive(Clone, Copy)]
struct Row {
    kind: RwSignal<String>,
    spec: RwSignal<String>,
}

pub fn refusal_text(r: &OcpPlanRefusal) -> String {
    let t = tx::t();
    match r {
        OcpPlanRefusal::NoFullReplica => t.no_full.to_owned(),
        OcpPlanRefusal::UnknownZone(z) => fill(t.unknown_zone, &[z]),
        OcpPlanRefusal::PrimaryZoneOutside(z) => fill(t.pz_outside, &[z]),
        OcpPlanRefusal::NoSpec(z) => fill(t.no_spec, &[z]),
        OcpPlanRefusal::StepRefused {
            step,
            operation,
            violation,
        } => fill(
            t.step_refused,
            &[
                step,
                &describe(operation),
                &violation.code.code,
                &violation.message,
            ],
        ),
        OcpPlanRefusal::MajorityLost { zones, before } => fill(
            t.majority,
            &[
                &zones.join(", "),
                before,
                &obshell_protocol::ocp::plan::max_removed(*before),
            ],
        ),
    }
}

fn reshape_form(
    cluster: Cluster,
    tenant: Tenant,
    specs: Vec<UnitSpec>,
    moved: Option<String>,
) -> impl IntoView {
    let ocp = expect_ocp();
    let now = OcpTarget::of(&tenant, &specs);
    let rows: Vec<(String, Row)> = cluster
        .zones
        .iter()
        .map(|z| {
            let here = now.get(&z.name);
            let row = Row {
                kind: RwSignal::new(here.map(|h| h.replica_type.clone()).unwrap_or_default()),
                spec: RwSignal::new(here.and_then(|h| h.unit_spec.clone()).unwrap_or_default()),
            };
            (z.name.clone(), row)
        })
        .collect();
    let cluster_id = cluster.id;
    let moved_pair = RwSignal::new(None::<(String, String)>);
    let unit_count = RwSignal::new(now.unit_count.to_string());
    let primary_zone = RwSignal::new(now.primary_zone.clone());
    let rows = StoredValue::new(rows);
    // Moving fills the table: the zone picked takes the moved replica and its place in the
    // primary zone; the moved zone keeps none.
    let move_to = move |from: String, to: String| {
        rows.with_value(|rows| {
            let get = |z: &str| rows.iter().find(|(n, _)| n == z).map(|(_, r)| *r);
            if let (Some(a), Some(b)) = (get(&from), get(&to)) {
                b.kind.set(a.kind.get_untracked());
                b.spec.set(a.spec.get_untracked());
                a.kind.set(String::new());
            }
        });
        primary_zone.update(|pz| {
            *pz = pz
                .split(';')
                .map(|g| {
                    g.split(',')
                        .map(|z| if z.trim() == from { to.as_str() } else { z })
                        .collect::<Vec<_>>()
                        .join(",")
                })
                .collect::<Vec<_>>()
                .join(";");
        });
    };
    let target = Memo::new(move |_| {
        let count = unit_count
            .get()
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|c| *c >= 1)?;
        let zones = rows.with_value(|rows| {
            rows.iter()
                .filter(|(_, r)| !r.kind.get().is_empty())
                .map(|(zone, r)| OcpZoneTarget {
                    zone: zone.clone(),
                    replica_type: r.kind.get(),
                    unit_spec: Some(r.spec.get()).filter(|s| !s.is_empty()),
                })
                .collect()
        });
        Some(OcpTarget {
            zones,
            unit_count: count,
            primary_zone: primary_zone.get(),
        })
    });
    let (t2, c2, s2) = (tenant.clone(), cluster.clone(), specs.clone());
    let planned = Memo::new(move |_| target.get().map(|goal| plan_ocp(&t2, &goal, &c2, &s2)));
    let saved_fail = RwSignal::new(false);
    let navigate = use_navigate();
    let (t3, s3, name, links) = (tenant.clone(), specs.clone(), ocp.name(), ocp.links());
    let save = move |_| {
        let (Some(goal), Some(Ok(steps))) = (target.get_untracked(), planned.get_untracked())
        else {
            return;
        };
        let goal = OcpGoal {
            cluster_id,
            tenant_id: t3.id,
            tenant: t3.name.clone(),
            target: goal,
            moved: moved_pair.get_untracked(),
        };
        let doc = OcpPlanDoc {
            format: FORMAT,
            id: store::new_plan_id(),
            backend: name.clone(),
            created_at: (js_sys::Date::now() / 1000.0) as i64,
            start: Some(OcpExpect::of(&t3, &s3)),
            steps: steps_of(&goal, &s3, &steps),
            goal,
            paused: false,
            abandoned: false,
        };
        if store::save(&doc) {
            navigate(&links.plan(&doc.id), Default::default());
        } else {
            saved_fail.set(true);
        }
    };
    let zone_names: Vec<String> = cluster.zones.iter().map(|z| z.name.clone()).collect();
    let move_picker = moved.filter(|m| now.get(m).is_some()).map(|from| {
        let others: Vec<String> = zone_names.iter().filter(|z| now.get(z).is_none()).cloned().collect();
        let label = fill(tx::t().move_label, &[&from]);
        let on_pick = move |ev: leptos::ev::Event| {
            let to = event_target_value(&ev);
            if !to.is_empty() {
                moved_pair.set(Some((from.clone(), to.clone())));
                move_to(from.clone(), to);
            }
        };
        view! {
            <p><label>{label.clone()}" "
                <select aria-label=label on:change=on_pick>
                    <option value="">{move || tx::t().pick}</option>
                    {others.into_iter().map(|z| view! { <option value=z.clone()>{z.clone()}</option> }).collect_view()}
                </select>
            </label></p>
        }
    });
    let spec_names: Vec<String> = specs.iter().map(|s| s.name.clone()).collect();
    let table = rows.with_value(|rows| {
        rows.iter()
            .map(|(zone, row)| {
                let row = *row;
                let specs = spec_names.clone();
                let (zone_a, zone_b) = (zone.clone(), zone.clone());
                view! {
                    <tr>
                        <th scope="row">{zone.clone()}</th>
                        <td><select aria-label=move || fill(tx::t().replica_in, &[&zone_a]) prop:value=move || row.kind.get() on:change=move |ev| row.kind.set(event_target_value(&ev))>
                            <option value="">{move || tx::t().none}</option>
                            {["FULL", "READONLY", "LOGONLY"].map(|k| view! { <option value=k>{k}</option> })}
                        </select></td>
                        <td><select aria-label=move || fill(tx::t().spec_in, &[&zone_b]) disabled=move || row.kind.get().is_empty() prop:value=move || row.spec.get() on:change=move |ev| row.spec.set(event_target_value(&ev))>
                            <option value="">{move || tx::t().keep_spec}</option>
                            {specs.into_iter().map(|n| view! { <option value=n.clone()>{n.clone()}</option> }).collect_view()}
                        </select></td>
                    </tr>
                }
            })
            .collect_view()
    });
    let count_error = move || {
        target
            .with(Option::is_none)
            .then(|| view! { <p class="error" role="alert">{tx::t().count_rule}</p> })
    };
    let outcome = move || {
        match planned.get() {
        None => ().into_any(),
        Some(Ok(steps)) if steps.is_empty() => view! { <p class="muted" data-testid="plan-outcome">{tx::t().nothing}</p> }.into_any(),
        Some(Ok(steps)) => view! {
            <section class="plan-steps" data-testid="plan-outcome">
                <h2>{fill(tx::t().plan_title, &[&steps.len()])}</h2>
                <ol>{steps.iter().map(|s| view! { <li>{describe(&s.operation)}<span class="muted">{format!(" → {}", s.locality_after)}</span></li> }).collect_view()}</ol>
                <button type="button" on:click=save.clone()>{tx::t().save}</button>
            </section>
        }.into_any(),
        Some(Err(r)) => view! { <p class="error" role="alert" data-testid="plan-outcome">{refusal_text(&r)}</p> }.into_any(),
    }
    };
    let trail =
        crate::ocp::sections::tenant(&ocp.links(), (cluster_id, None), (tenant.id, &tenant.name));
    let name = tenant.name.clone();
    view! {
        <PageHeader trail=trail title=Signal::derive(move || fill(tx::t().title, &[&name]))/>
        <p class="muted">{move || tx::t().intro}</p>
        {move_picker}
        <div class="scroll-x"><table class="placement">
            <thead><tr><th scope="col">{move || tx::t().zone}</th><th scope="col">{move || tx::t().replica}</th><th scope="col">{move || tx::t().spec}</th></tr></thead>
            <tbody>{table}</tbody>
        </table></div>
        <p><label>{move || tx::t().unit_count}" "<input type="number" min="1" prop:value=move || unit_count.get() on:input=move |ev| unit_count.set(event_target_value(&ev))/></label></p>
        <p><label>{move || tx::t().primary_zone}" "<input type="text" prop:value=move || primary_zone.get() on:input=move |ev| primary_zone.set(event_target_value(&ev))/></label></p>
        {count_error}
        {outcome}
        {move || saved_fail.get().then(|| view! { <p class="error" role="alert">{tx::t().saved_fail}</p> })}
    }
}

/// A plan's steps: each call and what the tenant must show after it.
pub fn steps_of(goal: &OcpGoal, specs: &[UnitSpec], steps: &[OcpStep]) -> Vec<OcpPlanStep> {
    steps
        .iter()
        .map(|s| PlanStep {
            change: OcpChange {
                cluster_id: goal.cluster_id,
                tenant_id: goal.tenant_id,
                tenant: goal.tenant.clone(),
                operation: s.operation.clone(),
            },
            expect: OcpExpect::of(&s.after, specs),
            state: StepState::Pending,
        })
        .collect()
}
