//! The order of a plan (docs/protocol/obshell.md §4.13): adds, modifies, the primary zone,
//! deletes; FULL replicas taken away a few at a time so that a majority stays after every step.

use super::placement::Placement;
use super::refusal::PlanRefusal;
use super::step::{make_step, Operation, Step};
use crate::obshell::replica::{
    primary_zone_reached, AddZone, ModifyZone, TenantReplicas, Topology, FULL, READONLY,
};

/// The steps that take a tenant to a placement, in order; empty when it is there already.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    pub steps: Vec<Step>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}

/// The most FULL replicas one step may take away from `full` and keep a majority of them.
pub fn max_full_removed(full: usize) -> usize {
    full.saturating_sub(1) / 2
}

/// Where the steps that do not depend on the others go; the planner tries each and keeps the
/// shortest plan that passes (the first, on a tie).
#[derive(Debug, Clone, Copy)]
struct Order {
    /// The primary-zone change right after the adds instead of after the modifies.
    primary_zone_early: bool,
    /// A unit-number change after the deletes (so it is not asked of zones about to go).
    unit_num_last: bool,
}

/// Computes the shortest sequence of the agent's operations that takes `current` to `target`,
/// each step checked with the forms' rules against the state the earlier steps leave, and with a
/// majority of the FULL replicas kept after every step.
pub fn plan(
    current: &TenantReplicas,
    target: &Placement,
    topo: &impl Topology,
) -> Result<Plan, PlanRefusal> {
    if target.is_reached_by(current) {
        return Ok(Plan::default());
    }
    if !target.zones.iter().any(|z| z.replica_type == FULL) {
        return Err(PlanRefusal::NoFullReplica);
    }
    target
        .check_target(current, topo)
        .map_err(PlanRefusal::Target)?;
    let unit_num_moves = target.unit_num != current.unit_num;
    let deletes = current.locality.zones().any(|z| target.get(z).is_none());
    let mut orders = Vec::new();
    for unit_num_last in [false, true] {
        if unit_num_last && !(unit_num_moves && deletes) {
            continue;
        }
        for primary_zone_early in [false, true] {
            orders.push(Order {
                primary_zone_early,
                unit_num_last,
            });
        }
    }
    let mut first_refusal = None;
    let mut best: Option<Plan> = None;
    for order in orders {
        match build(current, target, topo, order) {
            Ok(p) if best.as_ref().is_none_or(|b| p.steps.len() < b.steps.len()) => {
                best = Some(p);
            }
            Ok(_) => {}
            Err(refusal) => {
                first_refusal.get_or_insert(refusal);
            }
        }
    }
    match (best, first_refusal) {
        (Some(p), _) => Ok(p),
        (None, Some(refusal)) => Err(refusal),
        (None, None) => unreachable!("at least one order is tried"),
    }
}

struct Builder<'a, T: Topology> {
    state: TenantReplicas,
    steps: Vec<Step>,
    topo: &'a T,
}

impl<T: Topology> Builder<'_, T> {
    fn push(&mut self, op: Operation) -> Result<(), PlanRefusal> {
        let step = make_step(&self.state, op.clone(), self.topo).map_err(|violation| {
            PlanRefusal::StepRefused {
                step: self.steps.len() + 1,
                operation: op,
                violation,
            }
        })?;
        if !step.preview.majority_kept {
            return Err(PlanRefusal::MajorityLost {
                zones: lost_full(&self.state, &step.after),
                full_before: step.preview.full_before,
            });
        }
        self.state = step.after.clone();
        self.steps.push(step);
        Ok(())
    }

    /// The zones `target` drops, in the tenant's order.
    fn leaving(&self, target: &Placement) -> Vec<String> {
        self.state
            .locality
            .zones()
            .filter(|z| target.get(z).is_none())
            .map(str::to_owned)
            .collect()
    }

    fn adds(&mut self, target: &Placement) -> Result<(), PlanRefusal> {
        let adds: Vec<AddZone> = target
            .zones
            .iter()
            .filter(|z| !self.state.locality.contains(&z.zone))
            .map(|z| AddZone {
                name: z.zone.clone(),
                replica_type: z.replica_type.clone(),
                unit_config_name: z.unit_config.clone(),
                unit_num: self.state.unit_num,
            })
            .collect();
        if adds.is_empty() {
            return Ok(());
        }
        self.push(Operation::AddReplicas(adds))
    }

    fn primary_zone(&mut self, target: &Placement) -> Result<(), PlanRefusal> {
        let want = target.normalised_primary_zone();
        let leaving = self.leaving(target);
        let names_leaving = crate::plan::primary_zone_zones(&self.state.primary_zone)
            .into_iter()
            .any(|z| leaving.iter().any(|l| l == z));
        if primary_zone_reached(&self.state.primary_zone, &want) && !names_leaving {
            return Ok(());
        }
        self.push(Operation::SetPrimaryZone(want))
    }

    /// Type and unit-config changes of the zones that stay (and the unit number, unless it comes
    /// last): everything in the first call, except FULL→READONLY changes, which go a majority's
    /// worth at a time.
    fn modifies(&mut self, target: &Placement, with_unit_num: bool) -> Result<(), PlanRefusal> {
        let mut entries: Vec<ModifyZone> = Vec::new();
        let mut demoted: Vec<ModifyZone> = Vec::new();
        for (zone, kind) in self.state.locality.iter() {
            let Some(want) = target.get(zone) else {
                continue;
            };
            let entry = ModifyZone {
                zone_name: zone.to_owned(),
                replica_type: (want.replica_type != kind).then(|| want.replica_type.clone()),
                unit_config_name: (self.state.unit_config_of(zone)
                    != Some(want.unit_config.as_str()))
                .then(|| want.unit_config.clone()),
                unit_num: None,
            };
            if kind == FULL && want.replica_type == READONLY {
                demoted.push(entry);
            } else if entry.replica_type.is_some() || entry.unit_config_name.is_some() {
                entries.push(entry);
            }
        }
        if with_unit_num && target.unit_num != self.state.unit_num {
            self.with_unit_num(&mut entries, target.unit_num);
        }
        while !entries.is_empty() || !demoted.is_empty() {
            let full = self.state.locality.full_count();
            let take = max_full_removed(full).min(demoted.len());
            if take == 0 && entries.is_empty() {
                return Err(PlanRefusal::MajorityLost {
                    zones: demoted.into_iter().map(|e| e.zone_name).collect(),
                    full_before: full,
                });
            }
            for e in demoted.drain(..take) {
                match entries.iter_mut().find(|x| x.zone_name == e.zone_name) {
                    // The unit number's entry for the same zone: one entry per zone.
                    Some(x) => {
                        x.replica_type = e.replica_type;
                        x.unit_config_name = e.unit_config_name;
                    }
                    None => entries.push(e),
                }
            }
            let mut call = std::mem::take(&mut entries);
            self.in_tenant_order(&mut call);
            self.push(Operation::ModifyReplicas(call))?;
        }
        Ok(())
    }

    /// Gives the new unit number on an entry for every replica zone (the agent wants them all).
    fn with_unit_num(&self, entries: &mut Vec<ModifyZone>, unit_num: i64) {
        for zone in self.state.locality.zones() {
            match entries.iter_mut().find(|e| e.zone_name == zone) {
                Some(e) => e.unit_num = Some(unit_num),
                None => entries.push(ModifyZone {
                    zone_name: zone.to_owned(),
                    unit_num: Some(unit_num),
                    ..ModifyZone::default()
                }),
            }
        }
    }

    fn in_tenant_order(&self, entries: &mut [ModifyZone]) {
        let order: Vec<&str> = self.state.locality.zones().collect();
        crate::sort::by_key(entries, |e| order.iter().position(|z| *z == e.zone_name));
    }

    /// READONLY replicas go with the first call; FULL ones a majority's worth at a time.
    fn deletes(&mut self, target: &Placement) -> Result<(), PlanRefusal> {
        let leaving = self.leaving(target);
        let (mut full, mut others): (Vec<String>, Vec<String>) = leaving
            .into_iter()
            .partition(|z| self.state.locality.get(z) == Some(FULL));
        while !full.is_empty() || !others.is_empty() {
            let count = self.state.locality.full_count();
            let take = max_full_removed(count).min(full.len());
            if take == 0 && others.is_empty() {
                return Err(PlanRefusal::MajorityLost {
                    zones: full,
                    full_before: count,
                });
            }
            let mut zones = std::mem::take(&mut others);
            zones.extend(full.drain(..take));
            self.push(Operation::DeleteReplicas(zones))?;
        }
        Ok(())
    }

    fn unit_num_alone(&mut self, target: &Placement) -> Result<(), PlanRefusal> {
        if target.unit_num == self.state.unit_num {
            return Ok(());
        }
        let mut entries = Vec::new();
        self.with_unit_num(&mut entries, target.unit_num);
        self.push(Operation::ModifyReplicas(entries))
    }
}

fn build(
    current: &TenantReplicas,
    target: &Placement,
    topo: &impl Topology,
    order: Order,
) -> Result<Plan, PlanRefusal> {
    let mut b = Builder {
        state: current.clone(),
        steps: Vec::new(),
        topo,
    };
    b.adds(target)?;
    if order.primary_zone_early {
        b.primary_zone(target)?;
    }
    b.modifies(target, !order.unit_num_last)?;
    if !order.primary_zone_early {
        b.primary_zone(target)?;
    }
    b.deletes(target)?;
    if order.unit_num_last {
        b.unit_num_alone(target)?;
    }
    if !target.is_reached_by(&b.state) {
        return Err(PlanRefusal::Unreachable {
            zone: None,
            reason: format!(
                "the steps end at {} (primary zone {}, {} units), not at the target",
                b.state.locality.to_ob_string(),
                b.state.primary_zone,
                b.state.unit_num
            ),
        });
    }
    Ok(Plan { steps: b.steps })
}

/// Zones FULL in `before` and not in `after`.
fn lost_full(before: &TenantReplicas, after: &TenantReplicas) -> Vec<String> {
    before
        .locality
        .iter()
        .filter(|(z, k)| *k == FULL && after.locality.get(z) != Some(FULL))
        .map(|(z, _)| z.to_owned())
        .collect()
}
