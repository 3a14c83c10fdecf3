//! Each replica rule of the agent, in its order (docs/protocol/obshell.md §4.6): the code and the
//! message.

use obshell_protocol::obshell::replica::{
    check_add, check_delete, check_modify, first_priority_full_zones, AddZone, Locality,
    ModifyZone, PoolView, TenantReplicas, Topology,
};

struct Demo;

impl Topology for Demo {
    fn zone_exists(&self, zone: &str) -> bool {
        ["zone1", "zone2", "zone3", "zone4"].contains(&zone)
    }
    fn server_count(&self, zone: &str) -> usize {
        if self.zone_exists(zone) {
            2
        } else {
            0
        }
    }
    fn region_of(&self, zone: &str) -> String {
        match zone {
            "zone1" | "zone2" | "zone4" => "hangzhou".into(),
            "zone3" => "shanghai".into(),
            _ => String::new(),
        }
    }
    fn unit_config_exists(&self, name: &str) -> bool {
        ["small", "large"].contains(&name)
    }
}

fn tenant(locality: &str, primary_zone: &str) -> TenantReplicas {
    let locality = Locality::parse(locality).expect("locality");
    let pools = locality
        .zones()
        .map(|z| PoolView {
            name: format!("t1_{z}"),
            zones: vec![z.to_owned()],
            unit_config: "small".into(),
        })
        .collect();
    TenantReplicas {
        name: "t1".into(),
        locality,
        primary_zone: primary_zone.into(),
        unit_num: 1,
        enable_rebalance: true,
        pools,
    }
}

fn add(name: &str, kind: &str, config: &str, n: i64) -> AddZone {
    AddZone {
        name: name.into(),
        replica_type: kind.into(),
        unit_config_name: config.into(),
        unit_num: n,
    }
}

fn add_err(t: &TenantReplicas, mut zones: Vec<AddZone>) -> (String, String) {
    let v = check_add(t, &mut zones, &Demo).expect_err("refused");
    (v.code().to_owned(), v.message())
}

fn modify(zone: &str, kind: Option<&str>, config: Option<&str>, n: Option<i64>) -> ModifyZone {
    ModifyZone {
        zone_name: zone.into(),
        replica_type: kind.map(Into::into),
        unit_config_name: config.map(Into::into),
        unit_num: n,
    }
}

fn modify_err(t: &TenantReplicas, entries: &[ModifyZone]) -> (String, String) {
    let v = check_modify(t, entries, &Demo).expect_err("refused");
    (v.code().to_owned(), v.message())
}

fn pair(code: &str, message: &str) -> (String, String) {
    (code.to_owned(), message.to_owned())
}

#[test]
fn add_accepts_and_normalises_the_type() {
    let t = tenant("FULL{1}@zone1, FULL{1}@zone2", "zone1,zone2");
    let mut zones = vec![
        add("zone4", "readonly", "small", 1),
        add("zone3", "", "small", 1),
    ];
    let new = check_add(&t, &mut zones, &Demo).expect("valid");
    assert_eq!(zones[0].replica_type, "READONLY");
    assert_eq!(zones[1].replica_type, "FULL");
    assert_eq!(
        new.to_alter_string(),
        "FULL@zone1,FULL@zone2,READONLY@zone4,FULL@zone3"
    );
}

#[test]
fn add_checks_in_the_agents_order() {
    let t = tenant("FULL{1}@zone1, FULL{1}@zone2", "zone1,zone2");
    assert_eq!(
        add_err(&t, vec![]),
        pair("OB.Tenant.ZoneList.Empty", "Zone list is empty.")
    );
    assert_eq!(
        add_err(
            &t,
            vec![add("zone3", "", "small", 1), add("zone3", "", "small", 1)]
        ),
        pair("OB.Tenant.Zone.Repeated", "Zone 'zone3' is repeated.")
    );
    assert_eq!(
        add_err(&t, vec![add("zone3", "", "", 1)]),
        pair(
            "OB.Resource.UnitConfig.Name.Empty",
            "Unit config name is empty."
        )
    );
    assert_eq!(
        add_err(&t, vec![add("zone3", "LOGONLY", "small", 1)]),
        pair(
            "OB.Tenant.Replica.InvalidType",
            "Replica type 'LOGONLY' is not supported"
        )
    );
    assert_eq!(
        add_err(&t, vec![add("zone3", "", "small", 0)]),
        pair(
            "OB.Tenant.UnitNum.Invalid",
            "Unit number '0' is invalid: unit num should be greater than 0"
        )
    );
    assert_eq!(
        add_err(
            &t,
            vec![add("zone3", "", "small", 1), add("zone4", "", "small", 2)]
        ),
        pair(
            "OB.Tenant.UnitNum.Inconsistent",
            "Unit number is inconsistent, should be the same in all zones."
        )
    );
    // Static checks of every entry come before any lookup: the unknown zone is not reported.
    assert_eq!(
        add_err(
            &t,
            vec![add("nowhere", "", "small", 1), add("zone4", "", "", 1)]
        )
        .0,
        "OB.Resource.UnitConfig.Name.Empty"
    );
    assert_eq!(
        add_err(&t, vec![add("zone9", "", "small", 1)]),
        pair("OB.Zone.NotExist", "Zone 'zone9' does not exist")
    );
    assert_eq!(
        add_err(&t, vec![add("zone3", "", "huge", 1)]),
        pair(
            "OB.Resource.UnitConfig.NotExist",
            "Unit config 'huge' does not exist."
        )
    );
    assert_eq!(
        add_err(&t, vec![add("zone3", "", "small", 3)]),
        pair(
            "OB.Tenant.UnitNum.ExceedsLimit",
            "Unit number '3' is bigger than server number '2' in zone 'zone3'."
        )
    );
    assert_eq!(
        add_err(
            &t,
            vec![add("zone4", "", "small", 1), add("zone2", "", "small", 1)]
        ),
        pair(
            "OB.Tenant.ZoneAlreadyHasReplica",
            "Zone 'zone2' already has a replica."
        )
    );
    assert_eq!(
        add_err(&t, vec![add("zone4", "", "small", 2)]),
        pair(
            "OB.Tenant.UnitNum.Inconsistent",
            "Unit number is inconsistent, should be the same in all zones."
        )
    );
    let mut orphan = t.clone();
    orphan.pools.push(PoolView {
        name: "left".into(),
        zones: vec!["zone4".into()],
        unit_config: "small".into(),
    });
    assert_eq!(
        add_err(&orphan, vec![add("zone4", "", "small", 1)]),
        pair(
            "OB.Tenant.HasPoolOnZone",
            "Tenant already has a pool located in zone 'zone4'."
        )
    );
}

#[test]
fn add_primary_zone_rules() {
    // RANDOM: every FULL zone is first priority; a new FULL zone changes that set.
    let mut t = tenant("FULL{1}@zone1, FULL{1}@zone2", "RANDOM");
    t.enable_rebalance = false;
    assert_eq!(
        add_err(&t, vec![add("zone4", "FULL", "small", 1)]),
        pair(
            "OB.Tenant.RebalanceDisabled",
            "Change first priority zone of locality is not allowed when tenant 'enable_rebalance' is disabled."
        )
    );
    // A READONLY replica leaves the first-priority set alone.
    assert!(check_add(&t, &mut [add("zone4", "READONLY", "small", 1)], &Demo).is_ok());
    // RANDOM spans every zone of the new locality: two regions are refused.
    t.enable_rebalance = true;
    assert_eq!(
        add_err(&t, vec![add("zone3", "READONLY", "small", 1)]),
        pair(
            "OB.Tenant.PrimaryZone.CrossRegion",
            "Primary zone 'RANDOM' crosses regions, please check tenant's primary zone."
        )
    );
    // With a named primary zone, the first region needs two FULL replicas once another region joins.
    let t = tenant("FULL{1}@zone1, READONLY{1}@zone2", "zone1;zone2");
    assert_eq!(
        add_err(&t, vec![add("zone3", "FULL", "small", 1)]),
        pair(
            "OB.Tenant.PrimaryRegion.FullReplica.NotEnough",
            "The region hangzhou where the first priority of tenant zone is located needs to have at least 2 F replicas. In fact, there are only 1 full replicas."
        )
    );
    let t = tenant("FULL{1}@zone1, FULL{1}@zone2", "zone1;zone2");
    assert!(check_add(&t, &mut [add("zone3", "FULL", "small", 1)], &Demo).is_ok());
    let t = tenant("FULL{1}@zone1", "zone1,zone3");
    assert_eq!(
        add_err(&t, vec![add("zone2", "FULL", "small", 1)]).0,
        "OB.Tenant.PrimaryZone.CrossRegion"
    );
}

#[test]
fn first_priority_set() {
    let l = Locality::parse("READONLY@zone1,FULL@zone2,FULL@zone3").expect("parses");
    assert_eq!(
        first_priority_full_zones(&l, "zone1;zone2,zone3")
            .into_iter()
            .collect::<Vec<_>>(),
        ["zone2", "zone3"]
    );
    assert_eq!(first_priority_full_zones(&l, "RANDOM").len(), 2);
    assert!(first_priority_full_zones(&l, "zone1").is_empty());
}

#[test]
fn delete_rules() {
    let t = tenant("FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone4", "zone1;zone2");
    assert_eq!(
        check_delete(&t, &["zone3".into()], &Demo),
        Ok(None),
        "no replica there: 204"
    );
    let (zones, new) = check_delete(&t, &["zone3".into(), "zone4".into()], &Demo)
        .expect("ok")
        .expect("some");
    assert_eq!(
        (zones, new.to_alter_string()),
        (vec!["zone4".to_owned()], "FULL@zone1,FULL@zone2".to_owned())
    );
    let v = check_delete(&t, &["zone2".into(), "zone4".into()], &Demo).expect_err("3F to 1F");
    assert_eq!(
        (v.code(), v.message().as_str()),
        (
            "OB.Tenant.Locality.PrincipalNotAllowed",
            "Violate locality principal not allowed."
        )
    );
    let two = tenant("FULL{1}@zone1, FULL{1}@zone2", "zone1;zone2");
    assert_eq!(
        check_delete(&two, &["zone2".into()], &Demo)
            .expect_err("2F to 1F")
            .code(),
        "OB.Tenant.Locality.PrincipalNotAllowed"
    );
    let one_ro = tenant("FULL{1}@zone1, READONLY{1}@zone2", "zone1");
    assert!(check_delete(&one_ro, &["zone2".into()], &Demo)
        .expect("1F+1R to 1F")
        .is_some());
    let single = tenant("FULL{1}@zone1", "zone1");
    let v = check_delete(&single, &["zone1".into()], &Demo).expect_err("only one");
    assert_eq!(
        (v.code(), v.message().as_str()),
        (
            "OB.Tenant.OnlyOneReplica",
            "Tenant 't1' only has one replica"
        )
    );
    let mut t = tenant("FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone4", "zone4;zone1");
    t.enable_rebalance = false;
    assert_eq!(
        check_delete(&t, &["zone4".into()], &Demo)
            .expect_err("first priority moves")
            .code(),
        "OB.Tenant.RebalanceDisabled"
    );
}

#[test]
fn modify_rules_in_order() {
    let t = tenant(
        "FULL{1}@zone1, FULL{1}@zone2, READONLY{1}@zone4",
        "zone1;zone2",
    );
    assert_eq!(
        modify_err(&t, &[]),
        pair("OB.Tenant.ZoneList.Empty", "Zone list is empty.")
    );
    assert_eq!(
        modify_err(&t, &[modify("zone3", Some("FULL"), None, None)]),
        pair(
            "OB.Tenant.ZoneWithoutReplica",
            "Zone 'zone3' does not have a replica."
        )
    );
    // Not upper-cased on this route.
    assert_eq!(
        modify_err(&t, &[modify("zone4", Some("full"), None, None)]),
        pair(
            "OB.Tenant.Replica.InvalidType",
            "Replica type 'full' is not supported"
        )
    );
    assert_eq!(
        modify_err(&t, &[modify("zone4", None, None, Some(0))]),
        pair(
            "OB.Tenant.UnitNum.Invalid",
            "Unit number '0' is invalid: unit num must be greater than 0"
        )
    );
    assert_eq!(
        modify_err(&t, &[modify("zone4", None, None, Some(5))]).0,
        "OB.Tenant.UnitNum.ExceedsLimit"
    );
    assert_eq!(
        modify_err(
            &t,
            &[
                modify("zone1", None, None, Some(2)),
                modify("zone2", None, None, Some(1))
            ]
        )
        .0,
        "OB.Tenant.UnitNum.Inconsistent"
    );
    assert_eq!(
        modify_err(&t, &[modify("zone1", None, Some("huge"), None)]).0,
        "OB.Resource.UnitConfig.NotExist"
    );
    assert_eq!(
        modify_err(&t, &[modify("zone1", None, None, Some(2))]),
        pair(
            "OB.Tenant.ModifyUnitNumPartially",
            "Cannot modify unit number partially."
        )
    );
    let mut no_rebalance = t.clone();
    no_rebalance.enable_rebalance = false;
    let all_two: Vec<ModifyZone> = ["zone1", "zone2", "zone4"]
        .iter()
        .map(|z| modify(z, None, None, Some(2)))
        .collect();
    assert_eq!(
        modify_err(&no_rebalance, &all_two),
        pair(
            "OB.Tenant.RebalanceDisabled",
            "modify unit num is not allowed when tenant 'enable_rebalance' is disabled."
        )
    );
    assert_eq!(
        modify_err(&t, &[modify("zone2", Some("READONLY"), None, None)]).0,
        "OB.Tenant.Locality.PrincipalNotAllowed",
        "2F to 1F"
    );
}

#[test]
fn modify_plans() {
    let t = tenant(
        "FULL{1}@zone1, FULL{1}@zone2, READONLY{1}@zone4",
        "zone1;zone2",
    );
    let plan = check_modify(
        &t,
        &[
            modify("zone4", Some("FULL"), Some("large"), None),
            modify("zone1", Some("FULL"), Some("small"), None),
        ],
        &Demo,
    )
    .expect("valid");
    assert_eq!(plan.type_changes, [("zone4".to_owned(), "FULL".to_owned())]);
    assert_eq!(
        plan.unit_config_changes,
        [("zone4".to_owned(), "large".to_owned())]
    );
    assert!(plan.split_pools.is_empty() && plan.unit_num_change.is_none());
    // Swap FULL and READONLY: the FULL change is planned first.
    let plan = check_modify(
        &t,
        &[
            modify("zone2", Some("READONLY"), None, None),
            modify("zone4", Some("FULL"), None, None),
        ],
        &Demo,
    )
    .expect("valid");
    assert_eq!(
        plan.type_changes
            .iter()
            .map(|(z, _)| z.as_str())
            .collect::<Vec<_>>(),
        ["zone4", "zone2"]
    );
    // Same values everywhere: nothing to do, the agent answers 204.
    assert!(check_modify(
        &t,
        &[modify("zone1", Some("FULL"), Some("small"), Some(1))],
        &Demo
    )
    .expect("valid")
    .is_empty());
    // A pool spanning two zones where only one changes config must be split.
    let mut shared = t.clone();
    shared.pools = vec![PoolView {
        name: "p12".into(),
        zones: vec!["zone1".into(), "zone2".into()],
        unit_config: "small".into(),
    }];
    let plan = check_modify(
        &shared,
        &[modify("zone1", None, Some("large"), None)],
        &Demo,
    )
    .expect("valid");
    assert_eq!(plan.split_pools, ["p12"]);
    // Every zone to the same new unit number.
    let all: Vec<ModifyZone> = ["zone1", "zone2", "zone4"]
        .iter()
        .map(|z| modify(z, None, None, Some(2)))
        .collect();
    assert_eq!(
        check_modify(&t, &all, &Demo)
            .expect("valid")
            .unit_num_change,
        Some(2)
    );
}

#[test]
fn preview_of_changes() {
    use obshell_protocol::obshell::replica::preview;
    let t = tenant("FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone4", "zone1;zone2");
    let after = Locality::parse("FULL@zone1,FULL@zone2").expect("parses");
    let p = preview(&t, &after);
    assert_eq!(
        (
            p.full_before,
            p.full_after,
            p.majority_kept,
            p.first_priority_changes()
        ),
        (3, 2, true, false)
    );
    let after = Locality::parse("FULL@zone1").expect("parses");
    let p = preview(&t, &after);
    assert_eq!((p.full_after, p.majority_kept), (1, false));
    let after = Locality::parse("FULL@zone2,FULL@zone4").expect("parses");
    let p = preview(&t, &after);
    assert!(p.first_priority_changes());
    assert_eq!(
        p.first_priority_after.into_iter().collect::<Vec<_>>(),
        ["zone2"]
    );
    // A READONLY replica added changes neither the count nor the first priority.
    let t = tenant("FULL{1}@zone1, FULL{1}@zone2", "RANDOM");
    let after = Locality::parse("FULL@zone1,FULL@zone2,READONLY@zone4").expect("parses");
    let p = preview(&t, &after);
    assert_eq!(
        (p.full_after, p.majority_kept, p.first_priority_changes()),
        (2, true, false)
    );
    assert_eq!(
        p.locality_after,
        "FULL{1}@zone1, FULL{1}@zone2, READONLY{1}@zone4"
    );
}
