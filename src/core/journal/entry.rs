//! One entry of the journal, both backends' alike, and the journal's JSON export. Each backend's
//! client builds its entries from the request target and the answer's envelope only (the
//! agent's `obshell/client/record.rs`, OCP's `ocp/client/record.rs`); how an error answer reads
//! is said here once.

use serde::Serialize;

use crate::core::error::ApiError;

/// One mutation the console sent. Its JSON form is the export's (stable: tests read it).
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
    /// The backend's trace id of the answer (empty when it gave none).
    pub trace_id: String,
    /// The task the backend started (or was asked to act on).
    pub task_id: Option<String>,
    /// What came of it, in words.
    pub outcome: String,
    /// How its task ended, once the console saw it end (the backend's word: `SUCCEED`,
    /// `SUCCESSFUL`, `FAILED`).
    pub ended: Option<String>,
}

impl JournalEntry {
    /// The entry of `call` sent to `target` at `at`, before its answer is read.
    pub fn sent(at: String, call: &str, target: &str) -> Self {
        Self {
            backend: String::new(),
            at,
            call: call.to_owned(),
            target: target.to_owned(),
            status: None,
            trace_id: String::new(),
            task_id: None,
            outcome: String::new(),
            ended: None,
        }
    }

    /// The entry belongs to task `id` of `backend`.
    pub fn of_task(&self, backend: &str, id: &str) -> bool {
        self.backend == backend && self.task_id.as_deref() == Some(id)
    }

    /// A successful answer: its outcome names the task, if any.
    pub fn accepted(&mut self) {
        self.outcome = match &self.task_id {
            Some(id) => format!("accepted: task {id}"),
            None => "accepted".to_owned(),
        };
    }

    /// An answer that was an error (or no answer at all): status, trace id and outcome.
    pub fn failed(&mut self, error: &ApiError) {
        match error {
            ApiError::Agent {
                status,
                code,
                err_code,
                message,
                trace_id,
                ..
            } => {
                self.status = Some(*status);
                self.trace_id = trace_id.clone();
                let which = if err_code.is_empty() {
                    code.map(|c| c.to_string()).unwrap_or_default()
                } else {
                    err_code.clone()
                };
                self.outcome = format!("refused: {which}: {message}");
            }
            ApiError::Transport { detail, .. } => {
                self.outcome = format!(
                    "outcome unknown: no answer arrived ({detail}); the change may have been made"
                );
            }
            ApiError::Decode { status, detail, .. } => {
                self.status = (*status != 0).then_some(*status);
                self.outcome = if matches!(status, 502..=504) {
                    format!(
                        "outcome unknown: HTTP {status} from the proxy; the change may have been made"
                    )
                } else {
                    format!("unexpected answer: {detail}")
                };
            }
            ApiError::Crypto { source, .. } => {
                self.outcome = format!("not sent: encryption failed ({source})");
            }
            ApiError::Unsupported { detail, .. } => self.outcome = format!("not sent: {detail}"),
            ApiError::Ocp(r) => {
                self.status = Some(r.status);
                self.trace_id = r.trace_id.clone();
                self.outcome = format!("refused: OCP {}: {}", r.code, r.message);
            }
        }
    }
}

/// The journal as a JSON file's text.
pub fn export_json(entries: &[JournalEntry]) -> String {
    serde_json::to_string_pretty(entries).unwrap_or_else(|_| "[]".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let mut e = JournalEntry::sent("t".into(), "c", "/x");
        e.failed(&refused);
        assert_eq!(e.outcome, "refused: 1001: Illegal argument: x");
        assert_eq!((e.status, e.trace_id.as_str()), (Some(400), "t1"));
        let lost = ApiError::Transport {
            call: "c",
            detail: "Failed to fetch".into(),
        };
        let mut e = JournalEntry::sent("t".into(), "c", "/x");
        e.failed(&lost);
        assert!(e.outcome.starts_with("outcome unknown"));
        assert_eq!(e.status, None);
        let gateway = ApiError::Decode {
            call: "c",
            status: 504,
            detail: "html".into(),
        };
        let mut e = JournalEntry::sent("t".into(), "c", "/x");
        e.failed(&gateway);
        assert!(e.outcome.starts_with("outcome unknown: HTTP 504"));
    }

    #[test]
    fn the_export_keeps_its_fields_and_holds_no_secret() {
        let mut e = JournalEntry::sent("2026-01-01T00:00:00Z".into(), "POST /a", "/a");
        e.backend = "demo".into();
        e.task_id = Some("7".into());
        e.accepted();
        let json = export_json(&[e]);
        let fields: serde_json::Value = serde_json::from_str(&json).expect("json");
        let keys: Vec<&str> = fields[0]
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "at", "backend", "call", "ended", "outcome", "status", "target", "task_id",
                "trace_id"
            ]
        );
        assert_eq!(fields[0]["outcome"], "accepted: task 7");
        for word in ["password", "Auth", "session", "Keys", "header"] {
            assert!(!json.contains(word), "{word} in {json}");
        }
    }
}
