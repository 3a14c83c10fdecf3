//! Runs a plan one task at a time, the same on both backends (docs/protocol/plans.md): before
//! each step a fresh read and the step's rule again; the step written as "sending" before its
//! request leaves; its task followed until it ends; the read-back deciding whether it is done. A
//! lost answer is never followed by a second send: the backend's tasks are searched instead.
//! What is asked of the backend, a [`Driver`] does.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use leptos::prelude::*;
use obshell_protocol::plan::{after_end, PlanDoc, PlanStep, Progress, StepState, TaskEnd};

use super::store::{self, Stored};
use crate::core::error::ApiError;
use crate::core::poll::sleep;

/// How often a running step's task is read.
const FOLLOW_EVERY: Duration = Duration::from_secs(2);

/// What a step's request started.
#[derive(Debug)]
pub enum Sent<T> {
    /// A task, with its first reading when the answer carried it.
    Task(String, Option<T>),
    /// No task: the backend applied the change at once, or answered that nothing changes.
    NoTask,
}

/// What a backend does for the runner.
pub trait Driver: Clone + 'static {
    type Goal: Stored;
    type Change: Stored;
    type Expect: Stored;
    /// A task as read, for the graph.
    type Task: Clone + Send + Sync + 'static;

    /// The backend's clock now, Unix seconds (what a task's start time is compared with).
    fn now_secs(&self) -> i64;
    /// Whether the backend shows what the step expects, from a fresh read.
    fn shows(
        &self,
        step: &PlanStep<Self::Change, Self::Expect>,
    ) -> impl Future<Output = Result<bool, ApiError>>;
    /// The step's rule again against a fresh read: the state that stops the plan when it fails.
    fn recheck(&self, change: &Self::Change) -> impl Future<Output = Result<(), StepState>>;
    /// Sends the step's request once.
    fn send(
        &self,
        change: &Self::Change,
    ) -> impl Future<Output = Result<Sent<Self::Task>, ApiError>>;
    /// Reads a task.
    fn task(&self, id: &str) -> impl Future<Output = Result<(Self::Task, TaskEnd), ApiError>>;
    /// The task a request sent at `sent_at` started, among the backend's; `known` are the tasks
    /// of the plan's other steps (never the one looked for).
    fn find_task(
        &self,
        change: &Self::Change,
        sent_at: i64,
        known: &[String],
    ) -> impl Future<Output = Result<Option<String>, ApiError>>;
    /// An error answer to this change may come after the change was made (the agent changes a
    /// primary zone before it takes the tenant's lock): the backend is read back before the
    /// step is called refused.
    fn may_apply_despite_error(&self, change: &Self::Change) -> bool;
}

type Doc<D> = PlanDoc<<D as Driver>::Goal, <D as Driver>::Change, <D as Driver>::Expect>;

/// A plan shown (and perhaps run) by this tab. The document itself lives outside the page's
/// reactive owner, so a step's answer that arrives after the page was left is still kept; the
/// signals only show it.
pub struct Runner<D: Driver> {
    truth: Arc<Mutex<Doc<D>>>,
    /// The page has gone: the loop ends at its next turn.
    alive: Arc<AtomicBool>,
    pub doc: RwSignal<Doc<D>>,
    /// The current step's task as last read (for the graph).
    pub task: RwSignal<Option<D::Task>>,
    /// The last refusal or failure of a call the runner made, with the backend's code, message
    /// and trace id.
    pub error: RwSignal<Option<ApiError>>,
    /// This tab is running the plan now.
    pub running: RwSignal<bool>,
    /// A step answered with an error although the backend then showed the change.
    pub applied_despite_error: RwSignal<Option<usize>>,
}

impl<D: Driver> std::fmt::Debug for Runner<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runner")
            .field("plan", &self.read(|d| d.id.clone()))
            .finish_non_exhaustive()
    }
}

impl<D: Driver> Clone for Runner<D> {
    fn clone(&self) -> Self {
        Self {
            truth: self.truth.clone(),
            alive: self.alive.clone(),
            doc: self.doc,
            task: self.task,
            error: self.error,
            running: self.running,
            applied_despite_error: self.applied_despite_error,
        }
    }
}

impl<D: Driver> Runner<D> {
    pub fn new(doc: Doc<D>) -> Self {
        Self {
            truth: Arc::new(Mutex::new(doc.clone())),
            alive: Arc::new(AtomicBool::new(true)),
            doc: RwSignal::new(doc),
            task: RwSignal::new(None),
            error: RwSignal::new(None),
            running: RwSignal::new(false),
            applied_despite_error: RwSignal::new(None),
        }
    }

    fn doc_ref(&self) -> MutexGuard<'_, Doc<D>> {
        self.truth.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn read<R>(&self, f: impl FnOnce(&Doc<D>) -> R) -> R {
        f(&self.doc_ref())
    }

    /// The document as it is now.
    pub fn current(&self) -> Doc<D> {
        self.doc_ref().clone()
    }

    /// Changes the document, keeps it and shows it.
    pub fn update(&self, f: impl FnOnce(&mut Doc<D>)) {
        f(&mut self.doc_ref());
        let doc = self.current();
        store::save(&doc);
        self.doc.try_set(doc);
    }

    /// "Plan again from here": the steps done stay for the record, the rest become `fresh`, and
    /// the plan waits for the person. Returns how many steps are left.
    pub fn replace_rest(&self, fresh: Vec<PlanStep<D::Change, D::Expect>>) -> usize {
        let left = fresh.len();
        self.update(|d| {
            d.steps.retain(|s| s.state.is_done());
            d.steps.extend(fresh);
            d.paused = true;
        });
        self.error.try_set(None);
        left
    }

    /// Replaces the document by what another tab stored.
    pub fn reload(&self) {
        let (backend, id) = self.read(|d| (d.backend.clone(), d.id.clone()));
        if let Some(stored) = store::load::<D::Goal, D::Change, D::Expect>(&backend, &id) {
            if stored != *self.doc_ref() {
                *self.doc_ref() = stored.clone();
                self.doc.try_set(stored);
            }
        }
    }

    /// The page is leaving: the loop stops after the call it is in (the plan stays as stored).
    pub fn leave(&self) {
        self.alive.store(false, Ordering::Relaxed);
    }

    fn set_step(&self, at: usize, state: StepState) {
        self.update(|d| d.steps[at].state = state);
    }

    /// Starts (or resumes) running in this tab, unless another tab holds the backend's lease.
    /// `false` when it did not start.
    pub fn start(&self, driver: D) -> bool {
        match self.running.try_get_untracked() {
            Some(false) => {}
            Some(true) => return true,
            // The page has gone.
            None => return false,
        }
        let (backend, id) = self.read(|d| (d.backend.clone(), d.id.clone()));
        if !store::take_lease(&backend, &id) {
            return false;
        }
        self.running.try_set(true);
        let this = self.clone();
        leptos::task::spawn_local(async move {
            // Two tabs that took the lease at the same instant: one of them sees the other's.
            sleep(Duration::from_millis(300)).await;
            if store::still_mine(&backend, &id) {
                this.run(&driver, &backend, &id).await;
            }
            store::release_lease(&backend);
            this.running.try_set(false);
        });
        true
    }

    async fn run(&self, d: &D, backend: &str, id: &str) {
        loop {
            if !self.alive.load(Ordering::Relaxed) || !store::take_lease(backend, id) {
                return;
            }
            // The page may have written the document meanwhile (a pause, an abandon).
            self.reload();
            let progress = self.doc_ref().progress();
            let carry_on = match progress {
                Progress::Next(at) => self.send(d, at).await,
                Progress::Following(at) => self.follow(d, at).await,
                Progress::OutcomeUnknown(at) => self.look_for_task(d, at).await,
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

    async fn shows_now(&self, d: &D, at: usize) -> Result<bool, ApiError> {
        let step = self.read(|doc| doc.steps[at].clone());
        d.shows(&step).await
    }

    /// Re-checks step `at` against a fresh read and sends it once.
    async fn send(&self, d: &D, at: usize) -> bool {
        let change = self.read(|doc| doc.steps[at].change.clone());
        self.task.try_set(None);
        match self.shows_now(d, at).await {
            Ok(true) => {
                self.set_step(at, StepState::Done { task_id: None });
                return true;
            }
            Ok(false) => {}
            Err(e) => return self.stop_on(e),
        }
        if let Err(refusal) = d.recheck(&change).await {
            self.set_step(at, refusal);
            return false;
        }
        let sent_at = d.now_secs();
        self.set_step(at, StepState::Sending { sent_at });
        match d.send(&change).await {
            Ok(Sent::Task(task_id, first)) => {
                self.task.try_set(first);
                self.set_step(at, StepState::Running { task_id });
                true
            }
            Ok(Sent::NoTask) => self.settle_without_task(d, at).await,
            Err(e) if e.outcome_unknown() => {
                self.error.try_set(Some(e));
                self.set_step(at, StepState::Unknown { sent_at });
                true
            }
            Err(e) if d.may_apply_despite_error(&change) => {
                self.error.try_set(Some(e.clone()));
                match self.shows_now(d, at).await {
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
        let code = e.code_text();
        self.set_step(
            at,
            StepState::Refused {
                code,
                message: e.to_string(),
            },
        );
        false
    }

    /// A read failed before anything was sent: the plan waits where it is.
    fn stop_on(&self, e: ApiError) -> bool {
        self.error.try_set(Some(e));
        self.update(|doc| doc.paused = true);
        false
    }

    async fn settle_without_task(&self, d: &D, at: usize) -> bool {
        match self.shows_now(d, at).await {
            Ok(true) => {
                self.set_step(at, StepState::Done { task_id: None });
                true
            }
            Ok(false) => {
                self.set_step(
                    at,
                    StepState::Refused {
                        code: String::new(),
                        message: "the backend answered without a task, but the read-back does \
                                  not show the step's result"
                            .into(),
                    },
                );
                false
            }
            Err(e) => self.stop_on(e),
        }
    }

    /// Reads step `at`'s task until it ends, then reads the backend back.
    async fn follow(&self, d: &D, at: usize) -> bool {
        let Some(task_id) = self.read(|doc| doc.steps[at].state.task_id().map(str::to_owned))
        else {
            return false;
        };
        match d.task(&task_id).await {
            Ok((task, end)) => {
                self.task.try_set(Some(task));
                if end == TaskEnd::Running {
                    sleep(FOLLOW_EVERY).await;
                    return true;
                }
                let shows = self.shows_now(d, at).await.unwrap_or(false);
                let next = after_end(&task_id, end, || shows);
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

    /// Step `at` was sent and no answer came: finds its task among the backend's, or leaves it
    /// "outcome unknown" for the person (nothing is sent again).
    async fn look_for_task(&self, d: &D, at: usize) -> bool {
        let (change, sent_at, known) = self.read(|doc| {
            let step = &doc.steps[at];
            let sent_at = match step.state {
                StepState::Sending { sent_at } | StepState::Unknown { sent_at } => sent_at,
                _ => 0,
            };
            let known: Vec<String> = doc
                .steps
                .iter()
                .filter_map(|s| s.state.task_id().map(str::to_owned))
                .collect();
            (step.change.clone(), sent_at, known)
        });
        match d.find_task(&change, sent_at, &known).await {
            Ok(Some(task_id)) => {
                self.set_step(at, StepState::Running { task_id });
                true
            }
            Ok(None) => {
                self.set_step(at, StepState::Unknown { sent_at });
                false
            }
            Err(e) => {
                self.error.try_set(Some(e));
                self.set_step(at, StepState::Unknown { sent_at });
                false
            }
        }
    }
}
