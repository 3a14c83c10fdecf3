//! The journal of this tab's changes: every mutation the console sent, when, its trace id, the
//! task it started and how it ended. Built from the request target and the answer's envelope
//! only — never a body, a header, a password, a session or a key.

use serde::{Deserialize, Serialize};

use crate::core::error::ApiError;
use crate::core::transport::RawResponse;

/// One mutation the console sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JournalEntry {
    /// The backend (`console.json` name) it was sent to.
    pub backend: String,
    /// When it was sent, by this browser's clock (RFC 3339, UTC).
    pub at: String,
    /// The endpoint, e.g. `POST /api/v1/tenant/:name/replicas`.
    pub call: String,
    /// The exact request target (a path: tenant names, task ids; nothing secret).
    pub target: String,
    /// The HTTP status of the answer; `None` when no answer arrived.
    pub status: Option<u16>,
    /// The agent's trace id of the answer (empty when it gave none).
    pub trace_id: String,
    /// The task the agent started for it.
    pub task_id: Option<String>,
    /// What came of it, in words.
    pub outcome: String,
    /// How its task ended, once the console saw it end (`SUCCEED` or `FAILED`).
    pub ended: Option<String>,
}

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
    let mut e = JournalEntry {
        backend: String::new(),
        at,
        call: call.to_owned(),
        target: target.to_owned(),
        status: None,
        trace_id: String::new(),
        task_id: None,
        outcome: String::new(),
        ended: None,
    };
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
            e.outcome = match &e.task_id {
                Some(id) => format!("accepted: task {id}"),
                None => "accepted".to_owned(),
            };
        }
        Err(ApiError::Agent {
            status,
            code,
            err_code,
            message,
            trace_id,
            ..
        }) => {
            e.status = Some(*status);
            e.trace_id = trace_id.clone();
            let which = if err_code.is_empty() {
                code.map(|c| c.to_string()).unwrap_or_default()
            } else {
                err_code.clone()
            };
            e.outcome = format!("refused: {which}: {message}");
        }
        Err(ApiError::Transport { detail, .. }) => {
            e.outcome = format!(
                "outcome unknown: no answer arrived ({detail}); the change may have been made"
            );
        }
        Err(ApiError::Decode { status, detail, .. }) => {
            e.status = (*status != 0).then_some(*status);
            e.outcome = if matches!(status, 502..=504) {
                format!(
                    "outcome unknown: HTTP {status} from the proxy; the change may have been made"
                )
            } else {
                format!("unexpected answer: {detail}")
            };
        }
        Err(ApiError::Crypto { source, .. }) => {
            e.outcome = format!("not sent: encryption failed ({source})");
        }
        Err(ApiError::Unsupported { detail, .. }) => e.outcome = format!("not sent: {detail}"),
        Err(ApiError::Ocp(r)) => {
            e.status = Some(r.status);
            e.trace_id = r.trace_id.clone();
            e.outcome = format!("refused: OCP {}: {}", r.code, r.message);
        }
    }
    e
}

/// The journal as a JSON file's text.
pub fn export_json(entries: &[JournalEntry]) -> String {
    serde_json::to_string_pretty(entries).unwrap_or_else(|_| "[]".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(status: u16, text: &str) -> RawResponse {
        RawResponse {
            status,
            text: text.to_owned(),
        }
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
    fn refusals_and_lost_answers_are_told_apart() {
        let refused = ApiError::Agent {
            call: "c",
            status: 400,
            code: Some(1001),
            err_code: String::new(),
            message: "Illegal argument: x".into(),
            trace_id: "t1".into(),
        };
        let e = entry("t".into(), "c", "/x", Err(&refused));
        assert_eq!(e.outcome, "refused: 1001: Illegal argument: x");
        assert_eq!((e.status, e.trace_id.as_str()), (Some(400), "t1"));
        let lost = ApiError::Transport {
            call: "c",
            detail: "Failed to fetch".into(),
        };
        assert!(entry("t".into(), "c", "/x", Err(&lost))
            .outcome
            .starts_with("outcome unknown"));
        let gateway = ApiError::Decode {
            call: "c",
            status: 504,
            detail: "html".into(),
        };
        assert!(entry("t".into(), "c", "/x", Err(&gateway))
            .outcome
            .starts_with("outcome unknown: HTTP 504"));
    }

    #[test]
    fn the_export_holds_no_secret_fields() {
        let e = entry(
            "t".into(),
            "POST /api/v1/ob/scale_out",
            "/api/v1/ob/scale_out",
            Ok(&raw(200, "{}")),
        );
        let json = export_json(&[e]);
        for word in ["password", "Auth", "session", "Keys", "header"] {
            assert!(!json.contains(word), "{word} in {json}");
        }
    }
}
