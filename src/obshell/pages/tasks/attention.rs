//! What needs an operator first on the tasks page: failed tasks that still hold the cluster's
//! maintenance lock (each blocks every later change until it is retried to success, rolled
//! back or passed: `crate::obshell::forms::locks`, docs/protocol/obshell-tasks.md §5.5), then
//! the running ones, then the rest. Each can be ticked, to operate on several at once.

use leptos::prelude::*;
use leptos_router::components::A;
use obshell_protocol::obshell::model::task::DagDetail;

use crate::core::i18n::fill;
use crate::obshell::forms::locks::blocks_changes;
use crate::obshell::links::ObshellLinks;

/// Where a task goes in the list, first to last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Attention {
    /// Failed, and still holding the cluster's lock: the agent refuses every scale-out,
    /// scale-in and tenant replica change while it does (a failed replica task gives its
    /// tenant's lock back, so a failed task that holds one holds the cluster's).
    Blocking,
    /// Not ended yet.
    Running,
    Rest,
}

impl Attention {
    pub fn of(dag: &DagDetail) -> Self {
        if blocks_changes(dag) {
            Self::Blocking
        } else if !dag.state.is_final() {
            Self::Running
        } else {
            Self::Rest
        }
    }
}

/// The tasks in attention order, each group keeping the list's own order (newest first).
pub fn ordered(mut dags: Vec<DagDetail>) -> Vec<DagDetail> {
    obshell_protocol::sort::by_key(&mut dags, Attention::of);
    dags
}

crate::texts! {
    /// The tasks that need attention.
    mod tx {
        title: "Needs attention" => "需要处理",
        blocking: "failed at stage {0} of {1} and still holds the cluster's maintenance lock: until it is retried to success, rolled back or passed, the agent refuses every scale-out, scale-in and replica change of every tenant." => "在第 {0}/{1} 阶段失败，仍持有集群的维护锁：在它重试成功、回滚或跳过之前，Agent 会拒绝所有扩容、缩容以及任何租户的副本变更。",
        open: "Open it to retry, roll back or pass" => "打开以重试、回滚或跳过",
        tag: "blocks changes" => "阻塞变更",
    }
}

/// The short mark on a blocking task's row in the list.
pub fn blocking_tag() -> impl IntoView {
    view! { <span class="tag bad" data-testid="blocks-changes">{move || tx::t().tag}</span> }
}

/// The failed tasks that block changes, each with what it blocks and a way to it; nothing when
/// there are none.
#[component]
pub fn NeedsAttention(
    dags: RwSignal<Option<Vec<DagDetail>>>,
    links: ObshellLinks,
    /// The tasks ticked for an operation on several (`super::bulk`).
    selected: super::bulk::Selection,
) -> impl IntoView {
    let blocking = Memo::new(move |_| {
        dags.with(|d| {
            d.iter()
                .flatten()
                .filter(|d| Attention::of(d) == Attention::Blocking)
                .map(|d| (d.id.clone(), d.name.clone(), d.stage, d.max_stage))
                .collect::<Vec<_>>()
        })
    });
    move || {
        let list = blocking.get();
        (!list.is_empty()).then(|| {
            let items = list
                .into_iter()
                .map(|(id, name, stage, max)| {
                    let href = links.task(&id);
                    view! {
                        <li data-testid="attention-task">
                            <super::bulk::SelectBox selected=selected id=id.clone() name=name.clone()/>
                            <strong><A href=href.clone()>{name}</A></strong>{format!(" ({id}) ")}
                            {move || fill(tx::t().blocking, &[&stage, &max])}" "
                            <A href=href>{move || tx::t().open}</A>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="attention" aria-labelledby="attention-title" data-testid="needs-attention">
                    <h2 id="attention-title">{move || tx::t().title}</h2>
                    <ul>{items}</ul>
                </section>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dag(id: &str, name: &str, state: &str, stage: i64, maintenance: i64) -> DagDetail {
        serde_json::from_value(serde_json::json!({
            "id": id, "dag_id": 1, "name": name, "stage": stage, "max_stage": 11,
            "maintenance_type": maintenance, "maintenance_key": "", "state": state,
            "operator": "RUN", "start_time": "", "end_time": "",
        }))
        .unwrap()
    }

    #[test]
    fn failed_lock_holders_first_then_running_then_the_rest_each_in_list_order() {
        let list = vec![
            dag("19", "Scale out tenant replicas", "SUCCEED", 3, 3),
            dag("18", "Cluster scale out", "FAILED", 4, 2),
            dag("17", "Scale out tenant replicas", "RUNNING", 2, 3),
            // A failed replica task gives its tenant's lock back: not blocking.
            dag("16", "Scale out tenant replicas", "FAILED", 2, 3),
            dag("15", "Cluster scale in", "FAILED", 3, 2),
            // A failed scale-in at its first step has not locked the cluster yet.
            dag("14", "Cluster scale in", "FAILED", 1, 2),
            // Before 4.3.1 the agent says no lock type: a failed scale-out still holds it.
            dag("13", "Cluster scale out", "FAILED", 2, 0),
            // A local task (id not starting with 1) locks only its own agent.
            dag("22", "Cluster scale out", "FAILED", 2, 2),
        ];
        let ids: Vec<_> = ordered(list).into_iter().map(|d| d.id).collect();
        assert_eq!(ids, ["18", "15", "13", "17", "19", "16", "14", "22"]);
    }
}
