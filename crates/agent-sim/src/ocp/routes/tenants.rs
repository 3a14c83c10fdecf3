//! Tenants: every cluster's, one cluster's, one.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use obshell_protocol::ocp::request::ModifyPrimaryZone;
use obshell_protocol::ocp::{codes, rules};

use super::clusters::find_cluster;
use super::query::{body, id, query_pairs, Query};
use crate::ocp::model::OcpWorld;
use crate::ocp::pipeline::envelope::{data, fail, violation, Answer, Out};
use crate::ocp::state::OcpState;

pub(super) async fn tenants(
    State(state): State<OcpState>,
    Path(cid): Path<String>,
    RawQuery(q): RawQuery,
) -> Answer {
    let q = Query(query_pairs(q.as_deref()));
    let cid = id(&cid, "cluster id")?;
    let list = state.read(|w| {
        find_cluster(w, cid)?;
        Ok::<_, Out>(
            w.tenants
                .iter()
                .filter(|t| t.cluster_id == cid)
                .map(|t| obshell_protocol::ocp::Tenant {
                    zones: Vec::new(),
                    ..t.clone()
                })
                .collect::<Vec<_>>(),
        )
    })?;
    let name = q.one("name").map(str::to_owned);
    let status = q.all("status");
    let filtered = list
        .into_iter()
        .filter(|t| name.as_deref().is_none_or(|n| t.name.contains(n)))
        .filter(|t| status.is_empty() || status.contains(&t.status))
        .collect();
    data(&q.page(filtered)?)
}

/// `GET /api/v2/ob/tenants`: the tenants of every cluster (without zones), paged.
pub(super) async fn all_tenants(State(state): State<OcpState>, RawQuery(q): RawQuery) -> Answer {
    let q = Query(query_pairs(q.as_deref()));
    let cluster = q.number("clusterId")?;
    let name = q.one("name").map(str::to_owned);
    let list: Vec<obshell_protocol::ocp::Tenant> = state.read(|w| {
        w.tenants
            .iter()
            .filter(|t| cluster.is_none_or(|c| t.cluster_id == c))
            .filter(|t| name.as_deref().is_none_or(|n| t.name.contains(n)))
            .map(|t| obshell_protocol::ocp::Tenant {
                zones: Vec::new(),
                ..t.clone()
            })
            .collect()
    });
    data(&q.page(list)?)
}

pub(super) fn find_tenant(
    w: &OcpWorld,
    cid: i64,
    tid: i64,
) -> Result<
    (
        obshell_protocol::ocp::Cluster,
        obshell_protocol::ocp::Tenant,
    ),
    Out,
> {
    let cluster = find_cluster(w, cid)?;
    let tenant = w
        .tenant(cid, tid)
        .cloned()
        .ok_or_else(|| fail(codes::OB_TENANT_ID_NOT_FOUND, &tid.to_string()))?;
    Ok((cluster, tenant))
}

pub(super) async fn tenant(
    State(state): State<OcpState>,
    Path((cid, tid)): Path<(String, String)>,
) -> Answer {
    let (cid, tid) = (id(&cid, "cluster id")?, id(&tid, "tenant id")?);
    data(&state.read(|w| find_tenant(w, cid, tid))?.1)
}

/// `modifyPrimaryZone`: checked, then applied at once (OCP runs the `ALTER TENANT` itself and
/// answers without data or a task, docs/protocol/ocp.md §4.5). OCP does not ask the tenant to
/// be NORMAL, so it may change while a replica task runs.
pub(super) async fn modify_primary_zone(
    State(state): State<OcpState>,
    Path((cid, tid)): Path<(String, String)>,
    raw: Bytes,
) -> Answer {
    let (cid, tid) = (id(&cid, "cluster id")?, id(&tid, "tenant id")?);
    let request: ModifyPrimaryZone = body(&raw)?;
    state.update(|w| {
        let (_, tenant) = find_tenant(w, cid, tid)?;
        if let Some(first) = rules::check_primary_zone(&tenant, &request.primary_zone)
            .into_iter()
            .next()
        {
            return Err(violation(first));
        }
        if let Some(t) = w.tenant_mut(tid) {
            t.primary_zone = request.primary_zone.trim().to_owned();
        }
        Ok(Out::NoData)
    })
}
