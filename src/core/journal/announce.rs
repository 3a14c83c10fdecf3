//! The announcer: tells the person that a task this tab started (or a page watched) has ended,
//! in the tab's title (until they next use the page) and, if they allowed it, as a browser
//! notification; and the watch that asks each backend about the tasks this tab started until
//! they end, wherever the person is in the console. Each backend says how to read one of its
//! tasks (`obshell/announcer.rs`, `ocp/announcer.rs`); the rest is here once.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::Journal;

const TITLE: &str = "obshell-console";

crate::texts! {
    /// What the tab's title and a notification say when a task ends.
    mod tx {
        succeeded: "✔ succeeded: {0} ({1}) · {2}" => "✔ 成功：{0}（{1}）· {2}",
        failed: "✖ failed: {0} ({1}) · {2}" => "✖ 失败：{0}（{1}）· {2}",
        ended: "Task {0} ended {1}." => "任务 {0} 已结束：{1}。",
        task_ended: "Task {0} ({1}) ended: {2}" => "任务 {0}（{1}）已结束：{2}",
    }
}

/// A task that ended, as its backend said it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ended {
    pub name: String,
    pub id: String,
    /// The backend's word for how it ended (`SUCCEED`, `SUCCESSFUL`, `FAILED`).
    pub state: String,
    pub succeeded: bool,
}

/// The tab title after a task ended, in the console's language at that moment.
pub fn ended_title(ended: &Ended) -> String {
    let t = tx::t_untracked();
    let template = if ended.succeeded {
        t.succeeded
    } else {
        t.failed
    };
    crate::core::i18n::fill(template, &[&ended.name, &ended.id, &TITLE])
}

/// A notification's text: the task and its state as the backend wrote it (with its gloss).
fn ended_body(ended: &Ended) -> String {
    let lang = crate::core::i18n::lang_untracked();
    let state = ended.state.as_str();
    let word = match crate::core::i18n::gloss_in(lang, state) {
        Some(g) => format!("{state}（{g}）"),
        None => state.to_owned(),
    };
    crate::core::i18n::fill(tx::in_lang(lang).ended, &[&ended.id, &word])
}

/// Tells the person that a task of `backend` ended (once per task), and marks its journal
/// entries ended.
pub fn announce(journal: Journal, backend: &str, ended: &Ended) {
    journal.mark_ended(backend, &ended.id, &ended.state);
    if !journal.first_announcement(backend, &ended.id) {
        return;
    }
    crate::core::keys::say(crate::core::i18n::fill(
        tx::t_untracked().task_ended,
        &[&ended.name, &ended.id, &ended.state],
    ));
    let title = ended_title(ended);
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(&title);
        // The next click or key press means the person has seen it.
        let restore = wasm_bindgen::closure::Closure::once_into_js(move || {
            if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                doc.set_title(TITLE);
            }
        });
        let opts = web_sys::AddEventListenerOptions::new();
        opts.set_once(true);
        for event in ["pointerdown", "keydown"] {
            let _ = doc.add_event_listener_with_callback_and_add_event_listener_options(
                event,
                restore.unchecked_ref(),
                &opts,
            );
        }
    }
    if journal.notify.get_untracked()
        && web_sys::Notification::permission() == web_sys::NotificationPermission::Granted
    {
        let opts = web_sys::NotificationOptions::new();
        opts.set_body(&ended_body(ended));
        let _ = web_sys::Notification::new_with_options(&title, &opts);
    }
}

/// Asks the browser for notifications; `notify` follows the answer.
pub fn ask_for_notifications(journal: Journal) {
    let Ok(promise) = web_sys::Notification::request_permission() else {
        return;
    };
    leptos::task::spawn_local(async move {
        let answer = wasm_bindgen_futures::JsFuture::from(promise).await;
        let granted = answer.ok().and_then(|v| v.as_string()).as_deref() == Some("granted");
        journal.notify.set(granted);
    });
}

/// One backend's reading of one of its tasks: `Some(how it ended)` once it has.
pub type Reading = Pin<Box<dyn Future<Output = Option<Ended>>>>;

/// Watches the tasks this tab started until they end, wherever the person is in the console,
/// and announces the ended ones: every 3 s, each open task `read` can read (`read(backend, id)`
/// is `None` for a backend that is not its kind or not connected), one after the other. A task
/// a page polls is left to that page; a hidden tab asks nothing, unless the person asked to be
/// notified (the point of asking then), and then every 15 s at most. Until the owner unmounts.
pub fn watch_open_tasks(read: impl Fn(&str, &str) -> Option<Reading> + 'static) {
    let journal = super::expect_journal();
    let watch = crate::core::poll::expect_task_watch();
    let busy = StoredValue::new(false);
    let ticks = StoredValue::new(0u32);
    let tick = move || {
        ticks.update_value(|t| *t = t.wrapping_add(1));
        let hidden = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.hidden());
        if hidden && (!journal.notify.get_untracked() || !ticks.get_value().is_multiple_of(5)) {
            return;
        }
        if busy.get_value() {
            return;
        }
        // The task page polling one sees (and announces) its end itself.
        let readings: Vec<(String, Reading)> = journal
            .open_tasks()
            .into_iter()
            .filter(|(backend, id)| !watch.polls(backend, id))
            .filter_map(|(backend, id)| read(&backend, &id).map(|r| (backend, r)))
            .collect();
        if readings.is_empty() {
            return;
        }
        busy.set_value(true);
        leptos::task::spawn_local(async move {
            for (backend, reading) in readings {
                if let Some(ended) = reading.await {
                    announce(journal, &backend, &ended);
                }
            }
            busy.set_value(false);
        });
    };
    if let Ok(handle) = set_interval_with_handle(tick, Duration::from_secs(3)) {
        on_cleanup(move || handle.clear());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ended(state: &str, succeeded: bool) -> Ended {
        Ended {
            name: "Scale out tenant replicas".into(),
            id: "1201".into(),
            state: state.into(),
            succeeded,
        }
    }

    #[test]
    fn the_title_says_which_task_ended_and_how() {
        assert_eq!(
            ended_title(&ended("SUCCEED", true)),
            "✔ succeeded: Scale out tenant replicas (1201) · obshell-console"
        );
        assert!(ended_title(&ended("FAILED", false)).starts_with("✖ failed"));
        assert_eq!(
            ended_body(&ended("FAILED", false)),
            "Task 1201 ended FAILED."
        );
        assert_eq!(
            ended_body(&ended("SUCCESSFUL", true)),
            "Task 1201 ended SUCCESSFUL."
        );
    }
}
