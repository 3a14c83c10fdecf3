//! The tenants, their pools and the unit configs as the agent's endpoints present them.

use obshell_protocol::obshell::model::tenant::{
    ResourcePool, TenantInfo, TenantOverview, TenantParameter, TenantPool, UnitConfig,
};

use super::{Cluster, Pool, Tenant, UnitConfigRec};
use crate::clock::go_time;

impl Cluster {
    pub fn tenant_overview(&self, t: &Tenant) -> TenantOverview {
        TenantOverview {
            tenant_id: t.id,
            tenant_name: t.name.clone(),
            mode: t.mode.clone(),
            status: t.status.clone(),
            locked: if t.locked { "YES" } else { "NO" }.to_owned(),
            primary_zone: t.primary_zone.clone(),
            locality: t.locality.clone(),
            in_recyclebin: "NO".to_owned(),
            created_time: go_time(t.created),
            read_only: false,
            comment: t.comment.clone(),
            connection_strings: Vec::new(),
        }
    }

    pub fn tenant_info(&self, t: &Tenant) -> TenantInfo {
        TenantInfo {
            tenant_name: t.name.clone(),
            tenant_id: t.id,
            created_time: go_time(t.created),
            mode: t.mode.clone(),
            status: t.status.clone(),
            locked: if t.locked { "YES" } else { "NO" }.to_owned(),
            in_recyclebin: "NO".to_owned(),
            comment: t.comment.clone(),
            primary_zone: t.primary_zone.clone(),
            locality: t.locality.clone(),
            charset: t.charset.clone(),
            collation: t.collation.clone(),
            whitelist: t.whitelist.clone(),
            read_only: false,
            time_zone: t.time_zone.clone(),
            lower_case_table_names: "1".to_owned(),
            dead_lock_detection_enabled: true,
            pools: self
                .tenant_pools(t.id)
                .map(|p| self.tenant_pool(p))
                .collect(),
            connection_strings: Vec::new(),
        }
    }

    fn tenant_pool(&self, p: &Pool) -> TenantPool {
        TenantPool {
            pool_name: p.name.clone(),
            pool_id: p.id,
            zone_list: p.zones.join(";"),
            observer_list: p
                .units
                .iter()
                .map(|u| u.server.clone())
                .collect::<Vec<_>>()
                .join(","),
            unit_num: p.unit_num,
            unit_config: self
                .unit_config_by_id(p.unit_config_id)
                .map(unit_config_dto)
                .unwrap_or_else(|| unit_config_dto(&missing_config(p.unit_config_id))),
        }
    }

    pub fn resource_pools(&self) -> Vec<ResourcePool> {
        self.pools
            .iter()
            .map(|p| ResourcePool {
                id: p.id,
                name: p.name.clone(),
                zone_list: p.zones.join(";"),
                unit_num: p.unit_num,
                unit_config_id: p.unit_config_id,
                tenant_id: p.tenant_id.unwrap_or(-1),
                replica_type: "FULL".to_owned(),
                unit_count: p.unit_num,
                create_time: go_time(p.created),
                modify_time: go_time(p.modified),
            })
            .collect()
    }
}

pub fn tenant_parameter(name: &str, value: &str) -> TenantParameter {
    TenantParameter {
        name: name.to_owned(),
        value: value.to_owned(),
        data_type: "BOOL".to_owned(),
        info: "specifies whether the partition load-balancing is turned on".to_owned(),
        edit_level: "DYNAMIC_EFFECTIVE".to_owned(),
    }
}

pub fn unit_config_dto(u: &UnitConfigRec) -> UnitConfig {
    UnitConfig {
        unit_config_id: u.id,
        name: u.name.clone(),
        max_cpu: u.max_cpu,
        min_cpu: u.min_cpu,
        memory_size: u.memory_size,
        log_disk_size: u.log_disk_size,
        data_disk_size: 0,
        max_iops: u.max_iops,
        min_iops: u.min_iops,
        create_time: go_time(u.created),
        modify_time: go_time(u.modified),
    }
}

fn missing_config(id: i64) -> UnitConfigRec {
    UnitConfigRec {
        id,
        name: String::new(),
        max_cpu: 0.0,
        min_cpu: 0.0,
        memory_size: 0,
        log_disk_size: 0,
        max_iops: 0,
        min_iops: 0,
        created: chrono::DateTime::UNIX_EPOCH,
        modified: chrono::DateTime::UNIX_EPOCH,
    }
}
