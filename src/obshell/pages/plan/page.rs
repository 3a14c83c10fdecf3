//! A plan's page: its steps and where it stands, the current step's task as a live graph, and
//! what the person can do now — start, pause after the running step, resume, abandon, act on a
//! failed task, plan the rest again from the state as it is, or export it as a script.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use obshell_protocol::obshell::model::task::TaskState;
use obshell_protocol::obshell::plan::{Goal, PlanDoc};

use super::runner::{AgentDriver, Runner};
use super::steps::StepList;
use crate::core::i18n::fill;
use crate::core::plan::{store, Durations};
use crate::obshell::context::expect_obshell;
use crate::ui::graph::{DagGraph, GraphStore};
use crate::ui::plan as plan_ui;

crate::texts! {
    /// A plan's page.
    mod tx {
        title_tenant: "Plan for tenant {0}" => "租户 {0} 的计划",
        title_scale_outs: "Plan: add servers {0}" => "计划：添加服务器 {0}",
        title_drain: "Plan: drain zone {0}" => "计划：清空 Zone {0}",
        missing: "No plan {0} is kept in this browser for this backend." => "此浏览器中没有此后端的计划 {0}。",
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
    let elsewhere = plan_ui::watch_elsewhere(&runner, scope.links.name().to_owned());
    let s2 = session.clone();
    let history = LocalResource::new(move || {
        let s = s2.clone();
        async move {
            s.all_dags()
                .await
                .map(|d| {
                    // Tasks that did not succeed are left out.
                    let succeeded = d.iter().filter(|d| d.state == TaskState::Succeed);
                    Durations::from_runs(
                        succeeded
                            .map(|d| (d.name.as_str(), d.start_time.as_str(), d.end_time.as_str())),
                    )
                })
                .unwrap_or_default()
        }
    });
    let durations = Signal::derive(move || history.get().unwrap_or_default());
    let dag = runner.task;
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
    // The failed task's operations stay mounted while the plan stops on it (a poll or a control
    // redrawn does not close an open confirmation).
    let failed_id = {
        let r = runner.clone();
        Memo::new(move |_| plan_ui::failed_task(&r))
    };
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
            let (r, s) = (runner.clone(), session.clone());
            let replan =
                Callback::new(move |()| super::replan::replan(r.clone(), s.clone(), replanned));
            plan_ui::controls(
                &runner,
                AgentDriver(session.clone()),
                elsewhere.get(),
                replan,
                super::export::download_button(runner.doc).into_any(),
            )
        }
    };
    let links = scope.links.clone();
    // The latest step's task; its graph is drawn once per task, fed by the runner's reads.
    let current_task = Memo::new(move |_| doc.with(|d| d.latest_task()));
    view! {
        <section class="plan" data-testid="plan-page">
            {plan_ui::header(&runner, vec![crate::obshell::sections::changes(&expect_obshell().links)], Signal::derive(move || doc.with(title)), elsewhere, replanned, applied_text)}
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

fn applied_text(step: usize) -> String {
    fill(tx::t().applied_despite_error, &[&step])
}
