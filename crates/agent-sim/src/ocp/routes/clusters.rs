//! Clusters, their zones, and the unit specs.

use axum::extract::{Path, RawQuery, State};
use obshell_protocol::ocp::codes;

use super::query::{id, query_pairs, Query};
use crate::ocp::model::OcpWorld;
use crate::ocp::pipeline::envelope::{data, fail, Answer, Out};
use crate::ocp::state::OcpState;

pub(super) async fn clusters(State(state): State<OcpState>, RawQuery(q): RawQuery) -> Answer {
    let q = Query(query_pairs(q.as_deref()));
    let all = state.read(|w| w.clusters.clone());
    let name = q.one("name").map(str::to_owned);
    let filtered = all
        .into_iter()
        .filter(|c| name.as_deref().is_none_or(|n| c.name.contains(n)))
        .collect();
    data(&q.page(filtered)?)
}

pub(super) fn find_cluster(w: &OcpWorld, id: i64) -> Result<obshell_protocol::ocp::Cluster, Out> {
    w.cluster(id)
        .cloned()
        .ok_or_else(|| fail(codes::COMMON_NOT_FOUND, &format!("cluster {id}")))
}

pub(super) async fn cluster(State(state): State<OcpState>, Path(cid): Path<String>) -> Answer {
    let cid = id(&cid, "cluster id")?;
    data(&state.read(|w| find_cluster(w, cid))?)
}

/// `GET /api/v2/ob/clusters/{id}/zones`: the cluster's zones with their servers, paged.
pub(super) async fn zones(
    State(state): State<OcpState>,
    Path(cid): Path<String>,
    RawQuery(q): RawQuery,
) -> Answer {
    let q = Query(query_pairs(q.as_deref()));
    let cid = id(&cid, "cluster id")?;
    let zones = state.read(|w| find_cluster(w, cid))?.zones;
    data(&q.page(zones)?)
}

pub(super) async fn unit_specs(State(state): State<OcpState>, RawQuery(q): RawQuery) -> Answer {
    let q = Query(query_pairs(q.as_deref()));
    let name = q.one("name").map(str::to_owned);
    let kind = q.one("type").map(str::to_owned);
    let specs = state.read(|w| w.specs.clone());
    let filtered = specs
        .into_iter()
        .filter(|s| name.as_deref().is_none_or(|n| s.name.contains(n)))
        .filter(|s| kind.as_deref().is_none_or(|k| s.kind == k))
        .collect();
    data(&q.page(filtered)?)
}
