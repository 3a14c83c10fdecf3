//! All tasks, newest first, with a state filter and a search kept in the URL; refreshed live. An
//! agent that is not a cluster agent lists its own tasks, and the page says the cluster's list is
//! not available from it (docs/protocol/obshell.md §4.8).
//!
//! A cluster's lists grow over its whole life (no paging at the agent): they are read in full
//! at most once a minute, kept current in between by the unfinished list
//! (`Session::refresh_task_lists`), and drawn a hundred rows at a time.

mod attention;
mod bulk;

use leptos::prelude::*;

use crate::ui::components::PageHeader;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use obshell_protocol::obshell::model::task::DagDetail;
use obshell_protocol::obshell::model::AgentIdentity;
use obshell_protocol::obshell::version::Feature;
use obshell_protocol::time::rfc3339_unix_seconds;

use crate::core::error::ApiError;
use crate::core::i18n::format::{datetime_rfc3339, duration_secs};
use crate::core::i18n::{fill, StateWord};
use crate::core::poll::schedule::list_delay;
use crate::core::poll::use_poller_with;
use crate::obshell::client::task_lists::FULL_READ_EVERY_MS;
use crate::obshell::client::{Session, TaskLists};
use crate::obshell::context::expect_obshell;
use crate::ui::components::ErrorPanel;
use crate::ui::graph::model::{operator_label, state_cue};

/// Rows drawn at first, and added by each "Show more".
const PAGE: usize = 100;

const STATES: [&str; 5] = ["RUNNING", "READY", "FAILED", "SUCCEED", "PENDING"];

crate::texts! {
    /// The tasks page.
    mod tx {
        title: "Tasks" => "任务",
        all_states: "all states" => "全部状态",
        search: "Search name or id" => "搜索名称或 ID",
        reconnecting: "reconnecting…" => "正在重新连接…",
        unfinished_only: "Only unfinished tasks are listed: the list of every task {0}." => "仅列出未完成的任务：全部任务的列表{0}。",
        cluster_list_missing: "The cluster's task list is not available from this agent: it is not a cluster agent. Listed are this agent's own tasks and the unfinished tasks it knows of; connect to a cluster agent to see the cluster's tasks." => "无法从此 Agent 获取集群的任务列表：它不是集群 Agent。此处列出的是该 Agent 自己的任务及其所知的未完成任务；如需查看集群的任务，请连接集群 Agent。",
        name: "name" => "名称",
        id: "id" => "ID",
        state: "state" => "状态",
        state_filter: "Task state" => "任务状态",
        operator: "operator" => "操作",
        stage: "stage" => "阶段",
        started: "started" => "开始时间",
        duration: "duration" => "耗时",
        no_tasks: "No tasks on this agent yet." => "此 Agent 上还没有任务。",
        no_match: "No task matches this state and search." => "没有符合此状态和搜索条件的任务。",
        showing: "Showing {0} of {1} tasks" => "显示 {1} 个任务中的 {0} 个",
        more: "Show {0} more" => "再显示 {0} 个",
    }
}

fn duration(d: &DagDetail) -> String {
    let start = rfc3339_unix_seconds(&d.start_time).filter(|s| *s > 0);
    let end = if d.state.is_final() {
        rfc3339_unix_seconds(&d.end_time)
    } else {
        Some((js_sys::Date::now() / 1000.0) as i64)
    };
    match (start, end) {
        (Some(s), Some(e)) if e >= s => duration_secs(e - s),
        _ => "–".to_owned(),
    }
}

/// The lists brought up to date: in full when the last full read is a minute old (or more
/// tasks ended at once than are read alone), else from the unfinished list. Returns the lists
/// and when they were last read in full.
async fn read_lists(
    s: Session,
    cluster_agent: bool,
    last: Option<(TaskLists, f64)>,
) -> Result<(TaskLists, f64), ApiError> {
    let now = js_sys::Date::now();
    // Before 4.3.0 the unfinished list is the whole list: nothing to keep between reads.
    let light = s.caps().has(Feature::AllTaskLists);
    if let Some((lists, at)) = last.filter(|(_, at)| light && now - at < FULL_READ_EVERY_MS) {
        if let Some(lists) = s.refresh_task_lists(lists).await? {
            return Ok((lists, at));
        }
    }
    Ok((s.task_lists(cluster_agent).await?, now))
}

#[component]
pub fn TasksPage() -> impl IntoView {
    let scope = expect_obshell();
    let base = scope.links.clone();
    let query = use_query_map();
    let state = move || query.read().get("state").unwrap_or_default();
    let typed =
        super::query_text::QueryText::new(move || query.read().get("q").unwrap_or_default());
    let search = move || typed.get();
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
    let lists = StoredValue::new(None::<(TaskLists, f64)>);
    let error = RwSignal::new(None::<ApiError>);
    // The cluster's list is missing (not a cluster agent): said, and the rest still listed.
    let cluster_missing = RwSignal::new(false);
    let cluster_agent = scope.profile.identity == AgentIdentity::ClusterAgent;
    let session = scope.session.clone();
    // Read every 10 s while a listed task runs, less and less often while none runs (the
    // badge's answer showing what the list does not reads it at once): see [`list_delay`].
    let running = Memo::new(move |_| {
        dags.with(|d| {
            d.as_ref()
                .is_some_and(|d| d.iter().any(|d| !d.state.is_final()))
        })
    });
    let poller = use_poller_with(
        move || {
            let (s, last) = (session.clone(), lists.get_value());
            async move {
                match read_lists(s, cluster_agent, last).await {
                    Ok((read, at)) => {
                        dags.set(Some(read.dags.clone()));
                        cluster_missing.set(read.cluster_list_missing);
                        lists.set_value(Some((read, at)));
                        error.set(None);
                        Ok(false)
                    }
                    Err(e) => {
                        error.set(Some(e));
                        Err(())
                    }
                }
            }
        },
        move |s| list_delay(s, running.get_untracked()),
    );
    // The badge saw a task the list does not show as it is (one started, changed or ended).
    let watch = crate::core::poll::expect_task_watch();
    let backend = scope.links.name().to_owned();
    Effect::new(move |_| {
        let Some(unfinished) = watch.badge_listed(&backend) else {
            return;
        };
        let agrees = dags.with_untracked(|d| {
            d.as_ref().is_none_or(|d| {
                let listed: Vec<_> = d.iter().map(|d| (d.id.clone(), d.state)).collect();
                crate::core::poll::watch::list_agrees(&listed, &unfinished)
            })
        });
        if !agrees {
            poller.ask();
        }
    });
    // What the filter and search keep, in attention order.
    let shown = Memo::new(move |_| {
        let (st, q) = (state(), search().to_lowercase());
        let kept = dags.with(|d| {
            d.iter()
                .flatten()
                .filter(|d| {
                    (st.is_empty() || d.state.as_str() == st)
                        && (q.is_empty() || d.id.contains(&q) || d.name.to_lowercase().contains(&q))
                })
                .cloned()
                .collect::<Vec<_>>()
        });
        attention::ordered(kept)
    });
    let limit = RwSignal::new(PAGE);
    let rows = move || shown.with(|s| s.iter().take(limit.get()).cloned().collect::<Vec<_>>());
    let total = move || shown.with(Vec::len);
    let selected = bulk::Selection::new(Default::default());
    view! {
        <PageHeader title=Signal::derive(|| tx::t().title.to_owned())/>
        <attention::NeedsAttention dags=dags links=base.clone() selected=selected/>
        <bulk::BulkBar selected=selected dags=dags poller=poller/>
        <div class="filters">
            <select data-testid="task-filter-state" aria-label=move || tx::t().state_filter prop:value=state on:change=move |ev| set_query(event_target_value(&ev), typed.get_untracked())>
                <option value="">{move || tx::t().all_states}</option>
                {STATES.iter().map(|&s| view! { <option value=s>{move || crate::core::i18n::glossed(s)}</option> }).collect_view()}
            </select>
            <input type="search" placeholder=move || tx::t().search aria-label=move || tx::t().search data-testid="task-search" prop:value=search on:input=move |ev| { let text = event_target_value(&ev); typed.input(&text); set_search(state(), text) }/>
            {move || (poller.errors.get() > 0).then(|| view! { <span class="warn" data-testid="reconnecting">{move || tx::t().reconnecting}</span> })}
        </div>
        {scope.profile.gate(Feature::AllTaskLists).err().map(|reason| view! {
            <p class="muted" data-testid="unfinished-only">{move || fill(tx::t().unfinished_only, &[&reason])}</p>
        })}
        {move || cluster_missing.get().then(|| view! {
            <p class="muted" role="status" data-testid="cluster-tasks-missing">{move || tx::t().cluster_list_missing}</p>
        })}
        {move || error.get().map(|e| view! { <ErrorPanel error=e/> })}
        <div class="scroll-x"><table class="tasks">
            <thead><tr>
                <th><bulk::SelectFailed selected=selected shown=shown/></th>
                <th>{move || tx::t().name}</th><th>{move || tx::t().id}</th><th>{move || tx::t().state}</th><th>{move || tx::t().operator}</th>
                <th>{move || tx::t().stage}</th><th>{move || tx::t().started}</th><th>{move || tx::t().duration}</th>
            </tr></thead>
            <tbody>
                <For each=rows key=|d| (d.id.clone(), d.state, d.operator, d.stage, d.end_time.clone(), duration(d)) let:d>
                    <Row dag=d base=base.clone() selected=selected/>
                </For>
            </tbody>
        </table></div>
        {move || (total() > limit.get()).then(|| view! {
            <p class="muted" role="status" data-testid="tasks-shown">{move || fill(tx::t().showing, &[&limit.get().min(total()), &total()])}" "
                <button type="button" class="secondary" on:click=move |_| limit.update(|l| *l += PAGE)>{move || fill(tx::t().more, &[&PAGE.min(total() - limit.get())])}</button>
            </p>
        })}
        {move || dags.with(|d| d.as_ref().is_some_and(Vec::is_empty)).then(|| view! {
            <p class="muted" data-testid="tasks-empty">{move || tx::t().no_tasks}</p>
        })}
        {move || (dags.with(|d| d.as_ref().is_some_and(|d| !d.is_empty())) && total() == 0).then(|| view! {
            <p class="muted" data-testid="tasks-none-match">{move || tx::t().no_match}</p>
        })}
        <crate::ui::journal::JournalTable here=scope.links.name() task_href=scope.links.task_href()/>
    }
}

/// One task in the list.
#[component]
fn Row(
    dag: DagDetail,
    base: crate::obshell::links::ObshellLinks,
    selected: bulk::Selection,
) -> impl IntoView {
    let d = dag;
    let href = base.task(&d.id);
    let (glyph, _) = state_cue(d.state);
    let took = duration(&d);
    let blocking = attention::Attention::of(&d) == attention::Attention::Blocking;
    view! {
        <tr data-testid="task-row" data-state=d.state.as_str()>
            <td><bulk::SelectBox selected=selected id=d.id.clone() name=d.name.clone()/></td>
            <td><A href=href>{d.name.clone()}</A>
                {blocking.then(|| view! { " " {attention::blocking_tag()} })}</td>
            <td class="mono">{d.id.clone()}</td>
            <td class=format!("state-{}", d.state.as_str().to_ascii_lowercase())>{format!("{glyph} ")}<StateWord word=d.state.as_str()/></td>
            <td>{operator_label(d.operator)}</td>
            <td>{format!("{} / {}", d.stage, d.max_stage)}</td>
            <td>{datetime_rfc3339(&d.start_time)}</td>
            <td>{took}</td>
        </tr>
    }
}
