//! What a plan's page shows on either backend (docs/protocol/plans.md): where the plan stands in
//! words, the controls (start, resume, pause after the running step, plan again, abandon), and
//! whether another tab of this browser runs it. The backend's page adds its title, steps and
//! task graph.

use std::time::Duration;

use leptos::prelude::*;

use crate::ui::components::{Crumb, PageHeader};
use obshell_protocol::plan::{Progress, StepState};

use crate::core::i18n::fill;
use crate::core::plan::{store, Driver, Runner};
use crate::core::poll::sleep;

crate::texts! {
    /// A plan's status and controls.
    pub mod tx {
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
        finished: "The plan is done: every step's task succeeded and the backend shows its change." => "计划已完成：每一步的任务都已成功，且后端显示了相应变更。",
        abandoned: "This plan was abandoned." => "此计划已被放弃。",
        stopped_failed: "Stopped at step {0}: its task did not end with the change. Retry, roll back or pass the task below (or on its page); the plan follows it again, then waits for you to continue." => "在第 {0} 步停止：其任务结束时未见变更。可在下方（或任务页面）重试、回滚或跳过该任务；计划会再次跟踪它，然后等待您继续。",
        stopped_refused: "Stopped at step {0}: the step was refused before any task started, so nothing changed. Plan again from the state as it is now." => "在第 {0} 步停止：该步骤在任务启动前被拒绝，没有任何变更。请基于当前状态重新规划。",
        unknown: "Step {0}: the backend's answer never arrived, and no task for it has been found. The step is never sent again: look for its task, or plan again from the state as it is (a change that was made is then not repeated)." => "第 {0} 步：后端的应答没有到达，也未找到对应任务。该步骤不会再次发送：请查找其任务，或基于当前状态重新规划（已生效的变更不会重复）。",
        replanned: "Planned again: {0} step(s) left." => "已重新规划：剩余 {0} 步。",
        replan_nothing: "Everything the plan wanted is in place already." => "计划的目标已全部达成。",
        took: "Such tasks took {0} on this backend (median of {1})." => "此类任务在此后端上耗时 {0}（{1} 次的中位数）。",
        took_unknown: "No earlier run of this task on this backend: its duration is unknown." => "此后端上没有此类任务的历史记录：耗时未知。",
        resume_offer: "A change plan was left unfinished in this browser: {0} ({1}/{2} steps). Open it to resume." => "此浏览器中有未完成的变更计划：{0}（{1}/{2} 步）。打开即可继续。",
        open_plan: "Open the plan" => "打开计划",
        following: "Step {0}'s task was running when last seen, and nothing follows it now: Resume to follow it (nothing is sent again)." => "第 {0} 步的任务上次查看时仍在运行，目前没有跟踪：点击“继续”即可跟踪它（不会重新发送）。",
    }
}

/// Whether another tab holds the lease on `backend`'s plans, read again every few seconds; a
/// plan this tab does not run is reloaded meanwhile, so another tab's progress shows here.
pub fn watch_elsewhere<D: Driver>(runner: &Runner<D>, backend: String) -> RwSignal<bool> {
    let elsewhere = RwSignal::new(store::held_elsewhere(&backend).is_some());
    {
        let r = runner.clone();
        on_cleanup(move || r.leave());
    }
    let r = runner.clone();
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
    elsewhere
}

/// The top of a plan's page: its head (the pages above it in `trail`), how many steps are done, where it stands (a live
/// region), what planning again said, a step the backend applied despite an error answer
/// (`applied` says it for step n), and the last error with the backend's code, message and
/// trace id.
pub fn header<D: Driver>(
    runner: &Runner<D>,
    trail: Vec<Crumb>,
    title: Signal<String>,
    elsewhere: RwSignal<bool>,
    replanned: RwSignal<Option<String>>,
    applied: fn(usize) -> String,
) -> impl IntoView {
    let (r_status, r_progress) = (runner.clone(), runner.clone());
    let (applied_at, error) = (runner.applied_despite_error, runner.error);
    view! {
        <PageHeader trail=trail title=title/>
        <p data-testid="plan-progress">{move || progress_text(&r_progress)}</p>
        <div role="status" aria-live="polite" data-testid="plan-status">{move || status_text(&r_status, elsewhere.get())}</div>
        {move || replanned.get().map(|t| view! { <p class="ok">{t}</p> })}
        {move || applied_at.get().map(|at| view! {
            <p class="ok" role="status" data-testid="plan-applied-despite-error">{applied(at + 1)}</p>
        })}
        {move || error.get().map(|e| view! { <crate::ui::components::ErrorPanel error=e/> })}
    }
}

/// What "Plan again from here" says once it left `left` steps.
pub fn replanned_text(left: usize) -> String {
    if left == 0 {
        tx::t().replan_nothing.to_owned()
    } else {
        fill(tx::t().replanned, &[&left])
    }
}

/// The class of a step's row: done, running, stopped or pending.
pub fn step_class(state: &StepState) -> &'static str {
    match state {
        StepState::Done { .. } => "step done",
        StepState::Running { .. } | StepState::Sending { .. } => "step running",
        StepState::Failed { .. } | StepState::Refused { .. } | StepState::Unknown { .. } => {
            "step stopped"
        }
        StepState::Pending => "step pending",
    }
}

/// How long such a task took before (median seconds and runs), or that it is unknown.
pub fn took_text(took: Option<(i64, usize)>) -> String {
    match took {
        Some((secs, runs)) => fill(
            tx::t().took,
            &[&crate::core::i18n::format::duration_secs(secs), &runs],
        ),
        None => tx::t().took_unknown.to_owned(),
    }
}

/// "3 of 5 steps done".
pub fn progress_text<D: Driver>(runner: &Runner<D>) -> String {
    runner
        .doc
        .with(|d| fill(tx::t().progress, &[&d.done(), &d.steps.len()]))
}

/// Where the plan stands, in words (the live region's text).
pub fn status_text<D: Driver>(runner: &Runner<D>, elsewhere: bool) -> String {
    let t = tx::t();
    if runner.running.get() {
        return t.running_here.to_owned();
    }
    if elsewhere {
        return t.running_elsewhere.to_owned();
    }
    let (progress, untouched) = runner.doc.with(|d| {
        (
            d.progress(),
            d.steps.iter().all(|s| s.state == StepState::Pending),
        )
    });
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

/// The step the plan stopped on, when its task failed: the task's id.
pub fn failed_task<D: Driver>(runner: &Runner<D>) -> Option<String> {
    runner.doc.with(|d| match d.progress() {
        Progress::Stopped(at) => match &d.steps[at].state {
            StepState::Failed { task_id } => Some(task_id.clone()),
            _ => None,
        },
        _ => None,
    })
}

/// The controls for the plan as it stands: `driver` runs it in this tab, `replan` plans the rest
/// again from the state as it is, `extra` goes last (an export).
pub fn controls<D: Driver>(
    runner: &Runner<D>,
    driver: D,
    elsewhere: bool,
    replan: Callback<()>,
    extra: AnyView,
) -> AnyView {
    let progress = runner.doc.with(|d| d.progress());
    let here = runner.running.get();
    let open = !matches!(progress, Progress::Finished | Progress::Abandoned);
    let (r1, r2, r3) = (runner.clone(), runner.clone(), runner.clone());
    let start = move |_| {
        r1.update(|d| d.paused = false);
        r1.start(driver.clone());
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
    let untouched = runner
        .doc
        .with(|d| d.steps.iter().all(|s| s.state == StepState::Pending));
    let start_label = match progress {
        Progress::Next(_) if untouched => tx::t().start,
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
    let stopped_text = stopped.map(|at| {
        let text = if failed_task(runner).is_some() {
            tx::t().stopped_failed
        } else {
            tx::t().stopped_refused
        };
        fill(text, &[&(at + 1)])
    });
    let can_replan = !here
        && !elsewhere
        && open
        && matches!(
            progress,
            Progress::Stopped(_) | Progress::OutcomeUnknown(_) | Progress::Paused(_)
        );
    view! {
        {stopped_text.map(|t| view! { <p class="warn" role="alert" data-testid="plan-stopped">{t}</p> })}
        {can_start.then(|| view! { <button type="button" data-testid="plan-start" on:click=start>{start_label}</button> })}
        {(here && open).then(|| view! { <button type="button" class="secondary" on:click=pause>{tx::t().pause}</button> })}
        {can_replan.then(|| view! {
            <button type="button" class="secondary" on:click=move |_| replan.run(())>{tx::t().replan}</button>
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
        {extra}
    }
    .into_any()
}

/// The offer to resume an unfinished plan: `what` it is, how far it got, and where it is.
#[component]
pub fn ResumeOffer(
    #[prop(into)] what: Signal<String>,
    done: usize,
    total: usize,
    href: String,
) -> impl IntoView {
    view! {
        <p class="notice" role="status" data-testid="plan-resume-offer">
            {move || fill(tx::t().resume_offer, &[&what.get(), &done, &total])}
            " "<a href=href>{move || tx::t().open_plan}</a>
        </p>
    }
}
