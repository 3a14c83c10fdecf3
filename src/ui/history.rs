//! A task against its earlier runs (`core::history`), as a person reads it: the task's usual
//! time, the time left of a running task, "slow" where it runs far beyond its history, and each
//! step's usual time with its own time against it (a column of the steps list). Where there is
//! no history it says so, never a made-up figure. The backend reads the earlier runs and gives
//! its run on screen as a [`RunNow`].

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::core::history::estimate::{
    is_slow, step_usual, time_left, StepNow, StepUsual, TimeLeft,
};
use crate::core::history::History;
use crate::core::i18n::fill;
use crate::core::i18n::format::duration_secs;

crate::texts! {
    /// A task and its steps against their earlier runs.
    pub(crate) mod tx {
        reading: "Reading earlier runs of this task…" => "正在读取此任务以往的运行…",
        unknown: "Usual time unknown: this agent's earlier runs cannot be read." => "通常耗时未知：无法读取此 Agent 上以往的运行。",
        no_runs: "No earlier runs of this task on this agent." => "此 Agent 上没有此任务以往的运行。",
        usually: "Usually {0} (median of {1} earlier runs on this agent)" => "通常耗时 {0}（此 Agent 上以往 {1} 次运行的中位数）",
        usually_one: "Usually {0} (one earlier run on this agent)" => "通常耗时 {0}（此 Agent 上以往 1 次运行）",
        usually_unknown: "Usual time unknown (the earlier runs on this agent have no readable times)" => "通常耗时未知（此 Agent 上以往的运行没有可读的时间）",
        left: "about {0} left" => "预计剩余约 {0}",
        longer: "longer than usual" => "比平常久",
        longer_left: "longer than usual; about {0} left after the current step" => "比平常久；当前步骤之后预计剩余约 {0}",
        left_unknown: "time left unknown (a step has no earlier runs)" => "剩余时间未知（有步骤没有以往的运行）",
        slow_running: "⚠ slow: running for {0}, usually {1}" => "⚠ 缓慢：已运行 {0}，通常 {1}",
        slow_took: "⚠ slow: took {0}, usually {1}" => "⚠ 缓慢：耗时 {0}，通常 {1}",
        column: "Usually" => "通常耗时",
        step_usually: "usually {0}" => "通常 {0}",
        step_none: "no earlier runs" => "无以往运行",
        step_unknown: "unknown" => "未知",
        step_against: "{0}, usually {1}" => "{0}，通常 {1}",
        step_slow: "⚠ slow" => "⚠ 缓慢",
    }
}

/// What the backend knows of the earlier runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Usual {
    /// Being read.
    Reading,
    /// Cannot be read from this backend.
    Unknown,
    Known(History),
}

/// The run on screen: whether it runs, its time so far (taken, or run until now) and its steps,
/// each with the key of its row in the steps list (the node's id).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunNow {
    pub running: bool,
    pub secs: Option<i64>,
    pub steps: Vec<(String, StepNow)>,
}

/// Each step against its history, by row key; `None` until the history is known.
pub fn steps_in_context(usual: &Usual, run: &RunNow) -> Option<BTreeMap<String, StepUsual>> {
    let Usual::Known(history) = usual else {
        return None;
    };
    Some(
        run.steps
            .iter()
            .map(|(key, step)| (key.clone(), step_usual(history, step)))
            .collect(),
    )
}

/// What the steps list's column shows: the history as a whole, and each step against it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepsUsual {
    pub usual: Usual,
    pub steps: BTreeMap<String, StepUsual>,
}

impl StepsUsual {
    pub fn of(usual: Usual, run: &RunNow) -> Self {
        let steps = steps_in_context(&usual, run).unwrap_or_default();
        Self { usual, steps }
    }
}

/// The task's line: its usual time, the time left while it runs, and "slow".
#[component]
pub fn HistoryLine(usual: Signal<Usual>, run: Signal<RunNow>) -> impl IntoView {
    let said = move || {
        let t = tx::t();
        usual.with(|u| match u {
            Usual::Reading => t.reading.to_owned(),
            Usual::Unknown => t.unknown.to_owned(),
            Usual::Known(h) if h.runs() == 0 => t.no_runs.to_owned(),
            Usual::Known(h) => match h.task() {
                Some(secs) if h.runs() == 1 => fill(t.usually_one, &[&duration_secs(secs)]),
                Some(secs) => fill(t.usually, &[&duration_secs(secs), &h.runs()]),
                None => t.usually_unknown.to_owned(),
            },
        })
    };
    let left = move || {
        let t = tx::t();
        let text = usual.with(|u| match u {
            Usual::Known(h) if h.runs() > 0 => run.with(|r| {
                r.running.then(|| match time_left(h, &steps_of(r)) {
                    TimeLeft::Unknown => t.left_unknown.to_owned(),
                    TimeLeft::About { secs, over: false } => fill(t.left, &[&duration_secs(secs)]),
                    TimeLeft::About {
                        secs: 0,
                        over: true,
                    } => t.longer.to_owned(),
                    TimeLeft::About { secs, over: true } => {
                        fill(t.longer_left, &[&duration_secs(secs)])
                    }
                })
            }),
            _ => None,
        })?;
        Some(view! { " · "<span data-testid="task-left">{text}</span> })
    };
    let slow_text = move || {
        let t = tx::t();
        usual.with(|u| match u {
            Usual::Known(h) => run.with(|r| {
                let (secs, usual) = (r.secs?, h.task()?);
                let words = if r.running {
                    t.slow_running
                } else {
                    t.slow_took
                };
                is_slow(secs, usual)
                    .then(|| fill(words, &[&duration_secs(secs), &duration_secs(usual)]))
            }),
            _ => None,
        })
    };
    // A running task that becomes slow is said once (a task that ended slow is only shown).
    let slow_now = Memo::new(move |_| slow_text().is_some());
    Effect::new(move |was: Option<bool>| {
        let now = slow_now.get();
        if was == Some(false) && now && run.with_untracked(|r| r.running) {
            if let Some(text) = untrack(slow_text) {
                crate::core::keys::say(text);
            }
        }
        now
    });
    let slow = move || {
        let text = slow_text()?;
        Some(view! { " · "<strong class="warn" data-testid="task-slow">{text}</strong> })
    };
    view! {
        <p class="summary muted" data-testid="task-history">
            <span data-testid="task-usual">{said}</span>{left}{slow}
        </p>
    }
}

fn steps_of(run: &RunNow) -> Vec<StepNow> {
    run.steps.iter().map(|(_, s)| s.clone()).collect()
}

/// A step's cell of the steps list: its usual time, its own time against it as a bar (its name
/// says the same), and "slow"; or why there is no usual time.
pub fn step_cell(usual: &StepsUsual, key: &str) -> impl IntoView {
    let t = tx::t();
    let step = usual.steps.get(key).copied();
    match (&usual.usual, step.and_then(|s| s.usual)) {
        (Usual::Reading, _) => ().into_any(),
        (Usual::Known(h), None) if h.runs() == 0 => {
            view! { <span class="muted">{t.step_none}</span> }.into_any()
        }
        (_, None) => view! { <span class="muted">{t.step_unknown}</span> }.into_any(),
        (_, Some(typical)) => {
            let secs = step.and_then(|s| s.secs);
            let slow = step.is_some_and(|s| s.slow);
            let bar = secs.map(|secs| {
                let name = fill(t.step_against, &[&duration_secs(secs), &duration_secs(typical)]);
                let max = (2 * typical).max(secs).max(1);
                view! {
                    <meter min="0" max=max.to_string() low=typical.to_string() high=(2 * typical).max(1).to_string()
                        optimum="0" value=secs.to_string() aria-label=name></meter>" "
                }
            });
            view! {
                {bar}
                <span>{fill(t.step_usually, &[&duration_secs(typical)])}</span>
                {slow.then(|| view! { " "<strong class="warn" data-testid="step-slow">{t.step_slow}</strong> })}
            }
            .into_any()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::history::estimate::Progress;
    use crate::core::history::{Run, StepKey};

    #[test]
    fn steps_are_put_in_context_by_their_row_key_once_the_history_is_known() {
        let run = Run {
            id: "11".into(),
            took: Some(10),
            steps: vec![("A".into(), Some(10))],
        };
        let now = RunNow {
            running: true,
            secs: Some(50),
            steps: vec![(
                "12".into(),
                StepNow {
                    key: StepKey::all(["A"]).remove(0),
                    progress: Progress::Running(45),
                },
            )],
        };
        assert_eq!(steps_in_context(&Usual::Reading, &now), None);
        let known = Usual::Known(History::of(&[run], "12"));
        let steps = steps_in_context(&known, &now).expect("known");
        assert_eq!(
            steps.get("12"),
            Some(&StepUsual {
                usual: Some(10),
                secs: Some(45),
                slow: true
            })
        );
    }
}
