//! Request targets of the agent API, built in one place for the client and the simulator. A
//! target is signed byte for byte (`Uri`), so path segments are percent-encoded here, once.

pub const TIME: &str = "/api/v1/time";
pub const INFO: &str = "/api/v1/info";
pub const STATUS: &str = "/api/v1/status";
pub const SECRET: &str = "/api/v1/secret";
pub const LOGIN: &str = "/api/v1/login";
pub const LOGOUT: &str = "/api/v1/logout";
pub const OB_INFO: &str = "/api/v1/ob/info";
pub const CLUSTER_INFO: &str = "/api/v1/obcluster/info";
pub const UNIT_CONFIG_LIMIT: &str = "/api/v1/obcluster/unit-config-limit";
pub const CLUSTER_STATISTICS: &str = "/api/v1/obcluster/statistics";
pub const CLUSTER_TOPOLOGY: &str = "/api/v1/obcluster/topology/info";
pub const TOP_COMPACTIONS: &str = "/api/v1/tenant/top-compactions";
pub const TOP_SLOW_SQLS: &str = "/api/v1/tenant/top-slow-sqls";
pub const SUPPORT_TEMPLATES: &str = "/api/v1/tenant/support-templates";
pub const TENANTS_OVERVIEW: &str = "/api/v1/tenants/overview";
pub const UNIT_CONFIGS: &str = "/api/v1/units/config";
pub const UNIT_CONFIG: &str = "/api/v1/unit/config";
pub const RESOURCE_POOLS: &str = "/api/v1/resource-pools";
pub const SCALE_OUT: &str = "/api/v1/ob/scale_out";
pub const SCALE_IN: &str = "/api/v1/ob/scale_in";
pub const DAGS_UNFINISHED: &str = "/api/v1/task/dag/unfinish";
pub const DAGS_CLUSTER: &str = "/api/v1/task/dags/ob";
pub const DAGS_AGENT: &str = "/api/v1/task/dags/agent";
pub const API_PREFIX: &str = "/api/v1/";

/// Percent-encodes one path segment: everything but RFC 3986 unreserved characters.
pub fn segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn tenant(name: &str) -> String {
    format!("/api/v1/tenant/{}", segment(name))
}

pub fn tenant_precheck(name: &str) -> String {
    format!("/api/v1/tenant/{}/precheck", segment(name))
}

pub fn tenant_compaction(name: &str) -> String {
    format!("/api/v1/tenant/{}/compaction", segment(name))
}

pub fn tenant_replicas(name: &str) -> String {
    format!("/api/v1/tenant/{}/replicas", segment(name))
}

/// `PUT` a tenant's primary zone.
pub fn tenant_primary_zone(name: &str) -> String {
    format!("{}/primary-zone", tenant(name))
}

pub fn tenant_parameter(name: &str, parameter: &str) -> String {
    format!(
        "/api/v1/tenant/{}/parameter/{}",
        segment(name),
        segment(parameter)
    )
}

pub fn unit_config(name: &str) -> String {
    format!("/api/v1/unit/config/{}", segment(name))
}

pub fn dag(id: &str, details: bool) -> String {
    format!("/api/v1/task/dag/{}?show_details={details}", segment(id))
}

pub fn dag_operation(id: &str) -> String {
    format!("/api/v1/task/dag/{}", segment(id))
}

pub fn node(id: &str) -> String {
    format!("/api/v1/task/node/{}", segment(id))
}

pub fn sub_task(id: &str) -> String {
    format!("/api/v1/task/sub_task/{}", segment(id))
}

pub fn sub_task_logs(id: &str) -> String {
    format!("/api/v1/task/sub_task/{}/logs", segment(id))
}

/// The unfinished DAGs of every agent, without their nodes.
pub fn dags_unfinished() -> String {
    format!("{DAGS_UNFINISHED}?show_details=false")
}

/// All the cluster's DAGs, without their nodes (a cluster agent only; docs/protocol/obshell.md §4.8).
pub fn dags_cluster() -> String {
    format!("{DAGS_CLUSTER}?show_details=false")
}

/// All this agent's own DAGs, without their nodes.
pub fn dags_agent() -> String {
    format!("{DAGS_AGENT}?show_details=false")
}

#[cfg(test)]
mod tests {
    #[test]
    fn segments_are_encoded_once() {
        assert_eq!(
            super::tenant_replicas("t#1 x"),
            "/api/v1/tenant/t%231%20x/replicas"
        );
        assert_eq!(
            super::dag("123", false),
            "/api/v1/task/dag/123?show_details=false"
        );
        assert_eq!(super::segment("a-b_c.d~e"), "a-b_c.d~e");
    }
}
