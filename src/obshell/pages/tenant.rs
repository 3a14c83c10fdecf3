//! A tenant: replicas per zone (locality joined with pools), primary zone, raw locality.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use obshell_protocol::obshell::capacity::format_capacity;
use obshell_protocol::obshell::model::tenant::TenantInfo;
use obshell_protocol::obshell::replica::Locality;

use obshell_protocol::obshell::version::Feature;

use crate::core::error::ApiError;

use crate::core::i18n::format::number;
use crate::core::i18n::{fill, StateWord};
use crate::obshell::client::Session;
use crate::obshell::context::{expect_obshell, ObshellCtx};
use crate::obshell::links::ReplicaForm;
use crate::ui::components::{ErrorPanel, Unavailable};

/// One row of the replica table.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicaRow {
    pub zone: String,
    pub replica_type: String,
    pub unit_config: String,
    pub cpu: f64,
    pub memory: i64,
    pub log_disk: i64,
    pub unit_num: i64,
}

/// Joins the locality with the pool that covers each zone (docs/protocol/obshell.md §4.3).
pub fn replica_rows(info: &TenantInfo) -> Vec<ReplicaRow> {
    let locality = Locality::parse(&info.locality).unwrap_or_default();
    locality
        .iter()
        .map(|(zone, kind)| {
            let pool = info
                .pools
                .iter()
                .find(|p| p.zone_list.split(';').any(|z| z.trim() == zone));
            ReplicaRow {
                zone: zone.to_owned(),
                replica_type: kind.to_owned(),
                unit_config: pool.map(|p| p.unit_config.name.clone()).unwrap_or_default(),
                cpu: pool.map_or(0.0, |p| p.unit_config.max_cpu),
                memory: pool.map_or(0, |p| p.unit_config.memory_size),
                log_disk: pool.map_or(0, |p| p.unit_config.log_disk_size),
                unit_num: pool.map_or(0, |p| p.unit_num),
            }
        })
        .collect()
}

async fn load(s: Session, name: String) -> Result<(TenantInfo, Option<String>), ApiError> {
    let info = s.tenant(&name).await?;
    let rebalance = s
        .tenant_parameter(&name, "enable_rebalance")
        .await
        .ok()
        .map(|p| p.value);
    Ok((info, rebalance))
}

#[component]
pub fn TenantPage() -> impl IntoView {
    let params = use_params_map();
    let name = move || params.read().get("name").unwrap_or_default();
    let ctx = StoredValue::new(expect_obshell());
    let session = ctx.with_value(|c| c.session.clone());
    let data = LocalResource::new(move || load(session.clone(), name()));
    view! {
        <Transition fallback=|| view! { <p class="muted">{move || tx::t().loading}</p> }>
            {move || Suspend::new(async move {
                let ctx = ctx.get_value();
                match data.await {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok((info, rebalance)) => detail(info, rebalance, &ctx).into_any(),
                }
            })}
        </Transition>
    }
}

fn detail(info: TenantInfo, rebalance: Option<String>, ctx: &ObshellCtx) -> impl IntoView {
    let form = |f| ctx.links.replicas(&info.tenant_name, f);
    let reshape = ctx.links.reshape(&info.tenant_name, None);
    let (add, modify, delete) = (
        form(ReplicaForm::Add),
        form(ReplicaForm::Modify),
        form(ReplicaForm::Delete),
    );
    let offered = ctx.profile.offer(Feature::ReplicaForms).is_ok();
    let rows = replica_rows(&info)
        .into_iter()
        .map(|r| {
            let move_href = ctx.links.reshape(&info.tenant_name, Some(&r.zone));
            let move_label = r.zone.clone();
            view! {
                <tr data-testid="replica-row" data-zone=r.zone.clone()>
                    <td>{r.zone.clone()}</td>
                    <td data-testid="replica-type"><StateWord word=r.replica_type.clone()/></td>
                    <td>{r.unit_config.clone()}</td>
                    <td>{let (cpu, memory, log_disk) = (r.cpu, format_capacity(r.memory), format_capacity(r.log_disk)); move || fill(tx::t().unit_size, &[&number(cpu), &memory, &log_disk])}</td>
                    <td>{move || number(r.unit_num as f64)}</td>
                    <td>{offered.then(|| view! { <A href=move_href attr:aria-label=move || fill(tx::t().move_aria, &[&move_label])>{move || tx::t().move_replica}</A> })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="tenant">
            <h1 data-testid="tenant-name">{let name = info.tenant_name.clone(); move || fill(tx::t().title, &[&name])}</h1>
            <p class="muted">{format!("{} · ", info.mode)}<StateWord word=info.status.clone()/>{let id = info.tenant_id; move || fill(tx::t().id, &[&id])}</p>
            <dl class="facts">
                <dt>{move || tx::t().primary_zone}</dt><dd class="mono" data-testid="primary-zone">{info.primary_zone.clone()}</dd>
                <dt>{move || tx::t().locality}</dt><dd class="mono" data-testid="locality">{info.locality.clone()}</dd>
                <dt>"enable_rebalance"</dt><dd>{move || rebalance.clone().unwrap_or_else(|| tx::t().unknown.to_owned())}</dd>
            </dl>
            <table class="replicas">
                <thead><tr><th>{move || tx::t().zone}</th><th>{move || tx::t().kind}</th><th>{move || tx::t().unit_config}</th><th>{move || tx::t().unit_size_th}</th><th>{move || tx::t().units}</th><th></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {match ctx.profile.offer(Feature::ReplicaForms) {
                Ok(()) => view! {
                    <div class="page-actions">
                        <A href=add><span class="button" data-testid="go-add">{move || tx::t().add}</span></A>
                        <A href=modify><span class="button secondary" data-testid="go-modify">{move || tx::t().modify}</span></A>
                        <A href=delete><span class="button secondary" data-testid="go-delete">{move || tx::t().delete}</span></A>
                        <A href=reshape><span class="button secondary">{move || tx::t().reshape}</span></A>
                    </div>
                }.into_any(),
                Err(reason) => view! {
                    <div class="page-actions">
                        <button type="button" disabled data-testid="go-add">{move || tx::t().add}</button>
                        <button type="button" class="secondary" disabled data-testid="go-modify">{move || tx::t().modify}</button>
                        <button type="button" class="secondary" disabled data-testid="go-delete">{move || tx::t().delete}</button>
                    </div>
                    {move || view! { <Unavailable what=tx::t().changing.to_owned() reason=reason.clone()/> }}
                }.into_any(),
            }}
        </section>
    }
}

crate::texts! {
    /// The tenant page.
    mod tx {
        loading: "Loading the tenant…" => "正在加载租户…",
        title: "Tenant {0}" => "租户 {0}",
        id: " · id {0}" => " · ID {0}",
        primary_zone: "primary zone" => "Primary Zone",
        locality: "locality" => "Locality",
        unknown: "unknown" => "未知",
        zone: "zone" => "Zone",
        kind: "type" => "副本类型",
        unit_config: "unit config" => "资源单元规格",
        unit_size_th: "unit size" => "资源单元大小",
        units: "units" => "单元数量",
        unit_size: "{0} CPU · {1} memory · {2} log disk" => "{0} CPU · 内存 {1} · 日志盘 {2}",
        add: "Add replicas" => "添加副本",
        modify: "Modify replicas" => "修改副本",
        delete: "Delete replicas" => "删除副本",
        changing: "Changing replicas" => "变更副本",
        reshape: "Plan a change…" => "规划变更…",
        move_replica: "Move…" => "移动…",
        move_aria: "Move the replica in {0}" => "移动 {0} 中的副本",
    }
}
