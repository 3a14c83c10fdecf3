//! Scale in: remove one OBServer (and its agent) from the cluster, after the checks the agent
//! and OceanBase would make.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use obshell_protocol::model::task::ScaleInRequest;
use obshell_protocol::version::Feature;

use crate::api::ApiError;
use crate::api::Session;
use crate::app::expect_session;
use crate::components::{ErrorPanel, Unavailable};
use crate::forms::{validate_scale_in, ScaleInContext, ScaleInForm};

/// What force kill does, in the agent's order of steps (`executor/ob/scale_in.go`).
const FORCE_KILL_TEXT: &str = "Without force kill, OceanBase first moves this server's units to \
    the other servers of its zone, the task waits until OceanBase has deleted the server, removes \
    its agent, and only then asks that agent to stop the observer (if it cannot, the task only \
    warns). With force kill, the agent first checks that every log stream on the server keeps a \
    live majority without it, asks its agent to kill the observer at once, and then waits for \
    OceanBase to finish the delete; the task fails if that agent cannot be reached. Use it for a \
    server that is unhealthy or that you want stopped now.";

async fn load(s: Session, connected: String) -> Result<ScaleInContext, ApiError> {
    let dags = s.unfinished_dags().await?;
    match s.cluster_info().await {
        Ok(info) => Ok(ScaleInContext::from_cluster_info(connected, &info, &dags)),
        // Agents before 4.3.0 have no /obcluster/info: the topology and each tenant instead.
        Err(ApiError::Agent { status: 404, .. }) => {
            let ob = s.ob_info().await?;
            let mut tenants = Vec::new();
            for t in s.tenants().await? {
                tenants.push(s.tenant(&t.tenant_name).await?);
            }
            Ok(ScaleInContext::from_ob_info(
                connected, &ob, &tenants, &dags,
            ))
        }
        Err(e) => Err(e),
    }
}

#[component]
pub fn ScaleInPage() -> impl IntoView {
    let scope = expect_session();
    let info = &scope.connected.info;
    let connected = format!("{}:{}", info.ip, info.port);
    let gate = scope.profile.offer(Feature::ScaleIn);
    let body = match gate {
        Err(reason) => view! {
            <Unavailable what="Scale in".to_owned() reason=reason/>
            <fieldset disabled=true>
                <label>"OBServer to remove"<select data-testid="si-server"><option>"—"</option></select></label>
                <label class="check"><input type="checkbox" data-testid="si-force-kill"/>"Force kill"</label>
                <button type="button" class="danger" data-testid="submit" disabled=true>"Scale in"</button>
            </fieldset>
            <p class="muted">{FORCE_KILL_TEXT}</p>
        }
        .into_any(),
        Ok(()) => {
            let session = scope.session.clone();
            let context = LocalResource::new(move || load(session.clone(), connected.clone()));
            view! {
                <Transition fallback=|| view! { <p class="muted">"Loading the cluster…"</p> }>
                    {move || Suspend::new(async move {
                        match context.await {
                            Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                            Ok(ctx) => view! { <ScaleInForm ctx=ctx/> }.into_any(),
                        }
                    })}
                </Transition>
            }
            .into_any()
        }
    };
    view! {
        <section class="form-page">
            <h1>"Scale in: remove an OBServer"</h1>
            {body}
        </section>
    }
}

#[component]
fn ScaleInForm(ctx: ScaleInContext) -> impl IntoView {
    let query = use_query_map();
    let preset = query
        .with_untracked(|q| q.get("server"))
        .filter(|a| ctx.servers.iter().any(|s| s.agent() == *a))
        .unwrap_or_default();
    let ctx = StoredValue::new(ctx);
    let agent = RwSignal::new(preset);
    let force_kill = RwSignal::new(false);
    let attempted = RwSignal::new(false);
    let verdict = Memo::new(move |_| {
        let form = ScaleInForm {
            agent: agent.get(),
            force_kill: force_kill.get(),
        };
        ctx.with_value(|c| validate_scale_in(&form, c))
    });
    let options = ctx.with_value(|c| {
        c.servers
            .iter()
            .map(|s| {
                let you = if s.agent() == c.connected {
                    " — this console's agent"
                } else {
                    ""
                };
                (
                    s.agent(),
                    format!(
                        "{} · {} (rpc {}, {}){you}",
                        s.zone,
                        s.agent(),
                        s.rpc_port,
                        s.status
                    ),
                )
            })
            .collect::<Vec<_>>()
    });

    let journal = crate::journal::expect_journal();
    let scope = expect_session();
    let backend = scope.base.name().to_owned();
    let session = scope.session.clone();
    let submit = Action::new_local(move |body: &ScaleInRequest| {
        let body = body.clone();
        let s = session.clone();
        let backend = backend.clone();
        async move {
            let sent = s.scale_in(&body).await;
            if let Ok(Some(dag)) = &sent {
                journal.expect(
                    &backend,
                    &dag.id,
                    crate::journal::Expectation::Server {
                        ip: body.agent_info.ip.clone(),
                        zone: String::new(),
                        present: false,
                    },
                );
            }
            sent
        }
    });
    // 204: the agent found no such server in the cluster (already removed).
    super::follow_to_task(submit, Some(scope.base.cluster()));
    let on_submit = crate::pages::submit_checked(attempted, verdict, submit, |plan| plan.request);
    let steps = move || {
        if force_kill.get() {
            "Delete observer → Set agent to 'SCALING IN' → Check multi paxos member alive → Try to inform to kill observer → Wait delete observer success → Delete agent (6 steps)"
        } else {
            "Delete observer → Set agent to 'SCALING IN' → Wait delete observer success → Delete agent → Try to inform to kill observer (5 steps)"
        }
    };
    view! {
        <form on:submit=on_submit data-testid="scale-in-form">
            <fieldset class="row">
                <label>"OBServer to remove"
                    <select data-testid="si-server" prop:value=move || agent.get() on:change=move |ev| agent.set(event_target_value(&ev))>
                        <option value="">"choose…"</option>
                        {options.into_iter().map(|(value, label)| view! { <option value=value>{label}</option> }).collect_view()}
                    </select>
                </label>
            </fieldset>
            <fieldset>
                <label class="check">
                    <input type="checkbox" data-testid="si-force-kill" prop:checked=move || force_kill.get() on:change=move |ev| force_kill.set(event_target_checked(&ev))/>
                    "Force kill"
                </label>
                <p class="muted" data-testid="force-kill-help">{FORCE_KILL_TEXT}</p>
            </fieldset>
            <p class="muted" data-testid="si-steps">{steps}</p>
            <details class="preflight" data-testid="preflight">
                <summary>"What the agent and OceanBase will check"</summary>
                <ul>
                    <li>"the server is not the agent this console is connected to (an agent cannot remove itself)"</li>
                    <li>"no other task keeps the cluster under maintenance"</li>
                    <li>"every tenant with units in the zone still fits on the servers left there (at most one unit of a tenant per server); the last server of a zone with units cannot go"</li>
                    <li>"with force kill: every log stream on the server keeps a live majority without it"</li>
                    <li>"OceanBase also needs every log stream to have a leader and enough free resources on the servers left; those are checked when the task runs"</li>
                </ul>
            </details>
            {move || match verdict.get() {
                Err(errors) if attempted.get() || !agent.with(String::is_empty) || errors.iter().any(|e| e.field == "task") => view! {
                    <div role="alert"><ul class="field-errors">{errors.into_iter().map(|e| view! { <li data-testid="field-error" data-field=e.field>{e.message}</li> }).collect_view()}</ul></div>
                }.into_any(),
                Ok(plan) => view! {
                    <ul class="notes">{plan.notes.into_iter().map(|n| view! { <li class="warn" data-testid="si-note">{n}</li> }).collect_view()}</ul>
                }.into_any(),
                Err(_) => ().into_any(),
            }}
            <button type="submit" class="danger" data-testid="submit" disabled=move || submit.pending().get()>
                {move || if submit.pending().get() { "Sending…" } else { "Scale in" }}
            </button>
        </form>
        {move || match submit.value().get() {
            Some(Err(e)) => view! { <ErrorPanel error=e/> }.into_any(),
            _ => ().into_any(),
        }}
    }
}
