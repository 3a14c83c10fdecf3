//! What a change plan is on either backend, as the console keeps it in the browser's storage
//! (docs/protocol/plans.md): what it is for, each step's change, what the read-back must show
//! after it, and how far it got. Never a password, a session or a key. Each backend fills in its
//! own goal, change and expectation (`obshell::plan`, `ocp::plan`).

use serde::{Deserialize, Serialize};

/// The storage format's version; a document of another version is not resumed.
pub const FORMAT: u32 = 1;

/// How far one step got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum StepState {
    /// Not sent yet.
    Pending,
    /// Written just before the request leaves (backend clock, Unix seconds): a document found in
    /// this state was left while the answer was awaited, so its outcome is unknown.
    Sending { sent_at: i64 },
    /// The backend started this task; not ended yet, as last seen.
    Running { task_id: String },
    /// The task succeeded and the read-back showed the change (`None`: no task — nothing had to
    /// be sent, the backend already showed it, answered that nothing changes, or applied it at
    /// once).
    Done { task_id: Option<String> },
    /// The task failed (or ended without the change): the plan stops here.
    Failed { task_id: String },
    /// The backend refused the request before starting a task: nothing happened.
    Refused { code: String, message: String },
    /// The answer never arrived and no task for it was found (yet): never sent again.
    Unknown { sent_at: i64 },
}

impl StepState {
    pub fn is_done(&self) -> bool {
        matches!(self, Self::Done { .. })
    }

    /// The task this step started, when known.
    pub fn task_id(&self) -> Option<&str> {
        match self {
            Self::Running { task_id } | Self::Failed { task_id } => Some(task_id),
            Self::Done { task_id } => task_id.as_deref(),
            _ => None,
        }
    }
}

/// One step: one backend call, what the backend must show after it, how far it got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanStep<C, E> {
    pub change: C,
    pub expect: E,
    pub state: StepState,
}

/// A plan with its progress: `G` what it was made for (so that "plan again from here" can plan
/// the rest), `C` one step's change, `E` what the backend must show after a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanDoc<G, C, E> {
    pub format: u32,
    /// Unique among the backend's plans (the creation time and a random part).
    pub id: String,
    /// The backend's name in the console's configuration.
    pub backend: String,
    pub goal: G,
    /// Unix seconds.
    pub created_at: i64,
    /// What the backend showed when the plan was made (before its first step).
    #[serde(default = "none")]
    pub start: Option<E>,
    pub steps: Vec<PlanStep<C, E>>,
    /// Stop after the running step (the person paused).
    #[serde(default)]
    pub paused: bool,
    /// The person gave the plan up; it is kept for the record and never resumed.
    #[serde(default)]
    pub abandoned: bool,
}

fn none<E>() -> Option<E> {
    None
}

/// Where a plan stands, from its steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// Step `index` is next and nothing stops it.
    Next(usize),
    /// Step `index`'s task is running (or was, as last seen): follow it.
    Following(usize),
    /// Step `index` was sent and its answer lost: look for its task, send nothing.
    OutcomeUnknown(usize),
    /// Step `index` stopped the plan (failed or refused).
    Stopped(usize),
    /// Paused before step `index`.
    Paused(usize),
    Abandoned,
    Finished,
}

impl<G, C, E> PlanDoc<G, C, E> {
    /// How many steps are done.
    pub fn done(&self) -> usize {
        self.steps.iter().filter(|s| s.state.is_done()).count()
    }

    /// The step that decides where the plan stands: the first one not done.
    pub fn progress(&self) -> Progress {
        if self.abandoned {
            return Progress::Abandoned;
        }
        let Some(at) = self.steps.iter().position(|s| !s.state.is_done()) else {
            return Progress::Finished;
        };
        match self.steps[at].state {
            StepState::Running { .. } => Progress::Following(at),
            StepState::Sending { .. } | StepState::Unknown { .. } => Progress::OutcomeUnknown(at),
            StepState::Failed { .. } | StepState::Refused { .. } => Progress::Stopped(at),
            StepState::Pending if self.paused => Progress::Paused(at),
            StepState::Pending | StepState::Done { .. } => Progress::Next(at),
        }
    }

    /// The latest step that started a task: its index and the task's id.
    pub fn latest_task(&self) -> Option<(usize, String)> {
        self.steps
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, s)| s.state.task_id().map(|id| (i, id.to_owned())))
    }

    /// The plan may still act (not finished, not abandoned): the one a backend offers to resume.
    pub fn is_open(&self) -> bool {
        !matches!(self.progress(), Progress::Finished | Progress::Abandoned)
    }
}

impl<G, C, E> PlanDoc<G, C, E>
where
    G: Serialize + for<'de> Deserialize<'de>,
    C: Serialize + for<'de> Deserialize<'de>,
    E: Serialize + for<'de> Deserialize<'de>,
{
    /// A document read back from storage, when it is of this format.
    pub fn from_json(text: &str) -> Option<Self> {
        serde_json::from_str::<Self>(text)
            .ok()
            .filter(|d| d.format == FORMAT)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a plan document serialises")
    }
}

/// The zones of a primary zone (`;` between priorities, `,` within one), trimmed; none for
/// `RANDOM` or an empty one.
pub fn primary_zone_zones(primary_zone: &str) -> Vec<&str> {
    let pz = primary_zone.trim();
    if pz.is_empty() || pz.eq_ignore_ascii_case("RANDOM") {
        return Vec::new();
    }
    pz.split(';')
        .flat_map(|g| g.split(','))
        .map(str::trim)
        .collect()
}

/// Two primary zones name the same zones in the same priorities (`RANDOM` and `""` alike, in
/// any case; spaces and the order within a priority do not count).
pub fn same_primary_zone(a: &str, b: &str) -> bool {
    fn groups(pz: &str) -> Vec<std::collections::BTreeSet<String>> {
        let pz = pz.trim();
        if pz.is_empty() || pz.eq_ignore_ascii_case("random") {
            return Vec::new();
        }
        pz.split(';')
            .map(|g| g.split(',').map(|z| z.trim().to_owned()).collect())
            .collect()
    }
    groups(a) == groups(b)
}

/// How a step's task stands when it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskEnd {
    /// Not ended (or ended in a state the backend may still move on from by itself).
    Running,
    Succeeded,
    Failed,
}

/// What a step whose task was last seen as `end` becomes: still running, failed, or — once it
/// succeeded — done when the read-back (`shows_change`) shows the change and failed when it does
/// not (a task rolled back, passed or skipped ends in success without the change).
pub fn after_end(task_id: &str, end: TaskEnd, shows_change: impl FnOnce() -> bool) -> StepState {
    let task_id = task_id.to_owned();
    match end {
        TaskEnd::Succeeded if shows_change() => StepState::Done {
            task_id: Some(task_id),
        },
        TaskEnd::Succeeded | TaskEnd::Failed => StepState::Failed { task_id },
        TaskEnd::Running => StepState::Running { task_id },
    }
}
