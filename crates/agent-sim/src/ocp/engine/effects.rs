//! What the replica operations' subtasks do to the world: the lines they log while they run,
//! their effect when they succeed, and its undoing when they are rolled back.

use obshell_protocol::ocp::rules::locality_of;

use crate::ocp::model::{sync_locality, Effect, OcpWorld, TaskRec};

impl TaskRec {
    /// What a subtask says while it runs.
    pub(super) fn planned_lines(&self, world: &OcpWorld, i: usize) -> Vec<String> {
        let tenant = self
            .task
            .tenant_id
            .and_then(|id| world.tenants.iter().find(|t| t.id == id));
        let tname = tenant.map(|t| t.name.clone()).unwrap_or_default();
        match &self.steps[i].effect {
            Effect::AddZone(plan) => {
                let mut after = tenant.map(locality_of).unwrap_or_default();
                after.set(&plan.zone, &plan.replica_type);
                vec![
                    format!(
                        "CREATE RESOURCE POOL {} UNIT_NUM = {}, ZONE_LIST = ('{}') done",
                        plan.pool_name, plan.count, plan.zone
                    ),
                    format!(
                        "ALTER TENANT {tname} LOCALITY = '{}'",
                        after.to_alter_string()
                    ),
                    "Waiting for the locality change job, job_status: INPROGRESS".to_owned(),
                    "Waiting for the locality change job, job_status: INPROGRESS".to_owned(),
                ]
            }
            Effect::RemoveZone(zone) => {
                let mut after = tenant.map(locality_of).unwrap_or_default();
                after.remove(zone);
                vec![
                    format!(
                        "ALTER TENANT {tname} LOCALITY = '{}'",
                        after.to_alter_string()
                    ),
                    "Waiting for the locality change job, job_status: INPROGRESS".to_owned(),
                ]
            }
            Effect::DropPools(pools) => pools
                .iter()
                .map(|p| format!("DROP RESOURCE POOL {p}"))
                .collect(),
            Effect::ModifyZone { change, .. } => {
                let mut lines = Vec::new();
                if let Some(t) = change.replica_type {
                    lines.push(format!(
                        "ALTER TENANT {tname} LOCALITY: {} becomes {t}",
                        change.zone_name
                    ));
                }
                if let Some(p) = &change.resource_pool {
                    if let Some(spec) = &p.unit_spec_name {
                        lines.push(format!(
                            "ALTER RESOURCE POOL {tname}_pool_{} UNIT = '{spec}'",
                            change.zone_name
                        ));
                    }
                    if let Some(n) = p.unit_count {
                        lines.push(format!(
                            "ALTER RESOURCE POOL {tname}_pool_{} UNIT_NUM = {n}",
                            change.zone_name
                        ));
                    }
                }
                lines.push("Waiting for the units to be ready".to_owned());
                lines
            }
            Effect::TenantNormal => vec![format!("Set tenant {tname} status NORMAL")],
            Effect::None => match self.task.subtasks[i].name.as_str() {
                "Prepare alter tenant" => vec![
                    format!("Check tenant {tname} status and locality"),
                    format!("Set tenant {tname} status MODIFYING"),
                ],
                _ => vec![format!(
                    "Sync tenant {tname} from OceanBase: locality, primary zone, resource pools"
                )],
            },
        }
    }

    pub(super) fn apply(&mut self, world: &mut OcpWorld, i: usize) -> Result<(), String> {
        let tenant_id = self.task.tenant_id.unwrap_or_default();
        let cluster_id = self.task.cluster_id.unwrap_or_default();
        let before = |world: &OcpWorld, zone: &str| {
            world
                .tenants
                .iter()
                .find(|t| t.id == tenant_id)
                .and_then(|t| t.zones.iter().find(|z| z.name == zone).cloned())
        };
        match self.steps[i].effect.clone() {
            Effect::None | Effect::DropPools(_) => Ok(()),
            Effect::TenantNormal => {
                if let Some(t) = world.tenant_mut(tenant_id) {
                    t.status = "NORMAL".to_owned();
                }
                Ok(())
            }
            Effect::AddZone(plan) => {
                let old = before(world, &plan.zone);
                let zone = world
                    .new_zone(cluster_id, &plan)
                    .map_err(|e| e.describe())?;
                self.steps[i].undo = Some(old);
                if let Some(t) = world.tenant_mut(tenant_id) {
                    t.zones.retain(|z| z.name != plan.zone);
                    t.zones.push(zone);
                    sync_locality(t);
                }
                Ok(())
            }
            Effect::RemoveZone(name) => {
                self.steps[i].undo = Some(before(world, &name));
                if let Some(t) = world.tenant_mut(tenant_id) {
                    t.zones.retain(|z| z.name != name);
                    sync_locality(t);
                }
                Ok(())
            }
            Effect::ModifyZone { change, config } => {
                let Some(old) = before(world, &change.zone_name) else {
                    return Err(format!("zone {} is not in the tenant", change.zone_name));
                };
                let mut zone = old.clone();
                if let Some(t) = change.replica_type {
                    zone.replica_type = t.as_str().to_owned();
                }
                let count = change.resource_pool.as_ref().and_then(|p| p.unit_count);
                if config.is_some() || count.is_some() {
                    let Some(pool) = zone.resource_pool.as_mut() else {
                        return Err(format!("zone {} has no resource pool", change.zone_name));
                    };
                    if let Some(c) = config {
                        pool.unit_config = Some(c);
                    }
                    if let Some(n) = count {
                        pool.unit_count = n;
                    }
                    let prefer: Vec<i64> = old.units.iter().map(|u| u.server_id).collect();
                    let servers = world
                        .place(
                            cluster_id,
                            &change.zone_name,
                            pool.unit_config.unwrap_or_default(),
                            pool.unit_count,
                            Some(pool.id),
                            &prefer,
                        )
                        .map_err(|e| e.describe())?;
                    let pool_id = pool.id;
                    let mut units = Vec::new();
                    for s in &servers {
                        match old.units.iter().find(|u| u.server_id == s.id) {
                            Some(u) => units.push(u.clone()),
                            None => units.push(world.unit_on(pool_id, s)),
                        }
                    }
                    zone.units = units;
                }
                self.steps[i].undo = Some(Some(old));
                if let Some(t) = world.tenant_mut(tenant_id) {
                    t.zones.retain(|z| z.name != change.zone_name);
                    t.zones.push(zone);
                    sync_locality(t);
                }
                Ok(())
            }
        }
    }

    pub(super) fn undo(&mut self, world: &mut OcpWorld, i: usize) {
        let tenant_id = self.task.tenant_id.unwrap_or_default();
        let zone_name = match &self.steps[i].effect {
            Effect::AddZone(plan) => plan.zone.clone(),
            Effect::RemoveZone(z) => z.clone(),
            Effect::ModifyZone { change, .. } => change.zone_name.clone(),
            _ => return,
        };
        let Some(previous) = self.steps[i].undo.take() else {
            return;
        };
        if let Some(t) = world.tenant_mut(tenant_id) {
            t.zones.retain(|z| z.name != zone_name);
            if let Some(z) = previous {
                t.zones.push(z);
            }
            sync_locality(t);
        }
    }
}
