//! The polling hook: one loop per page, never two requests in flight, paused while the tab is
//! hidden (woken at once when it shows) or while the person paused it, stopped when the task
//! ends, backing off on errors; it says when it last got an answer and how often it asks.
//! [`use_poller`] follows the page schedule ([`next_delay`]); [`use_poller_with`] takes another
//! (the header's badge: [`super::schedule::badge_delay`]).

use std::future::Future;
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
    wake: StoredValue<Option<mpsc::UnboundedSender<Wake>>, LocalStorage>,
}

/// What a message to the loop asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wake {
    /// Ask now, and fast again (a submit, an operation, `r`, the tab showing).
    Now,
    /// Another poll saw something this one has not read yet: ask now, on the schedule as it
    /// was (this is no activity of the person's).
    Ask,
    /// What the schedule depends on changed: work out the wait again, counted from the last
    /// answer, without asking now.
    Reschedule,
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
        self.send(Wake::Now);
    }

    /// Another poll showed what this one has not read (the badge's answer, for the tasks list):
    /// ask now, without speeding up as [`Poller::kick`] does.
    pub fn ask(&self) {
        self.send(Wake::Ask);
    }

    /// Something the schedule reads changed (see [`use_poller_with`]): the wait is worked out
    /// again, counted from the last answer; nothing is asked now unless that wait has passed.
    pub fn reschedule(&self) {
        self.send(Wake::Reschedule);
    }

    /// A page left meanwhile (an operation answered after it) has no loop to wake.
    fn send(&self, wake: Wake) {
        self.wake.try_with_value(|tx| {
            if let Some(tx) = tx {
                let _ = tx.unbounded_send(wake);
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

/// Waits `d` (a browser timer).
pub async fn sleep(d: Duration) {
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
    use_poller_with(fetch, next_delay)
}

/// [`use_poller`] on another schedule: `schedule` turns what the loop knows into the wait before
/// the next request (`None`: none until woken). It may read other signals (untracked); when
/// they change, [`Poller::reschedule`] makes the loop ask it again.
pub fn use_poller_with<F, Fut, S>(fetch: F, schedule: S) -> Poller
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<bool, ()>> + 'static,
    S: Fn(PollState) -> Option<Duration> + 'static,
{
    let (errors, set_errors) = signal(0u32);
    let (updated_at, set_updated_at) = signal(None::<f64>);
    let (interval, set_interval) = signal(None::<Duration>);
    let (paused, set_paused) = signal(false);
    let (tx, mut rx) = mpsc::unbounded::<Wake>();
    let wake = StoredValue::new_local(Some(tx.clone()));

    // The tab coming back wakes the loop at once.
    let on_visible = {
        let tx = tx.clone();
        Closure::<dyn Fn()>::new(move || {
            let _ = tx.unbounded_send(Wake::Now);
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

    // The loop ends with the page: its cleanup cancels it wherever it waits, a request in flight
    // included, so nothing after an `.await` in `fetch` (reading the page's signals) ever runs on
    // a page that is gone. The request itself still goes; the inspector says its answer was left
    // unread.
    leptos::task::spawn_local_scoped_with_cancellation(async move {
        let mut activity = now_ms();
        // When the last request ended: a wait counts from there, even when worked out again.
        let mut last = now_ms();
        let mut finished = false;
        let mut failures = 0u32;
        let mut first = true;
        loop {
            let state = PollState {
                since_activity: Duration::from_secs_f64(((now_ms() - activity) / 1000.0).max(0.0)),
                finished,
                hidden: hidden(),
                paused: paused.get_untracked(),
                errors: failures,
                jitter: js_sys::Math::random(),
            };
            let delay = schedule(state);
            set_interval.set(delay);
            let woken = if first {
                first = false;
                None
            } else {
                match delay {
                    None => match rx.next().await {
                        Some(w) => Some(w),
                        None => break,
                    },
                    Some(delay) => {
                        let left = Duration::from_secs_f64(
                            (delay.as_secs_f64() - (now_ms() - last) / 1000.0).max(0.0),
                        );
                        let timer = std::pin::pin!(sleep(left));
                        let msg = std::pin::pin!(rx.next());
                        match futures::future::select(timer, msg).await {
                            futures::future::Either::Right((Some(w), _)) => Some(w),
                            _ => None,
                        }
                    }
                }
            };
            match woken {
                // A wake is a submit, an operation or the tab showing: poll now, fast again.
                Some(Wake::Now) => {
                    activity = now_ms();
                    finished = false;
                }
                Some(Wake::Ask) => finished = false,
                Some(Wake::Reschedule) => continue,
                None => {}
            }
            if hidden() || paused.get_untracked() {
                continue;
            }
            match fetch().await {
                Ok(done) => {
                    finished = done;
                    failures = 0;
                    set_updated_at.set(Some(now_ms()));
                }
                Err(()) => failures = failures.saturating_add(1),
            }
            last = now_ms();
            set_errors.set(failures);
        }
    });

    on_cleanup(move || {
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
    super::registry::register_poller(poller);
    poller
}
