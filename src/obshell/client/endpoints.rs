//! One method per agent endpoint, each through the session's single send path.

use obshell_protocol::obshell::model::cluster_info::ClusterInfo;
use obshell_protocol::obshell::model::task::{DagDetail, OperatorRequest, SubTaskLog};
use obshell_protocol::obshell::model::tenant::{
    AddReplicaZone, ModifyReplicaZone, NewUnitConfig, TenantInfo, TenantOverview, TenantParameter,
    UnitConfig,
};
use obshell_protocol::obshell::model::ObInfo;
use obshell_protocol::obshell::version::Feature;
use obshell_protocol::obshell::{calls, paths, Contents};
use serde::Serialize;

use super::session::Session;
use super::task_lists::{cluster_list_refused, TaskLists, ENDED_READ_ALONE};
use crate::core::error::ApiError;
use crate::core::transport::Method;

impl Session {
    /// `GET /api/v1/ob/info`.
    pub async fn ob_info(&self) -> Result<ObInfo, ApiError> {
        self.get(calls::OB_INFO, paths::OB_INFO).await
    }

    /// `GET /api/v1/obcluster/info` (4.3.0.0+).
    pub async fn cluster_info(&self) -> Result<ClusterInfo, ApiError> {
        self.get(calls::CLUSTER_INFO, paths::CLUSTER_INFO).await
    }

    /// `GET /api/v1/obcluster/unit-config-limit`: the smallest memory (GiB) a unit may have.
    pub async fn min_unit_memory_gib(&self) -> Result<f64, ApiError> {
        let limit: Option<obshell_protocol::obshell::model::cluster_info::UnitConfigLimit> = self
            .call::<_, ()>(
                calls::UNIT_CONFIG_LIMIT,
                Method::Get,
                paths::UNIT_CONFIG_LIMIT,
                None,
            )
            .await?
            .1;
        Ok(limit.map_or(0.0, |l| l.min_memory))
    }

    /// `GET /api/v1/tenants/overview`.
    pub async fn tenants(&self) -> Result<Vec<TenantOverview>, ApiError> {
        let list: Contents<TenantOverview> = self
            .get(calls::TENANTS_OVERVIEW, paths::TENANTS_OVERVIEW)
            .await?;
        Ok(list.into_vec())
    }

    /// `GET /api/v1/tenant/:name`.
    pub async fn tenant(&self, name: &str) -> Result<TenantInfo, ApiError> {
        self.get(calls::TENANT, &paths::tenant(name)).await
    }

    /// `GET /api/v1/tenant/:name/parameter/:parameter`.
    pub async fn tenant_parameter(
        &self,
        name: &str,
        parameter: &str,
    ) -> Result<TenantParameter, ApiError> {
        self.get(
            calls::TENANT_PARAMETER,
            &paths::tenant_parameter(name, parameter),
        )
        .await
    }

    /// `GET /api/v1/units/config`.
    pub async fn unit_configs(&self) -> Result<Vec<UnitConfig>, ApiError> {
        let list: Contents<UnitConfig> = self.get(calls::UNIT_CONFIGS, paths::UNIT_CONFIGS).await?;
        Ok(list.into_vec())
    }

    /// `POST /api/v1/unit/config`.
    pub async fn create_unit_config(&self, spec: &NewUnitConfig) -> Result<(), ApiError> {
        self.call::<serde_json::Value, _>(
            calls::CREATE_UNIT_CONFIG,
            Method::Post,
            paths::UNIT_CONFIG,
            Some(spec),
        )
        .await
        .map(|_| ())
    }

    /// `DELETE /api/v1/unit/config/:name` (idempotent).
    pub async fn delete_unit_config(&self, name: &str) -> Result<(), ApiError> {
        self.call::<serde_json::Value, ()>(
            calls::DELETE_UNIT_CONFIG,
            Method::Delete,
            &paths::unit_config(name),
            None,
        )
        .await
        .map(|_| ())
    }

    /// `POST /api/v1/tenant/:name/replicas`.
    pub async fn add_replicas(
        &self,
        tenant: &str,
        zones: Vec<AddReplicaZone>,
    ) -> Result<Option<DagDetail>, ApiError> {
        #[derive(Serialize)]
        struct Body {
            zone_list: Vec<AddReplicaZone>,
        }
        let (_, dag) = self
            .call(
                calls::ADD_REPLICAS,
                Method::Post,
                &paths::tenant_replicas(tenant),
                Some(&Body { zone_list: zones }),
            )
            .await?;
        Ok(dag)
    }

    /// `DELETE /api/v1/tenant/:name/replicas`; `None` when nothing was there to delete (204).
    pub async fn delete_replicas(
        &self,
        tenant: &str,
        zones: Vec<String>,
    ) -> Result<Option<DagDetail>, ApiError> {
        #[derive(Serialize)]
        struct Body {
            zones: Vec<String>,
        }
        let (_, dag) = self
            .call(
                calls::DELETE_REPLICAS,
                Method::Delete,
                &paths::tenant_replicas(tenant),
                Some(&Body { zones }),
            )
            .await?;
        Ok(dag)
    }

    /// `PATCH /api/v1/tenant/:name/replicas`; `None` when nothing changes (204).
    pub async fn modify_replicas(
        &self,
        tenant: &str,
        zones: Vec<ModifyReplicaZone>,
    ) -> Result<Option<DagDetail>, ApiError> {
        #[derive(Serialize)]
        struct Body {
            zone_list: Vec<ModifyReplicaZone>,
        }
        let (_, dag) = self
            .call(
                calls::MODIFY_REPLICAS,
                Method::Patch,
                &paths::tenant_replicas(tenant),
                Some(&Body { zone_list: zones }),
            )
            .await?;
        Ok(dag)
    }

    /// `PUT /api/v1/tenant/:name/primary-zone` (4.2.4+). The agent changes the primary zone
    /// before it creates the task and takes the tenant's lock, so an error answer may come after
    /// the change was made (docs/protocol/obshell.md §4.6): read the tenant back.
    pub async fn set_primary_zone(
        &self,
        tenant: &str,
        primary_zone: &str,
    ) -> Result<Option<DagDetail>, ApiError> {
        #[derive(Serialize)]
        struct Body<'a> {
            primary_zone: &'a str,
        }
        let (_, dag) = self
            .call(
                calls::SET_PRIMARY_ZONE,
                Method::Put,
                &paths::tenant_primary_zone(tenant),
                Some(&Body { primary_zone }),
            )
            .await?;
        Ok(dag)
    }

    /// `GET /api/v1/task/dag/:id` with nodes.
    pub async fn dag(&self, id: &str) -> Result<DagDetail, ApiError> {
        self.get(calls::DAG, &paths::dag(id, true)).await
    }

    /// `POST /api/v1/task/dag/:id` with an operator.
    pub async fn operate_dag(&self, id: &str, operator: &str) -> Result<(), ApiError> {
        let body = OperatorRequest {
            operator: operator.to_owned(),
        };
        self.call::<serde_json::Value, _>(
            calls::OPERATE_DAG,
            Method::Post,
            &paths::dag_operation(id),
            Some(&body),
        )
        .await
        .map(|_| ())
    }

    /// `POST /api/v1/ob/scale_out`.
    pub async fn scale_out(
        &self,
        body: &obshell_protocol::obshell::model::task::ScaleOutRequest,
    ) -> Result<Option<DagDetail>, ApiError> {
        Ok(self
            .call(calls::SCALE_OUT, Method::Post, paths::SCALE_OUT, Some(body))
            .await?
            .1)
    }

    /// `POST /api/v1/ob/scale_in` (4.2.6+); `None` when the server is not in the cluster (204).
    pub async fn scale_in(
        &self,
        body: &obshell_protocol::obshell::model::task::ScaleInRequest,
    ) -> Result<Option<DagDetail>, ApiError> {
        Ok(self
            .call(calls::SCALE_IN, Method::Post, paths::SCALE_IN, Some(body))
            .await?
            .1)
    }

    /// Every task the agent lists, newest first: unfinished ones of every agent, and all
    /// cluster and local ones (without nodes). Agents before 4.3.0 list unfinished ones only.
    /// The cluster's list is not asked of an agent known not to be a cluster agent
    /// (`cluster_agent` false), and its refusal there is no failure (docs/protocol/obshell.md
    /// §4.8): both leave [`TaskLists::cluster_list_missing`] set.
    pub async fn task_lists(&self, cluster_agent: bool) -> Result<TaskLists, ApiError> {
        let mut lists = TaskLists::default();
        let unfinished: Contents<DagDetail> = self
            .get(calls::DAGS_UNFINISHED, &paths::dags_unfinished())
            .await?;
        let unfinished = unfinished.into_vec();
        lists.unfinished = unfinished.iter().map(|d| d.id.clone()).collect();
        lists.add(unfinished);
        if self.caps().has(Feature::AllTaskLists) {
            let cluster: Result<Contents<DagDetail>, ApiError> = if cluster_agent {
                self.get(calls::DAGS_CLUSTER, &paths::dags_cluster()).await
            } else {
                Ok(Contents::new(Vec::new()))
            };
            match cluster {
                Ok(list) => lists.add(list.into_vec()),
                Err(e) if cluster_list_refused(&e) => lists.cluster_list_missing = true,
                Err(e) => return Err(e),
            }
            lists.cluster_list_missing |= !cluster_agent;
            let local: Contents<DagDetail> =
                self.get(calls::DAGS_AGENT, &paths::dags_agent()).await?;
            lists.add(local.into_vec());
        }
        lists.sort();
        Ok(lists)
    }

    /// `lists` brought up to date without reading the full lists again: the unfinished list, and
    /// each task that left it read alone (at most [`ENDED_READ_ALONE`]; `None` when more ended
    /// at once, for the caller to read everything). See `task_lists.rs`.
    pub async fn refresh_task_lists(
        &self,
        mut lists: TaskLists,
    ) -> Result<Option<TaskLists>, ApiError> {
        let unfinished = self.unfinished_dags().await?;
        let ended = lists.fold_unfinished(unfinished);
        if ended.len() > ENDED_READ_ALONE {
            return Ok(None);
        }
        for id in ended {
            lists.replace(self.dag(&id).await?);
        }
        Ok(Some(lists))
    }

    /// The tasks of [`Session::task_lists`], as one list.
    pub async fn all_dags(&self) -> Result<Vec<DagDetail>, ApiError> {
        Ok(self.task_lists(true).await?.dags)
    }

    /// Unfinished tasks of every agent (for the header badge).
    pub async fn unfinished_dags(&self) -> Result<Vec<DagDetail>, ApiError> {
        let list: Contents<DagDetail> = self
            .get(calls::DAGS_UNFINISHED, &paths::dags_unfinished())
            .await?;
        Ok(list.into_vec())
    }

    /// `POST /api/v1/task/node/:id` with `PASS`.
    pub async fn pass_node(&self, id: &str) -> Result<(), ApiError> {
        let body = OperatorRequest {
            operator: "PASS".to_owned(),
        };
        self.call::<serde_json::Value, _>(
            calls::PASS_NODE,
            Method::Post,
            &paths::node(id),
            Some(&body),
        )
        .await
        .map(|_| ())
    }

    /// `GET /api/v1/task/sub_task/:id/logs`.
    pub async fn sub_task_logs(&self, id: &str) -> Result<Vec<SubTaskLog>, ApiError> {
        let list: Contents<SubTaskLog> = self
            .get(calls::SUB_TASK_LOGS, &paths::sub_task_logs(id))
            .await?;
        Ok(list.into_vec())
    }
}
