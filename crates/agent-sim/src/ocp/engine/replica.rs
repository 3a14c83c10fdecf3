//! The replica operations' tasks as OCP builds them: which subtasks, in which layers, with
//! which effect on the world, and the order OCP lists them in.

use chrono::{DateTime, Utc};
use obshell_protocol::ocp::request::{ModifyReplica, ReplicaSpec};
use obshell_protocol::ocp::{Creator, Operation, Subtask, SubtaskStatus, Task, TaskStatus};
use serde_json::json;

use crate::ocp::model::{ocp_time, unit_config, Effect, OcpWorld, PoolPlan, Step, TaskRec};

const CLASS_PREFIX: &str = "com.alipay.ocp.service.task.business.tenant.";

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
