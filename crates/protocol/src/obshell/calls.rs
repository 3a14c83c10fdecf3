//! Every call the console makes to an agent, spelled once: the label its errors carry and the
//! list the shipped nginx passes (`crate::calls`). The targets are built by [`super::paths`].
//! Endpoints: docs/protocol/obshell.md §4.

crate::calls::calls! {
    /// The agent's clock (open).
    TIME = "GET /api/v1/time";
    /// The agent's identity and version (open).
    INFO = "GET /api/v1/info";
    /// The agent's public key (open).
    SECRET = "GET /api/v1/secret";
    /// A session login (4.4.0+).
    LOGIN = "POST /api/v1/login";
    LOGOUT = "POST /api/v1/logout";
    OB_INFO = "GET /api/v1/ob/info";
    CLUSTER_INFO = "GET /api/v1/obcluster/info";
    UNIT_CONFIG_LIMIT = "GET /api/v1/obcluster/unit-config-limit";
    TENANTS_OVERVIEW = "GET /api/v1/tenants/overview";
    TENANT = "GET /api/v1/tenant/:name";
    TENANT_PARAMETER = "GET /api/v1/tenant/:name/parameter/:parameter";
    UNIT_CONFIGS = "GET /api/v1/units/config";
    CREATE_UNIT_CONFIG = "POST /api/v1/unit/config";
    DELETE_UNIT_CONFIG = "DELETE /api/v1/unit/config/:name";
    ADD_REPLICAS = "POST /api/v1/tenant/:name/replicas";
    DELETE_REPLICAS = "DELETE /api/v1/tenant/:name/replicas";
    MODIFY_REPLICAS = "PATCH /api/v1/tenant/:name/replicas";
    /// A tenant's primary zone (4.2.4+; applied before its task takes the tenant's lock).
    SET_PRIMARY_ZONE = "PUT /api/v1/tenant/:name/primary-zone";
    SCALE_OUT = "POST /api/v1/ob/scale_out";
    SCALE_IN = "POST /api/v1/ob/scale_in";
    DAG = "GET /api/v1/task/dag/:id";
    OPERATE_DAG = "POST /api/v1/task/dag/:id";
    PASS_NODE = "POST /api/v1/task/node/:id";
    SUB_TASK_LOGS = "GET /api/v1/task/sub_task/:id/logs";
    DAGS_UNFINISHED = "GET /api/v1/task/dag/unfinish";
    DAGS_CLUSTER = "GET /api/v1/task/dags/ob";
    DAGS_AGENT = "GET /api/v1/task/dags/agent";
}

#[cfg(test)]
mod tests {
    use super::super::paths;
    use crate::calls::matches;

    /// Each target the console builds is an instance of the call it is sent as.
    #[test]
    fn the_targets_fit_their_calls() {
        let pairs = [
            (super::TIME, paths::TIME.to_owned()),
            (super::INFO, paths::INFO.to_owned()),
            (super::SECRET, paths::SECRET.to_owned()),
            (super::LOGIN, paths::LOGIN.to_owned()),
            (super::LOGOUT, paths::LOGOUT.to_owned()),
            (super::OB_INFO, paths::OB_INFO.to_owned()),
            (super::CLUSTER_INFO, paths::CLUSTER_INFO.to_owned()),
            (
                super::UNIT_CONFIG_LIMIT,
                paths::UNIT_CONFIG_LIMIT.to_owned(),
            ),
            (super::TENANTS_OVERVIEW, paths::TENANTS_OVERVIEW.to_owned()),
            (super::TENANT, paths::tenant("t 1/x")),
            (super::TENANT_PARAMETER, paths::tenant_parameter("t", "p")),
            (super::UNIT_CONFIGS, paths::UNIT_CONFIGS.to_owned()),
            (super::CREATE_UNIT_CONFIG, paths::UNIT_CONFIG.to_owned()),
            (super::DELETE_UNIT_CONFIG, paths::unit_config("u")),
            (super::ADD_REPLICAS, paths::tenant_replicas("t")),
            (super::SET_PRIMARY_ZONE, paths::tenant_primary_zone("t")),
            (super::SCALE_OUT, paths::SCALE_OUT.to_owned()),
            (super::SCALE_IN, paths::SCALE_IN.to_owned()),
            (super::DAG, paths::dag("21", true)),
            (super::OPERATE_DAG, paths::dag_operation("21")),
            (super::PASS_NODE, paths::node("31")),
            (super::SUB_TASK_LOGS, paths::sub_task_logs("41")),
            (super::DAGS_UNFINISHED, paths::dags_unfinished()),
            (super::DAGS_CLUSTER, paths::dags_cluster()),
            (super::DAGS_AGENT, paths::dags_agent()),
        ];
        for (call, target) in pairs {
            assert!(matches(call, &target), "{target} is not {call}");
        }
        assert!(!matches(super::TENANT, &paths::tenant_replicas("t")));
    }
}
