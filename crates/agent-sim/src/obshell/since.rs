//! The first agent versions of what the simulator reproduces but the console does not gate on
//! (those are the protocol crate's `Feature`s): the dashboard routes and their shapes
//! (docs/protocol/obshell.md §4.12, §7).

use obshell_protocol::obshell::version::{AgentVersion, Capabilities};

/// `/obcluster/statistics`, `/tenant/:name/precheck`, `/tenant/:name/compaction`,
/// `/tenant/top-compactions`, `/tenant/top-slow-sqls`; `tenant_stats` and the servers' disk
/// use in `/obcluster/info`.
pub const DASHBOARD: AgentVersion = AgentVersion::new(4, 3, 0, 0);
/// `/tenant/support-templates`; the tenant wrapper reads the tenant row (exists, locked) in one
/// query, "get tenant '…' info failed" (before: two queries, "check tenant '…' exist failed").
pub const SUPPORT_TEMPLATES: AgentVersion = AgentVersion::new(4, 3, 2, 0);
/// `telemetryEnabled` in the statistics, `obshell` in lower case (before: `OBShell`); the
/// compaction route behind `tenantExistHandlerWrapper` (before: its own name and identity checks).
pub const TELEMETRY_FLAG: AgentVersion = AgentVersion::new(4, 4, 0, 0);
/// `cpu_core_total` and `memory_in_bytes_total` in `tenant_stats`.
pub const TENANT_STAT_TOTALS: AgentVersion = AgentVersion::new(4, 4, 2, 0);

/// The agent of `caps` has what came with `version`.
pub fn has(caps: &Capabilities, version: AgentVersion) -> bool {
    caps.version >= version
}
