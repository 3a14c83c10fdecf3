//! Add replicas: several zones in one request, each with an existing or a new unit config.

use leptos::prelude::*;

use crate::ui::components::PageHeader;
use leptos_router::hooks::use_navigate;
use obshell_protocol::obshell::calls;
use obshell_protocol::obshell::capacity::format_capacity;
use obshell_protocol::obshell::model::task::DagDetail;
use obshell_protocol::obshell::replica::{check_zone_room, preview, servers_with_room, UnitNeed};

use super::{tx as rx, ReplicaContext, TopologyNotes, WithContext};
use crate::core::error::ApiError;
use crate::core::i18n::fill;
use crate::core::i18n::format::number;
use crate::core::i18n::glossed;
use crate::obshell::client::Session;
use crate::obshell::context::expect_obshell;
use crate::obshell::forms::{validate_add, AddPlan, AddRow, NewSpec, UnitChoice};
use crate::obshell::pages::FormErrors;
use crate::obshell::pages::{LostAnswer, LostRequest};
use crate::ui::components::{ErrorPanel, PreviewTable};

/// One row's inputs.
#[derive(Debug, Clone, Copy)]
struct RowUi {
    id: usize,
    zone: RwSignal<String>,
    kind: RwSignal<String>,
    new_spec: RwSignal<bool>,
    config: RwSignal<String>,
    name: RwSignal<String>,
    cpu: RwSignal<String>,
    memory: RwSignal<String>,
    log_disk: RwSignal<String>,
    unit_num: RwSignal<String>,
}

impl RowUi {
    fn new(id: usize, tenant: &str, unit_num: i64) -> Self {
        Self {
            id,
            zone: RwSignal::new(String::new()),
            kind: RwSignal::new("FULL".to_owned()),
            new_spec: RwSignal::new(false),
            config: RwSignal::new(String::new()),
            name: RwSignal::new(format!("{tenant}_unit_{}", id + 1)),
            cpu: RwSignal::new("2".to_owned()),
            memory: RwSignal::new("8G".to_owned()),
            log_disk: RwSignal::new(String::new()),
            unit_num: RwSignal::new(unit_num.to_string()),
        }
    }

    fn snapshot(&self) -> AddRow {
        let unit = if self.new_spec.get() {
            UnitChoice::New(NewSpec {
                name: self.name.get(),
                cpu: self.cpu.get(),
                memory: self.memory.get(),
                log_disk: self.log_disk.get(),
            })
        } else {
            UnitChoice::Existing(self.config.get())
        };
        AddRow {
            zone: self.zone.get(),
            replica_type: self.kind.get(),
            unit,
            unit_num: self.unit_num.get(),
        }
    }
}

/// Why sending failed, and any unit config that could not be removed again.
#[derive(Debug, Clone)]
struct SendFailure {
    error: ApiError,
    left_behind: Vec<String>,
    /// The replicas request whose answer was lost, to look for its task.
    lost: Option<LostRequest>,
}

/// Creates the new unit configs, sends the replicas, and removes the configs again if the
/// replicas are refused, so no orphan config is left.
async fn send(s: Session, tenant: String, plan: AddPlan) -> Result<DagDetail, SendFailure> {
    let mut created = Vec::new();
    let mut outcome = Ok(None);
    let mut asked = None;
    for config in &plan.new_configs {
        match s.create_unit_config(config).await {
            Ok(()) => created.push(config.name.clone()),
            Err(e) => {
                outcome = Err(e);
                break;
            }
        }
    }
    if outcome.is_ok() {
        asked = Some(LostRequest::now(&s, ADD_DAG, Some(tenant.clone())));
        outcome = s.add_replicas(&tenant, plan.zones).await;
    }
    let error = match outcome {
        Ok(Some(dag)) => return Ok(dag),
        Ok(None) => ApiError::Decode {
            call: calls::ADD_REPLICAS,
            status: 200,
            detail: "no task returned".into(),
        },
        Err(e) => e,
    };
    // Without an answer the agent may be running the task that uses the new configs: they stay.
    if error.outcome_unknown() {
        return Err(SendFailure {
            error,
            left_behind: created,
            lost: asked,
        });
    }
    let mut left_behind = Vec::new();
    for name in created {
        if s.delete_unit_config(&name).await.is_err() {
            left_behind.push(name);
        }
    }
    Err(SendFailure {
        error,
        left_behind,
        lost: None,
    })
}

/// The agent's name for the task of an add.
const ADD_DAG: &str = obshell_protocol::obshell::dag_names::SCALE_OUT_TENANT_REPLICAS;

#[component]
pub fn AddReplicasPage() -> impl IntoView {
    view! { <WithContext form=|ctx| view! { <AddForm ctx=ctx/> }.into_any()/> }
}

#[component]
fn AddForm(ctx: ReplicaContext) -> impl IntoView {
    let ctx = StoredValue::new(ctx);
    let tenant = ctx.with_value(|c| c.tenant.name.clone());
    let unit_num = ctx.with_value(|c| c.tenant.unit_num.max(1));
    let next_id = StoredValue::new(1usize);
    let rows = RwSignal::new(vec![RowUi::new(0, &tenant, unit_num)]);
    let attempted = RwSignal::new(false);
    let verdict = Memo::new(move |_| {
        let typed: Vec<AddRow> = rows.get().iter().map(RowUi::snapshot).collect();
        ctx.with_value(|c| validate_add(&typed, &c.tenant, &c.topology, c.min_memory_gib))
    });
    let zone_names = move || rows.get().iter().map(|r| r.zone.get()).collect::<Vec<_>>();
    // Zones without a replica; one without servers is listed but cannot be chosen. Beside each,
    // how many of its servers have room for the tenant's unit as it is (when the agent reports
    // free resources), against the unit number each zone needs.
    let free_zones: Vec<(String, bool, Option<usize>)> = ctx.with_value(|c| {
        let need = c.info.pools.first().map(|p| UnitNeed::of(&p.unit_config));
        c.topology
            .zones
            .iter()
            .filter(|(z, _, _)| !c.tenant.locality.contains(z))
            .map(|(z, _, servers)| {
                let room = need
                    .as_ref()
                    .filter(|_| c.rooms.iter().any(|r| &r.zone == z))
                    .map(|n| servers_with_room(z, &c.rooms, n));
                (z.clone(), *servers > 0, room)
            })
            .collect()
    });
    let unit_num = ctx.with_value(|c| c.tenant.unit_num);
    let configs: Vec<(String, f64, String)> = ctx.with_value(|c| {
        c.configs
            .iter()
            .map(|u| (u.name.clone(), u.max_cpu, format_capacity(u.memory_size)))
            .collect()
    });

    let navigate = use_navigate();
    let tenant_for_send = tenant.clone();
    let expected = crate::obshell::expected::expect_expectations();
    let scope = expect_obshell();
    let session = scope.session.clone();
    let backend = scope.links.name().to_owned();
    let submit = Action::new_local(move |plan: &AddPlan| {
        let (tenant, plan) = (tenant_for_send.clone(), plan.clone());
        let s = session.clone();
        let backend = backend.clone();
        async move {
            let sent = send(s, tenant.clone(), plan.clone()).await;
            if let Ok(dag) = &sent {
                expected.expect(
                    &backend,
                    &dag.id,
                    crate::obshell::expected::Expectation::Tenant {
                        tenant,
                        locality: plan.new_locality.to_ob_string(),
                        unit_num: None,
                    },
                );
            }
            sent
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(dag)) = submit.value().get() {
            navigate(&scope.links.task(&dag.id), Default::default());
        }
    });
    let on_submit = crate::ui::submit::submit_checked(attempted, verdict, submit, |plan| plan);
    let add_row = move |_| {
        let id = next_id.get_value();
        next_id.set_value(id + 1);
        let tenant = ctx.with_value(|c| c.tenant.name.clone());
        rows.update(|r| r.push(RowUi::new(id, &tenant, unit_num)));
    };
    // The agent's own resource check, estimated from the cluster summary (advisory: the
    // summary lags behind units being created).
    let room_warnings = move || {
        let Ok(plan) = verdict.get() else {
            return Vec::new();
        };
        ctx.with_value(|c| {
            plan.zones
                .iter()
                .filter_map(|z| {
                    let need = c
                        .configs
                        .iter()
                        .find(|u| u.name == z.unit_config_name)
                        .map(UnitNeed::of)
                        .or_else(|| {
                            plan.new_configs
                                .iter()
                                .find(|n| n.name == z.unit_config_name)
                                .map(|n| {
                                    let memory =
                                        obshell_protocol::obshell::capacity::parse_capacity(
                                            &n.memory_size,
                                        )
                                        .unwrap_or(0);
                                    let log = n
                                        .log_disk_size
                                        .as_deref()
                                        .and_then(
                                            obshell_protocol::obshell::capacity::parse_capacity,
                                        )
                                        .unwrap_or_else(|| {
                                            obshell_protocol::obshell::capacity::default_log_disk(
                                                memory,
                                            )
                                        });
                                    UnitNeed {
                                        min_cpu: n.max_cpu,
                                        max_cpu: n.max_cpu,
                                        memory,
                                        log_disk: log,
                                    }
                                })
                        })?;
                    check_zone_room(&z.name, &c.rooms, &need, z.unit_num)
                        .err()
                        .map(|v| crate::obshell::forms::violation_message(&v))
                })
                .collect()
        })
    };

    // The summary has no log disk per server (its disk figures are the data disk), so the
    // one resource the agent checks on disk is not estimated here; say so rather than guess.
    let log_disk_unknown = move || {
        let Ok(plan) = verdict.get() else {
            return false;
        };
        ctx.with_value(|c| {
            c.rooms
                .iter()
                .any(|r| r.free_log_disk.is_none() && plan.zones.iter().any(|z| z.name == r.zone))
        })
    };

    view! {
        <section class="form-page">
            <PageHeader trail=crate::obshell::sections::tenant(&expect_obshell().links, &tenant) title={let t = tenant.clone(); Signal::derive(move || fill(tx::t().title, &[&t]))}/>
            <p class="muted">{move || ctx.with_value(|c| fill(tx::t().now, &[&c.info.locality, &c.info.primary_zone, &number(c.tenant.unit_num as f64)]))}</p>
            <TopologyNotes topology=ctx.with_value(|c| c.topology.clone()) blockers=ctx.with_value(|c| c.blockers.clone()) tenant=ctx.with_value(|c| c.info.tenant_name.clone())/>
            <form on:submit=on_submit data-testid="add-form">
                <For each=move || rows.get() key=|r| r.id let:row>
                    <fieldset class="row" data-testid="add-row">
                        <label>{move || rx::t().th_zone}
                            <select data-testid="add-zone" prop:value=move || row.zone.get() on:change=move |ev| row.zone.set(event_target_value(&ev))>
                                <option value="">{move || tx::t().choose}</option>
                                {free_zones.iter().map(|(z, placeable, room)| view! {
                                    <option value=z.clone() disabled=!*placeable>
                                        {let (z, placeable, room) = (z.clone(), *placeable, *room); move || match (placeable, room) {
                                            (false, _) => fill(tx::t().no_servers, &[&z]),
                                            (true, Some(room)) => fill(tx::t().zone_room, &[&z, &room, &unit_num]),
                                            (true, None) => z.clone(),
                                        }}
                                    </option>
                                }).collect_view()}
                            </select>
                        </label>
                        <label>{move || rx::t().th_type}
                            <select data-testid="add-type" prop:value=move || row.kind.get() on:change=move |ev| row.kind.set(event_target_value(&ev))>
                                <option value="FULL">{move || glossed("FULL")}</option>
                                <option value="READONLY">{move || glossed("READONLY")}</option>
                            </select>
                        </label>
                        <label>{move || rx::t().th_unit_config}
                            <select data-testid="add-config"
                                prop:value=move || if row.new_spec.get() { "__new".to_owned() } else { row.config.get() }
                                on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    if v == "__new" { row.new_spec.set(true) } else { row.new_spec.set(false); row.config.set(v) }
                                }>
                                <option value="">{move || tx::t().choose}</option>
                                {configs.iter().map(|(n, cpu, memory)| {
                                    let (name, cpu, memory) = (n.clone(), *cpu, memory.clone());
                                    view! { <option value=n.clone()>{move || fill(tx::t().config_option, &[&name, &number(cpu), &memory])}</option> }
                                }).collect_view()}
                                <option value="__new">{move || tx::t().new_config}</option>
                            </select>
                        </label>
                        <Show when=move || row.new_spec.get()>
                            <span class="new-spec">
                                <label>{move || tx::t().spec_name}<input data-testid="new-name" prop:value=move || row.name.get() on:input=move |ev| row.name.set(event_target_value(&ev))/></label>
                                <label>"CPU"<input data-testid="new-cpu" size="4" prop:value=move || row.cpu.get() on:input=move |ev| row.cpu.set(event_target_value(&ev))/></label>
                                <label>{move || tx::t().memory}<input data-testid="new-memory" size="6" prop:value=move || row.memory.get() on:input=move |ev| row.memory.set(event_target_value(&ev))/></label>
                                <label>{move || tx::t().log_disk}<input data-testid="new-log-disk" size="6" placeholder=move || tx::t().log_disk_placeholder prop:value=move || row.log_disk.get() on:input=move |ev| row.log_disk.set(event_target_value(&ev))/></label>
                            </span>
                        </Show>
                        <label>{move || rx::t().th_unit_number}
                            <input data-testid="add-unit-num" size="3" prop:value=move || row.unit_num.get() on:input=move |ev| row.unit_num.set(event_target_value(&ev))/>
                        </label>
                        <button type="button" class="secondary" data-testid="remove-row"
                            disabled=move || rows.with(|r| r.len() <= 1)
                            on:click=move |_| rows.update(|r| r.retain(|x| x.id != row.id))>{move || tx::t().remove}</button>
                    </fieldset>
                </For>
                <button type="button" class="secondary" data-testid="add-another" on:click=add_row>{move || tx::t().another}</button>
                <div class="verdict">
                    {move || match verdict.get() {
                        Ok(plan) => ctx.with_value(|c| view! { <PreviewTable preview=preview(&c.tenant, &plan.new_locality)/> }).into_any(),
                        Err(e) if attempted.get() || matches!(e, crate::obshell::forms::FormError::Rule { .. }) => view! { <FormErrors error=e zones=zone_names()/> }.into_any(),
                        Err(_) => view! { <p class="muted">{move || tx::t().fill_in}</p> }.into_any(),
                    }}
                    {move || room_warnings().into_iter().map(|w| view! { <p class="warn" data-testid="room-warning">{format!("⚠ {w}")}</p> }).collect_view()}
                    <Show when=log_disk_unknown>
                        <p class="muted" data-testid="log-disk-unchecked">{move || tx::t().log_disk_unchecked}</p>
                    </Show>
                </div>
                <button type="submit" data-testid="submit" disabled=move || submit.pending().get()>
                    {move || if submit.pending().get() { rx::t().sending } else { tx::t().submit }}
                </button>
            </form>
            {move || match submit.value().get() {
                Some(Err(f)) => view! {
                    <ErrorPanel error=f.error.clone()/>
                    {(!f.left_behind.is_empty()).then(|| if f.error.outcome_unknown() {
                        view! { <p class="warn" data-testid="configs-kept">{let kept = f.left_behind.join(", "); move || fill(tx::t().configs_kept, &[&kept])}</p> }.into_any()
                    } else {
                        view! { <p class="warn" data-testid="configs-kept">{let kept = f.left_behind.join(", "); move || fill(tx::t().configs_left, &[&kept])}</p> }.into_any()
                    })}
                    {f.lost.clone().map(|request| view! { <LostAnswer request=request/> })}
                }.into_any(),
                _ => ().into_any(),
            }}
        </section>
    }
}

crate::texts! {
    /// The add-replicas form.
    mod tx {
        title: "Add replicas to {0}" => "为租户 {0} 添加副本",
        now: "Now: {0} · primary zone {1} · unit number {2}" => "当前：{0} · Primary Zone {1} · 单元数量 {2}",
        choose: "choose…" => "请选择…",
        no_servers: "{0} (no servers)" => "{0}（无服务器）",
        config_option: "{0} ({1} CPU, {2} memory)" => "{0}（{1} CPU，内存 {2}）",
        zone_room: "{0} — room for the tenant's unit on {1} servers, {2} needed" => "{0} — {1} 台服务器可容纳该租户的资源单元，需要 {2} 台",
        new_config: "new unit config…" => "新建资源单元规格…",
        spec_name: "name" => "规格名称",
        memory: "memory" => "内存",
        log_disk: "log disk" => "日志盘",
        log_disk_placeholder: "3 × memory" => "内存 × 3",
        remove: "remove" => "移除",
        another: "+ another zone" => "+ 再添加一个 Zone",
        fill_in: "Fill in the rows to see the result." => "填写各行后即可预览结果。",
        log_disk_unchecked: "Log disk is not checked here: the cluster summary reports each server's data disk, not its log disk, and the agent checks the log disk. It may still refuse with LOG_DISK_SIZE resource not enough." => "此处不检查日志盘：集群概况报告的是各服务器的数据盘而非日志盘，而 Agent 会检查日志盘，因此仍可能以 LOG_DISK_SIZE resource not enough 拒绝。",
        submit: "Add replicas" => "添加副本",
        configs_kept: "The unit configs created for this request are kept, since the agent may be using them: {0}" => "为本次请求创建的资源单元规格已保留，因为 Agent 可能正在使用它们：{0}",
        configs_left: "Could not remove the unit configs created for this request: {0}" => "无法删除为本次请求创建的资源单元规格：{0}",
    }
}
