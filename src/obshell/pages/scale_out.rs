//! Scale out: add an OBServer (with its agent) to an existing or a new zone.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::ui::components::PageHeader;

use crate::core::i18n::fill;
use obshell_protocol::obshell::model::cluster_info::ClusterInfo;
use obshell_protocol::obshell::model::task::ScaleOutRequest;
use obshell_protocol::obshell::model::ObInfo;
use obshell_protocol::obshell::version::Feature;

use crate::core::error::ApiError;
use crate::obshell::client::Session;
use crate::obshell::context::{agent_profile, expect_obshell};
use crate::obshell::forms::locks::{blockers, Blocker};
use crate::obshell::forms::{validate_scale_out, ScaleOutForm, COMMON_KEYS};
use crate::obshell::pages::{Blockers, LostRequest, SubmitError};
use crate::ui::components::{ErrorPanel, Unavailable};

/// What the form checks a new server against: from `obcluster/info` (4.3.0+) or `ob/info`
/// (also read by the plan that adds several servers, and before each of its steps).
#[derive(Debug, Clone)]
pub(super) struct Topology {
    pub(super) zones: Vec<String>,
    /// `ip:rpc_port` of every server.
    pub(super) servers: Vec<String>,
    /// `ip:agent_port` of every agent.
    pub(super) agents: Vec<String>,
    pub(super) ob_version: String,
}

impl Topology {
    fn from_cluster_info(info: &ClusterInfo) -> Self {
        let all = || info.zones.iter().flat_map(|z| z.servers.iter());
        Self {
            zones: info.zones.iter().map(|z| z.name.clone()).collect(),
            servers: all().map(|s| format!("{}:{}", s.ip, s.svr_port)).collect(),
            agents: all()
                .map(|s| format!("{}:{}", s.ip, s.obshell_port))
                .collect(),
            ob_version: info.ob_version.clone(),
        }
    }

    fn from_ob_info(info: &ObInfo) -> Self {
        let Some(c) = &info.obcluster_info else {
            return Self {
                zones: Vec::new(),
                servers: Vec::new(),
                agents: Vec::new(),
                ob_version: String::new(),
            };
        };
        let all = || c.topology.values().flatten();
        Self {
            zones: c.topology.keys().cloned().collect(),
            servers: all()
                .map(|s| format!("{}:{}", s.svr_ip, s.svr_port))
                .collect(),
            agents: all()
                .map(|s| format!("{}:{}", s.svr_ip, s.agent_port))
                .collect(),
            ob_version: c.version.clone(),
        }
    }
}

/// The cluster as the form checks it, and the tasks holding a lock that refuses a scale-out.
pub(super) async fn load(s: Session) -> Result<(Topology, Vec<Blocker>), ApiError> {
    let topology = if s.caps().has(Feature::ClusterInfo) {
        Topology::from_cluster_info(&s.cluster_info().await?)
    } else {
        Topology::from_ob_info(&s.ob_info().await?)
    };
    let dags = s.unfinished_dags().await?;
    Ok((topology, blockers(&dags, None)))
}

#[component]
pub fn ScaleOutPage() -> impl IntoView {
    if let Some(reason) = agent_profile().blocked() {
        return view! { {move || view! { <Unavailable what=tx::t().submit.to_owned() reason=reason.clone()/> }} }.into_any();
    }
    let session = expect_obshell().session;
    let cluster = LocalResource::new(move || load(session.clone()));
    view! {
        <Transition fallback=|| view! { <p class="muted">{move || tx::t().loading}</p> }>
            {move || Suspend::new(async move {
                match cluster.await {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok((info, busy)) => view! { <Blockers list=busy/><ScaleOutForm info=info/> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn ScaleOutForm(info: Topology) -> impl IntoView {
    let Topology {
        zones,
        servers,
        agents,
        ob_version,
    } = info;
    let scope = expect_obshell();
    let agent_version = scope.connected.info.version.clone();
    // 4.2.6+ forwards the new host's own agent password; older agents ignore the field, so it
    // is neither offered nor sent there.
    let password_gate = scope.profile.gate(Feature::TargetAgentPassword).err();
    let password_allowed = password_gate.is_none();

    let ip = RwSignal::new(String::new());
    let port = RwSignal::new("2886".to_owned());
    let zone_choice = RwSignal::new(zones.first().cloned().unwrap_or_default());
    let new_zone = RwSignal::new(String::new());
    let common: Vec<(&'static str, RwSignal<String>)> = COMMON_KEYS
        .iter()
        .map(|k| (*k, RwSignal::new(String::new())))
        .collect();
    let common = StoredValue::new(common);
    let extra = RwSignal::new(Vec::<(usize, RwSignal<String>, RwSignal<String>)>::new());
    let next = StoredValue::new(0usize);
    let attempted = RwSignal::new(false);
    // Only in this signal: never logged, shown, put in the URL or stored; cleared once sent.
    let password = RwSignal::new(String::new());

    let form = move || ScaleOutForm {
        ip: ip.get(),
        port: port.get(),
        zone: if zone_choice.get() == "__new" {
            new_zone.get()
        } else {
            zone_choice.get()
        },
        common: common.with_value(|c| {
            c.iter()
                .map(|(k, v)| ((*k).to_owned(), v.get()))
                .collect::<BTreeMap<_, _>>()
        }),
        extra: extra
            .get()
            .iter()
            .map(|(_, k, v)| (k.get(), v.get()))
            .collect(),
        target_agent_password: if password_allowed {
            password.get()
        } else {
            String::new()
        },
    };
    let verdict = Memo::new(move |_| validate_scale_out(&form(), &servers, &agents));

    let expected = crate::obshell::expected::expect_expectations();
    let session = scope.session.clone();
    let backend = scope.links.name().to_owned();
    // The request in flight, to look for its task if the answer is lost.
    let asked = RwSignal::new(None::<LostRequest>);
    let submit = Action::new_local(move |body: &ScaleOutRequest| {
        let body = body.clone();
        let s = session.clone();
        let backend = backend.clone();
        async move {
            asked.set(Some(LostRequest::now(&s, "Cluster scale out", None)));
            let sent = s.scale_out(&body).await;
            // Sent once: the agent has it now, the page forgets it.
            if sent.is_ok() {
                password.try_update(crate::core::secret::clear);
            }
            if let Ok(Some(dag)) = &sent {
                expected.expect(
                    &backend,
                    &dag.id,
                    crate::obshell::expected::Expectation::Server {
                        ip: body.agent_info.ip.clone(),
                        zone: body.zone.clone(),
                        present: true,
                    },
                );
            }
            sent
        }
    });
    super::follow_to_task(submit, None);
    let on_submit = crate::ui::submit::submit_checked(attempted, verdict, submit, |body| body);
    view! {
        <section class="form-page">
            <PageHeader trail=vec![crate::obshell::sections::cluster(&scope.links)] title=Signal::derive(|| tx::t().title.to_owned())/>
            <p><a href=scope.links.scale_outs()>{move || tx::t().several}</a></p>
            <form on:submit=on_submit data-testid="scale-out-form">
                <fieldset class="row">
                    <label>{move || tx::t().agent_ip}<input data-testid="so-ip" prop:value=move || ip.get() on:input=move |ev| ip.set(event_target_value(&ev))/></label>
                    <label>{move || tx::t().agent_port}<input data-testid="so-port" size="6" prop:value=move || port.get() on:input=move |ev| port.set(event_target_value(&ev))/></label>
                    <label>{move || tx::t().zone}
                        <select data-testid="so-zone" prop:value=move || zone_choice.get() on:change=move |ev| zone_choice.set(event_target_value(&ev))>
                            {zones.iter().map(|z| view! { <option value=z.clone()>{z.clone()}</option> }).collect_view()}
                            <option value="__new">{move || tx::t().new_zone}</option>
                        </select>
                    </label>
                    <Show when=move || zone_choice.get() == "__new">
                        <label>{move || tx::t().new_zone_name}<input data-testid="so-new-zone" prop:value=move || new_zone.get() on:input=move |ev| new_zone.set(event_target_value(&ev))/></label>
                    </Show>
                </fieldset>
                <fieldset class="row">
                    {common.with_value(|c| c.iter().map(|(key, value)| {
                        let value = *value;
                        view! { <label>{*key}<input data-testid=format!("so-{key}") size="10" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/></label> }
                    }).collect_view())}
                </fieldset>
                <fieldset class="row">
                    <label>{move || tx::t().password}
                        <input type="password" autocomplete="off" data-1p-ignore="" data-lpignore="true" data-testid="so-target-password" size="16"
                            disabled=!password_allowed
                            prop:value=move || password.get()
                            on:input=move |ev| {
                                let typed = event_target_value(&ev);
                                password.update(|p| crate::core::secret::replace(p, typed));
                            }/>
                    </label>
                    {match password_gate.clone() {
                        Some(reason) => view! { <p class="muted" data-testid="so-target-password-gate">{move || fill(tx::t().password_gate, &[&reason])}</p> }.into_any(),
                        None => view! { <p class="muted">{move || tx::t().password_help}</p> }.into_any(),
                    }}
                </fieldset>
                <For each=move || extra.get() key=|(id, _, _)| *id let:row>
                    <fieldset class="row">
                        <label>{move || tx::t().key}<input data-testid="so-extra-key" prop:value=move || row.1.get() on:input=move |ev| row.1.set(event_target_value(&ev))/></label>
                        <label>{move || tx::t().value}<input data-testid="so-extra-value" prop:value=move || row.2.get() on:input=move |ev| row.2.set(event_target_value(&ev))/></label>
                        <button type="button" class="secondary" on:click=move |_| extra.update(|e| e.retain(|x| x.0 != row.0))>{move || tx::t().remove}</button>
                    </fieldset>
                </For>
                <button type="button" class="secondary" data-testid="so-add-config" on:click=move |_| {
                    let id = next.get_value();
                    next.set_value(id + 1);
                    extra.update(|e| e.push((id, RwSignal::new(String::new()), RwSignal::new(String::new()))));
                }>{move || tx::t().another}</button>
                <details class="preflight" data-testid="preflight">
                    <summary>{move || tx::t().preflight}</summary>
                    <ul>
                        <li>{move || fill(tx::t().check_single, &[&ip.get(), &port.get()])}</li>
                        <li>{move || fill(tx::t().check_version, &[&ob_version])}</li>
                        <li>{move || fill(tx::t().check_obshell, &[&agent_version])}</li>
                        <li>{move || tx::t().check_ports}</li>
                        <li>{move || tx::t().check_server}</li>
                        <li>{move || if zone_choice.get() == "__new" { tx::t().check_new_zone } else { tx::t().check_old_zone }}</li>
                    </ul>
                </details>
                {move || match verdict.get() {
                    Err(errors) if attempted.get() => view! {
                        <div role="alert"><ul class="field-errors">{errors.into_iter().map(|e| view! { <li data-testid="field-error" data-field=e.field>{e.message}</li> }).collect_view()}</ul></div>
                    }.into_any(),
                    _ => ().into_any(),
                }}
                <button type="submit" data-testid="submit" disabled=move || submit.pending().get()>
                    {move || if submit.pending().get() { tx::t().sending } else { tx::t().submit }}
                </button>
            </form>
            {move || submit.value().get().and_then(Result::err).map(|e| view! { <SubmitError error=e asked=asked/> })}
        </section>
    }
}

crate::texts! {
    /// The scale-out page.
    mod tx {
        loading: "Loading the cluster…" => "正在加载集群…",
        title: "Scale out: add an OBServer" => "扩容：添加一台 OBServer",
        several: "Add several servers…" => "添加多台服务器…",
        agent_ip: "agent IP" => "Agent IP",
        agent_port: "agent port" => "Agent 端口",
        zone: "zone" => "Zone",
        new_zone: "new zone…" => "新建 Zone…",
        new_zone_name: "new zone name" => "新 Zone 名称",
        password: "Target agent password" => "目标 Agent 密码",
        password_gate: "Target agent password: {0}." => "目标 Agent 密码：{0}。",
        password_help: "Needed when the new host's agent has its own agent password (its /api/v1/info says security: true). It is sent once in the encrypted body and kept nowhere else; leave it empty otherwise." => "当新主机的 Agent 设有自己的 Agent 密码时需要填写（其 /api/v1/info 显示 security: true）。密码只在加密的请求体中发送一次，不会保存在任何地方；否则请留空。",
        key: "key" => "配置项",
        value: "value" => "值",
        remove: "remove" => "移除",
        another: "+ another config" => "+ 再添加一个配置项",
        preflight: "What the agent will check" => "Agent 将检查的内容",
        check_single: "the agent at {0}:{1} answers and is SINGLE (not yet in a cluster)" => "{0}:{1} 上的 Agent 能够响应，且身份为 SINGLE（尚未加入集群）",
        check_version: "it runs OceanBase {0}, like this cluster" => "它运行 OceanBase {0}，与本集群相同",
        check_obshell: "its obshell is not newer than this agent's ({0}) nor older than 4.2.4.1" => "它的 obshell 版本不高于本 Agent（{0}），也不低于 4.2.4.1",
        check_ports: "rpc_port/rpcPort and mysql_port/mysqlPort agree, and the rpc port is a number (range 1025–65535 inside the task)" => "rpc_port/rpcPort 与 mysql_port/mysqlPort 各自一致，且 rpc 端口是数字（任务中要求在 1025–65535 之间）",
        check_server: "ip:rpc_port is not already a server; no other cluster-wide task is running" => "ip:rpc_port 尚不是集群中的服务器；没有其他集群级任务在运行",
        check_new_zone: "a new zone: the task creates and starts it (11 steps)" => "新 Zone：任务会创建并启动它（11 个步骤）",
        check_old_zone: "an existing zone: 9 steps" => "已有 Zone：9 个步骤",
        sending: "Sending…" => "提交中…",
        submit: "Scale out" => "扩容",
    }
}
