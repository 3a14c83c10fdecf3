//! `GET /api/v1/obcluster/statistics` (docs/protocol/obshell.md §4.12): what the agent reports
//! for telemetry. It never fails: whatever the agent cannot read is left out.

use axum::extract::State;
use axum::routing::get;
use axum::Router;
use obshell_protocol::obshell::model::dashboard::ClusterStatistics;
use obshell_protocol::obshell::model::AgentIdentity;

use crate::obshell::pipeline::{ApiResult, Reply};
use crate::obshell::since;
use crate::obshell::state::AppState;

/// The commit the simulator reports as its build's (`obshellRevision`, after the release).
const GIT_COMMIT: &str = "0000000000000000000000000000000000000000";

/// The routes of this file; `super::dashboard` adds them from the version that has them.
pub fn routes() -> Router<AppState> {
    Router::new().route("/obcluster/statistics", get(statistics))
}

/// `GetStatisticsInfo`: no identity check. The hosts are those of OceanBase's agent table, each
/// asked for its host information; the instances come from the cluster summary (degraded when
/// OceanBase does not answer) and the servers' parameters. An agent that is not a cluster agent
/// has neither: cluster id `"0"`, no hosts, no instances.
async fn statistics(State(state): State<AppState>) -> ApiResult {
    let config = state.config();
    let caps = config.capabilities();
    let (version, release) = config
        .version
        .split_once('-')
        .unwrap_or((config.version.as_str(), ""));
    let name = if since::has(&caps, since::TELEMETRY_FLAG) {
        "obshell"
    } else {
        "OBShell"
    };
    let clustered = config.identity == AgentIdentity::ClusterAgent;
    let down = state.ob_down();
    let (cluster_id, hosts, instances) = state.read(|w| {
        let c = &w.cluster;
        if !clustered {
            (0, Vec::new(), Vec::new())
        } else if down {
            (c.id, Vec::new(), c.observer_statistics(false))
        } else {
            (c.id, c.hosts(), c.observer_statistics(true))
        }
    });
    Ok(Reply::data(&ClusterStatistics {
        // The binary is a community edition, so the flag is the agent's setting (on by default).
        telemetry_enabled: since::has(&caps, since::TELEMETRY_FLAG).then_some(true),
        cluster_id: cluster_id.to_string(),
        reporter: "obshell-dashboard".to_owned(),
        obshell_version: format!("{name} {version} (for OceanBase_CE)"),
        obshell_revision: format!("{release}-{GIT_COMMIT}"),
        report_time: state.now().timestamp(),
        telemetry_version: 1,
        hosts,
        instances,
    }))
}
