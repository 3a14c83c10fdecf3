//! "Plan again from here": the rest of a plan worked out again from the state as it is now
//! (docs/protocol/obshell.md §4.14). The steps done stay for the record; each tenant's target is
//! planned afresh, so a change that did happen is not repeated; the cluster's steps not done
//! (scale-outs, scale-ins) are kept, to be checked again before each is sent — one whose answer
//! was lost stays "outcome unknown", never sent again.

use leptos::prelude::*;
use obshell_protocol::obshell::plan::{plan, Goal, PlanStep, StepState};

use super::reshape::{refusal_text, steps_of};
use super::runner::Runner;
use crate::core::i18n::fill;
use crate::obshell::client::Session;
use crate::obshell::pages::replicas::load_context;

crate::texts! {
    /// Planning again.
    mod tx {
        refused: "Tenant {0}: {1}" => "租户 {0}：{1}",
    }
}

/// Plans the rest of the plan `runner` shows; the outcome, in words, goes to `said`.
pub fn replan(runner: Runner, session: Session, said: RwSignal<Option<String>>) {
    let doc = runner.current();
    let targets = match doc.goal.clone() {
        Goal::Tenant { tenant, target, .. } => vec![(tenant, target)],
        Goal::Drain { tenants, .. } => tenants.into_iter().map(|t| (t.tenant, t.target)).collect(),
        Goal::ScaleOuts => Vec::new(),
    };
    leptos::task::spawn_local(async move {
        let mut fresh: Vec<PlanStep> = Vec::new();
        for (tenant, target) in targets {
            let ctx = match load_context(session.clone(), tenant.clone()).await {
                Ok(ctx) => ctx,
                Err(e) => {
                    runner.error.try_set(Some(e));
                    return;
                }
            };
            match plan(&ctx.tenant, &target, &ctx.topology) {
                Ok(p) => fresh.extend(steps_of(&tenant, &p)),
                Err(refusal) => {
                    said.try_set(Some(fill(
                        tx::t().refused,
                        &[&tenant, &refusal_text(&refusal)],
                    )));
                    return;
                }
            }
        }
        let cluster_rest: Vec<PlanStep> = doc
            .steps
            .iter()
            .filter(|s| s.change.tenant().is_none() && !s.state.is_done())
            .map(|s| match s.state {
                StepState::Sending { .. }
                | StepState::Unknown { .. }
                | StepState::Running { .. } => s.clone(),
                _ => PlanStep {
                    state: StepState::Pending,
                    ..s.clone()
                },
            })
            .collect();
        fresh.extend(cluster_rest);
        let left = runner.replace_rest(fresh);
        said.try_set(Some(crate::ui::plan::replanned_text(left)));
    });
}
