//! OCP's task engine, simulated: tasks of subtasks joined by upstream/downstream edges, run on
//! the shared clock (catching up on every request, so a [`crate::ManualClock`] drives them in
//! tests), their logs growing while they run, and the task and subtask operations.
//!
//! Semantics chosen where OCP's docs leave room (spec §2.4):
//! - a failed task leaves its tenant MODIFYING (so further changes are refused with 60003)
//!   until it is retried to success or rolled back;
//! - task retry re-runs every FAILED subtask (`runTime` + 1, operation RETRY, a `{RETRY}` log
//!   block) and continues downstream; subtask retry does the same for one subtask;
//! - task rollback rolls back every subtask that ran, latest first, one at a time (each becomes
//!   SUCCESSFUL with operation ROLLBACK, with a `{ROLLBACK}` log block, and its effect undone);
//!   the task then ends FAILED with operation ROLLBACK and the tenant is NORMAL again;
//! - skip marks a FAILED subtask SUCCESSFUL (operation SKIP) without its effect and continues;
//! - cancel turns a RUNNING subtask CANCELING for one nominal second, then FAILED (operation
//!   CANCEL); the task fails once nothing else runs. Canceling a subtask's rollback fails the
//!   rollback: the task ends FAILED with operation ROLLBACK ("rollback failed": retry refused,
//!   rollback may be run again and picks up what is left).
//! - a task that ends SUCCESSFUL leaves its tenant NORMAL even when "Update tenant status" was
//!   skipped.

use chrono::{DateTime, Duration, FixedOffset, Offset, Utc};
use obshell_protocol::ocp::model::TenantZone;
use obshell_protocol::ocp::ops::{self, Refusal, SubtaskOp, TaskOp};
use obshell_protocol::ocp::request::{ModifyReplica, ReplicaSpec};
use obshell_protocol::ocp::{Creator, Operation, Subtask, SubtaskStatus, Task, TaskStatus};
use serde_json::json;

use super::world::{sync_locality, unit_config, OcpWorld, PoolPlan};

const CLASS_PREFIX: &str = "com.alipay.ocp.service.task.business.tenant.";
/// Nominal length of one rollback or cancel step, in seconds at speed 1.
const SHORT_STEP: f64 = 1.0;

/// OCP's time format: `2021-06-30T11:33:14.296+08:00` (OCP's samples are at +08:00).
pub fn ocp_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&beijing())
        .format("%Y-%m-%dT%H:%M:%S%.3f%:z")
        .to_string()
}

fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| Utc.fix())
}

fn log_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&beijing())
        .format("%Y-%m-%d %H:%M:%S%.3f")
        .to_string()
}

/// What a subtask does to the world when it succeeds (and undoes when rolled back).
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    None,
    /// The zone joins the tenant's locality with its new pool and units.
    AddZone(PoolPlan),
    /// The zone leaves the tenant's locality (its pool goes with it).
    RemoveZone(String),
    /// Resource pools dropped (the world already lost them with the zone).
    DropPools(Vec<String>),
    /// The zone's replica type, unit spec or unit count changes.
    ModifyZone {
        change: ModifyReplica,
        config: Option<obshell_protocol::ocp::UnitConfig>,
    },
    /// The tenant is NORMAL again.
    TenantNormal,
}

/// The engine's side of one subtask.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub id: i64,
    pub effect: Effect,
    /// Seconds at speed 1.
    pub nominal: f64,
    pub ready_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    /// Why this execution will fail (an armed fault).
    pub failing: Option<String>,
    /// Timestamped log lines; those after "now" are not shown yet.
    pub log: Vec<(DateTime<Utc>, String)>,
    /// What the zone was before this subtask changed it (`None` inside: it did not exist).
    pub undo: Option<Option<TenantZone>>,
}

/// A task with its engine state.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskRec {
    pub task: Task,
    /// One per subtask, same order as `task.subtasks`.
    pub steps: Vec<Step>,
    /// Subtasks still to roll back, next first.
    pub rollback: Vec<i64>,
}

/// One node of a template.
struct Node {
    name: &'static str,
    class: &'static str,
    description: String,
    timeout: i64,
    nominal: f64,
    effect: Effect,
    series: i64,
    parallel: Option<(i64, String)>,
}

impl Node {
    fn new(name: &'static str, class: &'static str, timeout: i64, nominal: f64) -> Self {
        Self {
            name,
            class,
            description: name.to_owned(),
            timeout,
            nominal,
            effect: Effect::None,
            series: 0,
            parallel: None,
        }
    }

    fn effect(mut self, effect: Effect) -> Self {
        self.effect = effect;
        self
    }
}

fn prepare() -> Node {
    Node::new("Prepare alter tenant", "PrepareAlterTenantTask", 300, 2.0)
}

fn sync() -> Node {
    Node::new("Sync tenant information", "SyncTenantInfoTask", 300, 2.0)
}

fn update_status() -> Node {
    Node::new("Update tenant status", "UpdateTenantStatusTask", 300, 1.0)
        .effect(Effect::TenantNormal)
}

fn wait_locality(effect: Effect, nominal: f64) -> Node {
    Node::new(
        "Wait alter locality",
        "WaitAlterLocalityTask",
        3600,
        nominal,
    )
    .effect(effect)
}

/// What a new task is about.
#[derive(Debug, Clone)]
pub struct Target {
    pub cluster_id: i64,
    pub tenant_id: i64,
    pub zones: Vec<String>,
    pub executor: String,
}

/// Builds a task from layers of nodes: each node's upstreams are the whole previous layer.
/// `order` gives the position of each subtask in the answer's array (OCP's order is not the
/// execution order).
fn build(
    world: &mut OcpWorld,
    name: &str,
    target: &Target,
    layers: Vec<Vec<Node>>,
    order: Option<Vec<usize>>,
    now: DateTime<Utc>,
) -> TaskRec {
    let id = world.task_id();
    let ids: Vec<Vec<i64>> = layers
        .iter()
        .map(|l| l.iter().map(|_| world.subtask_id()).collect())
        .collect();
    let mut subtasks = Vec::new();
    let mut steps = Vec::new();
    for (li, layer) in layers.into_iter().enumerate() {
        for (ni, node) in layer.into_iter().enumerate() {
            let sid = ids[li][ni];
            let context = match &node.parallel {
                Some((idx, zone)) => json!({
                    "listMap": {}, "parallel": true, "parallelIdx": idx,
                    "stringMap": {"zone_name": zone}
                }),
                None => serde_json::Value::Null,
            };
            subtasks.push(Subtask {
                id: sid,
                name: node.name.to_owned(),
                series_id: node.series,
                description: node.description.clone(),
                class_name: format!("{CLASS_PREFIX}{}", node.class),
                timeout: Some(node.timeout),
                status: if li == 0 {
                    SubtaskStatus::Ready
                } else {
                    SubtaskStatus::Pending
                },
                operation: Operation::Execute,
                executor: None,
                run_time: 1,
                context,
                create_time: Some(ocp_time(now)),
                start_time: None,
                finish_time: None,
                node_type: "JAVA_TASK".to_owned(),
                parallel_idx: node.parallel.as_ref().map(|p| p.0).unwrap_or(-1),
                upstreams: if li == 0 {
                    Vec::new()
                } else {
                    ids[li - 1].clone()
                },
                downstreams: ids.get(li + 1).cloned().unwrap_or_default(),
                prohibit_rollback: false,
            });
            steps.push(Step {
                id: sid,
                effect: node.effect,
                nominal: node.nominal,
                ready_at: (li == 0).then_some(now),
                ends_at: None,
                failing: None,
                log: Vec::new(),
                undo: None,
            });
        }
    }
    if let Some(order) = order {
        let (mut s2, mut t2) = (Vec::new(), Vec::new());
        for i in order {
            if let (Some(s), Some(t)) = (subtasks.get(i), steps.get(i)) {
                s2.push(s.clone());
                t2.push(t.clone());
            }
        }
        subtasks = s2;
        steps = t2;
    }
    let task = Task {
        id,
        name: name.to_owned(),
        task_definition_id: Some(-1),
        cluster_id: Some(target.cluster_id),
        tenant_id: Some(target.tenant_id),
        creator: Creator {
            id: None,
            name: "admin".to_owned(),
        },
        kind: "MANUAL".to_owned(),
        status: TaskStatus::Running,
        operation: Operation::Execute,
        executor: Some(target.executor.clone()),
        context: json!({
            "listMap": {},
            "parallel": false,
            "parallelIdx": -1,
            "stringMap": {
                "tenant_id": target.tenant_id.to_string(),
                "cluster_id": target.cluster_id.to_string(),
                "zone_name": target.zones.join(","),
            }
        }),
        prohibit_rollback: false,
        create_time: Some(ocp_time(now)),
        start_time: Some(ocp_time(now)),
        finish_time: None,
        subtasks,
    };
    TaskRec {
        task,
        steps,
        rollback: Vec::new(),
    }
}

/// "Add tenant replica": Prepare alter tenant → Wait alter locality (one per zone, in
/// sequence: OceanBase changes a locality one zone at a time) → Sync tenant information →
/// Update tenant status. Series ids and array order as in OCP's sample: the waits first
/// (series 0…), then sync, update, and prepare last.
pub fn add_replica(
    world: &mut OcpWorld,
    target: &Target,
    tenant_name: &str,
    request: &[ReplicaSpec],
    now: DateTime<Utc>,
) -> TaskRec {
    let n = request.len();
    let mut layers = vec![vec![Node {
        series: n as i64 + 2,
        ..prepare()
    }]];
    for (i, r) in request.iter().enumerate() {
        let config = world
            .spec(&r.resource_pool.unit_spec_name)
            .map(unit_config)
            .unwrap_or_default();
        let plan = PoolPlan {
            zone: r.zone_name.clone(),
            replica_type: r.replica_type.as_str().to_owned(),
            pool_name: format!("{tenant_name}_pool_{}", r.zone_name),
            config,
            count: r.resource_pool.unit_count,
        };
        let nominal = if n == 1 { 7.0 } else { 5.0 };
        let mut node = wait_locality(Effect::AddZone(plan), nominal);
        node.series = i as i64;
        if n > 1 {
            node.description = format!("Wait alter locality of {}", r.zone_name);
        }
        layers.push(vec![node]);
    }
    layers.push(vec![Node {
        series: n as i64,
        ..sync()
    }]);
    layers.push(vec![Node {
        series: n as i64 + 1,
        ..update_status()
    }]);
    let mut order: Vec<usize> = (1..=n).collect();
    order.push(0);
    order.extend([n + 1, n + 2]);
    build(
        world,
        "Add tenant replica",
        target,
        layers,
        Some(order),
        now,
    )
}

/// "Delete tenant replica": Prepare alter tenant → Wait alter locality (one per zone, removing
/// it) → Drop resource pool → Sync tenant information → Update tenant status. The task has
/// `prohibitRollback` (inferred: a dropped replica cannot be restored).
pub fn delete_replica(
    world: &mut OcpWorld,
    target: &Target,
    tenant_name: &str,
    zones: &[String],
    now: DateTime<Utc>,
) -> TaskRec {
    let mut layers = vec![vec![prepare()]];
    for z in zones {
        let mut node = wait_locality(Effect::RemoveZone(z.clone()), 4.0);
        if zones.len() > 1 {
            node.description = format!("Wait alter locality of {z}");
        }
        layers.push(vec![node]);
    }
    layers.push(vec![Node::new(
        "Drop resource pool",
        "DropResourcePoolTask",
        600,
        2.0,
    )
    .effect(Effect::DropPools(
        zones
            .iter()
            .map(|z| format!("{tenant_name}_pool_{z}"))
            .collect(),
    ))]);
    layers.push(vec![sync()]);
    layers.push(vec![update_status()]);
    for (i, layer) in layers.iter_mut().enumerate() {
        for node in layer {
            node.series = i as i64;
        }
    }
    let mut rec = build(world, "Delete tenant replica", target, layers, None, now);
    // A dropped replica's data is gone: OCP cannot roll the deletion back (shows 20004).
    rec.task.prohibit_rollback = true;
    rec
}

/// "Modify tenant replica": Prepare alter tenant → one "Modify zone replica" per zone, side by
/// side (`parallelIdx` 0…n−1) → Sync tenant information → Update tenant status.
pub fn modify_replica(
    world: &mut OcpWorld,
    target: &Target,
    request: &[ModifyReplica],
    now: DateTime<Utc>,
) -> TaskRec {
    let parallel = request.len() > 1;
    let zones = request
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let config = r
                .resource_pool
                .as_ref()
                .and_then(|p| p.unit_spec_name.as_deref())
                .and_then(|name| world.spec(name))
                .map(unit_config);
            let mut node = Node::new("Modify zone replica", "ModifyZoneReplicaTask", 3600, 6.0)
                .effect(Effect::ModifyZone {
                    change: r.clone(),
                    config,
                });
            node.series = 1;
            node.description = format!("Modify replica of {}", r.zone_name);
            if parallel {
                node.parallel = Some((i as i64, r.zone_name.clone()));
            }
            node
        })
        .collect();
    let layers = vec![
        vec![prepare()],
        zones,
        vec![Node {
            series: 2,
            ..sync()
        }],
        vec![Node {
            series: 3,
            ..update_status()
        }],
    ];
    build(world, "Modify tenant replica", target, layers, None, now)
}

impl TaskRec {
    fn index(&self, subtask: i64) -> Option<usize> {
        self.task.subtasks.iter().position(|s| s.id == subtask)
    }

    pub fn subtask(&self, id: i64) -> Option<&Subtask> {
        self.task.subtasks.iter().find(|s| s.id == id)
    }

    /// The subtask's whole log as of `now`: one header block per execution.
    pub fn log(&self, subtask: i64, now: DateTime<Utc>) -> Option<String> {
        let step = &self.steps[self.index(subtask)?];
        Some(
            step.log
                .iter()
                .filter(|(t, _)| *t <= now)
                .map(|(_, l)| l.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
        )
    }

    fn class_short(&self, i: usize) -> String {
        self.task.subtasks[i]
            .class_name
            .rsplit('.')
            .next()
            .unwrap_or_default()
            .to_owned()
    }

    fn line(&mut self, i: usize, at: DateTime<Utc>, level: &str, text: &str) {
        let class = self.class_short(i);
        let thread = format!("task-executor-{}", self.task.subtasks[i].id % 8);
        self.steps[i].log.push((
            at,
            format!("{} {level:>5} [{thread}] {class}: {text}", log_time(at)),
        ));
    }

    fn header(&mut self, i: usize, at: DateTime<Utc>, op: Operation) {
        self.steps[i].log.push((
            at,
            format!("############{{{op}}}{{{}}}############", ocp_time(at)),
        ));
    }

    /// Starts subtask `i` at `at`.
    fn start(&mut self, world: &mut OcpWorld, i: usize, at: DateTime<Utc>, speed: f64) {
        let op = match self.task.subtasks[i].operation {
            Operation::Retry => Operation::Retry,
            _ => Operation::Execute,
        };
        let name = self.task.subtasks[i].name.clone();
        let failing = match world.fail_rules.iter_mut().find(|r| r.subtask == name) {
            Some(rule) => {
                rule.times = rule.times.saturating_sub(1);
                Some(name.clone())
            }
            None => None,
        };
        world.fail_rules.retain(|r| r.times > 0);
        let length = Duration::milliseconds((self.steps[i].nominal / speed * 1000.0) as i64);
        let end = at + length;
        {
            let s = &mut self.task.subtasks[i];
            s.status = SubtaskStatus::Running;
            s.start_time = Some(ocp_time(at));
            s.finish_time = None;
            s.executor = self.task.executor.clone();
        }
        self.steps[i].ends_at = Some(end);
        self.steps[i].failing = failing;
        self.header(i, at, op);
        self.line(i, at, "INFO", &format!("Start subtask: {name}"));
        let planned = self.planned_lines(world, i);
        let count = planned.len() as i32 + 1;
        for (k, text) in planned.into_iter().enumerate() {
            let when = at + length * (k as i32 + 1) / count;
            self.line(i, when, "INFO", &text);
        }
    }

    /// What a subtask says while it runs.
    fn planned_lines(&self, world: &OcpWorld, i: usize) -> Vec<String> {
        let tenant = self
            .task
            .tenant_id
            .and_then(|id| world.tenants.iter().find(|t| t.id == id));
        let tname = tenant.map(|t| t.name.clone()).unwrap_or_default();
        match &self.steps[i].effect {
            Effect::AddZone(plan) => {
                let mut after = tenant
                    .map(obshell_protocol::ocp::rules::locality_of)
                    .unwrap_or_default();
                after.set(&plan.zone, &plan.replica_type);
                vec![
                    format!(
                        "CREATE RESOURCE POOL {} UNIT_NUM = {}, ZONE_LIST = ('{}') done",
                        plan.pool_name, plan.count, plan.zone
                    ),
                    format!(
                        "ALTER TENANT {tname} LOCALITY = '{}'",
                        after.to_alter_string()
                    ),
                    "Waiting for the locality change job, job_status: INPROGRESS".to_owned(),
                    "Waiting for the locality change job, job_status: INPROGRESS".to_owned(),
                ]
            }
            Effect::RemoveZone(zone) => {
                let mut after = tenant
                    .map(obshell_protocol::ocp::rules::locality_of)
                    .unwrap_or_default();
                after.remove(zone);
                vec![
                    format!(
                        "ALTER TENANT {tname} LOCALITY = '{}'",
                        after.to_alter_string()
                    ),
                    "Waiting for the locality change job, job_status: INPROGRESS".to_owned(),
                ]
            }
            Effect::DropPools(pools) => pools
                .iter()
                .map(|p| format!("DROP RESOURCE POOL {p}"))
                .collect(),
            Effect::ModifyZone { change, .. } => {
                let mut lines = Vec::new();
                if let Some(t) = change.replica_type {
                    lines.push(format!(
                        "ALTER TENANT {tname} LOCALITY: {} becomes {t}",
                        change.zone_name
                    ));
                }
                if let Some(p) = &change.resource_pool {
                    if let Some(spec) = &p.unit_spec_name {
                        lines.push(format!(
                            "ALTER RESOURCE POOL {tname}_pool_{} UNIT = '{spec}'",
                            change.zone_name
                        ));
                    }
                    if let Some(n) = p.unit_count {
                        lines.push(format!(
                            "ALTER RESOURCE POOL {tname}_pool_{} UNIT_NUM = {n}",
                            change.zone_name
                        ));
                    }
                }
                lines.push("Waiting for the units to be ready".to_owned());
                lines
            }
            Effect::TenantNormal => vec![format!("Set tenant {tname} status NORMAL")],
            Effect::None => match self.task.subtasks[i].name.as_str() {
                "Prepare alter tenant" => vec![
                    format!("Check tenant {tname} status and locality"),
                    format!("Set tenant {tname} status MODIFYING"),
                ],
                _ => vec![format!(
                    "Sync tenant {tname} from OceanBase: locality, primary zone, resource pools"
                )],
            },
        }
    }

    /// Finishes subtask `i` at `at`.
    fn finish(&mut self, world: &mut OcpWorld, i: usize, at: DateTime<Utc>) {
        let status = self.task.subtasks[i].status;
        let name = self.task.subtasks[i].name.clone();
        self.steps[i].ends_at = None;
        self.task.subtasks[i].finish_time = Some(ocp_time(at));
        if self.task.subtasks[i].operation == Operation::Rollback
            && status != SubtaskStatus::Canceling
        {
            self.undo(world, i);
            self.line(i, at, "INFO", &format!("Rollback of subtask {name} done"));
            self.task.subtasks[i].status = SubtaskStatus::Successful;
            return;
        }
        if status == SubtaskStatus::Canceling {
            self.task.subtasks[i].status = SubtaskStatus::Failed;
            self.line(i, at, "ERROR", &format!("Subtask {name} canceled by admin"));
            return;
        }
        if let Some(reason) = self.steps[i].failing.take() {
            self.task.subtasks[i].status = SubtaskStatus::Failed;
            self.line(
                i,
                at,
                "ERROR",
                &format!(
                    "Subtask {reason} failed: ERROR 4012 (HY000): Timeout, the job did not finish in time \
                     (simulated fault armed by POST /__sim/ocp/fail)"
                ),
            );
            return;
        }
        match self.apply(world, i) {
            Ok(()) => {
                self.task.subtasks[i].status = SubtaskStatus::Successful;
                self.line(i, at, "INFO", &format!("Subtask {name} finished"));
                self.release(i, at);
            }
            Err(why) => {
                self.task.subtasks[i].status = SubtaskStatus::Failed;
                self.line(i, at, "ERROR", &format!("Subtask {name} failed: {why}"));
            }
        }
    }

    /// Makes the downstreams of `i` whose upstreams all succeeded READY.
    fn release(&mut self, i: usize, at: DateTime<Utc>) {
        let downs = self.task.subtasks[i].downstreams.clone();
        for d in downs {
            let Some(di) = self.index(d) else { continue };
            let ups = self.task.subtasks[di].upstreams.clone();
            let all = ups.iter().all(|u| {
                self.subtask(*u)
                    .is_some_and(|s| s.status == SubtaskStatus::Successful)
            });
            if all && self.task.subtasks[di].status == SubtaskStatus::Pending {
                self.task.subtasks[di].status = SubtaskStatus::Ready;
                self.steps[di].ready_at = Some(at);
            }
        }
    }

    fn apply(&mut self, world: &mut OcpWorld, i: usize) -> Result<(), String> {
        let tenant_id = self.task.tenant_id.unwrap_or_default();
        let cluster_id = self.task.cluster_id.unwrap_or_default();
        let before = |world: &OcpWorld, zone: &str| {
            world
                .tenants
                .iter()
                .find(|t| t.id == tenant_id)
                .and_then(|t| t.zones.iter().find(|z| z.name == zone).cloned())
        };
        match self.steps[i].effect.clone() {
            Effect::None | Effect::DropPools(_) => Ok(()),
            Effect::TenantNormal => {
                if let Some(t) = world.tenant_mut(tenant_id) {
                    t.status = "NORMAL".to_owned();
                }
                Ok(())
            }
            Effect::AddZone(plan) => {
                let old = before(world, &plan.zone);
                let zone = world
                    .new_zone(cluster_id, &plan)
                    .map_err(|e| e.describe())?;
                self.steps[i].undo = Some(old);
                if let Some(t) = world.tenant_mut(tenant_id) {
                    t.zones.retain(|z| z.name != plan.zone);
                    t.zones.push(zone);
                    sync_locality(t);
                }
                Ok(())
            }
            Effect::RemoveZone(name) => {
                self.steps[i].undo = Some(before(world, &name));
                if let Some(t) = world.tenant_mut(tenant_id) {
                    t.zones.retain(|z| z.name != name);
                    sync_locality(t);
                }
                Ok(())
            }
            Effect::ModifyZone { change, config } => {
                let Some(old) = before(world, &change.zone_name) else {
                    return Err(format!("zone {} is not in the tenant", change.zone_name));
                };
                let mut zone = old.clone();
                if let Some(t) = change.replica_type {
                    zone.replica_type = t.as_str().to_owned();
                }
                let count = change.resource_pool.as_ref().and_then(|p| p.unit_count);
                if config.is_some() || count.is_some() {
                    let Some(pool) = zone.resource_pool.as_mut() else {
                        return Err(format!("zone {} has no resource pool", change.zone_name));
                    };
                    if let Some(c) = config {
                        pool.unit_config = Some(c);
                    }
                    if let Some(n) = count {
                        pool.unit_count = n;
                    }
                    let prefer: Vec<i64> = old.units.iter().map(|u| u.server_id).collect();
                    let servers = world
                        .place(
                            cluster_id,
                            &change.zone_name,
                            pool.unit_config.unwrap_or_default(),
                            pool.unit_count,
                            Some(pool.id),
                            &prefer,
                        )
                        .map_err(|e| e.describe())?;
                    let pool_id = pool.id;
                    let mut units = Vec::new();
                    for s in &servers {
                        match old.units.iter().find(|u| u.server_id == s.id) {
                            Some(u) => units.push(u.clone()),
                            None => units.push(world.unit_on(pool_id, s)),
                        }
                    }
                    zone.units = units;
                }
                self.steps[i].undo = Some(Some(old));
                if let Some(t) = world.tenant_mut(tenant_id) {
                    t.zones.retain(|z| z.name != change.zone_name);
                    t.zones.push(zone);
                    sync_locality(t);
                }
                Ok(())
            }
        }
    }

    fn undo(&mut self, world: &mut OcpWorld, i: usize) {
        let tenant_id = self.task.tenant_id.unwrap_or_default();
        let zone_name = match &self.steps[i].effect {
            Effect::AddZone(plan) => plan.zone.clone(),
            Effect::RemoveZone(z) => z.clone(),
            Effect::ModifyZone { change, .. } => change.zone_name.clone(),
            _ => return,
        };
        let Some(previous) = self.steps[i].undo.take() else {
            return;
        };
        if let Some(t) = world.tenant_mut(tenant_id) {
            t.zones.retain(|z| z.name != zone_name);
            if let Some(z) = previous {
                t.zones.push(z);
            }
            sync_locality(t);
        }
    }

    /// Runs the task up to `now`.
    pub fn advance(&mut self, world: &mut OcpWorld, now: DateTime<Utc>, speed: f64) {
        if self.task.status.is_terminal() {
            return;
        }
        let speed = speed.max(0.001);
        loop {
            if self.task.operation == Operation::Rollback {
                if !self.advance_rollback(world, now, speed) {
                    break;
                }
                continue;
            }
            for i in 0..self.task.subtasks.len() {
                if self.task.subtasks[i].status == SubtaskStatus::Ready {
                    let at = self.steps[i].ready_at.unwrap_or(now).min(now);
                    self.start(world, i, at, speed);
                }
            }
            let next = (0..self.steps.len())
                .filter_map(|i| self.steps[i].ends_at.map(|t| (t, i)))
                .filter(|(t, _)| *t <= now)
                .min();
            let Some((at, i)) = next else { break };
            self.finish(world, i, at);
        }
        self.settle(world, now);
    }

    /// One step of a rollback; false when there is nothing to do before `now`.
    fn advance_rollback(&mut self, world: &mut OcpWorld, now: DateTime<Utc>, speed: f64) -> bool {
        let running = (0..self.steps.len()).find(|&i| self.steps[i].ends_at.is_some());
        if let Some(i) = running {
            let Some(end) = self.steps[i].ends_at.filter(|t| *t <= now) else {
                return false;
            };
            self.finish(world, i, end);
            self.steps[i].ready_at = Some(end);
            if self.task.subtasks[i].status == SubtaskStatus::Failed {
                // A canceled rollback: the task's rollback failed (FAILED, operation ROLLBACK,
                // the tenant still MODIFYING).
                self.rollback.clear();
                self.task.status = TaskStatus::Failed;
                self.task.finish_time = Some(ocp_time(end));
                return false;
            }
            return self.start_next_rollback(world, end, speed);
        }
        let at = self
            .steps
            .iter()
            .filter_map(|s| s.ready_at)
            .max()
            .unwrap_or(now);
        self.start_next_rollback(world, at.min(now), speed)
    }

    fn start_next_rollback(&mut self, world: &mut OcpWorld, at: DateTime<Utc>, speed: f64) -> bool {
        if self.rollback.is_empty() {
            self.task.status = TaskStatus::Failed;
            self.task.finish_time = Some(ocp_time(at));
            if let Some(t) = self.task.tenant_id.and_then(|id| world.tenant_mut(id)) {
                t.status = "NORMAL".to_owned();
            }
            return false;
        }
        let id = self.rollback.remove(0);
        let Some(i) = self.index(id) else {
            return true;
        };
        let name = self.task.subtasks[i].name.clone();
        let length = Duration::milliseconds((SHORT_STEP / speed * 1000.0) as i64);
        {
            let s = &mut self.task.subtasks[i];
            s.status = SubtaskStatus::Running;
            s.operation = Operation::Rollback;
            s.start_time = Some(ocp_time(at));
            s.finish_time = None;
        }
        self.steps[i].ends_at = Some(at + length);
        self.header(i, at, Operation::Rollback);
        self.line(i, at, "INFO", &format!("Roll back subtask: {name}"));
        true
    }

    /// The task's status from its subtasks'.
    fn settle(&mut self, world: &mut OcpWorld, now: DateTime<Utc>) {
        if self.task.operation == Operation::Rollback || self.task.status.is_terminal() {
            return;
        }
        let statuses: Vec<SubtaskStatus> = self.task.subtasks.iter().map(|s| s.status).collect();
        let busy = statuses.iter().any(|s| {
            matches!(
                s,
                SubtaskStatus::Running | SubtaskStatus::Ready | SubtaskStatus::Canceling
            )
        });
        if busy {
            return;
        }
        let last = self
            .task
            .subtasks
            .iter()
            .filter_map(|s| s.finish_time.clone())
            .max()
            .unwrap_or_else(|| ocp_time(now));
        if statuses.contains(&SubtaskStatus::Failed) {
            self.task.status = TaskStatus::Failed;
            self.task.finish_time = Some(last);
        } else if statuses.iter().all(|s| *s == SubtaskStatus::Successful) {
            self.task.status = TaskStatus::Successful;
            self.task.finish_time = Some(last);
            if let Some(t) = self.task.tenant_id.and_then(|id| world.tenant_mut(id)) {
                t.status = "NORMAL".to_owned();
            }
        }
    }

    fn rerun(&mut self, i: usize, now: DateTime<Utc>) {
        let s = &mut self.task.subtasks[i];
        s.status = SubtaskStatus::Ready;
        s.operation = Operation::Retry;
        s.run_time += 1;
        self.steps[i].ready_at = Some(now);
    }

    /// Task retry or rollback, if OCP allows it now.
    pub fn task_op(&mut self, op: TaskOp, now: DateTime<Utc>) -> Result<(), Refusal> {
        ops::check_task_op(&self.task, op)?;
        self.task.finish_time = None;
        self.task.status = TaskStatus::Running;
        match op {
            TaskOp::Retry => {
                self.task.operation = Operation::Retry;
                for i in 0..self.task.subtasks.len() {
                    if self.task.subtasks[i].status == SubtaskStatus::Failed {
                        self.rerun(i, now);
                    }
                }
            }
            TaskOp::Rollback => {
                self.task.operation = Operation::Rollback;
                let mut ran: Vec<(String, i64)> = self
                    .task
                    .subtasks
                    .iter()
                    .filter(|s| {
                        // What ran and was not rolled back yet (a failed rollback is tried again).
                        !(s.operation == Operation::Rollback
                            && s.status == SubtaskStatus::Successful)
                            && matches!(s.status, SubtaskStatus::Successful | SubtaskStatus::Failed)
                    })
                    .map(|s| (s.finish_time.clone().unwrap_or_default(), s.id))
                    .collect();
                ran.sort();
                ran.reverse();
                self.rollback = ran.into_iter().map(|(_, id)| id).collect();
                for s in &mut self.steps {
                    s.ready_at = Some(now);
                    s.ends_at = None;
                }
            }
        }
        Ok(())
    }

    /// Subtask retry, skip or cancel, if OCP allows it now.
    pub fn subtask_op(
        &mut self,
        subtask: i64,
        op: SubtaskOp,
        now: DateTime<Utc>,
        speed: f64,
    ) -> Result<(), Refusal> {
        let Some(i) = self.index(subtask) else {
            return Err(Refusal {
                code: obshell_protocol::ocp::codes::TASK_NOT_EXISTS,
                message: obshell_protocol::ocp::codes::TASK_NOT_EXISTS
                    .message(&format!("{} subtask {subtask}", self.task.id)),
            });
        };
        ops::check_subtask_op(&self.task.subtasks[i], op)?;
        match op {
            SubtaskOp::Retry => {
                self.rerun(i, now);
                self.task.operation = Operation::Retry;
            }
            SubtaskOp::Skip => {
                let s = &mut self.task.subtasks[i];
                s.status = SubtaskStatus::Successful;
                s.operation = Operation::Skip;
                s.finish_time = Some(ocp_time(now));
                let name = s.name.clone();
                self.line(
                    i,
                    now,
                    "WARN",
                    &format!("Subtask {name} set as successful (skipped) by admin"),
                );
                self.release(i, now);
            }
            SubtaskOp::Cancel => {
                let s = &mut self.task.subtasks[i];
                s.status = SubtaskStatus::Canceling;
                // A rollback being canceled stays a rollback (its retry is then refused).
                if s.operation != Operation::Rollback {
                    s.operation = Operation::Cancel;
                }
                let name = s.name.clone();
                self.steps[i].failing = None;
                self.steps[i].log.retain(|(t, _)| *t <= now);
                self.steps[i].ends_at = Some(
                    now + Duration::milliseconds((SHORT_STEP / speed.max(0.001) * 1000.0) as i64),
                );
                self.line(
                    i,
                    now,
                    "WARN",
                    &format!("Cancel subtask {name} requested by admin"),
                );
            }
        }
        if self.task.status.is_terminal() {
            self.task.status = TaskStatus::Running;
            self.task.finish_time = None;
        }
        Ok(())
    }
}
