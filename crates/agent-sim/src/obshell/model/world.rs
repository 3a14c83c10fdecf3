//! Everything the agent persists — the cluster model, the task tables and its key — and how it
//! is saved: one JSON file, readable by its owner only (it holds the private key), written
//! atomically (a temporary file of its own, fsync, rename). Saves are serialised by the caller
//! (see `AppState::persist`), so the newest state always wins.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use obshell_protocol::obshell::AgentKeyPair;
use serde::{Deserialize, Serialize};

use super::{Cluster, FailRule, TaskStore};

/// The agent's durable state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct World {
    pub cluster: Cluster,
    pub tasks: TaskStore,
    /// Injected failures still armed (kept across restarts like everything else).
    #[serde(default)]
    pub fail_rules: Vec<FailRule>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Saved {
    /// DER PKCS#1 private key, base64.
    key: String,
    world: World,
}

const FILE: &str = "state.json";

fn io(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Tells the temporary files of one process apart.
static NEXT_TMP: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// A new file only its owner can read and write.
fn owner_only() -> fs::OpenOptions {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

/// Where the agent keeps its state.
#[derive(Debug, Clone)]
pub struct StateDir(pub PathBuf);

impl StateDir {
    fn file(&self) -> PathBuf {
        self.0.join(FILE)
    }

    /// Reads the saved state, if there is one. A file that is not this simulator's state (or
    /// is damaged) is an error naming it: starting over would silently throw away the tasks and
    /// the key, so that takes `--fresh-state`.
    pub fn load(&self) -> Result<Option<(AgentKeyPair, World)>, String> {
        let path = self.file();
        if !path.exists() {
            return Ok(None);
        }
        let bad = |why: String| {
            format!(
                "{} is not a readable obshell-sim state ({why}); move it away or start with --fresh-state",
                path.display()
            )
        };
        let text = fs::read(&path).map_err(|e| bad(e.to_string()))?;
        let saved: Saved = serde_json::from_slice(&text).map_err(|e| bad(e.to_string()))?;
        let der = STANDARD
            .decode(saved.key)
            .map_err(|e| bad(format!("key: {e}")))?;
        let key = AgentKeyPair::from_pkcs1_der(&der).map_err(|e| bad(format!("key: {e}")))?;
        Ok(Some((key, saved.world)))
    }

    /// Writes the state so that a crash leaves either the old or the new file, never half.
    pub fn save(&self, key: &AgentKeyPair, world: &World) -> Result<(), String> {
        fs::create_dir_all(&self.0).map_err(io)?;
        let saved = Saved {
            key: STANDARD.encode(key.to_pkcs1_der().map_err(io)?),
            world: world.clone(),
        };
        let bytes = serde_json::to_vec(&saved).map_err(io)?;
        let tmp = self.0.join(format!(
            "{FILE}.{}.{}.tmp",
            std::process::id(),
            NEXT_TMP.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        let written = (|| {
            let mut file = owner_only().open(&tmp)?;
            file.write_all(&bytes)?;
            file.sync_all()?;
            fs::rename(&tmp, self.file())
        })();
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            return Err(io(e));
        }
        if let Ok(dir) = fs::File::open(&self.0) {
            let _ = dir.sync_all();
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}
