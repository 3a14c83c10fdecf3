//! Entry points for `make bench` (cargo feature `bench`, never in the shipped dist/), exported
//! to the page so a headless browser can time the console's own request sealing against the
//! libraries the official web UI uses.

use obshell_protocol::obshell::{seal_request, AgentPublicKey, AuthHeader, Credential, SessionKey};
use wasm_bindgen::prelude::*;

/// The agent's public key, parsed once as [`crate::obshell::client::Session`] holds it from the connect on.
#[wasm_bindgen]
#[derive(Debug)]
pub struct BenchKey {
    key: AgentPublicKey,
}

#[wasm_bindgen]
impl BenchKey {
    /// Parses the base64 DER key of `GET /api/v1/secret`.
    pub fn parse(text: &str) -> Result<BenchKey, JsError> {
        Ok(BenchKey {
            key: AgentPublicKey::from_base64(text)?,
        })
    }

    /// The modulus length in bits.
    pub fn bits(&self) -> usize {
        self.key.size() * 8
    }
}

/// Seals `calls` requests exactly as [`crate::obshell::client::Session`] does per request (fresh AES key
/// and IV from the browser's `crypto`, RSA header in *k*−11 chunks, AES body), with the strings
/// already in Rust as the session has them; returns the bytes sealed, so the work cannot be
/// optimised away.
#[wasm_bindgen]
pub fn bench_seal_requests(
    key: &BenchKey,
    password: &str,
    target: &str,
    body_json: &str,
    expires_at: f64,
    calls: u32,
) -> Result<usize, JsError> {
    let mut total = 0;
    for _ in 0..calls {
        let sealed = seal_request(
            &mut rand_core::OsRng,
            &key.key,
            Credential::Password(password),
            expires_at as i64,
            target,
            Some(body_json.as_bytes()),
            false,
        )?;
        total += sealed.header.len() + sealed.body.map_or(0, |b| b.len());
    }
    Ok(total)
}

/// A fast generator for the breakdown only, to time RSA without the browser's `crypto` calls
/// (xorshift: not a cryptographic generator, whatever the marker trait says; never sealing).
struct NotRandom(u64);

impl rand_core::RngCore for NotRandom {
    fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }
    fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        rand_core::impls::fill_bytes_via_next(self, dest);
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl rand_core::CryptoRng for NotRandom {}

/// Where one seal's time goes: milliseconds per call, each part run `calls` times, in the
/// order of [`bench_seal_parts`].
#[wasm_bindgen]
pub fn bench_seal_breakdown(
    key_text: &str,
    key: &BenchKey,
    password: &str,
    target: &str,
    body_json: &str,
    expires_at: f64,
    calls: u32,
) -> Result<Vec<f64>, JsError> {
    let now = || {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now())
    };
    let n = f64::from(calls.max(1));
    let mut out = Vec::new();
    let mut sink = 0usize;
    let expires = expires_at as i64;
    let session_key = SessionKey::random();
    let header = AuthHeader::new(password, expires, target)
        .with_keys(&session_key)
        .to_json();

    let t = now();
    for _ in 0..calls {
        sink += AgentPublicKey::from_base64(key_text)?.size();
    }
    out.push((now() - t) / n);

    let t = now();
    for _ in 0..calls {
        sink += usize::from(SessionKey::random().to_bytes()[0]);
    }
    out.push((now() - t) / n);

    let t = now();
    let mut pad = vec![0u8; key.key.size() - 3 - header.len().min(key.key.max_chunk())];
    for _ in 0..calls {
        rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut pad);
        sink += usize::from(pad[0]);
    }
    out.push((now() - t) / n);

    let t = now();
    for _ in 0..calls {
        sink += session_key.encrypt(body_json.as_bytes()).len();
    }
    out.push((now() - t) / n);

    let t = now();
    for _ in 0..calls {
        sink += AuthHeader::new(password, expires, target)
            .with_keys(&session_key)
            .to_json()
            .len();
    }
    out.push((now() - t) / n);

    let mut rng = NotRandom(0x9E37_79B9_7F4A_7C15);
    let t = now();
    for _ in 0..calls {
        sink += key.key.encrypt_sectional(&mut rng, &header)?.len();
    }
    out.push((now() - t) / n);

    let t = now();
    for _ in 0..calls {
        sink += key
            .key
            .encrypt_sectional(&mut rand_core::OsRng, &header)?
            .len();
    }
    out.push((now() - t) / n);

    let t = now();
    sink += bench_seal_requests(key, password, target, body_json, expires_at, calls)?;
    out.push((now() - t) / n);

    if sink == 0 {
        return Err(JsError::new("nothing was sealed"));
    }
    Ok(out)
}

/// The labels of [`bench_seal_breakdown`]'s figures.
#[wasm_bindgen]
pub fn bench_seal_parts() -> Vec<String> {
    [
        "parse the agent key (the session does it once, at connect)",
        "AES key + IV from crypto.getRandomValues (2 calls, 32 B)",
        "RSA padding bytes from crypto.getRandomValues (1 call)",
        "AES-128-CBC + base64 of the body",
        "header JSON (with Keys in base64)",
        "RSA PKCS#1 v1.5 of the header + base64 (fast non-OS generator)",
        "RSA PKCS#1 v1.5 of the header + base64 (OsRng, as sealing does)",
        "the whole seal_request (as the session calls it)",
    ]
    .into_iter()
    .map(String::from)
    .collect()
}

use leptos::prelude::*;
use obshell_protocol::obshell::model::task::TaskState;
use wasm_bindgen::JsCast;

use crate::obshell::task::shapes::real_shapes;
use crate::ui::graph::model::{chain_dag, synthetic_dag};
use crate::ui::graph::DagGraph;
use crate::ui::graph::GraphStore;
use obshell_protocol::obshell::model::task::DagDetail;

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

struct Mounted {
    store: GraphStore,
    host: web_sys::HtmlElement,
    _owner: Owner,
    _handle: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
}

/// Builds the store from `dag`, lays it out and mounts the graph into a fresh element of the
/// page.
fn mount_graph(dag: &DagDetail) -> Result<Mounted, JsError> {
    let host = crate::ui::bench_host::bench_host()?;
    let owner = Owner::new();
    let (store, handle) = owner.with(|| {
        let store = GraphStore::new();
        store.apply(dag);
        let handle = leptos::mount::mount_to(host.clone(), move || {
            view! {
                <DagGraph store=store selected=Signal::derive(|| None)
                    on_select=Callback::new(|_: (String, Option<String>)| {}) current=Signal::derive(|| 0)/>
            }
            .into_any()
        });
        (store, handle)
    });
    Ok(Mounted {
        store,
        host,
        _owner: owner,
        _handle: handle,
    })
}

/// Waits for the next task (a message to itself, which unlike a timer is not clamped to 4 ms):
/// every microtask queued before it, deferred effects included, has run by then.
async fn settle() {
    let tick = js_sys::Promise::new(&mut |resolve, _| {
        if let Ok(channel) = web_sys::MessageChannel::new() {
            channel.port1().set_onmessage(Some(resolve.unchecked_ref()));
            let _ = channel.port2().post_message(&JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(tick).await;
}

/// Waits until the browser has drawn a frame: its animation-frame callbacks, then its style,
/// layout and paint, then [`settle`].
async fn painted() {
    let frame = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.request_animation_frame(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(frame).await;
    settle().await;
}

/// The DAG a benchmark runs on: `shape` indexes [`real_shapes`], or (negative) a synthetic
/// chain of `n` nodes.
fn bench_dag(shape: i32, n: usize) -> Result<DagDetail, JsError> {
    match usize::try_from(shape) {
        Ok(i) => real_shapes()
            .get(i)
            .map(|s| chain_dag(s.dag, &s.nodes, 0))
            .ok_or_else(|| JsError::new("no such shape")),
        Err(_) => Ok(synthetic_dag(n, 0)),
    }
}

/// The real DAG shapes' labels and node counts, in [`real_shapes`] order.
#[wasm_bindgen]
pub fn bench_shapes() -> Vec<String> {
    real_shapes()
        .into_iter()
        .map(|s| format!("{} ({} nodes)", s.label, s.nodes.len()))
        .collect()
}

/// Milliseconds to lay out and first render a DAG (`shape`, or `n` synthetic nodes when
/// `shape` is negative), deferred effects included.
#[wasm_bindgen]
pub async fn bench_graph_mount(shape: i32, n: usize) -> Result<f64, JsError> {
    let dag = bench_dag(shape, n)?;
    let n = dag.nodes.as_ref().map_or(0, Vec::len);
    settle().await;
    let t0 = now_ms();
    let mounted = mount_graph(&dag)?;
    settle().await;
    let took = now_ms() - t0;
    let drawn = mounted
        .host
        .query_selector_all("[data-testid=graph-node]")
        .map(|l| l.length())
        .unwrap_or(0) as usize;
    // Small DAGs are drawn whole; large ones only around the visible part.
    if drawn == 0 || (n <= 60 && drawn != n) || drawn > n {
        return Err(JsError::new(&format!("drew {drawn} of {n} boxes")));
    }
    mounted.host.remove();
    Ok(took)
}

/// Milliseconds to apply a poll in which one node of the DAG changed, until the page shows it
/// (the reactive update runs as a microtask, awaited here), on a graph just drawn: `polls`
/// such polls in a row, the first node's state going from running to succeeded and back, and
/// the mean of their times (the browser's clock ticks in 0.1 ms: one poll alone is read to a
/// tick). `polls` is odd: the last one ends the node.
#[wasm_bindgen]
pub async fn bench_graph_update(shape: i32, n: usize, polls: u32) -> Result<f64, JsError> {
    let dag = bench_dag(shape, n)?;
    let mounted = mount_graph(&dag)?;
    // A poll comes seconds after the graph was first drawn: the first frame's style and layout
    // of every drawn box is the mount's, not the update's.
    painted().await;
    // The node that changes is the first one, which is on screen.
    let mut ended = dag.clone();
    if let Some(node) = ended.nodes.as_mut().and_then(|nodes| nodes.get_mut(0)) {
        node.state = TaskState::Succeed;
    }
    let polls = polls | 1;
    let t0 = now_ms();
    for poll in 0..polls {
        mounted
            .store
            .apply(if poll % 2 == 0 { &ended } else { &dag });
        // The reactive update runs as queued microtasks; by the next task they are done.
        settle().await;
    }
    let took = (now_ms() - t0) / f64::from(polls);
    if mounted
        .host
        .query_selector("[data-testid=graph-node][data-state=RUNNING]")
        .ok()
        .flatten()
        .is_some()
    {
        return Err(JsError::new("the changed node was not redrawn"));
    }
    mounted.host.remove();
    Ok(took)
}
