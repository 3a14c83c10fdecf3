//! The agent's shared state: identity, keys, credentials, clock, sessions and the cluster model.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Duration, Utc};
use obshell_protocol::model::AgentIdentity;
use obshell_protocol::{AgentKeyPair, CryptoError};

use crate::clock::{go_time, Clock};
use crate::cluster::Cluster;

/// How the simulated agent presents itself.
#[derive(Debug, Clone)]
pub struct AgentConfig {
    /// The address the agent reports as its own (`/api/v1/info`, `/api/v1/secret`).
    pub ip: String,
    pub port: u16,
    /// Password of `root@sys`, what clients send in `Auth`.
    pub root_password: String,
    /// Agent password (`X-OCS-Agent-Header`); `None` when not initialised.
    pub agent_password: Option<String>,
    pub identity: AgentIdentity,
    /// obshell version.
    pub version: String,
    /// Idle timeout of login sessions.
    pub session_timeout: Duration,
}

impl Default for AgentConfig {
    fn default() -> Self {
        Self {
            ip: "10.0.1.1".to_owned(),
            port: 2886,
            root_password: DEFAULT_ROOT_PASSWORD.to_owned(),
            agent_password: None,
            identity: AgentIdentity::ClusterAgent,
            version: "4.5.0.0-100000012026050800".to_owned(),
            session_timeout: Duration::seconds(1800),
        }
    }
}

/// The documented default password of the demo cluster's `root@sys`.
pub const DEFAULT_ROOT_PASSWORD: &str = "ObShell#Demo1";

/// Cheap to clone; every handler gets one.
#[derive(Debug, Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: AgentConfig,
    keys: RwLock<AgentKeyPair>,
    clock: Arc<dyn Clock>,
    started: DateTime<Utc>,
    /// The timestamp of the agent's pre-built panic envelope, frozen at start-up.
    panic_timestamp: String,
    sessions: RwLock<HashMap<String, DateTime<Utc>>>,
    cluster: RwLock<Cluster>,
}

/// What the session path of verification found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionCheck {
    Valid,
    Unknown,
    Expired,
}

impl AppState {
    pub fn new(
        config: AgentConfig,
        keys: AgentKeyPair,
        clock: Arc<dyn Clock>,
        cluster: Cluster,
    ) -> Self {
        let started = clock.now();
        Self {
            inner: Arc::new(Inner {
                config,
                keys: RwLock::new(keys),
                panic_timestamp: go_time(started),
                started,
                clock,
                sessions: RwLock::new(HashMap::new()),
                cluster: RwLock::new(cluster),
            }),
        }
    }

    pub fn config(&self) -> &AgentConfig {
        &self.inner.config
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.inner.clock.now()
    }

    pub fn started(&self) -> DateTime<Utc> {
        self.inner.started
    }

    pub fn panic_timestamp(&self) -> &str {
        &self.inner.panic_timestamp
    }

    pub fn public_key_base64(&self) -> String {
        self.inner
            .keys
            .read()
            .map(|k| k.public_key_base64())
            .unwrap_or_default()
    }

    pub fn decrypt_header(&self, text: &str) -> Result<Vec<u8>, CryptoError> {
        match self.inner.keys.read() {
            Ok(keys) => keys.decrypt_sectional(text),
            Err(_) => Err(CryptoError::RsaDecrypt),
        }
    }

    /// Replaces the key pair, as an agent upgrade does.
    pub fn rotate_keys(&self, keys: AgentKeyPair) {
        if let Ok(mut slot) = self.inner.keys.write() {
            *slot = keys;
        }
    }

    /// Starts a session and returns its id (64 lowercase hex characters).
    pub fn create_session(&self, id: String) {
        if let Ok(mut sessions) = self.inner.sessions.write() {
            sessions.insert(id, self.now());
        }
    }

    /// Checks a session and, when valid, extends it (the timeout slides with use).
    pub fn touch_session(&self, id: &str) -> SessionCheck {
        let now = self.now();
        let Ok(mut sessions) = self.inner.sessions.write() else {
            return SessionCheck::Unknown;
        };
        match sessions.get_mut(id) {
            None => SessionCheck::Unknown,
            Some(last) if now - *last > self.inner.config.session_timeout => {
                sessions.remove(id);
                SessionCheck::Expired
            }
            Some(last) => {
                *last = now;
                SessionCheck::Valid
            }
        }
    }

    pub fn drop_session(&self, id: &str) {
        if let Ok(mut sessions) = self.inner.sessions.write() {
            sessions.remove(id);
        }
    }

    /// Reads the cluster model.
    pub fn with_cluster<T>(&self, f: impl FnOnce(&Cluster) -> T) -> T {
        match self.inner.cluster.read() {
            Ok(c) => f(&c),
            Err(poisoned) => f(&poisoned.into_inner()),
        }
    }
}
