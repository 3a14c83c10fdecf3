//! OCP's clusters, each with its zones and their servers and statuses.

use leptos::prelude::*;
use obshell_protocol::ocp::Cluster;

use super::status_class;
use crate::components::ErrorPanel;
use crate::ocp::{client::calls, expect_ocp, not_connected};

#[component]
pub fn OcpClustersPage() -> impl IntoView {
    let ocp = expect_ocp();
    let clusters = LocalResource::new(move || async move {
        match ocp.get() {
            Some(s) => s.clusters().await,
            None => Err(not_connected(calls::CLUSTERS)),
        }
    });
    view! {
        <section class="ocp-clusters">
            <h1>"OCP clusters"</h1>
            <Transition fallback=|| view! { <p class="muted">"Loading the clusters…"</p> }>
                {move || Suspend::new(async move {
                    match clusters.await {
                        Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="muted">"OCP manages no cluster."</p> }.into_any(),
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
    let title = format!("{} (id {})", cluster.name, cluster.id);
    view! {
        <article class="ocp-cluster" data-testid="ocp-cluster" aria-label=format!("cluster {}", cluster.name)>
            <h2><a href=links.cluster(cluster.id)>{title}</a></h2>
            <p class="muted">
                {format!("{} · OceanBase {} · ", if cluster.kind.is_empty() { "–" } else { &cluster.kind }, cluster.ob_version)}
                <span class=status_class(&cluster.status)>{cluster.status.clone()}</span>
                {format!(" · {} tenant(s) · {} server(s)", cluster.tenant_count, cluster.server_count)}
            </p>
            <table class="ocp-zones">
                <caption class="muted">{format!("zones of {}", cluster.name)}</caption>
                <thead><tr><th scope="col">"zone"</th><th scope="col">"region / IDC"</th><th scope="col">"status"</th><th scope="col">"servers"</th></tr></thead>
                <tbody>
                    {cluster.zones.iter().map(|z| view! {
                        <tr data-testid="ocp-zone">
                            <th scope="row">{z.name.clone()}</th>
                            <td>{format!("{} / {}", dash(&z.region_name), dash(&z.idc_name))}</td>
                            <td class=status_class(&z.status)>{dash(&z.status)}</td>
                            <td>
                                <ul class="plain">
                                    {z.servers.iter().map(|s| view! {
                                        <li>{format!("{}:{} ", s.ip, s.port)}<span class=status_class(&s.status)>{s.status.clone()}</span>{s.with_rootserver.then_some(" · rootserver")}</li>
                                    }).collect_view()}
                                </ul>
                                <span class="muted">{format!("{} ACTIVE of {}", z.active_servers(), z.servers.len())}</span>
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
