//! Unit configs and resource pools (docs/protocol/obshell.md §4.4, §4.5).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::{delete, get, post};
use axum::Router;
use obshell_protocol::obshell::capacity::{default_log_disk, parse_capacity};
use obshell_protocol::obshell::catalog;
use obshell_protocol::obshell::Contents;
use serde::Deserialize;

use super::guards::require_cluster_agent;
use crate::obshell::failure::Failure;
use crate::obshell::model::{unit_config_dto, UnitConfigRec};
use crate::obshell::pipeline::{ApiResult, Reply};
use crate::obshell::routes::bind::{bind, Field, Schema, StructSchema};
use crate::obshell::state::AppState;

/// OceanBase's `__min_full_resource_pool_memory` in this demo cluster (as obd sets it for small
/// deployments), in GiB; `/obcluster/unit-config-limit` reports the same.
pub const MIN_MEMORY_GIB: i64 = 2;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/units/config", get(list))
        .route("/unit/config", post(create))
        .route("/unit/config/{name}", get(one).delete(drop_config))
        .route("/resource-pools", get(pools))
        .route("/resource-pool/{name}", delete(drop_pool))
}

async fn list(State(state): State<AppState>) -> ApiResult {
    require_cluster_agent(&state)?;
    state.sql()?;
    let rows: Vec<_> = state.read(|w| w.cluster.unit_configs.iter().map(unit_config_dto).collect());
    Ok(Reply::data(&Contents::new(rows)))
}

async fn one(State(state): State<AppState>, Path(name): Path<String>) -> ApiResult {
    require_cluster_agent(&state)?;
    state.sql()?;
    state
        .read(|w| w.cluster.unit_config(&name).map(unit_config_dto))
        .map(|u| Reply::data(&u))
        .ok_or_else(|| Failure::from_spec(catalog::UNIT_CONFIG_NOT_EXIST, &[name]))
}

#[derive(Deserialize)]
struct CreateParam {
    name: String,
    memory_size: String,
    max_cpu: f64,
    min_cpu: Option<f64>,
    max_iops: Option<i64>,
    min_iops: Option<i64>,
    log_disk_size: Option<String>,
    data_disk_size: Option<String>,
}

pub(crate) static CREATE: StructSchema = StructSchema {
    go_name: "CreateResourceUnitConfigParams",
    fields: &[
        Field {
            json: "name",
            go: "Name",
            schema: Schema::String,
            nullable: true,
            required: true,
        },
        Field {
            json: "memory_size",
            go: "MemorySize",
            schema: Schema::String,
            nullable: true,
            required: true,
        },
        Field {
            json: "max_cpu",
            go: "MaxCpu",
            schema: Schema::Float,
            nullable: true,
            required: true,
        },
        Field {
            json: "min_cpu",
            go: "MinCpu",
            schema: Schema::Float,
            nullable: true,
            required: false,
        },
        Field {
            json: "max_iops",
            go: "MaxIops",
            schema: Schema::Int,
            nullable: true,
            required: false,
        },
        Field {
            json: "min_iops",
            go: "MinIops",
            schema: Schema::Int,
            nullable: true,
            required: false,
        },
        Field {
            json: "log_disk_size",
            go: "LogDiskSize",
            schema: Schema::String,
            nullable: true,
            required: false,
        },
        Field {
            json: "data_disk_size",
            go: "DataDiskSize",
            schema: Schema::String,
            nullable: true,
            required: false,
        },
    ],
};

fn illegal(field: &str, reason: &str) -> Failure {
    Failure::from_spec(
        catalog::ILLEGAL_ARGUMENT_WITH_MESSAGE,
        &[field.to_owned(), reason.to_owned()],
    )
}

/// The agent's checks of a new unit config, in its order.
fn validate(p: &CreateParam) -> Result<(i64, Option<i64>), Failure> {
    if p.name.is_empty() {
        return Err(Failure::from_spec(catalog::UNIT_CONFIG_NAME_EMPTY, &[]));
    }
    let memory =
        parse_capacity(&p.memory_size).ok_or_else(|| illegal("memory_size", &p.memory_size))?;
    let log_disk = match &p.log_disk_size {
        Some(text) => Some(parse_capacity(text).ok_or_else(|| illegal("log_disk_size", text))?),
        None => None,
    };
    if p.data_disk_size.is_some() {
        return Err(illegal(
            "data_disk_size",
            "DATA_DISK_SIZE is only supported in shared storage mode.",
        ));
    }
    if p.max_cpu <= 0.0 {
        return Err(illegal("max_cpu", "max_cpu should be positive."));
    }
    if p.min_cpu.is_some_and(|c| c <= 0.0) {
        return Err(illegal("min_cpu", "min_cpu should be positive."));
    }
    if p.min_iops.is_some_and(|i| i <= 0) {
        return Err(illegal("min_iops", "min_iops should be positive."));
    }
    if p.max_iops.is_some_and(|i| i <= 0) {
        return Err(illegal("max_iops", "max_iops should be positive."));
    }
    if p.min_cpu.is_some_and(|c| p.max_cpu < c) {
        return Err(illegal(
            "min_cpu",
            "min_cpu should not be greater than max_cpu.",
        ));
    }
    if p.max_cpu < 1.0 {
        return Err(illegal("max_cpu", "min value is 1."));
    }
    if p.min_cpu.is_some_and(|c| c < 1.0) {
        return Err(illegal("min_cpu", "min value is 1."));
    }
    if let (Some(max), Some(min)) = (p.max_iops, p.min_iops) {
        if max < min {
            return Err(illegal(
                "min_iops",
                "min_iops should not be greater than max_iops.",
            ));
        }
    }
    Ok((memory, log_disk))
}

fn mysql_error(text: &str) -> Failure {
    Failure::from_spec(catalog::MYSQL_ERROR, &[text.to_owned()])
}

async fn create(State(state): State<AppState>, body: Bytes) -> ApiResult {
    require_cluster_agent(&state)?;
    state.sql()?;
    let p: CreateParam = bind(&body, &CREATE)?;
    let (memory, log_disk) = validate(&p)?;
    let now = state.now();
    state.update(|w| {
        if w.cluster.unit_config(&p.name).is_some() {
            return Err(Failure::from_spec(catalog::UNIT_CONFIG_EXISTED, std::slice::from_ref(&p.name)));
        }
        if memory < MIN_MEMORY_GIB << 30 {
            return Err(mysql_error(
                "Error 1235 (0A000): unit MEMORY_SIZE less than __min_full_resource_pool_memory not supported",
            ));
        }
        let id = w.cluster.new_id();
        let min_cpu = p.min_cpu.unwrap_or(p.max_cpu);
        w.cluster.unit_configs.push(UnitConfigRec {
            id,
            name: p.name.clone(),
            max_cpu: p.max_cpu,
            min_cpu,
            memory_size: memory,
            log_disk_size: log_disk.unwrap_or_else(|| default_log_disk(memory)),
            max_iops: p.max_iops.unwrap_or(i64::MAX),
            min_iops: p.min_iops.unwrap_or(i64::MAX),
            created: now,
            modified: now,
        });
        Ok(Reply::Empty)
    })
}

async fn drop_config(State(state): State<AppState>, Path(name): Path<String>) -> ApiResult {
    require_cluster_agent(&state)?;
    state.sql()?;
    state.update(|w| {
        let Some(config) = w.cluster.unit_config(&name).cloned() else {
            return Ok(Reply::Empty);
        };
        if w.cluster
            .pools
            .iter()
            .any(|p| p.unit_config_id == config.id)
        {
            return Err(mysql_error(&format!(
                "Error 4617 (HY000): resource unit '{name}' is referenced by some resource pool"
            )));
        }
        w.cluster.unit_configs.retain(|u| u.id != config.id);
        Ok(Reply::Empty)
    })
}

async fn pools(State(state): State<AppState>) -> ApiResult {
    require_cluster_agent(&state)?;
    state.sql()?;
    Ok(Reply::data(&Contents::new(
        state.read(|w| w.cluster.resource_pools()),
    )))
}

async fn drop_pool(State(state): State<AppState>, Path(name): Path<String>) -> ApiResult {
    require_cluster_agent(&state)?;
    state.sql()?;
    state.update(|w| {
        let Some(pool) = w.cluster.pools.iter().find(|p| p.name == name).cloned() else {
            return Err(mysql_error(&format!(
                "Error 4614 (HY000): resource pool '{name}' not exist"
            )));
        };
        if pool.tenant_id.is_some() {
            return Err(Failure::from_spec(catalog::POOL_GRANTED, &[name]));
        }
        w.cluster.pools.retain(|p| p.id != pool.id);
        Ok(Reply::Empty)
    })
}
