//! Runs a plan one task at a time (docs/protocol/obshell.md §4.14): before each step a fresh read
//! and the step's rule again ([`super::recheck`]); the step written as "sending" before its
//! request leaves; its task followed until it ends; the read-back deciding whether it is done. A
//! lost answer is never followed by a second send: the agent's task lists are searched for the
//! task instead.

use std::time::Duration;

use leptos::prelude::*;
use obshell_protocol::obshell::model::task::DagDetail;
use obshell_protocol::obshell::plan::{after_task, PlanDoc, Progress, StepState};

use super::checks;
use super::store;
use crate::core::error::ApiError;
use crate::core::poll::sleep;
use crate::obshell::client::Session;
use crate::obshell::pages::lost_answer::{find_started, LostRequest};

/// How often a running step's task is read.
const FOLLOW_EVERY: Duration = Duration::from_secs(2);

/// A plan shown (and perhaps run) by this tab. The document itself lives outside the page's
/// reactive owner, so a step's answer that arrives after the page was left is still kept; the
/// signals only show it.
#[derive(Debug, Clone)]
pub struct Runner {
    truth: std::sync::Arc<std::sync::Mutex<PlanDoc>>,
    /// The page has gone: the loop ends at its next turn.
    alive: std::sync::Arc<std::sync::atomic::AtomicBool>,
    pub doc: RwSignal<PlanDoc>,
    /// The current step's task as last read (for the graph).
    pub dag: RwSignal<Option<DagDetail>>,
    /// The last refusal or failure of a call the runner made, with the backend's code,
    /// message and trace id.
    pub error: RwSignal<Option<ApiError>>,
    /// This tab is running the plan now.
    pub running: RwSignal<bool>,
    /// A primary-zone step answered with an error although the tenant then showed the change
    /// (the agent applies it before it takes the tenant's lock).
    pub applied_despite_error: RwSignal<Option<usize>>,
}

impl Runner {
    pub fn new(doc: PlanDoc) -> Self {
        Self {
            truth: std::sync::Arc::new(std::sync::Mutex::new(doc.clone())),
            alive: std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true)),
            doc: RwSignal::new(doc),
            dag: RwSignal::new(None),
            error: RwSignal::new(None),
            running: RwSignal::new(false),
            applied_despite_error: RwSignal::new(None),
        }
    }

    fn doc_ref(&self) -> std::sync::MutexGuard<'_, PlanDoc> {
        self.truth
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn doc_mut(&self) -> std::sync::MutexGuard<'_, PlanDoc> {
        self.doc_ref()
    }

    fn read<R>(&self, f: impl FnOnce(&PlanDoc) -> R) -> R {
        f(&self.doc_ref())
    }

    /// The document as it is now.
    pub fn current(&self) -> PlanDoc {
        self.doc_ref().clone()
    }

    /// Changes the document, keeps it and shows it.
    pub fn update(&self, f: impl FnOnce(&mut PlanDoc)) {
        f(&mut self.doc_mut());
        let doc = self.current();
        store::save(&doc);
        self.doc.try_set(doc);
    }

    /// Replaces the document by what another tab stored.
    pub fn reload(&self) {
        let (backend, id) = {
            let d = self.doc_ref();
            (d.backend.clone(), d.id.clone())
        };
        if let Some(stored) = store::load(&backend, &id) {
            if stored != *self.doc_ref() {
                *self.doc_mut() = stored.clone();
                self.doc.try_set(stored);
            }
        }
    }

    /// The page is leaving: the loop stops after the call it is in (the plan stays as stored).
    pub fn leave(&self) {
        self.alive
            .store(false, std::sync::atomic::Ordering::Relaxed);
    }

    fn set_step(&self, at: usize, state: StepState) {
        self.update(|d| d.steps[at].state = state);
    }

    /// Starts (or resumes) running in this tab, unless another tab holds the backend's lease.
    /// `false` when it did not start.
    pub fn start(&self, session: Session) -> bool {
        match self.running.try_get_untracked() {
            Some(false) => {}
            Some(true) => return true,
            // The page has gone.
            None => return false,
        }
        let (backend, id) = {
            let d = self.doc_ref();
            (d.backend.clone(), d.id.clone())
        };
        if !store::take_lease(&backend, &id) {
            return false;
        }
        self.running.try_set(true);
        let this = self.clone();
        leptos::task::spawn_local(async move {
            // Two tabs that took the lease at the same instant: one of them sees the other's.
            sleep(Duration::from_millis(300)).await;
            if store::still_mine(&backend, &id) {
                this.run(&session, &backend, &id).await;
            }
            store::release_lease(&backend);
            this.running.try_set(false);
        });
        true
    }

    async fn run(&self, s: &Session, backend: &str, id: &str) {
        loop {
            if !self.alive.load(std::sync::atomic::Ordering::Relaxed)
                || !store::take_lease(backend, id)
            {
                return;
            }
            // The page may have written the document meanwhile (a pause, an abandon).
            self.reload();
            let progress = self.doc_ref().progress();
            let carry_on = match progress {
                Progress::Next(at) => self.send(s, at).await,
                Progress::Following(at) => self.follow(s, at).await,
                Progress::OutcomeUnknown(at) => self.look_for_task(s, at).await,
                Progress::Stopped(_)
                | Progress::Paused(_)
                | Progress::Abandoned
                | Progress::Finished => false,
            };
            if !carry_on {
                return;
            }
        }
    }

    /// Whether the backend shows what step `at` expects, from a fresh read.
    async fn shows_now(&self, s: &Session, at: usize) -> Result<bool, ApiError> {
        let (change, expect) =
            self.read(|d| (d.steps[at].change.clone(), d.steps[at].expect.clone()));
        checks::shows(s, &change, &expect).await
    }

    /// Re-checks step `at` against a fresh read and sends it once.
    async fn send(&self, s: &Session, at: usize) -> bool {
        let change = self.read(|d| d.steps[at].change.clone());
        self.dag.try_set(None);
        match self.shows_now(s, at).await {
            Ok(true) => {
                self.set_step(at, StepState::Done { task_id: None });
                return true;
            }
            Ok(false) => {}
            Err(e) => return self.stop_on(e),
        }
        if let Err(refusal) = super::recheck::recheck(s, &change).await {
            self.set_step(at, refusal);
            return false;
        }
        let sent_at = crate::obshell::client::browser_now_secs() + s.clock_offset();
        self.set_step(at, StepState::Sending { sent_at });
        let answer = checks::send(s, &change).await;
        match answer {
            Ok(Some(dag)) => {
                self.dag.try_set(Some(dag.clone()));
                self.set_step(at, StepState::Running { task_id: dag.id });
                true
            }
            // "Nothing changes" (204): done when the read-back shows it.
            Ok(None) => self.settle_without_task(s, at).await,
            Err(e) if e.outcome_unknown() => {
                self.error.try_set(Some(e));
                self.set_step(at, StepState::Unknown { sent_at });
                true
            }
            // The agent changes a primary zone before it takes the tenant's lock: an error may
            // come after the change was made.
            Err(e) if checks::is_primary_zone(&change) => {
                self.error.try_set(Some(e.clone()));
                match self.shows_now(s, at).await {
                    Ok(true) => {
                        self.applied_despite_error.try_set(Some(at));
                        self.set_step(at, StepState::Done { task_id: None });
                        true
                    }
                    Ok(false) => self.refused(at, &e),
                    // Neither the answer nor the read-back says: unknown, never sent again.
                    Err(_) => {
                        self.set_step(at, StepState::Unknown { sent_at });
                        false
                    }
                }
            }
            Err(e) => self.refused(at, &e),
        }
    }

    fn refused(&self, at: usize, e: &ApiError) -> bool {
        self.error.try_set(Some(e.clone()));
        self.set_step(
            at,
            StepState::Refused {
                code: e.err_code().unwrap_or_default().to_owned(),
                message: e.to_string(),
            },
        );
        false
    }

    /// A read failed before anything was sent: the plan waits where it is.
    fn stop_on(&self, e: ApiError) -> bool {
        self.error.try_set(Some(e));
        self.update(|d| d.paused = true);
        false
    }

    async fn settle_without_task(&self, s: &Session, at: usize) -> bool {
        match self.shows_now(s, at).await {
            Ok(true) => {
                self.set_step(at, StepState::Done { task_id: None });
                true
            }
            Ok(false) => {
                self.set_step(
                    at,
                    StepState::Refused {
                        code: String::new(),
                        message: "the agent answered that nothing changes, but the read-back \
                                  does not show the step's result"
                            .into(),
                    },
                );
                false
            }
            Err(e) => self.stop_on(e),
        }
    }

    /// Reads step `at`'s task until it ends, then reads the backend back.
    async fn follow(&self, s: &Session, at: usize) -> bool {
        let Some(task_id) = self.read(|d| d.steps[at].state.task_id().map(str::to_owned)) else {
            return false;
        };
        match s.dag(&task_id).await {
            Ok(dag) => {
                let state = dag.state;
                self.dag.try_set(Some(dag));
                if !state.is_final() {
                    sleep(FOLLOW_EVERY).await;
                    return true;
                }
                let shows = self.shows_now(s, at).await.unwrap_or(false);
                let next = after_task(&task_id, state, || shows);
                let failed = matches!(next, StepState::Failed { .. });
                self.set_step(at, next);
                !failed
            }
            Err(e) if e.outcome_unknown() => {
                sleep(FOLLOW_EVERY * 2).await;
                true
            }
            Err(e) => self.stop_on(e),
        }
    }

    /// Step `at` was sent and no answer came: finds its task among the agent's, or leaves it
    /// "outcome unknown" for the person (nothing is sent again).
    async fn look_for_task(&self, s: &Session, at: usize) -> bool {
        let (change, sent_at) = self.read(|d| {
            let step = &d.steps[at];
            let sent_at = match step.state {
                StepState::Sending { sent_at } | StepState::Unknown { sent_at } => sent_at,
                _ => 0,
            };
            (step.change.clone(), sent_at)
        });
        let request = LostRequest {
            dag_name: change.dag_name(),
            tenant: change.tenant().map(str::to_owned),
            sent_at,
        };
        match s.all_dags().await {
            Ok(dags) => match find_started(&dags, &request) {
                Some(dag) => {
                    self.set_step(
                        at,
                        StepState::Running {
                            task_id: dag.id.clone(),
                        },
                    );
                    true
                }
                None => {
                    self.set_step(at, StepState::Unknown { sent_at });
                    false
                }
            },
            Err(e) => {
                self.error.try_set(Some(e));
                self.set_step(at, StepState::Unknown { sent_at });
                false
            }
        }
    }
}
