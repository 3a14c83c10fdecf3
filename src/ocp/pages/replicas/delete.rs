//! The delete form: a box per zone of the tenant, ticked for the replicas that go.

use leptos::prelude::*;
use obshell_protocol::ocp::rules::locality_of;

use super::{heading, open_task, submit_error, OcpFormErrors, OcpReplicaContext, WithOcpContext};
use crate::ocp::expect_ocp;
use crate::ocp::forms::{preview_of, validate_delete, DeletePlan};
use crate::ui::components::PreviewTable;

crate::texts! {
    /// The delete form.
    mod tx {
        delete_title: "Delete replicas" => "删除副本",
        zones_going: "Zones whose replica goes" => "要删除副本的 Zone",
    }
}

#[component]
pub fn OcpDeleteReplicaPage() -> impl IntoView {
    view! { <WithOcpContext form=|ctx| view! { <DeleteForm ctx=ctx/> }.into_any()/> }
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
                    {move || if submit.pending().get() { super::tx::t().sending } else { tx::t().delete_title }}
                </button>
            </form>
            {submit_error(submit)}
        </section>
    }
}
