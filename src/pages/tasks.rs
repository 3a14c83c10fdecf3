//! All tasks, newest first, with a state filter and a search kept in the URL; refreshed live.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use obshell_protocol::model::task::DagDetail;
use obshell_protocol::time::rfc3339_unix_seconds;
use obshell_protocol::version::Feature;

use crate::api::ApiError;
use crate::app::expect_session;
use crate::components::ErrorPanel;
use crate::graph::model::{operator_label, state_cue};
use crate::poll::use_poller;
use crate::routes::Base;

const STATES: [&str; 5] = ["RUNNING", "READY", "FAILED", "SUCCEED", "PENDING"];

fn duration(d: &DagDetail) -> String {
    let start = rfc3339_unix_seconds(&d.start_time).filter(|s| *s > 0);
    let end = if d.state.is_final() {
        rfc3339_unix_seconds(&d.end_time)
    } else {
        Some((js_sys::Date::now() / 1000.0) as i64)
    };
    match (start, end) {
        (Some(s), Some(e)) if e >= s => format!("{}s", e - s),
        _ => "–".to_owned(),
    }
}

#[component]
pub fn TasksPage() -> impl IntoView {
    let scope = expect_session();
    let base = scope.base.clone();
    let query = use_query_map();
    let state = move || query.read().get("state").unwrap_or_default();
    let search = move || query.read().get("q").unwrap_or_default();
    let navigate = use_navigate();
    let list_base = base.clone();
    let set_query = move |st: String, q: String| {
        navigate(
            &list_base.tasks(&[("state", st), ("q", q)]),
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        );
    };
    let set_search = set_query.clone();
    let dags = RwSignal::new(None::<Vec<DagDetail>>);
    let error = RwSignal::new(None::<ApiError>);
    let session = scope.session.clone();
    let poller = use_poller(move || {
        let s = session.clone();
        async move {
            match s.all_dags().await {
                Ok(list) => {
                    dags.set(Some(list));
                    error.set(None);
                    Ok(false)
                }
                Err(e) => {
                    error.set(Some(e));
                    Err(())
                }
            }
        }
    });
    let shown = move || {
        let (st, q) = (state(), search().to_lowercase());
        dags.get()
            .unwrap_or_default()
            .into_iter()
            .filter(|d| {
                (st.is_empty() || d.state.as_str() == st)
                    && (q.is_empty() || d.name.to_lowercase().contains(&q) || d.id.contains(&q))
            })
            .collect::<Vec<_>>()
    };
    view! {
        <h1>"Tasks"</h1>
        <div class="filters">
            <select data-testid="task-filter-state" aria-label="Task state" prop:value=state on:change=move |ev| set_query(event_target_value(&ev), search())>
                <option value="">"all states"</option>
                {STATES.iter().map(|s| view! { <option value=*s>{*s}</option> }).collect_view()}
            </select>
            <input type="search" placeholder="Search name or id" data-testid="task-search" prop:value=search on:input=move |ev| set_search(state(), event_target_value(&ev))/>
            {move || (poller.errors.get() > 0).then(|| view! { <span class="warn" data-testid="reconnecting">"reconnecting…"</span> })}
        </div>
        {scope.profile.gate(Feature::AllTaskLists).err().map(|reason| view! {
            <p class="muted" data-testid="unfinished-only">{format!("Only unfinished tasks are listed: the list of every task {reason}.")}</p>
        })}
        {move || error.get().map(|e| view! { <ErrorPanel error=e/> })}
        <table class="tasks">
            <thead><tr><th>"name"</th><th>"id"</th><th>"state"</th><th>"operator"</th><th>"stage"</th><th>"started"</th><th>"duration"</th></tr></thead>
            <tbody>
                {move || shown().into_iter().map(|d| {
                    let href = base.task(&d.id);
                    let (glyph, _) = state_cue(d.state);
                    let took = duration(&d);
                    view! {
                        <tr data-testid="task-row" data-state=d.state.as_str()>
                            <td><A href=href>{d.name.clone()}</A></td>
                            <td class="mono">{d.id.clone()}</td>
                            <td class=format!("state-{}", d.state.as_str().to_ascii_lowercase())>{format!("{glyph} {}", d.state.as_str())}</td>
                            <td>{operator_label(d.operator)}</td>
                            <td>{format!("{} / {}", d.stage, d.max_stage)}</td>
                            <td>{d.start_time.get(..19).unwrap_or(&d.start_time).replace('T', " ")}</td>
                            <td>{took}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <JournalTable/>
    }
}

/// This tab's changes: what was sent, when, its trace id, task and outcome; exportable.
#[component]
fn JournalTable() -> impl IntoView {
    let journal = crate::journal::expect_journal();
    let here = StoredValue::new(expect_session().base);
    let export = move |_| {
        let text = journal
            .entries
            .with_untracked(|e| crate::api::export_json(e));
        let stamp = String::from(js_sys::Date::new_0().to_iso_string()).replace(':', "-");
        let _ = crate::download::save_text(
            &format!("obshell-console-journal-{stamp}.json"),
            "application/json",
            &text,
        );
    };
    view! {
        <section class="journal" aria-labelledby="journal-title">
            <h2 id="journal-title">"This tab's changes"</h2>
            <p class="muted">"Every change this tab sent to the agent, newest last; kept in memory only, never a password or key."</p>
            <Show when=move || journal.entries.with(|e| !e.is_empty()) fallback=|| view! { <p class="muted" data-testid="journal-empty">"Nothing sent yet."</p> }>
                <table class="tasks" data-testid="journal">
                    <thead><tr><th>"sent"</th><th>"call"</th><th>"target"</th><th>"HTTP"</th><th>"traceId"</th><th>"task"</th><th>"outcome"</th><th>"ended"</th></tr></thead>
                    <tbody>
                        {move || journal.entries.get().into_iter().map(|e| {
                            // A task of another backend links to that backend's page.
                            let base = here.with_value(|h| if e.backend == h.name() { h.clone() } else { Base::named(&e.backend) });
                            view! {
                            <tr data-testid="journal-row">
                                <td>{e.at.get(..19).unwrap_or(&e.at).replace('T', " ")}</td>
                                <td>{e.call.clone()}</td>
                                <td class="mono">{e.target.clone()}</td>
                                <td>{e.status.map(|s| s.to_string()).unwrap_or_else(|| "–".to_owned())}</td>
                                <td class="mono" data-testid="journal-trace">{e.trace_id.clone()}</td>
                                <td>{e.task_id.clone().map(|id| view! { <A href=base.task(&id)>{id.clone()}</A> })}</td>
                                <td data-testid="journal-outcome">{e.outcome.clone()}</td>
                                <td data-testid="journal-ended">{e.ended.clone().unwrap_or_default()}</td>
                            </tr>
                        }}).collect_view()}
                    </tbody>
                </table>
                <button type="button" class="secondary" on:click=export>"Export the journal (JSON)"</button>
            </Show>
        </section>
    }
}
