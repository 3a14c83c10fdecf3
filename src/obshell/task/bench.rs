//! `make bench` for the task page: its panels (summary, refresh, operations, graph and
//! timeline, node panel) mounted as the page mounts them, fed with simulated polls, to time a
//! poll's answer to the painted change and to watch memory over ten thousand polls.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyViewState;
use leptos_router::components::Router;
use obshell_protocol::obshell::model::task::{DagDetail, TaskState};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::node::NodePanel;
use super::operations::Operations;
use super::search::LogSearch;
use super::summary::{DagHead, Summary};
use super::timeline::AgentTimeline;
use crate::core::backend::BackendSpec;
use crate::core::poll::use_poller;
use crate::obshell::client::{Connected, Session};
use crate::obshell::context::ObshellCtx;
use crate::obshell::profile::AgentProfile;
use crate::ui::bench_host::{next_frame, now_ms, settle};
use crate::ui::graph::model::synthetic_dag;
use crate::ui::graph::{DagGraph, GraphStore};
use crate::ui::refresh::RefreshBar;
use crate::ui::timeline::ViewTabs;

/// Steps of the simulated task.
const STEPS: usize = 10;
/// Polls per step; the running step logs one line per poll.
const POLLS_PER_STEP: usize = 50;

/// The answer to poll `i` of a running task, as JSON: the step `i / 50 % 10` runs and has
/// logged `i % 50 + 1` lines, those before it succeeded. Poll 500 and 1,000 answer what poll 0
/// did, so whatever the page holds then should be what it held at the start.
fn answer(i: usize, base: i64) -> String {
    let stage = i / POLLS_PER_STEP % STEPS;
    let mut dag = synthetic_dag(STEPS, stage);
    let time = |s: i64| {
        String::from(js_sys::Date::new(&JsValue::from_f64((s * 1000) as f64)).to_iso_string())
    };
    for (k, node) in dag.nodes.iter_mut().flatten().enumerate() {
        for t in node.sub_tasks.iter_mut().flatten() {
            let k = i64::try_from(k).unwrap_or_default();
            t.start_time = time(base + k * 60);
            t.end_time = time(base + k * 60 + 50);
            if t.state == TaskState::Pending {
                t.execute_times = 0;
            } else if t.state == TaskState::Running {
                let lines = i % POLLS_PER_STEP + 1;
                t.task_logs = Some((0..lines).map(|l| format!("Step {k}: line {l}")).collect());
            } else {
                t.task_logs = Some(vec![format!("Step {k} done")]);
            }
        }
    }
    serde_json::to_string(&dag).unwrap_or_default()
}

/// The task page's panels, mounted into an element of the bench page.
#[wasm_bindgen]
pub struct TaskBench {
    inner: Rc<Inner>,
}

struct Inner {
    dag: RwSignal<Option<DagDetail>>,
    store: GraphStore,
    host: web_sys::HtmlElement,
    polls: Cell<usize>,
    /// Unix seconds of the simulated task's start.
    base: i64,
    _owner: Owner,
    _handle: RefCell<Option<leptos::mount::UnmountHandle<AnyViewState>>>,
}

impl std::fmt::Debug for TaskBench {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TaskBench")
            .field("polls", &self.inner.polls.get())
            .finish_non_exhaustive()
    }
}

fn error(e: impl std::fmt::Display) -> JsValue {
    JsError::new(&e.to_string()).into()
}

impl Inner {
    /// What the poll closure of the task page does with an answer.
    fn poll_json(&self, json: &str) -> Result<(), JsValue> {
        let d: DagDetail = serde_json::from_str(json).map_err(error)?;
        self.store.apply(&d);
        self.dag.set(Some(d));
        self.polls.set(self.polls.get() + 1);
        Ok(())
    }

    fn next_answer(&self) -> String {
        answer(self.polls.get(), self.base)
    }
}

/// The public half of the protocol crate's 1024-bit test key (`tests/fixtures/agent-1024.pem`):
/// the bench's session signs nothing, it only has to exist.
const BENCH_KEY: &str = "MIGJAoGBAMb3ZKSC4cmGJ5Cc3c0KssC2vPYuerkhlF8Rgs/cF0Hnvffw0TvN8FOvOgjukMF1YKT71mwxCH4N+bXyg4Dd9v1I3hftOWH2GVt2idgKeTxNBRzQp9JWbXibDSSbzSUHfYP+xQ/5UB+c81qfKN4e0JLp26Ce15Y7wI4FK/6VFTBzAgMBAAE=";

/// The context the panels read, for a 4.5 cluster agent that is never asked anything.
fn bench_session() -> Result<ObshellCtx, JsError> {
    let info: obshell_protocol::obshell::model::AgentInfo =
        serde_json::from_value(serde_json::json!({
            "ip": "10.0.1.1", "port": 2886, "identity": "CLUSTER AGENT", "version": "4.5.0.0",
        }))
        .map_err(|e| JsError::new(&e.to_string()))?;
    let caps = obshell_protocol::obshell::version::Capabilities::from_info(&info.version)
        .map_err(|e| JsError::new(&e.to_string()))?;
    let key = obshell_protocol::obshell::AgentPublicKey::from_base64(BENCH_KEY)
        .map_err(|e| JsError::new(&e.to_string()))?;
    let spec = BackendSpec::same_origin_agent();
    let session = Session::unconnected(&spec, key, caps, String::new());
    let cluster = obshell_protocol::obshell::model::ObInfo {
        agent_info: Vec::new(),
        obcluster_info: None,
    };
    let profile = AgentProfile::new(&info, caps, 1024, &cluster);
    let connected = Connected {
        session: session.clone(),
        info,
        clock_offset: 0,
        cluster,
        logged_in: false,
        profile: profile.clone(),
    };
    Ok(ObshellCtx {
        session,
        profile,
        connected,
        links: crate::obshell::links::ObshellLinks::unprefixed(&spec.name),
        lock: Callback::new(|()| {}),
    })
}

#[wasm_bindgen]
impl TaskBench {
    /// Mounts the panels with the answer to poll 0.
    pub fn mount() -> Result<TaskBench, JsError> {
        let host = crate::ui::bench_host::bench_host()?;
        let owner = Owner::new();
        let ctx = owner.with(bench_session)?;
        let (dag, store, handle) = owner.with(|| {
            let dag = RwSignal::new(None::<DagDetail>);
            let store = GraphStore::new();
            let handle = leptos::mount::mount_to(host.clone(), move || {
                provide_context(ctx);
                view! { <Router><Panels dag=dag store=store/></Router> }.into_any()
            });
            (dag, store, handle)
        });
        let inner = Inner {
            dag,
            store,
            host,
            polls: Cell::new(0),
            base: (js_sys::Date::now() / 1000.0) as i64 - 600,
            _owner: owner,
            _handle: RefCell::new(Some(handle)),
        };
        inner
            .poll_json(&inner.next_answer())
            .map_err(|_| JsError::new("the first answer did not decode"))?;
        Ok(TaskBench {
            inner: Rc::new(inner),
        })
    }

    /// Applies the next `count` simulated polls, each settled before the next; resolves to
    /// the number of polls so far.
    pub fn polls(&self, count: usize) -> js_sys::Promise {
        let inner = self.inner.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            for _ in 0..count {
                inner.poll_json(&inner.next_answer())?;
                settle().await;
            }
            Ok(JsValue::from_f64(inner.polls.get() as f64))
        })
    }

    /// The next poll answers with the running step done and the next one started; resolves
    /// to `[ms until the DOM shows it (every effect run), ms until the next animation frame]`,
    /// right after which the browser paints.
    pub fn poll_to_paint(&self) -> js_sys::Promise {
        let inner = self.inner.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            // Land on the first poll of a step, so that this answer changes the running step.
            let next = (inner.polls.get() / POLLS_PER_STEP + 1) * POLLS_PER_STEP;
            while inner.polls.get() < next {
                inner.poll_json(&inner.next_answer())?;
            }
            settle().await;
            next_frame().await;
            let json = inner.next_answer();
            let step = format!("Step {}", next / POLLS_PER_STEP % STEPS + 1);
            let t0 = now_ms();
            inner.poll_json(&json)?;
            settle().await;
            let dom = now_ms() - t0;
            next_frame().await;
            let frame = now_ms() - t0;
            let shown = |selector: &str| {
                inner
                    .host
                    .query_selector(selector)
                    .ok()
                    .flatten()
                    .and_then(|e| e.get_attribute("data-name"))
            };
            let node = shown("[data-testid=graph-node][data-state=RUNNING]");
            let bar = shown("[data-testid=timeline-bar][data-state=RUNNING]");
            if node.as_deref() != Some(&step) || bar.as_deref() != Some(&step) {
                return Err(error(format!(
                    "{step} should run: the graph shows {node:?}, the timeline {bar:?}"
                )));
            }
            let out = js_sys::Array::new();
            out.push(&JsValue::from_f64(dom));
            out.push(&JsValue::from_f64(frame));
            Ok(out.into())
        })
    }

    /// Elements under the panels (views that leak would show here).
    pub fn elements(&self) -> u32 {
        self.inner
            .host
            .query_selector_all("*")
            .map(|l| l.length())
            .unwrap_or(0)
    }

    /// Unmounts the panels and removes their element.
    pub fn unmount(&self) {
        drop(self.inner._handle.borrow_mut().take());
        self.inner.host.remove();
    }
}

/// Bytes of the wasm module's linear memory (it grows, never shrinks: growth over polls that
/// bring nothing new would be a leak on the Rust side).
#[wasm_bindgen]
pub fn bench_wasm_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| {
            m.buffer()
                .dyn_into::<js_sys::ArrayBuffer>()
                .map_or(0.0, |b| f64::from(b.byte_length()))
        })
        .unwrap_or(0.0)
}

/// The panels as `TaskPage` composes them (mod.rs), without its router parameters and
/// poll loop: the poller here never asks anything.
#[component]
fn Panels(dag: RwSignal<Option<DagDetail>>, store: GraphStore) -> impl IntoView {
    let poller = use_poller(futures::future::pending::<Result<bool, ()>>);
    let head = Memo::new(move |_| dag.with(|d| d.as_ref().map(DagHead::of).unwrap_or_default()));
    let node_id =
        Memo::new(move |_| dag.with(|d| d.as_ref().and_then(|d| super::shown_node_id(d, None))));
    let current = Signal::derive(move || {
        let stage = usize::try_from(head.with(|h| h.stage)).unwrap_or(1);
        store.cells.with(|c| {
            c.iter()
                .position(|cell| cell.data.with_untracked(|b| b.stage == stage))
                .unwrap_or(0)
        })
    });
    let on_select = Callback::new(|_: (String, Option<String>)| {});
    let selected = Signal::derive(|| None);
    let log_query = RwSignal::new(String::new());
    // Made once, as the page makes them (made in the closure below, they would be owned by the
    // panels and pile up with every rebuilt node panel).
    let no_task = Signal::derive(|| None);
    let no_line = Signal::derive(|| None);
    let no_link = Signal::derive(|| None);
    let timeline_shown = RwSignal::new(false);
    view! {
        <section class="task">
            <Summary head=head/>
            <RefreshBar poller=poller finished=Signal::derive(move || head.with(|h| h.state.is_final()))/>
            <Operations dag=dag poller=poller/>
            <ViewTabs timeline_shown=timeline_shown
                timeline=move || view! { <AgentTimeline dag=dag on_select=on_select poller=poller shown=timeline_shown.into()/> }>
                <DagGraph store=store selected=selected on_select=on_select current=current/>
            </ViewTabs>
            <LogSearch dag=dag query=log_query open=Callback::new(|_| {})/>
            {move || node_id.get().map(|id| view! {
                <NodePanel dag=dag node_id=id poller=poller selected_task=no_task
                    line=no_line query=log_query.into() local_link=no_link/>
            })}
        </section>
    }
}
