//! The agent as a process: sessions, restart with its state folder, the fault switch, a real
//! socket, and the console's static files.

mod support;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use obshell_protocol::obshell::{AgentKeyPair, AuthHeader, SessionKey};
use obshell_sim::obshell::model::world::{StateDir, World};
use obshell_sim::obshell::model::Cluster;
use obshell_sim::obshell::model::TaskStore;
use obshell_sim::obshell::{app, AgentConfig, AppState};
use obshell_sim::ManualClock;
use rand_chacha::rand_core::SeedableRng;
use support::{start_time, Agent, KEY_PEM, PASSWORD};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn login_session_logout() {
    let agent = Agent::new();
    let key = SessionKey::from_parts([3; 16], [4; 16]);
    let header = agent.header(PASSWORD, agent.now() + 60, "/api/v1/login", Some(&key));
    let login = agent
        .send(
            Request::post("/api/v1/login")
                .header("X-OCS-Header", header)
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(login.status, StatusCode::OK, "{}", login.body);
    let session = String::from_utf8(
        key.decrypt(login.body["data"].as_str().expect("encrypted"))
            .expect("decrypts"),
    )
    .expect("utf-8");
    assert_eq!(session.len(), 64);
    assert!(session
        .bytes()
        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));

    let with_session = |uri: &'static str| {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(9);
        AuthHeader::new("", agent.now() + 60, uri)
            .with_session(&session)
            .encrypt(&agent.public, &mut rng)
            .expect("encrypts")
    };
    let ok = agent
        .get_raw_header(
            "/api/v1/ob/info",
            "X-OCS-Header",
            &with_session("/api/v1/ob/info"),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);

    let body = format!(r#"{{"session_id":"{session}"}}"#);
    let out = agent.call("POST", "/api/v1/logout", Some(&body)).await;
    assert_eq!(out.status, StatusCode::OK);
    assert!(out.body.get("data").is_none());
    let gone = agent
        .get_raw_header(
            "/api/v1/ob/info",
            "X-OCS-Header",
            &with_session("/api/v1/ob/info"),
        )
        .await;
    assert_eq!(gone.err_code(), "Security.Authentication.SessionInvalid");

    // Sessions idle longer than the timeout expire.
    let header = agent.header(PASSWORD, agent.now() + 60, "/api/v1/login", Some(&key));
    let login = agent
        .send(
            Request::post("/api/v1/login")
                .header("X-OCS-Header", header)
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    let session = String::from_utf8(
        key.decrypt(login.body["data"].as_str().expect("encrypted"))
            .expect("decrypts"),
    )
    .expect("utf-8");
    agent.clock.advance(chrono::Duration::seconds(1801));
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(9);
    let stale = AuthHeader::new("", agent.now() + 60, "/api/v1/ob/info")
        .with_session(&session)
        .encrypt(&agent.public, &mut rng)
        .expect("encrypts");
    let expired = agent
        .get_raw_header("/api/v1/ob/info", "X-OCS-Header", &stale)
        .await;
    assert_eq!(
        (expired.err_code(), expired.message()),
        (
            "Security.Authentication.SessionExpired",
            "Session is expired"
        )
    );
}

fn agent_with_dir(dir: &std::path::Path, clock: Arc<ManualClock>) -> AppState {
    let state_dir = StateDir(dir.to_path_buf());
    let (keys, world) = state_dir.load().expect("readable").unwrap_or_else(|| {
        let keys = AgentKeyPair::from_pkcs1_pem(KEY_PEM).expect("key");
        (
            keys,
            World {
                cluster: Cluster::demo(start_time()),
                tasks: TaskStore::default(),
                fail_rules: Vec::new(),
            },
        )
    });
    AppState::new(AgentConfig::default(), keys, clock, world, Some(state_dir))
}

#[tokio::test]
async fn a_restart_loses_nothing_and_the_task_continues() {
    let dir = tempfile::tempdir().expect("tempdir");
    let clock = Arc::new(ManualClock::new(start_time()));
    let first = agent_with_dir(dir.path(), clock.clone());
    let id = first.update(|w| {
        let nodes = obshell_sim::obshell::engine::plan_add_replicas(
            "orders",
            &[obshell_protocol::obshell::replica::AddZone {
                name: "zone3".into(),
                replica_type: "FULL".into(),
                unit_config_name: "unit_4c16g".into(),
                unit_num: 1,
            }],
            1,
        );
        let new = obshell_sim::obshell::engine::NewDag {
            name: "Scale out tenant replicas".into(),
            maintenance_type: 3,
            maintenance_key: "orders".into(),
            failure_exits_maintenance: true,
            nodes,
            agent: obshell_protocol::obshell::model::task::AgentAddr {
                ip: "10.0.1.1".into(),
                port: 2886,
            },
            local_target: None,
        };
        w.tasks.create(new, start_time(), &mut Vec::new())
    });
    for _ in 0..6 {
        clock.advance(chrono::Duration::seconds(1));
        first.tick();
    }
    let before = first.read(|w| w.tasks.dag(id).map(|d| (d.stage, d.state)));
    assert_eq!(
        before.map(|b| b.0),
        Some(2),
        "the pool step is done, the locality step is running"
    );
    let key_before = first.public_key_base64();
    drop(first);

    let second = agent_with_dir(dir.path(), clock.clone());
    assert_eq!(
        second.public_key_base64(),
        key_before,
        "the agent keeps its key"
    );
    assert_eq!(
        second.read(|w| w.tasks.dag(id).map(|d| (d.stage, d.state))),
        before
    );
    for _ in 0..30 {
        clock.advance(chrono::Duration::seconds(1));
        second.tick();
    }
    let after = second.read(|w| {
        (
            w.tasks.dag(id).map(|d| d.state.as_str()),
            w.cluster.tenant("orders").map(|t| t.locality.clone()),
        )
    });
    assert_eq!(
        after,
        (
            Some("SUCCEED"),
            Some("FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3".to_owned())
        )
    );
    assert_eq!(
        temporary_files(dir.path()),
        Vec::<String>::new(),
        "writes are atomic: no temporary file is left"
    );
}

fn temporary_files(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

#[tokio::test]
async fn saves_are_serialised_private_and_a_foreign_file_stops_start_up() {
    let dir = tempfile::tempdir().expect("tempdir");
    let clock = Arc::new(ManualClock::new(start_time()));
    let agent = agent_with_dir(dir.path(), clock.clone());
    // Eight writers change the world at once; whatever order their saves run in, the file must
    // end with the state in memory.
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let agent = agent.clone();
            std::thread::spawn(move || {
                for i in 0..25 {
                    agent.update(|world| {
                        if let Some(t) = world
                            .cluster
                            .tenants
                            .iter_mut()
                            .find(|t| t.name == "orders")
                        {
                            t.primary_zone = format!("writer{w}-{i}");
                        }
                    });
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("writer");
    }
    let in_memory = agent.read(Clone::clone);
    let (_, on_disk) = StateDir(dir.path().to_path_buf())
        .load()
        .expect("readable")
        .expect("saved");
    assert_eq!(on_disk, in_memory, "the newest state wins");
    assert_eq!(temporary_files(dir.path()), Vec::<String>::new());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("state.json"))
            .expect("state file")
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "the file holds the private key: owner only"
        );
    }
    drop(agent);

    std::fs::write(dir.path().join("state.json"), br#"{"cluster": 1}"#).expect("write");
    let err = StateDir(dir.path().to_path_buf())
        .load()
        .expect_err("a foreign file is refused");
    assert!(
        err.contains("state.json") && err.contains("--fresh-state"),
        "{err}"
    );
    std::fs::write(dir.path().join("state.json"), b"{\"key\": \"AAAA").expect("write");
    let err = StateDir(dir.path().to_path_buf())
        .load()
        .expect_err("a damaged file is refused");
    assert!(err.contains("state.json"), "{err}");
}

#[tokio::test]
async fn sessions_and_headers_are_bounded() {
    let agent = Agent::new();
    for i in 0..(obshell_sim::obshell::state::MAX_SESSIONS + 50) {
        agent.clock.advance(chrono::Duration::milliseconds(10));
        agent.state.create_session(format!("s{i}"));
    }
    assert_eq!(
        agent.state.session_count(),
        obshell_sim::obshell::state::MAX_SESSIONS
    );
    assert_eq!(
        agent.state.touch_session("s0"),
        obshell_sim::obshell::state::SessionCheck::Unknown,
        "the least recently used went first"
    );
    let huge = "A".repeat(obshell_sim::obshell::state::MAX_HEADER_LEN + 4);
    assert!(agent.state.decrypt_header(&huge).is_err());
}

#[tokio::test]
async fn the_fault_switch_and_the_request_log() {
    let off = Agent::new();
    let disabled = off.router.clone().oneshot_get("/__sim/requests").await;
    assert_eq!(
        disabled, 404,
        "the admin API is off unless --faults is given"
    );
    let agent = Agent::faulty();
    assert_eq!(
        agent
            .admin("/errors", r#"{"share":1.0,"status":502}"#)
            .await,
        StatusCode::OK
    );
    let response = agent.router.clone().oneshot_get("/api/v1/time").await;
    assert_eq!(response, 502);
    assert_eq!(agent.admin("/reset", "{}").await, StatusCode::OK);
    assert_eq!(agent.get_plain("/api/v1/time").await.status, StatusCode::OK);
    let log = agent
        .send(
            Request::get("/__sim/requests")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    let targets: Vec<(String, u64)> = log.body["requests"]
        .as_array()
        .expect("log")
        .iter()
        .map(|r| {
            (
                r["target"].as_str().unwrap_or_default().to_owned(),
                r["status"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        targets,
        [
            ("/api/v1/time".to_owned(), 502),
            ("/api/v1/time".to_owned(), 200)
        ]
    );
    // A rotated key refuses headers made for the old one, as after an agent upgrade.
    assert_eq!(
        agent.admin("/rotate-key", r#"{"bits":512}"#).await,
        StatusCode::OK
    );
    let stale = agent.get("/api/v1/ob/info").await;
    assert_eq!(
        (stale.err_code(), stale.code()),
        ("Security.Authentication.Header.DecryptFailed", Some(1))
    );
    let secret = agent.get_plain("/api/v1/secret").await;
    assert!(secret.body["data"]["public_key"]
        .as_str()
        .is_some_and(|k| k.starts_with("MEgCQQ")));
    // A shifted agent clock expires requests signed with the old time.
    assert_eq!(
        agent.admin("/clock", r#"{"offset_secs":600}"#).await,
        StatusCode::OK
    );
    assert_eq!(
        agent.get_plain("/api/v1/time").await.body["data"]
            .as_str()
            .map(|t| chrono::DateTime::parse_from_rfc3339(t)
                .expect("time")
                .timestamp()),
        Some(start_time().timestamp() + 600)
    );
}

trait OneShot {
    async fn oneshot_get(self, uri: &str) -> u16;
}

impl OneShot for axum::Router {
    async fn oneshot_get(self, uri: &str) -> u16 {
        use tower::ServiceExt;
        self.oneshot(Request::get(uri).body(Body::empty()).expect("request"))
            .await
            .expect("infallible")
            .status()
            .as_u16()
    }
}

async fn raw_get(addr: std::net::SocketAddr, target: &str, header: &str) -> String {
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let request = format!(
        "GET {target} HTTP/1.1\r\nHost: x\r\nX-OCS-Header: {header}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut out = String::new();
    stream.read_to_string(&mut out).await.expect("read");
    out
}

#[tokio::test]
async fn over_a_socket_the_uri_is_compared_byte_for_byte() {
    let agent = Agent::new();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let router = agent.router.clone();
    tokio::spawn(async move { axum::serve(listener, router).await });
    let target = "/api/v1/ob/info?x=%2F&y=%7e";
    let ok = raw_get(
        addr,
        target,
        &agent.header(PASSWORD, agent.now() + 60, target, None),
    )
    .await;
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    let decoded = raw_get(
        addr,
        target,
        &agent.header(PASSWORD, agent.now() + 60, "/api/v1/ob/info?x=/&y=~", None),
    )
    .await;
    assert!(
        decoded.starts_with("HTTP/1.1 401") && decoded.contains("UriMismatch"),
        "{decoded}"
    );
}

#[tokio::test]
async fn serves_the_console_with_a_spa_fallback() {
    let dist = tempfile::tempdir().expect("tempdir");
    std::fs::write(dist.path().join("index.html"), "<html>console</html>").expect("write");
    std::fs::write(dist.path().join("app-0123456789abcdef.js"), "export {}").expect("write");
    let agent = Agent::new();
    let router = app(agent.state.clone(), Some(dist.path()));
    use tower::ServiceExt;
    for (uri, expected) in [
        ("/tasks/12", "<html>console</html>"),
        ("/app-0123456789abcdef.js", "export {}"),
    ] {
        let response = router
            .clone()
            .oneshot(Request::get(uri).body(Body::empty()).expect("request"))
            .await
            .expect("infallible");
        assert_eq!(response.status(), StatusCode::OK);
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("body");
        assert_eq!(body, expected.as_bytes(), "{uri}");
    }
    let api = router
        .oneshot(
            Request::get("/api/v1/nope")
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("infallible");
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_lost_answer_is_carried_out_before_the_connection_drops() {
    let agent = Agent::faulty();
    assert_eq!(
        agent
            .admin("/lose-answer", r#"{"times":1,"path":"/api/v1/tenant/"}"#)
            .await,
        StatusCode::OK
    );
    // Reads and other targets are answered as usual.
    assert_eq!(
        agent.call("GET", "/api/v1/tenant/logs", None).await.status,
        StatusCode::OK
    );
    let body = r#"{"zone_list":[{"name":"zone2","unit_config_name":"unit_2c8g","unit_num":1}]}"#;
    let lost = agent
        .try_call("POST", "/api/v1/tenant/logs/replicas", Some(body))
        .await;
    assert!(lost.is_err(), "the answer arrived");
    // The agent did it: the task exists and holds the tenant.
    let unfinished = agent.call("GET", "/api/v1/task/dag/unfinish", None).await;
    let names: Vec<&str> = unfinished.body["data"]["contents"]
        .as_array()
        .expect("a task")
        .iter()
        .filter_map(|d| d["name"].as_str())
        .collect();
    assert_eq!(names, ["Scale out tenant replicas"]);
    // Only one answer was lost.
    let again = agent
        .call("POST", "/api/v1/tenant/logs/replicas", Some(body))
        .await;
    assert_eq!(
        again.err_code(),
        "OB.Tenant.UnderMaintenance",
        "{}",
        again.body
    );
}
