//! The agent's entries of this tab's journal ([`crate::core::journal`]): every mutation the
//! console sent, when, its trace id and the task it started; and the trace of every request for
//! the evidence bundle. Built from the request target and the answer's envelope only — never a
//! body, a header, a password, a session or a key.

use serde::{Deserialize, Serialize};

use crate::core::error::ApiError;
use crate::core::journal::JournalEntry;
use crate::core::transport::RawResponse;

/// One request of this tab (reads too), for an evidence bundle: where it went and the trace id
/// to look it up by in the agent's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestTrace {
    pub at: String,
    pub call: String,
    pub target: String,
    pub status: Option<u16>,
    pub trace_id: String,
}

impl From<&JournalEntry> for RequestTrace {
    fn from(e: &JournalEntry) -> Self {
        Self {
            at: e.at.clone(),
            call: e.call.clone(),
            target: e.target.clone(),
            status: e.status,
            trace_id: e.trace_id.clone(),
        }
    }
}

/// The trace of a read: only the envelope's trace id is read from the answer.
pub(crate) fn trace(
    at: String,
    call: &str,
    target: &str,
    answer: Result<&RawResponse, &ApiError>,
) -> RequestTrace {
    #[derive(Deserialize)]
    struct TraceOnly {
        #[serde(rename = "traceId", default)]
        trace_id: String,
    }
    let (status, trace_id) = match answer {
        Ok(raw) => (
            Some(raw.status),
            serde_json::from_str::<TraceOnly>(&raw.text)
                .map(|t| t.trace_id)
                .unwrap_or_default(),
        ),
        Err(ApiError::Agent {
            status, trace_id, ..
        }) => (Some(*status), trace_id.clone()),
        Err(ApiError::Decode { status, .. }) => ((*status != 0).then_some(*status), String::new()),
        Err(_) => (None, String::new()),
    };
    RequestTrace {
        at,
        call: call.to_owned(),
        target: target.to_owned(),
        status,
        trace_id,
    }
}

/// The parts of a successful envelope the journal keeps.
#[derive(Deserialize)]
struct Head {
    #[serde(rename = "traceId", default)]
    trace_id: String,
    #[serde(default)]
    data: Option<serde_json::Value>,
}

/// The entry for a mutation that got `answer`.
pub(crate) fn entry(
    at: String,
    call: &str,
    target: &str,
    answer: Result<&RawResponse, &ApiError>,
) -> JournalEntry {
    let mut e = JournalEntry::sent(at, call, target);
    match answer {
        Ok(raw) => {
            e.status = Some(raw.status);
            if raw.status == 204 {
                e.outcome = "accepted: nothing to change (204)".to_owned();
                return e;
            }
            let head: Option<Head> = serde_json::from_str(&raw.text).ok();
            let data = head.as_ref().and_then(|h| h.data.as_ref());
            e.trace_id = head
                .as_ref()
                .map(|h| h.trace_id.clone())
                .unwrap_or_default();
            // A DAG detail (`id` and `dag_id`) is the task the agent started.
            e.task_id = data
                .filter(|d| d.get("dag_id").is_some())
                .and_then(|d| d.get("id"))
                .and_then(|id| id.as_str())
                .map(str::to_owned);
            e.accepted();
        }
        Err(error) => e.failed(error),
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(status: u16, text: &str) -> RawResponse {
        RawResponse::new(status, text)
    }

    #[test]
    fn a_started_task_is_kept_with_its_trace_id() {
        let answer = raw(
            200,
            r#"{"successful":true,"status":200,"traceId":"ab12","data":{"id":"1201","dag_id":201,"name":"x"}}"#,
        );
        let e = entry(
            "t".into(),
            "POST /api/v1/tenant/:name/replicas",
            "/api/v1/tenant/logs/replicas",
            Ok(&answer),
        );
        assert_eq!(e.task_id.as_deref(), Some("1201"));
        assert_eq!(e.trace_id, "ab12");
        assert_eq!(e.outcome, "accepted: task 1201");
        let e = entry("t".into(), "c", "/x", Ok(&raw(204, "")));
        assert_eq!(e.outcome, "accepted: nothing to change (204)");
    }

    #[test]
    fn the_export_holds_no_secret_fields() {
        let e = entry(
            "t".into(),
            "POST /api/v1/ob/scale_out",
            "/api/v1/ob/scale_out",
            Ok(&raw(200, "{}")),
        );
        let json = crate::core::journal::export_json(&[e]);
        for word in ["password", "Auth", "session", "Keys", "header"] {
            assert!(!json.contains(word), "{word} in {json}");
        }
    }
}
