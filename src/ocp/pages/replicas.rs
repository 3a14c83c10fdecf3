//! The three OCP replica forms. Each loads the tenant, its cluster (zones and servers) and the
//! unit specs, checks every OCP rule while the operator types (`ocp::forms`), previews the
//! locality, sends once, and opens the task OCP answers with.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use obshell_protocol::ocp::rules::{locality_of, tenant_unit_count};
use obshell_protocol::ocp::{Cluster, Task, Tenant, UnitSpec};

use super::id_param;
use crate::api::ApiError;
use crate::components::{ErrorPanel, PreviewTable};
use crate::ocp::client::calls;
use crate::ocp::forms::{
    preview_of, spec_label, validate_add, validate_delete, validate_modify, AddPlan, AddRowInput,
    DeletePlan, ModifyPlan, ModifyRowInput, OcpFormError, REPLICA_TYPES,
};
use crate::ocp::{expect_ocp, not_connected};

/// What a form checks against.
#[derive(Debug, Clone)]
pub struct OcpReplicaContext {
    pub cluster: Cluster,
    pub tenant: Tenant,
    pub specs: Vec<UnitSpec>,
}

impl OcpReplicaContext {
    /// The unit specs as a select offers them: name and "name (CPU, memory)".
    fn spec_options(&self) -> Vec<(String, String)> {
        self.specs
            .iter()
            .map(|s| (s.name.clone(), spec_label(s)))
            .collect()
    }
}

async fn load(
    ocp: crate::ocp::OcpCtx,
    cid: Option<i64>,
    tid: Option<i64>,
) -> Result<OcpReplicaContext, ApiError> {
    let s = ocp.get().ok_or_else(|| not_connected(calls::TENANT))?;
    let (Some(cid), Some(tid)) = (cid, tid) else {
        return Err(not_connected(calls::TENANT));
    };
    let tenant = s.tenant(cid, tid).await?;
    let cluster = s.cluster(cid).await?;
    let specs = s.unit_specs().await?;
    Ok(OcpReplicaContext {
        cluster,
        tenant,
        specs,
    })
}

/// Loads the context of the URL's tenant, then shows `form` with it.
#[component]
fn WithOcpContext(form: fn(OcpReplicaContext) -> AnyView) -> impl IntoView {
    let ocp = expect_ocp();
    let cid = id_param("cid");
    let tid = id_param("tid");
    let context = LocalResource::new(move || {
        let (c, t) = (cid.get(), tid.get());
        async move { load(ocp, c, t).await }
    });
    view! {
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match context.await {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok(ctx) => form(ctx),
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
        return view! { <p class="muted">"Fill in the form to see the result."</p> }.into_any();
    }
    view! {
        <div role="alert"><ul class="field-errors" data-testid="ocp-form-errors">
            {shown.into_iter().map(|e| view! {
                <li data-testid="ocp-form-error" data-code=e.code.code.to_string() data-field=e.field.unwrap_or("")>
                    <strong>{format!("{}: ", e.place())}</strong>{e.message.clone()}
                    <span class="muted">{format!(" — OCP refuses this with {}", e.code_text())}</span>
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

fn heading(ctx: &OcpReplicaContext, what: &str) -> impl IntoView {
    let links = expect_ocp().links();
    let back = links.tenant(ctx.cluster.id, ctx.tenant.id);
    view! {
        <h1>{format!("{what} of {}", ctx.tenant.name)}</h1>
        <p class="muted">
            {format!("Now: {} · status {} · unit count {} · ", ctx.tenant.locality, ctx.tenant.status, tenant_unit_count(&ctx.tenant).map(|c| c.to_string()).unwrap_or_else(|| "–".into()))}
            <a href=back>"back to the tenant"</a>
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
    let head = heading(&ctx, "Add replicas");
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
        async move {
            match ocp.get() {
                Some(s) => s.add_replica(cid, tid, &request).await,
                None => Err(not_connected(calls::ADD_REPLICA)),
            }
        }
    });
    open_task(submit);
    let on_submit = crate::pages::submit_checked(attempted, verdict, submit, |plan| plan);
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
            <form on:submit=on_submit data-testid="ocp-add-form" aria-label="Add replicas">
                <For each=move || rows.get() key=|r| r.id let:row>
                    <fieldset class="row" data-testid="ocp-add-row">
                        <legend class="sr-only">{format!("replica {}", row.id + 1)}</legend>
                        <label>"zone"
                            <select aria-label=format!("zone, replica {}", row.id + 1) prop:value=move || row.zone.get() on:change=move |ev| row.zone.set(event_target_value(&ev))>
                                <option value="">"choose…"</option>
                                {free_zones.iter().map(|(z, active)| view! {
                                    <option value=z.clone()>{format!("{z} ({active} ACTIVE server(s))")}</option>
                                }).collect_view()}
                            </select>
                        </label>
                        <label>"replica type"
                            <select aria-label=format!("replica type, replica {}", row.id + 1) prop:value=move || row.kind.get() on:change=move |ev| row.kind.set(event_target_value(&ev))>
                                {REPLICA_TYPES.iter().map(|t| view! { <option value=*t>{*t}</option> }).collect_view()}
                            </select>
                        </label>
                        <label>"unit spec"
                            <select aria-label=format!("unit spec, replica {}", row.id + 1) prop:value=move || row.spec.get() on:change=move |ev| row.spec.set(event_target_value(&ev))>
                                <option value="">"choose…"</option>
                                {specs.iter().map(|(n, label)| view! { <option value=n.clone()>{label.clone()}</option> }).collect_view()}
                            </select>
                        </label>
                        <label>"unit count"
                            <input aria-label=format!("unit count, replica {}", row.id + 1) size="3" inputmode="numeric" prop:value=move || row.count.get() on:input=move |ev| row.count.set(event_target_value(&ev))/>
                        </label>
                        <button type="button" class="secondary" aria-label=format!("remove replica {}", row.id + 1)
                            disabled=move || rows.with(|r| r.len() <= 1)
                            on:click=move |_| rows.update(|r| r.retain(|x| x.id != row.id))>"remove"</button>
                    </fieldset>
                </For>
                <button type="button" class="secondary" on:click=add_row>"+ another zone"</button>
                <div class="verdict" data-testid="ocp-verdict">
                    {move || match verdict.get() {
                        Ok(plan) => ctx.with_value(|c| view! { <PreviewTable preview=preview_of(&c.tenant, &plan.after)/> }).into_any(),
                        Err(errors) => view! { <OcpFormErrors errors=errors attempted=attempted.get()/> }.into_any(),
                    }}
                </div>
                <button type="submit" disabled=move || submit.pending().get()>
                    {move || if submit.pending().get() { "Sending…" } else { "Add replicas" }}
                </button>
            </form>
            {submit_error(submit)}
        </section>
    }
}

#[component]
fn DeleteForm(ctx: OcpReplicaContext) -> impl IntoView {
    let ocp = expect_ocp();
    let head = heading(&ctx, "Delete replicas");
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
        async move {
            match ocp.get() {
                Some(s) => s.delete_replica(cid, tid, &request).await,
                None => Err(not_connected(calls::DELETE_REPLICA)),
            }
        }
    });
    open_task(submit);
    let on_submit = crate::pages::submit_checked(attempted, verdict, submit, |plan| plan);
    view! {
        <section class="form-page ocp-form">
            {head}
            <form on:submit=on_submit data-testid="ocp-delete-form" aria-label="Delete replicas">
                <fieldset>
                    <legend>"Zones whose replica goes"</legend>
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
                    {move || if submit.pending().get() { "Sending…" } else { "Delete replicas" }}
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
    let head = heading(&ctx, "Modify replicas");
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
        async move {
            match ocp.get() {
                Some(s) => s.modify_replica(cid, tid, &request).await,
                None => Err(not_connected(calls::MODIFY_REPLICA)),
            }
        }
    });
    open_task(submit);
    let on_submit = crate::pages::submit_checked(attempted, verdict, submit, |plan| plan);
    view! {
        <section class="form-page ocp-form">
            {head}
            <form on:submit=on_submit data-testid="ocp-modify-form" aria-label="Modify replicas">
                {rows.into_iter().map(|(row, now)| {
                    let zone = row.zone.get_value();
                    let specs = specs.clone();
                    view! {
                        <fieldset class="row" data-testid="ocp-modify-row">
                            <legend>{zone.clone()}</legend>
                            <label>{format!("replica type of {zone}")}
                                <select aria-label=format!("replica type of {zone}") prop:value=move || row.kind.get() on:change=move |ev| row.kind.set(event_target_value(&ev))>
                                    <option value="">{format!("keep ({now})")}</option>
                                    {REPLICA_TYPES.iter().map(|t| view! { <option value=*t>{*t}</option> }).collect_view()}
                                </select>
                            </label>
                            <label>{format!("unit spec of {zone}")}
                                <select aria-label=format!("unit spec of {zone}") prop:value=move || row.spec.get() on:change=move |ev| row.spec.set(event_target_value(&ev))>
                                    <option value="">"keep"</option>
                                    {specs.into_iter().map(|(n, label)| view! { <option value=n>{label}</option> }).collect_view()}
                                </select>
                            </label>
                            <label>{format!("unit count of {zone}")}
                                <input aria-label=format!("unit count of {zone}") size="3" inputmode="numeric" placeholder=count_now.map(|c| c.to_string()).unwrap_or_default()
                                    prop:value=move || row.count.get() on:input=move |ev| row.count.set(event_target_value(&ev))/>
                            </label>
                        </fieldset>
                    }
                }).collect_view()}
                <p class="muted">"An empty field keeps what the zone has. The unit count is tenant-wide: a new one goes to every zone."</p>
                <div class="verdict" data-testid="ocp-verdict">
                    {move || match verdict.get() {
                        Ok(plan) => ctx.with_value(|c| view! { <PreviewTable preview=preview_of(&c.tenant, &plan.after)/> }).into_any(),
                        Err(errors) => view! { <OcpFormErrors errors=errors attempted=attempted.get()/> }.into_any(),
                    }}
                </div>
                <button type="submit" disabled=move || submit.pending().get()>
                    {move || if submit.pending().get() { "Sending…" } else { "Modify replicas" }}
                </button>
            </form>
            {submit_error(submit)}
        </section>
    }
}
