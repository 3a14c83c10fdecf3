//! The task's heading and summary line, updated in place; the duration ticks every second
//! while the task runs.

use std::time::Duration;

use leptos::prelude::*;

use crate::ui::components::PageHeader;
use obshell_protocol::obshell::model::task::{DagDetail, TaskOperator, TaskState};

use super::seconds_between;
use crate::core::i18n::format::{datetime_rfc3339, duration_secs};
use crate::core::i18n::{fill, gloss, StateWord};
use crate::ui::graph::model::{operator_label, state_cue};

crate::texts! {
    /// The task's summary line.
    pub(super) mod tx {
        task: "task {0}" => "任务 {0}",
        cue: " ({0})" => "（{0}）",
        operator: "{0} ({1})" => "{0}（{1}）",
        stage: "stage {0} of {1}" => "阶段 {0} / {1}",
        started: "started {0}" => "开始于 {0}",
    }
}

/// The part of a DAG the summary shows.
#[derive(Debug, Clone, PartialEq)]
pub struct DagHead {
    pub id: String,
    pub name: String,
    pub state: TaskState,
    pub operator: TaskOperator,
    pub stage: i64,
    pub max_stage: i64,
    pub start_time: String,
    pub end_time: String,
}

impl Default for DagHead {
    fn default() -> Self {
        Self {
            id: String::new(),
            name: String::new(),
            state: TaskState::Pending,
            operator: TaskOperator::Run,
            stage: 1,
            max_stage: 1,
            start_time: String::new(),
            end_time: String::new(),
        }
    }
}

impl DagHead {
    pub fn of(d: &DagDetail) -> Self {
        Self {
            id: d.id.clone(),
            name: d.name.clone(),
            state: d.state,
            operator: d.operator,
            stage: d.stage,
            max_stage: d.max_stage,
            start_time: d.start_time.clone(),
            end_time: d.end_time.clone(),
        }
    }
}

#[component]
pub fn Summary(head: Memo<DagHead>) -> impl IntoView {
    let (tick, set_tick) = signal(0u32);
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if !head.with_untracked(|h| h.state.is_final()) {
                set_tick.update(|t| *t += 1);
            }
        },
        Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    let duration = move || {
        tick.get();
        head.with(|h| {
            let end = h.state.is_final().then_some(h.end_time.as_str());
            seconds_between(&h.start_time, end)
                .map(duration_secs)
                .unwrap_or_else(|| "–".to_owned())
        })
    };
    // The agent's word with its gloss; the console's own word only where there is no gloss.
    let glyph = move || head.with(|h| format!("{} ", state_cue(h.state).0));
    let word = Memo::new(move |_| head.with(|h| h.state.as_str().to_owned()));
    let cue = move || {
        head.with(|h| {
            gloss(h.state.as_str())
                .is_none()
                .then(|| fill(tx::t().cue, &[&state_cue(h.state).1]))
        })
    };
    let state_class =
        move || head.with(|h| format!("state state-{}", h.state.as_str().to_ascii_lowercase()));
    view! {
        <PageHeader trail=vec![crate::obshell::sections::tasks(&crate::obshell::context::expect_obshell().links)]
            title=Signal::derive(move || head.with(|h| h.name.clone())) testid="task-name"/>
        <p class="summary" data-testid="task-summary">
            <span data-testid="task-id">{move || head.with(|h| fill(tx::t().task, &[&h.id]))}</span>" · "
            <span data-testid="task-state" class=state_class>{glyph}{move || view! { <StateWord word=word.get()/> }}</span>
            <span class="muted">{cue}</span>" · "
            <span data-testid="task-operator">{move || head.with(|h| fill(tx::t().operator, &[&h.operator.as_str(), &operator_label(h.operator)]))}</span>" · "
            <span data-testid="task-stage">{move || head.with(|h| fill(tx::t().stage, &[&h.stage, &h.max_stage]))}</span>" · "
            {move || head.with(|h| fill(tx::t().started, &[&datetime_rfc3339(&h.start_time)]))}" · "
            <span data-testid="task-duration">{duration}</span>
        </p>
    }
}
