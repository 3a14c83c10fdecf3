//! The demo cluster `make run` starts with (documented in the README).

use chrono::{DateTime, Duration, Utc};

use super::{Cluster, IdleHost, Pool, Server, Tenant, Unit, UnitConfigRec, Zone};

const GIB: i64 = 1 << 30;

/// One tenant of the seed: name, mode, primary zone, locality, unit config, unit number,
/// `enable_rebalance`, root password.
struct TenantSeed {
    name: &'static str,
    mode: &'static str,
    primary_zone: &'static str,
    locality: &'static [(&'static str, &'static str)],
    config: &'static str,
    unit_num: i64,
    rebalance: bool,
    root_password: &'static str,
}

const TENANTS: &[TenantSeed] = &[
    TenantSeed {
        name: "sys",
        mode: "MYSQL",
        primary_zone: "RANDOM",
        locality: &[("zone1", "FULL"), ("zone2", "FULL"), ("zone3", "FULL")],
        config: "sys_unit_config",
        unit_num: 1,
        rebalance: true,
        root_password: "",
    },
    TenantSeed {
        name: "orders",
        mode: "MYSQL",
        primary_zone: "zone1;zone2",
        locality: &[("zone1", "FULL"), ("zone2", "FULL")],
        config: "unit_4c16g",
        unit_num: 1,
        rebalance: true,
        root_password: "Orders#2026",
    },
    TenantSeed {
        name: "billing",
        mode: "ORACLE",
        primary_zone: "zone1,zone2;zone3",
        locality: &[("zone1", "FULL"), ("zone2", "FULL"), ("zone3", "FULL")],
        config: "unit_2c8g",
        unit_num: 2,
        rebalance: false,
        root_password: "Billing#2026",
    },
    TenantSeed {
        name: "logs",
        mode: "MYSQL",
        primary_zone: "zone1",
        locality: &[("zone1", "FULL")],
        config: "unit_2c8g",
        unit_num: 1,
        rebalance: true,
        root_password: "",
    },
    TenantSeed {
        name: "analytics",
        mode: "MYSQL",
        primary_zone: "zone1",
        locality: &[("zone1", "FULL"), ("zone2", "READONLY")],
        config: "unit_2c8g",
        unit_num: 1,
        rebalance: true,
        root_password: "Analytics#2026",
    },
];

impl Cluster {
    /// A zone of the demo's kind: two servers `10.0.<subnet>.1` and `.2` of 16 cores, 64 GiB
    /// memory, 256 GiB log disk, 1 TiB data disk; the first with a root service replica.
    pub fn demo_zone(name: &str, region: &str, subnet: u8, since: DateTime<Utc>) -> Zone {
        Zone {
            name: name.to_owned(),
            region: region.to_owned(),
            idc: format!("idc{subnet}"),
            status: "ACTIVE".to_owned(),
            servers: (1..=2u8)
                .map(|s| Server {
                    ip: format!("10.0.{subnet}.{s}"),
                    rpc_port: 2882,
                    sql_port: 2881,
                    agent_port: 2886,
                    status: "ACTIVE".to_owned(),
                    with_rootserver: s == 1,
                    cpu_capacity: 16.0,
                    cpu_capacity_max: 16.0,
                    mem_capacity: 64 * GIB,
                    log_disk_capacity: 256 * GIB,
                    data_disk_capacity: 1024 * GIB,
                    start_time: since,
                    data_dir: "/home/admin/oceanbase/store".to_owned(),
                    redo_dir: "/home/admin/oceanbase/store".to_owned(),
                })
                .collect(),
        }
    }

    /// Three zones in two regions (zone1, zone2 in `hangzhou`, zone3 in `shanghai`), two servers
    /// each (16 cores, 64 GiB memory, 256 GiB log disk, 1 TiB data disk), `sys` plus four user
    /// tenants (`logs` without a root password), four
    /// unit configs, and three idle hosts (two ready to scale out, one with another OceanBase
    /// version).
    pub fn demo(now: DateTime<Utc>) -> Self {
        let since = now - Duration::days(30);
        let zone = |n: u8, region: &str| Self::demo_zone(&format!("zone{n}"), region, n, since);
        let mut cluster = Self {
            id: 1_732_500_000,
            name: "demo".to_owned(),
            ob_version: "4.3.5.2".to_owned(),
            build_version: "4.3.5.2_102000042025060614-e0b4fb54b7d4d8b4a2e3e8e3b1b2b5cbbe9f3e47(Jun  6 2025 14:00:00)"
                .to_owned(),
            agent_version: "4.5.0.0-100000012026050800".to_owned(),
            zones: vec![zone(1, "hangzhou"), zone(2, "hangzhou"), zone(3, "shanghai")],
            unit_configs: Vec::new(),
            pools: Vec::new(),
            tenants: Vec::new(),
            idle_hosts: vec![
                IdleHost::ready("10.0.4.1"),
                IdleHost::ready("10.0.4.2"),
                idle("10.0.9.9", "4.5.0.0-100000012026050800", "4.2.1.0"),
            ],
            next_id: 1000,
        };
        for (name, cpu, mem, log) in [
            ("sys_unit_config", 1.0, 4 * GIB, 12 * GIB),
            ("unit_2c8g", 2.0, 8 * GIB, 24 * GIB),
            ("unit_4c16g", 4.0, 16 * GIB, 48 * GIB),
            ("unit_8c32g", 8.0, 32 * GIB, 96 * GIB),
        ] {
            let id = cluster.new_id();
            cluster.unit_configs.push(UnitConfigRec {
                id,
                name: name.to_owned(),
                max_cpu: cpu,
                min_cpu: cpu,
                memory_size: mem,
                log_disk_size: log,
                max_iops: i64::MAX,
                min_iops: i64::MAX,
                created: since,
                modified: since,
            });
        }
        for seed in TENANTS {
            cluster.seed_tenant(seed, since);
        }
        cluster
    }

    fn seed_tenant(&mut self, seed: &TenantSeed, since: DateTime<Utc>) {
        let tenant_id = if seed.name == "sys" { 1 } else { self.new_id() };
        let config_id = self
            .unit_config(seed.config)
            .map(|u| u.id)
            .unwrap_or_default();
        for (zone, _) in seed.locality {
            let pool_id = self.new_id();
            let servers: Vec<String> = self
                .zone(zone)
                .map(|z| {
                    z.servers
                        .iter()
                        .take(usize::try_from(seed.unit_num).unwrap_or(1))
                        .map(Server::addr)
                        .collect()
                })
                .unwrap_or_default();
            let units = servers
                .into_iter()
                .map(|server| Unit {
                    id: self.new_id(),
                    zone: (*zone).to_owned(),
                    server,
                })
                .collect();
            self.pools.push(Pool {
                id: pool_id,
                name: format!("{}_pool_{zone}", seed.name),
                unit_config_id: config_id,
                unit_num: seed.unit_num,
                tenant_id: Some(tenant_id),
                zones: vec![(*zone).to_owned()],
                units,
                created: since,
                modified: since,
            });
        }
        let locality = seed
            .locality
            .iter()
            .map(|(z, t)| format!("{t}{{1}}@{z}"))
            .collect::<Vec<_>>()
            .join(", ");
        let (charset, collation) = if seed.mode == "ORACLE" {
            ("utf8mb4", "utf8mb4_bin")
        } else {
            ("utf8mb4", "utf8mb4_general_ci")
        };
        self.tenants.push(Tenant {
            id: tenant_id,
            name: seed.name.to_owned(),
            mode: seed.mode.to_owned(),
            status: "NORMAL".to_owned(),
            locked: false,
            primary_zone: seed.primary_zone.to_owned(),
            locality,
            created: since,
            comment: String::new(),
            charset: charset.to_owned(),
            collation: collation.to_owned(),
            whitelist: "%".to_owned(),
            time_zone: "+08:00".to_owned(),
            parameters: vec![(
                "enable_rebalance".to_owned(),
                if seed.rebalance { "True" } else { "False" }.to_owned(),
            )],
            root_password: seed.root_password.to_owned(),
        });
    }
}

impl IdleHost {
    /// A host ready to scale out into the demo cluster: the demo's agent and OceanBase versions,
    /// agent port 2886 (the seed's `10.0.4.1` and `10.0.4.2`, and `POST /__sim/idle-host`'s).
    pub fn ready(ip: &str) -> Self {
        idle(ip, "4.5.0.0-100000012026050800", "4.3.5.2")
    }
}

fn idle(ip: &str, version: &str, ob_version: &str) -> IdleHost {
    IdleHost {
        ip: ip.to_owned(),
        port: 2886,
        version: version.to_owned(),
        ob_version: ob_version.to_owned(),
        home_path: "/home/admin/oceanbase".to_owned(),
    }
}
