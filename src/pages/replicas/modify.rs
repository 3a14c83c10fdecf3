//! Modify replicas: per zone a new type, unit config or unit number; partial unit-number changes
//! and unit-number changes without rebalancing are explained before sending.

use leptos::prelude::*;
use obshell_protocol::model::tenant::ModifyReplicaZone;
use obshell_protocol::replica::preview;

use super::{ReplicaContext, TopologyNotes, WithContext};
use crate::app::expect_session;
use crate::components::{ErrorPanel, FormErrors, LostAnswer, LostRequest, PreviewTable};
use crate::forms::{validate_modify, ModifyRow};
use crate::pages::follow_to_task;

#[derive(Debug, Clone, Copy)]
struct RowUi {
    kind: RwSignal<String>,
    config: RwSignal<String>,
    unit_num: RwSignal<String>,
}

#[component]
pub fn ModifyReplicasPage() -> impl IntoView {
    view! { <WithContext form=|ctx| view! { <ModifyForm ctx=ctx/> }.into_any()/> }
}

#[component]
fn ModifyForm(ctx: ReplicaContext) -> impl IntoView {
    let ctx = StoredValue::new(ctx);
    let tenant = ctx.with_value(|c| c.tenant.name.clone());
    let zones: Vec<(String, String, String)> = ctx.with_value(|c| {
        c.tenant
            .locality
            .iter()
            .map(|(z, t)| {
                (
                    z.to_owned(),
                    t.to_owned(),
                    c.tenant
                        .pools
                        .iter()
                        .find(|p| p.zones.iter().any(|pz| pz == z))
                        .map(|p| p.unit_config.clone())
                        .unwrap_or_default(),
                )
            })
            .collect()
    });
    let rows: Vec<RowUi> = zones
        .iter()
        .map(|_| RowUi {
            kind: RwSignal::new(String::new()),
            config: RwSignal::new(String::new()),
            unit_num: RwSignal::new(String::new()),
        })
        .collect();
    let rows = StoredValue::new(rows);
    let zone_names: Vec<String> = zones.iter().map(|(z, _, _)| z.clone()).collect();
    let names = zone_names.clone();
    let attempted = RwSignal::new(false);
    let verdict = Memo::new(move |_| {
        let typed: Vec<ModifyRow> = rows.with_value(|r| {
            r.iter()
                .zip(&names)
                .map(|(row, zone)| ModifyRow {
                    zone: zone.clone(),
                    replica_type: row.kind.get(),
                    unit_config: row.config.get(),
                    unit_num: row.unit_num.get(),
                })
                .collect()
        });
        ctx.with_value(|c| validate_modify(&typed, &c.tenant, &c.topology))
    });
    let configs: Vec<String> =
        ctx.with_value(|c| c.configs.iter().map(|u| u.name.clone()).collect());
    let rebalance_note = ctx.with_value(|c| (!c.tenant.enable_rebalance).then(|| "enable_rebalance is False for this tenant: the unit number and the first-priority zones cannot change.".to_owned()));
    let unit_num = ctx.with_value(|c| c.tenant.unit_num);

    let name = tenant.clone();
    let journal = crate::journal::expect_journal();
    let scope = expect_session();
    let session = scope.session.clone();
    let backend = scope.base.name().to_owned();
    // The request in flight, to look for its task if the answer is lost.
    let asked = RwSignal::new(None::<LostRequest>);
    let submit = Action::new_local(
        move |(body, expect): &(Vec<ModifyReplicaZone>, (String, Option<i64>))| {
            let (name, body, (locality, unit_num)) = (name.clone(), body.clone(), expect.clone());
            let s = session.clone();
            let backend = backend.clone();
            async move {
                asked.set(Some(LostRequest::now(
                    &s,
                    "Modify tenant replicas",
                    Some(name.clone()),
                )));
                let sent = s.modify_replicas(&name, body).await;
                journal.expect_tenant(&backend, &sent, name, locality, unit_num);
                sent
            }
        },
    );
    let tenant_page = scope.base.tenant(&tenant);
    follow_to_task(submit, Some(tenant_page));
    let on_submit = crate::pages::submit_checked(attempted, verdict, submit, |(body, plan)| {
        (
            body,
            (plan.new_locality.to_ob_string(), plan.unit_num_change),
        )
    });
    view! {
        <section class="form-page">
            <h1>{format!("Modify replicas of {tenant}")}</h1>
            <p class="muted">{format!("Blank fields stay as they are. The unit number ({unit_num} now) is tenant-wide: a new one must be given for every zone.")}</p>
            {rebalance_note.map(|n| view! { <p class="warn" data-testid="rebalance-note">{n}</p> })}
            <TopologyNotes topology=ctx.with_value(|c| c.topology.clone()) blockers=ctx.with_value(|c| c.blockers.clone())/>
            <form on:submit=on_submit data-testid="modify-form">
                <table class="modify">
                    <thead><tr><th>"zone"</th><th>"type"</th><th>"unit config"</th><th>"unit number"</th></tr></thead>
                    <tbody>
                        {zones.iter().enumerate().map(|(i, (zone, kind, config))| {
                            let row = rows.with_value(|r| r[i]);
                            view! {
                                <tr data-testid="modify-row" data-zone=zone.clone()>
                                    <td>{zone.clone()}</td>
                                    <td><select data-testid="modify-type" aria-label=format!("Replica type for {zone}") prop:value=move || row.kind.get() on:change=move |ev| row.kind.set(event_target_value(&ev))>
                                        <option value="">{format!("{kind} (unchanged)")}</option>
                                        <option value="FULL">"FULL"</option>
                                        <option value="READONLY">"READONLY"</option>
                                    </select></td>
                                    <td><select data-testid="modify-config" aria-label=format!("Unit config for {zone}") prop:value=move || row.config.get() on:change=move |ev| row.config.set(event_target_value(&ev))>
                                        <option value="">{format!("{config} (unchanged)")}</option>
                                        {configs.iter().map(|c| view! { <option value=c.clone()>{c.clone()}</option> }).collect_view()}
                                    </select></td>
                                    <td><input data-testid="modify-unit-num" aria-label=format!("Unit number for {zone}") size="3" placeholder=unit_num.to_string() prop:value=move || row.unit_num.get() on:input=move |ev| row.unit_num.set(event_target_value(&ev))/></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <div class="verdict">
                    {move || match verdict.get() {
                        Ok((_, plan)) => ctx.with_value(|c| view! {
                            <PreviewTable preview=preview(&c.tenant, &plan.new_locality)/>
                            <p class="muted" data-testid="modify-steps">{describe(&plan)}</p>
                        }).into_any(),
                        Err(e) if attempted.get() || matches!(e, crate::forms::FormError::Rule { .. }) => view! { <FormErrors error=e zones=zone_names.clone()/> }.into_any(),
                        Err(_) => view! { <p class="muted">"Change a field to see the result."</p> }.into_any(),
                    }}
                </div>
                <button type="submit" data-testid="submit" disabled=move || submit.pending().get()>
                    {move || if submit.pending().get() { "Sending…" } else { "Modify replicas" }}
                </button>
            </form>
            {move || match submit.value().get() {
                Some(Err(e)) => {
                    let lost = e.outcome_unknown().then(|| asked.get()).flatten();
                    view! {
                        <ErrorPanel error=e/>
                        {lost.map(|request| view! { <LostAnswer request=request/> })}
                    }.into_any()
                }
                _ => ().into_any(),
            }}
        </section>
    }
}

/// The DAG's steps in words.
fn describe(plan: &obshell_protocol::replica::ModifyPlan) -> String {
    let mut steps: Vec<String> = plan
        .type_changes
        .iter()
        .map(|(z, t)| format!("{z} becomes {t}"))
        .collect();
    if !plan.split_pools.is_empty() {
        steps.push(format!("split pools {}", plan.split_pools.join(", ")));
    }
    steps.extend(
        plan.unit_config_changes
            .iter()
            .map(|(z, c)| format!("{z} uses {c}")),
    );
    if let Some(n) = plan.unit_num_change {
        steps.push(format!("unit number becomes {n} in every zone"));
    }
    format!("Steps: {}.", steps.join("; "))
}
