//! What `obcluster/statistics` reports of the model (docs/protocol/obshell.md §4.12): each
//! cluster host as its agent's `agent/host-info` describes it, and each observer with the
//! parameters that size it. The hosts' hardware is made up, sized to hold their observer.

use obshell_protocol::obshell::model::dashboard::{
    HostBasic, HostCpu, HostDisk, HostInfo, HostMemory, HostOs, HostUlimit, ObserverStatistics,
};

use super::{Cluster, Server};

const GIB: i64 = 1 << 30;

/// The agent names hosts and mount points by the SHA-1 of their IP and path, in lowercase hex
/// (docs/protocol/obshell.md §4.12). Not for security.
fn sha1_hex(input: &[u8]) -> String {
    use sha1::{Digest, Sha1};
    Sha1::digest(input)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A size as `df -h` prints it: one decimal below 10, else a whole number, rounded up.
fn df_size(bytes: i64) -> String {
    const UNITS: [&str; 5] = ["K", "M", "G", "T", "P"];
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if value < 10.0 {
        format!("{:.1}{}", (value * 10.0).ceil() / 10.0, UNITS[unit])
    } else {
        format!("{}{}", value.ceil(), UNITS[unit])
    }
}

/// A parameter's size as an operator writes it (`64G`).
fn parameter_size(bytes: i64) -> String {
    if bytes % GIB == 0 {
        format!("{}G", bytes / GIB)
    } else if bytes % (1 << 20) == 0 {
        format!("{}M", bytes >> 20)
    } else {
        bytes.to_string()
    }
}

/// The host of `server`: CentOS 7 on a KVM guest with one socket of as many cores as the
/// observer's CPU, a quarter more memory than its memory limit, a system disk and one data disk
/// holding the data file and the log disk. `/etc/os-release` quotes CentOS's ID and the agent
/// trims the quotes of the version only, so the OS reads `"centos"`, quotes included.
pub fn host_info(server: &Server) -> HostInfo {
    let memory_kb = server.mem_capacity / 4 * 5 / 1024;
    let store = server.data_disk_capacity + server.log_disk_capacity;
    let mount = |used: i64, total: i64, path: &str, device: &str| HostDisk {
        used: df_size(used),
        total: df_size(total),
        mount_hash: sha1_hex(path.as_bytes()),
        device_name: device.to_owned(),
    };
    HostInfo {
        os: HostOs {
            os: "\"centos\"".to_owned(),
            version: "7".to_owned(),
        },
        cpu: HostCpu {
            frequency: "2500.000".to_owned(),
            model_name: "Intel(R) Xeon(R) Platinum 8269CY CPU @ 2.50GHz".to_owned(),
            logical_cores: server.cpu_capacity_max.round() as i64,
            physical_cores: 1,
        },
        basic: HostBasic {
            host_hash: sha1_hex(server.ip.as_bytes()),
            host_type: "kvm".to_owned(),
        },
        disks: vec![
            mount(18 * GIB, 100 * GIB, "/", "/dev/vda1"),
            mount(store, store / 4 * 5, "/home/admin/oceanbase", "/dev/vdb"),
        ],
        memory: HostMemory {
            free: format!("{} kB", memory_kb / 100 * 8),
            total: format!("{memory_kb} kB"),
            available: format!("{} kB", memory_kb / 100 * 15),
        },
        ulimit: HostUlimit {
            nofile_hard: "655350".to_owned(),
            nofile_soft: "655350".to_owned(),
            max_user_processes_hard: "655360".to_owned(),
            max_user_processes_soft: "655360".to_owned(),
        },
    }
}

impl Cluster {
    /// Every host of the cluster, in the order of its zones and servers.
    pub fn hosts(&self) -> Vec<HostInfo> {
        self.servers().map(|(_, s)| host_info(s)).collect()
    }

    /// Every observer, in the order of `obcluster/info`. `full`: the agent read the cluster
    /// summary and its parameters; else (OceanBase unreachable) it knows the servers from its
    /// local table only, and nothing of their version, edition or parameters.
    pub fn observer_statistics(&self, full: bool) -> Vec<ObserverStatistics> {
        self.servers()
            .map(|(_, s)| {
                let host_hash = sha1_hex(s.ip.as_bytes());
                if !full {
                    return ObserverStatistics {
                        kind: "oceanbase".to_owned(),
                        host_hash,
                        ..ObserverStatistics::default()
                    };
                }
                // `4.3.5.2_1020…-e0b4…(…)`: the version, then the revision after `_`.
                let head = self.build_version.split('-').next().unwrap_or_default();
                let (version, revision) = match head.split_once('_') {
                    Some((v, r)) => (v.to_owned(), r.split('_').next().unwrap_or(r).to_owned()),
                    None => (self.ob_version.clone(), String::new()),
                };
                ObserverStatistics {
                    kind: "oceanbase-ce".to_owned(),
                    version,
                    revision,
                    cpu_count: s.cpu_capacity.round() as i64,
                    memory_limit: parameter_size(s.mem_capacity),
                    data_file_size: parameter_size(s.data_disk_capacity),
                    log_disk_size: parameter_size(s.log_disk_capacity),
                    host_hash,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_df_and_operators_write_them() {
        assert_eq!(df_size(100 * GIB), "100G");
        assert_eq!(df_size(1600 * GIB), "1.6T");
        assert_eq!(df_size(1280 * GIB), "1.3T");
        assert_eq!(parameter_size(64 * GIB), "64G");
        assert_eq!(parameter_size(1536 << 20), "1536M");
    }

    #[test]
    fn hosts_are_named_by_the_sha1_of_their_ip() {
        assert_eq!(sha1_hex(b"abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
    }
}
