//! A plan stopped on a failed task: the task's own Retry / Roll back / Pass (with their
//! confirmations, as on its page). When the task runs again the plan follows it, and waits for
//! the person to continue once it ends.

use leptos::prelude::*;
use obshell_protocol::obshell::model::task::DagDetail;
use obshell_protocol::obshell::plan::StepState;

use super::runner::Runner;
use crate::core::poll::use_poller;
use crate::obshell::client::Session;
use crate::obshell::task::operations::Operations;

#[component]
pub fn FailedTask(runner: Runner, task_id: String, session: Session) -> impl IntoView {
    let dag = RwSignal::new(None::<DagDetail>);
    let id = task_id.clone();
    let poller = use_poller(move || {
        let (s, id) = (session.clone(), id.clone());
        async move {
            match s.dag(&id).await {
                Ok(d) => {
                    let failed =
                        d.state == obshell_protocol::obshell::model::task::TaskState::Failed;
                    dag.set(Some(d));
                    // Stop reading once the task runs again: the runner follows it then.
                    Ok(!failed)
                }
                Err(_) => Err(()),
            }
        }
    });
    let (r, s) = (runner.clone(), expect_session());
    Effect::new(move |_| {
        let Some(d) = dag.get() else { return };
        if d.state == obshell_protocol::obshell::model::task::TaskState::Failed {
            return;
        }
        // Not while this panel is drawn: following the task again removes it, so the operation
        // that woke it finishes first.
        let (r, s) = (r.clone(), s.clone());
        leptos::task::spawn_local(async move {
            crate::core::poll::sleep(std::time::Duration::from_millis(300)).await;
            let failed = StepState::Failed {
                task_id: d.id.clone(),
            };
            let Some(at) = r.current().steps.iter().position(|st| st.state == failed) else {
                return;
            };
            r.update(|doc| {
                doc.steps[at].state = StepState::Running {
                    task_id: d.id.clone(),
                };
                doc.paused = true;
            });
            r.start(super::runner::AgentDriver(s));
        });
    });
    view! {
        <div class="plan-failed" data-testid="plan-failed-task">
            <Operations dag=dag poller=poller/>
        </div>
    }
}

fn expect_session() -> Session {
    crate::obshell::context::expect_obshell().session
}
