//! The agent's error codes with their HTTP status and English template (the agent's `en.json`),
//! so the simulator answers with them and the console can say the same thing before sending.

/// One error code of the agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorSpec {
    pub code: &'static str,
    /// HTTP status fixed by the code's kind (bad request / illegal argument 400, unauthorized 401,
    /// not found 404, unexpected / known 500).
    pub status: u16,
    /// Go format template; `%s`, `%d` and `%v` are filled in order.
    pub template: &'static str,
}

impl ErrorSpec {
    /// The message with `args` filled in.
    pub fn render(&self, args: &[String]) -> String {
        render_template(self.template, args)
    }
}

/// Fills Go verbs (`%s`, `%d`, `%v`) in order; `%%` is a literal percent sign.
pub fn render_template(template: &str, args: &[String]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut args = args.iter();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('%') => out.push('%'),
            Some('s' | 'd' | 'v') => match args.next() {
                Some(a) => out.push_str(a),
                None => out.push_str("%!v(MISSING)"),
            },
            Some(other) => {
                out.push('%');
                out.push(other);
            }
            None => out.push('%'),
        }
    }
    out
}

macro_rules! specs {
    ($($name:ident = $code:literal, $status:literal, $template:literal;)*) => {
        $(pub const $name: ErrorSpec = ErrorSpec { code: $code, status: $status, template: $template };)*
    };
}

specs! {
    BIND_JSON_FAILED = "Common.BindJsonFailed", 400, "Bind JSON failed: %v";
    ILLEGAL_ARGUMENT_WITH_MESSAGE = "Common.IllegalArgument", 400, "The input parameter '%s' is illegal: %s";
    INVALID_PORT = "Common.InvalidPort", 400, "The port '%s' is invalid, must be in [1024, 65535]";
    UNEXPECTED = "Common.Unexpected", 500, "Unexpected error: %s";
    NOT_FOUND = "Common.NotFound", 404, "Element not found: %v";
    AGENT_NOT_CLUSTER = "Agent.Identify.NotSupportOperation", 400, "'%s' is '%s', instead of '%s', does not support this operation";
    AGENT_ALREADY_EXISTS = "Agent.AlreadyExists", 500, "Agent %s already exists in cluster";
    AGENT_RPC_REQUEST_FAILED = "Agent.RPC.RequestFailed", 500, "Request [%s]%s to %s failed: %s";
    AGENT_OB_VERSION_INCONSISTENT = "Agent.OB.Version.Inconsistent", 400, "OB version is not consistent between %s(%s) and %s(%s)";
    SCALE_OUT_HIGHER_VERSION = "OB.Cluster.ScaleOutHigherVersion", 400, "Scaling out a higher version agent %s(%s) into cluster agent %s(%s) is not allowed";
    SCALE_OUT_LOWER_VERSION = "OB.Cluster.ScaleOutLowerVersion", 400, "Scaling out a lower version agent(%s before %s) into cluster agent(%s) is not allowed";
    SERVER_DELETE_SELF = "OB.Server.DeleteSelf", 400, "Cannot delete the current server";
    CLUSTER_UNDER_MAINTENANCE = "OB.Cluster.UnderMaintenance", 500, "OceanBase cluster is under maintenance, please try again later";
    CLUSTER_UNDER_MAINTENANCE_WITH_DAG = "OB.Cluster.UnderMaintenanceWithDag", 500, "OceanBase cluster is under maintenance by DAG: %s, please try again later";
    TENANT_NOT_EXIST = "OB.Tenant.NotExist", 400, "Tenant '%s' does not exist.";
    TENANT_NAME_EMPTY = "OB.Tenant.Name.Empty", 400, "Tenant name is empty";
    TENANT_STATUS_NOT_NORMAL = "OB.Tenant.StatusNotNormal", 400, "Tenant '%s' status is '%s'.";
    TENANT_MODE_NOT_SUPPORTED = "OB.Tenant.Mode.NotSupported", 400, "Tenant mode '%s' is not supported.";
    TENANT_PARAMETER_NOT_EXIST = "OB.Tenant.Parameter.NotExist", 400, "Tenant parameter '%s' does not exist.";
    TENANT_UNDER_MAINTENANCE = "OB.Tenant.UnderMaintenance", 500, "Tenant '%s' is under maintenance, please try again later.";
    ZONE_LIST_EMPTY = "OB.Tenant.ZoneList.Empty", 400, "Zone list is empty.";
    ZONE_REPEATED = "OB.Tenant.Zone.Repeated", 400, "Zone '%s' is repeated.";
    UNIT_CONFIG_NAME_EMPTY = "OB.Resource.UnitConfig.Name.Empty", 400, "Unit config name is empty.";
    UNIT_CONFIG_NOT_EXIST = "OB.Resource.UnitConfig.NotExist", 400, "Unit config '%s' does not exist.";
    UNIT_CONFIG_EXISTED = "OB.Resource.UnitConfig.Existed", 400, "Unit config '%s' already exists";
    POOL_GRANTED = "OB.Resource.Pool.Granted", 400, "Resource pool '%s' has already been granted to a tenant.";
    REPLICA_TYPE_INVALID = "OB.Tenant.Replica.InvalidType", 400, "Replica type '%s' is not supported";
    UNIT_NUM_INVALID = "OB.Tenant.UnitNum.Invalid", 400, "Unit number '%d' is invalid: %s";
    UNIT_NUM_INCONSISTENT = "OB.Tenant.UnitNum.Inconsistent", 400, "Unit number is inconsistent, should be the same in all zones.";
    UNIT_NUM_EXCEEDS_LIMIT = "OB.Tenant.UnitNum.ExceedsLimit", 400, "Unit number '%d' is bigger than server number '%d' in zone '%s'.";
    ZONE_NOT_EXIST = "OB.Zone.NotExist", 400, "Zone '%s' does not exist";
    ZONE_ALREADY_HAS_REPLICA = "OB.Tenant.ZoneAlreadyHasReplica", 400, "Zone '%s' already has a replica.";
    ZONE_WITHOUT_REPLICA = "OB.Tenant.ZoneWithoutReplica", 400, "Zone '%s' does not have a replica.";
    HAS_POOL_ON_ZONE = "OB.Tenant.HasPoolOnZone", 400, "Tenant already has a pool located in zone '%s'.";
    ONLY_ONE_REPLICA = "OB.Tenant.OnlyOneReplica", 400, "Tenant '%s' only has one replica";
    LOCALITY_PRINCIPAL_NOT_ALLOWED = "OB.Tenant.Locality.PrincipalNotAllowed", 400, "Violate locality principal not allowed.";
    REBALANCE_DISABLED = "OB.Tenant.RebalanceDisabled", 400, "%s is not allowed when tenant 'enable_rebalance' is disabled.";
    PRIMARY_ZONE_CROSS_REGION = "OB.Tenant.PrimaryZone.CrossRegion", 400, "Primary zone '%s' crosses regions, please check tenant's primary zone.";
    PRIMARY_REGION_FULL_NOT_ENOUGH = "OB.Tenant.PrimaryRegion.FullReplica.NotEnough", 400, "The region %v where the first priority of tenant zone is located needs to have at least 2 F replicas. In fact, there are only %d full replicas.";
    RESOURCE_NOT_ENOUGH = "OB.Tenant.ResourceNotEnough", 400, "Server %s %s resource not enough.";
    MODIFY_UNIT_NUM_PARTIALLY = "OB.Tenant.ModifyUnitNumPartially", 500, "Cannot modify unit number partially.";
    TASK_CREATE_FAILED = "Task.CreateFailed", 500, "Create task '%s' failed";
    TASK_GENERIC_ID_INVALID = "Task.GenericID.Invalid", 400, "Invalid ID: %s";
    TASK_NOT_FOUND = "Task.NotFound", 404, "Task not found: %v";
    TASK_EXPIRED = "Task.Expired", 500, "%s has already executed task %s. '%s: %s' cannot be executed. Please submit a new request";
    DAG_OPERATOR_NOT_SUPPORT = "Task.Dag.Operator.NotSupport", 400, "Operator %s is not supported";
    DAG_ROLLBACK_NOT_FAILED = "Task.Dag.Operator.RollbackNotFailedDag", 400, "Failed to set DAG rollback: DAG state is not failed";
    DAG_ROLLBACK_NOT_ALLOWED = "Task.Dag.Operator.RollbackNotAllowed", 400, "Failed to set DAG rollback: node %s cannot rollback";
    DAG_RETRY_NOT_FAILED = "Task.Dag.Operator.RetryNotFailedDag", 400, "Failed to set DAG retry: DAG state is not failed";
    DAG_RETRY_NOT_ALLOWED = "Task.Dag.Operator.RetryNotAllowed", 400, "Failed to set DAG retry: node %s cannot retry";
    DAG_CANCEL_FINISHED = "Task.Dag.Operator.CancelFinishedDag", 400, "Failed to cancel DAG: DAG is finished";
    DAG_CANCEL_NOT_ALLOWED = "Task.Dag.Operator.CancelNotAllowed", 400, "Failed to cancel DAG: node %s cannot cancel";
    DAG_PASS_NOT_FAILED = "Task.Dag.Operator.PassNotFailedDag", 400, "Failed to pass DAG: DAG is not failed";
    DAG_PASS_NOT_ALLOWED = "Task.Dag.Operator.PassNotAllowed", 400, "Failed to pass DAG: node %s cannot pass";
    NODE_OPERATOR_NOT_SUPPORT = "Task.Node.Operator.NotSupport", 400, "Operator %s is not supported";
    NODE_PASS_NOT_FAILED_DAG = "Task.Node.Operator.PassNotFailedDag", 400, "Failed to pass node: assigned DAG is not failed";
    NODE_PASS_NOT_FAILED_NODE = "Task.Node.Operator.PassNotFailedNode", 400, "Failed to pass node: node %s is not failed";
    NODE_PASS_NOT_ALLOWED = "Task.Node.Operator.PassNotAllowed", 400, "Failed to pass node: node %s cannot pass";
}

/// A refusal by one of the agent's rules: its code and the arguments of its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub spec: ErrorSpec,
    pub args: Vec<String>,
}

impl Violation {
    pub fn new(spec: ErrorSpec, args: Vec<String>) -> Self {
        Self { spec, args }
    }

    pub fn code(&self) -> &'static str {
        self.spec.code
    }

    pub fn message(&self) -> String {
        self.spec.render(&self.args)
    }
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message(), self.spec.code)
    }
}

/// Builds a [`Violation`] from a spec and any displayable arguments.
#[macro_export]
macro_rules! violation {
    ($spec:expr $(, $arg:expr)* $(,)?) => {
        $crate::catalog::Violation::new($spec, vec![$($arg.to_string()),*])
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_in_order() {
        assert_eq!(
            UNIT_NUM_EXCEEDS_LIMIT.render(&["3".into(), "2".into(), "zone1".into()]),
            "Unit number '3' is bigger than server number '2' in zone 'zone1'."
        );
        assert_eq!(render_template("100%% %s", &["x".into()]), "100% x");
        assert_eq!(
            render_template("%s and %s", &["x".into()]),
            "x and %!v(MISSING)"
        );
        let v = crate::violation!(ZONE_REPEATED, "zone2");
        assert_eq!(v.message(), "Zone 'zone2' is repeated.");
        assert_eq!(v.spec.status, 400);
    }
}
