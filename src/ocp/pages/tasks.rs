//! OCP's tasks, newest first, filtered by status (in the URL: `?status=FAILED`).

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use obshell_protocol::ocp::TaskStatus;

use super::status_class;
use crate::components::ErrorPanel;
use crate::ocp::{client::calls, expect_ocp, not_connected};

#[component]
pub fn OcpTasksPage() -> impl IntoView {
    let ocp = expect_ocp();
    let query = use_query_map();
    let status = Memo::new(move |_| {
        query
            .read()
            .get("status")
            .filter(|s| !s.is_empty())
            .map(|s| TaskStatus::from_wire(&s))
    });
    let tasks = LocalResource::new(move || {
        let status = status.get();
        async move {
            match ocp.get() {
                Some(s) => s.tasks(status).await,
                None => Err(not_connected(calls::TASKS)),
            }
        }
    });
    let navigate = use_navigate();
    let links = ocp.links();
    let filter = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        let s = (!v.is_empty()).then(|| TaskStatus::from_wire(&v));
        navigate(&links.tasks(s), Default::default());
    };
    view! {
        <section class="ocp-tasks">
            <h1>"OCP tasks"</h1>
            <p>
                <label>"status "
                    <select prop:value=move || status.get().map(|s| s.as_str().to_owned()).unwrap_or_default() on:change=filter>
                        <option value="">"all"</option>
                        <option value="RUNNING">"RUNNING"</option>
                        <option value="FAILED">"FAILED"</option>
                        <option value="SUCCESSFUL">"SUCCESSFUL"</option>
                    </select>
                </label>
                " "
                <button type="button" class="secondary" on:click=move |_| tasks.refetch()>"Refresh"</button>
            </p>
            <Transition fallback=|| view! { <p class="muted">"Loading the tasks…"</p> }>
                {move || Suspend::new(async move {
                    let links = ocp.links();
                    match tasks.await {
                        Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                        Ok(page) if page.contents.is_empty() => view! { <p class="muted">"No task."</p> }.into_any(),
                        Ok(page) => view! {
                            <table class="ocp-task-list">
                                <thead><tr><th scope="col">"task"</th><th scope="col">"status"</th><th scope="col">"started"</th><th scope="col">"finished"</th></tr></thead>
                                <tbody>
                                    {page.contents.into_iter().map(|t| view! {
                                        <tr data-testid="ocp-task-row">
                                            <th scope="row"><a href=links.task(t.id)>{format!("{} (task {})", t.name, t.id)}</a></th>
                                            <td class=status_class(t.status.as_str())>{t.status.as_str()}</td>
                                            <td>{t.start_time.clone().unwrap_or_default()}</td>
                                            <td>{t.finish_time.clone().unwrap_or_default()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <p class="muted">{format!("{} task(s)", page.page.total_elements.max(0))}</p>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
