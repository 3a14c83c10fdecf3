//! Connecting: the agent's identity, clock and key from its open calls, the password proved with
//! a protected call, and a login session where the agent has them. Knows which backend (path
//! prefix) it talks to.

use std::sync::{Arc, Mutex};

use obshell_protocol::obshell::calls;
use obshell_protocol::obshell::model::{AgentIdentity, AgentInfo, ObInfo};
use obshell_protocol::obshell::version::{Capabilities, Feature};

use super::agent_client::AgentClient;
use super::secrets::{Cred, Password};
use super::session::{Auth, Session};
use crate::core::backend::BackendSpec;
use crate::core::error::ApiError;
use crate::obshell::profile::AgentProfile;

impl Session {
    /// A session for `backend` that has not proven anything: for benchmarks that mount pages
    /// without an agent (their pages never send). The password is kept as a real one would be.
    pub fn unconnected(
        backend: &BackendSpec,
        key: obshell_protocol::obshell::AgentPublicKey,
        caps: Capabilities,
        password: String,
    ) -> Session {
        Session {
            inner: Arc::new(Mutex::new(Auth {
                open: AgentClient::new(&backend.prefix),
                key,
                credential: Cred::Password(Password(password)),
                clock_offset: 0,
                caps,
                recorder: None,
                recent: Default::default(),
                earlier: Default::default(),
            })),
        }
    }

    /// Reads the agent's identity, clock and key, proves the password with a protected call,
    /// and on agents that have sessions (a cluster agent of 4.4 or later) logs in, so requests
    /// are signed with the session instead of the password. The password lives only in the
    /// returned session, in memory.
    pub async fn connect(backend: &BackendSpec, password: String) -> Result<Connected, ApiError> {
        let open = AgentClient::new(&backend.prefix);
        let info = open.info().await?;
        let caps = Capabilities::from_info(&info.version).map_err(|unsupported| {
            ApiError::Unsupported {
                call: calls::INFO,
                detail: unsupported.to_string(),
            }
        })?;
        let clock_offset = open.clock_offset().await?;
        let key = open.public_key().await?;
        let key_bits = key.size() * 8;
        let session = Session {
            inner: Arc::new(Mutex::new(Auth {
                open,
                key,
                credential: Cred::Password(Password(password)),
                clock_offset,
                caps,
                recorder: None,
                recent: Default::default(),
                earlier: Default::default(),
            })),
        };
        let cluster = session.ob_info().await?;
        let sessions = info.identity == AgentIdentity::ClusterAgent && caps.has(Feature::Sessions);
        let logged_in = sessions && session.login().await.is_ok();
        let profile = AgentProfile::new(&info, caps, key_bits, &cluster);
        Ok(Connected {
            session,
            info,
            clock_offset,
            cluster,
            logged_in,
            profile,
        })
    }
}

/// What a successful connect learnt.
#[derive(Debug, Clone)]
pub struct Connected {
    pub session: Session,
    pub info: AgentInfo,
    /// Agent clock minus browser clock, in seconds.
    pub clock_offset: i64,
    pub cluster: ObInfo,
    /// A login session replaced the password.
    pub logged_in: bool,
    /// What this agent can do, and why not.
    pub profile: AgentProfile,
}
