//! The agent's error codes with their HTTP status and English template (the agent's `en.json`),
//! so the simulator answers with them and the console can say the same thing before sending;
//! and how an agent before 4.3.1, which had numeric codes only, reported the same refusal.

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
        const ALL: &[ErrorSpec] = &[$($name),*];
    };
}

specs! {
    // Raised by the agent's middleware, before any handler.
    HEADER_NOT_FOUND = "Request.Header.NotFound", 400, "X-OCS-Agent-Header or X-OCS-Header not found in http request header";
    HEADER_DECRYPT_FAILED = "Security.Authentication.Header.DecryptFailed", 401, "Decrypt http header failed: %s";
    URI_MISMATCH = "Security.Authentication.Header.UriMismatch", 401, "URI mismatch";
    INCORRECT_OB_PASSWORD = "Security.Authentication.IncorrectOceanbasePassword", 401, "Unauthorized: OceanBase password is incorrect";
    INCORRECT_AGENT_PASSWORD = "Security.Authentication.IncorrectAgentPassword", 401, "Unauthorized: Agent password is incorrect";
    WITH_OB_PASSWORD = "Security.Authentication.WithOceanBasePassword", 401, "Unauthorized: Should use oceanbase_password to verify: agent password is not initialized";
    AUTH_EXPIRED = "Security.Authentication.Expired", 401, "Unauthorized: Authentication expired";
    AUTH_EXPIRED_SESSION = "Security.Authentication.Expired", 401, "Authentication expired";
    TIMESTAMP_INVALID = "Security.Authentication.Timestamp.Invalid", 401, "Unauthorized: Invalid timestamp: %s, err: %s";
    SESSION_INVALID = "Security.Authentication.SessionInvalid", 401, "Session is invalid";
    SESSION_EXPIRED = "Security.Authentication.SessionExpired", 401, "Session is expired";
    BODY_KEY_AND_IV_INVALID = "Request.Body.Decrypt.AES.KeyAndIv.Invalid", 500, "Unauthorized: AES key and IV size error";
    BODY_CONTENT_LENGTH_INVALID = "Request.Body.Decrypt.AES.ContentLength.Invalid", 500, "Unauthorized: Decrypted string length is not a multiple of the block size";
    BIND_JSON_FAILED = "Common.BindJsonFailed", 400, "Bind JSON failed: %v";
    ILLEGAL_ARGUMENT_WITH_MESSAGE = "Common.IllegalArgument", 400, "The input parameter '%s' is illegal: %s";
    INVALID_PORT = "Common.InvalidPort", 400, "The port '%s' is invalid, must be in [1024, 65535]";
    UNEXPECTED = "Common.Unexpected", 500, "Unexpected error: %s";
    BAD_REQUEST = "Common.BadRequest", 400, "Bad request: %v";
    MYSQL_ERROR = "MySQL.Error", 400, "%v";
    // OceanBase unreachable: the agent's `GetInstance` finds no observer process.
    OB_PROCESS_NOT_EXIST = "OB.Server.Process.NotExist", 500, "Observer process does not exist";
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

/// The numeric code of the agent's authentication failures (`ErrUnauthorized`), which 4.3.1 and
/// later still send beside the dotted code of most of them.
pub const CODE_UNAUTHORIZED: i64 = 10008;
/// The numeric code 4.4.2 and later send with `HEADER_DECRYPT_FAILED`.
pub const CODE_HEADER_DECRYPT: i64 = 1;

/// How an agent before 4.3.1 reported an error: `{"code": N, "message": "<prefix>: <text>"}`,
/// with one of a handful of numeric codes (`errors/errorcode.go` of those versions) and no
/// `errCode`. Most refusals were the generic "illegal argument" or "unexpected" code around the
/// rule's own text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LegacyCode {
    pub code: i64,
    /// The legacy template's prefix (`"Illegal argument: %v"` and so on, without `%v`).
    pub prefix: &'static str,
}

impl LegacyCode {
    pub const BAD_REQUEST: Self = Self {
        code: 1000,
        prefix: "Bad request: ",
    };
    pub const ILLEGAL_ARGUMENT: Self = Self {
        code: 1001,
        prefix: "Illegal argument: ",
    };
    pub const UNEXPECTED: Self = Self {
        code: 1002,
        prefix: "Unexpected error: ",
    };
    pub const NOT_FOUND: Self = Self {
        code: 1003,
        prefix: "Element not found: ",
    };
    pub const KNOWN: Self = Self {
        code: 1010,
        prefix: "Known error: ",
    };
    pub const UNAUTHORIZED: Self = Self {
        code: CODE_UNAUTHORIZED,
        prefix: "Verification failed: ",
    };
    pub const TASK_NOT_FOUND: Self = Self {
        code: 2300,
        prefix: "Task not found: ",
    };
    pub const TASK_CREATE_FAILED: Self = Self {
        code: 2301,
        prefix: "Create task failed: ",
    };
}

impl LegacyCode {
    /// The HTTP status of the old code's kind (`errors/errorcode.go` of 4.3.0).
    pub const fn status(&self) -> u16 {
        match self.code {
            1000 | 1001 => 400,
            1003 | 2300 => 404,
            CODE_UNAUTHORIZED => 401,
            _ => 500,
        }
    }
}

impl ErrorSpec {
    /// The numeric code an agent before 4.3.1 used for this refusal.
    pub fn legacy(&self) -> LegacyCode {
        let code = self.code;
        if code.starts_with("Security.") || code.starts_with("Request.") {
            LegacyCode::UNAUTHORIZED
        } else if code == TASK_NOT_FOUND.code {
            LegacyCode::TASK_NOT_FOUND
        } else if code == TASK_CREATE_FAILED.code {
            LegacyCode::TASK_CREATE_FAILED
        } else if code == RESOURCE_NOT_ENOUGH.code
            || code == BAD_REQUEST.code
            || code == TENANT_NOT_EXIST.code
        {
            // `checkTenantExist` of 4.2.x/4.3.0: `ErrBadRequest`.
            LegacyCode::BAD_REQUEST
        } else if code == TENANT_STATUS_NOT_NORMAL.code {
            // `checkTenantExistAndStatus` of 4.2.x/4.3.0: `ErrKnown`.
            LegacyCode::KNOWN
        } else if code == UNEXPECTED.code
            || code == AGENT_RPC_REQUEST_FAILED.code
            || code == OB_PROCESS_NOT_EXIST.code
            || code == MYSQL_ERROR.code
        {
            LegacyCode::UNEXPECTED
        } else {
            match self.status {
                400 => LegacyCode::ILLEGAL_ARGUMENT,
                404 => LegacyCode::NOT_FOUND,
                _ => LegacyCode::KNOWN,
            }
        }
    }

    /// The old agents' own wording where it differs from today's template and is known from
    /// their source (4.2.5.0 / 4.3.0.0 `executor/tenant`, `repository/db/oceanbase`); `None`
    /// where today's text is used under the legacy prefix.
    pub fn legacy_template(&self) -> Option<&'static str> {
        Some(match self.code {
            c if c == TENANT_NOT_EXIST.code => "Tenant '%s' is not exist.",
            c if c == OB_PROCESS_NOT_EXIST.code => "observer process not exist",
            c if c == ZONE_ALREADY_HAS_REPLICA.code => "Zone '%s' already has a replica",
            c if c == ONLY_ONE_REPLICA.code => "tenant %s only has one replica",
            c if c == LOCALITY_PRINCIPAL_NOT_ALLOWED.code => {
                "violate locality principal not allowed"
            }
            // `executor/zone/check.go` of 4.3.0.0 (the add-replica checks).
            c if c == ZONE_LIST_EMPTY.code => "zone_list is empty",
            c if c == ZONE_NOT_EXIST.code => "Zone '%s' is not exist.",
            c if c == UNIT_CONFIG_NOT_EXIST.code => "Unit config '%s' is not exist.",
            c if c == UNIT_CONFIG_NAME_EMPTY.code => "unit_config_name should not be empty.",
            c if c == UNIT_NUM_INVALID.code => "unit_num should be positive.",
            c if c == UNIT_NUM_INCONSISTENT.code => "unit_num should be same in all zones.",
            c if c == REPLICA_TYPE_INVALID.code => "ReplicaType should be 'FULL' or 'READONLY'",
            _ => return None,
        })
    }

    /// The words an agent before 4.3.1 put after "Verification failed: " for an authentication
    /// failure (`secure/auth.go`, `api/common/middleware.go` of 4.3.0); `None` for other codes.
    pub fn legacy_auth_text(&self) -> Option<&'static str> {
        Some(match self.code {
            c if c == HEADER_NOT_FOUND.code => "header not found",
            c if c == HEADER_DECRYPT_FAILED.code => "header decrypt failed",
            c if c == URI_MISMATCH.code => "uri mismatch",
            c if c == INCORRECT_OB_PASSWORD.code => "access denied",
            c if c == INCORRECT_AGENT_PASSWORD.code => "access denied: agent password is incorrect",
            c if c == WITH_OB_PASSWORD.code => {
                "agent password is not initialized, use oceanbase password to verify"
            }
            c if c == AUTH_EXPIRED.code => "auth expired",
            c if c == TIMESTAMP_INVALID.code => "invalid timestamp",
            c if c == BODY_KEY_AND_IV_INVALID.code || c == BODY_CONTENT_LENGTH_INVALID.code => {
                "body decrypt failed"
            }
            _ => return None,
        })
    }
}

/// Every error spec above, for lookups by code and for tests.
pub fn all() -> &'static [ErrorSpec] {
    ALL
}

/// The spec of a dotted code (the first, where one code has several templates).
pub fn by_code(code: &str) -> Option<&'static ErrorSpec> {
    ALL.iter().find(|s| s.code == code)
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
        assert_eq!(by_code("OB.Zone.NotExist"), Some(&ZONE_NOT_EXIST));
        assert_eq!(v.message(), "Zone 'zone2' is repeated.");
        assert_eq!(v.spec.status, 400);
    }

    #[test]
    fn legacy_codes_follow_the_old_agents_kinds() {
        assert_eq!(HEADER_DECRYPT_FAILED.legacy().code, CODE_UNAUTHORIZED);
        assert_eq!(
            HEADER_DECRYPT_FAILED.legacy_auth_text(),
            Some("header decrypt failed")
        );
        assert_eq!(ZONE_REPEATED.legacy(), LegacyCode::ILLEGAL_ARGUMENT);
        assert_eq!(RESOURCE_NOT_ENOUGH.legacy(), LegacyCode::BAD_REQUEST);
        assert_eq!(TENANT_UNDER_MAINTENANCE.legacy(), LegacyCode::KNOWN);
        assert_eq!(TASK_NOT_FOUND.legacy().code, 2300);
        assert_eq!(NOT_FOUND.legacy().code, 1003);
        assert_eq!(TENANT_NOT_EXIST.legacy(), LegacyCode::BAD_REQUEST);
        assert_eq!(TENANT_STATUS_NOT_NORMAL.legacy().status(), 500);
        assert_eq!(HEADER_NOT_FOUND.legacy().status(), 401);
        assert_eq!(BAD_REQUEST.legacy(), LegacyCode::BAD_REQUEST);
        assert_eq!(OB_PROCESS_NOT_EXIST.legacy(), LegacyCode::UNEXPECTED);
        assert_eq!(
            TENANT_NOT_EXIST
                .legacy_template()
                .map(|t| render_template(t, &["t1".into()])),
            Some("Tenant 't1' is not exist.".to_owned())
        );
        for spec in all() {
            let legacy = spec.legacy();
            assert!(legacy.prefix.ends_with(": "), "{spec:?}");
            // Sessions came with 4.4.0, long after dotted codes.
            let auth = (spec.code.starts_with("Security.") || spec.code.starts_with("Request."))
                && !spec.code.contains(".Session");
            assert_eq!(spec.legacy_auth_text().is_some(), auth, "{}", spec.code);
        }
    }
}
