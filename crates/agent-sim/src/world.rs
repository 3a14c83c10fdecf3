//! Everything the agent persists — the cluster model, the task tables and its key — and how it
//! is saved: one JSON file written atomically (temporary file, fsync, rename).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use obshell_protocol::AgentKeyPair;
use serde::{Deserialize, Serialize};

use crate::engine::{FailRule, TaskStore};
use crate::model::Cluster;

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
struct Saved {
    /// DER PKCS#1 private key, base64.
    key: String,
    world: World,
}

const FILE: &str = "state.json";

fn io(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Where the agent keeps its state.
#[derive(Debug, Clone)]
pub struct StateDir(pub PathBuf);

impl StateDir {
    fn file(&self) -> PathBuf {
        self.0.join(FILE)
    }

    /// Reads the saved state, if there is one.
    pub fn load(&self) -> Result<Option<(AgentKeyPair, World)>, String> {
        let path = self.file();
        if !path.exists() {
            return Ok(None);
        }
        let text = fs::read(&path).map_err(io)?;
        let saved: Saved =
            serde_json::from_slice(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let der = STANDARD.decode(saved.key).map_err(io)?;
        let key = AgentKeyPair::from_pkcs1_der(&der).map_err(io)?;
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
        let tmp = self.0.join(format!("{FILE}.tmp"));
        let mut file = fs::File::create(&tmp).map_err(io)?;
        file.write_all(&bytes).map_err(io)?;
        file.sync_all().map_err(io)?;
        fs::rename(&tmp, self.file()).map_err(io)?;
        if let Ok(dir) = fs::File::open(&self.0) {
            let _ = dir.sync_all();
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}
