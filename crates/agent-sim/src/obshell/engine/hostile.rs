//! Hostile text (fault switch `POST /__sim/hostile`): agent-provided names and log lines that
//! carry HTML, script, template syntax, entities, bidi and zero-width characters, so tests can
//! check that the console shows them as text. Real OceanBase would refuse most of these names;
//! this switch seeds them into the model directly, past the agent's own validation.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::obshell::model::{Cluster, Pool, Server, Tenant, Unit, Zone};
use crate::obshell::model::{Dag, LogLine, TaskStore};

/// The tenant the switch renames `logs` to (one FULL replica in zone1, so a replica can be
/// added to it through the console).
pub const TENANT: &str = "t<img src=x onerror=\"window.__pwned=1\">";

/// Further tenants the switch adds (each with one small replica in zone3).
pub const MORE_TENANTS: &[&str] = &[
    "t</script><script>window.__pwned=2</script>",
    "t\"><svg onload=window.__pwned=3>",
    "t{{7*7}}${7*7}",
    "t&lt;b&gt;entity&lt;/b&gt;&amp;",
    // Right-to-left override and zero-width characters.
    "t\u{202e}lmth.exe\u{200b}\u{200d}\u{2066}end",
];

/// A zone the switch adds, with two servers and a hostile idc. It is in `hangzhou` like zone1,
/// so a FULL replica there gives the tenant's primary region the two it needs.
pub const ZONE: &str = "z\"><img src=x onerror=window.__pwned=5>";
pub const ZONE_IDC: &str = "idc<script>window.__pwned=6</script>";
const ZONE_REGION: &str = "hangzhou";
/// zone3's idc and region after the switch.
pub const ZONE3_IDC: &str = "idc3\"><svg onload=window.__pwned=7><b>bold</b>";
pub const ZONE3_REGION: &str = "shanghai<i>&amp;</i>";

/// Appended to the next DAG's name.
pub const DAG_SUFFIX: &str =
    " <img src=x onerror=\"window.__pwned=8\"></title><script>window.__pwned=9</script>";
/// Appended to each node name of the next DAG.
pub const NODE_SUFFIX: &str = " \"><svg onload=window.__pwned=10><b>n</b>";
/// Log lines the first execution of each sub-task of the next DAG starts with.
pub const LOG_LINES: &[&str] = &[
    "<script>window.__pwned=4</script> ERROR <b>bold</b>",
    "see javascript:window.__pwned=11 or <a href=\"javascript:window.__pwned=12\">here</a>",
    "<img src=x onerror=\"window.__pwned=13\"> &lt;b&gt;escaped&lt;/b&gt; {{7*7}}",
    // Lower-casing changes these characters' byte lengths but not the line's: `İ` (2 bytes)
    // becomes 3, the Kelvin sign `K` (3 bytes) becomes 1.
    "unicode \u{130}<b>\u{130}\u{212a} \u{202e}rtl\u{202c} zero\u{200b}width",
];

/// A name far longer than any real one.
pub fn long_tenant() -> String {
    format!("t_{}_end", "long<wbr>".repeat(40))
}

/// What the switch seeded, for the test that armed it.
#[derive(Debug, Clone, Serialize)]
pub struct Seeded {
    pub tenant: String,
    pub tenants: Vec<String>,
    pub zone: String,
    pub zone_idc: String,
    pub zone_region: String,
    pub zone3_idc: String,
    pub zone3_region: String,
    pub dag_suffix: String,
    pub node_suffix: String,
    pub log_lines: Vec<String>,
}

impl Seeded {
    fn new() -> Self {
        let mut tenants: Vec<String> = MORE_TENANTS.iter().map(|t| (*t).to_owned()).collect();
        tenants.push(long_tenant());
        Self {
            tenant: TENANT.to_owned(),
            tenants,
            zone: ZONE.to_owned(),
            zone_idc: ZONE_IDC.to_owned(),
            zone_region: ZONE_REGION.to_owned(),
            zone3_idc: ZONE3_IDC.to_owned(),
            zone3_region: ZONE3_REGION.to_owned(),
            dag_suffix: DAG_SUFFIX.to_owned(),
            node_suffix: NODE_SUFFIX.to_owned(),
            log_lines: LOG_LINES.iter().map(|l| (*l).to_owned()).collect(),
        }
    }
}

/// Seeds the hostile names into the cluster (idempotent) and arms the next DAG.
pub fn seed(cluster: &mut Cluster, tasks: &mut TaskStore, now: DateTime<Utc>) -> Seeded {
    let seeded = Seeded::new();
    if let Some(t) = cluster.tenant_mut("logs") {
        t.name = TENANT.to_owned();
    }
    if let Some(z) = cluster.zone_mut("zone3") {
        z.idc = ZONE3_IDC.to_owned();
        z.region = ZONE3_REGION.to_owned();
    }
    if cluster.zone(ZONE).is_none() {
        let template = cluster
            .zones
            .first()
            .and_then(|z| z.servers.first())
            .cloned();
        if let Some(server) = template {
            let servers = (1..=2u8)
                .map(|s| Server {
                    ip: format!("10.0.5.{s}"),
                    with_rootserver: false,
                    ..server.clone()
                })
                .collect();
            cluster.zones.push(Zone {
                name: ZONE.to_owned(),
                region: ZONE_REGION.to_owned(),
                idc: ZONE_IDC.to_owned(),
                status: "ACTIVE".to_owned(),
                servers,
            });
        }
    }
    for name in &seeded.tenants {
        add_tenant(cluster, name, now);
    }
    tasks.hostile_next = 1;
    seeded
}

/// A MySQL tenant with one `sys_unit_config` unit in zone3.
fn add_tenant(cluster: &mut Cluster, name: &str, now: DateTime<Utc>) {
    if cluster.tenant(name).is_some() {
        return;
    }
    let Some(config) = cluster.unit_config("sys_unit_config").cloned() else {
        return;
    };
    let zone = "zone3";
    let servers = cluster.place_units(zone, &config, 1, &[]);
    let tenant_id = cluster.new_id();
    let pool_id = cluster.new_id();
    let units = servers
        .into_iter()
        .map(|server| Unit {
            id: cluster.new_id(),
            zone: zone.to_owned(),
            server,
        })
        .collect();
    cluster.pools.push(Pool {
        id: pool_id,
        name: format!("{name}_pool_{zone}"),
        unit_config_id: config.id,
        unit_num: 1,
        tenant_id: Some(tenant_id),
        zones: vec![zone.to_owned()],
        units,
        created: now,
        modified: now,
    });
    cluster.tenants.push(Tenant {
        id: tenant_id,
        name: name.to_owned(),
        mode: "MYSQL".to_owned(),
        status: "NORMAL".to_owned(),
        locked: false,
        primary_zone: zone.to_owned(),
        locality: format!("FULL{{1}}@{zone}"),
        created: now,
        comment: "<b>comment</b>".to_owned(),
        charset: "utf8mb4".to_owned(),
        collation: "utf8mb4_general_ci".to_owned(),
        whitelist: "%".to_owned(),
        time_zone: "+08:00".to_owned(),
        parameters: vec![("enable_rebalance".to_owned(), "True".to_owned())],
        root_password: String::new(),
    });
}

/// Makes a DAG being created hostile: its name, its node names, and the first log lines of
/// each sub-task (shown once the sub-task has run).
pub fn taint(dag: &mut Dag, next_log: &mut i64, now: DateTime<Utc>) {
    dag.name.push_str(DAG_SUFFIX);
    for node in &mut dag.nodes {
        node.name.push_str(NODE_SUFFIX);
        for line in LOG_LINES {
            *next_log += 1;
            node.task.logs.push(LogLine {
                id: *next_log,
                execute_times: 1,
                content: (*line).to_owned(),
                at: now,
            });
        }
    }
}
