//! The announcer: watches the tasks this tab started until they end, wherever the person is in
//! the console, and says the ended ones ([`crate::obshell::journal::announce`]). Mounted by the
//! shell once this tab has sent a change (its code is in the agent's split module).

use std::time::Duration;

use leptos::prelude::*;

use crate::obshell::journal::expect_journal;

/// Watches the tasks this tab started until they end, wherever the person is in the console.
#[component]
pub fn Announcer(
    /// The session of a backend by its name, while it is a connected agent.
    session_of: Callback<String, Option<crate::obshell::client::Session>>,
) -> impl IntoView {
    let journal = expect_journal();
    let watch = crate::core::poll::expect_task_watch();
    let busy = StoredValue::new(false);
    let ticks = StoredValue::new(0u32);
    if let Ok(handle) = set_interval_with_handle(
        move || {
            // A hidden tab asks nothing, unless the person asked to be notified when a task
            // ends (the notification is the point of asking then): every 15 s at most.
            ticks.update_value(|t| *t = t.wrapping_add(1));
            let hidden = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| d.hidden());
            if hidden && (!journal.notify.get_untracked() || !ticks.get_value().is_multiple_of(5)) {
                return;
            }
            // Each open task with the session of its backend, while that one is connected.
            let open: Vec<(String, String, crate::obshell::client::Session)> =
                journal.entries.with_untracked(|list| {
                    let mut ids: Vec<(String, String, crate::obshell::client::Session)> = list
                        .iter()
                        .filter(|e| e.ended.is_none())
                        .filter_map(|e| {
                            let id = e.task_id.clone()?;
                            // The task page polling it sees (and announces) its end itself.
                            if watch.polls(&e.backend, &id) {
                                return None;
                            }
                            let session = session_of.run(e.backend.clone())?;
                            Some((e.backend.clone(), id, session))
                        })
                        .collect();
                    ids.dedup();
                    ids
                });
            if open.is_empty() || busy.get_value() {
                return;
            }
            busy.set_value(true);
            leptos::task::spawn_local(async move {
                crate::obshell::journal::check_open_tasks(journal, open).await;
                busy.set_value(false);
            });
        },
        Duration::from_secs(3),
    ) {
        on_cleanup(move || handle.clear());
    }
}
