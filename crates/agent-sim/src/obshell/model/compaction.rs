//! Major compactions, as OceanBase's `CDB_OB_MAJOR_COMPACTION` would show them for the model
//! (docs/protocol/obshell.md §4.12): every tenant freezes daily at 02:00 +08:00 (OceanBase's
//! default `major_freeze_duty_time`) and compacts for a time that grows with its data; a tenant
//! created since the last freeze has not compacted yet.

use chrono::{DateTime, Duration, Utc};
use obshell_protocol::obshell::model::dashboard::{TenantCompaction, TenantCompactionHistory};

use super::{Cluster, Tenant};
use crate::clock::go_time;

/// 02:00 +08:00 is 18:00 UTC.
const FREEZE_HOUR_UTC: u32 = 18;
/// How fast the model compacts: bytes a second.
const BYTES_PER_SECOND: i64 = 256 << 20;

/// One tenant's compaction state at some moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compaction {
    pub tenant_id: i64,
    /// The last freeze (`frozen_time`); the epoch for a tenant that never froze.
    pub frozen: DateTime<Utc>,
    /// Its SCN (nanoseconds since the epoch); 1 for a tenant that never froze.
    pub frozen_scn: i64,
    /// The SCN of the last finished round.
    pub last_scn: i64,
    pub start: DateTime<Utc>,
    pub last_finish: DateTime<Utc>,
    /// `IDLE` or `COMPACTING`.
    pub status: &'static str,
}

fn scn(t: DateTime<Utc>) -> i64 {
    t.timestamp_nanos_opt().unwrap_or(1)
}

/// The last daily freeze at or before `now`.
fn last_freeze(now: DateTime<Utc>) -> DateTime<Utc> {
    let today = now
        .date_naive()
        .and_hms_opt(FREEZE_HOUR_UTC, 0, 0)
        .map_or(now, |t| t.and_utc());
    if today <= now {
        today
    } else {
        today - Duration::days(1)
    }
}

impl Cluster {
    /// How long one round of `tenant` takes.
    pub fn compaction_duration(&self, tenant: &Tenant) -> Duration {
        Duration::seconds(20 + self.tenant_data_size(tenant) / BYTES_PER_SECOND)
    }

    /// `tenant`'s compaction at `now`.
    pub fn compaction(&self, tenant: &Tenant, now: DateTime<Utc>) -> Compaction {
        let epoch = DateTime::UNIX_EPOCH;
        let freeze = last_freeze(now);
        if tenant.created > freeze {
            return Compaction {
                tenant_id: tenant.id,
                frozen: epoch,
                frozen_scn: 1,
                last_scn: 1,
                start: epoch,
                last_finish: epoch,
                status: "IDLE",
            };
        }
        let took = self.compaction_duration(tenant);
        if now < freeze + took {
            // Still compacting: the last finished round is yesterday's, if there was one.
            let before = freeze - Duration::days(1);
            let (last_scn, last_finish) = if tenant.created > before {
                (1, epoch)
            } else {
                (scn(before), before + took)
            };
            return Compaction {
                tenant_id: tenant.id,
                frozen: freeze,
                frozen_scn: scn(freeze),
                last_scn,
                start: freeze,
                last_finish,
                status: "COMPACTING",
            };
        }
        Compaction {
            tenant_id: tenant.id,
            frozen: freeze,
            frozen_scn: scn(freeze),
            last_scn: scn(freeze),
            start: freeze,
            last_finish: freeze + took,
            status: "IDLE",
        }
    }
}

impl Compaction {
    /// The agent's `TenantCompaction` (`CdbObMajorCompaction.ToBO`).
    pub fn to_dto(&self) -> TenantCompaction {
        TenantCompaction {
            tenant_id: self.tenant_id,
            frozen_scn: self.frozen_scn,
            frozen_time: go_time(self.frozen),
            global_broadcast_scn: self.frozen_scn,
            last_scn: self.last_scn,
            last_finish_time: go_time(self.last_finish),
            start_time: go_time(self.start),
            status: self.status.to_owned(),
            is_error: "NO".to_owned(),
            is_suspended: "NO".to_owned(),
        }
    }

    /// A row of the agent's top list (`GetTopCompactions`): the last round's length, or the
    /// running one's so far.
    pub fn to_history(&self, tenant_name: &str, now: DateTime<Utc>) -> TenantCompactionHistory {
        let cost = if self.start <= self.last_finish {
            self.last_finish - self.start
        } else {
            now - self.start
        };
        TenantCompactionHistory {
            tenant_id: self.tenant_id,
            tenant_name: tenant_name.to_owned(),
            status: self.status.to_owned(),
            cost_time: cost.num_seconds(),
            start_time: go_time(self.start),
            last_finish_time: go_time(self.last_finish),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn the_freeze_is_the_last_18_utc() {
        let at = |h| {
            Utc.with_ymd_and_hms(2026, 1, 2, h, 30, 0)
                .single()
                .expect("time")
        };
        let freeze = |d| {
            Utc.with_ymd_and_hms(2026, 1, d, 18, 0, 0)
                .single()
                .expect("time")
        };
        assert_eq!(last_freeze(at(19)), freeze(2));
        assert_eq!(last_freeze(at(3)), freeze(1));
        assert_eq!(last_freeze(freeze(2)), freeze(2));
    }
}
