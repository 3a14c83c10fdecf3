//! OCP's tasks, newest first, filtered by status (in the URL: `?status=FAILED`); and this tab's
//! journal of changes.

use leptos::prelude::*;

use crate::ui::components::PageHeader;
use leptos_router::hooks::{use_navigate, use_query_map};
use obshell_protocol::ocp::TaskStatus;

use super::status_class;
use crate::core::i18n::{format, StateWord};
use crate::ocp::expect_ocp;
use crate::ui::components::ErrorPanel;

crate::texts! {
    /// OCP's tasks.
    mod tx {
        title: "OCP tasks" => "OCP 任务",
        status_label: "status " => "状态 ",
        all: "all" => "全部",
        refresh: "Refresh" => "刷新",
        loading: "Loading the tasks…" => "正在加载任务…",
        none: "No task." => "没有任务。",
        task: "task" => "任务",
        status: "status" => "状态",
        started: "started" => "开始时间",
        finished: "finished" => "结束时间",
        name: "{0} (task {1})" => "{0}（任务 {1}）",
        count: "{0} task(s)" => "共 {0} 个任务",
    }
}

/// A status as the filter lists it: OCP's word, with its gloss in another language.
fn status_option(word: &'static str) -> impl IntoView {
    view! { <option value=word>{move || crate::core::i18n::glossed(word)}</option> }
}

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
        let s = ocp.session();
        async move { s.tasks(status).await }
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
            <PageHeader title=Signal::derive(|| tx::t().title.to_owned())/>
            <p>
                <label>{move || tx::t().status_label}
                    <select prop:value=move || status.get().map(|s| s.as_str().to_owned()).unwrap_or_default() on:change=filter>
                        <option value="">{move || tx::t().all}</option>
                        {status_option("RUNNING")}
                        {status_option("FAILED")}
                        {status_option("SUCCESSFUL")}
                    </select>
                </label>
                " "
                <button type="button" class="secondary" on:click=move |_| tasks.refetch()>{move || tx::t().refresh}</button>
            </p>
            <Transition fallback=|| view! { <p class="muted">{move || tx::t().loading}</p> }>
                {move || Suspend::new(async move {
                    let links = ocp.links();
                    match tasks.await {
                        Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                        Ok(page) if page.contents.is_empty() => view! { <p class="muted">{move || tx::t().none}</p> }.into_any(),
                        Ok(page) => view! {
                            <table class="ocp-task-list">
                                <thead><tr><th scope="col">{move || tx::t().task}</th><th scope="col">{move || tx::t().status}</th><th scope="col">{move || tx::t().started}</th><th scope="col">{move || tx::t().finished}</th></tr></thead>
                                <tbody>
                                    {page.contents.into_iter().map(|t| view! {
                                        <tr data-testid="ocp-task-row">
                                            <th scope="row"><a href=links.task(t.id)>{let (n, id) = (t.name.clone(), t.id); move || crate::core::i18n::fill(tx::t().name, &[&n, &id])}</a></th>
                                            <td class=status_class(t.status.as_str())><StateWord word=t.status.as_str().to_owned()/></td>
                                            <td>{let s = t.start_time.clone().unwrap_or_default(); move || format::datetime_rfc3339(&s)}</td>
                                            <td>{let s = t.finish_time.clone().unwrap_or_default(); move || format::datetime_rfc3339(&s)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <p class="muted">{let n = page.page.total_elements.max(0); move || crate::core::i18n::fill(tx::t().count, &[&format::number(n as f64)])}</p>
                        }.into_any(),
                    }
                })}
            </Transition>
            <crate::ui::journal::JournalTable here=ocp.name() task_href=ocp.links().task_href()/>
        </section>
    }
}
