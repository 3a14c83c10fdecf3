//! Placement, drawn (the tenants page's "Placement" view): one row per tenant, one column per
//! zone grouped by region, each cell the tenant's replica there with its unit config and unit
//! number, the primary zone's first priority marked. Built from one `obcluster/info`
//! (docs/protocol/obshell.md §4.2), which carries the zones with their regions and every tenant
//! with its locality, primary zone and pools.

use leptos::prelude::*;
use obshell_protocol::obshell::model::cluster_info::ClusterInfo;
use obshell_protocol::obshell::model::tenant::TenantInfo;
use obshell_protocol::obshell::replica::Locality;

use crate::core::i18n::{fill, format::capacity};

/// A region and its zones, in the agent's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    pub name: String,
    pub zones: Vec<String>,
}

/// One tenant's replica in one zone.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    /// FULL, READONLY…; `None`: no replica there.
    pub kind: Option<String>,
    /// The unit config's name, CPU and memory, and the unit number, when a pool names the zone.
    pub unit: Option<(String, f64, i64, i64)>,
    /// The zone is in the primary zone's first priority.
    pub first: bool,
}

/// One tenant's row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub tenant: String,
    pub status: String,
    pub locked: bool,
    pub primary_zone: String,
    pub cells: Vec<Cell>,
}

/// The regions (columns) of the cluster.
pub fn regions(info: &ClusterInfo) -> Vec<Region> {
    let mut out: Vec<Region> = Vec::new();
    for z in &info.zones {
        match out.iter_mut().find(|r| r.name == z.region_name) {
            Some(r) => r.zones.push(z.name.clone()),
            None => out.push(Region {
                name: z.region_name.clone(),
                zones: vec![z.name.clone()],
            }),
        }
    }
    out
}

/// The zones of the primary zone's first priority (none for `RANDOM` or an empty one).
fn first_priority(primary_zone: &str) -> Vec<&str> {
    let pz = primary_zone.trim();
    if pz.is_empty() || pz.eq_ignore_ascii_case("RANDOM") {
        return Vec::new();
    }
    pz.split(';')
        .next()
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .collect()
}

/// A tenant's row over `zones` (the columns, in order).
pub fn row(t: &TenantInfo, zones: &[&str]) -> Row {
    let locality = Locality::parse(&t.locality).unwrap_or_default();
    let first = first_priority(&t.primary_zone);
    let cells = zones
        .iter()
        .map(|zone| {
            let pool = t
                .pools
                .iter()
                .find(|p| p.zone_list.split(';').any(|z| z.trim() == *zone));
            Cell {
                kind: locality.get(zone).map(str::to_owned),
                unit: pool.map(|p| {
                    let c = &p.unit_config;
                    (c.name.clone(), c.max_cpu, c.memory_size, p.unit_num)
                }),
                first: first.contains(zone),
            }
        })
        .collect();
    Row {
        tenant: t.tenant_name.clone(),
        status: t.status.clone(),
        locked: t.locked == "YES",
        primary_zone: t.primary_zone.clone(),
        cells,
    }
}

crate::texts! {
    /// The placement matrix.
    pub mod tx {
        caption: "Where each tenant's replicas are: one column per zone, by region; ★ marks the primary zone's first priority." => "各租户副本所在位置：每个 Zone 一列，按 Region 分组；★ 表示 Primary Zone 的第一优先级。",
        name: "Placement of the tenants' replicas" => "租户副本分布",
        tenant: "tenant" => "租户",
        region: "region {0}" => "Region {0}",
        none: "no replica" => "无副本",
        cell: "{0} in {1}: {2}" => "{0} 在 {1}：{2}",
        unit: "{0} replica, unit config {1} ({2} CPU, {3} memory), {4} unit(s)" => "{0} 副本，资源规格 {1}（{2} 核 CPU，{3} 内存），{4} 个资源单元",
        kind_only: "{0} replica" => "{0} 副本",
        first: ", first priority of the primary zone" => "，Primary Zone 第一优先级",
    }
}

fn cell_words(row: &Row, zone: &str, cell: &Cell) -> String {
    let t = tx::t();
    let what = match (&cell.kind, &cell.unit) {
        (None, _) => t.none.to_owned(),
        (Some(kind), Some((name, cpu, memory, units))) => fill(
            t.unit,
            &[
                kind,
                name,
                &crate::core::i18n::format::number(*cpu),
                &capacity(*memory),
                units,
            ],
        ),
        (Some(kind), None) => fill(t.kind_only, &[kind]),
    };
    let first = if cell.first && cell.kind.is_some() {
        t.first
    } else {
        ""
    };
    format!("{}{first}", fill(t.cell, &[&row.tenant, &zone, &what]))
}

/// The matrix: `regions` as the columns' header, `rows` one per tenant, each linked by `href`.
#[component]
pub fn PlacementMatrix(
    regions: Vec<Region>,
    rows: Vec<Row>,
    href: Callback<String, String>,
) -> impl IntoView {
    let zones: Vec<String> = regions.iter().flat_map(|r| r.zones.clone()).collect();
    let head_regions = regions
        .iter()
        .map(|r| {
            let (name, span) = (r.name.clone(), r.zones.len());
            view! { <th scope="colgroup" colspan=span>{move || fill(tx::t().region, &[&name])}</th> }
        })
        .collect_view();
    let head_zones = zones
        .iter()
        .map(|z| view! { <th scope="col">{z.clone()}</th> })
        .collect_view();
    let body = rows
        .into_iter()
        .map(|row| {
            let cells = zones
                .iter()
                .zip(row.cells.iter())
                .map(|(zone, cell)| {
                    let words = {
                        let (row, zone, cell) = (row.clone(), zone.clone(), cell.clone());
                        move || cell_words(&row, &zone, &cell)
                    };
                    let class = match cell.kind.as_deref() {
                        Some("FULL") => "replica replica-full",
                        Some(_) => "replica replica-other",
                        None => "replica replica-none",
                    };
                    let label = cell.kind.clone().unwrap_or_else(|| "·".to_owned());
                    let mark = (cell.first && cell.kind.is_some()).then_some(" ★");
                    view! {
                        <td data-testid="placement-cell">
                            <span class=class tabindex="0" role="img" aria-label=words.clone() data-tip=words>{label}{mark}</span>
                        </td>
                    }
                })
                .collect_view();
            let link = href.run(row.tenant.clone());
            view! {
                <tr data-testid="placement-row">
                    <th scope="row"><a href=link>{row.tenant.clone()}</a></th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="muted">{move || tx::t().caption}</p>
        <div class="scroll-x">
            <table class="placement-matrix" data-testid="placement-matrix">
                <caption class="sr-only">{move || tx::t().name}</caption>
                <thead>
                    <tr><td></td>{head_regions}</tr>
                    <tr><th scope="col">{move || tx::t().tenant}</th>{head_zones}</tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info() -> ClusterInfo {
        let zone = |name: &str, region: &str| {
            serde_json::json!({"name": name, "idc_name": "", "region_name": region, "status": "ACTIVE",
                "inner_status": "", "root_server": null, "servers": []})
        };
        let config = serde_json::json!({"unit_config_id": 1, "name": "c2", "max_cpu": 2.0, "min_cpu": 2.0,
            "memory_size": 8_589_934_592i64, "log_disk_size": 0, "max_iops": 0, "min_iops": 0, "iops_weight": 0,
            "create_time": "", "modify_time": ""});
        let tenant = serde_json::json!({"tenant_name": "orders", "tenant_id": 1002, "created_time": "", "mode": "MYSQL",
            "status": "NORMAL", "locked": "NO", "in_recyclebin": "NO", "primary_zone": "zone2,zone1;zone3",
            "locality": "FULL{1}@zone1, FULL{1}@zone2, READONLY{1}@zone3", "charset": "", "collation": "",
            "whitelist": "", "read_only": false, "time_zone": "", "lower_case_table_names": "",
            "dead_lock_detection_enabled": false,
            "pools": [{"pool_name": "p1", "pool_id": 1, "zone_list": "zone1;zone2", "observer_list": "", "unit_num": 2, "unit_config": config}]});
        serde_json::from_value(serde_json::json!({"cluster_name": "c", "cluster_id": 1, "status": "RUNNING",
            "is_community_edition": true, "is_standalone": false, "ob_version": "", "dead_lock_detection_enabled": false,
            "startup_mode": "", "is_shared_storage": false, "stats": {"cpu_core_total": 0.0, "cpu_core_assigned": 0.0,
            "cpu_core_assigned_percent": 0.0, "memory_total": "", "memory_assigned": "", "memory_in_bytes_total": 0,
            "memory_in_bytes_assigned": 0, "memory_assigned_percent": 0.0, "disk_total": "", "disk_assigned": "",
            "disk_in_bytes_total": 0, "disk_in_bytes_assigned": 0, "disk_assigned_percent": 0.0},
            "zones": [zone("zone1", "hz"), zone("zone3", "sh"), zone("zone2", "hz"), zone("zone4", "sh")],
            "tenants": [tenant]}))
        .expect("cluster info")
    }

    #[test]
    fn zones_are_grouped_by_region_and_each_cell_is_the_replica_there() {
        let info = info();
        let regions = regions(&info);
        assert_eq!(
            regions,
            [
                Region {
                    name: "hz".into(),
                    zones: vec!["zone1".into(), "zone2".into()]
                },
                Region {
                    name: "sh".into(),
                    zones: vec!["zone3".into(), "zone4".into()]
                },
            ]
        );
        let zones: Vec<&str> = regions
            .iter()
            .flat_map(|r| r.zones.iter().map(String::as_str))
            .collect();
        let r = row(&info.tenants[0], &zones);
        let kinds: Vec<Option<&str>> = r.cells.iter().map(|c| c.kind.as_deref()).collect();
        assert_eq!(kinds, [Some("FULL"), Some("FULL"), Some("READONLY"), None]);
        let firsts: Vec<bool> = r.cells.iter().map(|c| c.first).collect();
        assert_eq!(firsts, [true, true, false, false]);
        assert_eq!(r.cells[0].unit, Some(("c2".into(), 2.0, 8_589_934_592, 2)));
        // zone3's pool is not listed: the replica is shown without a unit.
        assert_eq!(r.cells[2].unit, None);
        assert_eq!(first_priority("RANDOM"), Vec::<&str>::new());
    }
}
