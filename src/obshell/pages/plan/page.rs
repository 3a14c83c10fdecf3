//! A plan's page: its steps and where it stands, the current step's task as a live graph, and
//! what the person can do now — start, pause after the running step, resume, abandon, act on a
//! failed task, plan the rest again from the state as it is, or export it as a script.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use obshell_protocol::obshell::plan::{Goal, PlanDoc, Progress, StepState};

use super::history::Durations;
use super::runner::Runner;
use super::steps::StepList;
use super::store;
use crate::core::i18n::fill;
use crate::core::poll::sleep;
use crate::obshell::context::expect_obshell;
use crate::ui::components::ErrorPanel;
use crate::ui::graph::{DagGraph, GraphStore};

crate::texts! {
    /// A plan's page.
    mod tx {
        title_tenant: "Plan for tenant {0}" => "租户 {0} 的计划",
        title_scale_outs: "Plan: add servers {0}" => "计划：添加服务器 {0}",
        title_drain: "Plan: drain zone {0}" => "计划：清空 Zone {0}",
        missing: "No plan {0} is kept in this browser for this backend." => "此浏览器中没有此后端的计划 {0}。",
        progress: "{0} of {1} steps done" => "已完成 {0} / {1} 步",
        start: "Start the plan" => "启动计划",
        resume: "Resume" => "继续",
        pause: "Pause after this step" => "本步完成后暂停",
        abandon: "Abandon the plan" => "放弃计划",
        abandon_confirm: "Abandon this plan? Nothing more is sent; a task already running goes on." => "放弃此计划？不再发送任何请求；已在运行的任务会继续执行。",
        abandon_yes: "Abandon it" => "确认放弃",
        keep: "Keep the plan" => "保留计划",
        replan: "Plan again from here" => "从当前状态重新规划",
        look_again: "Look for the task again" => "再次查找任务",
        running_here: "Running in this tab: one task at a time. Keep this page open; the plan stops advancing when you leave it and can be resumed here." => "正在此标签页运行：一次一个任务。请保持此页面打开；离开后计划将停止推进，可在此处继续。",
        running_elsewhere: "This plan is running in another tab of this browser; this tab only watches it." => "此计划正在此浏览器的另一个标签页中运行；此标签页仅查看。",
        not_started: "Nothing has been sent yet." => "尚未发送任何请求。",
        paused: "Paused before step {0}." => "已在第 {0} 步之前暂停。",
        finished: "The plan is done: every step's task succeeded and the agent shows its change." => "计划已完成：每一步的任务都已成功，且 Agent 显示了相应变更。",
        abandoned: "This plan was abandoned." => "此计划已被放弃。",
        stopped_failed: "Stopped at step {0}: its task did not end with the change. Retry, roll back or pass the task below (or on its page); the plan follows it again, then waits for you to continue." => "在第 {0} 步停止：其任务结束时未见变更。可在下方（或任务页面）重试、回滚或跳过该任务；计划会再次跟踪它，然后等待您继续。",
        stopped_refused: "Stopped at step {0}: the step was refused before any task started, so nothing changed. Plan again from the state as it is now." => "在第 {0} 步停止：该步骤在任务启动前被拒绝，没有任何变更。请基于当前状态重新规划。",
        unknown: "Step {0}: the agent's answer never arrived, and no task for it has been found. The step is never sent again: look for its task, or plan again from the state as it is (a change that was made is then not repeated)." => "第 {0} 步：Agent 的应答没有到达，也未找到对应任务。该步骤不会再次发送：请查找其任务，或基于当前状态重新规划（已生效的变更不会重复）。",
        following: "Step {0}'s task was running when last seen, and nothing follows it now: Resume to follow it (nothing is sent again)." => "第 {0} 步的任务上次查看时仍在运行，目前没有跟踪：点击“继续”即可跟踪它（不会重新发送）。",
        current_task: "Step {0}'s task" => "第 {0} 步的任务",
        open_task: "Open the task" => "打开任务",
        applied_despite_error: "Step {0}: the agent answered with an error, but the tenant, read back, shows the new primary zone: the change was applied (the agent changes a primary zone before it takes the tenant's lock)." => "第 {0} 步：Agent 返回了错误，但回读租户显示 Primary Zone 已是新值：变更已生效（Agent 在获取租户锁之前就会修改 Primary Zone）。",
    }
}

#[component]
pub fn PlanPage() -> impl IntoView {
    let params = use_params_map();
    let id = params.read_untracked().get("id").unwrap_or_default();
    let scope = expect_obshell();
    match store::load(scope.links.name(), &id) {
        Some(doc) => plan_view(doc).into_any(),
        None => view! {
            <p class="muted" data-testid="plan-missing">{move || fill(tx::t().missing, &[&id])}</p>
            <a href=scope.links.plans()>{move || super::list::tx::t().title}</a>
        }
        .into_any(),
    }
}

fn title(doc: &PlanDoc) -> String {
    match &doc.goal {
        Goal::Tenant { tenant, .. } => fill(tx::t().title_tenant, &[tenant]),
        Goal::ScaleOuts => fill(
            tx::t().title_scale_outs,
            &[&super::list::scale_out_hosts(doc)],
        ),
        Goal::Drain { zone, .. } => fill(tx::t().title_drain, &[zone]),
    }
}

fn plan_view(doc: PlanDoc) -> impl IntoView {
    let scope = expect_obshell();
    let session = scope.session.clone();
    let runner = Runner::new(doc);
    let elsewhere = RwSignal::new(store::held_elsewhere(scope.links.name()).is_some());
    {
        let r = runner.clone();
        on_cleanup(move || r.leave());
    }
    // Another tab's progress shows here; this tab's lease is renewed by its own runner.
    {
        let (r, backend) = (runner.clone(), scope.links.name().to_owned());
        leptos::task::spawn_local(async move {
            loop {
                sleep(Duration::from_millis(u64::from(store::LEASE_RENEW_MS))).await;
                if r.doc.try_get_untracked().is_none() {
                    return;
                }
                if r.running.try_get_untracked() == Some(false) {
                    r.reload();
                }
                let now = store::held_elsewhere(&backend).is_some();
                if elsewhere.try_get_untracked() != Some(now) {
                    elsewhere.try_set(now);
                }
            }
        });
    }
    let s2 = session.clone();
    let history = LocalResource::new(move || {
        let s = s2.clone();
        async move {
            s.all_dags()
                .await
                .map(|d| Durations::from_dags(&d))
                .unwrap_or_default()
        }
    });
    let durations = Signal::derive(move || history.get().unwrap_or_default());
    let dag = runner.dag;
    // One graph for the page, fed the current step's task: its boxes are made under the page's
    // owner (not the effect's, whose next run would dispose them while drawn).
    let store_graph = GraphStore::new();
    let owner = Owner::current().expect("a page has an owner");
    Effect::new(move |_| {
        if let Some(d) = dag.get() {
            owner.with(|| store_graph.apply(&d));
        }
    });
    let doc = runner.doc;
    let progress = Memo::new(move |_| doc.with(PlanDoc::progress));
    // The failed task's operations stay mounted while the plan stops on it (a poll or a control
    // redrawn does not close an open confirmation).
    let failed_id = Memo::new(move |_| match progress.get() {
        Progress::Stopped(at) => doc.with(|d| match &d.steps[at].state {
            StepState::Failed { task_id } => Some(task_id.clone()),
            _ => None,
        }),
        _ => None,
    });
    let failed_view = {
        let (r, s) = (runner.clone(), session.clone());
        move || {
            failed_id.get().map(|id| {
                view! { <super::failed::FailedTask runner=r.clone() task_id=id session=s.clone()/> }
            })
        }
    };
    let replanned = RwSignal::new(None::<String>);
    let controls = {
        let runner = runner.clone();
        let session = session.clone();
        move || {
            controls(
                &runner,
                &session,
                progress.get(),
                elsewhere.get(),
                replanned,
            )
        }
    };
    let links = scope.links.clone();
    // The latest step's task; its graph is drawn once per task, fed by the runner's reads.
    let current_task = Memo::new(move |_| {
        doc.with(|d| {
            d.steps
                .iter()
                .enumerate()
                .rev()
                .find_map(|(i, s)| s.state.task_id().map(|id| (i, id.to_owned())))
        })
    });
    view! {
        <section class="plan" data-testid="plan-page">
            <h1>{move || doc.with(title)}</h1>
            <p data-testid="plan-progress">{move || doc.with(|d| fill(tx::t().progress, &[&d.done(), &d.steps.len()]))}</p>
            <div role="status" aria-live="polite" data-testid="plan-status">{move || status_text(progress.get(), runner.running.get(), elsewhere.get(), doc.with(|d| d.done() == 0 && d.steps.iter().all(|s| s.state == StepState::Pending)))}</div>
            {move || replanned.get().map(|t| view! { <p class="ok">{t}</p> })}
            {move || runner.applied_despite_error.get().map(|at| view! {
                <p class="ok" role="status" data-testid="plan-applied-despite-error">{fill(tx::t().applied_despite_error, &[&(at + 1)])}</p>
            })}
            {move || runner.error.get().map(|e| view! { <ErrorPanel error=e/> })}
            {failed_view}
            <div class="page-actions">{controls}</div>
            <section class="plan-current" style:display=move || if current_task.with(Option::is_some) { "" } else { "none" }>
                <h2>{move || current_task.get().map(|(at, _)| fill(tx::t().current_task, &[&(at + 1)]))}</h2>
                <p>{move || current_task.get().map(|(_, id)| view! { <a href=links.task(&id)>{tx::t().open_task}</a> })}</p>
                <div class="plan-graph">
                    <DagGraph store=store_graph selected=Signal::derive(|| None) on_select=Callback::new(|_| ()) current=Signal::derive(move || dag.with(|d| d.as_ref().map_or(0, |d| usize::try_from(d.stage).unwrap_or(1).saturating_sub(1))))/>
                </div>
            </section>
            <super::placement::PlacementTables doc=doc.into()/>
            <StepList doc=doc.into() durations=durations/>
        </section>
    }
}

fn status_text(progress: Progress, here: bool, elsewhere: bool, untouched: bool) -> String {
    let t = tx::t();
    if here {
        return t.running_here.to_owned();
    }
    if elsewhere {
        return t.running_elsewhere.to_owned();
    }
    match progress {
        Progress::Next(_) if untouched => t.not_started.to_owned(),
        Progress::Next(at) | Progress::Paused(at) => fill(t.paused, &[&(at + 1)]),
        Progress::Following(at) => fill(t.following, &[&(at + 1)]),
        Progress::OutcomeUnknown(at) => fill(t.unknown, &[&(at + 1)]),
        Progress::Stopped(_) => String::new(),
        Progress::Abandoned => t.abandoned.to_owned(),
        Progress::Finished => t.finished.to_owned(),
    }
}

fn controls(
    runner: &Runner,
    session: &crate::obshell::client::Session,
    progress: Progress,
    elsewhere: bool,
    replanned: RwSignal<Option<String>>,
) -> AnyView {
    let here = runner.running.get();
    let open = !matches!(progress, Progress::Finished | Progress::Abandoned);
    let (r1, r2, r3, s1, s2) = (
        runner.clone(),
        runner.clone(),
        runner.clone(),
        session.clone(),
        session.clone(),
    );
    let start = move |_| {
        r1.update(|d| d.paused = false);
        r1.start(s1.clone());
    };
    let pause = move |_| r2.update(|d| d.paused = true);
    let confirming = RwSignal::new(false);
    let abandon = move |_| {
        r3.update(|d| d.abandoned = true);
        confirming.set(false);
    };
    let stopped = match progress {
        Progress::Stopped(at) => Some(at),
        _ => None,
    };
    let failed_task = stopped.and_then(|at| {
        runner.doc.with(|d| match &d.steps[at].state {
            StepState::Failed { task_id } => Some(task_id.clone()),
            _ => None,
        })
    });
    let start_label = match progress {
        Progress::Next(_)
            if runner
                .doc
                .with(|d| d.steps.iter().all(|s| s.state == StepState::Pending)) =>
        {
            tx::t().start
        }
        Progress::OutcomeUnknown(_) => tx::t().look_again,
        _ => tx::t().resume,
    };
    let can_start = !here
        && !elsewhere
        && matches!(
            progress,
            Progress::Next(_)
                | Progress::Paused(_)
                | Progress::Following(_)
                | Progress::OutcomeUnknown(_)
        );
    let r4 = runner.clone();
    let replan = move |_| super::replan::replan(r4.clone(), s2.clone(), replanned);
    let stopped_text = stopped.map(|at| {
        if failed_task.is_some() {
            fill(tx::t().stopped_failed, &[&(at + 1)])
        } else {
            fill(tx::t().stopped_refused, &[&(at + 1)])
        }
    });
    let export = super::export::download_button(runner.doc);
    view! {
        {stopped_text.map(|t| view! { <p class="warn" role="alert" data-testid="plan-stopped">{t}</p> })}
        {can_start.then(|| view! { <button type="button" data-testid="plan-start" on:click=start>{start_label}</button> })}
        {(here && open).then(|| view! { <button type="button" class="secondary" on:click=pause>{tx::t().pause}</button> })}
        {(!here && !elsewhere && open && matches!(progress, Progress::Stopped(_) | Progress::OutcomeUnknown(_) | Progress::Paused(_))).then(|| view! {
            <button type="button" class="secondary" on:click=replan>{tx::t().replan}</button>
        })}
        {(open && !elsewhere).then(|| view! {
            <button type="button" class="secondary" on:click=move |_| confirming.set(true)>{tx::t().abandon}</button>
        })}
        {move || confirming.get().then(|| view! {
            <div role="alertdialog" aria-label=tx::t().abandon class="confirm">
                <p>{tx::t().abandon_confirm}</p>
                <button type="button" class="danger" on:click=abandon.clone()>{tx::t().abandon_yes}</button>
                <button type="button" class="secondary" on:click=move |_| confirming.set(false)>{tx::t().keep}</button>
            </div>
        })}
        {export}
    }
    .into_any()
}
