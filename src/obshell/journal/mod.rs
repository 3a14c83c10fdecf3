//! This tab's journal (what was sent, when, its trace id, task and outcome) and the announcer
//! that tells the person when a task they started or watched has ended: in the tab's title and,
//! if they allowed it from the header, as a browser notification. Memory only.

use std::sync::Arc;

use leptos::prelude::*;
use obshell_protocol::obshell::model::task::TaskState;
use wasm_bindgen::JsCast;

use crate::obshell::client::record::JournalEntry;
use crate::obshell::client::Recorder;

/// The journal and the notification choice, provided by the app.
#[derive(Debug, Clone, Copy)]
pub struct Journal {
    pub entries: RwSignal<Vec<JournalEntry>>,
    /// The person asked for browser notifications (and the browser allowed them).
    pub notify: RwSignal<bool>,
    /// Tasks already announced (backend, task id), so a task is announced once.
    announced: RwSignal<Vec<(String, String)>>,
    /// What a task (backend, task id) started from a form should leave behind, to read back
    /// after it succeeds. Two agents may well number their tasks alike.
    expectations: RwSignal<Vec<(String, String, Expectation)>>,
}

/// What a change asked for, as the console can read it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expectation {
    /// The tenant's locality (and unit number, when it changes).
    Tenant {
        tenant: String,
        locality: String,
        unit_num: Option<i64>,
    },
    /// A server (by IP) in the cluster, in `zone` (any zone when empty), or gone.
    Server {
        ip: String,
        zone: String,
        present: bool,
    },
}

impl Journal {
    pub fn new() -> Self {
        Self {
            entries: RwSignal::new(Vec::new()),
            notify: RwSignal::new(false),
            announced: RwSignal::new(Vec::new()),
            expectations: RwSignal::new(Vec::new()),
        }
    }

    /// What the session of `backend` hands every mutation to (each entry names its backend).
    pub fn recorder(&self, backend: &str) -> Recorder {
        let entries = self.entries;
        let backend = backend.to_owned();
        Arc::new(move |mut e: JournalEntry| {
            e.backend.clone_from(&backend);
            entries.update(|list| list.push(e));
        })
    }

    /// Remembers what `task_id` of `backend` should leave behind.
    pub fn expect(&self, backend: &str, task_id: &str, what: Expectation) {
        self.expectations
            .update(|list| list.push((backend.to_owned(), task_id.to_owned(), what)));
    }

    /// After a replica form's answer: a started task should leave `tenant` at `locality` (and
    /// `unit_num`, when it changes).
    pub fn expect_tenant<E>(
        &self,
        backend: &str,
        sent: &Result<Option<obshell_protocol::obshell::model::task::DagDetail>, E>,
        tenant: String,
        locality: String,
        unit_num: Option<i64>,
    ) {
        if let Ok(Some(dag)) = sent {
            self.expect(
                backend,
                &dag.id,
                Expectation::Tenant {
                    tenant,
                    locality,
                    unit_num,
                },
            );
        }
    }

    /// What `task_id` of `backend` should leave behind, if this tab started it from a form.
    pub fn expectation(&self, backend: &str, task_id: &str) -> Option<Expectation> {
        self.expectations.with(|list| {
            list.iter()
                .rev()
                .find(|(b, id, _)| b == backend && id == task_id)
                .map(|(_, _, e)| e.clone())
        })
    }

    /// Marks the journal's entries of `task_id` of `backend` as ended.
    fn mark_ended(&self, backend: &str, task_id: &str, state: TaskState) {
        let of_task =
            |e: &JournalEntry| e.backend == backend && e.task_id.as_deref() == Some(task_id);
        let open = self
            .entries
            .with_untracked(|list| list.iter().any(|e| of_task(e) && e.ended.is_none()));
        if open {
            self.entries.update(|list| {
                for e in list.iter_mut().filter(|e| of_task(e)) {
                    e.ended.get_or_insert_with(|| state.as_str().to_owned());
                }
            });
        }
    }
}

impl Default for Journal {
    fn default() -> Self {
        Self::new()
    }
}

pub fn expect_journal() -> Journal {
    expect_context::<Journal>()
}

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

/// The tab title after a task ended, in the console's language at that moment.
pub fn ended_title(name: &str, id: &str, state: TaskState) -> String {
    let t = tx::t_untracked();
    let template = if state == TaskState::Succeed {
        t.succeeded
    } else {
        t.failed
    };
    crate::core::i18n::fill(template, &[&name, &id, &TITLE])
}

/// A notification's text: the task and its state as the agent wrote it (with its gloss).
fn ended_body(id: &str, state: TaskState) -> String {
    let lang = crate::core::i18n::lang_untracked();
    let word = match crate::core::i18n::gloss_in(lang, state.as_str()) {
        Some(g) => format!("{}（{g}）", state.as_str()),
        None => state.as_str().to_owned(),
    };
    crate::core::i18n::fill(tx::in_lang(lang).ended, &[&id, &word])
}

/// Tells the person that a task ended: the title (until they next use the page) and, if
/// allowed, a notification.
pub fn announce(journal: Journal, backend: &str, name: &str, id: &str, state: TaskState) {
    journal.mark_ended(backend, id, state);
    if journal
        .announced
        .with_untracked(|a| a.iter().any(|(b, x)| b == backend && x == id))
    {
        return;
    }
    journal
        .announced
        .update(|a| a.push((backend.to_owned(), id.to_owned())));
    crate::core::keys::say(crate::core::i18n::fill(
        tx::t_untracked().task_ended,
        &[&name, &id, &state.as_str()],
    ));
    let title = ended_title(name, id, state);
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
        opts.set_body(&ended_body(id, state));
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

/// Asks each backend for the tasks this tab started and is still watching; says the ended ones.
pub async fn check_open_tasks(
    journal: Journal,
    open: Vec<(String, String, crate::obshell::client::Session)>,
) {
    for (backend, id, s) in open {
        if let Ok(dag) = s.dag(&id).await {
            if dag.state.is_final() {
                announce(journal, &backend, &dag.name, &dag.id, dag.state);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_title_says_which_task_ended_and_how() {
        use obshell_protocol::obshell::model::task::TaskState;
        assert_eq!(
            super::ended_title("Scale out tenant replicas", "1201", TaskState::Succeed),
            "✔ succeeded: Scale out tenant replicas (1201) · obshell-console"
        );
        assert!(super::ended_title("x", "1", TaskState::Failed).starts_with("✖ failed"));
        assert_eq!(
            super::ended_body("1201", TaskState::Failed),
            "Task 1201 ended FAILED."
        );
    }
}
