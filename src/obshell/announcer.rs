//! The announcer of the agent's tasks this tab started: the shared watch
//! ([`crate::core::journal::watch_open_tasks`]) reading each with the session of its agent.
//! Mounted by the shell once this tab has sent a change to an agent (its code is in the agent's
//! split module).

use leptos::prelude::*;
use obshell_protocol::obshell::model::task::{DagDetail, TaskState};

use crate::core::journal::{watch_open_tasks, Ended, Reading};

/// Task `id` (`name`) of the agent ended in `state`, for the announcement.
pub fn ended_in(name: &str, id: &str, state: TaskState) -> Ended {
    Ended {
        name: name.to_owned(),
        id: id.to_owned(),
        state: state.as_str().to_owned(),
        succeeded: state == TaskState::Succeed,
    }
}

/// How a DAG of the agent ended, once it has.
fn ended(dag: &DagDetail) -> Option<Ended> {
    dag.state
        .is_final()
        .then(|| ended_in(&dag.name, &dag.id, dag.state))
}

/// Watches the agent tasks this tab started until they end, wherever the person is.
#[component]
pub fn Announcer(
    /// The session of a backend by its name, while it is a connected agent.
    session_of: Callback<String, Option<crate::obshell::client::Session>>,
) -> impl IntoView {
    watch_open_tasks(move |backend, id| {
        let session = session_of.run(backend.to_owned())?;
        let id = id.to_owned();
        let reading: Reading = Box::pin(async move { ended(&session.dag(&id).await.ok()?) });
        Some(reading)
    });
}
