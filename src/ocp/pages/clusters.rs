//! OCP's clusters, each with its zones and their servers and statuses.

use leptos::prelude::*;

use crate::ui::components::PageHeader;
use obshell_protocol::ocp::Cluster;

use super::status_class;
use crate::core::i18n::{format, StateWord};
use crate::ocp::expect_ocp;
use crate::ui::components::ErrorPanel;

crate::texts! {
    /// OCP's clusters.
    mod tx {
        title: "OCP clusters" => "OCP 集群",
        loading: "Loading the clusters…" => "正在加载集群…",
        none: "OCP manages no cluster." => "OCP 未管理任何集群。",
        card: "cluster {0}" => "集群 {0}",
        title_id: "{0} (id {1})" => "{0}（ID {1}）",
        counts: " · {0} tenant(s) · {1} server(s)" => " · {0} 个租户 · {1} 台服务器",
        zones_of: "zones of {0}" => "{0} 的 Zone",
        zone: "zone" => "Zone",
        region_idc: "region / IDC" => "地域 / 机房",
        status: "status" => "状态",
        servers: "servers" => "服务器",
        rootserver: " · rootserver" => " · RootServer",
        active_of: "{0} ACTIVE of {1}" => "{1} 台中 {0} 台 ACTIVE",
    }
}

#[component]
pub fn OcpClustersPage() -> impl IntoView {
    let ocp = expect_ocp();
    let session = ocp.session();
    let clusters = LocalResource::new(move || {
        let s = session.clone();
        async move { s.clusters().await }
    });
    view! {
        <section class="ocp-clusters">
            <PageHeader title=Signal::derive(|| tx::t().title.to_owned())/>
            <super::OcpOpenPlans/>
            <Transition fallback=|| view! { <p class="muted">{move || tx::t().loading}</p> }>
                {move || Suspend::new(async move {
                    match clusters.await {
                        Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="muted">{move || tx::t().none}</p> }.into_any(),
                        Ok(list) => list.into_iter().map(|c| view! { <ClusterCard cluster=c/> }).collect_view().into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ClusterCard(cluster: Cluster) -> impl IntoView {
    let links = expect_ocp().links();
    let (name, id) = (cluster.name.clone(), cluster.id);
    let title = move || crate::core::i18n::fill(tx::t().title_id, &[&name, &id]);
    let (tenants, servers) = (cluster.tenant_count, cluster.server_count);
    let name = cluster.name.clone();
    let card = move || crate::core::i18n::fill(tx::t().card, &[&name]);
    let name = cluster.name.clone();
    let zones_of = move || crate::core::i18n::fill(tx::t().zones_of, &[&name]);
    view! {
        <article class="ocp-cluster" data-testid="ocp-cluster" aria-label=card>
            <h2><a href=links.cluster(cluster.id)>{title}</a></h2>
            <p class="muted">
                {format!("{} · OceanBase {} · ", if cluster.kind.is_empty() { "–" } else { &cluster.kind }, cluster.ob_version)}
                <span class=status_class(&cluster.status)><StateWord word=cluster.status.clone()/></span>
                {move || crate::core::i18n::fill(tx::t().counts, &[&format::number(tenants as f64), &format::number(servers as f64)])}
            </p>
            <table class="ocp-zones">
                <caption class="muted">{zones_of}</caption>
                <thead><tr><th scope="col">{move || tx::t().zone}</th><th scope="col">{move || tx::t().region_idc}</th><th scope="col">{move || tx::t().status}</th><th scope="col">{move || tx::t().servers}</th></tr></thead>
                <tbody>
                    {cluster.zones.iter().map(|z| view! {
                        <tr data-testid="ocp-zone">
                            <th scope="row">{z.name.clone()}</th>
                            <td>{format!("{} / {}", dash(&z.region_name), dash(&z.idc_name))}</td>
                            <td class=status_class(&z.status)><StateWord word=dash(&z.status)/></td>
                            <td>
                                <ul class="plain">
                                    {z.servers.iter().map(|s| view! {
                                        <li>{format!("{}:{} ", s.ip, s.port)}<span class=status_class(&s.status)><StateWord word=s.status.clone()/></span>{s.with_rootserver.then_some(move || tx::t().rootserver)}</li>
                                    }).collect_view()}
                                </ul>
                                <span class="muted">{let (a, n) = (z.active_servers(), z.servers.len()); move || crate::core::i18n::fill(tx::t().active_of, &[&a, &n])}</span>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </article>
    }
}

pub(crate) fn dash(s: &str) -> String {
    if s.is_empty() {
        "–".to_owned()
    } else {
        s.to_owned()
    }
}
