//! Entry points for `make bench`, exported to the page so a headless browser can time the
//! console's own request sealing against the libraries the official web UI uses.

use obshell_protocol::{seal_request, AgentPublicKey, Credential};
use wasm_bindgen::prelude::*;

/// Seals one request exactly as [`crate::api::Session`] does (fresh AES key and IV, RSA header
/// in *k*−11 chunks, AES body) and returns the header value's length, so the work cannot be
/// optimised away.
#[wasm_bindgen]
pub fn bench_seal_request(
    public_key: &str,
    password: &str,
    target: &str,
    body_json: &str,
    expires_at: f64,
) -> Result<usize, JsError> {
    let key = AgentPublicKey::from_base64(public_key)?;
    let sealed = seal_request(
        &mut rand_core::OsRng,
        &key,
        Credential::Password(password),
        expires_at as i64,
        target,
        Some(body_json.as_bytes()),
        false,
    )?;
    Ok(sealed.header.len() + sealed.body.map_or(0, |b| b.len()))
}

use leptos::prelude::*;
use obshell_protocol::model::task::TaskState;
use wasm_bindgen::JsCast;

use crate::graph::model::{chain_dag, synthetic_dag};
use crate::graph::shapes::real_shapes;
use crate::graph::DagGraph;
use crate::graph::GraphStore;
use obshell_protocol::model::task::DagDetail;

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

/// A fresh element at the end of the page's body, for a benchmark to mount into.
pub(crate) fn bench_host() -> Result<web_sys::HtmlElement, JsError> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsError::new("no document"))?;
    let host: web_sys::HtmlElement = document
        .create_element("div")
        .map_err(|_| JsError::new("no div"))?
        .unchecked_into();
    document
        .body()
        .ok_or_else(|| JsError::new("no body"))?
        .append_child(&host)
        .map_err(|_| JsError::new("append"))?;
    Ok(host)
}

/// Builds the store from `dag`, lays it out and mounts the graph into a fresh element of the
/// page.
fn mount_graph(dag: &DagDetail) -> Result<Mounted, JsError> {
    let host = bench_host()?;
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
/// (the reactive update runs as a microtask, awaited here).
#[wasm_bindgen]
pub async fn bench_graph_update(shape: i32, n: usize) -> Result<f64, JsError> {
    let dag = bench_dag(shape, n)?;
    let mounted = mount_graph(&dag)?;
    settle().await;
    // The node that changes is the first one, which is on screen.
    let mut next = dag;
    if let Some(node) = next.nodes.as_mut().and_then(|nodes| nodes.get_mut(0)) {
        node.state = TaskState::Succeed;
    }
    let t0 = now_ms();
    mounted.store.apply(&next);
    // The reactive update runs as queued microtasks; by the next task they are done.
    settle().await;
    let took = now_ms() - t0;
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
