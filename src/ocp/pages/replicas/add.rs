//! The add form: a row per new replica (zone, type, unit spec, unit count), rows added and
//! removed at will, the cluster's zones without a replica of the tenant to choose from.

use leptos::prelude::*;
use obshell_protocol::ocp::rules::{locality_of, tenant_unit_count};

use super::{heading, open_task, submit_error, OcpFormErrors, OcpReplicaContext, WithOcpContext};
use crate::ocp::expect_ocp;
use crate::ocp::forms::{
    preview_of, spec_label, validate_add, AddPlan, AddRowInput, REPLICA_TYPES,
};
use crate::ui::components::PreviewTable;

crate::texts! {
    /// The add form.
    mod tx {
        add_title: "Add replicas" => "添加副本",
        replica_n: "replica {0}" => "副本 {0}",
        zone: "zone" => "Zone",
        zone_of_row: "zone, replica {0}" => "Zone，副本 {0}",
        choose: "choose…" => "请选择…",
        zone_option: "{0} ({1} ACTIVE server(s))" => "{0}（{1} 台 ACTIVE 服务器）",
        replica_type: "replica type" => "副本类型",
        replica_type_of_row: "replica type, replica {0}" => "副本类型，副本 {0}",
        unit_spec: "unit spec" => "资源单元规格",
        unit_spec_of_row: "unit spec, replica {0}" => "资源单元规格，副本 {0}",
        unit_count: "unit count" => "单元数量",
        unit_count_of_row: "unit count, replica {0}" => "单元数量，副本 {0}",
        remove_row: "remove replica {0}" => "移除副本 {0}",
        remove: "remove" => "移除",
        another_zone: "+ another zone" => "+ 再加一个 Zone",
        nothing: "Tenant {0} has a replica in every zone of the cluster: there is no zone to add one to. To move a replica or change its type, plan a change." => "租户 {0} 在集群的每个 Zone 都已有副本：没有可添加副本的 Zone。如需迁移副本或修改副本类型，请规划变更。",
        plan_change: "Plan a change…" => "规划变更…",
    }
}

#[component]
pub fn OcpAddReplicaPage() -> impl IntoView {
    view! { <WithOcpContext form=|ctx| view! { <AddForm ctx=ctx/> }.into_any()/> }
}

#[derive(Debug, Clone, Copy)]
struct AddRowUi {
    id: usize,
    zone: RwSignal<String>,
    kind: RwSignal<String>,
    spec: RwSignal<String>,
    count: RwSignal<String>,
}

impl AddRowUi {
    fn new(id: usize, count: i64, spec: &str) -> Self {
        Self {
            id,
            zone: RwSignal::new(String::new()),
            kind: RwSignal::new("FULL".to_owned()),
            spec: RwSignal::new(spec.to_owned()),
            count: RwSignal::new(count.to_string()),
        }
    }

    fn snapshot(&self) -> AddRowInput {
        AddRowInput {
            zone: self.zone.get(),
            replica_type: self.kind.get(),
            unit_spec: self.spec.get(),
            unit_count: self.count.get(),
        }
    }
}

#[component]
fn AddForm(ctx: OcpReplicaContext) -> AnyView {
    let ocp = expect_ocp();
    let head = heading(&ctx, || tx::t().add_title);
    let ctx = StoredValue::new(ctx);
    let count = ctx.with_value(|c| tenant_unit_count(&c.tenant).unwrap_or(1));
    let first_spec =
        ctx.with_value(|c| c.specs.first().map(|s| s.name.clone()).unwrap_or_default());
    let next_id = StoredValue::new(1usize);
    let rows = RwSignal::new(vec![AddRowUi::new(0, count, &first_spec)]);
    let attempted = RwSignal::new(false);
    let verdict = Memo::new(move |_| {
        let typed: Vec<AddRowInput> = rows.get().iter().map(AddRowUi::snapshot).collect();
        ctx.with_value(|c| validate_add(&typed, &c.tenant, &c.cluster, &c.specs))
    });
    // Zones of the cluster without a replica of the tenant, with their ACTIVE servers.
    let free_zones: Vec<(String, usize)> = ctx.with_value(|c| {
        let locality = locality_of(&c.tenant);
        c.cluster
            .zones
            .iter()
            .filter(|z| !locality.contains(&z.name))
            .map(|z| (z.name.clone(), z.active_servers()))
            .collect()
    });
    if free_zones.is_empty() {
        // Nothing to offer: said, with where to go instead, rather than an empty zone list.
        let (name, href) = ctx.with_value(|c| {
            (
                c.tenant.name.clone(),
                ocp.links().reshape(c.cluster.id, c.tenant.id),
            )
        });
        return view! {
            <section class="form-page ocp-form">
                {head}
                <p class="notice" role="status" data-testid="ocp-add-nothing">{move || crate::core::i18n::fill(tx::t().nothing, &[&name])}</p>
                <p><a class="button" href=href>{move || tx::t().plan_change}</a></p>
            </section>
        }
        .into_any();
    }
    let specs = ctx.with_value(OcpReplicaContext::spec_options);
    let (cid, tid) = ctx.with_value(|c| (c.cluster.id, c.tenant.id));
    let submit = Action::new_local(move |plan: &AddPlan| {
        let request = plan.request.clone();
        let s = ocp.session();
        async move { s.add_replica(cid, tid, &request).await }
    });
    open_task(submit);
    let on_submit = crate::ui::submit::submit_checked(attempted, verdict, submit, |plan| plan);
    let add_row = move |_| {
        let id = next_id.get_value();
        next_id.set_value(id + 1);
        let spec =
            rows.with_untracked(|r| r.last().map(|x| x.spec.get_untracked()).unwrap_or_default());
        rows.update(|r| r.push(AddRowUi::new(id, count, &spec)));
    };
    view! {
        <section class="form-page ocp-form">
            {head}
            <form on:submit=on_submit data-testid="ocp-add-form" aria-label=move || tx::t().add_title>
                <For each=move || rows.get() key=|r| r.id let:row>
                    <fieldset class="row" data-testid="ocp-add-row">
                        <legend class="sr-only">{move || crate::core::i18n::fill(tx::t().replica_n, &[&(row.id + 1)])}</legend>
                        <label>{move || tx::t().zone}
                            <select aria-label=move || crate::core::i18n::fill(tx::t().zone_of_row, &[&(row.id + 1)]) prop:value=move || row.zone.get() on:change=move |ev| row.zone.set(event_target_value(&ev))>
                                <option value="">{move || tx::t().choose}</option>
                                {free_zones.iter().map(|(z, active)| { let (value, z, active) = (z.clone(), z.clone(), *active); view! {
                                    <option value=value>{move || crate::core::i18n::fill(tx::t().zone_option, &[&z, &active])}</option>
                                }}).collect_view()}
                            </select>
                        </label>
                        <label>{move || tx::t().replica_type}
                            <select aria-label=move || crate::core::i18n::fill(tx::t().replica_type_of_row, &[&(row.id + 1)]) prop:value=move || row.kind.get() on:change=move |ev| row.kind.set(event_target_value(&ev))>
                                {REPLICA_TYPES.iter().map(|t| view! { <option value=*t>{*t}</option> }).collect_view()}
                            </select>
                        </label>
                        <label>{move || tx::t().unit_spec}
                            <select aria-label=move || crate::core::i18n::fill(tx::t().unit_spec_of_row, &[&(row.id + 1)]) prop:value=move || row.spec.get() on:change=move |ev| row.spec.set(event_target_value(&ev))>
                                <option value="">{move || tx::t().choose}</option>
                                {specs.iter().map(|(n, spec)| { let spec = spec.clone(); view! { <option value=n.clone()>{move || spec_label(&spec)}</option> } }).collect_view()}
                            </select>
                        </label>
                        <label>{move || tx::t().unit_count}
                            <input aria-label=move || crate::core::i18n::fill(tx::t().unit_count_of_row, &[&(row.id + 1)]) size="3" inputmode="numeric" prop:value=move || row.count.get() on:input=move |ev| row.count.set(event_target_value(&ev))/>
                        </label>
                        <button type="button" class="secondary" aria-label=move || crate::core::i18n::fill(tx::t().remove_row, &[&(row.id + 1)])
                            disabled=move || rows.with(|r| r.len() <= 1)
                            on:click=move |_| rows.update(|r| r.retain(|x| x.id != row.id))>{move || tx::t().remove}</button>
                    </fieldset>
                </For>
                <button type="button" class="secondary" on:click=add_row>{move || tx::t().another_zone}</button>
                <div class="verdict" data-testid="ocp-verdict">
                    {move || match verdict.get() {
                        Ok(plan) => ctx.with_value(|c| view! { <PreviewTable preview=preview_of(&c.tenant, &plan.after)/> }).into_any(),
                        Err(errors) => view! { <OcpFormErrors errors=errors attempted=attempted.get()/> }.into_any(),
                    }}
                </div>
                <button type="submit" disabled=move || submit.pending().get()>
                    {move || if submit.pending().get() { super::tx::t().sending } else { tx::t().add_title }}
                </button>
            </form>
            {submit_error(submit)}
        </section>
    }
    .into_any()
}
