//! Scale in: remove one OBServer (and its agent) from the cluster, after the checks the agent
//! and OceanBase would make.

use leptos::prelude::*;

use crate::ui::components::PageHeader;
use leptos_router::hooks::use_query_map;
use obshell_protocol::obshell::model::task::ScaleInRequest;
use obshell_protocol::obshell::version::Feature;

use crate::core::error::ApiError;
use crate::core::i18n::fill;
use crate::obshell::client::Session;
use crate::obshell::context::expect_obshell;
use crate::obshell::forms::{validate_scale_in, ScaleInContext, ScaleInForm};
use crate::ui::components::{ErrorPanel, Unavailable};

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
    let scope = expect_obshell();
    let info = &scope.connected.info;
    let connected = format!("{}:{}", info.ip, info.port);
    let gate = scope.profile.offer(Feature::ScaleIn);
    let body = match gate {
        Err(reason) => view! {
            {move || view! { <Unavailable what=tx::t().submit.to_owned() reason=reason.clone()/> }}
            <fieldset disabled=true>
                <label>{move || tx::t().server}<select data-testid="si-server"><option>"—"</option></select></label>
                <label class="check"><input type="checkbox" data-testid="si-force-kill"/>{move || tx::t().force_kill}</label>
                <button type="button" class="danger" data-testid="submit" disabled=true>{move || tx::t().submit}</button>
            </fieldset>
            <p class="muted">{move || tx::t().force_kill_help}</p>
        }
        .into_any(),
        Ok(()) => {
            let session = scope.session.clone();
            let context = LocalResource::new(move || load(session.clone(), connected.clone()));
            view! {
                <Transition fallback=|| view! { <p class="muted">{move || tx::t().loading}</p> }>
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
            <PageHeader trail=vec![crate::obshell::sections::cluster(&scope.links)] title=Signal::derive(|| tx::t().title.to_owned())/>
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
    let ctx = RwSignal::new(ctx);
    // The tasks that keep the cluster under maintenance, read again as they are cleared.
    let recheck = Callback::new(
        move |dags: Vec<obshell_protocol::obshell::model::task::DagDetail>| {
            let busy = ScaleInContext::busy_of(&dags);
            if ctx.with_untracked(|c| c.busy != busy) {
                ctx.update(|c| c.busy = busy);
            }
        },
    );
    let agent = RwSignal::new(preset);
    let force_kill = RwSignal::new(false);
    let attempted = RwSignal::new(false);
    let verdict = Memo::new(move |_| {
        let form = ScaleInForm {
            agent: agent.get(),
            force_kill: force_kill.get(),
        };
        ctx.with(|c| validate_scale_in(&form, c))
    });
    let options = ctx.with_untracked(|c| {
        c.servers
            .iter()
            .map(|s| {
                let you = s.agent() == c.connected;
                (
                    s.agent(),
                    (s.zone.clone(), s.rpc_port, s.status.clone(), you),
                )
            })
            .collect::<Vec<_>>()
    });

    let expected = crate::obshell::expected::expect_expectations();
    let scope = expect_obshell();
    let backend = scope.links.name().to_owned();
    let session = scope.session.clone();
    let submit = Action::new_local(move |body: &ScaleInRequest| {
        let body = body.clone();
        let s = session.clone();
        let backend = backend.clone();
        async move {
            let sent = s.scale_in(&body).await;
            if let Ok(Some(dag)) = &sent {
                expected.expect(
                    &backend,
                    &dag.id,
                    crate::obshell::expected::Expectation::Server {
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
    super::follow_to_task(submit, Some(scope.links.cluster()));
    let on_submit =
        crate::ui::submit::submit_checked(attempted, verdict, submit, |plan| plan.request);
    let steps = move || {
        use obshell_protocol::obshell::dag_names as n;
        let steps: &[&str] = if force_kill.get() {
            &[
                n::DELETE_OBSERVER,
                n::SET_AGENT_TO_SCALING_IN,
                n::CHECK_MULTI_PAXOS_MEMBER_ALIVE,
                n::TRY_TO_INFORM_TO_KILL_OBSERVER,
                n::WAIT_DELETE_OBSERVER_SUCCESS,
                n::DELETE_AGENT,
            ]
        } else {
            &[
                n::DELETE_OBSERVER,
                n::SET_AGENT_TO_SCALING_IN,
                n::WAIT_DELETE_OBSERVER_SUCCESS,
                n::DELETE_AGENT,
                n::TRY_TO_INFORM_TO_KILL_OBSERVER,
            ]
        };
        fill(tx::t().steps, &[&steps.join(" → "), &steps.len()])
    };
    let held = ctx.with_untracked(|c| !c.busy.is_empty());
    view! {
        {held.then(|| view! { <crate::obshell::pages::Blockers list=Vec::new() check_now=true on_check=recheck/> })}
        <form on:submit=on_submit data-testid="scale-in-form">
            <fieldset class="row">
                <label>{move || tx::t().server}
                    <select data-testid="si-server" prop:value=move || agent.get() on:change=move |ev| agent.set(event_target_value(&ev))>
                        <option value="">{move || tx::t().choose}</option>
                        {options.into_iter().map(|(value, (zone, rpc, status, you))| {
                            let agent = value.clone();
                            let label = move || {
                                let t = tx::t();
                                let mut label = fill(t.server_option, &[&zone, &agent, &rpc, &crate::core::i18n::glossed(&status)]);
                                if you {
                                    label.push_str(t.this_agent);
                                }
                                label
                            };
                            view! { <option value=value>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </fieldset>
            <fieldset>
                <label class="check">
                    <input type="checkbox" data-testid="si-force-kill" prop:checked=move || force_kill.get() on:change=move |ev| force_kill.set(event_target_checked(&ev))/>
                    {move || tx::t().force_kill}
                </label>
                <p class="muted" data-testid="force-kill-help">{move || tx::t().force_kill_help}</p>
            </fieldset>
            <p class="muted" data-testid="si-steps">{steps}</p>
            <details class="preflight" data-testid="preflight">
                <summary>{move || tx::t().preflight}</summary>
                <ul>
                    <li>{move || tx::t().check_self}</li>
                    <li>{move || tx::t().check_maintenance}</li>
                    <li>{move || tx::t().check_fit}</li>
                    <li>{move || tx::t().check_force}</li>
                    <li>{move || tx::t().check_runtime}</li>
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
                {move || if submit.pending().get() { tx::t().sending } else { tx::t().submit }}
            </button>
        </form>
        {move || match submit.value().get() {
            Some(Err(e)) => view! { <ErrorPanel error=e/> }.into_any(),
            _ => ().into_any(),
        }}
    }
}

crate::texts! {
    /// The scale-in page.
    mod tx {
        loading: "Loading the cluster…" => "正在加载集群…",
        title: "Scale in: remove an OBServer" => "缩容：移除一台 OBServer",
        server: "OBServer to remove" => "要移除的 OBServer",
        choose: "choose…" => "请选择…",
        server_option: "{0} · {1} (rpc {2}, {3})" => "{0} · {1}（rpc {2}，{3}）",
        this_agent: " — this console's agent" => " — 本控制台连接的 Agent",
        force_kill: "Force kill" => "强制停止",
        /// What force kill does, in the agent's order of steps (executor/ob/scale_in.go).
        force_kill_help: "Without force kill, OceanBase first moves this server's units to \
    the other servers of its zone, the task waits until OceanBase has deleted the server, removes \
    its agent, and only then asks that agent to stop the observer (if it cannot, the task only \
    warns). With force kill, the agent first checks that every log stream on the server keeps a \
    live majority without it, asks its agent to kill the observer at once, and then waits for \
    OceanBase to finish the delete; the task fails if that agent cannot be reached. Use it for a \
    server that is unhealthy or that you want stopped now." => "不强制停止时，OceanBase 先把这台服务器上的资源单元迁移到同一 Zone 的其他服务器，任务等待 OceanBase 删除该服务器、移除其 Agent，然后才请该 Agent 停止 observer（若无法停止，任务只给出警告）。强制停止时，Agent 先检查服务器上的每个日志流在没有它的情况下仍有存活的多数派，再请其 Agent 立即强制停止 observer，然后等待 OceanBase 完成删除；若无法连接该 Agent，任务失败。适用于不健康或需要立即停止的服务器。",
        steps: "{0} ({1} steps)" => "{0}（{1} 个步骤）",
        preflight: "What the agent and OceanBase will check" => "Agent 和 OceanBase 将检查的内容",
        check_self: "the server is not the agent this console is connected to (an agent cannot remove itself)" => "该服务器不是本控制台连接的 Agent（Agent 不能移除自身）",
        check_maintenance: "no other task keeps the cluster under maintenance" => "没有其他任务使集群处于维护中",
        check_fit: "every tenant with units in the zone still fits on the servers left there (at most one unit of a tenant per server); the last server of a zone with units cannot go" => "在该 Zone 有资源单元的每个租户，仍能放在 Zone 中剩余的服务器上（每台服务器最多放一个租户的一个资源单元）；有资源单元的 Zone 的最后一台服务器不能移除",
        check_force: "with force kill: every log stream on the server keeps a live majority without it" => "强制停止时：服务器上的每个日志流在没有它的情况下仍有存活的多数派",
        check_runtime: "OceanBase also needs every log stream to have a leader and enough free resources on the servers left; those are checked when the task runs" => "OceanBase 还要求每个日志流都有 Leader，且剩余服务器有足够的空闲资源；这些在任务运行时检查",
        sending: "Sending…" => "提交中…",
        submit: "Scale in" => "缩容",
    }
}
