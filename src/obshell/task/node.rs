//! The shown node: its state and times, Pass for one failed step, and each sub-task with its
//! log. Built once per node; a poll updates it in place, so a log the reader scrolled up stays
//! where it was and an open confirmation stays open.

use leptos::prelude::*;
use obshell_protocol::obshell::model::task::{DagDetail, NodeDetail, SubTaskDetail, TaskState};
use obshell_protocol::obshell::version::Feature;

use super::scale_out::waits_on_new_host;
use super::seconds_between;
use crate::core::i18n::format::{datetime_rfc3339, duration_secs};
use crate::core::i18n::glossed;
use crate::core::i18n::{fill, gloss, StateWord};
use crate::core::poll::Poller;
use crate::obshell::context::expect_obshell;
use crate::obshell::task::ops::node_pass;
use crate::ui::components::ErrorPanel;
use crate::ui::graph::model::state_cue;
use crate::ui::log_view::LogView;

crate::texts! {
    /// The node panel, its sub-tasks and their logs.
    mod tx {
        not_loaded: "the step is not loaded" => "步骤尚未加载",
        cue: " ({0})" => "（{0}）",
        times: "started {0} · ended {1}" => "开始于 {0} · 结束于 {1}",
        node: "node {0} · " => "节点 {0} · ",
        took: " · {0} · took {1}" => " · {0} · 耗时 {1}",
        waits: "This step waits on the new host's own DAG: " => "此步骤等待新主机自身的 DAG：",
        open_local: "open Local scale out" => "打开 Local scale out",
        pass: "Pass this step" => "跳过此步骤",
        pass_reason: "Pass this step: not possible ({0})." => "跳过此步骤：不可用（{0}）。",
        pass_confirm: "Pass this step?" => "跳过此步骤？",
        pass_no_longer: "Passing is no longer possible: {0}." => "已无法跳过：{0}。",
        pass_now: "Pass now" => "立即跳过",
        keep: "Keep it" => "不跳过",
        sub_task: "sub-task {0} on " => "子任务 {0}，执行于 ",
        executed: " · executed {0} time(s) · {1}" => " · 共执行 {0} 次 · {1}",
    }
}

#[component]
pub fn NodePanel(
    dag: RwSignal<Option<DagDetail>>,
    node_id: String,
    poller: Poller,
    selected_task: Signal<Option<String>>,
    /// The log line named in the URL (of the selected sub-task).
    line: Signal<Option<usize>>,
    /// The log search: matching text is marked.
    query: Signal<String>,
    /// The page of the new host's DAG, for a cluster scale-out.
    local_link: Signal<Option<String>>,
) -> impl IntoView {
    let wanted = node_id.clone();
    let node = Memo::new(move |_| {
        dag.with(|d| {
            d.as_ref()
                .and_then(|d| d.nodes.as_deref())
                .and_then(|nodes| nodes.iter().find(|n| n.id == wanted).cloned())
        })
    });
    // Passing one step is an agent feature of 4.3.1 and later.
    let scope = expect_obshell();
    let gate = scope.profile.gate(Feature::NodePass);
    let session = scope.session;
    let pass = Memo::new(move |_| {
        gate.clone().and_then(|()| {
            dag.with(|d| match (d, node.get()) {
                (Some(d), Some(n)) => node_pass(d, &n),
                _ => Err(tx::t().not_loaded.to_owned()),
            })
        })
    });
    let id_for_pass = node_id.clone();
    let passing = Action::new_local(move |_: &()| {
        let id = id_for_pass.clone();
        let s = session.clone();
        async move {
            let result = s.pass_node(&id).await;
            poller.kick();
            result
        }
    });
    let confirm = RwSignal::new(false);
    let field = move |f: fn(&NodeDetail) -> String| {
        move || node.with(|n| n.as_ref().map(f).unwrap_or_default())
    };
    // The agent's word with its gloss; the console's own word only where there is no gloss.
    let glyph = field(|n| format!("{} ", state_cue(n.state).0));
    let word = Memo::new(move |_| node.with(|n| n.as_ref().map(|n| n.state.as_str().to_owned())));
    let cue = move || {
        node.with(|n| {
            n.as_ref()
                .filter(|n| gloss(n.state.as_str()).is_none())
                .map(|n| fill(tx::t().cue, &[&state_cue(n.state).1]))
        })
    };
    let took = field(|n| {
        let ended = n.state.is_final().then_some(n.end_time.as_str());
        seconds_between(&n.start_time, ended)
            .filter(|_| n.state != TaskState::Pending)
            .map(duration_secs)
            .unwrap_or_else(|| "–".to_owned())
    });
    let operator = field(|n| n.operator.as_str().to_owned());
    let times = field(|n| {
        let ended = if n.state.is_final() {
            datetime_rfc3339(&n.end_time)
        } else {
            "–".to_owned()
        };
        fill(tx::t().times, &[&datetime_rfc3339(&n.start_time), &ended])
    });
    let sub_tasks = Memo::new(move |_| {
        node.with(|n| {
            n.as_ref()
                .and_then(|n| n.sub_tasks.clone())
                .unwrap_or_default()
                .into_iter()
                .map(|t| t.id)
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="node-panel" data-testid="node-panel">
            <h2 data-testid="node-name">{field(|n| n.name.clone())}</h2>
            <p class="muted">
                {move || fill(tx::t().node, &[&node_id])}
                <span data-testid="node-state">{glyph}{move || word.get().map(|w| view! { <StateWord word=w/> })}{cue}</span>
                {move || fill(tx::t().took, &[&operator(), &took()])}
            </p>
            <p class="muted" data-testid="node-times">{times}</p>
            {move || {
                let waits = dag.with(|d| d.as_ref().map(|d| d.name.clone())).zip(node.with(|n| n.as_ref().map(|n| n.name.clone())))
                    .is_some_and(|(dag, node)| waits_on_new_host(&dag, &node));
                local_link.get().filter(|_| waits).map(|href| view! {
                    <p data-testid="node-linked-dag">{move || tx::t().waits}<a href=href>{move || tx::t().open_local}</a></p>
                })
            }}
            {move || match pass.get() {
                Ok(_) => view! {
                    <button type="button" class="secondary" data-testid="node-pass" disabled=move || passing.pending().get() on:click=move |_| confirm.set(true)>{move || tx::t().pass}</button>
                }.into_any(),
                Err(reason) => view! { <p class="muted" data-testid="node-pass-reason">{move || fill(tx::t().pass_reason, &[&reason])}</p> }.into_any(),
            }}
            <Show when=move || confirm.get()>
                <div class="confirm" role="dialog" aria-label=move || tx::t().pass_confirm data-testid="node-pass-confirm">
                    <p>{move || pass.get().unwrap_or_else(|reason| fill(tx::t().pass_no_longer, &[&reason]))}</p>
                    <button type="button" data-testid="node-pass-yes"
                        disabled=move || pass.with(Result::is_err)
                        on:click=move |_| { if pass.with_untracked(Result::is_ok) && !passing.pending().get_untracked() { confirm.set(false); passing.dispatch(()); } }>{move || tx::t().pass_now}</button>
                    <button type="button" class="secondary" on:click=move |_| confirm.set(false)>{move || tx::t().keep}</button>
                </div>
            </Show>
            {move || passing.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorPanel error=e/> })}
            <For each=move || sub_tasks.get() key=|id| id.clone() let:task_id>
                <SubTaskView node=node task_id=task_id selected_task=selected_task line=line query=query/>
            </For>
        </section>
    }
}

/// One sub-task: where it ran, how often, its last ERROR line, and its log.
#[component]
fn SubTaskView(
    node: Memo<Option<NodeDetail>>,
    task_id: String,
    selected_task: Signal<Option<String>>,
    line: Signal<Option<usize>>,
    query: Signal<String>,
) -> impl IntoView {
    let wanted = task_id.clone();
    let task = Memo::new(move |_| {
        node.with(|n| {
            n.as_ref()
                .and_then(|n| n.sub_tasks.as_deref())
                .and_then(|tasks| tasks.iter().find(|t| t.id == wanted).cloned())
        })
    });
    let field = move |f: fn(&SubTaskDetail) -> String| {
        move || task.with(|t| t.as_ref().map(f).unwrap_or_default())
    };
    let lines = Memo::new(move |_| {
        task.with(|t| {
            t.as_ref()
                .and_then(|t| t.task_logs.clone())
                .unwrap_or_default()
        })
    });
    let running = Signal::derive(move || {
        task.with(|t| t.as_ref().is_some_and(|t| t.state == TaskState::Running))
    });
    let error_line =
        move || lines.with(|l| l.iter().rev().find(|l| l.starts_with("ERROR:")).cloned());
    let id = task_id.clone();
    let is_selected = Signal::derive(move || selected_task.get().as_deref() == Some(id.as_str()));
    let class = move || {
        if is_selected.get() {
            "sub-task selected"
        } else {
            "sub-task"
        }
    };
    // The URL's line is of the selected sub-task, or of the only one.
    let target = Signal::derive(move || {
        let only = node.with(|n| {
            n.as_ref()
                .and_then(|n| n.sub_tasks.as_ref())
                .is_some_and(|t| t.len() == 1)
        });
        (is_selected.get() || (selected_task.get().is_none() && only))
            .then(|| line.get())
            .flatten()
    });
    let anchor = task_id.clone();
    view! {
        <article class=class data-testid="sub-task">
            <p>{move || fill(tx::t().sub_task, &[&task_id])}<strong data-testid="execute-agent">{field(|t| format!("{}:{}", t.execute_agent.ip, t.execute_agent.port))}</strong>
                {move || task.with(|t| t.as_ref().map(|t| fill(tx::t().executed, &[&t.execute_times, &glossed(t.state.as_str())])))}</p>
            {move || error_line().map(|l| view! { <p class="error-line" role="alert" data-testid="error-line">{l}</p> })}
            <LogView lines=lines running=running anchor=anchor target=target query=query/>
        </article>
    }
}
