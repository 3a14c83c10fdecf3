//! A task (DAG): its state and nodes. Refreshed every two seconds until it ends.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use obshell_protocol::model::task::DagDetail;

use crate::app::session;
use crate::components::ErrorPanel;

#[component]
pub fn TaskPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let dag = LocalResource::new(move || {
        let id = id();
        async move {
            match session() {
                Some(s) => s.dag(&id).await,
                None => Err(crate::api::ApiError::Transport {
                    call: "session",
                    detail: "not connected".into(),
                }),
            }
        }
    });
    let finished = RwSignal::new(false);
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if !finished.get_untracked() {
                dag.refetch();
            }
        },
        Duration::from_secs(2),
    ) {
        on_cleanup(move || handle.clear());
    }
    view! {
        <Transition fallback=|| view! { <p class="muted">"Loading the task…"</p> }>
            {move || Suspend::new(async move {
                match dag.await {
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    Ok(d) => {
                        finished.set(d.state.is_final());
                        summary(d).into_any()
                    }
                }
            })}
        </Transition>
    }
}

fn summary(d: DagDetail) -> impl IntoView {
    let nodes = d.nodes.clone().unwrap_or_default();
    view! {
        <section class="task">
            <h1 data-testid="task-name">{d.name.clone()}</h1>
            <p data-testid="task-summary">
                <span data-testid="task-id">{format!("task {}", d.id)}</span>" · "
                <span data-testid="task-state" class=format!("state state-{}", d.state.as_str().to_ascii_lowercase())>{d.state.as_str()}</span>" · "
                <span data-testid="task-operator">{d.operator.as_str()}</span>" · "
                {format!("stage {} of {}", d.stage, d.max_stage)}
            </p>
            <ol class="nodes">
                {nodes.into_iter().map(|n| view! {
                    <li data-testid="task-node" data-state=n.state.as_str()>
                        {format!("{} — {} ({})", n.name, n.state.as_str(), n.operator.as_str())}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}
