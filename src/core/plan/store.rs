//! Plans in the browser's `localStorage`, one entry per backend (docs/protocol/plans.md), and the
//! lease that keeps two tabs from running the same backend's plans at once. The same for both
//! backends: a document is any [`PlanDoc`] whose parts serialise.
//!
//! A plan holds its steps, task ids and progress: never a password, a session or a key. The lease
//! is a second entry naming the tab that runs a plan and until when; the running tab renews it
//! every [`LEASE_RENEW_MS`], so a closed tab's lease runs out by itself.

use obshell_protocol::plan::PlanDoc;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The parts of a plan document that can be stored: its goal, its changes and expectations.
pub trait Stored: Serialize + DeserializeOwned + Clone + PartialEq + Send + Sync + 'static {}
impl<T: Serialize + DeserializeOwned + Clone + PartialEq + Send + Sync + 'static> Stored for T {}

/// How long a lease lasts without being renewed.
pub const LEASE_MS: f64 = 8_000.0;
/// How often the running tab renews its lease.
pub const LEASE_RENEW_MS: u32 = 2_000;

fn plans_key(backend: &str) -> String {
    format!("obshell-console.plans.{backend}")
}

fn lease_key(backend: &str) -> String {
    format!("obshell-console.plan-lease.{backend}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Every plan kept for `backend`, newest first (entries of another format are left out).
pub fn load_all<G: Stored, C: Stored, E: Stored>(backend: &str) -> Vec<PlanDoc<G, C, E>> {
    let Some(text) = storage().and_then(|s| s.get_item(&plans_key(backend)).ok().flatten()) else {
        return Vec::new();
    };
    let values: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap_or_default();
    let mut docs: Vec<PlanDoc<G, C, E>> = values
        .into_iter()
        .filter_map(|v| PlanDoc::from_json(&v.to_string()))
        .collect();
    obshell_protocol::sort::by_key(&mut docs, |d| std::cmp::Reverse(d.created_at));
    docs
}

pub fn load<G: Stored, C: Stored, E: Stored>(backend: &str, id: &str) -> Option<PlanDoc<G, C, E>> {
    load_all(backend).into_iter().find(|d| d.id == id)
}

/// Most plans kept per backend; the oldest closed ones go first.
const KEEP: usize = 20;

/// Writes `doc` over the stored plan of the same id (or adds it). `false` when the browser
/// refused (storage full or disabled).
pub fn save<G: Stored, C: Stored, E: Stored>(doc: &PlanDoc<G, C, E>) -> bool {
    let mut docs = load_all::<G, C, E>(&doc.backend);
    docs.retain(|d| d.id != doc.id);
    docs.insert(0, doc.clone());
    while docs.len() > KEEP {
        match docs.iter().rposition(|d| !d.is_open()) {
            Some(at) => docs.remove(at),
            None => break,
        };
    }
    let values: Vec<serde_json::Value> = docs
        .iter()
        .filter_map(|d| serde_json::from_str(&d.to_json()).ok())
        .collect();
    let text = serde_json::Value::Array(values).to_string();
    storage().is_some_and(|s| s.set_item(&plans_key(&doc.backend), &text).is_ok())
}

/// This page's own id, made once: what a lease names.
pub fn tab_id() -> &'static str {
    thread_local! {
        static TAB: &'static str = Box::leak(
            format!("tab-{:x}-{:x}", now_ms() as u64, (js_sys::Math::random() * 1e12) as u64)
                .into_boxed_str(),
        );
    }
    TAB.with(|t| *t)
}

/// A new plan's id: its creation time and a random part.
pub fn new_plan_id() -> String {
    format!(
        "{:x}{:04x}",
        now_ms() as u64 / 1000,
        (js_sys::Math::random() * 65_536.0) as u32
    )
}

/// The lease on a backend's plans, as stored.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Lease {
    pub plan: String,
    pub tab: String,
    /// Milliseconds since the Unix epoch.
    pub until: f64,
}

impl Lease {
    fn is_live(&self) -> bool {
        self.until > now_ms()
    }
}

fn read_lease(backend: &str) -> Option<Lease> {
    let text = storage()?.get_item(&lease_key(backend)).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

/// The live lease another tab holds on `backend`'s plans, if any.
pub fn held_elsewhere(backend: &str) -> Option<Lease> {
    read_lease(backend).filter(|l| l.is_live() && l.tab != tab_id())
}

/// Takes (or renews) the lease on `backend`'s plans for `plan`; `false` when another tab holds a
/// live one. Storage has no compare-and-set: the caller waits a moment and calls [`still_mine`]
/// before sending anything, so two tabs that took it at the same instant see one winner.
pub fn take_lease(backend: &str, plan: &str) -> bool {
    if held_elsewhere(backend).is_some() {
        return false;
    }
    let lease = Lease {
        plan: plan.to_owned(),
        tab: tab_id().to_owned(),
        until: now_ms() + LEASE_MS,
    };
    let text = serde_json::to_string(&lease).unwrap_or_default();
    release_on_leaving(backend);
    storage().is_some_and(|s| s.set_item(&lease_key(backend), &text).is_ok())
}

/// A tab that goes (closed, reloaded, navigated away) gives its lease up at once, so the plan
/// can be resumed without waiting for the lease to run out. Registered once per backend.
fn release_on_leaving(backend: &str) {
    use wasm_bindgen::JsCast;
    thread_local! {
        static WATCHED: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let first = WATCHED.with(|w| {
        let mut w = w.borrow_mut();
        let first = !w.iter().any(|b| b == backend);
        if first {
            w.push(backend.to_owned());
        }
        first
    });
    let Some(window) = web_sys::window().filter(|_| first) else {
        return;
    };
    let backend = backend.to_owned();
    let on_hide = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || release_lease(&backend));
    let _ = window.add_event_listener_with_callback("pagehide", on_hide.as_ref().unchecked_ref());
    // Lives as long as the page.
    on_hide.forget();
}

/// This tab still holds the lease for `plan`.
pub fn still_mine(backend: &str, plan: &str) -> bool {
    read_lease(backend).is_some_and(|l| l.tab == tab_id() && l.plan == plan && l.is_live())
}

/// Gives the lease up (when the plan stops in this tab).
pub fn release_lease(backend: &str) {
    if read_lease(backend).is_some_and(|l| l.tab == tab_id()) {
        if let Some(s) = storage() {
            let _ = s.remove_item(&lease_key(backend));
        }
    }
}
