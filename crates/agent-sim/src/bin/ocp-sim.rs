//! `ocp-sim`: runs the simulated OCP on its own (API v2 at `/api/v2/`), for tests that put OCP
//! behind nginx as its own upstream.

use std::net::SocketAddr;
use std::sync::Arc;

use clap::Parser;
use obshell_sim::ocp::{self, OcpConfig, OcpState, DEFAULT_PASSWORD};
use obshell_sim::SystemClock;

/// A simulated OCP with two OceanBase clusters.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Password of the OCP user `admin` (HTTP Basic).
    #[arg(long, env = "OCP_PASSWORD", default_value = DEFAULT_PASSWORD)]
    password: String,
    /// Task speed factor: 1 runs every subtask at its nominal length (an added replica takes
    /// about 12 s), 20 twenty times faster.
    #[arg(long, default_value_t = 1.0)]
    speed: f64,
    /// Enable the admin API under /__sim/ocp (fault injection, throttling, request log).
    #[arg(long)]
    faults: bool,
    /// Requests a second before OCP answers 429.
    #[arg(long, default_value_t = 50)]
    rate_limit: u32,
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
    let config = OcpConfig {
        password: args.password,
        speed: args.speed,
        faults_enabled: args.faults,
        rate_limit: args.rate_limit.max(1),
        ..OcpConfig::default()
    };
    let state = OcpState::new(config, Arc::new(SystemClock::default()));
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, speed = args.speed, faults = args.faults, "simulated OCP listening");
    axum::serve(listener, ocp::app(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
