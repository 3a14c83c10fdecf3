//! How fresh the page is and how often it asks, with pause and resume: a person can see the
//! refresh and steer it. While paused nothing is requested.

use std::time::Duration;

use leptos::prelude::*;

use crate::poll::Poller;

/// "3 s ago", "2 min ago".
fn ago(ms: f64) -> String {
    let secs = (ms / 1000.0).max(0.0).floor() as i64;
    if secs < 60 {
        format!("{secs} s ago")
    } else {
        format!("{} min ago", secs / 60)
    }
}

#[component]
pub fn RefreshBar(
    poller: Poller,
    /// The task ended: nothing changes by itself any more.
    finished: Signal<bool>,
) -> impl IntoView {
    crate::keyboard::register_pausable(poller);
    let (now, set_now) = signal(js_sys::Date::now());
    if let Ok(handle) = set_interval_with_handle(
        move || set_now.set(js_sys::Date::now()),
        Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    let updated = move || match poller.updated_at.get() {
        Some(at) => format!("Updated {}", ago(now.get() - at)),
        None => "Not updated yet".to_owned(),
    };
    let cadence = move || {
        if poller.paused.get() {
            "refresh paused: nothing is requested".to_owned()
        } else if finished.get() {
            "the task has ended: no more refreshes".to_owned()
        } else {
            match poller.interval.get() {
                Some(d) => format!("refreshing every {:.0} s", d.as_secs_f64().max(1.0)),
                None => "refresh waiting for this tab to show".to_owned(),
            }
        }
    };
    view! {
        <p class="refresh muted" role="status" aria-live="off" data-testid="refresh-status">
            <span data-testid="refresh-updated">{updated}</span>" · "
            <span data-testid="refresh-cadence">{cadence}</span>" "
            <button type="button" class="secondary small" data-testid="refresh-toggle"
                aria-pressed=move || poller.paused.get().to_string()
                on:click=move |_| if poller.paused.get_untracked() { poller.resume() } else { poller.pause() }>
                {move || if poller.paused.get() { "Resume refresh" } else { "Pause refresh" }}
            </button>
        </p>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ages_read_like_a_person_says_them() {
        assert_eq!(super::ago(3_400.0), "3 s ago");
        assert_eq!(super::ago(-5.0), "0 s ago");
        assert_eq!(super::ago(125_000.0), "2 min ago");
    }
}
