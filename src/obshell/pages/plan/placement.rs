//! The placement after each step, side by side: per tenant of the plan, one column per step
//! (and "now" when the plan knows it), one row per zone with the replica there, then the FULL
//! count and whether a majority of the FULL replicas before the step is kept.

use leptos::prelude::*;
use obshell_protocol::obshell::plan::{Expect, Goal, PlanDoc};
use obshell_protocol::obshell::replica::Locality;

use crate::core::i18n::fill;

crate::texts! {
    /// The placement table of a plan.
    mod tx {
        caption: "Placement of tenant {0} after each step" => "租户 {0} 每一步之后的副本分布",
        now: "now" => "当前",
        step: "step {0}" => "第 {0} 步",
        zone: "zone" => "Zone",
        none: "–" => "–",
        full: "FULL replicas" => "全能型副本数",
        majority: "majority kept" => "保有多数派",
        primary_zone: "primary zone" => "Primary Zone",
        yes: "yes" => "是",
        no: "no" => "否",
    }
}

/// One column: its heading (a step number, or `None` for "now") and the state it shows.
#[derive(Debug, Clone, PartialEq)]
struct Column {
    step: Option<usize>,
    locality: Locality,
    primary_zone: String,
}

/// Each tenant's columns, in the order the plan first names the tenants.
fn tables(doc: &PlanDoc) -> Vec<(String, Vec<Column>)> {
    let mut out: Vec<(String, Vec<Column>)> = Vec::new();
    if let (
        Goal::Tenant { tenant, .. },
        Some(Expect::Tenant {
            locality,
            primary_zone,
            ..
        }),
    ) = (&doc.goal, &doc.start)
    {
        out.push((
            tenant.clone(),
            vec![Column {
                step: None,
                locality: Locality::parse(locality).unwrap_or_default(),
                primary_zone: primary_zone.clone(),
            }],
        ));
    }
    for (i, step) in doc.steps.iter().enumerate() {
        let (
            Some(tenant),
            Expect::Tenant {
                locality,
                primary_zone,
                ..
            },
        ) = (step.change.tenant(), &step.expect)
        else {
            continue;
        };
        let column = Column {
            step: Some(i + 1),
            locality: Locality::parse(locality).unwrap_or_default(),
            primary_zone: primary_zone.clone(),
        };
        match out.iter_mut().find(|(t, _)| t == tenant) {
            Some((_, columns)) => columns.push(column),
            None => out.push((tenant.to_owned(), vec![column])),
        }
    }
    out
}

/// The zones of every column, in the order they first appear.
fn zones(columns: &[Column]) -> Vec<String> {
    let mut zones: Vec<String> = Vec::new();
    for c in columns {
        for z in c.locality.zones() {
            if !zones.iter().any(|x| x == z) {
                zones.push(z.to_owned());
            }
        }
    }
    zones
}

fn table(tenant: String, columns: Vec<Column>) -> impl IntoView {
    let t = tx::t();
    let heads = columns
        .iter()
        .map(|c| {
            let text = c
                .step
                .map_or_else(|| t.now.to_owned(), |n| fill(t.step, &[&n]));
            view! { <th scope="col">{text}</th> }
        })
        .collect_view();
    let rows = zones(&columns)
        .into_iter()
        .map(|zone| {
            let cells = columns
                .iter()
                .map(|c| {
                    let kind = c.locality.get(&zone).unwrap_or(t.none).to_owned();
                    let class = format!("replica replica-{}", kind.to_ascii_lowercase());
                    view! { <td class=class>{kind}</td> }
                })
                .collect_view();
            view! { <tr><th scope="row">{zone}</th>{cells}</tr> }
        })
        .collect_view();
    let full = columns
        .iter()
        .map(|c| view! { <td>{c.locality.full_count()}</td> })
        .collect_view();
    let majority = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let kept = i == 0 || {
                let before = columns[i - 1].locality.full_count();
                let after = c.locality.full_count();
                after >= before || after * 2 > before
            };
            view! { <td class=if kept { "ok" } else { "error" }>{if kept { t.yes } else { t.no }}</td> }
        })
        .collect_view();
    let primary = columns
        .iter()
        .map(|c| view! { <td class="mono">{c.primary_zone.clone()}</td> })
        .collect_view();
    view! {
        <div class="scroll-x"><table class="placement" data-testid="plan-placement">
            <caption>{fill(t.caption, &[&tenant])}</caption>
            <thead><tr><th scope="col">{t.zone}</th>{heads}</tr></thead>
            <tbody>
                {rows}
                <tr><th scope="row">{t.full}</th>{full}</tr>
                <tr><th scope="row">{t.majority}</th>{majority}</tr>
                <tr><th scope="row">{t.primary_zone}</th>{primary}</tr>
            </tbody>
        </table></div>
    }
}

/// The placement tables of `doc` (nothing for a plan without tenant steps).
#[component]
pub fn PlacementTables(doc: Signal<PlanDoc>) -> impl IntoView {
    move || {
        doc.with(tables)
            .into_iter()
            .map(|(tenant, columns)| table(tenant, columns))
            .collect_view()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use obshell_protocol::obshell::plan::{Change, Operation, PlanStep, StepState, FORMAT};

    fn step(tenant: &str, locality: &str) -> PlanStep {
        PlanStep {
            change: Change::Tenant {
                tenant: tenant.into(),
                operation: Operation::DeleteReplicas(vec!["z1".into()]),
            },
            expect: Expect::Tenant {
                locality: locality.into(),
                unit_num: 1,
                primary_zone: "z2".into(),
                unit_configs: Default::default(),
            },
            state: StepState::Pending,
        }
    }

    #[test]
    fn one_table_per_tenant_with_its_steps_in_order() {
        let doc = PlanDoc {
            format: FORMAT,
            id: "x".into(),
            backend: "agent".into(),
            goal: Goal::ScaleOuts,
            created_at: 0,
            start: None,
            steps: vec![
                step("a", "FULL{1}@z1, FULL{1}@z2, FULL{1}@z3"),
                step("b", "FULL{1}@z2"),
                step("a", "FULL{1}@z2, FULL{1}@z3"),
            ],
            paused: false,
            abandoned: false,
        };
        let t = tables(&doc);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].0, "a");
        let steps: Vec<Option<usize>> = t[0].1.iter().map(|c| c.step).collect();
        assert_eq!(steps, [Some(1), Some(3)]);
        assert_eq!(zones(&t[0].1), ["z1", "z2", "z3"]);
        assert_eq!(t[1].1[0].step, Some(2));
    }
}
