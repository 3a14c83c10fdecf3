//! The agent's shared state: identity, keys, credentials, clock, sessions, the persisted world
//! and the fault switches.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use chrono::{DateTime, Duration, Utc};
use obshell_protocol::obshell::model::AgentIdentity;
use obshell_protocol::obshell::version::{AgentVersion, Capabilities};
use obshell_protocol::obshell::{AgentKeyPair, CryptoError};

use crate::clock::{go_time, Clock};
use crate::faults::Faults;
use crate::obshell::model::world::{StateDir, World};

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
    /// obshell version as `/api/v1/info` reports it (`4.5.0.0-<build>`); through
    /// [`AgentConfig::capabilities`] it decides every difference between versions.
    pub version: String,
    /// Idle timeout of login sessions.
    pub session_timeout: Duration,
    /// Task speed factor: 1 runs steps at their nominal length, 20 twenty times faster.
    pub speed: f64,
    /// Enables the admin API under `/__sim/` (off by default).
    pub faults_enabled: bool,
}

/// The build suffix the simulator reports after the version numbers.
pub const BUILD_SUFFIX: &str = "100000012026050800";
/// The version a simulator runs without `--agent-version`.
pub const DEFAULT_VERSION: AgentVersion = AgentVersion::new(4, 5, 0, 0);

impl AgentConfig {
    /// What this agent's version can do; an unreadable version counts as the default.
    pub fn capabilities(&self) -> Capabilities {
        Capabilities::of(AgentVersion::parse(&self.version).unwrap_or(DEFAULT_VERSION))
    }

    /// `/api/v1/info`'s version text for `version`, with the simulator's build suffix.
    pub fn version_text(version: AgentVersion) -> String {
        format!("{version}-{BUILD_SUFFIX}")
    }

    /// The RSA key size a new agent of `version` starts with: `explicit` (`--key-bits`) when
    /// given, else the version's (512 before 4.4.2, 1024 from it).
    pub fn key_bits(version: AgentVersion, explicit: Option<usize>) -> usize {
        explicit.unwrap_or_else(|| Capabilities::of(version).key_bits())
    }

    /// The default configuration of an agent of `version`.
    pub fn of_version(version: AgentVersion) -> Self {
        Self {
            version: Self::version_text(version),
            ..Self::default()
        }
    }
}

impl Default for AgentConfig {
    fn default() -> Self {
        Self {
            ip: "10.0.1.1".to_owned(),
            port: 2886,
            root_password: DEFAULT_ROOT_PASSWORD.to_owned(),
            agent_password: None,
            identity: AgentIdentity::ClusterAgent,
            version: Self::version_text(DEFAULT_VERSION),
            session_timeout: Duration::seconds(1800),
            speed: 1.0,
            faults_enabled: false,
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
    world: Mutex<World>,
    /// Bumped under the world's lock by every change, so a save knows whether it is stale.
    generation: std::sync::atomic::AtomicU64,
    /// Held while saving: the generation on disk. Saves are serialised, and a snapshot older
    /// than the one on disk is never written over it.
    saved: Mutex<u64>,
    state_dir: Option<StateDir>,
    faults: Faults,
    /// OceanBase is unreachable (the admin fault `POST /__sim/oceanbase`).
    ob_down: std::sync::atomic::AtomicBool,
}

/// Most login sessions the agent keeps at once.
pub const MAX_SESSIONS: usize = 256;

/// Longest `X-OCS-Header` the agent decrypts: 16 blocks of a 1024-bit key, base64.
pub const MAX_HEADER_LEN: usize = 16 * 128 * 4 / 3 + 4;

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
        world: World,
        state_dir: Option<StateDir>,
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
                world: Mutex::new(world),
                generation: std::sync::atomic::AtomicU64::new(0),
                saved: Mutex::new(0),
                state_dir,
                faults: Faults::default(),
                ob_down: std::sync::atomic::AtomicBool::new(false),
            }),
        }
    }

    pub fn config(&self) -> &AgentConfig {
        &self.inner.config
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.inner.clock
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

    pub fn faults(&self) -> &Faults {
        &self.inner.faults
    }

    /// Whether OceanBase is down (its observer process gone); the agent keeps answering.
    pub fn ob_down(&self) -> bool {
        self.inner
            .ob_down
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn set_ob_down(&self, down: bool) {
        self.inner
            .ob_down
            .store(down, std::sync::atomic::Ordering::Relaxed);
    }

    /// The agent's `oceanbase.GetInstance`: refuses when OceanBase is down, as every handler
    /// that needs SQL does then.
    pub fn sql(&self) -> Result<(), crate::obshell::failure::Failure> {
        if self.ob_down() {
            return Err(crate::obshell::failure::Failure::from_spec(
                obshell_protocol::obshell::catalog::OB_PROCESS_NOT_EXIST,
                &[],
            ));
        }
        Ok(())
    }

    pub fn public_key_base64(&self) -> String {
        self.inner
            .keys
            .read()
            .map(|k| k.public_key_base64())
            .unwrap_or_default()
    }

    /// Decrypts an auth header; one longer than [`MAX_HEADER_LEN`] is refused before any RSA
    /// work, as undecryptable (a real header is a few hundred characters).
    pub fn decrypt_header(&self, text: &str) -> Result<Vec<u8>, CryptoError> {
        if text.len() > MAX_HEADER_LEN {
            return Err(CryptoError::RsaDecrypt);
        }
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
        self.bump();
        self.persist();
    }

    /// Starts a session. At most [`MAX_SESSIONS`] live at once: the least recently used goes
    /// first, so logins in a loop cannot grow the agent without bound.
    pub fn create_session(&self, id: String) {
        if let Ok(mut sessions) = self.inner.sessions.write() {
            let timeout = self.inner.config.session_timeout;
            let now = self.now();
            sessions.retain(|_, last| now - *last <= timeout);
            while sessions.len() >= MAX_SESSIONS {
                let Some(oldest) = sessions
                    .iter()
                    .min_by_key(|(_, last)| **last)
                    .map(|(id, _)| id.clone())
                else {
                    break;
                };
                sessions.remove(&oldest);
            }
            sessions.insert(id, now);
        }
    }

    /// How many sessions are live.
    pub fn session_count(&self) -> usize {
        self.inner.sessions.read().map(|s| s.len()).unwrap_or(0)
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

    /// Reads the world.
    pub fn read<T>(&self, f: impl FnOnce(&World) -> T) -> T {
        match self.inner.world.lock() {
            Ok(w) => f(&w),
            Err(poisoned) => f(&poisoned.into_inner()),
        }
    }

    /// Changes the world and saves it when a state folder is set.
    pub fn update<T>(&self, f: impl FnOnce(&mut World) -> T) -> T {
        let out = match self.inner.world.lock() {
            Ok(mut w) => {
                self.bump();
                f(&mut w)
            }
            Err(poisoned) => {
                self.bump();
                f(&mut poisoned.into_inner())
            }
        };
        self.persist();
        out
    }

    fn bump(&self) {
        self.inner
            .generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    /// One scheduler tick at the agent's clock.
    pub fn tick(&self) -> bool {
        let now = self.now();
        let speed = self.inner.config.speed;
        let changed = match self.inner.world.lock() {
            Ok(mut w) => {
                let World { cluster, tasks, .. } = &mut *w;
                let changed = tasks.tick_with(cluster, now, speed, !self.ob_down());
                if changed {
                    self.bump();
                }
                changed
            }
            Err(_) => false,
        };
        if changed {
            self.persist();
        }
        changed
    }

    /// Saves the world and key. Several tasks may call this at once: the saves run one at a
    /// time, each takes its snapshot while holding the save lock, and one whose snapshot is not
    /// newer than what is on disk writes nothing — so the file always ends at the newest state.
    fn persist(&self) {
        let Some(dir) = &self.inner.state_dir else {
            return;
        };
        let mut saved = match self.inner.saved.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        let key = match self.inner.keys.read() {
            Ok(k) => k.clone(),
            Err(_) => return,
        };
        let (generation, world) = match self.inner.world.lock() {
            Ok(w) => (self.generation(), w.clone()),
            Err(poisoned) => (self.generation(), poisoned.into_inner().clone()),
        };
        if generation <= *saved {
            return;
        }
        match dir.save(&key, &world) {
            Ok(()) => *saved = generation,
            Err(e) => {
                tracing::error!(error = %e, dir = %dir.path().display(), "cannot save state");
            }
        }
    }

    fn generation(&self) -> u64 {
        self.inner
            .generation
            .load(std::sync::atomic::Ordering::SeqCst)
    }
}
