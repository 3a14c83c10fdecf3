//! The engine's steps: failures are the catalog's violations, and rollbacks use the agent's
//! clock.

mod support;

use chrono::Duration;
use obshell_protocol::obshell::catalog;
use obshell_sim::obshell::model::Cluster;
use obshell_sim::obshell::model::Effect;

#[test]
fn a_failing_step_reports_a_catalog_violation() {
    let mut cluster = Cluster::demo(support::start_time());
    let mut missing = Effect::AlterUnitNum {
        tenant: "nope".to_owned(),
        to: 2,
        prev: None,
    };
    let error = missing
        .apply(&mut cluster, support::start_time())
        .expect_err("no such tenant");
    assert_eq!(*error.spec, catalog::TENANT_NOT_EXIST);
    assert_eq!(error.message(), "Tenant 'nope' does not exist.");
    let mut no_zone = Effect::AddServer {
        zone: "zone9".to_owned(),
        ip: "10.0.9.1".to_owned(),
        rpc_port: 2882,
        sql_port: 2881,
        agent_port: 2886,
    };
    let error = no_zone
        .apply(&mut cluster, support::start_time())
        .expect_err("no such zone");
    assert_eq!(*error.spec, catalog::ZONE_NOT_EXIST);
}

#[test]
fn a_rollback_stamps_the_agents_clock_not_the_hosts() {
    let t0 = support::start_time();
    let mut cluster = Cluster::demo(t0);
    let mut effect = Effect::AlterUnitNum {
        tenant: "orders".to_owned(),
        to: 2,
        prev: None,
    };
    effect.apply(&mut cluster, t0).expect("applies");
    let later = t0 + Duration::hours(5);
    effect.revert(&mut cluster, later);
    let tid = cluster.tenant("orders").map(|t| t.id).expect("tenant");
    let pools: Vec<_> = cluster.tenant_pools(tid).collect();
    assert!(!pools.is_empty());
    for pool in pools {
        assert_eq!(pool.unit_num, 1);
        assert_eq!(pool.modified, later);
    }
}

#[test]
fn a_locality_step_double_checks_what_it_removes() {
    let t0 = support::start_time();
    let mut cluster = Cluster::demo(t0);
    let remove = |zone: &str| Effect::AlterLocality {
        tenant: "logs".to_owned(),
        zone: zone.to_owned(),
        to: None,
        prev: None,
    };
    // A zone without a replica: nothing to do.
    let lines = remove("zone3").apply(&mut cluster, t0).expect("no-op");
    assert_eq!(lines, ["No need to alter tenant locality"]);
    // The tenant's last replica is never removed.
    let error = remove("zone1")
        .apply(&mut cluster, t0)
        .expect_err("last replica");
    assert_eq!(*error.spec, catalog::TENANT_REPLICA_DELETE_ALL);
    assert_eq!(error.message(), "Cannot delete all replicas");
    assert_eq!(
        cluster.tenant("logs").map(|t| t.locality.as_str()),
        Some("FULL{1}@zone1")
    );
    // A locality the agent cannot read stops the step with its code.
    if let Some(t) = cluster.tenant_mut("logs") {
        t.locality = "FULL{1}@zone1, garbage".to_owned();
    }
    let error = remove("zone1")
        .apply(&mut cluster, t0)
        .expect_err("unreadable");
    assert_eq!(*error.spec, catalog::LOCALITY_FORMAT_UNEXPECTED);
    assert_eq!(
        error.message(),
        "Unexpected locality format: FULL{1}@zone1, garbage."
    );
}
