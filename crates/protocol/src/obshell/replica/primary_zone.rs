//! `PUT /api/v1/tenant/:name/primary-zone` (docs/protocol/obshell.md §4.3): the primary zone as
//! the agent reads it, and its three checks in the agent's order.

use std::collections::BTreeSet;

use super::rules::{check_region_rule, first_priority_full_zones, RANDOM};
use super::types::{TenantReplicas, Topology};
use crate::obshell::catalog::{self as c, Violation};
use crate::violation;

/// `""` and `random` in any case mean `RANDOM`; anything else is kept as written (no trimming).
pub fn normalise_primary_zone(text: &str) -> String {
    if text.is_empty() || text.to_uppercase() == RANDOM {
        RANDOM.to_owned()
    } else {
        text.to_owned()
    }
}

/// The checks of a primary-zone change, in order, on an already normalised `target`:
///
/// 1. every zone of every `;`-group (`,` within one) holds a replica of the tenant, FULL or
///    READONLY, and none is named twice (`OB.Tenant.PrimaryZone.Invalid`);
/// 2. a change of the first-priority FULL zones needs `enable_rebalance`
///    (`OB.Tenant.RebalanceDisabled`);
/// 3. the region rule of the replica routes, on the tenant's present locality.
pub fn check_primary_zone(
    t: &TenantReplicas,
    target: &str,
    topo: &impl Topology,
) -> Result<(), Violation> {
    if target != RANDOM {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        for zone in target.split(';').flat_map(|group| group.split(',')) {
            let reason = if !t.locality.contains(zone) {
                format!("Zone '{zone}' is not in zone_list.")
            } else if !seen.insert(zone) {
                format!("Zone '{zone}' is repeated in primary_zone.")
            } else {
                continue;
            };
            return Err(violation!(c::PRIMARY_ZONE_INVALID, target, reason));
        }
    }
    let before = first_priority_full_zones(&t.locality, &t.primary_zone);
    let after = first_priority_full_zones(&t.locality, target);
    if before != after && !t.enable_rebalance {
        return Err(violation!(
            c::REBALANCE_DISABLED,
            "Change first priority zone of primary zone"
        ));
    }
    check_region_rule(target, &t.locality, topo)
}

/// Whether `current` already is `target` as the DAG's step sees it: the groups compared with
/// their zones sorted, and `current` allowed one group more (the one OceanBase may add).
pub fn primary_zone_reached(current: &str, target: &str) -> bool {
    let groups = |text: &str| -> Vec<String> {
        if text == RANDOM {
            return vec![RANDOM.to_owned()];
        }
        text.split(';')
            .map(|g| {
                let mut zones: Vec<&str> = g.split(',').collect();
                crate::sort::natural(&mut zones);
                zones.join(",")
            })
            .collect()
    };
    let (now, want) = (groups(current), groups(target));
    now.len() >= want.len() && now.len() - want.len() <= 1 && now[..want.len()] == want[..]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::obshell::replica::Locality;

    struct Regions;

    impl Topology for Regions {
        fn zone_exists(&self, _: &str) -> bool {
            true
        }
        fn server_count(&self, _: &str) -> usize {
            2
        }
        fn region_of(&self, zone: &str) -> String {
            if zone == "zone3" {
                "shanghai"
            } else {
                "hangzhou"
            }
            .to_owned()
        }
        fn unit_config_exists(&self, _: &str) -> bool {
            true
        }
    }

    fn tenant(locality: &str, primary_zone: &str, rebalance: bool) -> TenantReplicas {
        TenantReplicas {
            name: "t1".to_owned(),
            locality: Locality::parse(locality).expect("locality"),
            primary_zone: primary_zone.to_owned(),
            unit_num: 1,
            enable_rebalance: rebalance,
            pools: Vec::new(),
        }
    }

    #[test]
    fn random_in_any_case_or_empty_is_random() {
        for text in ["", "random", "Random", "RANDOM"] {
            assert_eq!(normalise_primary_zone(text), "RANDOM", "{text:?}");
        }
        assert_eq!(normalise_primary_zone(" random"), " random");
        assert_eq!(normalise_primary_zone("zone1;zone2"), "zone1;zone2");
    }

    #[test]
    fn zones_must_hold_a_replica_once() {
        let t = tenant("FULL{1}@zone1, FULL{1}@zone2", "zone1;zone2", true);
        let refused = |target: &str| {
            check_primary_zone(&t, target, &Regions)
                .expect_err("refused")
                .message()
        };
        assert_eq!(
            refused("zone1;zone3"),
            "Primary zone 'zone1;zone3' is invalid: Zone 'zone3' is not in zone_list.."
        );
        assert_eq!(
            refused("zone1,zone2;zone1"),
            "Primary zone 'zone1,zone2;zone1' is invalid: Zone 'zone1' is repeated in primary_zone.."
        );
        // Spaces are not trimmed, and an empty group names the zone ''.
        assert_eq!(
            refused("zone1; zone2"),
            "Primary zone 'zone1; zone2' is invalid: Zone ' zone2' is not in zone_list.."
        );
        assert_eq!(
            refused("zone1;"),
            "Primary zone 'zone1;' is invalid: Zone '' is not in zone_list.."
        );
        assert_eq!(check_primary_zone(&t, "zone2;zone1", &Regions), Ok(()));
        assert_eq!(check_primary_zone(&t, "RANDOM", &Regions), Ok(()));
    }

    #[test]
    fn a_new_first_priority_needs_rebalance() {
        let t = tenant("FULL{1}@zone1, FULL{1}@zone2", "zone1;zone2", false);
        let refused = check_primary_zone(&t, "zone2;zone1", &Regions).expect_err("refused");
        assert_eq!(
            refused.message(),
            "Change first priority zone of primary zone is not allowed when tenant \
             'enable_rebalance' is disabled."
        );
        // The same first-priority FULL zones, written otherwise, pass.
        assert_eq!(check_primary_zone(&t, "zone1", &Regions), Ok(()));
        // A READONLY zone first: the first group with a FULL zone counts.
        let r = tenant("FULL{1}@zone1, READONLY{1}@zone2", "zone1", false);
        assert_eq!(check_primary_zone(&r, "zone2;zone1", &Regions), Ok(()));
    }

    #[test]
    fn the_region_rule_applies_to_the_present_locality() {
        let t = tenant(
            "FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3",
            "zone1,zone2;zone3",
            true,
        );
        let cross = check_primary_zone(&t, "zone1,zone3", &Regions).expect_err("crosses");
        assert_eq!(cross.code(), "OB.Tenant.PrimaryZone.CrossRegion");
        let thin = tenant("FULL{1}@zone1, FULL{1}@zone3", "zone1", true);
        let few = check_primary_zone(&thin, "zone3", &Regions).expect_err("one FULL");
        assert_eq!(few.code(), "OB.Tenant.PrimaryRegion.FullReplica.NotEnough");
        assert_eq!(
            check_primary_zone(&t, "zone2,zone1;zone3", &Regions),
            Ok(())
        );
    }

    #[test]
    fn reached_compares_groups_as_sets() {
        assert!(primary_zone_reached("zone2,zone1;zone3", "zone1,zone2"));
        assert!(primary_zone_reached("RANDOM", "RANDOM"));
        assert!(!primary_zone_reached("zone1;zone2;zone3", "zone1"));
        assert!(!primary_zone_reached("zone1", "zone2"));
    }
}
