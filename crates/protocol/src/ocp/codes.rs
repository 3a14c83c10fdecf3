//! OCP's error codes for replicas and tasks: number, name, HTTP status and English text
//! (`docs/protocol/ocp.md` §4.2). The HTTP status follows each code's kind in OCP's
//! `ErrorCodes` (OCP Express lineage): an argument error is 400, a missing record 404, and a code
//! declared without a kind is "unexpected", so 500 — including a task in the wrong state (20003)
//! and a tenant that is not NORMAL (60003), not 400 as first assumed (docs/protocol/ocp.md §2.4).

/// One OCP error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OcpCode {
    pub code: i64,
    pub name: &'static str,
    /// HTTP status OCP answers with.
    pub status: u16,
    /// English message; `{}` stands for the argument.
    pub template: &'static str,
}

impl OcpCode {
    /// The message with `arg` in place of `{}`.
    pub fn message(self, arg: &str) -> String {
        self.template.replacen("{}", arg, 1)
    }
}

macro_rules! codes {
    ($($id:ident = $code:literal, $status:literal, $text:literal;)*) => {
        $(pub const $id: OcpCode = OcpCode { code: $code, name: stringify!($id), status: $status, template: $text };)*
        /// Every code this module knows.
        pub const ALL: &[OcpCode] = &[$($id),*];
    };
}

codes! {
    COMMON_ILLEGAL_ARGUMENT = 10001, 400, "Invalid argument: {}.";
    COMMON_NOT_FOUND = 10002, 404, "No record found: {}.";
    COMMON_OB_OPERATION_FAILED = 10011, 500, "Operation on OceanBase failed: {}.";
    TASK_NOT_EXISTS = 20000, 404, "Task instance {} does not exist.";
    TASK_STATE_INVALID = 20003, 500, "Task state is invalid for this operation: {}.";
    TASK_PROHIBIT_ROLLBACK = 20004, 500, "Task {} prohibits rollback.";
    IAM_USER_NOT_AUTHENTICATED = 30000, 401, "User is not authenticated.";
    IAM_BAD_CREDENTIALS = 30004, 401, "Bad credentials.";
    IAM_OPERATION_NOT_PERMITTED = 30014, 403, "Operation not permitted: {}.";
    OB_CLUSTER_PRIMARY_ZONE_INVALID = 50001, 400, "Primary zone is invalid: {}.";
    OB_ZONE_NAME_NOT_FOUND = 50004, 500, "Zone {} is not found in the cluster.";
    OB_TENANT_ID_NOT_FOUND = 60002, 400, "Tenant {} is not found.";
    OB_TENANT_STATUS_NOT_NORMAL = 60003, 500, "Tenant status is not NORMAL: {}.";
    OB_TENANT_REMAIN_ZONE_COUNT_INVALID = 60006, 500, "Too few zones would remain in the tenant: {}.";
    OB_TENANT_ZONE_NOT_VALID = 60007, 400, "Zone is not valid for the tenant: {}.";
    OB_TENANT_ZONE_NOT_FOUND = 60008, 404, "Zone {} is not found in the tenant.";
    OB_TENANT_RESOURCE_POOL_NOT_FOUND = 60009, 500, "Resource pool is not found: {}.";
    OB_TENANT_UNIT_COUNT_NOT_VALID = 60010, 400, "Unit count is not valid: {}.";
    OB_TENANT_UNIT_COUNT_EXCEED_ACTIVE_SERVER = 60011, 400, "Unit count exceeds the ACTIVE servers of the zone: {}.";
    OB_TENANT_UNIT_COUNT_NOT_SAME_IN_EACH_ZONES = 60012, 400, "Unit count must be the same in each zone: {}.";
    OB_TENANT_ALTER_LOCALITY_NOT_FINISHED = 60014, 500, "A previous locality change of the tenant is not finished: {}.";
}

/// The code of that number, if known.
pub fn by_code(code: i64) -> Option<OcpCode> {
    ALL.iter().copied().find(|c| c.code == code)
}

/// The code OCP uses for errors raised before a code is set (authentication, throttling).
pub const CODE_NONE: i64 = 0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_found() {
        for c in ALL {
            assert_eq!(by_code(c.code), Some(*c));
            assert_eq!(
                ALL.iter().filter(|o| o.code == c.code).count(),
                1,
                "{}",
                c.name
            );
        }
        assert_eq!(
            OB_TENANT_ZONE_NOT_VALID.message("zone1"),
            "Zone is not valid for the tenant: zone1."
        );
    }
}
