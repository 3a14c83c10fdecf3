//! How a rollback undoes each step (steps that cannot roll back never get here).

use chrono::{DateTime, Utc};
use obshell_protocol::obshell::replica::Locality;

use super::set_unit_num;
use crate::obshell::model::Cluster;
use crate::obshell::model::Effect;

impl Effect {
    /// Undoes an applied step (nodes that cannot roll back never get here) at the agent's
    /// clock `now`.
    pub fn revert(&mut self, cluster: &mut Cluster, now: DateTime<Utc>) -> Vec<String> {
        match self {
            Effect::Log(_)
            | Effect::SplitPools { .. }
            | Effect::DropPools { .. }
            | Effect::AlterPrimaryZone { .. } => {
                vec!["Nothing to roll back".to_owned()]
            }
            Effect::CreatePools { tenant, pools, ts } => {
                let names: Vec<String> = pools
                    .iter()
                    .map(|p| format!("{tenant}_{}_{ts}", p.zone))
                    .collect();
                cluster.pools.retain(|p| !names.contains(&p.name));
                vec![format!(
                    "Detach and drop resource pools [{}]",
                    names.join(" ")
                )]
            }
            Effect::AlterLocality {
                tenant, zone, prev, ..
            } => {
                let Some(t) = cluster.tenant_mut(tenant) else {
                    return Vec::new();
                };
                let mut locality = Locality::parse(&t.locality).unwrap_or_default();
                match prev {
                    Some(kind) => locality.set(zone, kind),
                    None => {
                        locality.remove(zone);
                    }
                }
                t.locality = locality.to_ob_string();
                vec![format!(
                    "Alter tenant locality back to {}",
                    locality.to_alter_string()
                )]
            }
            Effect::AlterUnitConfig { prev, .. } => {
                for (pool_id, config_id) in prev.iter() {
                    if let Some(pool) = cluster.pools.iter_mut().find(|p| p.id == *pool_id) {
                        pool.unit_config_id = *config_id;
                    }
                }
                vec!["Restore resource pool unit configs".to_owned()]
            }
            Effect::AlterUnitNum { tenant, prev, .. } => {
                let (Some(prev), Some(tid)) = (*prev, cluster.tenant(tenant).map(|t| t.id)) else {
                    return Vec::new();
                };
                set_unit_num(cluster, tid, prev, now);
                vec![format!(
                    "Alter tenant {tenant} resource unit num back to {prev}"
                )]
            }
            Effect::AddZone { zone, .. } => {
                cluster
                    .zones
                    .retain(|z| !(z.name == *zone && z.servers.is_empty()));
                vec![format!("Delete zone {zone}")]
            }
            Effect::AddServer {
                zone, ip, rpc_port, ..
            } => {
                if let Some(z) = cluster.zone_mut(zone) {
                    z.servers
                        .retain(|s| !(s.ip == *ip && s.rpc_port == *rpc_port));
                }
                vec![format!("Delete server {ip}:{rpc_port}")]
            }
            Effect::AddAgent { taken, .. } => {
                if let Some(host) = taken.take() {
                    cluster.idle_hosts.push(host);
                }
                vec!["Remove agent from the cluster".to_owned()]
            }
            Effect::MarkServerDeleting { ip, agent_port } => {
                for z in &mut cluster.zones {
                    for s in z
                        .servers
                        .iter_mut()
                        .filter(|s| &s.ip == ip && s.agent_port == *agent_port)
                    {
                        s.status = "ACTIVE".to_owned();
                    }
                }
                vec![format!("Cancel deleting observer {ip}")]
            }
            Effect::RemoveServer { removed, .. } => {
                if let Some((zone, server)) = removed.take() {
                    if let Some(z) = cluster.zone_mut(&zone) {
                        z.servers.push(server);
                    }
                }
                vec!["Restore observer".to_owned()]
            }
            Effect::RemoveAgent { ip, port, .. } => {
                cluster
                    .idle_hosts
                    .retain(|h| !(h.ip == *ip && h.port == *port));
                vec![format!("Restore agent {ip}:{port}")]
            }
            Effect::StopZone { zone } => super::zones::start_zone(cluster, zone),
            Effect::RemoveZone { removed, .. } => super::zones::restore_zone(cluster, removed),
            Effect::Steps(steps) => steps
                .iter_mut()
                .rev()
                .flat_map(|step| step.revert(cluster, now))
                .collect(),
        }
    }
}
