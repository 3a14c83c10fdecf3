//! After a change whose answer never arrived (an unknown outcome), the console sends nothing
//! again and deletes nothing it created: it looks for the task the agent may have started and
//! shows it, or says where to check.

use leptos::prelude::*;
use obshell_protocol::obshell::model::task::DagDetail;
use obshell_protocol::time::rfc3339_unix_seconds;

use crate::core::error::ApiError;

use crate::core::i18n::{fill, StateWord};
use crate::obshell::client::Session;
use crate::obshell::context::expect_obshell;

crate::texts! {
    /// The search for a task whose answer was lost.
    mod tx {
        looking: "Looking for the task the agent may have started…" => "正在查找 Agent 可能已启动的任务…",
        started: "The agent did start it: " => "Agent 已启动该任务：",
        task: "{0} (task {1})" => "{0}（任务 {1}）",
        stop: "." => "。",
        tenant: "tenant {0}" => "租户 {0}",
        cluster: "the cluster" => "集群",
        none_found: "No task for this change was found, but the change may still have been applied. Check {0}" => "未找到此变更的任务，但变更仍可能已生效。请检查{0}",
        locality_now: " (its locality now: {0})" => "（当前 Locality：{0}）",
        on: " on " => "，在",
        page_of: "the page of {0}" => "{0} 的页面",
        and_in: " and in " => "和",
        tasks_list: "the tasks list" => "任务列表",
        before_again: " before sending it again." => "中确认后再重新提交。",
        again: "Look again" => "再次查找",
    }
}

/// Seconds a matching task may seem to start before the request was sent: the clock offset is
/// in whole seconds and the agent's start time too.
const CLOCK_SLACK_SECS: i64 = 2;

/// The change whose answer was lost, as the agent would name its task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LostRequest {
    /// The DAG name the agent gives this operation (`Scale out tenant replicas`, …).
    pub dag_name: &'static str,
    /// The tenant of a tenant change; `None` for a cluster change.
    pub tenant: Option<String>,
    /// When the request was sent, in the agent's clock (Unix seconds).
    pub sent_at: i64,
}

impl LostRequest {
    /// A request about to be sent now through `s` (the agent's clock: browser clock plus the
    /// session's offset).
    pub fn now(s: &Session, dag_name: &'static str, tenant: Option<String>) -> Self {
        Self {
            dag_name,
            tenant,
            sent_at: crate::obshell::client::browser_now_secs() + s.clock_offset(),
        }
    }
}

/// The task the agent started for `request`: the one with its DAG name, its maintenance key
/// (the tenant's name for a tenant change, empty for a cluster one; agents before 4.3.1 send
/// none, so an empty key matches any), started no earlier than the request was sent (less
/// [`CLOCK_SLACK_SECS`]); of several, the first to start after it.
pub fn find_started<'a>(dags: &'a [DagDetail], request: &LostRequest) -> Option<&'a DagDetail> {
    let key = request.tenant.as_deref().unwrap_or("");
    dags.iter()
        .filter(|d| d.name == request.dag_name)
        .filter(|d| d.maintenance_key.is_empty() || d.maintenance_key == key)
        .filter_map(|d| rfc3339_unix_seconds(&d.start_time).map(|t| (t, d)))
        .filter(|(t, _)| *t >= request.sent_at - CLOCK_SLACK_SECS)
        .min_by_key(|(t, d)| (*t, d.dag_id))
        .map(|(_, d)| d)
}

/// What the search found: the task, or none, and the tenant's locality now when asked.
#[derive(Debug, Clone)]
struct Search {
    task: Option<DagDetail>,
    locality: Option<String>,
}

async fn search(s: Session, request: LostRequest) -> Result<Search, ApiError> {
    let dags = s.all_dags().await?;
    let task = find_started(&dags, &request).cloned();
    let locality = match (&task, &request.tenant) {
        (None, Some(t)) => s.tenant(t).await.ok().map(|i| i.locality),
        _ => None,
    };
    Ok(Search { task, locality })
}

/// "tenant orders" or "the cluster", in the console's language (tracked).
fn place_label(tenant: Option<&str>) -> String {
    match tenant {
        Some(t) => fill(tx::t().tenant, &[&t]),
        None => tx::t().cluster.to_owned(),
    }
}

/// The error of a submitted change, with the search for its task when its answer never arrived
/// (`asked` is what was sent).
#[component]
pub fn SubmitError(
    error: crate::core::error::ApiError,
    asked: RwSignal<Option<LostRequest>>,
) -> impl IntoView {
    let lost = error.outcome_unknown().then(|| asked.get()).flatten();
    view! {
        <crate::ui::components::ErrorPanel error=error/>
        {lost.map(|request| view! { <LostAnswer request=request/> })}
    }
}

/// Shown under the error of a change whose outcome is unknown: looks for the task once (and
/// again on request, reading only), then links to it or to where the change would show.
#[component]
pub fn LostAnswer(request: LostRequest) -> impl IntoView {
    let scope = expect_obshell();
    let base = scope.links.clone();
    let session = scope.session.clone();
    let req = request.clone();
    let found = LocalResource::new(move || search(session.clone(), req.clone()));
    let elsewhere = match &request.tenant {
        Some(t) => (base.tenant(t), Some(t.clone())),
        None => (base.cluster(), None),
    };
    let tasks = base.tasks(&[]);
    view! {
        <section class="lost-answer" role="status" data-testid="lost-answer">
            <Transition fallback=|| view! { <p class="muted">{move || tx::t().looking}</p> }>
                {move || {
                    let base = base.clone();
                    let (place, place_name) = elsewhere.clone();
                    let tasks = tasks.clone();
                    Suspend::new(async move {
                        match found.await {
                            Ok(Search { task: Some(d), .. }) => {
                                let (name, id) = (d.name.clone(), d.id.clone());
                                view! {
                                <p class="ok" data-testid="lost-answer-found">
                                    {move || tx::t().started}
                                    <a href=base.task(&d.id) data-testid="lost-answer-task">{move || fill(tx::t().task, &[&name, &id])}</a>
                                    " — "<StateWord word=d.state.as_str().to_owned()/>{move || tx::t().stop}
                                </p>
                            }.into_any()
                            }
                            other => {
                                let locality = other.as_ref().ok().and_then(|s| s.locality.clone());
                                let page_name = place_name.clone();
                                view! {
                                    <p class="warn" data-testid="lost-answer-none">
                                        {move || fill(tx::t().none_found, &[&place_label(place_name.as_deref())])}
                                        {locality.map(|l| move || fill(tx::t().locality_now, &[&l]))}
                                        {move || tx::t().on}
                                        <a href=place>{move || fill(tx::t().page_of, &[&place_label(page_name.as_deref())])}</a>
                                        {move || tx::t().and_in}
                                        <a href=tasks>{move || tx::t().tasks_list}</a>
                                        {move || tx::t().before_again}
                                    </p>
                                }.into_any()
                            }
                        }
                    })
                }}
            </Transition>
            <button type="button" class="secondary small" data-testid="lost-answer-again" on:click=move |_| found.refetch()>{move || tx::t().again}</button>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dag(id: i64, name: &str, key: &str, start: &str) -> DagDetail {
        serde_json::from_value(serde_json::json!({
            "id": format!("1{id:020}"), "dag_id": id, "name": name, "stage": 1, "max_stage": 2,
            "maintenance_type": 1, "maintenance_key": key, "state": "RUNNING", "operator": "RUN",
            "start_time": start, "end_time": "0001-01-01T00:00:00Z",
        }))
        .expect("a DAG")
    }

    fn request(tenant: Option<&str>, sent: &str) -> LostRequest {
        LostRequest {
            dag_name: "Scale out tenant replicas",
            tenant: tenant.map(str::to_owned),
            sent_at: rfc3339_unix_seconds(sent).expect("a time"),
        }
    }

    #[test]
    fn picks_the_tenants_task_of_that_operation_started_after_the_request() {
        let dags = [
            dag(
                1,
                "Scale out tenant replicas",
                "logs",
                "2026-12-01T10:00:00Z",
            ),
            dag(
                2,
                "Scale in tenant replicas",
                "logs",
                "2026-12-01T11:00:05Z",
            ),
            dag(
                3,
                "Scale out tenant replicas",
                "orders",
                "2026-12-01T11:00:05Z",
            ),
            dag(
                4,
                "Scale out tenant replicas",
                "logs",
                "2026-12-01T11:00:06Z",
            ),
            dag(
                5,
                "Scale out tenant replicas",
                "logs",
                "2026-12-01T11:00:30Z",
            ),
        ];
        let r = request(Some("logs"), "2026-12-01T11:00:05Z");
        assert_eq!(find_started(&dags, &r).map(|d| d.dag_id), Some(4));
    }

    #[test]
    fn allows_the_clock_slack_and_no_more() {
        let r = request(Some("logs"), "2026-12-01T11:00:05Z");
        let early = [dag(
            1,
            "Scale out tenant replicas",
            "logs",
            "2026-12-01T11:00:03+00:00",
        )];
        assert!(find_started(&early, &r).is_some());
        let earlier = [dag(
            1,
            "Scale out tenant replicas",
            "logs",
            "2026-12-01T19:00:02+08:00",
        )];
        assert!(find_started(&earlier, &r).is_none());
    }

    #[test]
    fn a_cluster_change_and_an_agent_without_keys() {
        let mut r = request(None, "2026-12-01T11:00:05Z");
        r.dag_name = "Cluster scale out";
        let dags = [
            dag(1, "Cluster scale out", "", "2026-12-01T11:00:06Z"),
            dag(2, "Local scale out", "", "2026-12-01T11:00:06Z"),
        ];
        assert_eq!(find_started(&dags, &r).map(|d| d.dag_id), Some(1));
        // Before 4.3.1 no key: the name and the time decide.
        let r = request(Some("logs"), "2026-12-01T11:00:05Z");
        let keyless = [dag(
            7,
            "Scale out tenant replicas",
            "",
            "2026-12-01T11:00:07Z",
        )];
        assert_eq!(find_started(&keyless, &r).map(|d| d.dag_id), Some(7));
        assert!(find_started(&[], &r).is_none());
    }
}
