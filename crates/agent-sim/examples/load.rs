//! `make bench`'s load figure: N clients (50 by default), each on its own keep-alive connection,
//! send real sealed requests — a fresh RSA-encrypted `X-OCS-Header` each, as the console does —
//! to a simulated agent for S seconds (30), and print requests/s, p50/p99 latency and errors.
//! The agent runs in this process on a loopback port, on its own runtime threads.
//!
//! `cargo run --profile load -p obshell-sim --example load -- [clients] [seconds]`

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use obshell_protocol::obshell::{paths, seal_request, AgentKeyPair, Credential, OCS_HEADER};
use obshell_sim::obshell::model::world::World;
use obshell_sim::obshell::model::Cluster;
use obshell_sim::obshell::model::TaskStore;
use obshell_sim::obshell::{app, spawn_scheduler, AgentConfig, AppState};
use obshell_sim::{Clock, SystemClock};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;

const TARGETS: [&str; 3] = [paths::OB_INFO, paths::TENANTS_OVERVIEW, paths::CLUSTER_INFO];

#[derive(Default)]
struct Tally {
    latencies_us: Vec<u64>,
    errors: u64,
    first_error: Option<String>,
}

async fn client(
    n: u64,
    addr: std::net::SocketAddr,
    key: obshell_protocol::obshell::AgentPublicKey,
    password: String,
    stop: Arc<AtomicBool>,
) -> Tally {
    let mut tally = Tally::default();
    let mut rng = ChaCha20Rng::seed_from_u64(n);
    let Ok(stream) = tokio::net::TcpStream::connect(addr).await else {
        tally.errors += 1;
        tally.first_error = Some("connect".into());
        return tally;
    };
    let Ok((mut sender, conn)) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await
    else {
        tally.errors += 1;
        tally.first_error = Some("handshake".into());
        return tally;
    };
    tokio::spawn(conn);
    let mut i = n as usize;
    while !stop.load(Ordering::Relaxed) {
        let target = TARGETS[i % TARGETS.len()];
        i += 1;
        let started = Instant::now();
        let expires = chrono::Utc::now().timestamp() + 60;
        let outcome = async {
            let sealed = seal_request(
                &mut rng,
                &key,
                Credential::Password(&password),
                expires,
                target,
                None,
                false,
            )
            .map_err(|e| e.to_string())?;
            let request = hyper::Request::get(target)
                .header("host", "127.0.0.1")
                .header(OCS_HEADER, sealed.header)
                .body(Empty::<Bytes>::new())
                .map_err(|e| e.to_string())?;
            let response = sender
                .send_request(request)
                .await
                .map_err(|e| e.to_string())?;
            let status = response.status();
            let body = response
                .into_body()
                .collect()
                .await
                .map_err(|e| e.to_string())?
                .to_bytes();
            if status != 200 {
                return Err(format!(
                    "{target}: HTTP {status}: {}",
                    String::from_utf8_lossy(&body)
                ));
            }
            Ok(())
        }
        .await;
        match outcome {
            Ok(()) => tally
                .latencies_us
                .push(started.elapsed().as_micros() as u64),
            Err(e) => {
                tally.errors += 1;
                tally.first_error.get_or_insert(e);
            }
        }
    }
    tally
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at] as f64 / 1000.0
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let clients: u64 = args.next().map(|a| a.parse()).transpose()?.unwrap_or(50);
    let seconds: u64 = args.next().map(|a| a.parse()).transpose()?.unwrap_or(30);
    let password = "Load#Bench1".to_owned();

    // The agent, on a runtime of its own.
    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let clock = Arc::new(SystemClock::default());
    let keys = AgentKeyPair::generate(&mut rand_core::OsRng, 1024)?;
    let public = keys.public_key();
    let world = World {
        cluster: Cluster::demo(clock.now()),
        tasks: TaskStore::default(),
        fail_rules: Vec::new(),
    };
    let config = AgentConfig {
        root_password: password.clone(),
        ..AgentConfig::default()
    };
    let state = AppState::new(config, keys, clock, world, None);
    let listener = server.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let addr = listener.local_addr()?;
    server.spawn(async move {
        spawn_scheduler(state.clone());
        let _ = axum::serve(listener, app(state, None)).await;
    });

    // The clients, on another.
    let load = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let tallies = load.block_on(async {
        let handles: Vec<_> = (0..clients)
            .map(|n| {
                tokio::spawn(client(
                    n,
                    addr,
                    public.clone(),
                    password.clone(),
                    stop.clone(),
                ))
            })
            .collect();
        tokio::time::sleep(Duration::from_secs(seconds)).await;
        stop.store(true, Ordering::Relaxed);
        let mut all = Vec::new();
        for h in handles {
            if let Ok(t) = h.await {
                all.push(t);
            }
        }
        all
    });
    let elapsed = started.elapsed().as_secs_f64();
    let mut latencies: Vec<u64> = tallies
        .iter()
        .flat_map(|t| t.latencies_us.iter().copied())
        .collect();
    latencies.sort_unstable();
    let errors: u64 = tallies.iter().map(|t| t.errors).sum();
    let first_error = tallies.iter().find_map(|t| t.first_error.clone());
    use std::fmt::Write as _;
    let mut report = String::new();
    writeln!(
        report,
        "Load: {clients} clients, {seconds} s, sealed GETs of {}",
        TARGETS.join(", ")
    )?;
    writeln!(
        report,
        "  requests: {} ok, {errors} errors; {:.0} requests/s",
        latencies.len(),
        latencies.len() as f64 / elapsed
    )?;
    writeln!(
        report,
        "  latency: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0)
    )?;
    if let Some(e) = first_error {
        writeln!(report, "  first error: {e}")?;
    }
    std::io::Write::write_all(&mut std::io::stdout(), report.as_bytes())?;
    if errors > 0 {
        return Err(format!("{errors} requests failed").into());
    }
    Ok(())
}
