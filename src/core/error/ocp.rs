//! What an OCP refusal means for the person at the console (`docs/protocol/ocp.md` §1.6,
//! §4.1): the HTTP status and OCP's code, in words, with what to do next.

use obshell_protocol::ocp::codes;

crate::texts! {
    /// What OCP's statuses and codes mean.
    mod tx {
        s401: "OCP did not accept the user and password: either they are wrong, or HTTP Basic authentication is switched off on this OCP (its system parameter ocp.iam.auth.basic.enabled)." => "OCP 未接受该用户名和密码：要么它们有误，要么这个 OCP 关闭了 HTTP Basic 认证（系统参数 ocp.iam.auth.basic.enabled）。",
        s403: "The OCP user lacks the permission for this operation ({0}): an OCP administrator can grant the role." => "该 OCP 用户没有执行此操作的权限（{0}）：可请 OCP 管理员授予相应角色。",
        s404: "OCP does not know this object (or this path): it may have been deleted, or the id in the address is wrong." => "OCP 中没有这个对象（或这个路径）：它可能已被删除，或地址中的 ID 有误。",
        s409: "OCP refused because of a conflicting change in progress: wait for it to finish, then try again." => "有冲突的变更正在进行，OCP 拒绝了此请求：请等它完成后再试。",
        s429_wait: "OCP is throttling this user: waiting {0} s before asking again." => "OCP 正在对该用户限流：{0} 秒后再次请求。",
        s429: "OCP is throttling this user: waiting before asking again." => "OCP 正在对该用户限流：稍后再次请求。",
        tenant_busy: "The tenant is busy (not NORMAL): wait for its running task to end." => "租户正忙（状态不是 NORMAL）：请等待其正在执行的任务结束。",
        ob_failed: "OceanBase refused the change OCP made: its error is listed below." => "OceanBase 拒绝了 OCP 所做的变更：其错误列在下方。",
        task_state: "The task or subtask is no longer in a state that allows this operation: the page shows its current state." => "任务或子任务已不处于允许此操作的状态：页面显示了它当前的状态。",
    }
}

/// A sentence for the statuses and codes a person can act on, in the current language; `None`
/// when OCP's own message says it all. OCP's code numbers stay as OCP writes them.
pub fn explain(status: u16, code: i64, retry_after: Option<u64>) -> Option<String> {
    explain_in(crate::core::i18n::lang(), status, code, retry_after)
}

/// [`explain`] in a given language.
pub fn explain_in(
    lang: crate::core::i18n::Lang,
    status: u16,
    code: i64,
    retry_after: Option<u64>,
) -> Option<String> {
    let t = tx::in_lang(lang);
    Some(match status {
        401 => t.s401.to_owned(),
        403 => crate::core::i18n::fill(t.s403, &[&codes::IAM_OPERATION_NOT_PERMITTED.code]),
        404 => t.s404.to_owned(),
        409 => t.s409.to_owned(),
        429 => match retry_after {
            Some(s) => crate::core::i18n::fill(t.s429_wait, &[&s]),
            None => t.s429.to_owned(),
        },
        _ => match code {
            c if c == codes::OB_TENANT_STATUS_NOT_NORMAL.code => t.tenant_busy.to_owned(),
            c if c == codes::COMMON_OB_OPERATION_FAILED.code => t.ob_failed.to_owned(),
            c if c == codes::TASK_STATE_INVALID.code => t.task_state.to_owned(),
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

    #[test]
    fn statuses_are_explained_in_chinese_with_ocp_codes_kept() {
        use crate::core::i18n::Lang;
        assert!(explain_in(Lang::Zh, 401, 0, None)
            .is_some_and(|t| t.contains("ocp.iam.auth.basic.enabled") && t.contains("密码")));
        assert!(explain_in(Lang::Zh, 403, 30014, None).is_some_and(|t| t.contains("30014")));
        assert_eq!(
            explain_in(Lang::Zh, 429, 0, Some(7)).as_deref(),
            Some("OCP 正在对该用户限流：7 秒后再次请求。")
        );
        for (status, code) in [(404, 0), (409, 0), (500, 60003), (500, 10011), (500, 20003)] {
            let zh = explain_in(Lang::Zh, status, code, None).expect("explained");
            assert_ne!(Some(zh), explain_in(Lang::En, status, code, None));
        }
    }
}
