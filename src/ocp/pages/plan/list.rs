//! The offer to resume OCP plans left unfinished in this browser, on the clusters page (every
//! plan of this backend) and on a tenant's page (that tenant's).

use leptos::prelude::*;
use obshell_protocol::ocp::plan::{OcpChange, OcpExpect, OcpGoal, OcpPlanDoc};

use crate::core::i18n::fill;
use crate::core::plan::store;
use crate::ocp::expect_ocp;

crate::texts! {
    /// OCP plans left unfinished.
    mod tx {
        tenant: "tenant {0}" => "租户 {0}",
        moved: "tenant {0}: move {1} → {2}" => "租户 {0}：{1} → {2}",
    }
}

fn plan_name(d: &OcpPlanDoc) -> String {
    let g = &d.goal;
    match &g.moved {
        Some((from, to)) => fill(tx::t().moved, &[&g.tenant, from, to]),
        None => fill(tx::t().tenant, &[&g.tenant]),
    }
}

/// An offer per open plan of this OCP (of tenant `tenant` only, when given).
#[component]
pub fn OcpOpenPlans(#[prop(optional)] tenant: Option<i64>) -> impl IntoView {
    let ocp = expect_ocp();
    let links = ocp.links();
    store::load_all::<OcpGoal, OcpChange, OcpExpect>(&ocp.name())
        .into_iter()
        .filter(|d| d.is_open() && tenant.is_none_or(|t| d.goal.tenant_id == t))
        .map(|d| {
            let href = links.plan(&d.id);
            let (done, total) = (d.done(), d.steps.len());
            let what = Signal::derive(move || plan_name(&d));
            view! { <crate::ui::plan::ResumeOffer what=what done=done total=total href=href/> }
        })
        .collect_view()
}
