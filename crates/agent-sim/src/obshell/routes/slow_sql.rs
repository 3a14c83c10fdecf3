//! `GET /api/v1/tenant/top-slow-sqls` (docs/protocol/obshell.md §4.12): the tenants with the most
//! distinct slow statements in a time window, a fixed path gin matches before `/tenant/:name`.
//! The model runs no SQL, so the window is always empty.

use axum::extract::{RawQuery, State};
use axum::routing::get;
use axum::Router;
use chrono::DateTime;
use obshell_protocol::obshell::catalog;
use obshell_protocol::obshell::model::dashboard::TenantSlowSqlCount;
use obshell_protocol::obshell::Contents;

use super::query::query_param;
use crate::obshell::failure::Failure;
use crate::obshell::pipeline::{ApiResult, Reply};
use crate::obshell::state::AppState;

/// The routes of this file; `super::dashboard` adds them from the version that has them.
pub fn routes() -> Router<AppState> {
    Router::new().route("/tenant/top-slow-sqls", get(top_slow_sqls))
}

/// Go's `time.Parse(time.RFC3339, …)`: a capital `T` and `Z` (or a numeric offset), optional
/// fractional seconds.
fn rfc3339(text: &str) -> bool {
    text.as_bytes().get(10) == Some(&b'T')
        && !text.ends_with('z')
        && DateTime::parse_from_rfc3339(text).is_ok()
}

/// A required time: `Request.Query.Param.Empty` when missing, `…Illegal` when unreadable (4.3.0
/// said so in its own words).
fn time_param(query: Option<&str>, key: &str) -> Result<(), Failure> {
    let name = [key.to_owned()];
    match query_param(query, key).filter(|t| !t.is_empty()) {
        None => Err(Failure::from_spec(catalog::QUERY_PARAM_EMPTY, &name)
            .with_legacy_text(format!("{key} is required."))),
        Some(t) if !rfc3339(&t) => Err(Failure::from_spec(catalog::QUERY_PARAM_ILLEGAL, &name)
            .with_legacy_text(format!("Invalid {key}."))),
        Some(_) => Ok(()),
    }
}

/// `getTenantTopSlowSqlRankHandler`: `limit` (absent or empty: 3; `0` asks for none), then
/// `start_time`, then `end_time`; then the query, whose failure comes with `{"contents": null}`.
async fn top_slow_sqls(State(state): State<AppState>, RawQuery(query): RawQuery) -> ApiResult {
    let query = query.as_deref();
    if let Some(text) = query_param(query, "limit").filter(|t| !t.is_empty()) {
        if text.parse::<i64>().is_err() {
            return Err(
                Failure::from_spec(catalog::QUERY_PARAM_ILLEGAL, &["limit".to_owned()])
                    .with_legacy_text("Invalid top value."),
            );
        }
    }
    time_param(query, "start_time")?;
    time_param(query, "end_time")?;
    if let Err(down) = state.sql() {
        return Err(down.with_data(serde_json::json!({ "contents": null })));
    }
    Ok(Reply::data(
        &Contents::new(Vec::<TenantSlowSqlCount>::new()),
    ))
}

#[cfg(test)]
mod tests {
    use super::rfc3339;

    #[test]
    fn times_read_as_go_reads_rfc3339() {
        assert!(rfc3339("2026-01-01T00:00:00Z"));
        assert!(rfc3339("2026-01-01T08:00:00.5+08:00"));
        for bad in [
            "2026-01-01 00:00:00Z",
            "2026-01-01t00:00:00Z",
            "2026-01-01T00:00:00z",
            "1",
        ] {
            assert!(!rfc3339(bad), "{bad}");
        }
    }
}
