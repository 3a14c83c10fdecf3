//! `obshell-sim`: runs the simulated OBShell agent, optionally serving the built console.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::Parser;
use obshell_protocol::obshell::model::AgentIdentity;
use obshell_protocol::obshell::version::{AgentVersion, Capabilities, Feature};
use obshell_protocol::obshell::AgentKeyPair;
use obshell_sim::obshell::model::world::{StateDir, World};
use obshell_sim::obshell::model::Cluster;
use obshell_sim::obshell::model::TaskStore;
use obshell_sim::obshell::state::DEFAULT_ROOT_PASSWORD;
use obshell_sim::obshell::{app, spawn_scheduler, AgentConfig, AppState};
use obshell_sim::ocp::{OcpConfig, OcpState};
use obshell_sim::{Clock, SystemClock};

/// A simulated OBShell agent with a demo OceanBase cluster.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:2886")]
    listen: SocketAddr,
    /// Password of root@sys that clients must send.
    #[arg(long, env = "OBSHELL_SIM_PASSWORD", default_value = DEFAULT_ROOT_PASSWORD)]
    password: String,
    /// Folder of the built console (Trunk's dist/), served for every non-API path.
    #[arg(long)]
    dist: Option<PathBuf>,
    /// obshell version to reproduce (4.2.4.0 or later), e.g. 4.2.5.0, 4.3.0.0, 4.4.1.0;
    /// `/api/v1/info` reports it with a build suffix, and every version difference follows it.
    #[arg(long, default_value = "4.5.0.0", value_parser = parse_version)]
    agent_version: AgentVersion,
    /// The agent's identity: CLUSTER AGENT (default), SINGLE, MASTER, FOLLOWER, SCALING OUT,
    /// SCALING IN.
    #[arg(long, default_value = "CLUSTER AGENT", value_parser = parse_identity)]
    identity: AgentIdentity,
    /// RSA key size of a new agent: 1024 or 512. Default: the version's (512 before 4.4.2.0).
    #[arg(long, value_parser = parse_key_bits)]
    key_bits: Option<usize>,
    /// Keep the cluster, the tasks and the key in this folder (written atomically after every
    /// change), so a restart continues where it stopped. Without it, everything is in memory.
    #[arg(long)]
    state_dir: Option<PathBuf>,
    /// Start from the demo cluster and a new key even when the state folder holds a state (or
    /// a file that cannot be read as one), replacing it.
    #[arg(long, requires = "state_dir")]
    fresh_state: bool,
    /// Task speed factor: 1 runs every step at its nominal length (an added replica takes about
    /// 15 s), 20 twenty times faster.
    #[arg(long, default_value_t = 1.0)]
    speed: f64,
    /// Start with this many ended tasks in the agent's history (a cluster's years of changes:
    /// its full task lists have no paging). Not with a saved state.
    #[arg(long, default_value_t = 0)]
    history: usize,
    /// Enable the admin API under /__sim (fault injection, request log). Off by default.
    #[arg(long)]
    faults: bool,
    /// Also serve a simulated OCP under /api/v2/ (same origin), its user `admin` having this
    /// password; with --dist, /console.json then names both backends.
    #[arg(long, env = "OCP_PASSWORD")]
    ocp_password: Option<String>,
}

/// The task tables at start: empty, or `count` ended tasks of the agent's past.
fn history(count: usize, now: chrono::DateTime<chrono::Utc>) -> TaskStore {
    let mut tasks = TaskStore::default();
    let config = AgentConfig::default();
    let agent = obshell_protocol::obshell::model::task::AgentAddr {
        ip: config.ip,
        port: config.port,
    };
    tasks.seed_history(count, now, &agent);
    tasks
}

fn parse_version(text: &str) -> Result<AgentVersion, String> {
    let version = AgentVersion::parse(text)
        .ok_or_else(|| format!("'{text}' is not a version like 4.2.5.0"))?;
    if version < AgentVersion::OLDEST_SUPPORTED {
        return Err(format!(
            "{version} is older than {}, the oldest agent the console supports",
            AgentVersion::OLDEST_SUPPORTED
        ));
    }
    Ok(version)
}

fn parse_identity(text: &str) -> Result<AgentIdentity, String> {
    let identity = AgentIdentity::from_wire(&text.to_ascii_uppercase().replace('_', " "));
    match identity {
        AgentIdentity::ClusterAgent
        | AgentIdentity::Single
        | AgentIdentity::Master
        | AgentIdentity::Follower
        | AgentIdentity::ScalingOut
        | AgentIdentity::ScalingIn => Ok(identity),
        _ => Err(
            "must be CLUSTER AGENT, SINGLE, MASTER, FOLLOWER, SCALING OUT or SCALING IN".to_owned(),
        ),
    }
}

fn parse_key_bits(text: &str) -> Result<usize, String> {
    match text {
        "512" => Ok(512),
        "1024" => Ok(1024),
        _ => Err("must be 512 or 1024".to_owned()),
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let args = Args::parse();
    if !(args.speed > 0.0 && args.speed <= 1000.0) {
        return Err("--speed must be in (0, 1000]".into());
    }
    if let Some(dist) = &args.dist {
        if !dist.join("index.html").is_file() {
            return Err(format!(
                "{} has no index.html: build the console first (trunk build --release)",
                dist.display()
            )
            .into());
        }
    }
    let clock = Arc::new(SystemClock::default());
    let dir = args.state_dir.clone().map(StateDir);
    let saved = match &dir {
        Some(_) if args.fresh_state => None,
        Some(d) => d.load()?,
        None => None,
    };
    let resumed = saved.is_some();
    let key_bits = AgentConfig::key_bits(args.agent_version, args.key_bits);
    let (keys, world) = match saved {
        Some(found) => found,
        None => (
            AgentKeyPair::generate(&mut rand_core::OsRng, key_bits)?,
            World {
                cluster: Cluster::demo(clock.now()),
                tasks: history(args.history, clock.now()),
                fail_rules: Vec::new(),
            },
        ),
    };
    // An agent from 4.4.2 regenerates a 512-bit key at start (docs/protocol/obshell.md §7): every
    // open console then meets a decrypt failure once and fetches the new key.
    let regenerate = resumed
        && Capabilities::of(args.agent_version).has(Feature::Key1024)
        && keys.size() * 8 < 1024;
    let keys = if regenerate {
        tracing::info!("replacing the saved 512-bit key by a 1024-bit one, as 4.4.2 does");
        AgentKeyPair::generate(&mut rand_core::OsRng, 1024)?
    } else {
        keys
    };
    let config = AgentConfig {
        version: AgentConfig::version_text(args.agent_version),
        identity: args.identity,
        root_password: args.password,
        speed: args.speed,
        faults_enabled: args.faults,
        ..AgentConfig::default()
    };
    let ocp = args.ocp_password.clone().map(|password| {
        OcpState::new(
            OcpConfig {
                password,
                speed: args.speed,
                faults_enabled: args.faults,
                ..OcpConfig::default()
            },
            clock.clone(),
        )
    });
    let state = AppState::new(config, keys, clock, world, dir);
    if !resumed || regenerate {
        // Write the first state at once, so the key survives a restart before any change.
        state.update(|_| ());
    }
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, resumed, version = %args.agent_version, identity = args.identity.as_str(), key_bits, speed = args.speed, faults = args.faults, "simulated OBShell agent listening");
    spawn_scheduler(state.clone());
    let agent = app(state, args.dist.as_deref());
    let router = match ocp {
        Some(ocp) => {
            tracing::info!("simulated OCP at /api/v2/ (user admin)");
            obshell_sim::ocp::with_agent(ocp, agent, args.dist.as_deref())
        }
        None => agent,
    };
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
