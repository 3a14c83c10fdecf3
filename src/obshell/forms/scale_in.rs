//! Scale-in: which OBServer leaves the cluster, checked against what the agent
//! (`obClusterScaleInHandler`, `ClusterScaleIn`) and OceanBase's `DELETE SERVER` would refuse.

use obshell_protocol::obshell::catalog;
use obshell_protocol::obshell::model::cluster_info::ClusterInfo;
use obshell_protocol::obshell::model::task::{AgentTarget, DagDetail, ScaleInRequest, TaskState};
use obshell_protocol::obshell::model::tenant::TenantInfo;
use obshell_protocol::obshell::model::ObInfo;
use obshell_protocol::obshell::replica::Locality;

use super::locks::holds_cluster_lock;
use super::FieldError;
use crate::core::i18n::fill;

/// `errors.ErrObClusterMultiPaxosNotAlive`: with force kill, a log stream on the server would
/// lose its majority (only the agent reports it; the simulator does not model log streams).
const MULTI_PAXOS_NOT_ALIVE: &str = "OB.Cluster.MultiPaxosNotAlive";

/// One OBServer with its agent, as the cluster reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaleInServer {
    pub zone: String,
    pub ip: String,
    pub rpc_port: u16,
    pub agent_port: u16,
    /// As the agent reports it (`RUNNING`, `ACTIVE`, `DELETING`, `UNAVAILABLE`, …).
    pub status: String,
}

impl ScaleInServer {
    /// `ip:agent_port`, how the form and the request name it.
    pub fn agent(&self) -> String {
        format!("{}:{}", self.ip, self.agent_port)
    }

    /// `ip:rpc_port`, how OceanBase and the pools name it.
    pub fn addr(&self) -> String {
        format!("{}:{}", self.ip, self.rpc_port)
    }

    fn alive(&self) -> bool {
        matches!(self.status.as_str(), "RUNNING" | "ACTIVE")
    }

    fn deleting(&self) -> bool {
        self.status == "DELETING"
    }
}

/// One resource pool of a tenant: its zones, units per zone and the servers holding them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolPlacement {
    pub zones: Vec<String>,
    pub unit_num: i64,
    /// `ip:rpc_port` of the servers with a unit of this pool (may be unknown: empty).
    pub servers: Vec<String>,
}

/// Where a tenant's replicas and units are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantPlacement {
    pub name: String,
    pub locality: Locality,
    pub pools: Vec<PoolPlacement>,
}

impl TenantPlacement {
    pub fn from_info(info: &TenantInfo) -> Self {
        let split = |text: &str, sep: char| -> Vec<String> {
            text.split(sep)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        };
        Self {
            name: info.tenant_name.clone(),
            locality: Locality::parse(&info.locality).unwrap_or_default(),
            pools: info
                .pools
                .iter()
                .map(|p| PoolPlacement {
                    zones: split(&p.zone_list, ';'),
                    unit_num: p.unit_num,
                    servers: split(&p.observer_list, ','),
                })
                .collect(),
        }
    }

    /// Units per zone the tenant keeps in `zone` (0: none).
    fn units_in(&self, zone: &str) -> i64 {
        self.pools
            .iter()
            .filter(|p| p.zones.iter().any(|z| z == zone))
            .map(|p| p.unit_num)
            .sum()
    }

    /// Whether a unit of the tenant is on `server` (`ip:rpc_port`). When the pool does not say
    /// which servers hold its units, any server of its zones may.
    fn has_unit_on(&self, server: &ScaleInServer) -> bool {
        self.pools.iter().any(|p| {
            p.zones.contains(&server.zone)
                && (p.servers.is_empty() || p.servers.contains(&server.addr()))
        })
    }
}

/// A task that keeps the cluster under maintenance, so the agent refuses a scale-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusyTask {
    pub id: String,
    pub name: String,
    pub state: TaskState,
}

/// Everything the scale-in rules check against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaleInContext {
    /// `ip:port` of the agent the console is connected to.
    pub connected: String,
    pub servers: Vec<ScaleInServer>,
    pub tenants: Vec<TenantPlacement>,
    pub busy: Vec<BusyTask>,
}

impl ScaleInContext {
    /// From `obcluster/info` (4.3.0+), with the unfinished DAGs.
    pub fn from_cluster_info(connected: String, info: &ClusterInfo, dags: &[DagDetail]) -> Self {
        let servers = info
            .zones
            .iter()
            .flat_map(|z| {
                z.servers.iter().map(|s| ScaleInServer {
                    zone: z.name.clone(),
                    ip: s.ip.clone(),
                    rpc_port: s.svr_port,
                    agent_port: s.obshell_port,
                    status: s.status.clone(),
                })
            })
            .collect();
        Self::new(connected, servers, &info.tenants, dags)
    }

    /// From `ob/info` and each tenant's detail (agents before 4.3.0).
    pub fn from_ob_info(
        connected: String,
        info: &ObInfo,
        tenants: &[TenantInfo],
        dags: &[DagDetail],
    ) -> Self {
        let servers = info
            .obcluster_info
            .iter()
            .flat_map(|c| &c.topology)
            .flat_map(|(zone, servers)| {
                servers.iter().map(|s| ScaleInServer {
                    zone: zone.clone(),
                    ip: s.svr_ip.clone(),
                    rpc_port: s.svr_port,
                    agent_port: s.agent_port,
                    status: s.status.clone(),
                })
            })
            .collect();
        Self::new(connected, servers, tenants, dags)
    }

    fn new(
        connected: String,
        servers: Vec<ScaleInServer>,
        tenants: &[TenantInfo],
        dags: &[DagDetail],
    ) -> Self {
        Self {
            connected,
            servers,
            tenants: tenants.iter().map(TenantPlacement::from_info).collect(),
            busy: Self::busy_of(dags),
        }
    }

    /// The unfinished DAGs that hold one of the cluster's locks: the agent refuses a scale-in
    /// while any does.
    pub fn busy_of(dags: &[DagDetail]) -> Vec<BusyTask> {
        dags.iter()
            .filter(|d| holds_cluster_lock(d))
            .map(|d| BusyTask {
                id: d.id.clone(),
                name: d.name.clone(),
                state: d.state,
            })
            .collect()
    }
}

/// The form as chosen.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScaleInForm {
    /// `ip:agent_port` of the server's agent.
    pub agent: String,
    pub force_kill: bool,
}

/// A checked scale-in: the body to send, and what the operator should know before sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaleInPlan {
    pub request: ScaleInRequest,
    pub notes: Vec<String>,
}

fn err(field: &'static str, message: String) -> FieldError {
    FieldError {
        row: 0,
        field,
        message,
    }
}

/// A count with its noun: `one` or `many` is a template with the count in `{0}`.
fn plural(n: i64, one: &str, many: &str) -> String {
    let count = crate::core::i18n::format::number(n as f64);
    fill(if n == 1 { one } else { many }, &[&count])
}

crate::texts! {
    /// The scale-in form's checks and notes.
    mod tx {
        task_busy: "Task: '{0}' ({1}) is {2} and keeps the cluster under maintenance; the agent refuses \
                 a scale-in until it ends ({3}). Let it finish, or roll it back, retry or pass it \
                 on its task page." => "任务：'{0}'（{1}）处于 {2} 状态，集群仍在维护中；任务结束前 Agent 会拒绝缩容（{3}）。请等它完成，或在其任务页面回滚、重试或跳过它。",
        server_required: "Server: choose the OBServer to remove" => "服务器：请选择要移除的 OBServer",
        server_unknown: "Server: {0} is not the agent of an OBServer of this cluster" => "服务器：{0} 不是本集群某个 OBServer 的 Agent",
        server_self: "Server: {0} is the agent this console is connected to, and an agent cannot \
                 remove itself ({1}). Connect to another agent of the cluster to remove this \
                 server." => "服务器：{0} 是本控制台当前连接的 Agent，Agent 不能移除自身（{1}）。请连接集群中的另一个 Agent 来移除这台服务器。",
        server_last: "Server: {0} is the last server of zone {1}, which holds units of {2}; OceanBase \
                 has nowhere to move them and refuses DELETE SERVER. Remove those tenants' \
                 replicas in {1} first." => "服务器：{0} 是 Zone {1} 的最后一台服务器，上面有 {2} 的资源单元；OceanBase 无处迁移它们，会拒绝 DELETE SERVER。请先删除这些租户在 {1} 中的副本。",
        server_units: "Server: tenant {0} keeps {1} in zone {2}, but after removing {3} only {4} \
                     left there, and OceanBase puts at most one unit of a tenant on a server \
                     (DELETE SERVER refuses). Lower the tenant's unit number or scale out zone {2} \
                     first." => "服务器：租户 {0} 在 Zone {2} 中有 {1}，但移除 {3} 后那里只剩 {4}，而 OceanBase 在一台服务器上最多放一个租户的一个资源单元（DELETE SERVER 会拒绝）。请先调低该租户的单元数量，或扩容 Zone {2}。",
        unit_one: "{0} unit" => "{0} 个资源单元",
        unit_many: "{0} units" => "{0} 个资源单元",
        server_one: "{0} server is" => "{0} 台服务器",
        server_many: "{0} servers are" => "{0} 台服务器",
        force_kill: "Force kill: tenant {0} has FULL replicas in {1}; with {2} killed first \
                         only {3} of {4} would be alive, not a majority ({5}). \
                         Scale in without force kill, so OceanBase moves the units before the \
                         observer stops." => "强制停止：租户 {0} 在 {1} 中有全能型副本（FULL）；先强制停止 {2} 后，{4} 个副本中只有 {3} 个存活，达不到多数派（{5}）。请不使用强制停止进行缩容，让 OceanBase 在 observer 停止前迁移资源单元。",
        note_zone_empty: "Zone {0} will have no server left; it stays in the cluster, empty." => "Zone {0} 将没有服务器；它会作为空 Zone 留在集群中。",
        note_deleting: "{0} is already DELETING; the task waits for OceanBase to finish." => "{0} 已处于 DELETING 状态；任务会等待 OceanBase 完成删除。",
    }
}

/// Checks the form against every refusal that can be foreseen in the browser.
pub fn validate_scale_in(
    form: &ScaleInForm,
    ctx: &ScaleInContext,
) -> Result<ScaleInPlan, Vec<FieldError>> {
    let mut errors = Vec::new();
    for task in &ctx.busy {
        errors.push(err(
            "task",
            fill(
                tx::t().task_busy,
                &[
                    &task.name,
                    &task.id,
                    &task.state.as_str(),
                    &catalog::CLUSTER_UNDER_MAINTENANCE_WITH_DAG.code,
                ],
            ),
        ));
    }
    let chosen = form.agent.trim();
    if chosen.is_empty() {
        errors.push(err("server", tx::t().server_required.to_owned()));
        return Err(errors);
    }
    let Some(server) = ctx.servers.iter().find(|s| s.agent() == chosen) else {
        errors.push(err("server", fill(tx::t().server_unknown, &[&chosen])));
        return Err(errors);
    };
    if server.agent() == ctx.connected {
        errors.push(err(
            "server",
            fill(
                tx::t().server_self,
                &[&chosen, &catalog::SERVER_DELETE_SELF.code],
            ),
        ));
    }
    let addr = server.addr();
    let left: Vec<&ScaleInServer> = ctx
        .servers
        .iter()
        .filter(|s| s.zone == server.zone && s.agent() != server.agent() && !s.deleting())
        .collect();
    let left_n = i64::try_from(left.len()).unwrap_or(i64::MAX);
    let holders: Vec<(&TenantPlacement, i64)> = ctx
        .tenants
        .iter()
        .map(|t| (t, t.units_in(&server.zone)))
        .filter(|(_, n)| *n > 0)
        .collect();
    if left.is_empty() && !holders.is_empty() {
        let names: Vec<&str> = holders.iter().map(|(t, _)| t.name.as_str()).collect();
        errors.push(err(
            "server",
            fill(
                tx::t().server_last,
                &[&addr, &server.zone, &names.join(", ")],
            ),
        ));
    } else {
        for (tenant, units) in holders.iter().filter(|(_, n)| *n > left_n) {
            errors.push(err(
                "server",
                fill(
                    tx::t().server_units,
                    &[
                        &tenant.name,
                        &plural(*units, tx::t().unit_one, tx::t().unit_many),
                        &server.zone,
                        &addr,
                        &plural(left_n, tx::t().server_one, tx::t().server_many),
                    ],
                ),
            ));
        }
    }
    if form.force_kill {
        for tenant in &ctx.tenants {
            if tenant.locality.get(&server.zone) != Some("FULL") || !tenant.has_unit_on(server) {
                continue;
            }
            let members: Vec<&str> = tenant
                .locality
                .iter()
                .filter(|(_, kind)| *kind == "FULL")
                .map(|(zone, _)| zone)
                .collect();
            // A member in another zone is down when none of the servers that may hold the
            // tenant's unit there is alive.
            let alive = members
                .iter()
                .filter(|zone| **zone != server.zone)
                .filter(|zone| {
                    ctx.servers
                        .iter()
                        .filter(|s| s.zone == **zone && tenant.has_unit_on(s))
                        .any(ScaleInServer::alive)
                })
                .count();
            if alive * 2 <= members.len() {
                errors.push(err(
                    "force kill",
                    fill(
                        tx::t().force_kill,
                        &[
                            &tenant.name,
                            &members.join(", "),
                            &addr,
                            &crate::core::i18n::format::number(alive as f64),
                            &crate::core::i18n::format::number(members.len() as f64),
                            &MULTI_PAXOS_NOT_ALIVE,
                        ],
                    ),
                ));
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut notes = Vec::new();
    if left.is_empty() {
        notes.push(fill(tx::t().note_zone_empty, &[&server.zone]));
    }
    if server.deleting() {
        notes.push(fill(tx::t().note_deleting, &[&addr]));
    }
    Ok(ScaleInPlan {
        request: ScaleInRequest {
            agent_info: AgentTarget {
                ip: server.ip.clone(),
                port: server.agent_port,
            },
            force_kill: form.force_kill,
        },
        notes,
    })
}

#[cfg(test)]
mod tests;
