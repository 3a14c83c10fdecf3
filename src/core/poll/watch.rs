//! The task watch: which task a page polls (its id and last state, and that page's poller), so
//! the header's badge does not poll beside it and the announcer does not ask about it again.
//!
//! The badge keeps the agent's own numbers: it never adds or subtracts the watched task itself.
//! Instead, whenever the page's poll shows the watched task in a state the badge's last answer
//! does not (it started, failed, succeeded), the badge asks at once; otherwise, beside a page
//! that polls, it asks once a minute for the other tasks (see [`super::schedule::badge_delay`]).

use leptos::prelude::*;
use obshell_protocol::obshell::model::task::TaskState;

use super::schedule::PagePoll;
use super::Poller;

/// Each unfinished task and its state, as the badge's list answers.
pub type Listed = Vec<(String, TaskState)>;

/// The page poller that watches a task, and what it last saw.
#[derive(Debug, Clone)]
struct Page {
    token: u64,
    backend: String,
    poller: Poller,
    task: Option<(String, TaskState)>,
}

/// Provided by the app: the task a page polls, and the badge to wake.
#[derive(Debug, Clone, Copy)]
pub struct TaskWatch {
    page: RwSignal<Option<Page>>,
    badge: RwSignal<Option<(u64, Poller)>>,
    /// The badge's last answer (each unfinished task and its state): the tasks list reads itself
    /// again when it shows something the list does not.
    badge_listed: RwSignal<Option<(String, Listed)>>,
    next: StoredValue<u64>,
}

/// A page's handle on the watch: tells it what the page's poll saw.
#[derive(Debug, Clone, Copy)]
pub struct Watcher {
    watch: TaskWatch,
    token: u64,
}

impl TaskWatch {
    pub fn new() -> Self {
        Self {
            page: RwSignal::new(None),
            badge: RwSignal::new(None),
            badge_listed: RwSignal::new(None),
            next: StoredValue::new(0),
        }
    }

    fn token(&self) -> u64 {
        self.next.update_value(|n| *n += 1);
        self.next.get_value()
    }

    /// A page of `backend` polls a task with `poller`, until it unmounts.
    pub fn watch(&self, backend: &str, poller: Poller) -> Watcher {
        let token = self.token();
        self.page.set(Some(Page {
            token,
            backend: backend.to_owned(),
            poller,
            task: None,
        }));
        let page = self.page;
        on_cleanup(move || {
            if page.with_untracked(|p| p.as_ref().is_some_and(|p| p.token == token)) {
                page.set(None);
            }
        });
        Watcher {
            watch: *self,
            token,
        }
    }

    /// The header badge's poller, woken by [`TaskWatch::refresh`], until it unmounts.
    pub fn badge(&self, poller: Poller) {
        let token = self.token();
        self.badge.set(Some((token, poller)));
        let badge = self.badge;
        on_cleanup(move || {
            if badge.with_untracked(|b| b.as_ref().is_some_and(|(t, _)| *t == token)) {
                badge.set(None);
            }
        });
    }

    /// The person asked for fresh data (a page's refresh button): the badge asks too.
    pub fn refresh(&self) {
        if let Some((_, p)) = self.badge.get_untracked() {
            p.kick();
        }
    }

    /// The badge of `backend` got this answer, which differs from its one before.
    pub fn badge_saw(&self, backend: &str, listed: Listed) {
        self.badge_listed.set(Some((backend.to_owned(), listed)));
    }

    /// The last answer of the badge of `backend` (tracked).
    pub fn badge_listed(&self, backend: &str) -> Option<Listed> {
        self.badge_listed.with(|b| {
            b.as_ref()
                .filter(|(name, _)| name == backend)
                .map(|(_, listed)| listed.clone())
        })
    }

    /// What the page poller of `backend` does (tracked: its pause and its cadence).
    pub fn page_poll(&self, backend: &str) -> PagePoll {
        self.page.with(|p| match p {
            Some(p) if p.backend == backend => {
                if p.poller.paused.get() {
                    PagePoll::Paused
                } else if p.poller.interval.get().is_some() {
                    PagePoll::Active
                } else {
                    PagePoll::Idle
                }
            }
            _ => PagePoll::Idle,
        })
    }

    /// The task a page of `backend` polls and the state its last answer showed (tracked).
    pub fn watched(&self, backend: &str) -> Option<(String, TaskState)> {
        self.page.with(|p| {
            p.as_ref()
                .filter(|p| p.backend == backend)
                .and_then(|p| p.task.clone())
        })
    }

    /// A page of `backend` is polling task `id` right now (untracked): its own poll sees the
    /// end, and announces it.
    pub fn polls(&self, backend: &str, id: &str) -> bool {
        untrack(|| {
            self.page_poll(backend) == PagePoll::Active
                && self
                    .watched(backend)
                    .is_some_and(|(watched, _)| watched == id)
        })
    }
}

impl Default for TaskWatch {
    fn default() -> Self {
        Self::new()
    }
}

impl Watcher {
    /// The page's poll read task `id` in `state`.
    pub fn saw(&self, id: &str, state: TaskState) {
        let page = self.watch.page;
        let changed = page.with_untracked(|p| {
            p.as_ref().is_some_and(|p| {
                p.token == self.token && p.task.as_ref().is_none_or(|(i, s)| i != id || *s != state)
            })
        });
        if changed {
            page.update(|p| {
                if let Some(p) = p {
                    p.task = Some((id.to_owned(), state));
                }
            });
        }
    }
}

pub fn expect_task_watch() -> TaskWatch {
    expect_context::<TaskWatch>()
}

/// How the badge counts a state: running (`RUNNING`, `READY`), failed, or not at all.
fn counted(state: Option<TaskState>) -> Option<bool> {
    match state {
        Some(TaskState::Running | TaskState::Ready) => Some(true),
        Some(TaskState::Failed) => Some(false),
        _ => None,
    }
}

/// Running and failed tasks in the unfinished-task list.
pub fn badge_counts(listed: &[(String, TaskState)]) -> (usize, usize) {
    let running = listed
        .iter()
        .filter(|(_, s)| counted(Some(*s)) == Some(true))
        .count();
    let failed = listed
        .iter()
        .filter(|(_, s)| counted(Some(*s)) == Some(false))
        .count();
    (running, failed)
}

/// The tasks list (`listed`: each task and its state) shows what the badge's answer
/// (`unfinished`) shows: every unfinished task in its state, and no other task unfinished.
pub fn list_agrees(listed: &[(String, TaskState)], unfinished: &[(String, TaskState)]) -> bool {
    let all_there = unfinished.iter().all(|u| listed.iter().any(|l| l == u));
    let none_else = listed
        .iter()
        .filter(|(_, s)| *s != TaskState::Succeed)
        .all(|l| unfinished.iter().any(|u| u == l));
    all_there && none_else
}

/// The badge's answer already counts task `id` as its `state` does (a task not listed counts as
/// neither running nor failed).
pub fn badge_knows(listed: &[(String, TaskState)], id: &str, state: TaskState) -> bool {
    let in_list = listed.iter().find(|(i, _)| i == id).map(|(_, s)| *s);
    counted(in_list) == counted(Some(state))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> Vec<(String, TaskState)> {
        vec![
            ("11".to_owned(), TaskState::Running),
            ("12".to_owned(), TaskState::Ready),
            ("13".to_owned(), TaskState::Failed),
            ("14".to_owned(), TaskState::Pending),
        ]
    }

    #[test]
    fn counts_running_and_ready_as_running_and_failed_apart() {
        assert_eq!(badge_counts(&list()), (2, 1));
        assert_eq!(badge_counts(&[]), (0, 0));
    }

    #[test]
    fn the_badge_asks_again_only_when_the_page_saw_something_it_does_not_count() {
        let l = list();
        assert!(badge_knows(&l, "11", TaskState::Running));
        assert!(
            badge_knows(&l, "12", TaskState::Running),
            "READY and RUNNING count alike"
        );
        assert!(badge_knows(&l, "13", TaskState::Failed));
        assert!(badge_knows(&l, "99", TaskState::Succeed));
        assert!(badge_knows(&l, "14", TaskState::Pending));
        assert!(!badge_knows(&l, "11", TaskState::Succeed), "it ended");
        assert!(!badge_knows(&l, "11", TaskState::Failed), "it failed");
        assert!(!badge_knows(&l, "13", TaskState::Running), "retried");
        assert!(
            !badge_knows(&l, "99", TaskState::Running),
            "a task it never saw"
        );
    }

    #[test]
    fn the_tasks_list_agrees_with_the_badge_only_when_it_shows_each_unfinished_task() {
        let unfinished = vec![
            ("11".to_owned(), TaskState::Running),
            ("13".to_owned(), TaskState::Failed),
        ];
        let mut listed = vec![
            ("10".to_owned(), TaskState::Succeed),
            ("11".to_owned(), TaskState::Running),
            ("13".to_owned(), TaskState::Failed),
        ];
        assert!(list_agrees(&listed, &unfinished));
        // The badge saw a new task start.
        let mut more = unfinished.clone();
        more.push(("14".to_owned(), TaskState::Running));
        assert!(!list_agrees(&listed, &more));
        // The badge saw 11 end (it left the unfinished list); the list still shows it running.
        assert!(!list_agrees(&listed, &unfinished[1..]));
        // The list read the end first: the badge's later answer brings nothing new.
        listed[1].1 = TaskState::Succeed;
        assert!(list_agrees(&listed, &unfinished[1..]));
        // A failed task retried: running again.
        assert!(!list_agrees(
            &listed,
            &[("13".to_owned(), TaskState::Running)]
        ));
    }
}
