//! The [`Session`] handle and its auth state: the agent's key, the credential, the clock
//! offset and what the agent can do, shared by clones; the recorder hook and the remembered
//! request traces.

use std::sync::{Arc, Mutex};

use obshell_protocol::obshell::paths;
use obshell_protocol::obshell::version::Capabilities;
use obshell_protocol::obshell::AgentPublicKey;

use super::agent_client::AgentClient;
use super::record::{entry, trace, RequestTrace};
use super::secrets::Cred;
use crate::core::error::ApiError;
pub use crate::core::journal::Recorder;
use crate::core::transport::{Method, RawResponse};

pub(super) struct Auth {
    /// The agent's open calls, behind the backend's path prefix.
    pub(super) open: AgentClient,
    pub(super) key: AgentPublicKey,
    pub(super) credential: Cred,
    pub(super) clock_offset: i64,
    /// What the agent's version can do; fixed for the connection.
    pub(super) caps: Capabilities,
    /// Where the journal of this tab's mutations goes.
    pub(super) recorder: Option<Recorder>,
    /// The last requests (reads too): target, status, trace id.
    pub(super) recent: std::collections::VecDeque<RequestTrace>,
    /// The earlier runs read for each DAG name (`history.rs`): read once per session.
    pub(super) earlier: std::collections::HashMap<String, Arc<Vec<crate::core::history::Run>>>,
}

/// How many requests [`Session::traces`] remembers.
const RECENT: usize = 400;

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Auth")
            .field("credential", &self.credential)
            .field("clock_offset", &self.clock_offset)
            .field("caps", &self.caps)
            .finish_non_exhaustive()
    }
}

/// An authenticated client. Clones share the key, credential and clock offset, which the
/// send path refreshes when the agent rotates its key or the clock drifts.
#[derive(Debug, Clone)]
pub struct Session {
    pub(super) inner: Arc<Mutex<Auth>>,
}

impl PartialEq for Session {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

impl Session {
    pub(super) fn lock(&self) -> std::sync::MutexGuard<'_, Auth> {
        match self.inner.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// The agent's open calls (behind the same prefix).
    pub(super) fn open(&self) -> AgentClient {
        self.lock().open.clone()
    }

    /// The path prefix this session's requests go through (`""`: the agent serving the page).
    pub fn prefix(&self) -> String {
        self.lock().open.prefix().to_owned()
    }

    /// Agent clock minus browser clock, in seconds (refreshed after an expiry).
    pub fn clock_offset(&self) -> i64 {
        self.lock().clock_offset
    }

    /// Sends one journal entry per mutation to `recorder` from now on.
    pub fn set_recorder(&self, recorder: Recorder) {
        self.lock().recorder = Some(recorder);
    }

    /// Remembers every answer's trace id, and journals a mutation's answer (reads are not
    /// journalled, nor logging in and out).
    pub(super) fn note(
        &self,
        call: &'static str,
        method: Method,
        target: &str,
        answer: Result<&RawResponse, &ApiError>,
    ) {
        let at = String::from(js_sys::Date::new_0().to_iso_string());
        let journalled = method != Method::Get && target != paths::LOGIN && target != paths::LOGOUT;
        let e = journalled.then(|| entry(at.clone(), call, target, answer));
        let recorder = {
            let mut auth = self.lock();
            if auth.recent.len() >= RECENT {
                auth.recent.pop_front();
            }
            auth.recent.push_back(match &e {
                Some(e) => RequestTrace::from(e),
                None => trace(at, call, target, answer),
            });
            auth.recorder.clone()
        };
        if let (Some(record), Some(e)) = (recorder, e) {
            record(e);
        }
    }

    /// The remembered requests whose target contains `fragment` (e.g. a task id).
    pub fn traces(&self, fragment: &str) -> Vec<RequestTrace> {
        self.lock()
            .recent
            .iter()
            .filter(|t| t.target.contains(fragment))
            .cloned()
            .collect()
    }

    /// What the agent's version can do.
    pub fn caps(&self) -> Capabilities {
        self.lock().caps
    }

    /// A login session is in use.
    pub fn uses_login(&self) -> bool {
        matches!(self.lock().credential, Cred::Session { .. })
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::repair::tests::caps;
    use super::super::secrets::{Password, SessionId};
    use super::*;

    const KEY: &str = "MIGJAoGBAMb3ZKSC4cmGJ5Cc3c0KssC2vPYuerkhlF8Rgs/cF0Hnvffw0TvN8FOvOgjukMF1YKT71mwxCH4N+bXyg4Dd9v1I3hftOWH2GVt2idgKeTxNBRzQp9JWbXibDSSbzSUHfYP+xQ/5UB+c81qfKN4e0JLp26Ce15Y7wI4FK/6VFTBzAgMBAAE=";

    pub(crate) fn session_with(credential: Cred) -> Session {
        let key = AgentPublicKey::from_base64(KEY).expect("key");
        let spec = crate::core::backend::BackendSpec::same_origin_agent();
        let s = Session::unconnected(&spec, key, caps("4.5.0.0"), String::new());
        s.lock().credential = credential;
        s
    }

    pub(crate) fn logged_in() -> Cred {
        Cred::Session {
            id: SessionId("sess-1d-5ecret".into()),
            password: Password("R00t#pw-5ecret".into()),
        }
    }

    #[test]
    fn no_debug_output_shows_a_secret() {
        let session = session_with(logged_in());
        let mut form = crate::obshell::forms::ScaleOutForm::default();
        form.target_agent_password = "T4rget-5ecret".into();
        let printed = [
            format!("{session:?}"),
            format!("{:#?}", session.lock()),
            format!("{:?}", logged_in()),
            format!("{:?}", Cred::Password(Password("R00t#pw-5ecret".into()))),
            format!("{form:?}"),
            format!("{:?}", session.forget()),
        ];
        for text in printed {
            for secret in ["5ecret", "sess-1d"] {
                assert!(!text.contains(secret), "{secret} in {text}");
            }
        }
    }
}
