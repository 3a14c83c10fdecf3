//! The planner of tenant placements (docs/protocol/obshell.md §4.13): the order of the steps,
//! the majority after each, the refusals, and — for random placements — that every plan passes
//! the forms' own rules step by step and ends at the target.
#![cfg(not(target_arch = "wasm32"))]

use obshell_protocol::obshell::plan::{
    apply, check_step, plan, Operation, Placement, PlanRefusal, ZonePlacement,
};
use obshell_protocol::obshell::replica::{
    preview, Locality, PoolView, TenantReplicas, Topology, FULL,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};

/// Five zones with two servers each, except zone5 (one server, another region).
struct Cluster;

impl Topology for Cluster {
    fn zone_exists(&self, zone: &str) -> bool {
        ZONES.contains(&zone)
    }
    fn server_count(&self, zone: &str) -> usize {
        match zone {
            "zone5" => 1,
            z if self.zone_exists(z) => 2,
            _ => 0,
        }
    }
    fn region_of(&self, zone: &str) -> String {
        match zone {
            "zone5" => "shanghai".into(),
            z if self.zone_exists(z) => "hangzhou".into(),
            _ => String::new(),
        }
    }
    fn unit_config_exists(&self, name: &str) -> bool {
        ["small", "large"].contains(&name)
    }
}

/// The same zones, all in one region (so the region rule never refuses).
struct OneRegion;

impl Topology for OneRegion {
    fn zone_exists(&self, zone: &str) -> bool {
        Cluster.zone_exists(zone)
    }
    fn server_count(&self, zone: &str) -> usize {
        Cluster.server_count(zone)
    }
    fn region_of(&self, zone: &str) -> String {
        if self.zone_exists(zone) {
            "hangzhou".into()
        } else {
            String::new()
        }
    }
    fn unit_config_exists(&self, name: &str) -> bool {
        Cluster.unit_config_exists(name)
    }
}

const ZONES: [&str; 5] = ["zone1", "zone2", "zone3", "zone4", "zone5"];

fn tenant(locality: &str, primary_zone: &str, unit_num: i64, rebalance: bool) -> TenantReplicas {
    let locality = Locality::parse(locality).expect("locality");
    let pools = locality
        .zones()
        .map(|z| PoolView {
            name: format!("t1_pool_{z}"),
            zones: vec![z.to_owned()],
            unit_config: "small".into(),
        })
        .collect();
    TenantReplicas {
        name: "t1".into(),
        locality,
        primary_zone: primary_zone.into(),
        unit_num,
        enable_rebalance: rebalance,
        pools,
    }
}

fn target(zones: &[(&str, &str)], unit_num: i64, primary_zone: &str) -> Placement {
    Placement {
        zones: zones
            .iter()
            .map(|(zone, kind)| ZonePlacement {
                zone: (*zone).into(),
                replica_type: (*kind).into(),
                unit_config: "small".into(),
            })
            .collect(),
        unit_num,
        primary_zone: primary_zone.into(),
    }
}

/// What a reviewer checks of a plan: every step passes the forms' rule against the state before
/// it, keeps a majority of the FULL replicas, leaves what `apply` says; the last ends at `want`.
fn assert_sound(
    topo: &impl Topology,
    current: &TenantReplicas,
    want: &Placement,
    steps: &[obshell_protocol::obshell::plan::Step],
) {
    let mut state = current.clone();
    for (i, step) in steps.iter().enumerate() {
        let locality = check_step(&state, &step.operation, topo)
            .unwrap_or_else(|v| panic!("step {} refused by the shared rule: {v}", i + 1));
        let after = apply(&step.operation, &state);
        assert_eq!(
            after.locality,
            locality,
            "step {}: apply = the rule's locality",
            i + 1
        );
        assert_eq!(step.after, after, "step {}", i + 1);
        let p = preview(&state, &after.locality);
        assert!(p.majority_kept, "step {} keeps a majority: {p:?}", i + 1);
        assert_eq!(step.preview, p);
        state = after;
    }
    assert!(want.is_reached_by(&state), "ends at the target: {state:?}");
}

fn kinds(steps: &[obshell_protocol::obshell::plan::Step]) -> Vec<String> {
    steps
        .iter()
        .map(|s| match &s.operation {
            Operation::AddReplicas(z) => format!(
                "add {}",
                z.iter()
                    .map(|z| format!("{}:{}", z.name, z.replica_type))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            Operation::ModifyReplicas(z) => format!(
                "modify {}",
                z.iter()
                    .map(|z| format!(
                        "{}:{}:{}",
                        z.zone_name,
                        z.replica_type.as_deref().unwrap_or("-"),
                        z.unit_num.map_or("-".into(), |n| n.to_string())
                    ))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            Operation::SetPrimaryZone(p) => format!("primary zone {p}"),
            Operation::DeleteReplicas(z) => format!("delete {}", z.join(",")),
        })
        .collect()
}

#[test]
fn nothing_to_do_is_an_empty_plan() {
    let t = tenant(
        "FULL{1}@zone1, FULL{1}@zone2, READONLY{1}@zone3",
        "zone1;zone2",
        1,
        false,
    );
    assert!(plan(&t, &Placement::of(&t), &Cluster)
        .expect("plan")
        .is_empty());
}

#[test]
fn moving_a_replica_out_of_the_first_priority_changes_the_primary_zone_in_between() {
    let t = tenant(
        "FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone4",
        "zone1;zone2,zone4",
        1,
        true,
    );
    let want = target(
        &[("zone2", FULL), ("zone3", FULL), ("zone4", FULL)],
        1,
        "zone3;zone2,zone4",
    );
    let p = plan(&t, &want, &Cluster).expect("plan");
    assert_eq!(
        kinds(&p.steps),
        [
            "add zone3:FULL",
            "primary zone zone3;zone2,zone4",
            "delete zone1"
        ]
    );
    assert_sound(&Cluster, &t, &want, &p.steps);
    let fulls: Vec<usize> = p.steps.iter().map(|s| s.preview.full_after).collect();
    assert_eq!(fulls, [4, 4, 3]);
    assert_eq!(
        p.steps[2].preview.locality_after,
        "FULL{1}@zone2, FULL{1}@zone4, FULL{1}@zone3"
    );
}

#[test]
fn the_same_move_with_rebalance_off_is_refused_by_the_agents_rule() {
    let t = tenant(
        "FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone4",
        "zone1;zone2,zone4",
        1,
        false,
    );
    let want = target(
        &[("zone2", FULL), ("zone3", FULL), ("zone4", FULL)],
        1,
        "zone3;zone2,zone4",
    );
    let refusal = plan(&t, &want, &Cluster).expect_err("first priority moves");
    assert_eq!(
        refusal.violation().map(|v| v.code()),
        Some("OB.Tenant.RebalanceDisabled")
    );
}

#[test]
fn a_reshape_adds_then_turns_full_into_readonly_then_deletes() {
    let t = tenant(
        "FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3, FULL{1}@zone4",
        "zone1,zone2",
        1,
        true,
    );
    let want = target(
        &[
            ("zone1", FULL),
            ("zone2", FULL),
            ("zone3", "READONLY"),
            ("zone5", FULL),
        ],
        1,
        "zone1,zone2",
    );
    let p = plan(&t, &want, &Cluster).expect("plan");
    assert_eq!(
        kinds(&p.steps),
        ["add zone5:FULL", "modify zone3:READONLY:-", "delete zone4"]
    );
    assert_sound(&Cluster, &t, &want, &p.steps);
    assert_eq!(p.steps[2].after.locality.full_count(), 3);
}

#[test]
fn no_full_replica_is_refused() {
    let t = tenant(
        "FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3",
        "RANDOM",
        1,
        true,
    );
    let want = target(&[("zone1", "READONLY"), ("zone2", "READONLY")], 1, "RANDOM");
    assert_eq!(plan(&t, &want, &Cluster), Err(PlanRefusal::NoFullReplica));
}

#[test]
fn five_full_to_two_is_split_so_a_majority_stays() {
    let t = tenant(
        "FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3, FULL{1}@zone4, FULL{1}@zone5",
        "zone1,zone2",
        1,
        true,
    );
    let want = target(&[("zone1", FULL), ("zone2", FULL)], 1, "zone1,zone2");
    let p = plan(&t, &want, &Cluster).expect("plan");
    assert_eq!(kinds(&p.steps), ["delete zone3,zone4", "delete zone5"]);
    assert_sound(&Cluster, &t, &want, &p.steps);
}

#[test]
fn going_down_to_one_full_is_refused_naming_the_zone() {
    let t = tenant(
        "FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3",
        "RANDOM",
        1,
        true,
    );
    let want = target(&[("zone1", FULL)], 1, "RANDOM");
    let refusal = plan(&t, &want, &Cluster).expect_err("2F→1F loses the majority");
    assert_eq!(
        refusal,
        PlanRefusal::MajorityLost {
            zones: vec!["zone3".into()],
            full_before: 2
        }
    );
    assert!(refusal.to_string().contains("zone3"), "{refusal}");
    // Turning FULL into READONLY is held to the same rule.
    let want = target(
        &[
            ("zone1", FULL),
            ("zone2", "READONLY"),
            ("zone3", "READONLY"),
        ],
        1,
        "RANDOM",
    );
    assert!(matches!(
        plan(&t, &want, &Cluster),
        Err(PlanRefusal::MajorityLost { .. })
    ));
}

#[test]
fn a_unit_number_change_lists_every_zone_and_needs_rebalance() {
    let t = tenant(
        "FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3",
        "zone1",
        1,
        true,
    );
    let want = target(
        &[
            ("zone1", FULL),
            ("zone2", FULL),
            ("zone3", FULL),
            ("zone4", FULL),
        ],
        2,
        "zone1",
    );
    let p = plan(&t, &want, &Cluster).expect("plan");
    assert_eq!(
        kinds(&p.steps),
        [
            "add zone4:FULL",
            "modify zone1:-:2,zone2:-:2,zone3:-:2,zone4:-:2"
        ]
    );
    assert_sound(&Cluster, &t, &want, &p.steps);
    let off = TenantReplicas {
        enable_rebalance: false,
        ..t
    };
    let refusal = plan(&off, &want, &Cluster).expect_err("rebalance off");
    assert!(
        matches!(refusal, PlanRefusal::StepRefused { step: 2, .. }),
        "{refusal:?}"
    );
    assert_eq!(
        refusal.violation().map(|v| v.code()),
        Some("OB.Tenant.RebalanceDisabled")
    );
}

#[test]
fn a_unit_number_change_waits_for_a_zone_that_cannot_hold_it_to_go() {
    // zone5 has one server: two units cannot be asked of it, so it leaves first.
    let t = tenant(
        "FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3, READONLY{1}@zone5",
        "zone1",
        1,
        true,
    );
    let want = target(
        &[("zone1", FULL), ("zone2", FULL), ("zone3", FULL)],
        2,
        "zone1",
    );
    let p = plan(&t, &want, &Cluster).expect("plan");
    assert_eq!(
        kinds(&p.steps),
        ["delete zone5", "modify zone1:-:2,zone2:-:2,zone3:-:2"]
    );
    assert_sound(&Cluster, &t, &want, &p.steps);
}

#[test]
fn a_primary_zone_naming_a_zone_without_a_replica_is_refused() {
    let t = tenant(
        "FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3",
        "zone1",
        1,
        true,
    );
    let want = target(
        &[("zone2", FULL), ("zone3", FULL), ("zone4", FULL)],
        1,
        "zone1;zone2",
    );
    let refusal = plan(&t, &want, &Cluster).expect_err("zone1 leaves");
    let v = refusal.violation().expect("the agent's rule");
    assert_eq!(v.code(), "OB.Tenant.PrimaryZone.Invalid");
    assert!(v.message().contains("zone1"), "{}", v.message());
}

fn cases() -> u32 {
    std::env::var("PROPERTY_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

/// A placement over the five zones from per-zone choices (0 none, 1 FULL, 2 READONLY), and a
/// primary zone built from `seed`: `RANDOM`, or the placement's zones (plus, sometimes, one
/// without a replica) shuffled and cut into priority groups.
fn placement(choices: &[(u8, bool)], unit_num: i64, seed: u64) -> Placement {
    let zones: Vec<ZonePlacement> = ZONES
        .iter()
        .zip(choices)
        .filter(|(_, (c, _))| *c != 0)
        .map(|(z, (c, large))| ZonePlacement {
            zone: (*z).into(),
            replica_type: if *c == 1 { FULL } else { "READONLY" }.into(),
            unit_config: if *large { "large" } else { "small" }.into(),
        })
        .collect();
    let mut names: Vec<&str> = zones.iter().map(|z| z.zone.as_str()).collect();
    if seed.is_multiple_of(7) {
        names.push("zone4");
    }
    let mut s = seed;
    for i in (1..names.len()).rev() {
        names.swap(i, (s % (i as u64 + 1)) as usize);
        s /= i as u64 + 1;
    }
    let mut primary_zone = String::new();
    for (i, name) in names
        .iter()
        .enumerate()
        .take(1 + (seed as usize >> 8) % names.len().max(1))
    {
        if i > 0 {
            primary_zone.push(if (seed >> (16 + i)) & 1 == 1 {
                ';'
            } else {
                ','
            });
        }
        primary_zone.push_str(name);
    }
    if seed.is_multiple_of(5) {
        primary_zone = "RANDOM".into();
    }
    Placement {
        zones,
        unit_num,
        primary_zone,
    }
}

fn tenant_at(p: &Placement, rebalance: bool) -> TenantReplicas {
    TenantReplicas {
        name: "t1".into(),
        locality: p.locality(),
        primary_zone: p.normalised_primary_zone(),
        unit_num: p.unit_num,
        enable_rebalance: rebalance,
        pools: p
            .zones
            .iter()
            .map(|z| PoolView {
                name: format!("t1_pool_{}", z.zone),
                zones: vec![z.zone.clone()],
                unit_config: z.unit_config.clone(),
            })
            .collect(),
    }
}

proptest! {
    #![proptest_config(Config {
        cases: cases(),
        // About a quarter of the start placements have fewer than three zones or no FULL one.
        max_global_rejects: cases(),
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    })]

    #[test]
    fn every_plan_is_sound_or_refused(
        start in proptest::collection::vec((0u8..3, any::<bool>()), 5),
        end in proptest::collection::vec((0u8..3, any::<bool>()), 5),
        units in (1i64..=2, 1i64..=2),
        seeds in (any::<u64>(), any::<u64>()),
        rebalance in any::<bool>(),
        regions in any::<bool>(),
    ) {
        let from = placement(&start, units.0, seeds.0);
        let zones = from.zones.len();
        prop_assume!((3..=5).contains(&zones));
        prop_assume!(from.zones.iter().any(|z| z.replica_type == FULL));
        let current = tenant_at(&from, rebalance);
        let want = placement(&end, units.1, seeds.1);
        let planned = if regions {
            plan(&current, &want, &Cluster)
        } else {
            plan(&current, &want, &OneRegion)
        };
        match planned {
            Ok(p) => {
                if regions {
                    assert_sound(&Cluster, &current, &want, &p.steps);
                } else {
                    assert_sound(&OneRegion, &current, &want, &p.steps);
                }
                prop_assert_eq!(p.is_empty(), want.is_reached_by(&current));
            }
            Err(refusal) => prop_assert!(!refusal.to_string().is_empty()),
        }
    }
}
