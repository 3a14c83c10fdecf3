//! A tenant: replicas per zone (locality joined with pools), primary zone, raw locality.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use obshell_protocol::capacity::format_capacity;
use obshell_protocol::model::tenant::TenantInfo;
use obshell_protocol::replica::Locality;

use obshell_protocol::version::Feature;

use crate::api::{ApiError, Session};
use crate::app::{expect_session, SessionCtx};
use crate::components::{ErrorPanel, Unavailable};
use crate::routes::ReplicaForm;

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

/// Joins the locality with the pool that covers each zone (spec §4.3).
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
    let ctx = StoredValue::new(expect_session());
    let session = ctx.with_value(|c| c.session.clone());
    let data = LocalResource::new(move || load(session.clone(), name()));
    view! {
        <Transition fallback=|| view! { <p class="muted">"Loading the tenant…"</p> }>
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

fn detail(info: TenantInfo, rebalance: Option<String>, ctx: &SessionCtx) -> impl IntoView {
    let form = |f| ctx.base.replicas(&info.tenant_name, f);
    let (add, modify, delete) = (
        form(ReplicaForm::Add),
        form(ReplicaForm::Modify),
        form(ReplicaForm::Delete),
    );
    let rows = replica_rows(&info)
        .into_iter()
        .map(|r| {
            view! {
                <tr data-testid="replica-row" data-zone=r.zone.clone()>
                    <td>{r.zone.clone()}</td>
                    <td data-testid="replica-type">{r.replica_type.clone()}</td>
                    <td>{r.unit_config.clone()}</td>
                    <td>{format!("{} CPU · {} memory · {} log disk", r.cpu, format_capacity(r.memory), format_capacity(r.log_disk))}</td>
                    <td>{r.unit_num}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="tenant">
            <h1 data-testid="tenant-name">{format!("Tenant {}", info.tenant_name)}</h1>
            <p class="muted">{format!("{} · {} · id {}", info.mode, info.status, info.tenant_id)}</p>
            <dl class="facts">
                <dt>"primary zone"</dt><dd class="mono" data-testid="primary-zone">{info.primary_zone.clone()}</dd>
                <dt>"locality"</dt><dd class="mono" data-testid="locality">{info.locality.clone()}</dd>
                <dt>"enable_rebalance"</dt><dd>{rebalance.unwrap_or_else(|| "unknown".to_owned())}</dd>
            </dl>
            <table class="replicas">
                <thead><tr><th>"zone"</th><th>"type"</th><th>"unit config"</th><th>"unit size"</th><th>"units"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {match ctx.profile.offer(Feature::ReplicaForms) {
                Ok(()) => view! {
                    <div class="page-actions">
                        <A href=add><span class="button" data-testid="go-add">"Add replicas"</span></A>
                        <A href=modify><span class="button secondary" data-testid="go-modify">"Modify replicas"</span></A>
                        <A href=delete><span class="button secondary" data-testid="go-delete">"Delete replicas"</span></A>
                    </div>
                }.into_any(),
                Err(reason) => view! {
                    <div class="page-actions">
                        <button type="button" disabled data-testid="go-add">"Add replicas"</button>
                        <button type="button" class="secondary" disabled data-testid="go-modify">"Modify replicas"</button>
                        <button type="button" class="secondary" disabled data-testid="go-delete">"Delete replicas"</button>
                    </div>
                    <Unavailable what="Changing replicas".to_owned() reason=reason/>
                }.into_any(),
            }}
        </section>
    }
}
