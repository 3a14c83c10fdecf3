//! The request inspector: every request of this tab, to every backend, as the console built it
//! (method, target, the authentication header's fields and the body, secrets masked) and as it
//! went (status, duration, trace id, sizes as sent). The layer that builds a request (the agent's
//! sealing, OCP's client, the agent's open calls) describes it as a [`model::Request`], which
//! holds no secret by construction; the transport records it when it sends and completes it with
//! the answer. Lock empties the entries of that backend; the last [`model::CAPACITY`] are kept.

pub mod model;

use std::cell::{OnceCell, RefCell};

use leptos::prelude::*;

use crate::core::backend::{BackendKind, BackendSpec};
use model::{Answer, Log, Outcome, Request};

thread_local! {
    static LOG: OnceCell<ArcRwSignal<Log>> = const { OnceCell::new() };
    static OPEN: OnceCell<ArcRwSignal<bool>> = const { OnceCell::new() };
    static NAMES: RefCell<Vec<(BackendKind, String, String)>> = const { RefCell::new(Vec::new()) };
}

/// The requests (tracked).
pub(crate) fn log() -> ArcRwSignal<Log> {
    LOG.with(|cell| {
        cell.get_or_init(|| ArcRwSignal::new(Log::default()))
            .clone()
    })
}

/// Whether the panel is open (tracked).
pub(crate) fn open() -> ArcRwSignal<bool> {
    OPEN.with(|cell| cell.get_or_init(|| ArcRwSignal::new(false)).clone())
}

/// Names the backends, by prefix, for the entries recorded from now on.
pub fn name_backends(specs: &[BackendSpec]) {
    NAMES.with(|n| {
        *n.borrow_mut() = specs
            .iter()
            .map(|s| (s.kind, s.prefix.clone(), s.name.clone()))
            .collect();
    });
}

fn backend_name(kind: BackendKind, prefix: &str) -> String {
    NAMES.with(|n| {
        n.borrow()
            .iter()
            .find(|(k, p, _)| *k == kind && p == prefix)
            .map(|(_, _, name)| name.clone())
            .unwrap_or_else(|| {
                if prefix.is_empty() {
                    "agent".to_owned()
                } else {
                    prefix.to_owned()
                }
            })
    })
}

/// Lock: forgets every request of the backend `spec` (the other backends' stay).
pub fn forget_backend(spec: &BackendSpec) {
    log().update(|l| l.forget_backend(spec.kind, &spec.prefix));
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_default()
}

/// A request being sent: completes its entry. Dropped unfinished (the page that sent it was
/// left, which cancels its work), it completes the entry as [`Answer::Unread`], never leaving it
/// pending for good.
#[derive(Debug)]
pub(crate) struct Ticket {
    id: u64,
    started: f64,
    sealed_header: Option<&'static str>,
    finished: bool,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        if !self.finished {
            let (id, outcome) = (
                self.id,
                Outcome::unanswered(Answer::Unread, self.waited_ms()),
            );
            log().try_update(|l| l.finish(id, outcome));
        }
    }
}

impl Ticket {
    /// Milliseconds since the request was sent.
    fn waited_ms(&self) -> u64 {
        (now_ms() - self.started).max(0.0).round() as u64
    }
}

/// Records `req` as sent now.
pub(crate) fn begin(req: Request) -> Ticket {
    let at = String::from(js_sys::Date::new_0().to_iso_string());
    let backend = backend_name(req.kind, &req.prefix);
    let sealed_header = req.sealed_header;
    let mut id = 0;
    log().update(|l| id = l.begin(backend, at, req));
    Ticket {
        id,
        started: now_ms(),
        sealed_header,
        finished: false,
    }
}

/// Completes `ticket`'s entry: the answer (the text's envelope gives the trace id), the sizes of
/// the sealed header among `headers` and of the body as sent.
pub(crate) fn finish(
    mut ticket: Ticket,
    answer: Answer,
    text: Option<&str>,
    headers: &[(&str, &str)],
    body: Option<&str>,
) {
    let outcome = Outcome {
        answer,
        duration_ms: ticket.waited_ms(),
        trace_id: text.map(model::trace_id_of).unwrap_or_default(),
        header_bytes: ticket.sealed_header.and_then(|name| {
            headers
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.len())
        }),
        body_bytes: body.map(str::len),
    };
    ticket.finished = true;
    log().update(|l| l.finish(ticket.id, outcome));
}
