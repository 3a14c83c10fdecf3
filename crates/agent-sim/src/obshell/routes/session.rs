//! Login, logout and the status of every agent (docs/protocol/obshell-auth.md §2.12,
//! docs/protocol/obshell.md §4.1).

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Extension, Router};
use obshell_protocol::obshell::version::{Capabilities, Feature};
use obshell_protocol::obshell::{catalog, SessionKey};
use rand_core::RngCore;
use serde::Deserialize;

use super::identity::Status;

use crate::obshell::failure::Failure;
use crate::obshell::pipeline::{ApiResult, Reply, RequestContext};
use crate::obshell::routes::bind::{bind, Field, Schema, StructSchema};
use crate::obshell::state::AppState;

/// Login and logout from 4.4.0 (before, `/login` is an unknown route).
pub fn routes(caps: &Capabilities) -> Router<AppState> {
    let router = Router::new().route("/agents/status", get(agents_status));
    if !caps.has(Feature::Sessions) {
        return router;
    }
    router
        .route("/login", post(login))
        .route("/logout", post(logout))
}

/// `POST /api/v1/login`: a new session, its id encrypted with the request's own AES key.
async fn login(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
) -> ApiResult {
    let mut raw = [0u8; 32];
    rand_core::OsRng.fill_bytes(&mut raw);
    let id: String = raw.iter().map(|b| format!("{b:02x}")).collect();
    state.create_session(id.clone());
    let keys = ctx
        .auth
        .as_ref()
        .and_then(|a| a.header.keys.clone())
        .unwrap_or_default();
    if keys.len() < 16 {
        return Err(Failure::from_spec(catalog::AES_KEY_AND_IV_INVALID, &[]));
    }
    let (Ok(key), Ok(iv)) = (
        <[u8; 16]>::try_from(&keys[..16]),
        <[u8; 16]>::try_from(&keys[16..]),
    ) else {
        // The agent's Go code panics on an IV that is not one block.
        return Err(Failure::new(
            500,
            catalog::UNEXPECTED.code,
            "Unexpected error: Internal Server Error",
        ));
    };
    Ok(Reply::data(
        &SessionKey::from_parts(key, iv).encrypt(id.as_bytes()),
    ))
}

#[derive(Deserialize)]
struct LogoutParam {
    session_id: String,
}

pub(crate) static LOGOUT: StructSchema = StructSchema {
    go_name: "LogoutParam",
    fields: &[Field {
        json: "session_id",
        go: "SessionID",
        schema: Schema::String,
        nullable: false,
        required: true,
    }],
};

/// `POST /api/v1/logout`: a session may only end itself; the password may end any.
async fn logout(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    body: Bytes,
) -> ApiResult {
    let param: LogoutParam = bind(&body, &LOGOUT)?;
    match &ctx.session_id {
        Some(own) if *own != param.session_id => {}
        _ => state.drop_session(&param.session_id),
    }
    Ok(Reply::Empty)
}

async fn agents_status(State(state): State<AppState>) -> ApiResult {
    let start_at = state.started().timestamp_nanos_opt().unwrap_or_default();
    let all: BTreeMap<String, Status> = state.read(|w| {
        w.cluster
            .servers()
            .map(|(_, s)| {
                let status = Status::running(
                    &s.ip,
                    s.agent_port,
                    "CLUSTER AGENT",
                    &w.cluster.agent_version,
                    start_at,
                    s.sql_port,
                );
                (format!("{}:{}", s.ip, s.agent_port), status)
            })
            .collect()
    });
    Ok(Reply::data(&all))
}
