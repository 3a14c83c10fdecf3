//! This backend's plans kept in the browser, newest first, and the offer to resume the ones
//! left open (shown on the cluster page once connected).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::ui::components::PageHeader;
use obshell_protocol::obshell::plan::{Change, Goal, PlanDoc, Progress};

use crate::core::i18n::fill;
use crate::core::plan::store;
use crate::obshell::context::expect_obshell;

crate::texts! {
    /// The plans list.
    pub(super) mod tx {
        title: "Change plans" => "变更计划",
        none: "No plan is kept in this browser for this backend. Plan a change from a tenant's page (Plan a change…), a zone of the cluster (Drain…), or add several servers." => "此浏览器中没有此后端的计划。可在租户页面（规划变更…）、集群的 Zone（清空…）规划变更，或添加多台服务器。",
        add_servers: "Add several servers…" => "添加多台服务器…",
        tenant: "Tenant {0}" => "租户 {0}",
        moved: "Tenant {0}: move {1} → {2}" => "租户 {0}：{1} → {2}",
        scale_outs: "Add servers {0}" => "添加服务器 {0}",
        drain: "Drain zone {0} ({1} tenant(s))" => "清空 Zone {0}（{1} 个租户）",
        done: "{0}/{1} steps" => "{0}/{1} 步",
        open: "not finished" => "未完成",
        finished: "finished" => "已完成",
        abandoned: "abandoned" => "已放弃",
    }
}

/// What a plan is for, in words (tracked).
pub fn plan_name(doc: &PlanDoc) -> String {
    let t = tx::t();
    match &doc.goal {
        Goal::Tenant {
            tenant,
            moved: Some((from, to)),
            ..
        } => fill(t.moved, &[tenant, from, to]),
        Goal::Tenant { tenant, .. } => fill(t.tenant, &[tenant]),
        Goal::ScaleOuts => fill(t.scale_outs, &[&scale_out_hosts(doc)]),
        Goal::Drain { zone, tenants, .. } => fill(t.drain, &[zone, &tenants.len()]),
    }
}

/// The hosts a plan of scale-outs adds, in order: "10.0.4.1, 10.0.4.2".
pub fn scale_out_hosts(doc: &PlanDoc) -> String {
    doc.steps
        .iter()
        .filter_map(|s| match &s.change {
            Change::ScaleOut { ip, .. } => Some(ip.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn state_word(doc: &PlanDoc) -> &'static str {
    let t = tx::t();
    match doc.progress() {
        Progress::Finished => t.finished,
        Progress::Abandoned => t.abandoned,
        _ => t.open,
    }
}

#[component]
pub fn PlansPage() -> impl IntoView {
    let links = expect_obshell().links;
    let docs = store::load_all(links.name());
    let empty = docs.is_empty();
    let add_servers = links.scale_outs();
    view! {
        <section class="plans">
            <PageHeader title=Signal::derive(|| tx::t().title.to_owned())>
                <A href=add_servers><span class="button secondary">{move || tx::t().add_servers}</span></A>
            </PageHeader>
            {empty.then(|| view! { <p class="muted">{move || tx::t().none}</p> })}
            <ul data-testid="plans">
                {docs.into_iter().map(|d| {
                    let href = links.plan(&d.id);
                    let (d2, d3) = (d.clone(), d.clone());
                    view! {
                        <li><a href=href>{move || plan_name(&d)}</a>" · "
                            {move || fill(tx::t().done, &[&d2.done(), &d2.steps.len()])}" · "{move || state_word(&d3)}</li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The offer to resume this backend's open plans (nothing when there is none).
#[component]
pub fn OpenPlans() -> impl IntoView {
    let links = expect_obshell().links;
    let open: Vec<PlanDoc> = store::load_all(links.name())
        .into_iter()
        .filter(PlanDoc::is_open)
        .collect();
    open.into_iter()
        .map(|d| {
            view! {
                <crate::ui::plan::ResumeOffer what={let d = d.clone(); Signal::derive(move || plan_name(&d))} done=d.done() total=d.steps.len() href=links.plan(&d.id)/>
            }
        })
        .collect_view()
}
