//! The agent's response envelope (docs/protocol/obshell.md §3): one shape for every enveloped
//! answer.

use serde::{Deserialize, Serialize};

/// `{"successful", "timestamp", "duration", "status", "traceId", "data"?, "error"?}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    pub successful: bool,
    #[serde(default)]
    pub timestamp: String,
    #[serde(default)]
    pub duration: i64,
    pub status: u16,
    #[serde(rename = "traceId", default)]
    pub trace_id: String,
    #[serde(default = "Option::default", skip_serializing_if = "Option::is_none")]
    pub data: Option<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<AgentError>,
}

/// The `error` member: the legacy numeric `code` (absent when 0), the dotted `errCode`, the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentError {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<i64>,
    #[serde(rename = "errCode", default)]
    pub err_code: String,
    #[serde(default)]
    pub message: String,
    #[serde(
        rename = "subErrors",
        default,
        deserialize_with = "crate::nullable::nullable",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub sub_errors: Vec<serde_json::Value>,
}

/// How lists travel: `{"contents": [...]}`, where `null` means empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contents<T> {
    #[serde(default = "Option::default")]
    pub contents: Option<Vec<T>>,
}

impl<T> Contents<T> {
    pub fn new(items: Vec<T>) -> Self {
        Self {
            contents: Some(items),
        }
    }

    /// The items, with `null` read as none.
    pub fn into_vec(self) -> Vec<T> {
        self.contents.unwrap_or_default()
    }
}
