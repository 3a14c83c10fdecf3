//! The announcer of the OCP tasks this tab started: the shared watch
//! ([`crate::core::journal::watch_open_tasks`]) reading each with the session of its OCP (a task
//! has ended once SUCCESSFUL or FAILED: docs/protocol/ocp.md §2.3, §2.5). Mounted by the shell once
//! this tab has sent a change to an OCP (its code is in OCP's split module).

use leptos::prelude::*;
use obshell_protocol::ocp::{Task, TaskStatus};

use crate::core::journal::{watch_open_tasks, Ended, Reading};
use crate::ocp::OcpSession;

/// How an OCP task ended, once it has.
pub fn ended(task: &Task) -> Option<Ended> {
    task.status.is_terminal().then(|| Ended {
        name: task.name.clone(),
        id: task.id.to_string(),
        state: task.status.as_str().to_owned(),
        succeeded: task.status == TaskStatus::Successful,
    })
}

/// Watches the OCP tasks this tab started until they end, wherever the person is.
#[component]
pub fn OcpAnnouncer(
    /// The session of a backend by its name, while it is a connected OCP.
    session_of: Callback<String, Option<OcpSession>>,
) -> impl IntoView {
    watch_open_tasks(move |backend, id| {
        let session = session_of.run(backend.to_owned())?;
        let id = id.parse::<i64>().ok()?;
        let reading: Reading = Box::pin(async move { ended(&session.task(id).await.ok()?) });
        Some(reading)
    });
}

/// The task page's part: its poll is the task watch's (so the announcer does not read the task
/// beside it), and a task it saw running that ends is announced there.
pub fn announce_on_page(
    task: RwSignal<Option<Task>>,
    poller: crate::core::poll::Poller,
    backend: String,
) {
    use obshell_protocol::obshell::model::task::TaskState;
    let watcher = crate::core::poll::expect_task_watch().watch(&backend, poller);
    let journal = crate::core::journal::expect_journal();
    let status = Memo::new(move |_| task.with(|t| t.as_ref().map(|t| (t.id, t.status))));
    Effect::new(move |was_running: Option<bool>| {
        let Some((id, now)) = status.get() else {
            return false;
        };
        // The watch speaks the agent's words; it only needs running or not, and which end.
        watcher.saw(
            &id.to_string(),
            match now {
                TaskStatus::Successful => TaskState::Succeed,
                TaskStatus::Failed => TaskState::Failed,
                _ => TaskState::Running,
            },
        );
        if was_running == Some(true) && now.is_terminal() {
            if let Some(ended) = task.with_untracked(|t| t.as_ref().and_then(ended)) {
                crate::core::journal::announce(journal, &backend, &ended);
            }
        }
        !now.is_terminal()
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ocp_task_has_ended_once_successful_or_failed() {
        let mut task: Task = serde_json::from_str(
            r#"{"id":1205,"name":"Add tenant replica","status":"RUNNING","operation":"EXECUTE","creator":{"id":1,"name":"admin"},"subtasks":[]}"#,
        )
        .expect("task");
        assert_eq!(ended(&task), None);
        task.status = TaskStatus::Successful;
        assert_eq!(
            ended(&task),
            Some(Ended {
                name: "Add tenant replica".into(),
                id: "1205".into(),
                state: "SUCCESSFUL".into(),
                succeeded: true,
            })
        );
        task.status = TaskStatus::Failed;
        assert!(ended(&task).is_some_and(|e| !e.succeeded && e.state == "FAILED"));
    }
}
