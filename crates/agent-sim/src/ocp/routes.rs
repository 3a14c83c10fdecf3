//! OCP's API v2 routes, its Basic-auth and rate-limit filter, the envelope put around every
//! answer, and the `/__sim/ocp` admin routes.

use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::{Json, Router};
use base64::Engine as _;
use obshell_protocol::ocp::codes::{self, OcpCode};
use obshell_protocol::ocp::ops::{SubtaskOp, TaskOp};
use obshell_protocol::ocp::request::{DeleteReplica, ModifyReplica, ReplicaSpec};
use obshell_protocol::ocp::rules::{self, OcpViolation};
use obshell_protocol::ocp::{OcpEnvelope, OcpError, Page, PageInfo, SubError, Task};
use rand_core::RngCore;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use super::engine::{self, ocp_time, Target, TaskRec};
use super::world::{unit_config, FailRule, OcpWorld};
use super::{OcpState, RateVerdict, USER};

/// The simulated OCP: `/api/v2/…` behind Basic auth and the rate limiter, and with faults
/// enabled the admin routes under `/__sim/ocp`. Every task advances to the clock's now before
/// each request is answered.
pub fn app(state: OcpState) -> Router {
    let api = Router::new()
        .route("/api/v2/time", api_get(time))
        .route("/api/v2/info", api_get(info))
        .route("/api/v2/ob/clusters", api_get(clusters))
        .route("/api/v2/ob/clusters/{id}", api_get(cluster))
        .route("/api/v2/ob/clusters/{id}/zones", api_get(zones))
        .route("/api/v2/ob/tenants", api_get(all_tenants))
        .route("/api/v2/ob/clusters/{id}/tenants", api_get(tenants))
        .route("/api/v2/ob/clusters/{id}/tenants/{tenant}", api_get(tenant))
        .route(
            "/api/v2/ob/clusters/{id}/tenants/{tenant}/addReplica",
            api_post(add_replica),
        )
        .route(
            "/api/v2/ob/clusters/{id}/tenants/{tenant}/deleteReplica",
            api_post(delete_replica),
        )
        .route(
            "/api/v2/ob/clusters/{id}/tenants/{tenant}/modifyReplica",
            api_post(modify_replica),
        )
        .route("/api/v2/ob/unitSpecs", api_get(unit_specs))
        .route("/api/v2/tasks/instances", api_get(tasks))
        .route("/api/v2/tasks/instances/{id}", api_get(task))
        .route("/api/v2/tasks/instances/{id}/retry", api_post(task_retry))
        .route(
            "/api/v2/tasks/instances/{id}/rollback",
            api_post(task_rollback),
        )
        .route(
            "/api/v2/tasks/instances/{id}/subtasks/{sid}/log",
            api_get(subtask_log),
        )
        .route(
            "/api/v2/tasks/instances/{id}/subtasks/{sid}/{op}",
            api_post(subtask_op),
        )
        .route("/api/v2", axum::routing::any(no_handler))
        .route("/api/v2/{*rest}", axum::routing::any(no_handler))
        .layer(axum::middleware::from_fn_with_state(state.clone(), filter))
        .with_state(state.clone());
    if state.config().faults_enabled {
        api.merge(admin(state))
    } else {
        api
    }
}

/// What `/console.json` says when the simulator serves the console beside OCP: both backends on
/// this origin (the built console's own file names the agent alone).
pub const CONSOLE_JSON: &str = r#"{"backends":[{"name":"demo","kind":"obshell","prefix":""},{"name":"ocp","kind":"ocp","prefix":""}]}"#;

/// The OCP beside the agent on one origin, as nginx maps it (`/api/v2/` to OCP, the rest to the
/// agent); with `dist`, `GET /console.json` names both backends.
pub fn with_agent(ocp: OcpState, agent: Router, dist: Option<&std::path::Path>) -> Router {
    let mut router = app(ocp);
    if dist.is_some() {
        router = router.route(
            "/console.json",
            get(|| async { ([(header::CONTENT_TYPE, "application/json")], CONSOLE_JSON) }),
        );
    }
    router.merge(agent)
}

fn api_get<H, T>(handler: H) -> MethodRouter<OcpState>
where
    H: axum::handler::Handler<T, OcpState>,
    T: 'static,
{
    get(handler).fallback(method_not_allowed)
}

fn api_post<H, T>(handler: H) -> MethodRouter<OcpState>
where
    H: axum::handler::Handler<T, OcpState>,
    T: 'static,
{
    post(handler).fallback(method_not_allowed)
}

/// A handler's answer before the envelope is put around it.
#[derive(Debug, Clone)]
enum Out {
    Data(Value),
    NoData,
    Error(u16, OcpError),
}

impl IntoResponse for Out {
    fn into_response(self) -> Response {
        let mut response = Response::new(Body::empty());
        response.extensions_mut().insert(self);
        response
    }
}

type Answer = Result<Out, Out>;

fn data<T: serde::Serialize>(value: &T) -> Answer {
    Ok(Out::Data(
        serde_json::to_value(value).unwrap_or(Value::Null),
    ))
}

fn fail(code: OcpCode, arg: &str) -> Out {
    Out::Error(
        code.status,
        OcpError {
            code: code.code,
            message: code.message(arg),
            ..OcpError::default()
        },
    )
}

fn no_code(status: u16, message: &str) -> Out {
    Out::Error(
        status,
        OcpError {
            code: codes::CODE_NONE,
            message: message.to_owned(),
            ..OcpError::default()
        },
    )
}

fn violation(v: OcpViolation) -> Out {
    Out::Error(
        v.code.status,
        OcpError {
            code: v.code.code,
            message: v.message,
            target: v.field.map(|f| match v.index {
                Some(i) => format!("[{i}].{f}"),
                None => f.to_owned(),
            }),
            sub_errors: v.sub_error.into_iter().collect(),
            ..OcpError::default()
        },
    )
}

fn trace_id() -> String {
    format!("{:016x}", rand_core::OsRng.next_u64())
}

/// OCP's security filter and envelope: Basic auth (401 JSON, code 0, no `WWW-Authenticate`),
/// the rate limit (429 JSON, code 0), then the handler; every answer carries the
/// `RateLimit-*` headers, and `/api/v2` requests are logged for `/__sim/ocp/requests`.
async fn filter(State(state): State<OcpState>, request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/api/v2") {
        return next.run(request).await;
    }
    let started = Instant::now();
    let trace = trace_id();
    let method = request.method().to_string();
    let target = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| request.uri().path().to_owned());
    let forwarded_for = crate::http::forwarded_for(request.headers());
    let open = request.uri().path() == "/api/v2/time";
    let authed = open || authenticated(&state, request.headers());
    let verdict = state.rate(authed && !open);
    let mut response = if !authed {
        let message = if request.headers().contains_key(header::AUTHORIZATION) {
            "Bad credentials"
        } else {
            "Full authentication is required to access this resource"
        };
        envelope(&state, &trace, started, no_code(401, message))
    } else if verdict.refused {
        envelope(&state, &trace, started, no_code(429, "Too many requests"))
    } else {
        state.advance();
        let response = next.run(request).await;
        match response.extensions().get::<Out>().cloned() {
            Some(out) => envelope(&state, &trace, started, out),
            None => response,
        }
    };
    rate_headers(response.headers_mut(), verdict);
    response.headers_mut().remove(header::WWW_AUTHENTICATE);
    state.requests().record(
        &method,
        &target,
        response.status().as_u16(),
        state.now().timestamp_millis(),
        forwarded_for.as_deref(),
    );
    response
}

fn rate_headers(headers: &mut HeaderMap, v: RateVerdict) {
    for (name, value) in [
        ("ratelimit-limit", v.limit.to_string()),
        ("ratelimit-remaining", v.remaining.to_string()),
        ("ratelimit-reset", v.reset.to_string()),
    ] {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
}

fn authenticated(state: &OcpState, headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let Some((scheme, encoded)) = value.trim().split_once(' ') else {
        return false;
    };
    if !scheme.eq_ignore_ascii_case("basic") {
        return false;
    }
    let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(encoded.trim()) else {
        return false;
    };
    let Ok(text) = String::from_utf8(decoded) else {
        return false;
    };
    text.split_once(':')
        .is_some_and(|(user, password)| user == USER && password == state.config().password)
}

/// OCP's envelope around `out` (spec §4.1).
fn envelope(state: &OcpState, trace: &str, started: Instant, out: Out) -> Response {
    let (status, data, error) = match out {
        Out::Data(v) => (200, Some(v), None),
        Out::NoData => (200, None, None),
        Out::Error(status, e) => (status, None, Some(e)),
    };
    let env = OcpEnvelope {
        data,
        successful: error.is_none(),
        timestamp: Some(ocp_time(state.now())),
        duration: Some(i64::try_from(started.elapsed().as_millis()).unwrap_or(0)),
        status: Some(status),
        trace_id: Some(trace.to_owned()),
        server: Some(state.config().server.clone()),
        error,
    };
    let mut body = serde_json::to_value(&env).unwrap_or(Value::Null);
    if let Some(e) = body.get_mut("error").and_then(Value::as_object_mut) {
        e.entry("subErrors").or_insert_with(|| json!([]));
    }
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (code, Json(body)).into_response()
}

async fn no_handler(method: Method, request: Request) -> Out {
    no_code(
        404,
        &format!("No handler found for {method} {}", request.uri().path()),
    )
}

async fn method_not_allowed(method: Method) -> Out {
    no_code(405, &format!("Request method '{method}' not supported"))
}

/// `GET /api/v2/time`: the server time as plain text, no auth.
async fn time(State(state): State<OcpState>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain;charset=UTF-8")],
        ocp_time(state.now()),
    )
        .into_response()
}

async fn info(State(state): State<OcpState>) -> Answer {
    data(&json!({
        "buildVersion": state.config().build_version,
        "buildTime": "2025-01-01T00:00:00.000+08:00",
        "applicationName": "ocp-server",
        "server": state.config().server,
    }))
}

/// The query string's pairs, percent-decoded (`+` as space), repeated keys kept.
fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (crate::http::decode(k), crate::http::decode(v))
        })
        .collect()
}

struct Query(Vec<(String, String)>);

impl Query {
    fn all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .flat_map(|(_, v)| v.split(','))
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect()
    }

    fn one(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn number(&self, key: &str) -> Result<Option<i64>, Out> {
        match self.one(key) {
            None | Some("") => Ok(None),
            Some(v) => v.parse().map(Some).map_err(|_| {
                fail(
                    codes::COMMON_ILLEGAL_ARGUMENT,
                    &format!("{key} must be a number, got '{v}'"),
                )
            }),
        }
    }

    /// OCP's pages: `page` from 1, `size` up to 2000 (default 10).
    fn page<T>(&self, items: Vec<T>) -> Result<Page<T>, Out> {
        let number = self.number("page")?.unwrap_or(1).max(1);
        let size = self.number("size")?.unwrap_or(10).clamp(1, 2000);
        let total = items.len() as i64;
        let skip = usize::try_from((number - 1) * size).unwrap_or(usize::MAX);
        let take = usize::try_from(size).unwrap_or(usize::MAX);
        Ok(Page {
            contents: items.into_iter().skip(skip).take(take).collect(),
            page: PageInfo {
                number,
                size,
                total_elements: total,
                total_pages: (total + size - 1) / size,
            },
        })
    }
}

fn id(text: &str, what: &str) -> Result<i64, Out> {
    text.parse().map_err(|_| {
        fail(
            codes::COMMON_ILLEGAL_ARGUMENT,
            &format!("{what} must be a number, got '{text}'"),
        )
    })
}

fn body<T: DeserializeOwned>(bytes: &Bytes) -> Result<T, Out> {
    serde_json::from_slice(bytes).map_err(|e| {
        fail(
            codes::COMMON_ILLEGAL_ARGUMENT,
            &format!("JSON parse error: {e}"),
        )
    })
}

async fn clusters(State(state): State<OcpState>, RawQuery(q): RawQuery) -> Answer {
    let q = Query(query_pairs(q.as_deref()));
    let all = state.read(|w| w.clusters.clone());
    let name = q.one("name").map(str::to_owned);
    let filtered = all
        .into_iter()
        .filter(|c| name.as_deref().is_none_or(|n| c.name.contains(n)))
        .collect();
    data(&q.page(filtered)?)
}

fn find_cluster(w: &OcpWorld, id: i64) -> Result<obshell_protocol::ocp::Cluster, Out> {
    w.cluster(id)
        .cloned()
        .ok_or_else(|| fail(codes::COMMON_NOT_FOUND, &format!("cluster {id}")))
}

async fn cluster(State(state): State<OcpState>, Path(cid): Path<String>) -> Answer {
    let cid = id(&cid, "cluster id")?;
    data(&state.read(|w| find_cluster(w, cid))?)
}

async fn tenants(
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

/// `GET /api/v2/ob/clusters/{id}/zones`: the cluster's zones with their servers, paged.
async fn zones(
    State(state): State<OcpState>,
    Path(cid): Path<String>,
    RawQuery(q): RawQuery,
) -> Answer {
    let q = Query(query_pairs(q.as_deref()));
    let cid = id(&cid, "cluster id")?;
    let zones = state.read(|w| find_cluster(w, cid))?.zones;
    data(&q.page(zones)?)
}

/// `GET /api/v2/ob/tenants`: the tenants of every cluster (without zones), paged.
async fn all_tenants(State(state): State<OcpState>, RawQuery(q): RawQuery) -> Answer {
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

fn find_tenant(
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

async fn tenant(State(state): State<OcpState>, Path((cid, tid)): Path<(String, String)>) -> Answer {
    let (cid, tid) = (id(&cid, "cluster id")?, id(&tid, "tenant id")?);
    data(&state.read(|w| find_tenant(w, cid, tid))?.1)
}

async fn unit_specs(State(state): State<OcpState>, RawQuery(q): RawQuery) -> Answer {
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

/// What OceanBase says when OCP creates or alters a pool the zone cannot hold.
fn ob_failed(what: &str, sub: SubError) -> Out {
    let code = codes::COMMON_OB_OPERATION_FAILED;
    Out::Error(
        code.status,
        OcpError {
            code: code.code,
            message: code.message(&format!("{what}: {}", sub.message)),
            sub_errors: vec![sub],
            ..OcpError::default()
        },
    )
}

/// Creates the task and marks the tenant MODIFYING; the answer is the new task.
fn submit(w: &mut OcpWorld, tenant_id: i64, make: impl FnOnce(&mut OcpWorld) -> TaskRec) -> Answer {
    let rec = make(w);
    let task = rec.task.clone();
    if let Some(t) = w.tenant_mut(tenant_id) {
        t.status = "MODIFYING".to_owned();
    }
    w.tasks.push(rec);
    data(&task)
}

fn target(state: &OcpState, cid: i64, tid: i64, zones: Vec<String>) -> Target {
    Target {
        cluster_id: cid,
        tenant_id: tid,
        zones,
        executor: state.config().server.clone(),
    }
}

async fn add_replica(
    State(state): State<OcpState>,
    Path((cid, tid)): Path<(String, String)>,
    raw: Bytes,
) -> Answer {
    let (cid, tid) = (id(&cid, "cluster id")?, id(&tid, "tenant id")?);
    // Spring reads the body before the handler runs: a malformed one is refused first.
    let request: Vec<ReplicaSpec> = body(&raw)?;
    let now = state.now();
    state.update(|w| {
        let (cluster, tenant) = find_tenant(w, cid, tid)?;
        if let Some(first) = rules::check_add(&tenant, &cluster, &w.specs, &request)
            .into_iter()
            .next()
        {
            return Err(violation(first));
        }
        for r in &request {
            let cfg = w
                .spec(&r.resource_pool.unit_spec_name)
                .map(unit_config)
                .unwrap_or_default();
            if let Err(sub) = w.place(
                cid,
                &r.zone_name,
                cfg,
                r.resource_pool.unit_count,
                None,
                &[],
            ) {
                return Err(ob_failed(
                    &format!("create resource pool {}_pool_{}", tenant.name, r.zone_name),
                    *sub,
                ));
            }
        }
        let zones = request.iter().map(|r| r.zone_name.clone()).collect();
        let t = target(&state, cid, tid, zones);
        submit(w, tid, |w| {
            engine::add_replica(w, &t, &tenant.name, &request, now)
        })
    })
}

async fn delete_replica(
    State(state): State<OcpState>,
    Path((cid, tid)): Path<(String, String)>,
    raw: Bytes,
) -> Answer {
    let (cid, tid) = (id(&cid, "cluster id")?, id(&tid, "tenant id")?);
    // Spring reads the body before the handler runs: a malformed one is refused first.
    let request: Vec<DeleteReplica> = body(&raw)?;
    let now = state.now();
    state.update(|w| {
        let (_, tenant) = find_tenant(w, cid, tid)?;
        if let Some(first) = rules::check_delete(&tenant, &request).into_iter().next() {
            return Err(violation(first));
        }
        let zones: Vec<String> = request.iter().map(|r| r.zone_name.clone()).collect();
        let t = target(&state, cid, tid, zones.clone());
        submit(w, tid, |w| {
            engine::delete_replica(w, &t, &tenant.name, &zones, now)
        })
    })
}

async fn modify_replica(
    State(state): State<OcpState>,
    Path((cid, tid)): Path<(String, String)>,
    raw: Bytes,
) -> Answer {
    let (cid, tid) = (id(&cid, "cluster id")?, id(&tid, "tenant id")?);
    // Spring reads the body before the handler runs: a malformed one is refused first.
    let request: Vec<ModifyReplica> = body(&raw)?;
    let now = state.now();
    state.update(|w| {
        let (cluster, tenant) = find_tenant(w, cid, tid)?;
        if let Some(first) = rules::check_modify(&tenant, &cluster, &w.specs, &request)
            .into_iter()
            .next()
        {
            return Err(violation(first));
        }
        for r in &request {
            let Some(change) = &r.resource_pool else {
                continue;
            };
            let Some(zone) = tenant.zones.iter().find(|z| z.name == r.zone_name) else {
                continue;
            };
            let Some(pool) = &zone.resource_pool else {
                continue;
            };
            let cfg = change
                .unit_spec_name
                .as_deref()
                .and_then(|n| w.spec(n))
                .map(unit_config)
                .or(pool.unit_config)
                .unwrap_or_default();
            let count = change.unit_count.unwrap_or(pool.unit_count);
            let prefer: Vec<i64> = zone.units.iter().map(|u| u.server_id).collect();
            if let Err(sub) = w.place(cid, &r.zone_name, cfg, count, Some(pool.id), &prefer) {
                return Err(ob_failed(
                    &format!("alter resource pool {}", pool.name),
                    *sub,
                ));
            }
        }
        let zones = request.iter().map(|r| r.zone_name.clone()).collect();
        let t = target(&state, cid, tid, zones);
        submit(w, tid, |w| engine::modify_replica(w, &t, &request, now))
    })
}

/// A task as the list and the detail give it: `creator` as `{id, name}` (OCP's task-detail
/// sample), with the `cluster` and `tenant` objects of BasicTaskInstance.
fn task_view(w: &OcpWorld, task: &Task) -> Value {
    let mut t = task.clone();
    t.creator.id = Some(1);
    let mut v = serde_json::to_value(&t).unwrap_or(Value::Null);
    let cluster = task.cluster_id.and_then(|id| w.cluster(id));
    let tenant = task
        .tenant_id
        .and_then(|id| w.tenants.iter().find(|t| t.id == id));
    if let Some(obj) = v.as_object_mut() {
        obj.insert(
            "cluster".to_owned(),
            cluster.map_or(Value::Null, |c| {
                json!({"id": c.id, "name": c.name, "obClusterId": c.ob_cluster_id, "type": c.kind})
            }),
        );
        obj.insert(
            "tenant".to_owned(),
            tenant.map_or(Value::Null, |t| {
                json!({"id": t.id, "name": t.name, "obTenantId": t.ob_tenant_id, "mode": t.mode})
            }),
        );
    }
    v
}

async fn tasks(State(state): State<OcpState>, RawQuery(q): RawQuery) -> Answer {
    let q = Query(query_pairs(q.as_deref()));
    let status = q.all("status");
    let cluster = q.number("clusterId")?;
    let tenant = q.number("tenantId")?;
    let name = q.one("name").map(str::to_lowercase);
    let list = state.read(|w| {
        let mut list: Vec<Value> = w
            .tasks
            .iter()
            .rev()
            .map(|r| &r.task)
            .filter(|t| status.is_empty() || status.iter().any(|s| s == t.status.as_str()))
            .filter(|t| cluster.is_none() || t.cluster_id == cluster)
            .filter(|t| tenant.is_none() || t.tenant_id == tenant)
            .filter(|t| {
                name.as_deref()
                    .is_none_or(|n| t.name.to_lowercase().contains(n))
            })
            .map(|t| task_view(w, t))
            .collect();
        list.shrink_to_fit();
        list
    });
    data(&q.page(list)?)
}

fn task_not_found(tid: i64) -> Out {
    fail(codes::TASK_NOT_EXISTS, &tid.to_string())
}

fn with_task<T>(
    state: &OcpState,
    tid: &str,
    f: impl FnOnce(&mut OcpWorld, usize) -> Result<T, Out>,
) -> Result<T, Out> {
    let tid = id(tid, "task id")?;
    state.update(|w| {
        let i = w
            .tasks
            .iter()
            .position(|t| t.task.id == tid)
            .ok_or_else(|| task_not_found(tid))?;
        f(w, i)
    })
}

async fn task(State(state): State<OcpState>, Path(tid): Path<String>) -> Answer {
    with_task(&state, &tid, |w, i| {
        Ok(Out::Data(task_view(w, &w.tasks[i].task)))
    })
}

fn refused(r: obshell_protocol::ocp::ops::Refusal) -> Out {
    Out::Error(
        r.code.status,
        OcpError {
            code: r.code.code,
            message: r.message,
            ..OcpError::default()
        },
    )
}

async fn task_op(state: OcpState, tid: String, op: TaskOp) -> Answer {
    let now = state.now();
    let speed = state.config().speed;
    with_task(&state, &tid, |w, i| {
        w.tasks[i].task_op(op, now).map_err(refused)?;
        let mut rec = w.tasks[i].clone();
        rec.advance(w, now, speed);
        w.tasks[i] = rec;
        Ok(Out::Data(task_view(w, &w.tasks[i].task)))
    })
}

async fn task_retry(State(state): State<OcpState>, Path(tid): Path<String>) -> Answer {
    task_op(state, tid, TaskOp::Retry).await
}

async fn task_rollback(State(state): State<OcpState>, Path(tid): Path<String>) -> Answer {
    task_op(state, tid, TaskOp::Rollback).await
}

async fn subtask_log(
    State(state): State<OcpState>,
    Path((tid, sid)): Path<(String, String)>,
) -> Answer {
    let sid = id(&sid, "subtask id")?;
    let now = state.now();
    with_task(&state, &tid, |w, i| {
        let log = w.tasks[i]
            .log(sid, now)
            .ok_or_else(|| task_not_found(sid))?;
        Ok(Out::Data(json!({ "log": log })))
    })
}

async fn subtask_op(
    State(state): State<OcpState>,
    Path((tid, sid, op)): Path<(String, String, String)>,
) -> Answer {
    let Some(op) = SubtaskOp::from_path(&op) else {
        return Err(no_code(
            404,
            &format!("No handler found for subtask operation {op}"),
        ));
    };
    let sid = id(&sid, "subtask id")?;
    let now = state.now();
    let speed = state.config().speed;
    with_task(&state, &tid, |w, i| {
        let mut rec = w.tasks[i].clone();
        rec.subtask_op(sid, op, now, speed).map_err(refused)?;
        w.tasks[i] = rec;
        match op {
            SubtaskOp::Retry => Ok(Out::Data(
                serde_json::to_value(w.tasks[i].subtask(sid)).unwrap_or(Value::Null),
            )),
            SubtaskOp::Skip | SubtaskOp::Cancel => Ok(Out::NoData),
        }
    })
}

// ---- admin ----

fn admin(state: OcpState) -> Router {
    Router::new()
        .route("/__sim/ocp/fail", post(admin_fail))
        .route("/__sim/ocp/throttle", post(admin_throttle))
        .route(
            "/__sim/ocp/requests",
            get(admin_requests).delete(admin_clear),
        )
        .route("/__sim/ocp/reset", post(admin_reset))
        .with_state(state)
}

#[derive(Deserialize)]
struct Fail {
    subtask: String,
    #[serde(default = "one")]
    times: u32,
}

fn one() -> u32 {
    1
}

async fn admin_fail(State(state): State<OcpState>, Json(b): Json<Fail>) -> Json<Value> {
    let times = b.times.max(1);
    state.update(|w| {
        w.fail_rules.push(FailRule {
            subtask: b.subtask.clone(),
            times,
        })
    });
    Json(json!({ "armed": b.subtask, "times": times }))
}

#[derive(Deserialize)]
struct Throttle {
    #[serde(default = "one")]
    times: u32,
    #[serde(default = "sixty")]
    reset: u64,
}

fn sixty() -> u64 {
    60
}

async fn admin_throttle(State(state): State<OcpState>, Json(b): Json<Throttle>) -> Json<Value> {
    state.throttle(b.times, b.reset);
    Json(json!({ "times": b.times, "reset": b.reset }))
}

async fn admin_requests(State(state): State<OcpState>) -> Json<Value> {
    Json(json!({ "requests": state.requests().requests() }))
}

async fn admin_clear(State(state): State<OcpState>) -> Json<Value> {
    state.requests().clear_requests();
    Json(json!({}))
}

async fn admin_reset(State(state): State<OcpState>) -> Json<Value> {
    state.throttle(0, 0);
    state.update(|w| w.fail_rules.clear());
    Json(json!({}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_decode() {
        let q = Query(query_pairs(Some(
            "status=RUNNING&status=FAILED,SUCCESSFUL&a=%2F+b",
        )));
        assert_eq!(q.all("status"), ["RUNNING", "FAILED", "SUCCESSFUL"]);
        assert_eq!(q.one("a"), Some("/ b"));
    }
}
