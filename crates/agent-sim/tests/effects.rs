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
