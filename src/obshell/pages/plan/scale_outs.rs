//! Add several servers: a table of hosts and zones, each row checked with the scale-out form's
//! rules (and no IP twice), shown as the plan's steps in order, then kept as a plan that runs
//! one scale-out at a time (the agent's global lock allows one at a time).

use leptos::prelude::*;

use crate::ui::components::PageHeader;
use leptos_router::hooks::use_navigate;
use obshell_protocol::obshell::model::task::ScaleOutRequest;
use obshell_protocol::obshell::plan::{Change, Expect, Goal, PlanDoc, PlanStep, StepState, FORMAT};

use super::steps::describe;
use crate::core::i18n::fill;
use crate::core::plan::store;
use crate::obshell::context::{agent_profile, expect_obshell};
use crate::obshell::forms::{validate_scale_outs, FieldError, ScaleOutRow};
use crate::obshell::pages::scale_out::{load, Topology};
use crate::obshell::pages::Blockers;
use crate::ui::components::{ErrorPanel, Unavailable};

crate::texts! {
    /// The page that adds several servers.
    mod tx {
        title: "Add several servers" => "添加多台服务器",
        intro: "One row per server. The agent runs one scale-out at a time, so the plan sends them one after another, each only once the one before has succeeded. Each is sent as the single scale-out form sends it with no config typed (the agent's defaults); a host that needs its own agent password or other configs is added with the single form. Nothing is sent until you start the plan." => "每台服务器一行。Agent 一次只运行一个扩容任务，因此计划会逐个发送，且仅在前一个成功后才发送下一个。每个请求与单台扩容表单在未填写任何配置项时发送的内容相同（使用 Agent 的默认值）；需要自己的 Agent 密码或其他配置项的主机请使用单台扩容表单添加。在您启动计划之前不会发送任何请求。",
        single: "One server with its own configs or agent password…" => "添加一台带自定义配置项或 Agent 密码的服务器…",
        loading: "Loading the cluster…" => "正在加载集群…",
        row: "row" => "行",
        agent_ip: "agent IP" => "Agent IP",
        agent_port: "agent port" => "Agent 端口",
        zone: "zone" => "Zone",
        new_zone_name: "new zone name" => "新 Zone 名称",
        ip_of: "Agent IP of row {0}" => "第 {0} 行的 Agent IP",
        port_of: "Agent port of row {0}" => "第 {0} 行的 Agent 端口",
        zone_of: "Zone of row {0}" => "第 {0} 行的 Zone",
        new_zone_of: "New zone name of row {0}" => "第 {0} 行的新 Zone 名称",
        new_zone: "new zone…" => "新建 Zone…",
        remove_of: "Remove row {0}" => "移除第 {0} 行",
        remove: "remove" => "移除",
        add_row: "Add a row" => "添加一行",
        error_of: "Row {0}: {1}" => "第 {0} 行：{1}",
        preview: "The plan: {0} step(s), one at a time" => "计划：{0} 步，逐个执行",
        preview_wait: "The steps are listed here once every row is valid." => "每一行都有效后，这里会列出各个步骤。",
        creates_zone: " (a new zone: the task creates it)" => "（新 Zone：任务会创建它）",
        review: "Review the plan" => "查看计划",
        not_saved: "The browser refused to keep the plan (storage full or disabled): it cannot be run safely." => "浏览器拒绝保存计划（存储已满或被禁用）：无法安全运行。",
    }
}

/// The value of the zone select that asks for a new zone's name.
const NEW_ZONE: &str = "__new";

/// One row as typed.
#[derive(Debug, Clone, Copy)]
struct Row {
    id: usize,
    ip: RwSignal<String>,
    port: RwSignal<String>,
    /// An existing zone, or [`NEW_ZONE`].
    zone: RwSignal<String>,
    new_zone: RwSignal<String>,
}

impl Row {
    fn new(id: usize, zone: &str) -> Self {
        Self {
            id,
            ip: RwSignal::new(String::new()),
            port: RwSignal::new("2886".to_owned()),
            zone: RwSignal::new(zone.to_owned()),
            new_zone: RwSignal::new(String::new()),
        }
    }

    /// The row as the form's rules read it (tracked).
    fn typed(&self) -> ScaleOutRow {
        let zone = self.zone.get();
        ScaleOutRow {
            ip: self.ip.get(),
            port: self.port.get(),
            zone: if zone == NEW_ZONE {
                self.new_zone.get()
            } else {
                zone
            },
        }
    }
}

#[component]
pub fn ScaleOutsPage() -> impl IntoView {
    if let Some(reason) = agent_profile().blocked() {
        return view! { {move || view! { <Unavailable what=tx::t().title.to_owned() reason=reason.clone()/> }} }.into_any();
    }
    let session = expect_obshell().session;
    let cluster = LocalResource::new(move || load(session.clone()));
    view! {
        <Transition fallback=|| view! { <p class="muted">{move || tx::t().loading}</p> }>
            {move || Suspend::new(async move {
                match cluster.await {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok((info, busy)) => view! { <Blockers list=busy/>{form(info)} }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

/// One step per request, in their order: the scale-out, then the server in its zone.
fn steps_of(requests: &[ScaleOutRequest]) -> Vec<PlanStep> {
    requests
        .iter()
        .map(|r| PlanStep {
            change: Change::ScaleOut {
                ip: r.agent_info.ip.clone(),
                port: r.agent_info.port,
                zone: r.zone.clone(),
                ob_configs: r.ob_configs.clone(),
            },
            expect: Expect::Server {
                ip: r.agent_info.ip.clone(),
                zone: r.zone.clone(),
            },
            state: StepState::Pending,
        })
        .collect()
}

fn new_doc(backend: &str, requests: &[ScaleOutRequest]) -> PlanDoc {
    PlanDoc {
        format: FORMAT,
        id: store::new_plan_id(),
        backend: backend.to_owned(),
        goal: Goal::ScaleOuts,
        created_at: (js_sys::Date::now() / 1000.0) as i64,
        start: None,
        steps: steps_of(requests),
        paused: false,
        abandoned: false,
    }
}

fn form(info: Topology) -> impl IntoView {
    let Topology {
        zones,
        servers,
        agents,
        ..
    } = info;
    let scope = expect_obshell();
    let first_zone = zones
        .first()
        .cloned()
        .unwrap_or_else(|| NEW_ZONE.to_owned());
    let next = StoredValue::new(1usize);
    let rows = RwSignal::new(vec![Row::new(0, &first_zone)]);
    let attempted = RwSignal::new(false);
    let save_error = RwSignal::new(false);
    let verdict = Memo::new(move |_| {
        let typed: Vec<ScaleOutRow> = rows.with(|r| r.iter().map(Row::typed).collect());
        validate_scale_outs(&typed, &servers, &agents)
    });
    let zones = StoredValue::new(zones);
    let add_row = {
        let first_zone = first_zone.clone();
        move |_| {
            let id = next.get_value();
            next.set_value(id + 1);
            rows.update(|r| r.push(Row::new(id, &first_zone)));
        }
    };
    let navigate = use_navigate();
    let single = scope.links.scale_out();
    let review = move |_| {
        attempted.set(true);
        let Ok(requests) = verdict.get_untracked() else {
            return;
        };
        let doc = new_doc(scope.links.name(), &requests);
        if store::save(&doc) {
            navigate(&scope.links.plan(&doc.id), Default::default());
        } else {
            save_error.set(true);
        }
    };
    let position = move |id: usize| rows.with(|r| r.iter().position(|x| x.id == id).unwrap_or(0));
    let has_error = move |index: usize, field: &'static str| {
        attempted.get()
            && verdict.with(|v| {
                v.as_ref()
                    .is_err_and(|e| e.iter().any(|e| e.row == index && e.field == field))
            })
    };
    let row_view = move |row: Row| {
        let n = move || position(row.id) + 1;
        let options = zones.get_value();
        view! {
            <tr data-testid="scale-outs-row">
                <td>{n}</td>
                <td><input aria-label=move || fill(tx::t().ip_of, &[&n()]) aria-invalid=move || has_error(position(row.id), "ip").to_string()
                    prop:value=row.ip on:input=move |ev| row.ip.set(event_target_value(&ev))/></td>
                <td><input size="6" aria-label=move || fill(tx::t().port_of, &[&n()]) aria-invalid=move || has_error(position(row.id), "port").to_string()
                    prop:value=row.port on:input=move |ev| row.port.set(event_target_value(&ev))/></td>
                <td>
                    <select aria-label=move || fill(tx::t().zone_of, &[&n()]) prop:value=row.zone on:change=move |ev| row.zone.set(event_target_value(&ev))>
                        {options.into_iter().map(|z| {
                            let (v, value) = (z.clone(), z.clone());
                            view! { <option value=value selected=move || row.zone.get() == v>{z}</option> }
                        }).collect_view()}
                        <option value=NEW_ZONE selected=move || row.zone.get() == NEW_ZONE>{move || tx::t().new_zone}</option>
                    </select>
                    <Show when=move || row.zone.get() == NEW_ZONE>
                        <input aria-label=move || fill(tx::t().new_zone_of, &[&n()]) placeholder=move || tx::t().new_zone_name
                            aria-invalid=move || has_error(position(row.id), "zone").to_string()
                            prop:value=row.new_zone on:input=move |ev| row.new_zone.set(event_target_value(&ev))/>
                    </Show>
                </td>
                <td><button type="button" class="secondary" aria-label=move || fill(tx::t().remove_of, &[&n()])
                    disabled=move || rows.with(|r| r.len() < 2)
                    on:click=move |_| rows.update(|r| r.retain(|x| x.id != row.id))>{move || tx::t().remove}</button></td>
            </tr>
        }
    };
    view! {
        <section class="plan-scale-outs">
            <PageHeader trail=vec![crate::obshell::sections::cluster(&expect_obshell().links)] title=Signal::derive(|| tx::t().title.to_owned())/>
            <p class="muted">{move || tx::t().intro}</p>
            <p><a href=single>{move || tx::t().single}</a></p>
            <div class="scroll-x"><table class="replicas" data-testid="scale-outs-table">
                <thead><tr>
                    <th>{move || tx::t().row}</th><th>{move || tx::t().agent_ip}</th><th>{move || tx::t().agent_port}</th>
                    <th>{move || tx::t().zone}</th><th><span class="sr-only">{move || tx::t().remove}</span></th>
                </tr></thead>
                <tbody><For each=move || rows.get() key=|r| r.id children=row_view/></tbody>
            </table></div>
            <div class="page-actions">
                <button type="button" class="secondary" on:click=add_row>{move || tx::t().add_row}</button>
            </div>
            {move || match verdict.get() {
                Err(errors) if attempted.get() => errors_view(errors).into_any(),
                _ => ().into_any(),
            }}
            <section aria-live="polite">{move || preview(verdict.get(), &zones.get_value())}</section>
            <div class="page-actions">
                <button type="button" data-testid="plan-review" on:click=review>{move || tx::t().review}</button>
            </div>
            {move || save_error.get().then(|| view! { <p class="error" role="alert">{tx::t().not_saved}</p> })}
        </section>
    }
}

fn errors_view(errors: Vec<FieldError>) -> impl IntoView {
    view! {
        <div role="alert"><ul class="field-errors">
            {errors.into_iter().map(|e| {
                let message = e.message;
                view! {
                    <li data-testid="field-error" data-row=e.row + 1 data-field=e.field>
                        {move || fill(tx::t().error_of, &[&(e.row + 1), &message])}
                    </li>
                }
            }).collect_view()}
        </ul></div>
    }
}

/// The steps the rows make, in order, each new zone said where it is first named (tracked).
fn preview(verdict: Result<Vec<ScaleOutRequest>, Vec<FieldError>>, zones: &[String]) -> AnyView {
    let Ok(requests) = verdict else {
        return view! { <p class="muted">{tx::t().preview_wait}</p> }.into_any();
    };
    let mut created: Vec<String> = Vec::new();
    let items: Vec<String> = steps_of(&requests)
        .iter()
        .map(|step| {
            let zone = match &step.change {
                Change::ScaleOut { zone, .. } => zone.clone(),
                _ => String::new(),
            };
            let fresh = !zones.contains(&zone) && !created.contains(&zone);
            if fresh {
                created.push(zone);
            }
            let note = if fresh { tx::t().creates_zone } else { "" };
            format!("{}{note}", describe(&step.change))
        })
        .collect();
    view! {
        <h2>{fill(tx::t().preview, &[&items.len()])}</h2>
        <ol data-testid="plan-preview">{items.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ol>
    }
    .into_any()
}
