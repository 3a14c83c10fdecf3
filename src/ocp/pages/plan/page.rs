//! An OCP plan's page (docs/protocol/ocp.md §4.6): its steps and where it stands, the current
//! step's task as a live graph with the task's own Retry and Roll back when it failed, and the
//! controls every plan has ([`crate::ui::plan`]). "Plan again from here" plans the tenant's
//! target afresh from the state as it is: a change that happened is not repeated.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use obshell_protocol::ocp::plan::{plan_ocp, OcpPlanDoc};
use obshell_protocol::ocp::TaskStatus;
use obshell_protocol::plan::StepState;

use super::driver::{OcpDriver, OcpRunner};
use super::steps::OcpStepList;
use crate::core::i18n::fill;
use crate::core::plan::{store, Durations};
use crate::ocp::expect_ocp;
use crate::ocp::task::graph::graph_of_task;
use crate::ocp::task::operations::TaskOps;
use crate::ui::graph::{DagGraph, GraphStore};
use crate::ui::plan as plan_ui;

crate::texts! {
    /// An OCP plan's page.
    mod tx {
        title: "Plan for tenant {0}" => "租户 {0} 的计划",
        title_move: "Plan for tenant {0}: move {1} → {2}" => "租户 {0} 的计划：迁移 {1} → {2}",
        missing: "No plan {0} is kept in this browser for this backend." => "此浏览器中没有此后端的计划 {0}。",
        current_task: "Step {0}'s task" => "第 {0} 步的任务",
        open_task: "Open the task" => "打开任务",
        applied_despite_error: "Step {0}: OCP answered with an error, but the tenant, read back, shows the new primary zone: the change was applied." => "第 {0} 步：OCP 返回了错误，但回读租户显示 Primary Zone 已是新值：变更已生效。",
    }
}

#[component]
pub fn OcpPlanPage() -> impl IntoView {
    let id = use_params_map()
        .read_untracked()
        .get("id")
        .unwrap_or_default();
    let ocp = expect_ocp();
    match store::load(&ocp.name(), &id) {
        Some(doc) => plan_view(doc).into_any(),
        None => view! { <p class="muted" data-testid="plan-missing">{move || fill(tx::t().missing, &[&id])}</p> }.into_any(),
    }
}

fn title(doc: &OcpPlanDoc) -> String {
    let g = &doc.goal;
    match &g.moved {
        Some((from, to)) => fill(tx::t().title_move, &[&g.tenant, from, to]),
        None => fill(tx::t().title, &[&g.tenant]),
    }
}

/// Plans the rest again from the tenant as it is now; the outcome, in words, goes to `said`.
fn replan(runner: OcpRunner, driver: OcpDriver, said: RwSignal<Option<String>>) {
    let goal = runner.current().goal;
    leptos::task::spawn_local(async move {
        let s = &driver.0;
        let read = async {
            Ok::<_, crate::core::error::ApiError>((
                s.tenant(goal.cluster_id, goal.tenant_id).await?,
                s.cluster(goal.cluster_id).await?,
                s.unit_specs().await?,
            ))
        };
        let (tenant, cluster, specs) = match read.await {
            Ok(read) => read,
            Err(e) => {
                runner.error.try_set(Some(e));
                return;
            }
        };
        match plan_ocp(&tenant, &goal.target, &cluster, &specs) {
            Ok(steps) => {
                let fresh = super::reshape::steps_of(&goal, &specs, &steps);
                let left = runner.replace_rest(fresh);
                said.try_set(Some(plan_ui::replanned_text(left)));
            }
            Err(refusal) => {
                said.try_set(Some(super::reshape::refusal_text(&refusal)));
            }
        }
    });
}

fn plan_view(doc: OcpPlanDoc) -> impl IntoView {
    let ocp = expect_ocp();
    let driver = OcpDriver(ocp.session());
    let runner = OcpRunner::new(doc);
    let elsewhere = plan_ui::watch_elsewhere(&runner, ocp.name());
    let task = runner.task;
    // One graph for the page, fed the current step's task: its boxes are made under the page's
    // owner (not the effect's, whose next run would dispose them while drawn).
    let graph = GraphStore::new();
    let owner = Owner::current().expect("a page has an owner");
    Effect::new(move |_| {
        if let Some((boxes, edges)) = task.with(|t| t.as_ref().map(graph_of_task)) {
            owner.with(|| graph.apply_boxes(boxes, edges));
        }
    });
    let doc = runner.doc;
    let s = driver.0.clone();
    let history = LocalResource::new(move || {
        let s = s.clone();
        async move {
            let tasks = s
                .tasks(Some(TaskStatus::Successful))
                .await
                .map(|p| p.contents)
                .unwrap_or_default();
            Durations::from_runs(tasks.iter().filter_map(|t| {
                Some((
                    t.name.as_str(),
                    t.start_time.as_deref()?,
                    t.finish_time.as_deref()?,
                ))
            }))
        }
    });
    let durations = Signal::derive(move || history.get().unwrap_or_default());
    let replanned = RwSignal::new(None::<String>);
    let failed = {
        let r = runner.clone();
        Memo::new(move |_| plan_ui::failed_task(&r))
    };
    // After a retry or a roll back the plan follows the task again (nothing is sent again).
    let after_op = {
        let (r, d) = (runner.clone(), driver.clone());
        Callback::new(move |()| {
            if let Some(id) = failed.get_untracked() {
                r.update(|doc| {
                    if let Some(s) = doc.steps.iter_mut().find(|s| {
                        s.state
                            == StepState::Failed {
                                task_id: id.clone(),
                            }
                    }) {
                        s.state = StepState::Running {
                            task_id: id.clone(),
                        };
                    }
                    doc.paused = true;
                });
                r.start(d.clone());
            }
        })
    };
    let controls = {
        let (runner, driver) = (runner.clone(), driver.clone());
        move || {
            let (r, d) = (runner.clone(), driver.clone());
            let again = Callback::new(move |()| replan(r.clone(), d.clone(), replanned));
            plan_ui::controls(
                &runner,
                driver.clone(),
                elsewhere.get(),
                again,
                ().into_any(),
            )
        }
    };
    let current = Memo::new(move |_| doc.with(|d| d.latest_task()));
    let links = ocp.links();
    let trail = doc.with_untracked(|d| {
        let g = &d.goal;
        crate::ocp::sections::tenant(&links, (g.cluster_id, None), (g.tenant_id, &g.tenant))
    });
    view! {
        <section class="plan" data-testid="plan-page">
            {plan_ui::header(&runner, trail, Signal::derive(move || doc.with(title)), elsewhere, replanned, applied_text)}
            {move || failed.get().is_some().then(|| view! { <TaskOps task=task after_op=after_op/> })}
            <div class="page-actions">{controls}</div>
            <section class="plan-current" style:display=move || if current.with(Option::is_some) { "" } else { "none" }>
                <h2>{move || current.get().map(|(at, _)| fill(tx::t().current_task, &[&(at + 1)]))}</h2>
                <p>{move || current.get().map(|(_, id)| view! { <a href=links.task(id.parse().unwrap_or_default())>{tx::t().open_task}</a> })}</p>
                <div class="plan-graph">
                    <DagGraph store=graph selected=Signal::derive(|| None) on_select=Callback::new(|_| ()) current=Signal::derive(|| 0)/>
                </div>
            </section>
            <OcpStepList doc=doc.into() durations=durations/>
        </section>
    }
}

fn applied_text(step: usize) -> String {
    fill(tx::t().applied_despite_error, &[&step])
}
