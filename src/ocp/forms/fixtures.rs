//! The forms' tests' world: a cluster of four zones, a tenant on two, two unit specs, and an
//! add form's row.

use obshell_protocol::ocp::model::ResourcePool;
use obshell_protocol::ocp::{Cluster, Server, Tenant, TenantZone, UnitSpec, Zone};

use super::{AddRowInput, OcpFormError};

pub fn cluster() -> Cluster {
    let server = |ip: &str, zone: &str, status: &str| Server {
        ip: ip.into(),
        zone_name: zone.into(),
        status: status.into(),
        ..Server::default()
    };
    let zone = |name: &str, servers: Vec<Server>| Zone {
        name: name.into(),
        servers,
        ..Zone::default()
    };
    Cluster {
        id: 1,
        zones: vec![
            zone("zone1", vec![server("10.0.0.1", "zone1", "RUNNING")]),
            zone("zone2", vec![server("10.0.0.2", "zone2", "RUNNING")]),
            zone(
                "zone3",
                vec![
                    server("10.0.0.3", "zone3", "RUNNING"),
                    server("10.0.0.4", "zone3", "STOPPED"),
                ],
            ),
            zone("zone4", vec![server("10.0.0.5", "zone4", "RUNNING")]),
        ],
        ..Cluster::default()
    }
}

pub fn tenant(status: &str) -> Tenant {
    let zone = |name: &str, id: i64| TenantZone {
        name: name.into(),
        replica_type: "FULL".into(),
        resource_pool: Some(ResourcePool {
            id,
            name: "S0".into(),
            unit_count: 1,
            unit_config: None,
        }),
        units: vec![],
    };
    Tenant {
        id: 2,
        name: "t1".into(),
        status: status.into(),
        primary_zone: "zone1".into(),
        locality: "FULL{1}@zone1, FULL{1}@zone2".into(),
        zones: vec![zone("zone1", 1), zone("zone2", 2)],
        ..Tenant::default()
    }
}

pub fn specs() -> Vec<UnitSpec> {
    vec![
        UnitSpec {
            name: "S0".into(),
            max_cpu_core_count: 1.0,
            max_memory_size: 4.0,
            ..UnitSpec::default()
        },
        UnitSpec {
            name: "S1".into(),
            min_cpu_core_count: 1.0,
            max_cpu_core_count: 2.0,
            max_memory_size: 8.0,
            ..UnitSpec::default()
        },
    ]
}

pub fn row(zone: &str, kind: &str, spec: &str, count: &str) -> AddRowInput {
    AddRowInput {
        zone: zone.into(),
        replica_type: kind.into(),
        unit_spec: spec.into(),
        unit_count: count.into(),
    }
}

pub fn codes_of(e: &[OcpFormError]) -> Vec<i64> {
    e.iter().map(|x| x.code.code).collect()
}
