//! OCP's answer envelope (docs/protocol/ocp.md §4.1): `{data, successful, timestamp, duration,
//! status, traceId, server}`, and on failure `error: {code, message, debugMessage, target,
//! subErrors}`. Paged data is `{contents, page}`. Every field but `successful` may be missing or
//! `null`.

use serde::{Deserialize, Serialize};

use crate::nullable::nullable;

/// One answer of OCP.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OcpEnvelope<T> {
    #[serde(default = "Option::default", skip_serializing_if = "Option::is_none")]
    pub data: Option<T>,
    #[serde(default)]
    pub successful: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<i64>,
    /// The HTTP status, repeated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_id: Option<String>,
    /// The OCP server that answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<OcpError>,
}

/// OCP's `ApiError`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OcpError {
    /// 0 for errors raised before a code is set (authentication, throttling).
    #[serde(default)]
    pub code: i64,
    #[serde(default)]
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debug_message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub sub_errors: Vec<SubError>,
}

/// A sub-error: a validation error (`object`, `field`, `rejectedValue`, `message`) or an
/// OceanBase error (`SQLState`, `code` = the OceanBase error number, `message`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubError {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected_value: Option<serde_json::Value>,
    #[serde(
        rename = "SQLState",
        alias = "sqlState",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sql_state: Option<String>,
    /// The OceanBase error number of an OceanBase sub-error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<i64>,
    #[serde(default)]
    pub message: String,
}

impl SubError {
    /// An OceanBase error (`ORA-`/`OB-` number and SQL state).
    pub fn oceanbase(code: i64, sql_state: &str, message: &str) -> Self {
        Self {
            sql_state: Some(sql_state.to_owned()),
            code: Some(code),
            message: message.to_owned(),
            ..Self::default()
        }
    }

    /// One line for a person: `OceanBase error 4179 (HY000): …` or `field: …`.
    pub fn describe(&self) -> String {
        match (self.code, &self.field) {
            (Some(code), _) => match &self.sql_state {
                Some(state) => format!("OceanBase error {code} ({state}): {}", self.message),
                None => format!("OceanBase error {code}: {}", self.message),
            },
            (None, Some(field)) => format!("{field}: {}", self.message),
            (None, None) => self.message.clone(),
        }
    }
}

/// A page of results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", bound(deserialize = "T: Deserialize<'de>"))]
pub struct Page<T> {
    #[serde(default = "Vec::new", deserialize_with = "nullable")]
    pub contents: Vec<T>,
    #[serde(default)]
    pub page: PageInfo,
}

/// Where a page is in the whole list. The docs spell `totalPage`, the samples `totalPages`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageInfo {
    #[serde(default)]
    pub number: i64,
    #[serde(default)]
    pub size: i64,
    #[serde(default)]
    pub total_elements: i64,
    #[serde(default, alias = "totalPage")]
    pub total_pages: i64,
}

impl<T> Page<T> {
    /// All of `items` as page 1.
    pub fn whole(items: Vec<T>) -> Self {
        let n = items.len() as i64;
        Self {
            contents: items,
            page: PageInfo {
                number: 1,
                size: n.max(1),
                total_elements: n,
                total_pages: 1,
            },
        }
    }
}
