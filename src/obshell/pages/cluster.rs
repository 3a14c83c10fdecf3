//! The cluster page: zones with region and status, and their servers.

use leptos::prelude::*;
use obshell_protocol::obshell::model::cluster_info::{ClusterInfo, ClusterZone};
use obshell_protocol::obshell::model::ObInfo;

use obshell_protocol::obshell::model::AgentIdentity;
use obshell_protocol::obshell::version::Feature;

use crate::core::error::ApiError;
use crate::core::i18n::{fill, StateWord};
use crate::obshell::context::{expect_obshell, ObshellCtx};
use crate::ui::components::{CapacityBars, ErrorPanel, PageHeader};
use leptos_router::components::A;

/// What the page shows: the rich summary, or the lightweight topology of older agents.
#[derive(Debug, Clone)]
enum Topology {
    Rich(Box<ClusterInfo>),
    Basic(ObInfo),
}

async fn load(ctx: ObshellCtx) -> Result<Topology, ApiError> {
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
    let ctx = StoredValue::new(expect_obshell());
    let data = LocalResource::new(move || load(ctx.get_value()));
    // Refresh asks the header's badge too.
    let watch = crate::core::poll::expect_task_watch();
    view! {
        <crate::obshell::pages::OpenPlans/>
        <Transition fallback=|| view! { <p class="muted">{move || tx::t().loading}</p> }>
            {move || Suspend::new(async move {
                let ctx = ctx.get_value();
                let refresh = Callback::new(move |()| { data.refetch(); watch.refresh() });
                match data.await {
                    Ok(Topology::Rich(info)) => rich(*info, &ctx, refresh).into_any(),
                    Ok(Topology::Basic(info)) => basic(info, &ctx, refresh).into_any(),
                    Err(e) => view! {
                        <PageHeader title=Signal::derive(|| tx::t().section.to_owned())>{actions(&ctx, refresh)}</PageHeader>
                        <ErrorPanel error=e/>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The page's actions: read it again, and the cluster's own changes.
fn actions(ctx: &ObshellCtx, refresh: Callback<()>) -> impl IntoView {
    let (out, in_) = (ctx.links.scale_out(), ctx.links.scale_in(None));
    view! {
        <button class="secondary" data-testid="refresh" on:click=move |_| refresh.run(())>{move || tx::t().refresh}</button>
        <A href=out><span class="button secondary">{move || tx::t().go_scale_out}</span></A>
        <A href=in_><span class="button secondary">{move || tx::t().go_scale_in}</span></A>
    }
}

/// "Cluster demo (id 1732500000)".
fn title(name: String, id: i64) -> Signal<String> {
    Signal::derive(move || fill(tx::t().title, &[&name, &id]))
}

fn rich(info: ClusterInfo, ctx: &ObshellCtx, refresh: Callback<()>) -> impl IntoView {
    let acts = actions(ctx, refresh);
    let summary = {
        let info = info.clone();
        move || summary_line(&info)
    };
    // Zones grouped by region, in the order the agent lists them.
    let mut regions: Vec<(String, Vec<ClusterZone>)> = Vec::new();
    for z in info.zones {
        match regions.iter_mut().find(|(r, _)| *r == z.region_name) {
            Some((_, zones)) => zones.push(z),
            None => regions.push((z.region_name.clone(), vec![z])),
        }
    }
    let regions = regions
        .into_iter()
        .map(|(region, zones)| {
            let cards = zones.into_iter().map(|z| zone_card(z, ctx)).collect_view();
            view! {
                <section class="region" data-testid="region">
                    <h2>{move || fill(tx::t().region, &[&or_dash(&region)])}</h2>
                    <div class="zones">{cards}</div>
                </section>
            }
        })
        .collect_view();
    view! {
        <section class="cluster">
            <PageHeader title=title(info.cluster_name.clone(), info.cluster_id) testid="cluster-name">{acts}</PageHeader>
            <p class="muted">{summary}</p>
            {regions}
        </section>
    }
}

/// A value the agent left empty (a degraded cluster, a SINGLE agent's zone), shown as "–".
fn or_dash(text: &str) -> &str {
    if text.is_empty() {
        crate::core::i18n::common::t().dash
    } else {
        text
    }
}

/// "OceanBase 4.3.5.2 · AVAILABLE · 116.00 GB of 384.00 GB memory assigned"; a degraded summary has
/// no version or statistics, and says so.
fn summary_line(info: &ClusterInfo) -> String {
    let t = tx::t();
    let version = if info.ob_version.is_empty() {
        t.version_unknown.to_owned()
    } else {
        info.ob_version.clone()
    };
    let memory = if info.stats.memory_total.is_empty() {
        t.resources_unknown.to_owned()
    } else {
        fill(
            t.memory_assigned,
            &[&info.stats.memory_assigned, &info.stats.memory_total],
        )
    };
    let status = match crate::core::i18n::gloss(&info.status) {
        Some(g) => format!("{}（{g}）", info.status),
        None => info.status.clone(),
    };
    format!("OceanBase {version} · {status} · {memory}")
}

/// The link to scale in one server, named by its agent.
fn scale_in_link(base: &crate::obshell::links::ObshellLinks, agent: &str) -> impl IntoView {
    let href = base.scale_in(Some(agent));
    let agent = agent.to_owned();
    view! { <a href=href aria-label=move || fill(tx::t().scale_in_aria, &[&agent]) data-testid="server-scale-in">{move || tx::t().scale_in}</a> }
}

/// Scale-in is offered per server only where the agent can do it.
fn scale_in_offered(ctx: &ObshellCtx) -> bool {
    ctx.profile.offer(Feature::ScaleIn).is_ok()
}

fn zone_card(z: ClusterZone, ctx: &ObshellCtx) -> impl IntoView {
    let scale_in = scale_in_offered(ctx);
    let base = ctx.links.clone();
    let drain = ctx
        .profile
        .offer(obshell_protocol::obshell::version::Feature::ReplicaForms)
        .is_ok()
        .then(|| base.drain(&z.name));
    let drain_name = z.name.clone();
    let totals = z.capacity();
    let zone_of = {
        let name = z.name.clone();
        Signal::derive(move || fill(tx::t().zone_of, &[&name]))
    };
    let empty = z.servers.is_empty().then(|| {
        view! {
            <tr data-testid="no-servers"><td colspan="5" class="warn">
                {move || tx::t().no_servers}
            </td></tr>
        }
    });
    let rows = z
        .servers
        .into_iter()
        .map(|s| {
            let status_class = format!("status status-{}", s.status.to_ascii_lowercase());
            let agent = format!("{}:{}", s.ip, s.obshell_port);
            let server_of = {
                let ip = s.ip.clone();
                Signal::derive(move || fill(tx::t().server_of, &[&ip]))
            };
            view! {
                <tr data-testid="server">
                    <td>{s.ip.clone()}</td>
                    <td>{format!("{} / {} / {}", s.svr_port, s.sql_port, s.obshell_port)}</td>
                    <td><span class=status_class><StateWord word=s.status.clone()/></span></td>
                    <td>{s.with_rootserver.then_some(move || view! { <span class="tag">{tx::t().root_service}</span> })}</td>
                    <td>{scale_in.then(|| scale_in_link(&base, &agent))}</td>
                </tr>
                <tr class="server-capacity">
                    <td colspan="5"><CapacityBars capacity=Some(s.stats.resources.capacity()) of=server_of/></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <article class="zone" data-testid="zone">
            <h3><span data-testid="zone-name">{z.name.clone()}</span>
                {drain.map(|href| view! { " " <a class="small" href=href aria-label=move || fill(tx::t().drain_aria, &[&drain_name])>{move || tx::t().drain}</a> })}</h3>
            <p class="muted" data-testid="zone-region">{let idc = z.idc_name.clone(); move || fill(tx::t().zone_line, &[&or_dash(&idc)])}<StateWord word=z.status.clone()/></p>
            <div data-testid="zone-capacity"><CapacityBars capacity=totals of=zone_of/></div>
            <div class="scroll-x"><table>
                <thead><tr><th>{move || tx::t().server}</th><th>"rpc / sql / agent"</th><th>{move || tx::t().status}</th><th></th><th></th></tr></thead>
                <tbody>{rows}{empty}</tbody>
            </table></div>
        </article>
    }
}

fn basic(info: ObInfo, ctx: &ObshellCtx, refresh: Callback<()>) -> impl IntoView {
    let acts = actions(ctx, refresh);
    // SINGLE, MASTER and SCALING IN agents, and a cluster agent whose OceanBase does not
    // answer, send a zero cluster with no topology.
    let Some(cluster) = info.obcluster_info.filter(|c| !c.topology.is_empty()) else {
        let why = ctx
            .profile
            .blocked()
            .unwrap_or_else(|| tx::t_untracked().no_topology_reason.to_owned());
        let agents = info
            .agent_info
            .iter()
            .map(|a| {
                let (addr, zone, version) = (format!("{}:{}", a.ip, a.port), a.zone.clone(), a.version.clone());
                view! { <li>{move || fill(tx::t().known_agent, &[&addr, &or_dash(&zone)])}<StateWord word=a.identity.to_string()/>{format!(" · obshell {version}")}</li> }
            })
            .collect_view();
        return view! {
            <section class="cluster">
                <PageHeader title=Signal::derive(|| tx::t().no_topology.to_owned())>{acts}</PageHeader>
                <p data-testid="no-cluster">{why}</p>
                {(!info.agent_info.is_empty()).then(|| view! { <h2>{move || tx::t().known_agents}</h2><ul data-testid="known-agents">{agents}</ul> })}
            </section>
        }
        .into_any();
    };
    let scale_in = scale_in_offered(ctx);
    let base = ctx.links.clone();
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
                            <td><StateWord word=s.status.clone()/></td>
                            <td>{s.is_root_service().then_some(move || tx::t().root_service)}</td>
                            <td>{scale_in.then(|| scale_in_link(&base, &agent))}</td>
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
            <PageHeader title=title(cluster.name.clone(), cluster.id) testid="cluster-name">{acts}</PageHeader>
            <p class="muted">{let version = cluster.version.clone(); move || fill(tx::t().basic_summary, &[&version])}</p>
            <div class="zones">{zones}</div>
        </section>
    }
    .into_any()
}

crate::texts! {
    /// The cluster page.
    mod tx {
        refresh: "Refresh" => "刷新",
        section: "Cluster" => "集群",
        go_scale_out: "Scale out" => "扩容",
        go_scale_in: "Scale in" => "缩容",
        loading: "Loading the cluster…" => "正在加载集群…",
        title: "Cluster {0} (id {1})" => "集群 {0}（ID {1}）",
        version_unknown: "version unknown" => "版本未知",
        resources_unknown: "resources unknown" => "资源未知",
        memory_assigned: "{0} of {1} memory assigned" => "已分配内存 {0} / {1}",
        no_servers: "No servers: nothing can be placed in this zone until a server is scaled out into it." => "没有服务器：在扩容一台服务器到该 Zone 之前，无法在其中放置任何内容。",
        drain: "Drain…" => "清空…",
        drain_aria: "Drain zone {0}" => "清空 Zone {0}",
        root_service: "root service" => "RootService",
        scale_in: "Scale in…" => "缩容…",
        scale_in_aria: "Scale in {0}" => "缩容 {0}",
        zone_line: "idc {0} · " => "IDC {0} · ",
        region: "Region {0}" => "Region {0}",
        zone_of: "zone {0} (all its servers)" => "Zone {0}（所有服务器合计）",
        server_of: "server {0}" => "服务器 {0}",
        server: "server" => "服务器",
        status: "status" => "状态",
        no_topology_reason: "This agent reports no cluster topology." => "此 Agent 未报告集群拓扑。",
        no_topology: "No cluster topology" => "没有集群拓扑",
        known_agents: "Agents this agent knows" => "此 Agent 知道的 Agent",
        known_agent: "{0} · zone {1} · " => "{0} · Zone {1} · ",
        basic_summary: "OceanBase {0} (this agent has no /obcluster/info; regions unknown)" => "OceanBase {0}（此 Agent 没有 /obcluster/info；Region 未知）",
    }
}
