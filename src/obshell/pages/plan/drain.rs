//! Drain a zone: for each tenant with a replica there, move it to a zone the person picks (one
//! for all, or per tenant) or drop it where the majority survives; then, when asked (agents
//! 4.2.6+), scale in each of the zone's servers. Each tenant's part is planned as a reshape
//! (docs/protocol/obshell.md §4.13); the scale-ins are checked with the scale-in form's rules
//! before each is sent.

use leptos::prelude::*;

use crate::ui::components::PageHeader;
use leptos_router::hooks::{use_navigate, use_params_map};
use obshell_protocol::obshell::plan::{
    plan, Change, Expect, Goal, Placement, PlanDoc, PlanRefusal, PlanStep, StepState, TenantTarget,
    ZonePlacement, FORMAT,
};
use obshell_protocol::obshell::replica::{TenantReplicas, TopologySnapshot};
use obshell_protocol::obshell::version::Feature;

use super::reshape::{refusal_text, steps_of};
use crate::core::error::ApiError;
use crate::core::i18n::fill;
use crate::core::plan::store;
use crate::obshell::client::Session;
use crate::obshell::context::expect_obshell;
use crate::obshell::pages::replicas::{load_context, ReplicaContext};
use crate::ui::components::ErrorPanel;

crate::texts! {
    /// The drain page.
    mod tx {
        title: "Drain zone {0}" => "清空 Zone {0}",
        intro: "Every tenant with a replica in this zone: move it to another zone or drop it (where a majority of its FULL replicas survives). Nothing is sent until you start the plan." => "此 Zone 中有副本的每个租户：将副本移到其他 Zone，或删除它（在其全能型副本仍保有多数派时）。在您启动计划之前不会发送任何请求。",
        unavailable: "Planning a change" => "规划变更",
        loading: "Loading the zone's tenants…" => "正在加载该 Zone 的租户…",
        none: "No tenant has a replica in {0}." => "没有租户在 {0} 中有副本。",
        all: "For every tenant" => "所有租户",
        tenant: "tenant" => "租户",
        replica: "replica" => "副本",
        action: "what to do" => "处理方式",
        action_of: "What to do with the replica of {0}" => "如何处理 {0} 的副本",
        drop: "drop it" => "删除",
        move_to: "move to {0}" => "移到 {0}",
        plan_of: "plan" => "计划",
        steps: "{0} step(s)" => "{0} 步",
        scale_in: "Then scale in each of the zone's servers" => "然后缩容该 Zone 的每台服务器",
        scale_in_self: "The zone's servers include the agent this console is connected to, which cannot remove itself: connect to an agent of another zone to scale them in." => "该 Zone 的服务器包含本控制台所连接的 Agent，它不能移除自身：请连接其他 Zone 的 Agent 后再缩容。",
        scale_in_version: "This agent (before 4.2.6) has no scale-in." => "此 Agent（4.2.6 之前的版本）不支持缩容。",
        review: "Review the plan" => "查看计划",
        refused: "Some tenant's part cannot be done safely: change its choice." => "某个租户的部分无法安全完成：请更改其处理方式。",
    }
}

/// Everything the page plans against.
#[derive(Debug, Clone)]
struct Drain {
    zone: String,
    tenants: Vec<ReplicaContext>,
    topology: TopologySnapshot,
    /// The zone's servers as `(ip, agent port)`.
    servers: Vec<(String, u16)>,
}

async fn load(s: Session, zone: String) -> Result<Drain, ApiError> {
    let mut tenants = Vec::new();
    // Only the tenants whose locality names the zone are read in full.
    for t in s.tenants().await? {
        let holds = obshell_protocol::obshell::replica::Locality::parse(&t.locality)
            .is_ok_and(|l| l.contains(&zone));
        if holds {
            tenants.push(load_context(s.clone(), t.tenant_name.clone()).await?);
        }
    }
    let ob = s.ob_info().await?;
    let servers = ob
        .obcluster_info
        .as_ref()
        .and_then(|c| c.topology.get(&zone))
        .map(|list| {
            list.iter()
                .map(|sv| (sv.svr_ip.clone(), sv.agent_port))
                .collect()
        })
        .unwrap_or_default();
    let topology = match tenants.first() {
        Some(ctx) => ctx.topology.clone(),
        None => TopologySnapshot::default(),
    };
    Ok(Drain {
        zone,
        tenants,
        topology,
        servers,
    })
}

/// The target of a tenant whose replica in `zone` goes to `to` (dropped when `to` is empty or
/// already holds a replica of the tenant): the zone leaves the primary zone, and a moved
/// replica takes its place there.
fn target_of(tenant: &TenantReplicas, zone: &str, to: &str) -> Placement {
    let mut target = Placement::of(tenant);
    let leaving = target.get(zone).cloned();
    target.zones.retain(|z| z.zone != zone);
    let moved = match leaving {
        Some(z) if !to.is_empty() && target.get(to).is_none() => {
            target.zones.push(ZonePlacement {
                zone: to.to_owned(),
                ..z
            });
            true
        }
        _ => false,
    };
    let pz = tenant.primary_zone.trim();
    target.primary_zone = if pz.is_empty() || pz.eq_ignore_ascii_case("random") {
        "RANDOM".into()
    } else if moved {
        super::reshape::rename_zone(pz, zone, to)
    } else {
        let groups: Vec<String> = pz
            .split(';')
            .map(|g| {
                g.split(',')
                    .map(str::trim)
                    .filter(|z| *z != zone)
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .filter(|g| !g.is_empty())
            .collect();
        if groups.is_empty() {
            "RANDOM".into()
        } else {
            groups.join(";")
        }
    };
    target
}

#[component]
pub fn DrainPage() -> impl IntoView {
    if let Err(reason) = crate::obshell::context::agent_profile().offer(Feature::ReplicaForms) {
        return view! { {move || view! { <crate::ui::components::Unavailable what=tx::t().unavailable.to_owned() reason=reason.clone()/> }} }.into_any();
    }
    let params = use_params_map();
    let zone = move || params.read().get("zone").unwrap_or_default();
    let session = expect_obshell().session;
    let data = LocalResource::new(move || load(session.clone(), zone()));
    view! {
        <Transition fallback=|| view! { <p class="muted">{move || tx::t().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok(d) => form(d).into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

fn form(d: Drain) -> impl IntoView {
    let scope = expect_obshell();
    let zone = d.zone.clone();
    if d.tenants.is_empty() {
        return view! { <p class="muted" data-testid="drain-none">{move || fill(tx::t().none, &[&zone])}</p> }.into_any();
    }
    let others: Vec<String> = d
        .topology
        .zones
        .iter()
        .map(|(z, _, _)| z.clone())
        .filter(|z| *z != d.zone)
        .collect();
    let choices: Vec<(String, RwSignal<String>)> = d
        .tenants
        .iter()
        .map(|c| (c.tenant.name.clone(), RwSignal::new(String::new())))
        .collect();
    let all = RwSignal::new(String::new());
    let signals: Vec<RwSignal<String>> = choices.iter().map(|(_, to)| *to).collect();
    let contexts = StoredValue::new(d.tenants.clone());
    let drain_zone = d.zone.clone();
    let plans = Memo::new(move |_| {
        contexts.with_value(|ctxs| {
            ctxs.iter()
                .zip(signals.iter())
                .map(|(ctx, to)| {
                    let target = target_of(&ctx.tenant, &drain_zone, &to.get());
                    plan(&ctx.tenant, &target, &ctx.topology).map(|p| (target, p))
                })
                .collect::<Vec<_>>()
        })
    });
    let connected = format!("{}:{}", scope.connected.info.ip, scope.connected.info.port);
    let holds_self = d
        .servers
        .iter()
        .any(|(ip, port)| format!("{ip}:{port}") == connected);
    let version_ok = scope.profile.caps.has(Feature::ScaleIn);
    let scale_in_reason = if !version_ok {
        Some(tx::t().scale_in_version)
    } else if holds_self {
        Some(tx::t().scale_in_self)
    } else {
        None
    };
    let scale_in = RwSignal::new(false);
    let navigate = use_navigate();
    let (zone2, servers) = (d.zone.clone(), d.servers.clone());
    let review = move |_| {
        let Ok(list) = plans
            .get_untracked()
            .into_iter()
            .collect::<Result<Vec<_>, PlanRefusal>>()
        else {
            return;
        };
        let mut steps: Vec<PlanStep> = Vec::new();
        let mut goals = Vec::new();
        contexts.with_value(|ctxs| {
            for (ctx, (target, p)) in ctxs.iter().zip(list) {
                steps.extend(steps_of(&ctx.tenant.name, &p));
                goals.push(TenantTarget {
                    tenant: ctx.tenant.name.clone(),
                    target,
                });
            }
        });
        let with_scale_in = scale_in.get_untracked();
        if with_scale_in {
            steps.extend(servers.iter().map(|(ip, port)| PlanStep {
                change: Change::ScaleIn {
                    ip: ip.clone(),
                    port: *port,
                },
                expect: Expect::ServerGone { ip: ip.clone() },
                state: StepState::Pending,
            }));
        }
        let doc = PlanDoc {
            format: FORMAT,
            id: store::new_plan_id(),
            backend: scope.links.name().to_owned(),
            goal: Goal::Drain {
                zone: zone2.clone(),
                tenants: goals,
                scale_in: with_scale_in,
            },
            created_at: (js_sys::Date::now() / 1000.0) as i64,
            start: None,
            steps,
            paused: false,
            abandoned: false,
        };
        if store::save(&doc) {
            navigate(&scope.links.plan(&doc.id), Default::default());
        }
    };
    let all_options = others.clone();
    let rows = choices
        .iter()
        .enumerate()
        .map(|(i, (tenant, to))| {
            let to = *to;
            let kind = d.tenants[i].tenant.locality.get(&d.zone).unwrap_or_default().to_owned();
            let options = others.clone();
            let label = tenant.clone();
            view! {
                <tr data-tenant=tenant.clone()>
                    <td>{tenant.clone()}</td><td>{kind}</td>
                    <td><select aria-label=move || fill(tx::t().action_of, &[&label]) prop:value=to on:change=move |ev| to.set(event_target_value(&ev))>
                        <option value="" selected=move || to.get().is_empty()>{move || tx::t().drop}</option>
                        {options.into_iter().map(|z| { let (v, value, text) = (z.clone(), z.clone(), z.clone()); view! { <option value=value selected=move || to.get() == v>{move || fill(tx::t().move_to, &[&text])}</option> } }).collect_view()}
                    </select></td>
                    <td data-testid="drain-plan">{move || plans.with(|p| match &p[i] {
                        Ok((_, p)) => fill(tx::t().steps, &[&p.steps.len()]),
                        Err(r) => refusal_text(r),
                    })}</td>
                </tr>
            }
        })
        .collect_view();
    let set_all = move |value: String| {
        all.set(value.clone());
        for (_, to) in &choices {
            to.set(value.clone());
        }
    };
    view! {
        <section class="plan-drain">
            <PageHeader trail=vec![crate::obshell::sections::cluster(&expect_obshell().links)] title={let z = d.zone.clone(); Signal::derive(move || fill(tx::t().title, &[&z]))}/>
            <p class="muted">{move || tx::t().intro}</p>
            <label>{move || tx::t().all}
                <select prop:value=all on:change=move |ev| set_all(event_target_value(&ev))>
                    <option value="">{move || tx::t().drop}</option>
                    {all_options.into_iter().map(|z| { let (value, text) = (z.clone(), z.clone()); view! { <option value=value>{move || fill(tx::t().move_to, &[&text])}</option> } }).collect_view()}
                </select>
            </label>
            <div class="scroll-x"><table class="replicas" data-testid="drain-table">
                <thead><tr><th>{move || tx::t().tenant}</th><th>{move || tx::t().replica}</th><th>{move || tx::t().action}</th><th>{move || tx::t().plan_of}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
            <label><input type="checkbox" prop:checked=scale_in disabled=scale_in_reason.is_some() on:change=move |ev| scale_in.set(event_target_checked(&ev))/>{move || tx::t().scale_in}</label>
            {scale_in_reason.map(|r| view! { <p class="muted">{r}</p> })}
            {move || plans.with(|p| p.iter().any(Result::is_err)).then(|| view! { <p class="error" role="alert">{tx::t().refused}</p> })}
            <div class="page-actions">
                <button type="button" disabled=move || plans.with(|p| p.iter().any(Result::is_err)) on:click=review>{move || tx::t().review}</button>
            </div>
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use obshell_protocol::obshell::replica::{Locality, PoolView};

    fn tenant(locality: &str, primary_zone: &str) -> TenantReplicas {
        let locality = Locality::parse(locality).expect("locality");
        TenantReplicas {
            name: "t".into(),
            pools: locality
                .zones()
                .map(|z| PoolView {
                    name: format!("t_{z}"),
                    zones: vec![z.to_owned()],
                    unit_config: "small".into(),
                })
                .collect(),
            locality,
            primary_zone: primary_zone.into(),
            unit_num: 1,
            enable_rebalance: true,
        }
    }

    fn zones(p: &Placement) -> Vec<(&str, &str)> {
        p.zones
            .iter()
            .map(|z| (z.zone.as_str(), z.replica_type.as_str()))
            .collect()
    }

    #[test]
    fn a_moved_replica_takes_the_drained_zones_place() {
        let t = tenant("FULL{1}@z1, FULL{1}@z2, READONLY{1}@z3", "z1,z2;z3");
        let p = target_of(&t, "z2", "z4");
        assert_eq!(
            zones(&p),
            [("z1", "FULL"), ("z3", "READONLY"), ("z4", "FULL")]
        );
        assert_eq!(p.primary_zone, "z1,z4;z3");
        assert_eq!(p.get("z4").map(|z| z.unit_config.as_str()), Some("small"));
    }

    #[test]
    fn a_dropped_replica_leaves_the_primary_zone() {
        let t = tenant("FULL{1}@z1, FULL{1}@z2, FULL{1}@z3", "z2;z1,z3");
        let p = target_of(&t, "z2", "");
        assert_eq!(zones(&p), [("z1", "FULL"), ("z3", "FULL")]);
        assert_eq!(p.primary_zone, "z1,z3");
        let alone = target_of(&tenant("FULL{1}@z1, FULL{1}@z2", "z2"), "z2", "");
        assert_eq!(alone.primary_zone, "RANDOM");
        let random = target_of(&tenant("FULL{1}@z1, FULL{1}@z2", "RANDOM"), "z2", "z3");
        assert_eq!(random.primary_zone, "RANDOM");
    }

    #[test]
    fn a_move_to_a_zone_already_holding_a_replica_is_a_drop() {
        let t = tenant("FULL{1}@z1, FULL{1}@z2, FULL{1}@z3", "z1;z2");
        let p = target_of(&t, "z2", "z3");
        assert_eq!(zones(&p), [("z1", "FULL"), ("z3", "FULL")]);
        assert_eq!(p.primary_zone, "z1");
    }
}
