//! The simulated OCP's world: two OB clusters with their zones and servers, the tenants with
//! their zones, pools and units, the unit specs, and what each server can hold. The ids are
//! listed in the module doc of [`crate::ocp`].

use std::collections::HashMap;

use obshell_protocol::obshell::replica::Locality;
use obshell_protocol::ocp::envelope::SubError;
use obshell_protocol::ocp::model::{ResourcePool, TenantZone};
use obshell_protocol::ocp::{Cluster, Server, Tenant, Unit, UnitConfig, UnitSpec};

mod seed;
mod task;
mod time;

pub use task::{Effect, Step, TaskRec};
pub use time::{log_time, ocp_time};

/// OceanBase's `OB_ZONE_RESOURCE_NOT_ENOUGH`, what "create resource pool" meets when the zone's
/// servers cannot hold the units.
pub const OB_ZONE_RESOURCE_NOT_ENOUGH: i64 = 4733;

/// What a server can hold: CPU cores and memory (GB).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Capacity {
    pub cpu: f64,
    pub memory_gb: f64,
}

/// An armed fault: the next `times` executions of subtasks named `subtask` fail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailRule {
    pub subtask: String,
    pub times: u32,
}

/// A pool to create in one zone.
#[derive(Debug, Clone, PartialEq)]
pub struct PoolPlan {
    pub zone: String,
    pub replica_type: String,
    pub pool_name: String,
    pub config: UnitConfig,
    pub count: i64,
}

/// Everything the simulated OCP knows.
#[derive(Debug, Clone)]
pub struct OcpWorld {
    pub clusters: Vec<Cluster>,
    /// Tenants with their zones (the tenant list leaves the zones out).
    pub tenants: Vec<Tenant>,
    pub specs: Vec<UnitSpec>,
    /// Server id → what it can hold.
    pub capacity: HashMap<i64, Capacity>,
    pub tasks: Vec<TaskRec>,
    pub fail_rules: Vec<FailRule>,
    next_object: i64,
    next_task: i64,
    next_subtask: i64,
}

/// The config of a spec, as a pool carries it.
pub fn unit_config(spec: &UnitSpec) -> UnitConfig {
    UnitConfig {
        max_cpu_core_count: spec.max_cpu_core_count,
        min_cpu_core_count: spec.min_cpu_core_count,
        max_memory_size: spec.max_memory_size,
        min_memory_size: spec.min_memory_size,
    }
}

impl OcpWorld {
    pub fn refresh_counts(&mut self) {
        for c in &mut self.clusters {
            c.tenant_count = self.tenants.iter().filter(|t| t.cluster_id == c.id).count() as i64;
        }
    }

    pub fn object_id(&mut self) -> i64 {
        self.next_object += 1;
        self.next_object
    }

    pub fn task_id(&mut self) -> i64 {
        self.next_task += 1;
        self.next_task
    }

    pub fn subtask_id(&mut self) -> i64 {
        self.next_subtask += 1;
        self.next_subtask
    }

    pub fn cluster(&self, id: i64) -> Option<&Cluster> {
        self.clusters.iter().find(|c| c.id == id)
    }

    pub fn tenant(&self, cluster: i64, id: i64) -> Option<&Tenant> {
        self.tenants
            .iter()
            .find(|t| t.id == id && t.cluster_id == cluster)
    }

    pub fn tenant_mut(&mut self, id: i64) -> Option<&mut Tenant> {
        self.tenants.iter_mut().find(|t| t.id == id)
    }

    pub fn spec(&self, name: &str) -> Option<&UnitSpec> {
        self.specs.iter().find(|s| s.name == name)
    }

    /// What the units on `server` use, leaving out the pool `except`.
    fn used(&self, server: i64, except: Option<i64>) -> Capacity {
        let mut used = Capacity {
            cpu: 0.0,
            memory_gb: 0.0,
        };
        for t in &self.tenants {
            for z in &t.zones {
                let Some(pool) = &z.resource_pool else {
                    continue;
                };
                if Some(pool.id) == except {
                    continue;
                }
                let cfg = pool.unit_config.unwrap_or_default();
                let here = z.units.iter().filter(|u| u.server_id == server).count() as f64;
                used.cpu += here * cfg.max_cpu_core_count;
                used.memory_gb += here * cfg.max_memory_size;
            }
        }
        used
    }

    /// OceanBase's placement of `count` units of `cfg` in `zone`: distinct RUNNING servers with
    /// room, those in `prefer` first (the pool's current servers), then the emptiest. Refuses
    /// like OceanBase does (4733) when the zone cannot hold them.
    pub fn place(
        &self,
        cluster: i64,
        zone: &str,
        cfg: UnitConfig,
        count: i64,
        except_pool: Option<i64>,
        prefer: &[i64],
    ) -> Result<Vec<Server>, Box<SubError>> {
        let servers: Vec<&Server> = self
            .cluster(cluster)
            .and_then(|c| c.zones.iter().find(|z| z.name == zone))
            .map(|z| z.servers.iter().filter(|s| s.is_active()).collect())
            .unwrap_or_default();
        let mut fits: Vec<(bool, f64, &Server)> = Vec::new();
        let mut short = None;
        for s in servers {
            let cap = self.capacity.get(&s.id).copied().unwrap_or(Capacity {
                cpu: 0.0,
                memory_gb: 0.0,
            });
            let used = self.used(s.id, except_pool);
            let free_cpu = cap.cpu - used.cpu;
            let free_mem = cap.memory_gb - used.memory_gb;
            if free_mem + 1e-9 < cfg.max_memory_size {
                short.get_or_insert((format!("{}:{}", s.ip, s.port), "MEMORY"));
            } else if free_cpu + 1e-9 < cfg.max_cpu_core_count {
                short.get_or_insert((format!("{}:{}", s.ip, s.port), "CPU"));
            } else {
                fits.push((prefer.contains(&s.id), free_mem, s));
            }
        }
        fits.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)));
        let wanted = usize::try_from(count).unwrap_or(0);
        if fits.len() < wanted {
            let detail = match short {
                Some((addr, what)) => format!(" server '\"{addr}\"' {what} resource not enough"),
                None => String::new(),
            };
            return Err(Box::new(SubError::oceanbase(
                OB_ZONE_RESOURCE_NOT_ENOUGH,
                "HY000",
                &format!(
                    "zone '{zone}' resource not enough to hold {count} unit. You can check resource info by views: DBA_OB_UNITS, GV$OB_UNITS, GV$OB_SERVERS.{detail}"
                ),
            )));
        }
        Ok(fits
            .into_iter()
            .take(wanted)
            .map(|(_, _, s)| s.clone())
            .collect())
    }

    /// A new tenant zone with its pool and units placed by OceanBase.
    pub fn new_zone(&mut self, cluster: i64, plan: &PoolPlan) -> Result<TenantZone, Box<SubError>> {
        let servers = self.place(cluster, &plan.zone, plan.config, plan.count, None, &[])?;
        let pool_id = self.object_id();
        let units = servers
            .iter()
            .map(|s| self.unit_on(pool_id, s))
            .collect::<Vec<_>>();
        Ok(TenantZone {
            name: plan.zone.clone(),
            replica_type: plan.replica_type.clone(),
            resource_pool: Some(ResourcePool {
                id: pool_id,
                name: plan.pool_name.clone(),
                unit_count: plan.count,
                unit_config: Some(plan.config),
            }),
            units,
        })
    }

    pub fn unit_on(&mut self, pool: i64, server: &Server) -> Unit {
        Unit {
            id: self.object_id(),
            resource_pool_id: pool,
            server_id: server.id,
            server_ip: server.ip.clone(),
            server_port: server.port,
            zone_name: server.zone_name.clone(),
            status: "ACTIVE".to_owned(),
        }
    }
}

/// Rewrites `locality` and `zoneList` from the tenant's zones, in the cluster's zone order.
pub fn sync_locality(tenant: &mut Tenant) {
    tenant.zones.sort_by(|a, b| a.name.cmp(&b.name));
    let mut locality = Locality::default();
    for z in &tenant.zones {
        locality.set(&z.name, &z.replica_type);
    }
    tenant.locality = locality.to_ob_string();
    tenant.zone_list = tenant
        .zones
        .iter()
        .map(|z| z.name.as_str())
        .collect::<Vec<_>>()
        .join(";");
}
