//! An OCP task in time, drawn by the shared timeline (`src/ui/timeline/`): one lane per
//! executor, one bar per run of a subtask. While the timeline is on screen it reads the log of a
//! subtask that ran more than once or failed, again only when it ran once more or changed state
//! (for its runs and its failure line, `model.rs`); the clock ticks every second.

pub mod model;

use std::collections::BTreeMap;
use std::time::Duration;

use leptos::prelude::*;
use obshell_protocol::ocp::{SubtaskStatus, Task};

use crate::core::i18n::fill;
use crate::ocp::expect_ocp;
use crate::ui::timeline::model::Bar;
use crate::ui::timeline::{Timeline, TimelineStore};
use model::{bars_of, log_key};

crate::texts! {
    /// OCP's words for the timeline.
    mod tx {
        lead: "One lane per executor, one bar per run of a subtask" => "每个执行者一行，子任务每次运行一个条形",
        lane: "Executor {0}" => "执行者 {0}",
    }
}

fn lead() -> &'static str {
    tx::t().lead
}

fn lane_name(executor: &str) -> String {
    fill(tx::t().lane, &[&executor])
}

#[component]
pub fn OcpTimeline(
    /// The polled task.
    task: RwSignal<Option<Task>>,
    /// Called with a bar's subtask id.
    on_select: Callback<(String, Option<String>)>,
    /// The timeline is on screen: only then are logs read.
    shown: Signal<bool>,
) -> impl IntoView {
    let ocp = expect_ocp();
    let store = TimelineStore::new(js_sys::Date::now() as i64);
    let logs = RwSignal::new(BTreeMap::<i64, String>::new());
    let requested = StoredValue::new(BTreeMap::<i64, (i64, SubtaskStatus)>::new());
    // Each answer (or the timeline coming on screen) is the cue to read the logs that changed.
    Effect::new(move |_| {
        if !shown.get() {
            return;
        }
        let wanted: Vec<(i64, i64, (i64, SubtaskStatus))> = task.with(|t| {
            t.iter()
                .flat_map(|t| t.subtasks.iter().map(move |s| (t.id, s)))
                .filter_map(|(tid, s)| Some((tid, s.id, log_key(s)?)))
                .filter(|(_, sid, key)| requested.with_value(|r| r.get(sid) != Some(key)))
                .collect()
        });
        for (tid, sid, key) in wanted {
            requested.update_value(|r| {
                r.insert(sid, key);
            });
            let s = ocp.session();
            leptos::task::spawn_local(async move {
                match s.subtask_log(tid, sid).await {
                    Ok(text) => {
                        logs.try_update(|l| l.insert(sid, text));
                    }
                    // Asked again at the next poll; the bar meanwhile comes from the subtask.
                    Err(_) => {
                        requested.try_update_value(|r| r.remove(&sid));
                    }
                }
            });
        }
    });
    Effect::new(move |_| {
        let bars = task.with(|t| logs.with(|l| t.as_ref().map(|t| bars_of(t, l))));
        store.apply(bars.unwrap_or_default());
    });
    if let Ok(handle) = set_interval_with_handle(
        move || store.tick(js_sys::Date::now() as i64),
        Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    let open = Callback::new(move |b: Bar| on_select.run((b.node_id, None)));
    view! { <Timeline store=store open=open lead=lead lane_name=lane_name/> }
}
