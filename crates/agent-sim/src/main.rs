//! `obshell-sim`: runs the simulated OBShell agent, optionally serving the built console.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::Parser;
use obshell_protocol::AgentKeyPair;
use obshell_sim::cluster::Cluster;
use obshell_sim::state::DEFAULT_ROOT_PASSWORD;
use obshell_sim::{app, AgentConfig, AppState, SystemClock};

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
    /// RSA key size: 1024 (agents since 4.4.2.0) or 512 (older agents).
    #[arg(long, default_value_t = 1024, value_parser = parse_key_bits)]
    key_bits: usize,
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
    let keys = AgentKeyPair::generate(&mut rand_core::OsRng, args.key_bits)?;
    let config = AgentConfig {
        root_password: args.password,
        ..AgentConfig::default()
    };
    let state = AppState::new(
        config,
        keys,
        Arc::new(SystemClock::default()),
        Cluster::demo(),
    );
    if let Some(dist) = &args.dist {
        if !dist.join("index.html").is_file() {
            return Err(format!(
                "{} has no index.html: build the console first (trunk build --release)",
                dist.display()
            )
            .into());
        }
    }
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, "simulated OBShell agent listening");
    axum::serve(listener, app(state, args.dist.as_deref()))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
