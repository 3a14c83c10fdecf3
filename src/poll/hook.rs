//! The polling hook: one loop per page, never two requests in flight, paused while the tab is
//! hidden (woken at once when it shows) or while the person paused it, stopped when the task
//! ends, backing off on errors; it says when it last got an answer and how often it asks.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures::channel::mpsc;
use futures::StreamExt;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::schedule::{next_delay, PollState};

/// Controls of a running poller.
#[derive(Debug, Clone, Copy)]
pub struct Poller {
    /// Failed polls in a row (the page shows "reconnecting" while above zero).
    pub errors: ReadSignal<u32>,
    /// When the last answer arrived (`Date.now()` milliseconds).
    pub updated_at: ReadSignal<Option<f64>>,
    /// The wait before the next request; `None` while stopped (finished, hidden or paused).
    pub interval: ReadSignal<Option<Duration>>,
    /// Set by [`Poller::pause`], cleared by [`Poller::resume`].
    pub paused: ReadSignal<bool>,
    set_paused: WriteSignal<bool>,
    wake: StoredValue<Option<mpsc::UnboundedSender<()>>, LocalStorage>,
}

impl Poller {
    /// No request until [`Poller::resume`].
    pub fn pause(&self) {
        self.set_paused.set(true);
        self.kick();
    }

    /// Asks at once, then on the schedule again.
    pub fn resume(&self) {
        self.set_paused.set(false);
        self.kick();
    }

    /// After a submit or an operation: poll now and fast again.
    pub fn kick(&self) {
        self.wake.with_value(|tx| {
            if let Some(tx) = tx {
                let _ = tx.unbounded_send(());
            }
        });
    }
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

async fn sleep(d: Duration) {
    let ms = i32::try_from(d.as_millis()).unwrap_or(i32::MAX);
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Runs `fetch` on the schedule of [`next_delay`] until the component unmounts. `fetch`
/// returns whether the watched thing is finished; an `Err` counts as a failed poll.
pub fn use_poller<F, Fut>(fetch: F) -> Poller
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<bool, ()>> + 'static,
{
    let (errors, set_errors) = signal(0u32);
    let (updated_at, set_updated_at) = signal(None::<f64>);
    let (interval, set_interval) = signal(None::<Duration>);
    let (paused, set_paused) = signal(false);
    let (tx, mut rx) = mpsc::unbounded::<()>();
    let wake = StoredValue::new_local(Some(tx.clone()));
    let alive = Arc::new(AtomicBool::new(true));

    // The tab coming back wakes the loop at once.
    let on_visible = {
        let tx = tx.clone();
        Closure::<dyn Fn()>::new(move || {
            let _ = tx.unbounded_send(());
        })
    };
    let document = web_sys::window().and_then(|w| w.document());
    if let Some(d) = &document {
        let _ = d.add_event_listener_with_callback(
            "visibilitychange",
            on_visible.as_ref().unchecked_ref(),
        );
    }
    let listener = StoredValue::new_local(Some(on_visible));

    let running = alive.clone();
    leptos::task::spawn_local(async move {
        let mut activity = now_ms();
        let mut finished = false;
        let mut failures = 0u32;
        let mut first = true;
        while running.load(Ordering::Relaxed) {
            let state = PollState {
                since_activity: Duration::from_secs_f64(((now_ms() - activity) / 1000.0).max(0.0)),
                finished,
                hidden: hidden(),
                paused: paused.get_untracked(),
                errors: failures,
                jitter: js_sys::Math::random(),
            };
            let delay = next_delay(state);
            if running.load(Ordering::Relaxed) {
                set_interval.set(delay);
            }
            let woken = if first {
                first = false;
                false
            } else {
                match delay {
                    None => rx.next().await.is_some(),
                    Some(delay) => {
                        let timer = std::pin::pin!(sleep(delay));
                        let msg = std::pin::pin!(rx.next());
                        matches!(
                            futures::future::select(timer, msg).await,
                            futures::future::Either::Right((Some(()), _))
                        )
                    }
                }
            };
            if !running.load(Ordering::Relaxed) {
                break;
            }
            if woken {
                // A wake is a submit, an operation or the tab showing: poll now, fast again.
                activity = now_ms();
                finished = false;
            }
            if hidden() || paused.get_untracked() {
                continue;
            }
            match fetch().await {
                Ok(done) => {
                    finished = done;
                    failures = 0;
                    if running.load(Ordering::Relaxed) {
                        set_updated_at.set(Some(now_ms()));
                    }
                }
                Err(()) => failures = failures.saturating_add(1),
            }
            if running.load(Ordering::Relaxed) {
                set_errors.set(failures);
            }
        }
    });

    on_cleanup(move || {
        alive.store(false, Ordering::Relaxed);
        let _ = tx.unbounded_send(());
        listener.update_value(|l| {
            if let (Some(closure), Some(d)) =
                (l.take(), web_sys::window().and_then(|w| w.document()))
            {
                let _ = d.remove_event_listener_with_callback(
                    "visibilitychange",
                    closure.as_ref().unchecked_ref(),
                );
            }
        });
    });
    let poller = Poller {
        errors,
        updated_at,
        interval,
        paused,
        set_paused,
        wake,
    };
    crate::keyboard::register_poller(poller);
    poller
}
