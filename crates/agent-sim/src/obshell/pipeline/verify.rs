//! Verification of protected routes (docs/protocol/obshell-auth.md §2.10 step 3): the header is
//! there, its `Uri` is the request target byte for byte, then the session or the password with its
//! `Ts`.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use obshell_protocol::obshell::header::parse_go_int;
use obshell_protocol::obshell::model::AgentIdentity;
use obshell_protocol::obshell::version::Feature;

use super::{CredentialHeader, RequestContext, LOGIN_PATH};
use crate::obshell::failure::Failure;
use crate::obshell::state::{AppState, SessionCheck};

/// Verification of protected routes (docs/protocol/obshell-auth.md §2.10 step 3), as a route layer.
pub async fn verify(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let Some(ctx) = request.extensions().get::<RequestContext>().cloned() else {
        return Failure::header_not_found().into_response();
    };
    let path = request.uri().path().to_owned();
    match check_credentials(&state, &ctx, &path) {
        Ok(session) => {
            if let Some(ctx) = request.extensions_mut().get_mut::<RequestContext>() {
                ctx.session_id = session;
            }
            next.run(request).await
        }
        Err(failure) => failure.into_response(),
    }
}

/// Returns the session id when the session path accepted the request.
fn check_credentials(
    state: &AppState,
    ctx: &RequestContext,
    path: &str,
) -> Result<Option<String>, Failure> {
    let Some(auth) = &ctx.auth else {
        return Err(Failure::header_not_found());
    };
    let header = &auth.header;
    if header.uri != ctx.raw_target {
        return Err(Failure::uri_mismatch());
    }
    let config = state.config();
    let now = state.now().timestamp();
    let cluster_agent = config.identity == AgentIdentity::ClusterAgent;
    let sessions = config.capabilities().has(Feature::Sessions);
    if sessions && path != LOGIN_PATH && !header.session_id.is_empty() && cluster_agent {
        // The session path checks expiry first, with an unwrapped message.
        match parse_go_int(&header.ts) {
            Err(e) => return Err(Failure::timestamp_invalid(&header.ts, &e)),
            Ok(ts) if now > ts => return Err(Failure::expired_session_path()),
            Ok(_) => {}
        }
        return match state.touch_session(&header.session_id) {
            SessionCheck::Valid => Ok(Some(header.session_id.clone())),
            SessionCheck::Unknown => Err(Failure::session_invalid()),
            SessionCheck::Expired => Err(Failure::session_expired()),
        };
    }
    if !cluster_agent {
        // A SINGLE agent accepts anything until an agent password is set, then only that.
        return match &config.agent_password {
            None => Ok(None),
            Some(p) if auth.kind == CredentialHeader::AgentPassword && &header.auth == p => {
                Ok(None)
            }
            Some(_) => Err(Failure::incorrect_agent_password()),
        };
    }
    let expected = match auth.kind {
        CredentialHeader::RootPassword => config.root_password.as_str(),
        CredentialHeader::AgentPassword => match &config.agent_password {
            Some(p) => p.as_str(),
            None => return Err(Failure::agent_password_not_set()),
        },
    };
    // The agent only checks the expiry when a credential is given.
    if !header.auth.is_empty() {
        match parse_go_int(&header.ts) {
            Err(e) => return Err(Failure::timestamp_invalid(&header.ts, &e)),
            Ok(ts) if now > ts => return Err(Failure::expired_password_path()),
            Ok(_) => {}
        }
    }
    if header.auth != expected {
        return Err(match auth.kind {
            CredentialHeader::RootPassword => Failure::incorrect_ob_password(),
            CredentialHeader::AgentPassword => Failure::incorrect_agent_password(),
        });
    }
    Ok(None)
}
