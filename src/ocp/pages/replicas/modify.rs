//! The modify form: a row per zone of the tenant, each field empty to keep what the zone has.

use leptos::prelude::*;
use obshell_protocol::ocp::rules::{locality_of, tenant_unit_count};

use super::{heading, open_task, submit_error, OcpFormErrors, OcpReplicaContext, WithOcpContext};
use crate::ocp::expect_ocp;
use crate::ocp::forms::{
    preview_of, spec_label, validate_modify, ModifyPlan, ModifyRowInput, REPLICA_TYPES,
};
use crate::ui::components::PreviewTable;

crate::texts! {
    /// The modify form.
    mod tx {
        modify_title: "Modify replicas" => "修改副本",
        replica_type_of: "replica type of {0}" => "{0} 的副本类型",
        unit_spec_of: "unit spec of {0}" => "{0} 的资源单元规格",
        unit_count_of: "unit count of {0}" => "{0} 的单元数量",
        keep_now: "keep ({0})" => "保持不变（{0}）",
        keep: "keep" => "保持不变",
        modify_hint: "An empty field keeps what the zone has. The unit count is tenant-wide: a new one goes to every zone." => "留空的字段保持该 Zone 现有的设置。单元数量对整个租户生效：新的单元数量会用于每个 Zone。",
    }
}

#[component]
pub fn OcpModifyReplicaPage() -> impl IntoView {
    view! { <WithOcpContext form=|ctx| view! { <ModifyForm ctx=ctx/> }.into_any()/> }
}

#[derive(Debug, Clone, Copy)]
struct ModifyRowUi {
    zone: StoredValue<String>,
    kind: RwSignal<String>,
    spec: RwSignal<String>,
    count: RwSignal<String>,
}

#[component]
fn ModifyForm(ctx: OcpReplicaContext) -> impl IntoView {
    let ocp = expect_ocp();
    let head = heading(&ctx, || tx::t().modify_title);
    let ctx = StoredValue::new(ctx);
    let rows: Vec<(ModifyRowUi, String)> = ctx.with_value(|c| {
        locality_of(&c.tenant)
            .iter()
            .map(|(z, t)| {
                (
                    ModifyRowUi {
                        zone: StoredValue::new(z.to_owned()),
                        kind: RwSignal::new(String::new()),
                        spec: RwSignal::new(String::new()),
                        count: RwSignal::new(String::new()),
                    },
                    t.to_owned(),
                )
            })
            .collect()
    });
    let count_now = ctx.with_value(|c| tenant_unit_count(&c.tenant));
    let signals: Vec<ModifyRowUi> = rows.iter().map(|(r, _)| *r).collect();
    let attempted = RwSignal::new(false);
    let verdict = Memo::new(move |_| {
        let typed: Vec<ModifyRowInput> = signals
            .iter()
            .map(|r| ModifyRowInput {
                zone: r.zone.get_value(),
                replica_type: r.kind.get(),
                unit_spec: r.spec.get(),
                unit_count: r.count.get(),
            })
            .collect();
        ctx.with_value(|c| validate_modify(&typed, &c.tenant, &c.cluster, &c.specs))
    });
    let specs = ctx.with_value(OcpReplicaContext::spec_options);
    let (cid, tid) = ctx.with_value(|c| (c.cluster.id, c.tenant.id));
    let submit = Action::new_local(move |plan: &ModifyPlan| {
        let request = plan.request.clone();
        let s = ocp.session();
        async move { s.modify_replica(cid, tid, &request).await }
    });
    open_task(submit);
    let on_submit = crate::ui::submit::submit_checked(attempted, verdict, submit, |plan| plan);
    view! {
        <section class="form-page ocp-form">
            {head}
            <form on:submit=on_submit data-testid="ocp-modify-form" aria-label=move || tx::t().modify_title>
                {rows.into_iter().map(|(row, now)| {
                    let zone = row.zone.get_value();
                    let specs = specs.clone();
                    view! {
                        <fieldset class="row" data-testid="ocp-modify-row">
                            <legend>{zone.clone()}</legend>
                            <label>{let z = zone.clone(); move || crate::core::i18n::fill(tx::t().replica_type_of, &[&z])}
                                <select aria-label={let z = zone.clone(); move || crate::core::i18n::fill(tx::t().replica_type_of, &[&z])} prop:value=move || row.kind.get() on:change=move |ev| row.kind.set(event_target_value(&ev))>
                                    <option value="">{move || crate::core::i18n::fill(tx::t().keep_now, &[&crate::core::i18n::glossed(&now)])}</option>
                                    {REPLICA_TYPES.iter().map(|t| view! { <option value=*t>{*t}</option> }).collect_view()}
                                </select>
                            </label>
                            <label>{let z = zone.clone(); move || crate::core::i18n::fill(tx::t().unit_spec_of, &[&z])}
                                <select aria-label={let z = zone.clone(); move || crate::core::i18n::fill(tx::t().unit_spec_of, &[&z])} prop:value=move || row.spec.get() on:change=move |ev| row.spec.set(event_target_value(&ev))>
                                    <option value="">{move || tx::t().keep}</option>
                                    {specs.into_iter().map(|(n, spec)| view! { <option value=n>{move || spec_label(&spec)}</option> }).collect_view()}
                                </select>
                            </label>
                            <label>{let z = zone.clone(); move || crate::core::i18n::fill(tx::t().unit_count_of, &[&z])}
                                <input aria-label={let z = zone.clone(); move || crate::core::i18n::fill(tx::t().unit_count_of, &[&z])} size="3" inputmode="numeric" placeholder=count_now.map(|c| c.to_string()).unwrap_or_default()
                                    prop:value=move || row.count.get() on:input=move |ev| row.count.set(event_target_value(&ev))/>
                            </label>
                        </fieldset>
                    }
                }).collect_view()}
                <p class="muted">{move || tx::t().modify_hint}</p>
                <div class="verdict" data-testid="ocp-verdict">
                    {move || match verdict.get() {
                        Ok(plan) => ctx.with_value(|c| view! { <PreviewTable preview=preview_of(&c.tenant, &plan.after)/> }).into_any(),
                        Err(errors) => view! { <OcpFormErrors errors=errors attempted=attempted.get()/> }.into_any(),
                    }}
                </div>
                <button type="submit" disabled=move || submit.pending().get()>
                    {move || if submit.pending().get() { super::tx::t().sending } else { tx::t().modify_title }}
                </button>
            </form>
            {submit_error(submit)}
        </section>
    }
}
