//! This tab's journal of changes, both backends' alike: every mutation the console sent (what,
//! where, when, its HTTP status, the backend's trace id, the task it started, how it came out and
//! how that task ended), the [`Recorder`] each backend's client hands its entries to, and the
//! export ([`entry`]); and the announcer that says when a task this tab started has ended
//! ([`announce`]). Memory only; never a password, a header, a session or a key.

use std::sync::Arc;

use leptos::prelude::*;

pub mod announce;
pub mod entry;

pub use announce::{announce, ask_for_notifications, watch_open_tasks, Ended, Reading};
pub use entry::{export_json, JournalEntry};

/// Receives one journal entry per mutation sent.
pub type Recorder = Arc<dyn Fn(JournalEntry) + Send + Sync>;

/// The journal and the notification choice, provided by the app.
#[derive(Debug, Clone, Copy)]
pub struct Journal {
    pub entries: RwSignal<Vec<JournalEntry>>,
    /// The person asked for browser notifications (and the browser allowed them).
    pub notify: RwSignal<bool>,
    /// Tasks already announced (backend, task id), so a task is announced once.
    announced: RwSignal<Vec<(String, String)>>,
}

impl Journal {
    pub fn new() -> Self {
        Self {
            entries: RwSignal::new(Vec::new()),
            notify: RwSignal::new(false),
            announced: RwSignal::new(Vec::new()),
        }
    }

    /// What the client of `backend` hands every mutation to (each entry names its backend).
    pub fn recorder(&self, backend: &str) -> Recorder {
        let entries = self.entries;
        let backend = backend.to_owned();
        Arc::new(move |mut e: JournalEntry| {
            e.backend.clone_from(&backend);
            entries.update(|list| list.push(e));
        })
    }

    /// The tasks this tab started and has not yet seen end, each (backend, task id) once.
    pub fn open_tasks(&self) -> Vec<(String, String)> {
        self.entries.with_untracked(|list| open_tasks(list))
    }

    /// Marks the journal's entries of `task_id` of `backend` as ended in `state` (the
    /// backend's own word).
    fn mark_ended(&self, backend: &str, task_id: &str, state: &str) {
        let open = self.entries.with_untracked(|list| {
            list.iter()
                .any(|e| e.of_task(backend, task_id) && e.ended.is_none())
        });
        if open {
            self.entries.update(|list| {
                for e in list.iter_mut().filter(|e| e.of_task(backend, task_id)) {
                    e.ended.get_or_insert_with(|| state.to_owned());
                }
            });
        }
    }

    /// Whether `id` of `backend` was announced already; marks it announced.
    fn first_announcement(&self, backend: &str, id: &str) -> bool {
        if self
            .announced
            .with_untracked(|a| a.iter().any(|(b, x)| b == backend && x == id))
        {
            return false;
        }
        self.announced
            .update(|a| a.push((backend.to_owned(), id.to_owned())));
        true
    }
}

impl Default for Journal {
    fn default() -> Self {
        Self::new()
    }
}

/// The tasks of `list` not yet seen ended, each (backend, task id) once, in the order sent.
pub fn open_tasks(list: &[JournalEntry]) -> Vec<(String, String)> {
    let mut open: Vec<(String, String)> = Vec::new();
    for e in list.iter().filter(|e| e.ended.is_none()) {
        if let Some(id) = &e.task_id {
            let key = (e.backend.clone(), id.clone());
            if !open.contains(&key) {
                open.push(key);
            }
        }
    }
    open
}

pub fn expect_journal() -> Journal {
    expect_context::<Journal>()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(backend: &str, task: Option<&str>, ended: Option<&str>) -> JournalEntry {
        let mut e = JournalEntry::sent("t".into(), "POST /x", "/x");
        e.backend = backend.to_owned();
        e.task_id = task.map(str::to_owned);
        e.ended = ended.map(str::to_owned);
        e
    }

    #[test]
    fn open_tasks_are_each_backend_s_unended_tasks_once() {
        let list = [
            sent("demo", Some("1"), None),
            sent("ocp", Some("1"), None),
            sent("demo", Some("1"), None),
            sent("demo", Some("2"), Some("SUCCEED")),
            sent("ocp", None, None),
        ];
        assert_eq!(
            open_tasks(&list),
            vec![("demo".into(), "1".into()), ("ocp".into(), "1".into())]
        );
    }
}
