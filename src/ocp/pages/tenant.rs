//! One OCP tenant: locality, and per zone the replica type, pool, unit spec and units; the
//! three replica forms from here.

use leptos::prelude::*;
use obshell_protocol::ocp::Tenant;

use super::clusters::dash;
use super::{id_param, status_class};
use crate::components::ErrorPanel;
use crate::ocp::{client::calls, expect_ocp, not_connected, ReplicaForm};

#[component]
pub fn OcpTenantPage() -> impl IntoView {
    let ocp = expect_ocp();
    let cid = id_param("cid");
    let tid = id_param("tid");
    let data = LocalResource::new(move || {
        let (cid, tid) = (cid.get(), tid.get());
        async move {
            let s = ocp.get().ok_or_else(|| not_connected(calls::TENANT))?;
            let (Some(cid), Some(tid)) = (cid, tid) else {
                return Err(not_connected(calls::TENANT));
            };
            s.tenant(cid, tid).await
        }
    });
    view! {
        <section class="ocp-tenant">
            <Transition fallback=|| view! { <p class="muted">"Loading the tenant…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                        Ok(t) => view! { <TenantDetail tenant=t cluster=cid.get_untracked().unwrap_or_default()/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn TenantDetail(tenant: Tenant, cluster: i64) -> impl IntoView {
    let links = expect_ocp().links();
    let form = |f: ReplicaForm, label: &'static str| {
        view! { <a class="button" href=links.replicas(cluster, tenant.id, f)>{label}</a> }
    };
    view! {
        <h1>{format!("Tenant {}", tenant.name)}</h1>
        <p><a href=links.cluster(cluster)>"← tenants of the cluster"</a></p>
        <dl class="ocp-facts">
            <dt>"status"</dt><dd class=status_class(&tenant.status) data-testid="ocp-tenant-status">{tenant.status.clone()}</dd>
            <dt>"locality"</dt><dd data-testid="ocp-tenant-locality">{tenant.locality.clone()}</dd>
            <dt>"primary zone"</dt><dd>{dash(&tenant.primary_zone)}</dd>
            <dt>"mode"</dt><dd>{dash(&tenant.mode)}</dd>
        </dl>
        <nav class="actions" aria-label="Replica changes">
            {form(ReplicaForm::Add, "Add replicas…")}
            {form(ReplicaForm::Delete, "Delete replicas…")}
            {form(ReplicaForm::Modify, "Modify replicas…")}
        </nav>
        <table class="ocp-tenant-zones">
            <caption class="muted">"zones of the tenant"</caption>
            <thead><tr><th scope="col">"zone"</th><th scope="col">"replica type"</th><th scope="col">"pool"</th><th scope="col">"unit spec"</th><th scope="col">"units"</th></tr></thead>
            <tbody>
                {tenant.zones.iter().map(|z| {
                    let pool = z.resource_pool.as_ref();
                    let spec = pool.and_then(|p| p.unit_config).map(|c| format!("{} CPU, {} GB memory", c.max_cpu_core_count, c.max_memory_size)).unwrap_or_else(|| "–".to_owned());
                    view! {
                        <tr data-testid="ocp-tenant-zone">
                            <th scope="row">{z.name.clone()}</th>
                            <td>{dash(&z.replica_type)}</td>
                            <td>{pool.map(|p| format!("{} ({} unit(s))", p.name, p.unit_count)).unwrap_or_else(|| "–".to_owned())}</td>
                            <td>{spec}</td>
                            <td><ul class="plain">{z.units.iter().map(|u| view! {
                                <li>{format!("unit {} on {}:{} ", u.id, u.server_ip, u.server_port)}<span class=status_class(&u.status)>{u.status.clone()}</span></li>
                            }).collect_view()}</ul></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
