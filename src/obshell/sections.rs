//! The agent's sections (cluster, tenants, tasks, changes), named once: in the bar's
//! navigation and in the breadcrumb of every page below them (docs/design.md).

use crate::core::i18n::fill;
use crate::obshell::links::ObshellLinks;
use crate::ui::components::{Crumb, Section};

crate::texts! {
    /// The agent's sections.
    mod tx {
        cluster: "Cluster" => "集群",
        tenants: "Tenants" => "租户",
        tenant: "Tenant {0}" => "租户 {0}",
        tasks: "Tasks" => "任务",
        changes: "Changes" => "变更",
    }
}

/// The bar's navigation.
pub fn nav(links: &ObshellLinks) -> Vec<Section> {
    vec![
        Section::new(|| tx::t().cluster, links.cluster()),
        Section::new(|| tx::t().tenants, links.tenants(&[])),
        Section::new(|| tx::t().tasks, links.tasks(&[])),
        Section::new(|| tx::t().changes, links.plans()),
    ]
}

pub fn cluster(links: &ObshellLinks) -> Crumb {
    Crumb::new(|| tx::t().cluster.to_owned(), links.cluster())
}

pub fn tenants(links: &ObshellLinks) -> Crumb {
    Crumb::new(|| tx::t().tenants.to_owned(), links.tenants(&[]))
}

/// The tenants, then the tenant: the trail of a page about one tenant.
pub fn tenant(links: &ObshellLinks, name: &str) -> Vec<Crumb> {
    let named = name.to_owned();
    vec![
        tenants(links),
        Crumb::new(move || fill(tx::t().tenant, &[&named]), links.tenant(name)),
    ]
}

/// "Tenant logs": a tenant's page title and its breadcrumb.
pub fn tenant_title(name: &str) -> String {
    fill(tx::t().tenant, &[&name])
}

pub fn tasks(links: &ObshellLinks) -> Crumb {
    Crumb::new(|| tx::t().tasks.to_owned(), links.tasks(&[]))
}

pub fn changes(links: &ObshellLinks) -> Crumb {
    Crumb::new(|| tx::t().changes.to_owned(), links.plans())
}
