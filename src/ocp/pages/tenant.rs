//! One OCP tenant: locality, and per zone the replica type, pool, unit spec and units; the
//! three replica forms from here.

use leptos::prelude::*;

use crate::ui::components::PageHeader;
use obshell_protocol::ocp::Tenant;

use super::clusters::dash;
use super::{id_param, status_class};
use crate::core::i18n::StateWord;
use crate::core::links::ReplicaForm;
use crate::ocp::expect_ocp;
use crate::ui::components::ErrorPanel;

crate::texts! {
    /// One tenant.
    mod tx {
        loading: "Loading the tenant…" => "正在加载租户…",
        status: "status" => "状态",
        locality: "locality" => "Locality",
        primary_zone: "primary zone" => "Primary Zone",
        mode: "mode" => "模式",
        changes: "Replica changes" => "副本变更",
        add: "Add replicas…" => "添加副本…",
        delete: "Delete replicas…" => "删除副本…",
        modify: "Modify replicas…" => "修改副本…",
        reshape: "Plan a change…" => "规划变更…",
        move_replica: "Move…" => "迁移…",
        move_label: "Move the replica of {0}…" => "迁移 {0} 的副本…",
        zones: "zones of the tenant" => "租户的 Zone",
        zone: "zone" => "Zone",
        replica_type: "replica type" => "副本类型",
        pool: "pool" => "资源池",
        unit_spec: "unit spec" => "资源单元规格",
        units: "units" => "资源单元",
        spec: "{0} CPU, {1} GB memory" => "{0} 核 CPU，{1} GB 内存",
        pool_units: "{0} ({1} unit(s))" => "{0}（{1} 个资源单元）",
        unit_on: "unit {0} on {1}:{2} " => "资源单元 {0}，位于 {1}:{2} ",
    }
}

#[component]
pub fn OcpTenantPage() -> impl IntoView {
    let ocp = expect_ocp();
    let cid = id_param("cid");
    let tid = id_param("tid");
    let data = LocalResource::new(move || {
        let (cid, tid, s) = (cid.get(), tid.get(), ocp.session());
        async move {
            // An id that is not a number names no tenant: the page says so.
            let (Some(cid), Some(tid)) = (cid, tid) else {
                return Ok(None);
            };
            s.tenant(cid, tid).await.map(Some)
        }
    });
    view! {
        <section class="ocp-tenant">
            <Transition fallback=|| view! { <p class="muted">{move || tx::t().loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                        Ok(None) => super::not_found().into_any(),
                        Ok(Some(t)) => view! { <TenantDetail tenant=t cluster=cid.get_untracked().unwrap_or_default()/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn TenantDetail(tenant: Tenant, cluster: i64) -> impl IntoView {
    let links = expect_ocp().links();
    let form = |f: ReplicaForm, label: fn() -> &'static str| {
        view! { <a class="button" href=links.replicas(cluster, tenant.id, f)>{label}</a> }
    };
    let name = tenant.name.clone();
    let actions = view! {
        <nav class="actions page-actions" aria-label=move || tx::t().changes>
            {form(ReplicaForm::Add, || tx::t().add)}
            {form(ReplicaForm::Delete, || tx::t().delete)}
            {form(ReplicaForm::Modify, || tx::t().modify)}
            <a class="button secondary" href=links.reshape(cluster, tenant.id)>{move || tx::t().reshape}</a>
        </nav>
    };
    view! {
        <PageHeader trail=crate::ocp::sections::cluster(&links, cluster, None)
            title=Signal::derive(move || crate::ocp::sections::tenant_title(&name))>
            {actions}
        </PageHeader>
        <dl class="ocp-facts">
            <dt>{move || tx::t().status}</dt><dd class=status_class(&tenant.status) data-testid="ocp-tenant-status"><StateWord word=tenant.status.clone()/></dd>
            <dt>{move || tx::t().locality}</dt><dd data-testid="ocp-tenant-locality">{tenant.locality.clone()}</dd>
            <dt>{move || tx::t().primary_zone}</dt><dd>{dash(&tenant.primary_zone)}</dd>
            <dt>{move || tx::t().mode}</dt><dd>{dash(&tenant.mode)}</dd>
        </dl>
        <super::OcpOpenPlans tenant=tenant.id/>
        <div class="scroll-x"><table class="ocp-tenant-zones">
            <caption class="muted">{move || tx::t().zones}</caption>
            <thead><tr><th scope="col">{move || tx::t().zone}</th><th scope="col">{move || tx::t().replica_type}</th><th scope="col">{move || tx::t().pool}</th><th scope="col">{move || tx::t().unit_spec}</th><th scope="col">{move || tx::t().units}</th><td></td></tr></thead>
            <tbody>
                {tenant.zones.iter().map(|z| {
                    let pool = z.resource_pool.as_ref();
                    let config = pool.and_then(|p| p.unit_config);
                    let spec = move || config.map(|c| crate::core::i18n::fill(tx::t().spec, &[&c.max_cpu_core_count, &c.max_memory_size])).unwrap_or_else(|| "–".to_owned());
                    let pool_text = pool.map(|p| (p.name.clone(), p.unit_count));
                    let pool_text = move || pool_text.as_ref().map(|(n, c)| crate::core::i18n::fill(tx::t().pool_units, &[n, c])).unwrap_or_else(|| "–".to_owned());
                    let zone = z.name.clone();
                    let move_href = links.move_replica(cluster, tenant.id, &zone);
                    let move_label = move || crate::core::i18n::fill(tx::t().move_label, &[&zone]);
                    view! {
                        <tr data-testid="ocp-tenant-zone">
                            <th scope="row">{z.name.clone()}</th>
                            <td><StateWord word=dash(&z.replica_type)/></td>
                            <td>{pool_text}</td>
                            <td>{spec}</td>
                            <td><ul class="plain">{z.units.iter().map(|u| view! {
                                <li>{let (id, ip, port) = (u.id, u.server_ip.clone(), u.server_port); move || crate::core::i18n::fill(tx::t().unit_on, &[&id, &ip, &port])}<span class=status_class(&u.status)><StateWord word=u.status.clone()/></span></li>
                            }).collect_view()}</ul></td>
                            <td><a href=move_href aria-label=move_label>{move || tx::t().move_replica}</a></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>
    }
}
