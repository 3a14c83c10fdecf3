//! Delete replicas: choose zones; the Paxos, only-one-replica and primary-zone rules are checked
//! in the page, so a refused delete is never sent.

use leptos::prelude::*;

use crate::ui::components::PageHeader;
use obshell_protocol::obshell::replica::preview;

use super::{tx as rx, ReplicaContext, TopologyNotes, WithContext};
use crate::core::i18n::StateWord;
use crate::obshell::context::expect_obshell;
use crate::obshell::forms::{validate_delete, DeletePlan};
use crate::obshell::pages::follow_to_task;
use crate::obshell::pages::FormErrors;
use crate::obshell::pages::{LostRequest, SubmitError};
use crate::ui::components::PreviewTable;

#[component]
pub fn DeleteReplicasPage() -> impl IntoView {
    view! { <WithContext form=|ctx| view! { <DeleteForm ctx=ctx/> }.into_any()/> }
}

#[component]
fn DeleteForm(ctx: ReplicaContext) -> impl IntoView {
    let ctx = StoredValue::new(ctx);
    let tenant = ctx.with_value(|c| c.tenant.name.clone());
    let selected = RwSignal::new(Vec::<String>::new());
    let attempted = RwSignal::new(false);
    let verdict = Memo::new(move |_| {
        ctx.with_value(|c| validate_delete(&selected.get(), &c.tenant, &c.topology))
    });
    let replicas: Vec<(String, String)> = ctx.with_value(|c| {
        c.tenant
            .locality
            .iter()
            .map(|(z, t)| (z.to_owned(), t.to_owned()))
            .collect()
    });

    let name = tenant.clone();
    let expected = crate::obshell::expected::expect_expectations();
    let scope = expect_obshell();
    let session = scope.session.clone();
    let backend = scope.links.name().to_owned();
    // The request in flight, to look for its task if the answer is lost.
    let asked = RwSignal::new(None::<LostRequest>);
    let submit = Action::new_local(move |plan: &DeletePlan| {
        let (name, zones) = (name.clone(), plan.zones.clone());
        let s = session.clone();
        let backend = backend.clone();
        let locality = plan.new_locality.to_ob_string();
        async move {
            asked.set(Some(LostRequest::now(
                &s,
                obshell_protocol::obshell::dag_names::SCALE_IN_TENANT_REPLICAS,
                Some(name.clone()),
            )));
            let sent = s.delete_replicas(&name, zones).await;
            expected.expect_tenant(&backend, &sent, name, locality, None);
            sent
        }
    });
    let tenant_page = scope.links.tenant(&tenant);
    follow_to_task(submit, Some(tenant_page));
    let on_submit = crate::ui::submit::submit_checked(attempted, verdict, submit, |plan| plan);
    view! {
        <section class="form-page">
            <PageHeader trail=crate::obshell::sections::tenant(&scope.links, &tenant) title={let t = tenant.clone(); Signal::derive(move || crate::core::i18n::fill(tx::t().title, &[&t]))}/>
            <p class="muted">{move || ctx.with_value(|c| crate::core::i18n::fill(rx::t().now, &[&c.info.locality, &c.info.primary_zone]))}</p>
            <TopologyNotes topology=ctx.with_value(|c| c.topology.clone()) blockers=ctx.with_value(|c| c.blockers.clone()) tenant=ctx.with_value(|c| c.info.tenant_name.clone())/>
            <form on:submit=on_submit data-testid="delete-form">
                {replicas.into_iter().map(|(zone, kind)| {
                    let z = zone.clone();
                    let checked = move || selected.with(|s| s.contains(&z));
                    let z2 = zone.clone();
                    view! {
                        <label class="check">
                            <input type="checkbox" data-testid=format!("delete-zone-{zone}") prop:checked=checked
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    selected.update(|s| { s.retain(|x| x != &z2); if on { s.push(z2.clone()); } });
                                }/>
                            {format!("{zone} (")}<StateWord word=kind/>")"
                        </label>
                    }
                }).collect_view()}
                <div class="verdict">
                    {move || match verdict.get() {
                        Ok(plan) => ctx.with_value(|c| view! { <PreviewTable preview=preview(&c.tenant, &plan.new_locality)/> }).into_any(),
                        Err(e) if attempted.get() || !selected.with(Vec::is_empty) => view! { <FormErrors error=e zones=selected.get()/> }.into_any(),
                        Err(_) => view! { <p class="muted">{move || tx::t().choose}</p> }.into_any(),
                    }}
                </div>
                <button type="submit" class="danger" data-testid="submit" disabled=move || submit.pending().get()>
                    {move || if submit.pending().get() { rx::t().sending } else { tx::t().submit }}
                </button>
            </form>
            {move || submit.value().get().and_then(Result::err).map(|e| view! { <SubmitError error=e asked=asked/> })}
        </section>
    }
}

crate::texts! {
    /// The delete-replicas form.
    mod tx {
        title: "Delete replicas of {0}" => "删除租户 {0} 的副本",
        choose: "Choose the zones to remove." => "请选择要删除副本的 Zone。",
        submit: "Delete replicas" => "删除副本",
    }
}
