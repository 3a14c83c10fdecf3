//! How fresh the page is and how often it asks, with pause and resume: a person can see the
//! refresh and steer it. While paused nothing is requested.

use std::time::Duration;

use leptos::prelude::*;

use crate::core::poll::Poller;

crate::texts! {
    /// How fresh the page is and how often it asks.
    mod tx {
        secs_ago: "{0} s ago" => "{0} 秒前",
        mins_ago: "{0} min ago" => "{0} 分钟前",
        updated: "Updated {0}" => "更新于 {0}",
        not_updated: "Not updated yet" => "尚未更新",
        paused: "refresh paused: nothing is requested" => "刷新已暂停：不发送任何请求",
        ended: "the task has ended: no more refreshes" => "任务已结束：不再刷新",
        every: "refreshing every {0} s" => "每 {0} 秒刷新",
        hidden: "refresh waiting for this tab to show" => "等待此标签页显示后刷新",
        resume: "Resume refresh" => "恢复刷新",
        pause: "Pause refresh" => "暂停刷新",
    }
}

/// "3 s ago", "2 min ago" (in the console's language).
fn ago(ms: f64) -> String {
    let secs = (ms / 1000.0).max(0.0).floor() as i64;
    if secs < 60 {
        crate::core::i18n::fill(tx::t().secs_ago, &[&secs])
    } else {
        crate::core::i18n::fill(tx::t().mins_ago, &[&(secs / 60)])
    }
}

#[component]
pub fn RefreshBar(
    poller: Poller,
    /// The task ended: nothing changes by itself any more.
    finished: Signal<bool>,
) -> impl IntoView {
    crate::core::poll::registry::register_pausable(poller);
    let (now, set_now) = signal(js_sys::Date::now());
    if let Ok(handle) = set_interval_with_handle(
        move || set_now.set(js_sys::Date::now()),
        Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    let updated = move || match poller.updated_at.get() {
        Some(at) => crate::core::i18n::fill(tx::t().updated, &[&ago(now.get() - at)]),
        None => tx::t().not_updated.to_owned(),
    };
    let cadence = move || {
        if poller.paused.get() {
            tx::t().paused.to_owned()
        } else if finished.get() {
            tx::t().ended.to_owned()
        } else {
            match poller.interval.get() {
                Some(d) => crate::core::i18n::fill(
                    tx::t().every,
                    &[&format!("{:.0}", d.as_secs_f64().max(1.0))],
                ),
                None => tx::t().hidden.to_owned(),
            }
        }
    };
    view! {
        <p class="refresh muted" role="status" aria-live="off" data-testid="refresh-status">
            <span data-testid="refresh-updated">{updated}</span>" · "
            <span data-testid="refresh-cadence">{cadence}</span>" "
            // An ended task changes no more by itself: nothing to pause (a paused one can resume).
            {move || (poller.paused.get() || !finished.get()).then(|| view! {
                <button type="button" class="secondary small" data-testid="refresh-toggle"
                    aria-pressed=move || poller.paused.get().to_string()
                    on:click=move |_| if poller.paused.get_untracked() { poller.resume() } else { poller.pause() }>
                    {move || if poller.paused.get() { tx::t().resume } else { tx::t().pause }}
                </button>
            })}
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
