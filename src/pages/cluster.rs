//! The cluster page: agent identity and clock, then zones with their servers.

use leptos::prelude::*;
use obshell_protocol::model::{ObInfo, TopologyServer};

use crate::api::{ApiError, Connected};
use crate::app::expect_connection;
use crate::components::ErrorPanel;

/// Skew from which the header warns (the official UI uses the same minute).
const SKEW_WARN_SECS: i64 = 60;

#[component]
pub fn ClusterPage() -> impl IntoView {
    let connection = expect_connection().0;
    let cluster = RwSignal::new(None::<ObInfo>);
    let refresh = Action::new_local(move |_: &()| {
        let session = connection.with_untracked(|c| c.as_ref().map(|c| c.session.clone()));
        async move {
            match session {
                Some(session) => session.ob_info().await.map(Some),
                None => Ok(None),
            }
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(Some(info))) = refresh.value().get() {
            cluster.set(Some(info));
        }
    });
    let refresh_error = move || match refresh.value().get() {
        Some(Err(e)) => Some::<ApiError>(e),
        _ => None,
    };
    let shown = move || {
        cluster
            .get()
            .or_else(|| connection.with(|c| c.as_ref().map(|c| c.cluster.clone())))
    };
    let lock = move |_| connection.set(None);
    view! {
        <header class="topbar">
            {move || connection.with(|c| c.as_ref().map(agent_badge))}
            <button class="secondary" data-testid="refresh" disabled=move || refresh.pending().get()
                on:click=move |_| { refresh.dispatch(()); }>"Refresh"</button>
            <button class="secondary" data-testid="lock" on:click=lock>"Lock"</button>
        </header>
        {move || refresh_error().map(|e| view! { <ErrorPanel error=e/> })}
        {move || shown().map(cluster_view)}
    }
}

fn agent_badge(c: &Connected) -> impl IntoView {
    let skew = c.clock_offset;
    let skew_text = (skew.abs() >= SKEW_WARN_SECS)
        .then(|| format!("agent clock differs from this browser by {skew} s"));
    view! {
        <div class="agent" data-testid="agent">
            <span class="identity">{c.info.identity.as_str()}</span>
            <span>{format!("{}:{}", c.info.ip, c.info.port)}</span>
            <span class="version">{format!("obshell {}", c.info.version)}</span>
            {skew_text.map(|t| view! { <span class="warn" data-testid="clock-skew">{t}</span> })}
        </div>
    }
}

fn cluster_view(info: ObInfo) -> impl IntoView {
    let Some(cluster) = info.obcluster_info else {
        return view! { <p data-testid="no-cluster">"This agent is not part of a cluster yet."</p> }.into_any();
    };
    let zones = cluster
        .topology
        .into_iter()
        .map(|(zone, servers)| zone_view(zone, servers))
        .collect_view();
    view! {
        <section class="cluster">
            <h1 data-testid="cluster-name">{format!("Cluster {} (id {})", cluster.name, cluster.id)}</h1>
            <p class="muted">{format!("OceanBase {}", cluster.version)}</p>
            <div class="zones">{zones}</div>
        </section>
    }
    .into_any()
}

fn zone_view(zone: String, servers: Vec<TopologyServer>) -> impl IntoView {
    let rows = servers
        .into_iter()
        .map(|s| {
            let rs = if s.is_root_service() {
                "root service"
            } else {
                ""
            };
            let status_class = format!("status status-{}", s.status.to_ascii_lowercase());
            view! {
                <tr data-testid="server">
                    <td>{format!("{}:{}", s.svr_ip, s.svr_port)}</td>
                    <td>{s.sql_port}</td>
                    <td><span class=status_class>{s.status}</span></td>
                    <td>{rs}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <article class="zone" data-testid="zone">
            <h2 data-testid="zone-name">{zone}</h2>
            <table>
                <thead><tr><th>"server (rpc)"</th><th>"sql port"</th><th>"status"</th><th></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </article>
    }
}
