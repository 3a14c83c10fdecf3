//! The three OCP replica forms. Each loads the tenant, its cluster (zones and servers) and the
//! unit specs, checks every OCP rule while the operator types (`ocp::forms`), previews the
//! locality, sends once, and opens the task OCP answers with.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use obshell_protocol::ocp::rules::{locality_of, tenant_unit_count};
use obshell_protocol::ocp::{Cluster, Task, Tenant, UnitSpec};

use super::id_param;
use crate::core::error::ApiError;
use crate::ocp::expect_ocp;
use crate::ocp::forms::{
    preview_of, spec_label, validate_add, validate_delete, validate_modify, AddPlan, AddRowInput,
    DeletePlan, ModifyPlan, ModifyRowInput, OcpFormError, REPLICA_TYPES,
};
use crate::ui::components::{ErrorPanel, PreviewTable};

crate::texts! {
    /// The three replica forms.
    mod tx {
        fill_in: "Fill in the form to see the result." => "填写表单后即可看到结果。",
        refuses_with: " — OCP refuses this with {0}" => "——OCP 会以 {0} 拒绝",
        add_title: "Add replicas" => "添加副本",
        delete_title: "Delete replicas" => "删除副本",
        modify_title: "Modify replicas" => "修改副本",
        heading: "{0} of {1}" => "{1}：{0}",
        now: "Now: {0} · status {1} · unit count {2} · " => "当前：{0} · 状态 {1} · 单元数量 {2} · ",
        back: "back to the tenant" => "返回租户",
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
        sending: "Sending…" => "提交中…",
        zones_going: "Zones whose replica goes" => "要删除副本的 Zone",
        replica_type_of: "replica type of {0}" => "{0} 的副本类型",
        unit_spec_of: "unit spec of {0}" => "{0} 的资源单元规格",
        unit_count_of: "unit count of {0}" => "{0} 的单元数量",
        keep_now: "keep ({0})" => "保持不变（{0}）",
        keep: "keep" => "保持不变",
        modify_hint: "An empty field keeps what the zone has. The unit count is tenant-wide: a new one goes to every zone." => "留空的字段保持该 Zone 现有的设置。单元数量对整个租户生效：新的单元数量会用于每个 Zone。",
    }
}

/// What a form checks against.
#[derive(Debug, Clone)]
pub struct OcpReplicaContext {
    pub cluster: Cluster,
    pub tenant: Tenant,
    pub specs: Vec<UnitSpec>,
}

impl OcpReplicaContext {
    /// The unit specs as a select offers them: name and the spec (shown as "name (CPU,
    /// memory)" in the current language).
    fn spec_options(&self) -> Vec<(String, UnitSpec)> {
        self.specs
            .iter()
            .map(|s| (s.name.clone(), s.clone()))
            .collect()
    }
}

/// The tenant's context; `None` when the URL's ids are not numbers (they name no tenant).
async fn load(
    s: crate::ocp::OcpSession,
    cid: Option<i64>,
    tid: Option<i64>,
) -> Result<Option<OcpReplicaContext>, ApiError> {
    let (Some(cid), Some(tid)) = (cid, tid) else {
        return Ok(None);
    };
    let tenant = s.tenant(cid, tid).await?;
    let cluster = s.cluster(cid).await?;
    let specs = s.unit_specs().await?;
    Ok(Some(OcpReplicaContext {
        cluster,
        tenant,
        specs,
    }))
}

/// Loads the context of the URL's tenant, then shows `form` with it.
#[component]
fn WithOcpContext(form: fn(OcpReplicaContext) -> AnyView) -> impl IntoView {
    let ocp = expect_ocp();
    let cid = id_param("cid");
    let tid = id_param("tid");
    let context = LocalResource::new(move || {
        let (c, t, s) = (cid.get(), tid.get(), ocp.session());
        async move { load(s, c, t).await }
    });
    view! {
        <Transition fallback=|| view! { <p class="muted">{move || crate::core::i18n::common::t().loading}</p> }>
            {move || Suspend::new(async move {
                match context.await {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok(None) => super::not_found().into_any(),
                    Ok(Some(ctx)) => form(ctx),
                }
            })}
        </Transition>
    }
}

/// Every problem of a form, each with its place, rule and OCP code. Unfinished fields show
/// only once the person tried to send.
#[component]
fn OcpFormErrors(errors: Vec<OcpFormError>, attempted: bool) -> impl IntoView {
    let shown: Vec<OcpFormError> = errors
        .into_iter()
        .filter(|e| attempted || e.from_rules)
        .collect();
    if shown.is_empty() {
        return view! { <p class="muted">{move || tx::t().fill_in}</p> }.into_any();
    }
    view! {
        <div role="alert"><ul class="field-errors" data-testid="ocp-form-errors">
            {shown.into_iter().map(|e| view! {
                <li data-testid="ocp-form-error" data-code=e.code.code.to_string() data-field=e.field.unwrap_or("")>
                    <strong>{format!("{}{}", e.place(), if crate::core::i18n::lang() == crate::core::i18n::Lang::En { ": " } else { "：" })}</strong>{e.message.clone()}
                    <span class="muted">{crate::core::i18n::fill(tx::t().refuses_with, &[&e.code_text()])}</span>
                    {e.ocp_message.clone().map(|m| view! { <br/><span class="muted" lang="en">{m}</span> })}
                    {e.detail.clone().map(|d| view! { <br/><span class="muted">{d}</span> })}
                </li>
            }).collect_view()}
        </ul></div>
    }
    .into_any()
}

/// Once `submit` answers with a task, opens its page.
fn open_task<I: 'static>(submit: Action<I, Result<Task, ApiError>>) {
    let navigate = use_navigate();
    let links = expect_ocp().links();
    Effect::new(move |_| {
        if let Some(Ok(task)) = submit.value().get() {
            navigate(&links.task(task.id), Default::default());
        }
    });
}

fn submit_error<I: 'static>(submit: Action<I, Result<Task, ApiError>>) -> impl IntoView {
    move || match submit.value().get() {
        Some(Err(e)) => Some(view! { <ErrorPanel error=e/> }),
        _ => None,
    }
}

fn heading(ctx: &OcpReplicaContext, what: fn() -> &'static str) -> impl IntoView {
    let links = expect_ocp().links();
    let back = links.tenant(ctx.cluster.id, ctx.tenant.id);
    let name = ctx.tenant.name.clone();
    let (locality, status) = (ctx.tenant.locality.clone(), ctx.tenant.status.clone());
    let count = tenant_unit_count(&ctx.tenant)
        .map(|c| c.to_string())
        .unwrap_or_else(|| "–".into());
    view! {
        <h1>{move || crate::core::i18n::fill(tx::t().heading, &[&what(), &name])}</h1>
        <p class="muted">
            {move || crate::core::i18n::fill(tx::t().now, &[&locality, &crate::core::i18n::glossed(&status), &count])}
            <a href=back>{move || tx::t().back}</a>
        </p>
    }
}

#[component]
pub fn OcpAddReplicaPage() -> impl IntoView {
    view! { <WithOcpContext form=|ctx| view! { <AddForm ctx=ctx/> }.into_any()/> }
}

#[component]
pub fn OcpDeleteReplicaPage() -> impl IntoView {
    view! { <WithOcpContext form=|ctx| view! { <DeleteForm ctx=ctx/> }.into_any()/> }
}

#[component]
pub fn OcpModifyReplicaPage() -> impl IntoView {
    view! { <WithOcpContext form=|ctx| view! { <ModifyForm ctx=ctx/> }.into_any()/> }
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
fn AddForm(ctx: OcpReplicaContext) -> impl IntoView {
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
                    {move || if submit.pending().get() { tx::t().sending } else { tx::t().add_title }}
                </button>
            </form>
            {submit_error(submit)}
        </section>
    }
}

#[component]
fn DeleteForm(ctx: OcpReplicaContext) -> impl IntoView {
    let ocp = expect_ocp();
    let head = heading(&ctx, || tx::t().delete_title);
    let ctx = StoredValue::new(ctx);
    let zones: Vec<(String, String)> = ctx.with_value(|c| {
        locality_of(&c.tenant)
            .iter()
            .map(|(z, t)| (z.to_owned(), t.to_owned()))
            .collect()
    });
    let ticked = RwSignal::new(Vec::<String>::new());
    let order: Vec<String> = zones.iter().map(|(z, _)| z.clone()).collect();
    let attempted = RwSignal::new(false);
    let verdict = Memo::new(move |_| {
        let chosen: Vec<String> =
            ticked.with(|t| order.iter().filter(|z| t.contains(z)).cloned().collect());
        ctx.with_value(|c| validate_delete(&chosen, &c.tenant))
    });
    let (cid, tid) = ctx.with_value(|c| (c.cluster.id, c.tenant.id));
    let submit = Action::new_local(move |plan: &DeletePlan| {
        let request = plan.request.clone();
        let s = ocp.session();
        async move { s.delete_replica(cid, tid, &request).await }
    });
    open_task(submit);
    let on_submit = crate::ui::submit::submit_checked(attempted, verdict, submit, |plan| plan);
    view! {
        <section class="form-page ocp-form">
            {head}
            <form on:submit=on_submit data-testid="ocp-delete-form" aria-label=move || tx::t().delete_title>
                <fieldset>
                    <legend>{move || tx::t().zones_going}</legend>
                    {zones.into_iter().map(|(z, t)| {
                        let zone = z.clone();
                        let zone2 = z.clone();
                        view! {
                            <label class="check">
                                <input type="checkbox"
                                    prop:checked=move || ticked.with(|v| v.contains(&zone))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        ticked.update(|v| { v.retain(|x| *x != zone2); if on { v.push(zone2.clone()) } });
                                    }/>
                                {format!("{z} ({t})")}
                                {move || crate::core::i18n::gloss(&t).map(|g| view! { <span class="gloss">{format!("（{g}）")}</span> })}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="verdict" data-testid="ocp-verdict">
                    {move || match verdict.get() {
                        Ok(plan) => ctx.with_value(|c| view! { <PreviewTable preview=preview_of(&c.tenant, &plan.after)/> }).into_any(),
                        Err(errors) => view! { <OcpFormErrors errors=errors attempted=attempted.get()/> }.into_any(),
                    }}
                </div>
                <button type="submit" disabled=move || submit.pending().get()>
                    {move || if submit.pending().get() { tx::t().sending } else { tx::t().delete_title }}
                </button>
            </form>
            {submit_error(submit)}
        </section>
    }
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
                    {move || if submit.pending().get() { tx::t().sending } else { tx::t().modify_title }}
                </button>
            </form>
            {submit_error(submit)}
        </section>
    }
}
