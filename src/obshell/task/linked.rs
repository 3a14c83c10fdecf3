//! The scale-out's two DAGs together: the cluster DAG shows the new host's `Local scale out`
//! DAG (its state, stage and steps, with a link), and the local DAG links back to the cluster
//! DAG it serves.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use obshell_protocol::obshell::model::task::DagDetail;

use super::scale_out::local_scale_out_id;
use crate::core::i18n::fill;
use crate::core::i18n::glossed;
use crate::obshell::context::expect_obshell;
use crate::obshell::links::ObshellLinks;
use crate::ui::graph::model::{state_cue, state_text};

crate::texts! {
    /// The scale-out's two DAGs.
    mod tx {
        host: " on {0}" => "（位于 {0}）",
        waits: "Steps 2–5 wait on the new host's own DAG{0}: " => "步骤 2–5 等待新主机自身的 DAG{0}：",
        not_read: "not read yet" => "尚未读取",
        section: "The new host's own DAG" => "新主机自身的 DAG",
        step: "new host step {0}: {1}, {2}" => "新主机第 {0} 步：{1}，{2}",
        parent: "This is the new host's part of a cluster scale-out: " => "这是集群扩容中由新主机执行的部分：",
    }
}

/// URL of the local DAG's page, saying which cluster DAG it came from.
pub fn local_url(base: &ObshellLinks, local: &str, parent: &str) -> String {
    base.task_at(local, &[("parent", parent.to_owned())])
}

/// The new host's DAG beside the cluster scale-out that waits on it. Mounted once per local
/// DAG id; the page's poller keeps `local` fresh.
#[component]
pub fn LinkedDag(
    /// The cluster DAG's id.
    parent: String,
    /// The local DAG's id.
    id: String,
    /// Its last answer (`None` until the first).
    local: RwSignal<Option<DagDetail>>,
) -> impl IntoView {
    let head = Memo::new(move |_| {
        local.with(|l| {
            l.as_ref().map(|d| {
                (
                    d.name.clone(),
                    state_text(d.state),
                    fill(super::summary::tx::t().stage, &[&d.stage, &d.max_stage]),
                )
            })
        })
    });
    let steps = Memo::new(move |_| {
        local.with(|l| {
            l.as_ref()
                .and_then(|d| d.nodes.as_ref())
                .map(|nodes| {
                    nodes
                        .iter()
                        .enumerate()
                        .map(|(i, n)| (i + 1, n.name.clone(), n.state, n.id.clone()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let host = move || {
        local.with(|l| {
            l.as_ref()
                .and_then(|d| {
                    d.nodes
                        .as_deref()?
                        .first()?
                        .sub_tasks
                        .as_deref()?
                        .first()
                        .cloned()
                })
                .map(|t| {
                    let agent = format!("{}:{}", t.execute_agent.ip, t.execute_agent.port);
                    fill(tx::t().host, &[&agent])
                })
                .unwrap_or_default()
        })
    };
    let base = expect_obshell().links;
    let href = local_url(&base, &id, &parent);
    let (id_for_steps, parent_for_steps) = (id.clone(), parent.clone());
    view! {
        <section class="linked-dag" data-testid="linked-dag" aria-label=move || tx::t().section>
            <p>
                {move || fill(tx::t().waits, &[&host()])}
                <a href=href data-testid="linked-dag-link">{move || format!("{} {id}", head.with(|h| h.as_ref().map_or_else(|| "Local scale out".to_owned(), |h| h.0.clone())))}</a>
                " · "<span data-testid="linked-dag-state">{move || head.with(|h| h.as_ref().map(|h| h.1.clone()).unwrap_or_else(|| tx::t().not_read.to_owned()))}</span>
                " · "{move || head.with(|h| h.as_ref().map(|h| h.2.clone()).unwrap_or_default())}
            </p>
            <ol>
                // Each step opens on the local DAG's page with its node (and log) shown.
                <For each=move || steps.get() key=|s| s.clone() let:((n, name, state, node))>
                    <li class=format!("state-{}", state.as_str().to_ascii_lowercase()) data-testid="linked-dag-step">
                        <a href=base.task_at(&id_for_steps, &[("parent", parent_for_steps.clone()), ("node", node.clone())])
                            aria-label={ let name = name.clone(); move || fill(tx::t().step, &[&n, &name, &glossed(state.as_str())]) }>
                            {format!("{n}. {name} {}", state_cue(state).0)}
                        </a>
                    </li>
                </For>
            </ol>
        </section>
    }
}

/// On a `Local scale out` DAG: the cluster scale-out it serves, from the link that opened it
/// or, opened directly, found among the latest cluster scale-outs by the id they logged.
#[component]
pub fn ParentLink(
    /// This local DAG's id.
    id: String,
) -> impl IntoView {
    let query = use_query_map();
    let from_link = query.read_untracked().get("parent");
    let scope = expect_obshell();
    let session = scope.session.clone();
    let base = scope.links;
    let wanted = id.clone();
    let found = LocalResource::new(move || {
        let from_link = from_link.clone();
        let wanted = wanted.clone();
        let s = session.clone();
        async move {
            if from_link.is_some() {
                return from_link;
            }
            let mut scale_outs: Vec<DagDetail> = s
                .all_dags()
                .await
                .ok()?
                .into_iter()
                .filter(|d| d.name == "Cluster scale out")
                .collect();
            obshell_protocol::sort::by_key(&mut scale_outs, |d| std::cmp::Reverse(d.dag_id));
            for d in scale_outs.into_iter().take(3) {
                if let Ok(detail) = s.dag(&d.id).await {
                    if local_scale_out_id(&detail).as_deref() == Some(wanted.as_str()) {
                        return Some(detail.id);
                    }
                }
            }
            None
        }
    });
    move || {
        found.get().flatten().map(|parent| {
            view! {
                <p class="linked-dag" data-testid="parent-dag">
                    {move || tx::t().parent}
                    <a href=base.task(&parent) data-testid="parent-dag-link">{format!("Cluster scale out {parent}")}</a>
                </p>
            }
        })
    }
}
