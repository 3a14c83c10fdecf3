//! Tenants and their replicas (docs/protocol/obshell.md §4.3, §4.6): the checks in the agent's
//! order, then the maintenance lock, then the DAG.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::routing::get;
use axum::Router;
use obshell_protocol::obshell::catalog::{self, Violation};
use obshell_protocol::obshell::model::task::AgentAddr;
use obshell_protocol::obshell::replica::{
    check_add, check_delete, check_modify, AddZone, ModifyZone,
};
use obshell_protocol::obshell::version::Feature;
use obshell_protocol::violation;
use serde::Deserialize;

use super::guards::{normal_tenant, require_cluster_agent};
use super::query::query_param;
use crate::obshell::engine::{
    plan_add_replicas, plan_delete_replicas, plan_modify_replicas, NewDag, NodePlan,
};
use crate::obshell::failure::Failure;
use crate::obshell::model::world::World;
use crate::obshell::model::MAINTENANCE_TENANT;
use crate::obshell::model::{check_resource_enough, tenant_parameter};
use crate::obshell::pipeline::{ApiResult, Reply};
use crate::obshell::routes::bind::{bind, Field, Schema, StructSchema};
use crate::obshell::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/tenants/overview", get(overview))
        .route("/tenant/{name}", get(info))
        .route("/tenant/{name}/parameter/{parameter}", get(parameter))
        .route(
            "/tenant/{name}/replicas",
            axum::routing::post(add).delete(remove).patch(modify),
        )
}

async fn overview(State(state): State<AppState>, RawQuery(query): RawQuery) -> ApiResult {
    require_cluster_agent(&state)?;
    state.sql()?;
    let mode = query_param(query.as_deref(), "mode").filter(|m| !m.is_empty());
    if let Some(mode) = &mode {
        if mode != "MYSQL" && mode != "ORACLE" {
            return Err(Failure::from_spec(
                catalog::TENANT_MODE_NOT_SUPPORTED,
                std::slice::from_ref(mode),
            ));
        }
    }
    let rows: Vec<_> = state.read(|w| {
        w.cluster
            .tenants
            .iter()
            .filter(|t| mode.as_ref().is_none_or(|m| &t.mode == m))
            .map(|t| w.cluster.tenant_overview(t))
            .collect()
    });
    Ok(Reply::data(&obshell_protocol::obshell::Contents::new(rows)))
}

async fn info(State(state): State<AppState>, Path(name): Path<String>) -> ApiResult {
    state.sql()?;
    state
        .read(|w| w.cluster.tenant(&name).map(|t| w.cluster.tenant_info(t)))
        .map(|t| Reply::data(&t))
        .ok_or_else(|| Failure::from_spec(catalog::TENANT_NOT_EXIST, &[name]))
}

async fn parameter(
    State(state): State<AppState>,
    Path((name, parameter)): Path<(String, String)>,
) -> ApiResult {
    let tenant = normal_tenant(&state, &name)?;
    match tenant.parameter(&parameter) {
        Some(value) => Ok(Reply::data(&tenant_parameter(&parameter, value))),
        None => Err(Failure::from_spec(
            catalog::TENANT_PARAMETER_NOT_EXIST,
            &[parameter],
        )),
    }
}

#[derive(Deserialize)]
struct AddZoneIn {
    #[serde(default)]
    name: String,
    #[serde(default)]
    replica_type: String,
    #[serde(default)]
    unit_config_name: String,
    #[serde(default)]
    unit_num: i64,
}

#[derive(Deserialize)]
struct AddParam {
    zone_list: Vec<AddZoneIn>,
}

pub(crate) static ZONE_PARAM: StructSchema = StructSchema {
    go_name: "ZoneParam",
    fields: &[
        Field {
            json: "name",
            go: "Name",
            schema: Schema::String,
            nullable: false,
            required: true,
        },
        Field {
            json: "replica_type",
            go: "ReplicaType",
            schema: Schema::String,
            nullable: false,
            required: false,
        },
        Field {
            json: "unit_config_name",
            go: "UnitConfigName",
            schema: Schema::String,
            nullable: false,
            required: true,
        },
        Field {
            json: "unit_num",
            go: "UnitNum",
            schema: Schema::Int,
            nullable: false,
            required: true,
        },
    ],
};

pub(crate) static ADD: StructSchema = StructSchema {
    go_name: "ScaleOutTenantReplicasParam",
    fields: &[Field {
        json: "zone_list",
        go: "ZoneList",
        schema: Schema::Array(&Schema::Struct(&ZONE_PARAM)),
        nullable: true,
        required: true,
    }],
};

#[derive(Deserialize)]
struct DeleteParam {
    zones: Vec<String>,
}

pub(crate) static DELETE: StructSchema = StructSchema {
    go_name: "ScaleInTenantReplicasParam",
    fields: &[Field {
        json: "zones",
        go: "Zones",
        schema: Schema::Array(&Schema::String),
        nullable: true,
        required: true,
    }],
};

#[derive(Deserialize)]
struct ModifyZoneIn {
    #[serde(default)]
    zone_name: String,
    replica_type: Option<String>,
    unit_config_name: Option<String>,
    unit_num: Option<i64>,
}

#[derive(Deserialize)]
struct ModifyParam {
    zone_list: Vec<ModifyZoneIn>,
}

pub(crate) static MODIFY_ZONE: StructSchema = StructSchema {
    go_name: "ModifyReplicaZoneParam",
    fields: &[
        Field {
            json: "zone_name",
            go: "Name",
            schema: Schema::String,
            nullable: false,
            required: true,
        },
        Field {
            json: "replica_type",
            go: "ReplicaType",
            schema: Schema::String,
            nullable: true,
            required: false,
        },
        Field {
            json: "unit_config_name",
            go: "UnitConfigName",
            schema: Schema::String,
            nullable: true,
            required: false,
        },
        Field {
            json: "unit_num",
            go: "UnitNum",
            schema: Schema::Int,
            nullable: true,
            required: false,
        },
    ],
};

pub(crate) static MODIFY: StructSchema = StructSchema {
    go_name: "ModifyReplicasParam",
    fields: &[Field {
        json: "zone_list",
        go: "ZoneList",
        schema: Schema::Array(&Schema::Struct(&MODIFY_ZONE)),
        nullable: true,
        required: true,
    }],
};

/// Takes the tenant lock and creates the DAG, or refuses as the agent's task service does.
pub(super) fn start_dag(
    state: &AppState,
    world: &mut World,
    tenant: &str,
    name: &str,
    nodes: Vec<NodePlan>,
) -> ApiResult {
    if let Some(conflict) = world.tasks.lock_conflict(MAINTENANCE_TENANT, tenant) {
        return Err(
            Failure::from(conflict).wrapped(catalog::TASK_CREATE_FAILED, &[name.to_owned()])
        );
    }
    let config = state.config();
    let new = NewDag {
        name: name.to_owned(),
        maintenance_type: MAINTENANCE_TENANT,
        maintenance_key: tenant.to_owned(),
        failure_exits_maintenance: true,
        nodes,
        agent: AgentAddr {
            ip: config.ip.clone(),
            port: config.port,
        },
        local_target: None,
    };
    let id = world.tasks.create(new, state.now(), &mut world.fail_rules);
    let dag = world.tasks.dag(id).map(|d| d.to_detail(false));
    Ok(Reply::dags(&config.capabilities(), &dag))
}

fn refuse(v: Violation) -> Failure {
    Failure::from(v)
}

/// The tenant check and the body, in the version's order: from 4.4.0 the route's tenant
/// middleware checks the tenant (exists, NORMAL) before the body is read (`api/tenant_utils.go`);
/// before, the handler binds the body first and the executor checks the tenant
/// (`checkTenantExistAndStatus` in `executor/tenant/enter.go` of 4.2.5.0 / 4.3.0.0).
/// Refusals from the executor (after the body, and the tenant check before 4.4.0) come with the
/// handler's nil DAG: `"data": null` beside the error. The tenant middleware of 4.4.0 and the
/// binder send none.
pub(super) fn tenant_and_body<T: serde::de::DeserializeOwned>(
    state: &AppState,
    name: &str,
    body: &Bytes,
    schema: &'static StructSchema,
) -> Result<(crate::obshell::model::Tenant, T), Failure> {
    if state.config().capabilities().has(Feature::TenantNormalRule) {
        let tenant = normal_tenant(state, name)?;
        Ok((tenant, bind(body, schema)?))
    } else {
        let param = bind(body, schema)?;
        Ok((
            normal_tenant(state, name).map_err(Failure::with_null_data)?,
            param,
        ))
    }
}

async fn add(State(state): State<AppState>, Path(name): Path<String>, body: Bytes) -> ApiResult {
    let (tenant, param): (_, AddParam) = tenant_and_body(&state, &name, &body, &ADD)?;
    let mut zones: Vec<AddZone> = param
        .zone_list
        .into_iter()
        .map(|z| AddZone {
            name: z.name,
            replica_type: z.replica_type,
            unit_config_name: z.unit_config_name,
            unit_num: z.unit_num,
        })
        .collect();
    let ts = state.now().timestamp();
    state
        .update(|w| {
            let view = w.cluster.replica_view(&tenant).map_err(refuse)?;
            check_add(&view, &mut zones, &w.cluster).map_err(refuse)?;
            let wanted: Vec<(String, String, i64)> = zones
                .iter()
                .map(|z| (z.name.clone(), z.unit_config_name.clone(), z.unit_num))
                .collect();
            check_resource_enough(&w.cluster, &wanted).map_err(refuse)?;
            start_dag(
                &state,
                w,
                &name,
                obshell_protocol::obshell::dag_names::SCALE_OUT_TENANT_REPLICAS,
                plan_add_replicas(&name, &zones, ts),
            )
        })
        .map_err(Failure::with_null_data)
}

async fn remove(State(state): State<AppState>, Path(name): Path<String>, body: Bytes) -> ApiResult {
    let (tenant, param): (_, DeleteParam) = tenant_and_body(&state, &name, &body, &DELETE)?;
    state
        .update(|w| {
            let view = w.cluster.replica_view(&tenant).map_err(refuse)?;
            if !state
                .config()
                .capabilities()
                .has(Feature::DeleteNoReplica204)
            {
                // 4.2.4 refuses a zone without a replica instead of leaving it out.
                if let Some(zone) = param.zones.iter().find(|z| view.locality.get(z).is_none()) {
                    return Err(refuse(violation!(catalog::ZONE_WITHOUT_REPLICA, zone)));
                }
            }
            let Some((zones, _)) = check_delete(&view, &param.zones, &w.cluster).map_err(refuse)?
            else {
                return Ok(Reply::NoContent);
            };
            let nodes = plan_delete_replicas(&w.cluster, &name, &zones);
            start_dag(
                &state,
                w,
                &name,
                obshell_protocol::obshell::dag_names::SCALE_IN_TENANT_REPLICAS,
                nodes,
            )
        })
        .map_err(Failure::with_null_data)
}

async fn modify(State(state): State<AppState>, Path(name): Path<String>, body: Bytes) -> ApiResult {
    let (tenant, param): (_, ModifyParam) = tenant_and_body(&state, &name, &body, &MODIFY)?;
    let entries: Vec<ModifyZone> = param
        .zone_list
        .into_iter()
        .map(|z| ModifyZone {
            zone_name: z.zone_name,
            replica_type: z.replica_type,
            unit_config_name: z.unit_config_name,
            unit_num: z.unit_num,
        })
        .collect();
    state
        .update(|w| {
            let view = w.cluster.replica_view(&tenant).map_err(refuse)?;
            let plan = check_modify(&view, &entries, &w.cluster).map_err(refuse)?;
            if plan.is_empty() {
                return Ok(Reply::NoContent);
            }
            start_dag(
                &state,
                w,
                &name,
                obshell_protocol::obshell::dag_names::MODIFY_TENANT_REPLICAS,
                plan_modify_replicas(&name, &plan),
            )
        })
        .map_err(Failure::with_null_data)
}
