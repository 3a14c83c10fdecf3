//! OCP's entries of this tab's journal ([`crate::core::journal`]): every mutation sent to OCP,
//! when, its HTTP status, OCP's trace id, the task it started or acted on, and its outcome.
//! Built from the request target and the answer's envelope only — never a body, a header or
//! the password (the envelope: docs/protocol/ocp.md §4.1).

use obshell_protocol::ocp::paths;
use serde::Deserialize;

use crate::core::error::ApiError;
use crate::core::journal::JournalEntry;
use crate::core::transport::RawResponse;

/// The parts of a successful envelope the journal keeps.
#[derive(Deserialize)]
struct Head {
    #[serde(rename = "traceId", default)]
    trace_id: Option<String>,
    #[serde(default)]
    data: Option<serde_json::Value>,
}

/// The task a target acts on (`/api/v2/tasks/instances/{id}/…`: retry, rollback, a subtask's
/// operation).
fn task_of_target(target: &str) -> Option<String> {
    let rest = target.strip_prefix(paths::TASKS)?.strip_prefix('/')?;
    let id = rest.split(['/', '?']).next()?;
    id.parse::<i64>().ok().map(|id| id.to_string())
}

/// The task an answer's `data` is: a numeric `id` with a `status` (addReplica and its kin
/// answer with the task they started).
fn task_of_data(data: &serde_json::Value) -> Option<String> {
    data.get("status")?;
    data.get("id")?.as_i64().map(|id| id.to_string())
}

/// The entry for a mutation of OCP that got `answer` (the raw answer once OCP accepted it, the
/// error otherwise).
pub(super) fn entry(
    at: String,
    call: &str,
    target: &str,
    answer: Result<&RawResponse, &ApiError>,
) -> JournalEntry {
    let mut e = JournalEntry::sent(at, call, target);
    match answer {
        Ok(raw) => {
            e.status = Some(raw.status);
            let head: Option<Head> = serde_json::from_str(&raw.text).ok();
            e.trace_id = head
                .as_ref()
                .and_then(|h| h.trace_id.clone())
                .unwrap_or_default();
            e.task_id = head
                .as_ref()
                .and_then(|h| h.data.as_ref())
                .and_then(task_of_data)
                .or_else(|| task_of_target(target));
            e.accepted();
        }
        Err(error) => {
            e.task_id = task_of_target(target);
            e.failed(error);
        }
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::OcpRefusal;

    fn raw(status: u16, text: &str) -> RawResponse {
        RawResponse::new(status, text)
    }

    #[test]
    fn a_started_task_is_kept_with_ocp_s_trace_id() {
        let answer = raw(
            200,
            r#"{"successful":true,"status":200,"traceId":"4f1c","data":{"id":1205,"name":"Add replica","status":"RUNNING","subtasks":[]}}"#,
        );
        let e = entry(
            "t".into(),
            "POST /api/v2/ob/clusters/{id}/tenants/{tenantId}/addReplica",
            "/api/v2/ob/clusters/2/tenants/12/addReplica",
            Ok(&answer),
        );
        assert_eq!(e.task_id.as_deref(), Some("1205"));
        assert_eq!((e.status, e.trace_id.as_str()), (Some(200), "4f1c"));
        assert_eq!(e.outcome, "accepted: task 1205");
        // Applied at once: no task.
        let e = entry(
            "t".into(),
            "c",
            "/api/v2/ob/clusters/2/tenants/12/modifyPrimaryZone",
            Ok(&raw(200, r#"{"successful":true,"traceId":"x1"}"#)),
        );
        assert_eq!((e.task_id, e.outcome.as_str()), (None, "accepted"));
    }

    #[test]
    fn an_operation_on_a_task_names_that_task() {
        let e = entry(
            "t".into(),
            "c",
            &paths::task_retry(1207),
            Ok(&raw(
                200,
                r#"{"successful":true,"traceId":"r1","data":null}"#,
            )),
        );
        assert_eq!(e.task_id.as_deref(), Some("1207"));
        let refused = ApiError::ocp(OcpRefusal {
            call: "c",
            status: 409,
            code: 60018,
            message: "task is running".into(),
            sub_errors: Vec::new(),
            trace_id: "t9".into(),
            server: String::new(),
            retry_after: None,
        });
        let e = entry(
            "t".into(),
            "c",
            "/api/v2/tasks/instances/1207/subtasks/3/skip",
            Err(&refused),
        );
        assert_eq!(e.task_id.as_deref(), Some("1207"));
        assert_eq!((e.status, e.trace_id.as_str()), (Some(409), "t9"));
        assert_eq!(e.outcome, "refused: OCP 60018: task is running");
        assert_eq!(task_of_target("/api/v2/ob/clusters/2"), None);
    }
}
