//! The cluster page: zones with region and status, and their servers.

use leptos::prelude::*;
use obshell_protocol::model::cluster_info::{ClusterInfo, ClusterZone};
use obshell_protocol::model::ObInfo;

use obshell_protocol::model::AgentIdentity;
use obshell_protocol::version::Feature;

use crate::api::ApiError;
use crate::app::{expect_session, SessionCtx};
use crate::components::ErrorPanel;

/// What the page shows: the rich summary, or the lightweight topology of older agents.
#[derive(Debug, Clone)]
enum Topology {
    Rich(Box<ClusterInfo>),
    Basic(ObInfo),
}

async fn load(ctx: SessionCtx) -> Result<Topology, ApiError> {
    let s = ctx.session;
    // Only a cluster agent of 4.3.0 or later has the summary; the others have `ob/info`.
    let rich =
        s.caps().has(Feature::ClusterInfo) && ctx.profile.identity == AgentIdentity::ClusterAgent;
    if !rich {
        return s.ob_info().await.map(Topology::Basic);
    }
    match s.cluster_info().await {
        Ok(info) => Ok(Topology::Rich(Box::new(info))),
        // A route the agent does not have after all.
        Err(ApiError::Agent { status: 404, .. }) => s.ob_info().await.map(Topology::Basic),
        Err(e) => Err(e),
    }
}

#[component]
pub fn ClusterPage() -> impl IntoView {
    let ctx = StoredValue::new(expect_session());
    let data = LocalResource::new(move || load(ctx.get_value()));
    view! {
        <div class="page-actions">
            <button class="secondary" data-testid="refresh" on:click=move |_| data.refetch()>"Refresh"</button>
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading the cluster…"</p> }>
            {move || Suspend::new(async move {
                let ctx = ctx.get_value();
                match data.await {
                    Ok(Topology::Rich(info)) => rich(*info, &ctx).into_any(),
                    Ok(Topology::Basic(info)) => basic(info, &ctx).into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn rich(info: ClusterInfo, ctx: &SessionCtx) -> impl IntoView {
    let summary = summary_line(&info);
    let zones = info
        .zones
        .into_iter()
        .map(|z| zone_card(z, ctx))
        .collect_view();
    view! {
        <section class="cluster">
            <h1 data-testid="cluster-name">{format!("Cluster {} (id {})", info.cluster_name, info.cluster_id)}</h1>
            <p class="muted">{summary}</p>
            <div class="zones">{zones}</div>
        </section>
    }
}

/// A value the agent left empty (a degraded cluster, a SINGLE agent's zone), shown as "–".
fn or_dash(text: &str) -> &str {
    if text.is_empty() {
        "–"
    } else {
        text
    }
}

/// "OceanBase 4.3.5.2 · AVAILABLE · 116.0G of 384.0G memory assigned"; a degraded summary has
/// no version or statistics, and says so.
fn summary_line(info: &ClusterInfo) -> String {
    let version = if info.ob_version.is_empty() {
        "version unknown".to_owned()
    } else {
        info.ob_version.clone()
    };
    let memory = if info.stats.memory_total.is_empty() {
        "resources unknown".to_owned()
    } else {
        format!(
            "{} of {} memory assigned",
            info.stats.memory_assigned, info.stats.memory_total
        )
    };
    format!("OceanBase {version} · {} · {memory}", info.status)
}

/// Scale-in is offered per server only where the agent can do it.
fn scale_in_offered(ctx: &SessionCtx) -> bool {
    ctx.profile.offer(Feature::ScaleIn).is_ok()
}

fn zone_card(z: ClusterZone, ctx: &SessionCtx) -> impl IntoView {
    let scale_in = scale_in_offered(ctx);
    let base = ctx.base.clone();
    let empty = z.servers.is_empty().then(|| {
        view! {
            <tr data-testid="no-servers"><td colspan="5" class="warn">
                "No servers: nothing can be placed in this zone until a server is scaled out into it."
            </td></tr>
        }
    });
    let rows = z
        .servers
        .into_iter()
        .map(|s| {
            let status_class = format!("status status-{}", s.status.to_ascii_lowercase());
            let agent = format!("{}:{}", s.ip, s.obshell_port);
            view! {
                <tr data-testid="server">
                    <td>{s.ip.clone()}</td>
                    <td>{format!("{} / {} / {}", s.svr_port, s.sql_port, s.obshell_port)}</td>
                    <td><span class=status_class>{s.status.clone()}</span></td>
                    <td>{if s.with_rootserver { "root service" } else { "" }}</td>
                    <td>{scale_in.then(|| view! { <a href=base.scale_in(Some(&agent)) aria-label=format!("Scale in {agent}") data-testid="server-scale-in">"Scale in…"</a> })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <article class="zone" data-testid="zone">
            <h2><span data-testid="zone-name">{z.name.clone()}</span></h2>
            <p class="muted" data-testid="zone-region">{format!("region {} · idc {} · {}", or_dash(&z.region_name), or_dash(&z.idc_name), z.status)}</p>
            <table>
                <thead><tr><th>"server"</th><th>"rpc / sql / agent"</th><th>"status"</th><th></th><th></th></tr></thead>
                <tbody>{rows}{empty}</tbody>
            </table>
        </article>
    }
}

fn basic(info: ObInfo, ctx: &SessionCtx) -> impl IntoView {
    // SINGLE, MASTER and SCALING IN agents, and a cluster agent whose OceanBase does not
    // answer, send a zero cluster with no topology.
    let Some(cluster) = info.obcluster_info.filter(|c| !c.topology.is_empty()) else {
        let why = ctx
            .profile
            .blocked()
            .unwrap_or_else(|| "This agent reports no cluster topology.".to_owned());
        let agents = info
            .agent_info
            .iter()
            .map(|a| view! { <li>{format!("{}:{} · zone {} · {} · obshell {}", a.ip, a.port, or_dash(&a.zone), a.identity, a.version)}</li> })
            .collect_view();
        return view! {
            <section class="cluster">
                <h1>"No cluster topology"</h1>
                <p data-testid="no-cluster">{why}</p>
                {(!info.agent_info.is_empty()).then(|| view! { <h2>"Agents this agent knows"</h2><ul data-testid="known-agents">{agents}</ul> })}
            </section>
        }
        .into_any();
    };
    let scale_in = scale_in_offered(ctx);
    let base = ctx.base.clone();
    let zones = cluster
        .topology
        .into_iter()
        .map(|(zone, servers)| {
            let rows = servers
                .into_iter()
                .map(|s| {
                    let agent = format!("{}:{}", s.svr_ip, s.agent_port);
                    view! {
                        <tr data-testid="server">
                            <td>{s.svr_ip.clone()}</td>
                            <td>{format!("{} / {} / {}", s.svr_port, s.sql_port, s.agent_port)}</td>
                            <td>{s.status.clone()}</td>
                            <td>{if s.is_root_service() { "root service" } else { "" }}</td>
                            <td>{scale_in.then(|| view! { <a href=base.scale_in(Some(&agent)) aria-label=format!("Scale in {agent}") data-testid="server-scale-in">"Scale in…"</a> })}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <article class="zone" data-testid="zone">
                    <h2><span data-testid="zone-name">{zone}</span></h2>
                    <table><tbody>{rows}</tbody></table>
                </article>
            }
        })
        .collect_view();
    view! {
        <section class="cluster">
            <h1 data-testid="cluster-name">{format!("Cluster {} (id {})", cluster.name, cluster.id)}</h1>
            <p class="muted">{format!("OceanBase {} (this agent has no /obcluster/info; regions unknown)", cluster.version)}</p>
            <div class="zones">{zones}</div>
        </section>
    }
    .into_any()
}
