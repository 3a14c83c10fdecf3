//! A plan as the console keeps it in the browser's storage and the exporter reads it
//! (docs/protocol/obshell.md §4.14): what it is for, each step's change, what the read-back must
//! show after it, and how far it got. Never a password, a session or a key.

use serde::{Deserialize, Serialize};

use super::placement::Placement;
use super::step::Operation;
use crate::obshell::dag_names;
use crate::obshell::replica::{Locality, TenantReplicas};

/// The storage format's version; a document of another version is not resumed.
pub const FORMAT: u32 = 1;

/// What a plan was made for, so that "plan again from here" can plan the rest from the state
/// as it is then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Goal {
    /// One tenant to a placement (reshape, or move a replica from `from` to `to`).
    Tenant {
        tenant: String,
        target: Placement,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        moved: Option<(String, String)>,
    },
    /// Servers added one after another.
    ScaleOuts,
    /// Every tenant with a replica in `zone` taken to its target (the replica moved or
    /// dropped), then, when asked, each of the zone's servers scaled in.
    Drain {
        zone: String,
        tenants: Vec<TenantTarget>,
        scale_in: bool,
    },
}

/// One tenant's target in a plan over several tenants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantTarget {
    pub tenant: String,
    pub target: Placement,
}

/// A change one step of a plan makes: one agent call that starts one task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// A replica or primary-zone operation on a tenant.
    Tenant {
        tenant: String,
        operation: Operation,
    },
    /// `POST /api/v1/ob/scale_out` for the agent at `ip:port` into `zone` (no target agent
    /// password: a host that needs one is added from the scale-out form).
    ScaleOut {
        ip: String,
        port: u16,
        zone: String,
        ob_configs: std::collections::BTreeMap<String, String>,
    },
    /// `POST /api/v1/ob/scale_in` (4.2.6+) for the server whose agent is `ip:port`, without
    /// force kill.
    ScaleIn { ip: String, port: u16 },
}

impl Change {
    /// The name of the DAG the agent starts for it.
    pub fn dag_name(&self) -> &'static str {
        match self {
            Self::Tenant { operation, .. } => operation.dag_name(),
            Self::ScaleOut { .. } => dag_names::CLUSTER_SCALE_OUT,
            Self::ScaleIn { .. } => dag_names::CLUSTER_SCALE_IN,
        }
    }

    /// The tenant it changes, or `None` for a change of the cluster.
    pub fn tenant(&self) -> Option<&str> {
        match self {
            Self::Tenant { tenant, .. } => Some(tenant),
            Self::ScaleOut { .. } | Self::ScaleIn { .. } => None,
        }
    }
}

/// What the backend must show once a step's task succeeded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Expect {
    /// The tenant's locality (agent's spelling), unit number, primary zone and each replica
    /// zone's unit config.
    Tenant {
        locality: String,
        unit_num: i64,
        primary_zone: String,
        #[serde(default)]
        unit_configs: std::collections::BTreeMap<String, String>,
    },
    /// A server at `ip` in `zone`.
    Server { ip: String, zone: String },
    /// No server at `ip` any more.
    ServerGone { ip: String },
}

impl Expect {
    /// What `tenant` must show after the step that leaves it as `after`.
    pub fn tenant(after: &TenantReplicas) -> Self {
        Self::Tenant {
            locality: after.locality.to_ob_string(),
            unit_num: after.unit_num,
            primary_zone: after.primary_zone.clone(),
            unit_configs: after
                .locality
                .zones()
                .filter_map(|z| Some((z.to_owned(), after.unit_config_of(z)?.to_owned())))
                .collect(),
        }
    }

    /// `now` shows exactly what this expects of a tenant: the locality zone by zone, the unit
    /// number, each unit config and the primary zone priority by priority. Stricter than the
    /// agent's own "reached" test (§4.6), which accepts a primary zone with one more priority
    /// after the one asked: a step that takes a zone out of the last priority must not read as
    /// done before it is sent.
    pub fn met_by_tenant(&self, now: &TenantReplicas) -> bool {
        match self {
            Self::Tenant {
                locality,
                unit_num,
                primary_zone,
                unit_configs,
            } => {
                Locality::parse(locality).is_ok_and(|l| l == now.locality)
                    && *unit_num == now.unit_num
                    && same_primary_zone(&now.primary_zone, primary_zone)
                    && unit_configs
                        .iter()
                        .all(|(zone, config)| now.unit_config_of(zone) == Some(config.as_str()))
            }
            Self::Server { .. } | Self::ServerGone { .. } => false,
        }
    }
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

/// How far one step got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum StepState {
    /// Not sent yet.
    Pending,
    /// Written just before the request leaves (agent clock, Unix seconds): a document found in
    /// this state was left while the answer was awaited, so its outcome is unknown.
    Sending { sent_at: i64 },
    /// The agent started this task; not ended yet, as last seen.
    Running { task_id: String },
    /// The task succeeded and the read-back showed the change (`None`: nothing had to be sent,
    /// the backend already showed it, or it answered that nothing changes).
    Done { task_id: Option<String> },
    /// The task failed (or ended without the change): the plan stops here.
    Failed { task_id: String },
    /// The backend refused the request before starting a task: nothing happened.
    Refused { code: String, message: String },
    /// The answer never arrived and no task for it was found (yet): never sent again.
    Unknown { sent_at: i64 },
}

impl StepState {
    /// The task this step started, when known.
    pub fn task_id(&self) -> Option<&str> {
        match self {
            Self::Running { task_id } | Self::Failed { task_id } => Some(task_id),
            Self::Done { task_id } => task_id.as_deref(),
            _ => None,
        }
    }
}

/// One step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanStep {
    pub change: Change,
    pub expect: Expect,
    pub state: StepState,
}

/// A plan with its progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanDoc {
    pub format: u32,
    /// Unique among the backend's plans (the creation time and a random part).
    pub id: String,
    /// The backend's name in the console's configuration.
    pub backend: String,
    pub goal: Goal,
    /// Unix seconds.
    pub created_at: i64,
    /// What the backend showed when the plan was made (before its first step).
    #[serde(default)]
    pub start: Option<Expect>,
    pub steps: Vec<PlanStep>,
    /// Stop after the running step (the person paused).
    #[serde(default)]
    pub paused: bool,
    /// The person gave the plan up; it is kept for the record and never resumed.
    #[serde(default)]
    pub abandoned: bool,
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

impl PlanDoc {
    /// How many steps are done.
    pub fn done(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| matches!(s.state, StepState::Done { .. }))
            .count()
    }

    /// The step that decides where the plan stands: the first one not done.
    pub fn progress(&self) -> Progress {
        if self.abandoned {
            return Progress::Abandoned;
        }
        let Some(at) = self
            .steps
            .iter()
            .position(|s| !matches!(s.state, StepState::Done { .. }))
        else {
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

    /// The plan may still act (not finished, not abandoned): the one a backend offers to resume.
    pub fn is_open(&self) -> bool {
        !matches!(self.progress(), Progress::Finished | Progress::Abandoned)
    }

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

/// What a step whose task was last seen in `state` becomes once the backend has been asked
/// again (on resume, or on each poll): still running, failed, or succeeded, in which case the
/// read-back (`shows_change`) decides between done and failed (a task rolled back or passed
/// ends SUCCEED without the change).
pub fn after_task(
    task_id: &str,
    state: crate::obshell::model::task::TaskState,
    shows_change: impl FnOnce() -> bool,
) -> StepState {
    use crate::obshell::model::task::TaskState as T;
    let task_id = task_id.to_owned();
    match state {
        T::Succeed if shows_change() => StepState::Done {
            task_id: Some(task_id),
        },
        T::Succeed | T::Failed => StepState::Failed { task_id },
        _ => StepState::Running { task_id },
    }
}
