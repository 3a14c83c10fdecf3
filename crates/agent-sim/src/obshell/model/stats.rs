//! Resource figures as `obcluster/info` reports them (docs/protocol/obshell.md §4.2, §4.12):
//! each server's capacity, what its units are given and the data disk they use, the cluster's
//! sums, and each tenant's use. Every figure comes from the units the model places, so the
//! servers, the tenants and the cluster add up; the workload behind the use is made up, the
//! same for a tenant on every call.

use obshell_protocol::obshell::model::cluster_info::{
    ResourceStats, ServerStats, TenantResourceStat,
};

use super::{Cluster, Pool, Server, Tenant};

const KB: i64 = 1 << 10;
const MB: i64 = 1 << 20;
const GB: i64 = 1 << 30;
const TB: i64 = 1 << 40;
const PB: i64 = 1 << 50;
const EB: i64 = 1 << 60;

/// The agent's `parse.FormatCapacity`: two decimals and a spaced unit (`64.00 GB`). From a
/// petabyte the agent divides by a petabyte and still writes `EB`; kept.
pub fn go_capacity(bytes: i64) -> String {
    let (unit, name) = match bytes {
        b if b >= EB => (EB, "EB"),
        b if b >= PB => (PB, "EB"),
        b if b >= TB => (TB, "TB"),
        b if b >= GB => (GB, "GB"),
        b if b >= MB => (MB, "MB"),
        b if b >= KB => (KB, "KB"),
        b => return format!("{b} bytes"),
    };
    format!("{:.2} {name}", bytes as f64 / unit as f64)
}

/// `part / total * 100`, unrounded, as Go computes it. The agent never meets a zero total here
/// (it would marshal NaN and fail); the simulator answers 0 then.
pub fn go_percent(part: f64, total: f64) -> f64 {
    if total == 0.0 {
        0.0
    } else {
        part / total * 100.0
    }
}

/// A server's row of `GV$OB_SERVERS` as the agent reads it (`ObServerCapacity.ToBO`): the CPU
/// and memory the units are given, and the data disk in use.
pub fn base_stats(cpu: (f64, f64), memory: (i64, i64), disk: (i64, i64)) -> ResourceStats {
    ResourceStats {
        cpu_core_total: cpu.0,
        cpu_core_assigned: cpu.1,
        cpu_core_assigned_percent: go_percent(cpu.1, cpu.0),
        memory_total: go_capacity(memory.0),
        memory_assigned: go_capacity(memory.1),
        memory_in_bytes_total: memory.0,
        memory_in_bytes_assigned: memory.1,
        memory_assigned_percent: go_percent(memory.1 as f64, memory.0 as f64),
        disk_total: go_capacity(disk.0),
        disk_assigned: go_capacity(disk.1),
        disk_in_bytes_total: disk.0,
        disk_in_bytes_assigned: disk.1,
        disk_assigned_percent: go_percent(disk.1 as f64, disk.0 as f64),
    }
}

/// The cluster's `stats`: the servers' figures summed (`BaseResourceStats.Add`).
pub fn cluster_stats<'a>(servers: impl Iterator<Item = &'a ResourceStats>) -> ResourceStats {
    match servers.map(ResourceStats::capacity).reduce(|a, b| a + b) {
        Some(c) => base_stats(c.cpu, c.memory, c.disk),
        None => ResourceStats::default(),
    }
}

/// A stable number in `0..modulo` for `text` (FNV-1a), so a tenant's made-up figures stay put.
fn spread(text: &str, salt: u8, modulo: u64) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes().chain([salt]) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    i64::try_from(h % modulo.max(1)).unwrap_or_default()
}

impl Cluster {
    /// The data a tenant holds in each of its replicas: 2 GiB for `sys`, 8 to 64 GiB for others.
    pub fn tenant_data_size(&self, tenant: &Tenant) -> i64 {
        if tenant.id == 1 {
            2 * GB
        } else {
            (8 + spread(&tenant.name, 0, 57)) * GB
        }
    }

    /// The data disk one unit of `pool` uses: its replica's data spread over the zone's units.
    pub fn unit_data_in_use(&self, pool: &Pool) -> i64 {
        let Some(tenant) = pool
            .tenant_id
            .and_then(|id| self.tenants.iter().find(|t| t.id == id))
        else {
            return 0;
        };
        self.tenant_data_size(tenant) / pool.unit_num.max(1)
    }

    /// The data disk the units on `server` (`ip:rpc_port`) use (`DATA_DISK_IN_USE`).
    pub fn data_in_use_on(&self, server: &str) -> i64 {
        self.pools
            .iter()
            .map(|p| {
                let here = p.units.iter().filter(|u| u.server == server).count();
                self.unit_data_in_use(p) * i64::try_from(here).unwrap_or_default()
            })
            .sum()
    }

    /// One server's `stats`: its resources and, again as used and free, its data disk
    /// (`FillExtendDiskStats`).
    pub fn server_stats(&self, zone: &str, server: &Server) -> ServerStats {
        let used = self.used_on(&server.addr());
        let in_use = self.data_in_use_on(&server.addr());
        let total = server.data_disk_capacity;
        ServerStats {
            resources: base_stats(
                (server.cpu_capacity, used.min_cpu),
                (server.mem_capacity, used.memory),
                (total, in_use),
            ),
            ip: server.ip.clone(),
            port: server.rpc_port,
            zone: zone.to_owned(),
            disk_used: go_capacity(in_use),
            disk_free: go_capacity(total - in_use),
            disk_in_bytes_used: in_use,
            disk_in_bytes_free: total - in_use,
            disk_used_percent: go_percent(in_use as f64, total as f64),
        }
    }

    /// `tenant_stats`: per tenant, the CPU and memory its units have (the sums of OceanBase's
    /// per-server statistics), how much of them it uses, and the data disk of all its units.
    /// `with_totals`: the two totals themselves are in the answer (4.4.2.0 and later).
    pub fn tenant_stats(&self, with_totals: bool) -> Vec<TenantResourceStat> {
        self.tenants
            .iter()
            .map(|t| {
                let mut cpu_centi: i64 = 0;
                let mut memory: i64 = 0;
                let mut data: i64 = 0;
                for pool in self.tenant_pools(t.id) {
                    let units = i64::try_from(pool.units.len()).unwrap_or_default();
                    if let Some(config) = self.unit_config_by_id(pool.unit_config_id) {
                        cpu_centi += (config.max_cpu * 100.0).round() as i64 * units;
                        memory += config.memory_size * units;
                    }
                    data += self.unit_data_in_use(pool) * units;
                }
                // OceanBase's counters are integers: CPU in hundredths of a core, memory in bytes.
                let cpu_used = cpu_centi * (50 + spread(&t.name, 1, 500)) / 1000;
                let memory_used = memory / 1000 * (300 + spread(&t.name, 2, 500));
                TenantResourceStat {
                    tenant_id: t.id,
                    tenant_name: t.name.clone(),
                    cpu_used_percent: go_percent(cpu_used as f64, cpu_centi as f64),
                    memory_used_percent: go_percent(memory_used as f64, memory as f64),
                    data_disk_usage: data,
                    data_disk_size_total: None,
                    data_disk_used_percent: None,
                    cpu_core_total: with_totals.then_some(cpu_centi as f64 / 100.0),
                    memory_in_bytes_total: with_totals.then_some(memory),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacities_read_as_the_agent_writes_them() {
        assert_eq!(go_capacity(64 * GB), "64.00 GB");
        assert_eq!(go_capacity(1536 * MB), "1.50 GB");
        assert_eq!(go_capacity(TB), "1.00 TB");
        assert_eq!(go_capacity(3 * PB), "3.00 EB");
        assert_eq!(go_capacity(1023), "1023 bytes");
        assert_eq!(go_capacity(0), "0 bytes");
        assert_eq!(go_percent(1.0, 3.0), 1.0 / 3.0 * 100.0);
        assert_eq!(go_percent(1.0, 0.0), 0.0);
    }
}
