//! Cluster topology endpoints (docs/protocol/obshell.md §4.2, §4.12).

use axum::extract::State;
use axum::routing::get;
use axum::Router;
use obshell_protocol::obshell::model::cluster_info::UnitConfigLimit;
use obshell_protocol::obshell::model::AgentBrief;
use obshell_protocol::obshell::version::{Capabilities, Feature};

use super::guards::require_cluster_agent;
use crate::obshell::pipeline::{ApiResult, Reply};
use crate::obshell::since;
use crate::obshell::state::AppState;

pub fn routes(caps: &Capabilities) -> Router<AppState> {
    let mut router = Router::new().route("/ob/info", get(ob_info));
    if caps.has(Feature::ClusterInfo) {
        router = router.route("/obcluster/info", get(cluster_info));
    }
    if caps.has(Feature::UnitConfigLimit) {
        router = router.route("/obcluster/unit-config-limit", get(unit_config_limit));
    }
    if caps.has(Feature::TopologyInfo) {
        router = router.route("/obcluster/topology/info", get(topology));
    }
    router
}

async fn ob_info(State(state): State<AppState>) -> ApiResult {
    let config = state.config();
    let me = AgentBrief {
        ip: config.ip.clone(),
        port: config.port,
        zone: String::new(),
        identity: config.identity,
        version: config.version.clone(),
    };
    let down = state.ob_down();
    Ok(Reply::Data(state.read(|w| {
        w.cluster.ob_info_json(config.identity, me, down)
    })))
}

/// `GetObclusterSummary`: the degraded shape when OceanBase does not answer.
async fn cluster_info(State(state): State<AppState>) -> ApiResult {
    require_cluster_agent(&state)?;
    let down = state.ob_down();
    let totals = since::has(&state.config().capabilities(), since::TENANT_STAT_TOTALS);
    Ok(Reply::Data(state.read(|w| {
        if down {
            w.cluster.degraded_cluster_info_json()
        } else {
            w.cluster.cluster_info_json(totals)
        }
    })))
}

/// `GetObclusterTopology`: the zones of `obcluster/info`, degraded the same way.
async fn topology(State(state): State<AppState>) -> ApiResult {
    require_cluster_agent(&state)?;
    let down = state.ob_down();
    Ok(Reply::Data(state.read(|w| w.cluster.topology_json(down))))
}

async fn unit_config_limit(State(state): State<AppState>) -> ApiResult {
    require_cluster_agent(&state)?;
    state.sql()?;
    Ok(Reply::data(&UnitConfigLimit {
        min_memory: super::unit::MIN_MEMORY_GIB as f64,
        min_cpu: 1,
    }))
}
