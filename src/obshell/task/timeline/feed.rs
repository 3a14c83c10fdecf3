//! What the timeline reads while it is on screen: the page's polled DAG, the scale-out's local
//! DAG (when the page's DAG was polled, or once that ended every 3 s until the local one ends)
//! and the log rows of a sub-task that ran again or changed state; patched into the store, with
//! the clock ticking every second.

use std::collections::BTreeMap;
use std::time::Duration;

use leptos::prelude::*;
use obshell_protocol::obshell::model::task::{DagDetail, SubTaskLog, TaskState};

use crate::core::poll::Poller;
use crate::obshell::client::Session;
use crate::obshell::task::timeline::model::{attempts_of, linked_dag_id, log_key};
use crate::ui::timeline::TimelineStore;

/// Agent time now: the browser's clock corrected by the offset measured at connection.
fn agent_now(s: &Session) -> i64 {
    let offset = s.clock_offset();
    js_sys::Date::now() as i64 + offset * 1000
}

/// Keeps `logs` to the rows of every started sub-task, reading them again only for a
/// sub-task that ran again or changed state.
fn refresh_logs(
    s: &Session,
    dags: &[&DagDetail],
    requested: StoredValue<BTreeMap<String, (i64, TaskState)>>,
    logs: RwSignal<BTreeMap<String, Vec<SubTaskLog>>>,
) {
    for task in dags
        .iter()
        .flat_map(|d| d.nodes.iter().flatten())
        .flat_map(|n| n.sub_tasks.iter().flatten())
    {
        let key = log_key(task);
        if task.execute_times == 0 || requested.with_value(|r| r.get(&task.id) == Some(&key)) {
            continue;
        }
        requested.update_value(|r| {
            r.insert(task.id.clone(), key);
        });
        let (s, id) = (s.clone(), task.id.clone());
        leptos::task::spawn_local(async move {
            match s.sub_task_logs(&id).await {
                Ok(rows) => {
                    logs.try_update(|l| l.insert(id, rows));
                }
                // Asked again at the next poll; the bar meanwhile comes from the sub-task.
                Err(_) => {
                    requested.try_update_value(|r| r.remove(&id));
                }
            }
        });
    }
}

/// A store fed from `dag` (and, with `with_logs`, the sub-tasks' log rows) while `shown`.
pub(super) fn feed(
    session: Session,
    with_logs: bool,
    dag: RwSignal<Option<DagDetail>>,
    poller: Poller,
    shown: Signal<bool>,
) -> TimelineStore {
    let store = TimelineStore::new(agent_now(&session));
    let session = StoredValue::new(session);
    let logs = RwSignal::new(BTreeMap::<String, Vec<SubTaskLog>>::new());
    let requested = StoredValue::new(BTreeMap::<String, (i64, TaskState)>::new());
    let linked = RwSignal::new(None::<DagDetail>);
    let linked_id = Memo::new(move |_| dag.with(|d| d.as_ref().and_then(linked_dag_id)));
    // Each answer for the page's DAG (or the timeline coming on screen) is the cue to read the
    // local DAG (until it ended) and the logs that changed: while the refresh is paused, or the
    // graph is shown instead, nothing is asked.
    let fetch_linked = move || {
        let Some(id) = linked_id.get_untracked() else {
            return;
        };
        let ended =
            linked.with_untracked(|l| l.as_ref().is_some_and(|l| l.id == id && l.state.is_final()));
        if !ended {
            let s = session.get_value();
            leptos::task::spawn_local(async move {
                if let Ok(d) = s.dag(&id).await {
                    linked.try_set(Some(d));
                }
            });
        }
    };
    Effect::new(move |_| {
        dag.track();
        if shown.get() {
            fetch_linked();
        }
    });
    if with_logs {
        Effect::new(move |_| {
            if !shown.get() {
                return;
            }
            dag.with(|d| {
                linked.with(|l| {
                    let dags: Vec<&DagDetail> = d.iter().chain(l.iter()).collect();
                    session.with_value(|s| refresh_logs(s, &dags, requested, logs));
                });
            });
        });
    }
    Effect::new(move |_| {
        let attempts = dag.with(|d| {
            linked.with(|l| {
                logs.with(|logs| {
                    let dags: Vec<&DagDetail> = d.iter().chain(l.iter()).collect();
                    attempts_of(&dags, logs)
                })
            })
        });
        store.apply(attempts);
    });
    // The page's poller stops when its DAG ends; the new host's DAG may end after it, so it
    // is read every few seconds until it does (unless the refresh is paused).
    let ticks_seen = StoredValue::new(0u32);
    if let Ok(handle) = set_interval_with_handle(
        move || {
            store.tick(session.with_value(agent_now));
            ticks_seen.update_value(|t| *t = t.wrapping_add(1));
            let page_ended = dag.with_untracked(|d| d.as_ref().is_some_and(|d| d.state.is_final()));
            if page_ended
                && shown.get_untracked()
                && !poller.paused.get_untracked()
                && ticks_seen.get_value().is_multiple_of(3)
            {
                fetch_linked();
            }
        },
        Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    store
}
