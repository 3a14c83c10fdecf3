//! Modify replicas: per zone a new type, unit config or unit number; partial unit-number changes
//! and unit-number changes without rebalancing are explained before sending.

use leptos::prelude::*;

use crate::ui::components::PageHeader;
use obshell_protocol::obshell::model::tenant::ModifyReplicaZone;
use obshell_protocol::obshell::replica::preview;

use super::{tx as rx, ReplicaContext, TopologyNotes, WithContext};
use crate::core::i18n::fill;
use crate::core::i18n::format::number;
use crate::core::i18n::glossed;
use crate::obshell::context::expect_obshell;
use crate::obshell::forms::{validate_modify, ModifyRow};
use crate::obshell::pages::follow_to_task;
use crate::obshell::pages::FormErrors;
use crate::obshell::pages::{LostRequest, SubmitError};
use crate::ui::components::PreviewTable;

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
    let rebalance_note = ctx.with_value(|c| !c.tenant.enable_rebalance);
    let unit_num = ctx.with_value(|c| c.tenant.unit_num);

    let name = tenant.clone();
    let expected = crate::obshell::expected::expect_expectations();
    let scope = expect_obshell();
    let session = scope.session.clone();
    let backend = scope.links.name().to_owned();
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
                    obshell_protocol::obshell::dag_names::MODIFY_TENANT_REPLICAS,
                    Some(name.clone()),
                )));
                let sent = s.modify_replicas(&name, body).await;
                expected.expect_tenant(&backend, &sent, name, locality, unit_num);
                sent
            }
        },
    );
    let tenant_page = scope.links.tenant(&tenant);
    follow_to_task(submit, Some(tenant_page));
    let on_submit =
        crate::ui::submit::submit_checked(attempted, verdict, submit, |(body, plan)| {
            (
                body,
                (plan.new_locality.to_ob_string(), plan.unit_num_change),
            )
        });
    view! {
        <section class="form-page">
            <PageHeader trail=crate::obshell::sections::tenant(&scope.links, &tenant) title={let t = tenant.clone(); Signal::derive(move || fill(tx::t().title, &[&t]))}/>
            <p class="muted">{move || fill(tx::t().blank, &[&number(unit_num as f64)])}</p>
            {rebalance_note.then(|| view! { <p class="warn" data-testid="rebalance-note">{move || tx::t().rebalance_off}</p> })}
            <TopologyNotes topology=ctx.with_value(|c| c.topology.clone()) blockers=ctx.with_value(|c| c.blockers.clone()) tenant=ctx.with_value(|c| c.info.tenant_name.clone())/>
            <form on:submit=on_submit data-testid="modify-form">
                <table class="modify">
                    <thead><tr><th>{move || rx::t().th_zone}</th><th>{move || rx::t().th_type}</th><th>{move || rx::t().th_unit_config}</th><th>{move || rx::t().th_unit_number}</th></tr></thead>
                    <tbody>
                        {zones.iter().enumerate().map(|(i, (zone, kind, config))| {
                            let row = rows.with_value(|r| r[i]);
                            view! {
                                <tr data-testid="modify-row" data-zone=zone.clone()>
                                    <td>{zone.clone()}</td>
                                    <td><select data-testid="modify-type" aria-label={let zone = zone.clone(); move || fill(tx::t().type_for, &[&zone])} prop:value=move || row.kind.get() on:change=move |ev| row.kind.set(event_target_value(&ev))>
                                        <option value="">{let kind = kind.clone(); move || fill(rx::t().unchanged, &[&glossed(&kind)])}</option>
                                        <option value="FULL">{move || glossed("FULL")}</option>
                                        <option value="READONLY">{move || glossed("READONLY")}</option>
                                    </select></td>
                                    <td><select data-testid="modify-config" aria-label={let zone = zone.clone(); move || fill(tx::t().config_for, &[&zone])} prop:value=move || row.config.get() on:change=move |ev| row.config.set(event_target_value(&ev))>
                                        <option value="">{let config = config.clone(); move || fill(rx::t().unchanged, &[&config])}</option>
                                        {configs.iter().map(|c| view! { <option value=c.clone()>{c.clone()}</option> }).collect_view()}
                                    </select></td>
                                    <td><input data-testid="modify-unit-num" aria-label={let zone = zone.clone(); move || fill(tx::t().units_for, &[&zone])} size="3" placeholder=unit_num.to_string() prop:value=move || row.unit_num.get() on:input=move |ev| row.unit_num.set(event_target_value(&ev))/></td>
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
                        Err(e) if attempted.get() || matches!(e, crate::obshell::forms::FormError::Rule { .. }) => view! { <FormErrors error=e zones=zone_names.clone()/> }.into_any(),
                        Err(_) => view! { <p class="muted">{move || tx::t().change_a_field}</p> }.into_any(),
                    }}
                </div>
                <button type="submit" data-testid="submit" disabled=move || submit.pending().get()>
                    {move || if submit.pending().get() { rx::t().sending } else { tx::t().submit }}
                </button>
            </form>
            {move || submit.value().get().and_then(Result::err).map(|e| view! { <SubmitError error=e asked=asked/> })}
        </section>
    }
}

/// The DAG's steps in words (the current language; called in the verdict's closure).
fn describe(plan: &obshell_protocol::obshell::replica::ModifyPlan) -> String {
    let t = tx::t();
    let mut steps: Vec<String> = plan
        .type_changes
        .iter()
        .map(|(z, kind)| fill(t.becomes, &[z, &glossed(kind)]))
        .collect();
    if !plan.split_pools.is_empty() {
        steps.push(fill(t.split, &[&plan.split_pools.join(", ")]));
    }
    steps.extend(
        plan.unit_config_changes
            .iter()
            .map(|(z, c)| fill(t.uses, &[z, c])),
    );
    if let Some(n) = plan.unit_num_change {
        steps.push(fill(t.unit_num_becomes, &[&number(n as f64)]));
    }
    fill(t.steps, &[&steps.join(t.step_sep)])
}

crate::texts! {
    /// The modify-replicas form.
    mod tx {
        title: "Modify replicas of {0}" => "修改租户 {0} 的副本",
        type_for: "Replica type for {0}" => "{0} 的副本类型",
        config_for: "Unit config for {0}" => "{0} 的资源单元规格",
        units_for: "Unit number for {0}" => "{0} 的单元数量",
        blank: "Blank fields stay as they are. The unit number ({0} now) is tenant-wide: a new one must be given for every zone." => "留空的字段保持不变。单元数量（当前为 {0}）对整个租户生效：修改时须为每个 Zone 填写新数量。",
        rebalance_off: "enable_rebalance is False for this tenant: the unit number and the first-priority zones cannot change." => "该租户的 enable_rebalance 为 False：单元数量和第一优先级 Zone 都不能修改。",
        change_a_field: "Change a field to see the result." => "修改任一字段即可预览结果。",
        submit: "Modify replicas" => "修改副本",
        becomes: "{0} becomes {1}" => "{0} 变为 {1}",
        split: "split pools {0}" => "拆分资源池 {0}",
        uses: "{0} uses {1}" => "{0} 使用 {1}",
        unit_num_becomes: "unit number becomes {0} in every zone" => "每个 Zone 的单元数量变为 {0}",
        steps: "Steps: {0}." => "步骤：{0}。",
        step_sep: "; " => "；",
    }
}
