//! The task graph's costs (`make bench`'s "graph"): laying out and first drawing a DAG, and a
//! poll that changes one node of a graph on screen (docs/benchmarks.md, issue 25).

use leptos::prelude::*;
use obshell_protocol::obshell::model::task::TaskState;
use wasm_bindgen::prelude::*;

use crate::core::poll::sleep;
use crate::obshell::task::shapes::real_shapes;
use crate::ui::bench_host::{now_ms, painted, settle};
use crate::ui::graph::model::{chain_dag, synthetic_dag};
use crate::ui::graph::DagGraph;
use crate::ui::graph::GraphStore;
use obshell_protocol::obshell::model::task::DagDetail;

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
/// `shape` is negative), deferred effects included, and the browser's style and layout of what
/// was drawn (read at the end, as the next frame would do them).
#[wasm_bindgen]
pub async fn bench_graph_mount(shape: i32, n: usize) -> Result<f64, JsError> {
    let dag = bench_dag(shape, n)?;
    let n = dag.nodes.as_ref().map_or(0, Vec::len);
    settle().await;
    let t0 = now_ms();
    let mounted = mount_graph(&dag)?;
    settle().await;
    let _ = mounted.host.offset_width();
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
    let polled = Polled::new(shape, n)?;
    let mounted = mount_graph(&polled.dag)?;
    // A poll comes seconds after the graph was first drawn: the first frame's style and layout
    // of every drawn box is the mount's, not the update's.
    painted().await;
    let polls = polls | 1;
    let t0 = now_ms();
    for poll in 0..polls {
        mounted.store.apply(polled.nth(poll));
        // The reactive update runs as queued microtasks; by the next task they are done.
        settle().await;
    }
    let took = (now_ms() - t0) / f64::from(polls);
    redrawn(mounted)?;
    Ok(took)
}

/// Milliseconds of each of `polls` one-node polls on one graph, each `idle_ms` after the last
/// and after a drawn frame, as the console polls a task every few seconds: the same update as
/// [`bench_graph_update`]'s, on a graph shown for a while, with the browser idle before it.
#[wasm_bindgen]
pub async fn bench_graph_idle_polls(
    shape: i32,
    n: usize,
    polls: u32,
    idle_ms: u32,
) -> Result<Vec<f64>, JsError> {
    let polled = Polled::new(shape, n)?;
    let mounted = mount_graph(&polled.dag)?;
    let mut took = Vec::new();
    for poll in 0..(polls | 1) {
        sleep(std::time::Duration::from_millis(u64::from(idle_ms))).await;
        painted().await;
        let t0 = now_ms();
        mounted.store.apply(polled.nth(poll));
        settle().await;
        took.push(now_ms() - t0);
    }
    redrawn(mounted)?;
    Ok(took)
}

/// The two polls an update benchmark alternates between: the DAG a benchmark runs on, and the
/// same with its first node (which is on screen) ended.
struct Polled {
    dag: DagDetail,
    ended: DagDetail,
}

impl Polled {
    fn new(shape: i32, n: usize) -> Result<Self, JsError> {
        let dag = bench_dag(shape, n)?;
        let mut ended = dag.clone();
        if let Some(node) = ended.nodes.as_mut().and_then(|nodes| nodes.get_mut(0)) {
            node.state = TaskState::Succeed;
        }
        Ok(Self { dag, ended })
    }

    /// Poll `poll` (from 0): the even ones end the node, the odd ones start it again.
    fn nth(&self, poll: u32) -> &DagDetail {
        if poll.is_multiple_of(2) {
            &self.ended
        } else {
            &self.dag
        }
    }
}

/// Checks that the last poll (which ended the first node) was drawn, and takes the graph away.
fn redrawn(mounted: Mounted) -> Result<(), JsError> {
    let running = mounted
        .host
        .query_selector("[data-testid=graph-node][data-state=RUNNING]")
        .ok()
        .flatten();
    mounted.host.remove();
    match running {
        Some(_) => Err(JsError::new("the changed node was not redrawn")),
        None => Ok(()),
    }
}
