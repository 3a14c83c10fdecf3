//! OCP's sections (clusters, tasks), named once: in the bar's navigation and in the breadcrumb
//! of every page below them (docs/design.md).

use crate::core::i18n::fill;
use crate::ocp::OcpLinks;
use crate::ui::components::{Crumb, Section};

crate::texts! {
    /// OCP's sections.
    mod tx {
        clusters: "Clusters" => "集群",
        cluster: "Cluster {0}" => "集群 {0}",
        tenant: "Tenant {0}" => "租户 {0}",
        tasks: "Tasks" => "任务",
    }
}

/// The bar's navigation.
pub fn nav(links: &OcpLinks) -> Vec<Section> {
    vec![
        // Under `clusters`, not the home (a prefix of every OCP path), so that only the pages
        // of clusters mark it as the current section.
        Section::new(|| tx::t().clusters, links.clusters()),
        Section::new(|| tx::t().tasks, links.all_tasks()),
    ]
}

pub fn clusters(links: &OcpLinks) -> Crumb {
    Crumb::new(|| tx::t().clusters.to_owned(), links.clusters())
}

/// The clusters, then one cluster (named when the page knows its name, else by id).
pub fn cluster(links: &OcpLinks, id: i64, name: Option<&str>) -> Vec<Crumb> {
    let name = name.map_or_else(|| id.to_string(), str::to_owned);
    vec![
        clusters(links),
        Crumb::new(move || fill(tx::t().cluster, &[&name]), links.cluster(id)),
    ]
}

/// The clusters, the cluster, the tenant: the trail of a page about one tenant.
pub fn tenant(links: &OcpLinks, cluster: (i64, Option<&str>), tenant: (i64, &str)) -> Vec<Crumb> {
    let mut trail = self::cluster(links, cluster.0, cluster.1);
    let name = tenant.1.to_owned();
    trail.push(Crumb::new(
        move || fill(tx::t().tenant, &[&name]),
        links.tenant(cluster.0, tenant.0),
    ));
    trail
}

/// "Tenant logs": a tenant's page title and its breadcrumb.
pub fn tenant_title(name: &str) -> String {
    fill(tx::t().tenant, &[&name])
}

pub fn tasks(links: &OcpLinks) -> Crumb {
    Crumb::new(|| tx::t().tasks.to_owned(), links.all_tasks())
}
