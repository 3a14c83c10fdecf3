//! Reading a request: its query string (OCP's filters and pages), path ids and JSON body.

use axum::body::Bytes;
use obshell_protocol::ocp::codes;
use obshell_protocol::ocp::{Page, PageInfo};
use serde::de::DeserializeOwned;

use crate::ocp::pipeline::envelope::{fail, Out};

/// The query string's pairs, percent-decoded (`+` as space), repeated keys kept.
pub(super) fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (crate::http::decode(k), crate::http::decode(v))
        })
        .collect()
}

pub(super) struct Query(pub(super) Vec<(String, String)>);

impl Query {
    pub(super) fn all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .flat_map(|(_, v)| v.split(','))
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect()
    }

    pub(super) fn one(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub(super) fn number(&self, key: &str) -> Result<Option<i64>, Out> {
        match self.one(key) {
            None | Some("") => Ok(None),
            Some(v) => v.parse().map(Some).map_err(|_| {
                fail(
                    codes::COMMON_ILLEGAL_ARGUMENT,
                    &format!("{key} must be a number, got '{v}'"),
                )
            }),
        }
    }

    /// OCP's pages: `page` from 1, `size` up to 2000 (default 10).
    pub(super) fn page<T>(&self, items: Vec<T>) -> Result<Page<T>, Out> {
        let number = self.number("page")?.unwrap_or(1).max(1);
        let size = self.number("size")?.unwrap_or(10).clamp(1, 2000);
        let total = items.len() as i64;
        let skip = usize::try_from((number - 1) * size).unwrap_or(usize::MAX);
        let take = usize::try_from(size).unwrap_or(usize::MAX);
        Ok(Page {
            contents: items.into_iter().skip(skip).take(take).collect(),
            page: PageInfo {
                number,
                size,
                total_elements: total,
                total_pages: (total + size - 1) / size,
            },
        })
    }
}

pub(super) fn id(text: &str, what: &str) -> Result<i64, Out> {
    text.parse().map_err(|_| {
        fail(
            codes::COMMON_ILLEGAL_ARGUMENT,
            &format!("{what} must be a number, got '{text}'"),
        )
    })
}

pub(super) fn body<T: DeserializeOwned>(bytes: &Bytes) -> Result<T, Out> {
    serde_json::from_slice(bytes).map_err(|e| {
        fail(
            codes::COMMON_ILLEGAL_ARGUMENT,
            &format!("JSON parse error: {e}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_decode() {
        let q = Query(query_pairs(Some(
            "status=RUNNING&status=FAILED,SUCCESSFUL&a=%2F+b",
        )));
        assert_eq!(q.all("status"), ["RUNNING", "FAILED", "SUCCESSFUL"]);
        assert_eq!(q.one("a"), Some("/ b"));
    }
}
