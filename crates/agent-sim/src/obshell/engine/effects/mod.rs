//! What each node does to the cluster model when it runs (`apply.rs`; `revert.rs`: how a
//! rollback undoes it).

mod apply;
mod revert;
mod zones;

use chrono::{DateTime, Utc};
use obshell_protocol::obshell::catalog::Violation;

use crate::obshell::model::{Cluster, Unit};

/// A step failed the way a real one would, with one of the agent's error codes (logged as
/// `[errCode]: message`).
pub type StepError = Violation;

pub(super) fn set_unit_num(cluster: &mut Cluster, tenant_id: i64, to: i64, now: DateTime<Utc>) {
    let pool_ids: Vec<i64> = cluster.tenant_pools(tenant_id).map(|p| p.id).collect();
    for pool_id in pool_ids {
        let Some(pool) = cluster.pools.iter().find(|p| p.id == pool_id).cloned() else {
            continue;
        };
        let Some(config) = cluster.unit_config_by_id(pool.unit_config_id).cloned() else {
            continue;
        };
        let mut units = pool.units.clone();
        for zone in &pool.zones {
            let have: Vec<String> = units
                .iter()
                .filter(|u| &u.zone == zone)
                .map(|u| u.server.clone())
                .collect();
            let want = usize::try_from(to).unwrap_or(1);
            if have.len() < want {
                for server in cluster.place_units(zone, &config, want - have.len(), &have) {
                    units.push(Unit {
                        id: cluster.new_id(),
                        zone: zone.clone(),
                        server,
                    });
                }
            } else {
                let mut extra = have.len() - want;
                units.retain(|u| {
                    if &u.zone == zone
                        && extra > 0
                        && have.iter().skip(want).any(|s| s == &u.server)
                    {
                        extra -= 1;
                        false
                    } else {
                        true
                    }
                });
            }
        }
        if let Some(p) = cluster.pools.iter_mut().find(|p| p.id == pool_id) {
            p.units = units;
            p.unit_num = to;
            p.modified = now;
        }
    }
}
