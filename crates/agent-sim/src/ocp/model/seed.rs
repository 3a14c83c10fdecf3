//! The two clusters the simulated OCP starts with, as documented in [`crate::ocp`]: cluster 1
//! from the agent simulator's demo cluster, cluster 2 seeded here.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use obshell_protocol::ocp::model::{ResourcePool, TenantZone};
use obshell_protocol::ocp::{Cluster, Server, Tenant, Unit, UnitConfig, UnitSpec, Zone};

use super::{sync_locality, Capacity, OcpWorld, PoolPlan};

const GIB: f64 = (1u64 << 30) as f64;

fn spec(id: i64, name: &str, kind: &str, cpu: f64, memory: f64) -> UnitSpec {
    UnitSpec {
        id,
        name: name.to_owned(),
        kind: kind.to_owned(),
        max_cpu_core_count: cpu,
        min_cpu_core_count: cpu,
        max_memory_size: memory,
        min_memory_size: memory,
    }
}

fn config(cpu: f64, memory: f64) -> UnitConfig {
    UnitConfig {
        max_cpu_core_count: cpu,
        min_cpu_core_count: cpu,
        max_memory_size: memory,
        min_memory_size: memory,
    }
}

struct ZoneSeed {
    name: &'static str,
    region: &'static str,
    idc: &'static str,
    /// (ip, status, cpu, memory GB) per server.
    servers: &'static [(&'static str, &'static str, f64, f64)],
}

/// Cluster 2's zones: zone1 on small hosts (8 cores, 16 GB: S3 and S4 do not fit), zone4 with
/// one of its two servers STOPPED (two units there are refused with 60011).
const EAST_ZONES: &[ZoneSeed] = &[
    ZoneSeed {
        name: "zone1",
        region: "shenzhen",
        idc: "sz1",
        servers: &[
            ("10.1.1.1", "RUNNING", 8.0, 16.0),
            ("10.1.1.2", "RUNNING", 8.0, 16.0),
        ],
    },
    ZoneSeed {
        name: "zone2",
        region: "shenzhen",
        idc: "sz2",
        servers: &[
            ("10.1.2.1", "RUNNING", 32.0, 128.0),
            ("10.1.2.2", "RUNNING", 32.0, 128.0),
        ],
    },
    ZoneSeed {
        name: "zone3",
        region: "guangzhou",
        idc: "gz1",
        servers: &[
            ("10.1.3.1", "RUNNING", 32.0, 128.0),
            ("10.1.3.2", "RUNNING", 32.0, 128.0),
        ],
    },
    ZoneSeed {
        name: "zone4",
        region: "guangzhou",
        idc: "gz2",
        servers: &[
            ("10.1.4.1", "RUNNING", 32.0, 128.0),
            ("10.1.4.2", "STOPPED", 32.0, 128.0),
        ],
    },
];

/// Cluster 2's tenants: id, name, mode, primary zone, locality, (cpu, memory GB), unit count.
type TenantSeed = (
    i64,
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
    (f64, f64),
    i64,
);

const EAST_TENANTS: &[TenantSeed] = &[
    (
        11,
        "sys",
        "MYSQL",
        "RANDOM",
        &[
            ("zone1", "FULL"),
            ("zone2", "FULL"),
            ("zone3", "FULL"),
            ("zone4", "FULL"),
        ],
        (1.0, 4.0),
        1,
    ),
    (
        12,
        "payments",
        "MYSQL",
        "zone2;zone3",
        &[("zone2", "FULL"), ("zone3", "FULL"), ("zone4", "FULL")],
        (4.0, 16.0),
        1,
    ),
    (
        13,
        "inventory",
        "ORACLE",
        "zone2",
        &[("zone2", "FULL"), ("zone3", "FULL")],
        (2.0, 8.0),
        2,
    ),
];

impl OcpWorld {
    /// The two clusters, as documented in [`crate::ocp`].
    pub fn demo(now: DateTime<Utc>) -> Self {
        let mut world = Self {
            clusters: Vec::new(),
            tenants: Vec::new(),
            specs: vec![
                spec(1, "S0", "SYSTEM", 1.0, 4.0),
                spec(2, "S1", "SYSTEM", 2.0, 8.0),
                spec(3, "S2", "SYSTEM", 4.0, 16.0),
                spec(4, "S3", "SYSTEM", 8.0, 32.0),
                spec(5, "S4", "SYSTEM", 16.0, 64.0),
                spec(6, "C_2C6G", "CUSTOM", 2.0, 6.0),
            ],
            capacity: HashMap::new(),
            tasks: Vec::new(),
            fail_rules: Vec::new(),
            next_object: 1000,
            next_task: 0,
            next_subtask: 10_000,
        };
        world.seed_demo(now);
        world.seed_east();
        world
    }

    /// Cluster 1 from the agent simulator's demo cluster: its zones, servers, tenants, pools
    /// and units.
    fn seed_demo(&mut self, now: DateTime<Utc>) {
        let demo = crate::obshell::model::Cluster::demo(now);
        let mut cluster = Cluster {
            id: 1,
            name: demo.name.clone(),
            ob_cluster_id: demo.id,
            ob_version: demo.ob_version.clone(),
            kind: "PRIMARY".to_owned(),
            status: "RUNNING".to_owned(),
            ..Cluster::default()
        };
        let mut server_ids: HashMap<String, (i64, String, u16)> = HashMap::new();
        let mut next_server = 0;
        for z in &demo.zones {
            let servers = z
                .servers
                .iter()
                .map(|s| {
                    next_server += 1;
                    server_ids.insert(s.addr(), (next_server, s.ip.clone(), s.rpc_port));
                    self.capacity.insert(
                        next_server,
                        Capacity {
                            cpu: s.cpu_capacity,
                            memory_gb: s.mem_capacity as f64 / GIB,
                        },
                    );
                    Server {
                        id: next_server,
                        ip: s.ip.clone(),
                        port: s.rpc_port,
                        sql_port: s.sql_port,
                        version: demo.ob_version.clone(),
                        with_rootserver: s.with_rootserver,
                        status: if s.status == "ACTIVE" {
                            "RUNNING".to_owned()
                        } else {
                            "STOPPED".to_owned()
                        },
                        zone_name: z.name.clone(),
                    }
                })
                .collect::<Vec<_>>();
            cluster.zones.push(Zone {
                name: z.name.clone(),
                idc_name: z.idc.clone(),
                region_name: z.region.clone(),
                status: "RUNNING".to_owned(),
                server_count: servers.len() as i64,
                servers,
            });
        }
        cluster.server_count = next_server;
        for (index, t) in demo.tenants.iter().enumerate() {
            let locality = t.locality();
            let mut zones = Vec::new();
            for pool in demo.tenant_pools(t.id) {
                let cfg = demo
                    .unit_config_by_id(pool.unit_config_id)
                    .map(|c| config(c.max_cpu, c.memory_size as f64 / GIB))
                    .unwrap_or_default();
                let pool_id = self.object_id();
                let units = pool
                    .units
                    .iter()
                    .map(|u| {
                        let (server_id, ip, port) =
                            server_ids.get(&u.server).cloned().unwrap_or_default();
                        Unit {
                            id: self.object_id(),
                            resource_pool_id: pool_id,
                            server_id,
                            server_ip: ip,
                            server_port: port,
                            zone_name: u.zone.clone(),
                            status: "ACTIVE".to_owned(),
                        }
                    })
                    .collect();
                for zone in &pool.zones {
                    zones.push(TenantZone {
                        name: zone.clone(),
                        replica_type: locality.get(zone).unwrap_or("FULL").to_owned(),
                        resource_pool: Some(ResourcePool {
                            id: pool_id,
                            name: pool.name.clone(),
                            unit_count: pool.unit_num,
                            unit_config: Some(cfg),
                        }),
                        units: Vec::new(),
                    });
                }
                if let Some(last) = zones.last_mut() {
                    last.units = units;
                }
            }
            let mut tenant = Tenant {
                id: index as i64 + 1,
                name: t.name.clone(),
                cluster_id: cluster.id,
                cluster_name: cluster.name.clone(),
                ob_tenant_id: t.id,
                mode: t.mode.clone(),
                status: "NORMAL".to_owned(),
                primary_zone: t.primary_zone.clone(),
                locked: t.locked,
                ob_version: demo.ob_version.clone(),
                zones,
                ..Tenant::default()
            };
            sync_locality(&mut tenant);
            self.tenants.push(tenant);
        }
        self.clusters.push(cluster);
    }

    /// Cluster 2, `obcluster-east`.
    fn seed_east(&mut self) {
        let mut cluster = Cluster {
            id: 2,
            name: "obcluster-east".to_owned(),
            ob_cluster_id: 1_732_600_000,
            ob_version: "4.3.5.2".to_owned(),
            kind: "PRIMARY".to_owned(),
            status: "RUNNING".to_owned(),
            ..Cluster::default()
        };
        let mut next_server = 10;
        for z in EAST_ZONES {
            let servers = z
                .servers
                .iter()
                .enumerate()
                .map(|(i, (ip, status, cpu, memory))| {
                    next_server += 1;
                    self.capacity.insert(
                        next_server,
                        Capacity {
                            cpu: *cpu,
                            memory_gb: *memory,
                        },
                    );
                    Server {
                        id: next_server,
                        ip: (*ip).to_owned(),
                        port: 2882,
                        sql_port: 2881,
                        version: cluster.ob_version.clone(),
                        with_rootserver: i == 0 && z.name != "zone4",
                        status: (*status).to_owned(),
                        zone_name: z.name.to_owned(),
                    }
                })
                .collect::<Vec<_>>();
            cluster.zones.push(Zone {
                name: z.name.to_owned(),
                idc_name: z.idc.to_owned(),
                region_name: z.region.to_owned(),
                status: "RUNNING".to_owned(),
                server_count: servers.len() as i64,
                servers,
            });
        }
        cluster.server_count = 8;
        self.clusters.push(cluster);
        for (id, name, mode, primary, locality, (cpu, memory), count) in EAST_TENANTS {
            let mut tenant = Tenant {
                id: *id,
                name: (*name).to_owned(),
                cluster_id: 2,
                cluster_name: "obcluster-east".to_owned(),
                ob_tenant_id: if *name == "sys" {
                    1
                } else {
                    1000 + 2 * (id - 11)
                },
                mode: (*mode).to_owned(),
                status: "NORMAL".to_owned(),
                primary_zone: (*primary).to_owned(),
                ob_version: "4.3.5.2".to_owned(),
                ..Tenant::default()
            };
            for (zone, kind) in *locality {
                let pool_name = format!("{name}_pool_{zone}");
                let plan = PoolPlan {
                    zone: (*zone).to_owned(),
                    replica_type: (*kind).to_owned(),
                    pool_name,
                    config: config(*cpu, *memory),
                    count: *count,
                };
                match self.new_zone(2, &plan) {
                    Ok(z) => tenant.zones.push(z),
                    Err(e) => tracing::error!(tenant = name, zone, error = e.message, "seed"),
                }
            }
            sync_locality(&mut tenant);
            self.tenants.push(tenant);
        }
        self.refresh_counts();
    }
}
