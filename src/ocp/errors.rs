//! What an OCP refusal means for the person at the console (`shared/spec/ocp-api.md` §1.6,
//! §4.1): the HTTP status and OCP's code, in words, with what to do next.

use obshell_protocol::ocp::codes;

/// A sentence for the statuses and codes a person can act on; `None` when OCP's own message
/// says it all.
pub fn explain(status: u16, code: i64, retry_after: Option<u64>) -> Option<String> {
    Some(match status {
        401 => "OCP did not accept the user and password: either they are wrong, or HTTP Basic authentication is switched off on this OCP (its system parameter ocp.iam.auth.basic.enabled).".to_owned(),
        403 => format!(
            "The OCP user lacks the permission for this operation ({}): an OCP administrator can grant the role.",
            codes::IAM_OPERATION_NOT_PERMITTED.code
        ),
        404 => "OCP does not know this object (or this path): it may have been deleted, or the id in the address is wrong.".to_owned(),
        409 => "OCP refused because of a conflicting change in progress: wait for it to finish, then try again.".to_owned(),
        429 => match retry_after {
            Some(s) => format!("OCP is throttling this user: waiting {s} s before asking again."),
            None => "OCP is throttling this user: waiting before asking again.".to_owned(),
        },
        _ => match code {
            c if c == codes::OB_TENANT_STATUS_NOT_NORMAL.code => "The tenant is busy (not NORMAL): wait for its running task to end.".to_owned(),
            c if c == codes::COMMON_OB_OPERATION_FAILED.code => "OceanBase refused the change OCP made: its error is listed below.".to_owned(),
            c if c == codes::TASK_STATE_INVALID.code => "The task or subtask is no longer in a state that allows this operation: the page shows its current state.".to_owned(),
            _ => return None,
        },
    })
}

/// The seconds of a `RateLimit-Reset` header (a delta in seconds; a bad value reads as none).
pub fn rate_limit_reset(value: Option<&str>) -> Option<u64> {
    value?.trim().parse::<u64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_explained() {
        assert!(explain(401, 0, None).is_some_and(|t| t.contains("ocp.iam.auth.basic.enabled")));
        assert!(explain(403, 30014, None).is_some_and(|t| t.contains("30014")));
        assert_eq!(
            explain(429, 0, Some(7)).as_deref(),
            Some("OCP is throttling this user: waiting 7 s before asking again.")
        );
        assert!(explain(404, 20000, None).is_some());
        assert!(explain(409, 0, None).is_some());
        assert!(explain(500, 10011, None).is_some_and(|t| t.contains("OceanBase")));
        assert_eq!(explain(400, 10001, None), None);
        assert_eq!(rate_limit_reset(Some(" 12 ")), Some(12));
        assert_eq!(rate_limit_reset(Some("soon")), None);
        assert_eq!(rate_limit_reset(None), None);
    }
}
