//! Running a step on the model.

use chrono::{DateTime, Utc};
use obshell_protocol::obshell::catalog as c;
use obshell_protocol::obshell::replica::Locality;
use obshell_protocol::violation;

use super::{set_unit_num, StepError};
use crate::obshell::model::Effect;
use crate::obshell::model::{Cluster, IdleHost, Pool, Server, Unit, Zone};

fn tenant_id(cluster: &Cluster, name: &str) -> Result<i64, StepError> {
    cluster
        .tenant(name)
        .map(|t| t.id)
        .ok_or_else(|| violation!(c::TENANT_NOT_EXIST, name))
}

fn pool_names(cluster: &Cluster, tenant_id: i64) -> Vec<String> {
    cluster
        .tenant_pools(tenant_id)
        .map(|p| p.name.clone())
        .collect()
}

impl Effect {
    /// Runs the step on the model; the lines are what the sub-task logs.
    pub fn apply(
        &mut self,
        cluster: &mut Cluster,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>, StepError> {
        match self {
            Effect::Log(lines) => Ok(lines.clone()),
            Effect::CreatePools { tenant, pools, ts } => {
                let tid = tenant_id(cluster, tenant)?;
                let mut logs = Vec::new();
                for spec in pools.iter() {
                    let name = format!("{tenant}_{}_{ts}", spec.zone);
                    let config = cluster
                        .unit_config(&spec.config)
                        .cloned()
                        .ok_or_else(|| violation!(c::UNIT_CONFIG_NOT_EXIST, spec.config))?;
                    let servers = cluster.place_units(
                        &spec.zone,
                        &config,
                        usize::try_from(spec.unit_num).unwrap_or(1),
                        &[],
                    );
                    if servers.len() < usize::try_from(spec.unit_num).unwrap_or(1) {
                        return Err(violation!(
                            c::MYSQL_ERROR,
                            format!(
                                "Error 4624 (HY000): machine resource '{}' is not enough to hold a new unit",
                                spec.zone
                            )
                        ));
                    }
                    let before = pool_names(cluster, tid);
                    let pool_id = cluster.new_id();
                    let units = servers
                        .into_iter()
                        .map(|server| Unit {
                            id: cluster.new_id(),
                            zone: spec.zone.clone(),
                            server,
                        })
                        .collect();
                    logs.push(format!(
                        "Create resource pool {name} with unit config {} in zone {}",
                        spec.config, spec.zone
                    ));
                    cluster.pools.push(Pool {
                        id: pool_id,
                        name: name.clone(),
                        unit_config_id: config.id,
                        unit_num: spec.unit_num,
                        tenant_id: Some(tid),
                        zones: vec![spec.zone.clone()],
                        units,
                        created: now,
                        modified: now,
                    });
                    let after = pool_names(cluster, tid);
                    logs.push(format!(
                        "Modify tenant {tenant} resource pool list from [{}] to [{}]",
                        before.join(" "),
                        after.join(" ")
                    ));
                }
                Ok(logs)
            }
            Effect::AlterLocality {
                tenant,
                zone,
                to,
                prev,
            } => {
                let t = cluster
                    .tenant_mut(tenant)
                    .ok_or_else(|| violation!(c::TENANT_NOT_EXIST, tenant))?;
                let mut locality = Locality::parse(&t.locality)?;
                *prev = locality.get(zone).map(str::to_owned);
                match to {
                    Some(kind) => locality.set(zone, kind),
                    // The agent's double check before it removes a zone's replica.
                    None if locality.remove(zone).is_none() => {
                        return Ok(vec!["No need to alter tenant locality".to_owned()]);
                    }
                    None if locality.is_empty() => {
                        return Err(violation!(c::TENANT_REPLICA_DELETE_ALL));
                    }
                    None => {}
                }
                t.locality = locality.to_ob_string();
                Ok(vec![
                    format!("Alter tenant locality to {}", locality.to_alter_string()),
                    format!(
                        "Wait for the 'ALTER_TENANT_LOCALITY' job of tenant {tenant} to succeed"
                    ),
                    "Job succeeded".to_owned(),
                ])
            }
            Effect::SplitPools { tenant, pools } => {
                let mut logs = Vec::new();
                for name in pools.iter() {
                    let Some(at) = cluster.pools.iter().position(|p| &p.name == name) else {
                        continue;
                    };
                    let pool = cluster.pools.remove(at);
                    let mut parts = Vec::new();
                    for zone in &pool.zones {
                        let id = cluster.new_id();
                        parts.push(Pool {
                            id,
                            name: format!("{}_{zone}", pool.name),
                            zones: vec![zone.clone()],
                            units: pool
                                .units
                                .iter()
                                .filter(|u| &u.zone == zone)
                                .cloned()
                                .collect(),
                            ..pool.clone()
                        });
                    }
                    logs.push(format!(
                        "Split resource pool {name} of tenant {tenant} into [{}]",
                        parts
                            .iter()
                            .map(|p| p.name.as_str())
                            .collect::<Vec<_>>()
                            .join(" ")
                    ));
                    cluster.pools.extend(parts);
                }
                Ok(logs)
            }
            Effect::DropPools { tenant, zones } => {
                let tid = tenant_id(cluster, tenant)?;
                let before = pool_names(cluster, tid);
                cluster.pools.retain(|p| {
                    !(p.tenant_id == Some(tid) && p.zones.iter().all(|z| zones.contains(z)))
                });
                let after = pool_names(cluster, tid);
                Ok(vec![
                    format!(
                        "Modify tenant {tenant} resource pool list from [{}] to [{}]",
                        before.join(" "),
                        after.join(" ")
                    ),
                    format!("Drop resource pools of zones [{}]", zones.join(" ")),
                ])
            }
            Effect::AlterUnitConfig {
                tenant,
                changes,
                prev,
            } => {
                let tid = tenant_id(cluster, tenant)?;
                let mut logs = Vec::new();
                prev.clear();
                for (zone, config) in changes.iter() {
                    let Some(config_id) = cluster.unit_config(config).map(|u| u.id) else {
                        return Err(violation!(c::UNIT_CONFIG_NOT_EXIST, config));
                    };
                    for pool in cluster
                        .pools
                        .iter_mut()
                        .filter(|p| p.tenant_id == Some(tid) && p.zones.contains(zone))
                    {
                        prev.push((pool.id, pool.unit_config_id));
                        pool.unit_config_id = config_id;
                        pool.modified = now;
                        logs.push(format!(
                            "Alter resource pool '{}' unit config to '{config}' succeed.",
                            pool.name
                        ));
                    }
                }
                Ok(logs)
            }
            Effect::AlterUnitNum { tenant, to, prev } => {
                let tid = tenant_id(cluster, tenant)?;
                *prev = Some(cluster.tenant_unit_num(tid));
                set_unit_num(cluster, tid, *to, now);
                Ok(vec![
                    format!("Alter tenant {tenant} resource unit num to {to}"),
                    format!("Wait for the 'ALTER_RESOURCE_TENANT_UNIT_NUM' job of tenant {tenant} to succeed"),
                    "Job succeeded".to_owned(),
                ])
            }
            Effect::AddZone { zone, region } => {
                if cluster.zone(zone).is_none() {
                    cluster.zones.push(Zone {
                        name: zone.clone(),
                        region: region.clone(),
                        idc: String::new(),
                        status: "ACTIVE".to_owned(),
                        servers: Vec::new(),
                    });
                }
                Ok(vec![
                    format!("Add zone {zone} in region {region}"),
                    format!("Start zone {zone}"),
                ])
            }
            Effect::AddServer {
                zone,
                ip,
                rpc_port,
                sql_port,
                agent_port,
            } => {
                let template = cluster.servers().next().map(|(_, s)| s.clone());
                let Some(z) = cluster.zone_mut(zone) else {
                    return Err(violation!(c::ZONE_NOT_EXIST, zone));
                };
                let base = template.ok_or_else(|| {
                    violation!(c::UNEXPECTED, "no server to copy capacities from")
                })?;
                if !z
                    .servers
                    .iter()
                    .any(|s| &s.ip == ip && s.rpc_port == *rpc_port)
                {
                    z.servers.push(Server {
                        ip: ip.clone(),
                        rpc_port: *rpc_port,
                        sql_port: *sql_port,
                        agent_port: *agent_port,
                        status: "ACTIVE".to_owned(),
                        with_rootserver: false,
                        start_time: now,
                        ..base
                    });
                }
                Ok(vec![format!("Add server {ip}:{rpc_port} to zone {zone}")])
            }
            Effect::AddAgent { ip, port, taken } => {
                if let Some(at) = cluster
                    .idle_hosts
                    .iter()
                    .position(|h| &h.ip == ip && h.port == *port)
                {
                    *taken = Some(cluster.idle_hosts.remove(at));
                }
                Ok(vec![format!("Add agent {ip}:{port} to the cluster")])
            }
            Effect::MarkServerDeleting { ip, agent_port } => {
                for z in &mut cluster.zones {
                    for s in z
                        .servers
                        .iter_mut()
                        .filter(|s| &s.ip == ip && s.agent_port == *agent_port)
                    {
                        s.status = "DELETING".to_owned();
                    }
                }
                Ok(vec![format!("Delete observer {ip}")])
            }
            Effect::RemoveServer {
                ip,
                agent_port,
                removed,
            } => {
                for z in &mut cluster.zones {
                    if let Some(at) = z
                        .servers
                        .iter()
                        .position(|s| &s.ip == ip && s.agent_port == *agent_port)
                    {
                        let server = z.servers.remove(at);
                        let addr = server.addr();
                        for pool in &mut cluster.pools {
                            pool.units.retain(|u| u.server != addr);
                        }
                        *removed = Some((z.name.clone(), server));
                    }
                }
                Ok(vec![format!("Observer {ip} deleted")])
            }
            Effect::RemoveAgent {
                ip,
                port,
                version,
                ob_version,
            } => {
                if !cluster
                    .idle_hosts
                    .iter()
                    .any(|h| &h.ip == ip && h.port == *port)
                {
                    cluster.idle_hosts.push(IdleHost {
                        ip: ip.clone(),
                        port: *port,
                        version: version.clone(),
                        ob_version: ob_version.clone(),
                        home_path: "/home/admin/oceanbase".to_owned(),
                    });
                }
                Ok(vec![format!("Delete agent {ip}:{port}")])
            }
            Effect::AlterPrimaryZone { tenant, to } => {
                super::zones::alter_primary_zone(cluster, tenant, to)
            }
            Effect::StopZone { zone } => super::zones::stop_zone(cluster, zone),
            Effect::RemoveZone { zone, removed } => {
                super::zones::remove_zone(cluster, zone, removed)
            }
            Effect::Steps(steps) => {
                let mut logs = Vec::new();
                for step in steps.iter_mut() {
                    logs.extend(step.apply(cluster, now)?);
                }
                Ok(logs)
            }
        }
    }
}
